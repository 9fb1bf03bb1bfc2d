// The libusb asynchronous bulk engine (see live_bulk.h). One thread: the loop below handles libusb
// events, and each completion is verified and resubmitted in its callback, so the queue never runs
// dry while the loop does its own work.
#include "usb/live_bulk.h"

#include <algorithm>
#include <ctime>
#include <fstream>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <libusb.h>

namespace usbcheck::usb {

namespace {

TransferOutcome outcome_of(libusb_transfer_status status) {
    switch (status) {
        case LIBUSB_TRANSFER_COMPLETED: return TransferOutcome::completed;
        case LIBUSB_TRANSFER_STALL: return TransferOutcome::stall;
        case LIBUSB_TRANSFER_TIMED_OUT: return TransferOutcome::timeout;
        case LIBUSB_TRANSFER_OVERFLOW: return TransferOutcome::babble;
        case LIBUSB_TRANSFER_CANCELLED: return TransferOutcome::cancelled;
        case LIBUSB_TRANSFER_NO_DEVICE: return TransferOutcome::no_device;
        case LIBUSB_TRANSFER_ERROR: return TransferOutcome::error;
    }
    return TransferOutcome::error;
}

double process_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

struct Engine;

struct Slot {
    Engine* engine = nullptr;
    size_t stream = 0;
    libusb_transfer* transfer = nullptr;
    unsigned char* buffer = nullptr;
    bool mapped = false;
    bool in_flight = false;
};

struct Stream {
    StreamAccount account;
    uint8_t endpoint;
    bool in;
    uint16_t max_packet;
    uint64_t submitted = 0;  // bytes handed to the device on this endpoint (for a --bytes run)
};

struct Engine {
    libusb_device_handle* handle = nullptr;
    const ThroughputPlan* plan = nullptr;
    const Clock* clock = nullptr;
    std::vector<Stream> streams;
    std::vector<std::unique_ptr<Slot>> slots;
    bool stopping = false;
    Nanos last_completion{0};  // of a transfer that moved data
    Nanos last_event{0};       // of any completion
    bool io_error = false;     // a transfer ended with an I/O error (see device_gone)
    RunEnding ending = RunEnding::completed;
    std::string detail;

