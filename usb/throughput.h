// Bulk throughput as data: what to run (ThroughputPlan), what one endpoint's stream saw
// (StreamAccount turns each completed transfer into counters, verified bytes and an interval
// series), and the statistics and bus ceilings the report quotes. Pure: the libusb engine
// (usb/live_bulk.cpp) feeds it, the tests feed it by hand with their own times.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "usb/bulk_pattern.h"
#include "usb/clock.h"
#include "usb/types.h"

namespace usbcheck::usb {

// in: read the IN endpoint. out: write the OUT endpoint. both: the two at once, independently.
// loopback: write OUT and read IN, which must return what was written (f_loopback).
enum class BulkDirection { in, out, both, loopback };
std::optional<BulkDirection> parse_direction(std::string_view text);
std::string_view to_string(BulkDirection direction);

struct ThroughputPlan {
    BulkDirection direction = BulkDirection::in;
    uint8_t interface_number = 0;
    uint8_t alternate = 0;
    uint8_t in_endpoint = 0, out_endpoint = 0;  // 0 = not used
    uint16_t in_max_packet = 0, out_max_packet = 0;
    size_t transfer_size = 0;  // bytes per transfer
    unsigned queue = 0;        // transfers in flight per endpoint
    Pattern verify = Pattern::none;
    Nanos duration{0};         // 0 with `bytes` set: run until `bytes` moved
    uint64_t bytes = 0;        // per endpoint, rounded up to whole packets; 0 = by duration
    Nanos interval = std::chrono::milliseconds(100);
    unsigned timeout_ms = 2000;  // per transfer; a device that stops answering is a timeout
};

// How one transfer ended (libusb's transfer status, named for the report).
enum class TransferOutcome { completed, stall, timeout, babble, error, cancelled, no_device };

// Bytes per interval since the start; the last, unfinished interval is kept apart.
class IntervalSeries {
public:
    IntervalSeries() = default;
    IntervalSeries(Nanos start, Nanos interval) : m_start(start), m_interval(interval) {}
    void add(uint64_t bytes, Nanos at);
    // Closes the series at `end`: intervals before it are complete.
    void finish(Nanos end);
    const std::vector<uint64_t>& buckets() const { return m_buckets; }
    size_t complete() const { return m_complete; }
    Nanos interval() const { return m_interval; }

private:
    Nanos m_start{0}, m_interval{std::chrono::milliseconds(100)};
    std::vector<uint64_t> m_buckets;
    size_t m_complete = 0;
};

struct RateSummary {
    double min = 0, median = 0, max = 0;  // MB/s over complete intervals
    size_t intervals = 0;
};
// MB/s in decimal units (10^6 bytes per second); 0 for an empty span of time.
double megabytes_per_second(uint64_t bytes, Nanos elapsed);
RateSummary summarize_rates(const std::vector<double>& rates);
// How long the engine may wait before it reaps completions: a quarter of the time the bytes in
// flight take to move at the rate measured so far, at most k_max_batch_wait; zero before anything
// has moved. Reaping in batches instead of waking for every transfer is what interrupt moderation
// does for network cards: the queue stays three quarters full, and the host wakes every few
// hundred microseconds instead of once per transfer (on dummy_hcd each wake-up costs the emulated
// bus itself). The quarter and the cap are what measured best on the bench (see the README).
inline constexpr Nanos k_max_batch_wait = std::chrono::microseconds(500);
Nanos batch_wait(uint64_t bytes_in_flight, uint64_t bytes_moved, Nanos elapsed);
// MB/s of each complete interval of one series, or of several series added bucket by bucket.
std::vector<double> interval_rates(const std::vector<const IntervalSeries*>& series);

struct StreamStats {
    uint8_t endpoint = 0;
    bool in = true;
    uint64_t bytes = 0;
    uint64_t transfers = 0;          // transfers that carried data (completed, short, or cut by a cancel)
    uint64_t short_transfers = 0;    // IN: fewer bytes than asked (a short packet ended it)
    uint64_t mismatched_transfers = 0;
    std::optional<uint64_t> first_mismatch;  // stream offset of the first wrong byte
    uint8_t first_expected = 0, first_actual = 0;
    uint64_t stalls = 0, timeouts = 0, babble = 0, errors = 0;
    IntervalSeries series;
};

// One endpoint's stream: verifies each IN transfer at its stream offset and counts everything.
class StreamAccount {
public:
    StreamAccount(uint8_t endpoint, bool in, Pattern verify, uint16_t max_packet, size_t transfer_size,
                  Nanos start, Nanos interval);
    // Fills an OUT transfer's buffer with the pattern at the stream offset where it will be sent
    // (OUT buffers are handed out in submission order).
    void fill_next_out(std::span<uint8_t> buffer);
    // Records a completed transfer: `data` is what arrived (IN) or was sent (OUT).
    void completed(TransferOutcome outcome, std::span<const uint8_t> data, size_t requested, Nanos at);
    const StreamStats& stats() const { return m_stats; }
    StreamStats& stats() { return m_stats; }

private:
    StreamStats m_stats;
    PatternVerifier m_verifier;
    uint64_t m_out_offset = 0;  // next OUT buffer's stream offset
};

// The theoretical bulk ceiling of a speed, with where the number comes from. A ceiling, never a
// promise: real host controllers and devices stay below it.
struct BusCeiling {
    double mbps = 0;
    std::string source;
};
std::optional<BusCeiling> bulk_ceiling(Speed speed);

struct SweepPoint {
    unsigned queue = 0;
    size_t transfer_size = 0;
    double mbps = 0;
    double cpu_ns_per_byte = 0;  // usbcheck's CPU time per byte moved
};
// Among the points within 3% of the highest rate, the one with the shortest transfers, and of
// those the fastest (a queue too shallow to keep the bus busy can pass the 3% bar on one lucky
// trial): the rate is the same within noise, and the shortest transfers that reach it are what
// the link needs. They keep each transfer's latency and the memory in flight low, and they are
// where queueing matters: a synchronous loop with the same transfers loses the bus between them.
SweepPoint best_point(const std::vector<SweepPoint>& points);

enum class RunEnding { completed, interrupted, disconnected, failed };
std::string_view to_string(RunEnding ending);

struct ThroughputResult {
    ThroughputPlan plan;
    Speed speed = Speed::unknown;
    std::vector<SweepPoint> sweep;  // the start-up sweep that chose queue and transfer size; empty when given
    bool in_sweep = false;          // the run stopped during the sweep: this is the trial that stopped
    bool memory_mapped = false;     // transfer buffers in usbfs memory (zero copy)
    Nanos elapsed{0};
    double cpu_seconds = 0;  // user + system time of the process during the measurement
    std::vector<StreamStats> streams;
    RunEnding ending = RunEnding::completed;
    std::string ending_detail;  // "" when completed

