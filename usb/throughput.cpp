// Throughput accounting, statistics and bus ceilings (see throughput.h).
#include "usb/throughput.h"

#include <algorithm>
#include <tuple>

namespace usbcheck::usb {

std::optional<BulkDirection> parse_direction(std::string_view text) {
    if (text == "in") return BulkDirection::in;
    if (text == "out") return BulkDirection::out;
    if (text == "both") return BulkDirection::both;
    if (text == "loopback") return BulkDirection::loopback;
    return std::nullopt;
}

std::string_view to_string(BulkDirection direction) {
    switch (direction) {
        case BulkDirection::in: return "in";
        case BulkDirection::out: return "out";
        case BulkDirection::both: return "both";
        case BulkDirection::loopback: return "loopback";
    }
    return "in";
}

std::string_view to_string(RunEnding ending) {
    switch (ending) {
        case RunEnding::completed: return "completed";
        case RunEnding::interrupted: return "interrupted";
        case RunEnding::disconnected: return "disconnected";
        case RunEnding::failed: return "failed";
    }
    return "failed";
}

void IntervalSeries::add(uint64_t bytes, Nanos at) {
    const auto offset = at < m_start ? Nanos{0} : at - m_start;
    const auto index = static_cast<size_t>(offset / m_interval);
    if (index >= m_buckets.size()) m_buckets.resize(index + 1, 0);
    m_buckets[index] += bytes;
}

void IntervalSeries::finish(Nanos end) {
    const auto offset = end < m_start ? Nanos{0} : end - m_start;
    m_complete = static_cast<size_t>(offset / m_interval);
    // Intervals with nothing in them still count: a stall is a zero-rate interval.
    if (m_buckets.size() < m_complete) m_buckets.resize(m_complete, 0);
}

double megabytes_per_second(uint64_t bytes, Nanos elapsed) {
    if (elapsed.count() <= 0) return 0;
    return static_cast<double>(bytes) / 1e6 / std::chrono::duration<double>(elapsed).count();
}

Nanos batch_wait(uint64_t bytes_in_flight, uint64_t bytes_moved, Nanos elapsed) {
    if (bytes_moved == 0 || elapsed.count() <= 0 || bytes_in_flight == 0) return Nanos{0};
    // Nanoseconds for the bytes in flight (in_flight * elapsed / moved), a quarter of it.
    const double ns = static_cast<double>(bytes_in_flight) * static_cast<double>(elapsed.count()) /
                      static_cast<double>(bytes_moved) / 4;
    return ns >= static_cast<double>(k_max_batch_wait.count()) ? k_max_batch_wait : Nanos{static_cast<int64_t>(ns)};
}

RateSummary summarize_rates(const std::vector<double>& rates) {
    RateSummary summary;
    summary.intervals = rates.size();
    if (rates.empty()) return summary;
    std::vector<double> sorted = rates;
    std::sort(sorted.begin(), sorted.end());
    summary.min = sorted.front();
    summary.max = sorted.back();
    const size_t n = sorted.size();
    summary.median = n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    return summary;
}

std::vector<double> interval_rates(const std::vector<const IntervalSeries*>& series) {
    if (series.empty()) return {};
    size_t complete = SIZE_MAX;
    for (const auto* s : series) complete = std::min(complete, s->complete());
    std::vector<double> rates;
    for (size_t i = 0; i < complete; ++i) {
        uint64_t bytes = 0;
        for (const auto* s : series) bytes += i < s->buckets().size() ? s->buckets()[i] : 0;
        rates.push_back(megabytes_per_second(bytes, series.front()->interval()));
    }
    return rates;
}

StreamAccount::StreamAccount(uint8_t endpoint, bool in, Pattern verify, uint16_t max_packet, size_t transfer_size,
                             Nanos start, Nanos interval)
    : m_verifier(verify, max_packet, transfer_size) {
    m_stats.endpoint = endpoint;
    m_stats.in = in;
    m_stats.series = IntervalSeries(start, interval);
}

void StreamAccount::fill_next_out(std::span<uint8_t> buffer) {
    m_verifier.fill(buffer, m_out_offset);
    m_out_offset += buffer.size();
}

void StreamAccount::completed(TransferOutcome outcome, std::span<const uint8_t> data, size_t requested, Nanos at) {
    switch (outcome) {
        case TransferOutcome::stall: ++m_stats.stalls; break;
        case TransferOutcome::timeout: ++m_stats.timeouts; break;
        case TransferOutcome::babble: ++m_stats.babble; break;
        case TransferOutcome::error: ++m_stats.errors; break;
        case TransferOutcome::completed:
        case TransferOutcome::cancelled:
        case TransferOutcome::no_device: break;
    }
    // Bytes that moved count whatever the outcome (a timed-out or cancelled transfer may carry some).
    if (data.empty()) return;
    if (m_stats.in) {
        if (auto wrong = m_verifier.first_mismatch(data, m_stats.bytes)) {
            ++m_stats.mismatched_transfers;
            if (!m_stats.first_mismatch) {
                m_stats.first_mismatch = m_stats.bytes + *wrong;
                m_stats.first_expected = m_verifier.expected_at(*wrong, m_stats.bytes);
                m_stats.first_actual = data[*wrong];
            }
        }
        if (outcome == TransferOutcome::completed && data.size() < requested) ++m_stats.short_transfers;
    }
    ++m_stats.transfers;  // every transfer that carried data, also one cut short by a cancel
    m_stats.bytes += data.size();
    m_stats.series.add(data.size(), at);
}

std::optional<BusCeiling> bulk_ceiling(Speed speed) {
    switch (speed) {
        case Speed::full:
            return BusCeiling{1.216, "19 x 64-byte packets per 1 ms frame (USB 2.0 5.8.4; dummy_hcd's full-speed budget)"};
        case Speed::high:
            return BusCeiling{53.248, "13 x 512-byte packets per 125 us microframe (USB 2.0 5.8.4; dummy_hcd's high-speed budget)"};
        case Speed::super:
            return BusCeiling{500.0, "5 Gb/s line rate after 8b/10b coding (USB 3.0); protocol overhead leaves about 400 MB/s"};
        case Speed::low:
        case Speed::super_plus:
        case Speed::unknown: return std::nullopt;
    }
    return std::nullopt;
}

SweepPoint best_point(const std::vector<SweepPoint>& points) {
    double top = 0;
    for (const auto& p : points) top = std::max(top, p.mbps);
    const auto rank = [](const SweepPoint& x) { return std::tuple(x.transfer_size, -x.mbps, x.cpu_ns_per_byte); };
    SweepPoint best;
    for (const auto& p : points)
        if (p.mbps >= top * 0.97 && (best.queue == 0 || rank(p) < rank(best))) best = p;
    return best;
}

uint64_t ThroughputResult::total_bytes() const {
    uint64_t total = 0;
    for (const auto& s : streams) total += s.bytes;
    return total;
}

}  // namespace usbcheck::usb