    // --bytes applies to each endpoint, so a loopback reads back all it wrote.
    bool more_to_submit(const Stream& stream) const {
        return !stopping && (plan->bytes == 0 || stream.submitted < plan->bytes);
    }
    size_t in_flight() const {
        size_t n = 0;
        for (const auto& s : slots) n += s->in_flight;
        return n;
    }
    void cancel_all() {
        for (const auto& s : slots)
            if (s->in_flight) libusb_cancel_transfer(s->transfer);
    }
    // Stops submitting. The first reason is the one reported. An error, a lost device or a signal
    // cancels what is in flight at once; the end of the run (and a signal during a loopback) lets
    // it drain (see the loop), so no transfer is cut in the middle: a cancelled OUT transfer
    // followed by the next one's start would leave a gap in the stream, which a loopback would
    // echo as corrupt data.
    void stop(RunEnding why, std::string text, bool drain) {
        if (ending == RunEnding::completed && why != RunEnding::completed) {
            ending = why;
            detail = std::move(text);
        }
        stopping = true;
        if (!drain) cancel_all();
    }
    // See batch_wait: the shortest wait over the streams, so that none of them runs dry.
    Nanos reap_wait(Nanos elapsed) const {
        Nanos wait = k_max_batch_wait;
        for (size_t s = 0; s < streams.size(); ++s) {
            uint64_t in_flight = 0;
            for (const auto& slot : slots)
                if (slot->stream == s && slot->in_flight) in_flight += static_cast<uint64_t>(slot->transfer->length);
            wait = std::min(wait, batch_wait(in_flight, streams[s].account.stats().bytes, elapsed));
        }
        return wait;
    }
    // Loopback: every byte written has come back, so what is still waiting on IN never will.
    bool echo_complete() const {
        uint64_t out = 0, in = 0;
        for (const auto& s : streams) (s.in ? in : out) += s.account.stats().bytes;
        for (const auto& s : slots)
            if (s->in_flight && !streams[s->stream].in) return false;
        return in >= out;
    }
    // Submits a slot's next transfer; false (and the run stopped) when the submission fails.
    bool submit(Slot& slot) {
        Stream& stream = streams[slot.stream];
        size_t length = plan->transfer_size;
        if (plan->bytes && plan->bytes - stream.submitted < length) {
            // The last transfer, rounded up to whole packets: reading part of a packet from a
            // streaming device would be babble.
            const size_t mps = std::max<size_t>(stream.max_packet, 1);
            length = (plan->bytes - stream.submitted + mps - 1) / mps * mps;
        }
        slot.transfer->length = static_cast<int>(length);
        if (!stream.in && plan->verify == Pattern::counter)
            stream.account.fill_next_out({slot.buffer, length});
        const int rc = libusb_submit_transfer(slot.transfer);
        if (rc != 0) {
            stop(rc == LIBUSB_ERROR_NO_DEVICE ? RunEnding::disconnected : RunEnding::failed,
                 fmt::format("submitting a transfer on endpoint 0x{:02x} failed: {}", stream.endpoint,
                             libusb_error_name(rc)),
                 false);
            return false;
        }
        slot.in_flight = true;
        stream.submitted += length;
        return true;
    }
};

// How long the end of a run waits for the transfers in flight before cancelling them.
constexpr Nanos k_drain_limit = std::chrono::milliseconds(500);

void LIBUSB_CALL on_complete(libusb_transfer* transfer) {
    auto& slot = *static_cast<Slot*>(transfer->user_data);
    Engine& e = *slot.engine;
    slot.in_flight = false;
    Stream& stream = e.streams[slot.stream];
    const auto outcome = outcome_of(transfer->status);
    const Nanos now = e.clock->now();
    e.last_event = now;
    if (transfer->actual_length > 0) e.last_completion = now;
    stream.account.completed(outcome, {transfer->buffer, static_cast<size_t>(std::max(transfer->actual_length, 0))},
                             static_cast<size_t>(transfer->length), now);
    switch (outcome) {
        case TransferOutcome::completed: break;
        case TransferOutcome::cancelled: return;
        case TransferOutcome::no_device: e.stop(RunEnding::disconnected, "the device disconnected", false); return;
        case TransferOutcome::stall:
        case TransferOutcome::timeout:
        case TransferOutcome::babble:
        case TransferOutcome::error: {
            static constexpr const char* names[] = {"", "a stall", "a timeout", "babble", "an I/O error"};
            if (outcome == TransferOutcome::error) e.io_error = true;
            e.stop(RunEnding::failed,
                   fmt::format("{} on endpoint 0x{:02x}", names[static_cast<int>(outcome)], stream.endpoint), false);
            return;
        }
    }
    if (e.more_to_submit(stream)) e.submit(slot);
}

// Whether the device has left the bus: GET_STATUS answers LIBUSB_ERROR_NO_DEVICE once the kernel
// has processed the disconnect; other errors (the port going down) are retried for up to ~1.5 s,
// and an answer means the device is still there.
bool device_gone(libusb_device_handle* handle) {
    for (int attempt = 0; attempt < 10; ++attempt) {
        unsigned char status[2];
        const int rc = libusb_control_transfer(handle, 0x80, 0x00 /* GET_STATUS */, 0, 0, status, sizeof status, 100);
        if (rc == LIBUSB_ERROR_NO_DEVICE) return true;
        if (rc >= 0) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

}  // namespace

uint64_t BulkSession::usbfs_memory_limit() {
    std::ifstream in("/sys/module/usbcore/parameters/usbfs_memory_mb");
    uint64_t mb = 16;
    in >> mb;  // absent (no usbcore module parameters): the kernel default
    return mb << 20;  // devio.c: usbfs_memory_mb << 20; 0 = unlimited
}

tl::expected<std::unique_ptr<BulkSession>, std::string> BulkSession::open(LiveDevice& device, uint8_t interface_number,
                                                                          uint8_t alternate) {
    std::unique_ptr<BulkSession> session(new BulkSession(device, interface_number, alternate));
    libusb_device_handle* handle = device.native_handle();
    const std::string where = fmt::format("interface {} of {}", interface_number, device.info().path);
    if (libusb_kernel_driver_active(handle, interface_number) == 1) {
        const int rc = libusb_detach_kernel_driver(handle, interface_number);
        if (rc != 0) return tl::unexpected(fmt::format("cannot detach the kernel driver from {}: {}", where, libusb_error_name(rc)));
        session->m_detached = true;
    }
    if (const int rc = libusb_claim_interface(handle, interface_number); rc != 0)
        return tl::unexpected(fmt::format("cannot claim {}: {}{}", where, libusb_error_name(rc),
                                          rc == LIBUSB_ERROR_BUSY ? " (another program holds it)" : ""));
    if (alternate != 0)
        if (const int rc = libusb_set_interface_alt_setting(handle, interface_number, alternate); rc != 0)
            return tl::unexpected(fmt::format("cannot select alternate setting {} of {}: {}", alternate, where,
                                              libusb_error_name(rc)));
    return session;
}

BulkSession::~BulkSession() {
    libusb_device_handle* handle = m_device.native_handle();
    if (m_lost) return;
    libusb_release_interface(handle, m_interface);
    if (m_detached) libusb_attach_kernel_driver(handle, m_interface);
}

tl::expected<ThroughputResult, std::string> BulkSession::run(const ThroughputPlan& plan, const Clock& clock,
                                                             const BulkControl& control) {
    ThroughputResult result;
    result.plan = plan;
    result.speed = m_device.speed();
    Engine e;
    e.handle = m_device.native_handle();
    e.plan = &plan;
    e.clock = &clock;

    // A loopback device keeps what the last run wrote and did not read back; SET_INTERFACE makes
    // it drop its queues (f_loopback re-enables its endpoints), so the echo starts at offset 0.
    if (plan.direction == BulkDirection::loopback)
        if (const int rc = libusb_set_interface_alt_setting(m_device.native_handle(), m_interface, m_alternate); rc != 0) {
            const std::string failed = fmt::format("SET_INTERFACE before the loopback run failed: {}", libusb_error_name(rc));
            if (rc != LIBUSB_ERROR_NO_DEVICE) return tl::unexpected(failed);
            // Nothing is submitted (see below): the run is reported as one the disconnect cut short.
            e.stop(RunEnding::disconnected, "the device disconnected (" + failed + ")", false);
        }
    const bool want_in = plan.direction != BulkDirection::out;
    const bool want_out = plan.direction != BulkDirection::in;
    const Nanos start = clock.now();
    // OUT first, so that in a loopback the data is on its way before the reads wait for it.
    if (want_out) e.streams.push_back({StreamAccount(plan.out_endpoint, false, plan.verify, plan.out_max_packet,
                                                     plan.transfer_size, start, plan.interval),
                                       plan.out_endpoint, false, plan.out_max_packet});
    if (want_in) e.streams.push_back({StreamAccount(plan.in_endpoint, true, plan.verify, plan.in_max_packet,
                                                    plan.transfer_size, start, plan.interval),
                                      plan.in_endpoint, true, plan.in_max_packet});

    result.memory_mapped = true;
    auto release = [&] {
        for (auto& slot : e.slots) {
            if (slot->transfer) libusb_free_transfer(slot->transfer);
            if (slot->mapped) libusb_dev_mem_free(e.handle, slot->buffer, plan.transfer_size);
            else delete[] slot->buffer;
        }
        e.slots.clear();
    };
    for (size_t s = 0; s < e.streams.size(); ++s)
        for (unsigned q = 0; q < plan.queue; ++q) {
            auto slot = std::make_unique<Slot>();
            slot->engine = &e;
            slot->stream = s;
            // usbfs memory (mmap of the device node) saves the copy to user space.
            slot->buffer = libusb_dev_mem_alloc(e.handle, plan.transfer_size);
            slot->mapped = slot->buffer != nullptr;
            if (!slot->buffer) {
                slot->buffer = new (std::nothrow) unsigned char[plan.transfer_size];
                result.memory_mapped = false;
            }
            slot->transfer = libusb_alloc_transfer(0);
            if (!slot->buffer || !slot->transfer) {
                e.slots.push_back(std::move(slot));
                release();
                return tl::unexpected(fmt::format("cannot allocate {} transfers of {} bytes", plan.queue,
                                                  plan.transfer_size));
            }
            const Stream& stream = e.streams[s];
            // Patterns that do not depend on the offset are written once; counter at each submission.
            if (!stream.in && plan.verify != Pattern::counter)
                e.streams[s].account.fill_next_out({slot->buffer, plan.transfer_size});
            libusb_fill_bulk_transfer(slot->transfer, e.handle, stream.endpoint, slot->buffer,
                                      static_cast<int>(plan.transfer_size), on_complete, slot.get(), 0);
            e.slots.push_back(std::move(slot));
        }

    const double cpu_start = process_cpu_seconds();
    // Interleave the streams' first submissions so both directions start together.
    for (unsigned q = 0; q < plan.queue && !e.stopping; ++q)
        for (size_t s = 0; s < e.streams.size() && !e.stopping; ++s)
            if (e.more_to_submit(e.streams[s])) e.submit(*e.slots[s * plan.queue + q]);
    if (std::none_of(e.streams.begin(), e.streams.end(), [](const Stream& s) { return s.submitted > 0; })) {
        release();
        if (e.ending != RunEnding::disconnected)
            return tl::unexpected(e.detail.empty() ? "no transfer could be submitted" : e.detail);
        // The device left before anything moved (between two runs of the sweep, say): a run the
        // disconnect cut short, reported like any other, not an error without a report.
        m_lost = true;
        result.ending = e.ending;
        result.ending_detail = e.detail;
        for (const auto& stream : e.streams) result.streams.push_back(stream.account.stats());
        return result;
    }

    libusb_context* context = m_device.native_context();
    Nanos last_progress = start;
    Nanos drain_deadline{0};
    bool cancelled = false;
    uint64_t bytes_at_last_progress = 0;
    auto total_bytes = [&] {
        uint64_t n = 0;
        for (const auto& s : e.streams) n += s.account.stats().bytes;
        return n;
    };
    e.last_event = clock.now();
    const Nanos stuck_after = std::chrono::milliseconds(plan.timeout_ms);
    while (e.in_flight() > 0) {
        timeval tv{0, 20000};
        libusb_handle_events_timeout_completed(context, &tv, nullptr);
        const Nanos now = clock.now();
        // The transfer timeout is watched here rather than by libusb per transfer, which would
        // re-arm its timer at every submission: when nothing has completed for timeout_ms, every
        // transfer in flight has timed out.
        if (!cancelled && now - e.last_event >= stuck_after) {
            for (const auto& slot : e.slots)
                if (slot->in_flight) e.streams[slot->stream].account.stats().timeouts++;
            e.stop(RunEnding::failed, fmt::format("no transfer completed for {} ms", plan.timeout_ms), false);
            cancelled = true;
        }
        if (!e.stopping) {
            // A signal cancels what is in flight, except in a loopback, where it drains (see stop).
            if (control.stop && *control.stop)
                e.stop(RunEnding::interrupted, "interrupted by a signal", plan.direction == BulkDirection::loopback);
            else if (plan.duration.count() > 0 && now - start >= plan.duration) e.stop(RunEnding::completed, "", true);
            if (e.stopping) drain_deadline = now + k_drain_limit;
        }
        // Draining: what is in flight completes; a loopback's spare reads, and anything still
        // pending at the deadline, are cancelled.
        if (e.stopping && !cancelled && drain_deadline.count() > 0 &&
            (now >= drain_deadline || (plan.direction == BulkDirection::loopback && e.echo_complete()))) {
            e.cancel_all();
            cancelled = true;
        }
        if (control.progress && now - last_progress >= control.progress_period) {
            const uint64_t bytes = total_bytes();
            control.progress({now - start, bytes, megabytes_per_second(bytes - bytes_at_last_progress, now - last_progress)});
            last_progress = now;
            bytes_at_last_progress = bytes;
        }
        // Lets completions gather before reaping them together (see batch_wait). Not while
        // draining or cancelling: the end of the run is timed by its last completion.
        if (!e.stopping)
            if (const Nanos wait = e.reap_wait(now - start); wait.count() > 0) std::this_thread::sleep_for(wait);
    }
    // The measurement ends with the last transfer that moved data.
    const Nanos end = e.last_completion.count() ? e.last_completion : clock.now();
    // A device going away first fails the transfers in flight with I/O errors, and only later is
    // it reported gone: ask it before calling the run a failure.
    if (e.ending == RunEnding::failed && e.io_error && device_gone(e.handle)) {
        e.ending = RunEnding::disconnected;
        e.detail = "the device disconnected (" + e.detail + " first)";
    }
    result.cpu_seconds = process_cpu_seconds() - cpu_start;
    result.elapsed = end - start;
    result.ending = e.ending;
    result.ending_detail = e.detail;
    if (e.ending == RunEnding::disconnected) m_lost = true;
    for (auto& stream : e.streams) {
        stream.account.stats().series.finish(end);
        result.streams.push_back(stream.account.stats());
    }
    release();
    return result;
}

}  // namespace usbcheck::usb