    uint64_t total_bytes() const;
    double mbps() const { return megabytes_per_second(total_bytes(), elapsed); }
};

// ---- Planning (usb/throughput_plan.cpp) ----

struct DescriptorSet;

// What the command line asked for; unset fields default from the descriptors.
struct EndpointRequest {
    BulkDirection direction = BulkDirection::in;
    std::optional<uint8_t> interface_number;
    std::optional<uint8_t> in_endpoint, out_endpoint;
};
// Fills plan's interface, alternate, endpoints and max packet sizes from the first configuration:
// the requested interface (else the first with the bulk endpoints the direction needs) and its
// first bulk IN / OUT endpoints unless given. The error is one line ("interface 2 has no bulk IN
// endpoint; its endpoints: 0x83 interrupt").
tl::expected<void, std::string> choose_endpoints(const DescriptorSet& set, const EndpointRequest& request,
                                                 ThroughputPlan& plan);

// The start-up sweep: one discarded warm-up trial of the first point, then two passes over the
// points, each trial `trial` long; a point scores the lower of its two rates (one that stutters
// loses) and the higher of its two CPU costs. A trial that does not complete ends the sweep: it is
// returned as `stopped` (with in_sweep set and the points scored so far) to be reported as the
// measurement. `run` performs one trial (the live engine, or a fake in the tests).
using TrialRunner = std::function<tl::expected<ThroughputResult, std::string>(const ThroughputPlan&)>;
struct SweepOutcome {
    std::vector<SweepPoint> points;
    SweepPoint best;
    std::optional<ThroughputResult> stopped;
};
tl::expected<SweepOutcome, std::string> run_sweep(const ThroughputPlan& plan, std::vector<SweepPoint> points,
                                                  Nanos trial, const TrialRunner& run);

// The points the start-up sweep tries: transfer sizes 16 KiB to 1 MiB and queue depths 4 to 16,
// or only the given one of each, keeping queue x size x streams within `memory_limit` (usbfs's
// cap, 0 = none) and sizes a multiple of `max_packet`.
std::vector<SweepPoint> sweep_candidates(std::optional<unsigned> queue, std::optional<size_t> transfer_size,
                                         size_t streams, uint64_t memory_limit, uint16_t max_packet);

}  // namespace usbcheck::usb
