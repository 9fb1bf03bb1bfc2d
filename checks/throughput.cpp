// throughput.*: judged from a bulk throughput measurement (usbcheck throughput), not from
// descriptors. Any data error fails: a bulk pipe delivers every byte exactly once, in order, or
// reports an error (USB 2.0 5.8, bulk transfers: "error-free delivery of data").
#include "checks/throughput.h"

#include <array>

#include <fmt/format.h>

namespace usbcheck::checks {

namespace {

using usb::RunEnding;
using usb::ThroughputResult;

std::string seconds(usb::Nanos t) { return fmt::format("{:.1f} s", std::chrono::duration<double>(t).count()); }

void check_completed(const ThroughputResult& r, Reporter& out, const ThroughputCriteria&) {
    // The measurement covers the whole requested run.
    if (r.ending == RunEnding::completed) return;
    const std::string planned = r.plan.bytes ? fmt::format("{} bytes", r.plan.bytes) : seconds(r.plan.duration);
    out.violation(fmt::format("the run stopped after {} of {} ({} bytes moved): {}", seconds(r.elapsed), planned,
                              r.total_bytes(), r.ending_detail));
}

void check_data(const ThroughputResult& r, Reporter& out, const ThroughputCriteria&) {
    // USB 2.0 5.8: bulk data arrives error-free; every received byte is compared with the pattern.
    if (r.plan.verify == usb::Pattern::none) return out.skip("--verify none: the data was not compared");
    bool any_in = false;
    for (const auto& s : r.streams) {
        if (!s.in) continue;
        any_in = true;
        if (!s.first_mismatch) continue;
        out.violation(fmt::format("{}: {} of {} transfers differ from the {} pattern; first wrong byte at stream "
                                  "offset {} (expected 0x{:02x}, got 0x{:02x})",
                                  stream_name(s), s.mismatched_transfers, s.transfers, usb::to_string(r.plan.verify),
                                  *s.first_mismatch, s.first_expected, s.first_actual));
    }
    if (!any_in)
        out.skip("an OUT-only run: the device checks what it receives (a Linux sink halts the endpoint on a "
                 "mismatch, which shows as a stall under throughput.transfer-errors)");
}

void check_transfer_errors(const ThroughputResult& r, Reporter& out, const ThroughputCriteria&) {
    // USB 2.0 8.5.2 and 9.4.5: a bulk endpoint halts (STALL) or stops answering only on an error.
    for (const auto& s : r.streams) {
        if (!s.stalls && !s.timeouts && !s.babble && !s.errors) continue;
        out.violation(fmt::format("{}: {} stalls, {} timeouts (over {} ms), {} babble, {} other I/O errors",
                                  stream_name(s), s.stalls, s.timeouts, r.plan.timeout_ms, s.babble, s.errors));
    }
}

void check_short_packets(const ThroughputResult& r, Reporter& out, const ThroughputCriteria&) {
    // USB 2.0 5.8.3: a short packet ends a transfer early; a streaming source fills every packet.
    for (const auto& s : r.streams)
        if (s.in && s.short_transfers)
            out.violation(fmt::format("{}: {} of {} transfers ended early with a short packet", stream_name(s),
                                      s.short_transfers, s.transfers));
}

void check_min_rate(const ThroughputResult& r, Reporter& out, const ThroughputCriteria& criteria) {
    // The user's floor (--min-mbps), over the whole run, in decimal MB/s.
    if (!criteria.min_mbps) return out.skip("no --min-mbps given");
    if (r.mbps() < *criteria.min_mbps)
        out.violation(fmt::format("{:.3f} MB/s is below --min-mbps {:.3f}", r.mbps(), *criteria.min_mbps));
}

// fn is null: these run through run_throughput_checks with the measurement.
constexpr std::array<CheckDef, 5> k_table{{
    {"throughput.completed", "the measurement ran for the whole requested duration or byte count", Severity::error,
     "usbcheck", "a run cut short by an error, a disconnect or Ctrl-C measures only part of what was asked",
     "find why the run stopped (the message says) and rerun", nullptr},
    {"throughput.data-integrity", "every byte read matches the expected pattern", Severity::error,
     "USB 2.0 5.8 (bulk transfers)", "a bulk pipe must deliver data without loss, duplication or corruption",
     "check the device's buffer handling, DMA and packet boundaries; --verify must name the pattern it sends",
     nullptr},
    {"throughput.transfer-errors", "no stall, timeout, babble or I/O error on the bulk endpoints", Severity::error,
     "USB 2.0 8.5.2, 9.4.5", "a streaming endpoint that halts or stops answering loses the host's data",
     "see the device's endpoint handling; a Linux sink stalls when OUT data breaks its pattern", nullptr},
    {"throughput.short-packets", "IN transfers are filled, not ended early by short packets", Severity::warning,
     "USB 2.0 5.8.3", "a source that sends short packets halves throughput and may be dropping data",
     "send full wMaxPacketSize packets while data is available", nullptr},
    {"throughput.min-rate", "the rate meets --min-mbps", Severity::error, "usbcheck --min-mbps",
     "a CI floor on the measured rate catches regressions in firmware or host setup",
     "see the interval rates and CPU time in the measurement", nullptr},
}};

// The body of each check of k_table, in the same order.
using Judge = void (*)(const ThroughputResult&, Reporter&, const ThroughputCriteria&);
constexpr std::array<Judge, 5> k_judges{check_completed, check_data, check_transfer_errors, check_short_packets,
                                        check_min_rate};

}  // namespace

std::span<const CheckDef> throughput_checks() { return k_table; }

std::string stream_name(const usb::StreamStats& stream) {
    return fmt::format("{} 0x{:02x}", stream.in ? "IN" : "OUT", stream.endpoint);
}

std::vector<CheckResult> run_throughput_checks(const ThroughputResult& result, const ThroughputCriteria& criteria) {
    std::vector<CheckResult> results;
    for (size_t i = 0; i < k_table.size(); ++i)
        results.push_back(run_check(k_table[i], [&](Reporter& out) { k_judges[i](result, out, criteria); }));
    return results;
}

}  // namespace usbcheck::checks
