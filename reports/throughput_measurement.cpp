// Formats a bulk throughput result for the reports (see throughput_measurement.h). MB/s are
// decimal (10^6 bytes per second) everywhere, and the text says so.
#include "reports/throughput_measurement.h"

#include <fmt/format.h>

#include "checks/throughput.h"

namespace usbcheck::reports {

namespace {

using nlohmann::json;

double round3(double x) { return static_cast<double>(static_cast<int64_t>(x * 1000 + (x < 0 ? -0.5 : 0.5))) / 1000; }
double secs(usb::Nanos t) { return std::chrono::duration<double>(t).count(); }
std::string hex_ep(uint8_t ep) { return fmt::format("0x{:02x}", ep); }

json stream_json(const usb::StreamStats& s, usb::Nanos elapsed) {
    json out = {{"endpoint", hex_ep(s.endpoint)},
                {"direction", s.in ? "in" : "out"},
                {"bytes", s.bytes},
                {"mbps", round3(usb::megabytes_per_second(s.bytes, elapsed))},
                {"transfers", s.transfers},
                {"short_transfers", s.short_transfers},
                {"mismatched_transfers", s.mismatched_transfers},
                {"stalls", s.stalls},
                {"timeouts", s.timeouts},
                {"babble", s.babble},
                {"errors", s.errors}};
    if (s.first_mismatch)
        out["first_mismatch"] = {{"offset", *s.first_mismatch},
                                 {"expected", fmt::format("0x{:02x}", s.first_expected)},
                                 {"actual", fmt::format("0x{:02x}", s.first_actual)}};
    return out;
}

}  // namespace

Measurement throughput_measurement(const usb::ThroughputResult& r) {
    const auto& plan = r.plan;
    std::vector<const usb::IntervalSeries*> series;
    for (const auto& s : r.streams) series.push_back(&s.series);
    const auto rates = usb::interval_rates(series);
    const auto summary = usb::summarize_rates(rates);
    const double rate = r.mbps();
    const double elapsed = secs(r.elapsed);
    const auto ceiling = usb::bulk_ceiling(r.speed);

    json data = {{"direction", std::string(usb::to_string(plan.direction))},
                 {"interface", plan.interface_number},
                 {"transfer_size", plan.transfer_size},
                 {"queue", plan.queue},
                 {"chosen_by", r.sweep.empty() && !r.in_sweep ? "options" : "sweep"},
                 {"phase", r.in_sweep ? "sweep" : "measurement"},
                 {"verify", std::string(usb::to_string(plan.verify))},
                 {"memory_mapped", r.memory_mapped},
                 {"units", "MB/s = 10^6 bytes per second"},
                 {"elapsed_s", round3(elapsed)},
                 {"bytes", r.total_bytes()},
                 {"mbps", round3(rate)},
                 {"interval_ms", std::chrono::duration_cast<std::chrono::milliseconds>(plan.interval).count()},
                 {"min_mbps", round3(summary.min)},
                 {"median_mbps", round3(summary.median)},
                 {"max_mbps", round3(summary.max)},
                 {"cpu_s", round3(r.cpu_seconds)},
                 {"cpu_percent", round3(elapsed > 0 ? 100 * r.cpu_seconds / elapsed : 0)},
                 {"ending", std::string(usb::to_string(r.ending))}};
    if (!r.ending_detail.empty()) data["ending_detail"] = r.ending_detail;
    json interval_rates = json::array();
    for (double x : rates) interval_rates.push_back(round3(x));
    data["intervals_mbps"] = std::move(interval_rates);
    json sweep = json::array();
    for (const auto& p : r.sweep)
        sweep.push_back({{"queue", p.queue}, {"transfer_size", p.transfer_size}, {"mbps", round3(p.mbps)},
                         {"cpu_ns_per_byte", round3(p.cpu_ns_per_byte)}});
    data["sweep"] = std::move(sweep);
    json streams = json::array();
    for (const auto& s : r.streams) streams.push_back(stream_json(s, r.elapsed));
    data["streams"] = std::move(streams);
    if (ceiling)
        data["ceiling"] = {{"mbps", ceiling->mbps},
                           {"percent", round3(100 * rate / ceiling->mbps)},
                           {"source", ceiling->source}};

    Measurement m{"throughput", std::move(data), {}};
    std::string endpoints;
    for (const auto& s : r.streams) endpoints += (endpoints.empty() ? "" : " + ") + checks::stream_name(s);
    m.text.push_back(fmt::format("throughput ({}): {} bytes in {:.2f} s = {:.3f} MB/s (decimal MB, 10^6 bytes/s)",
                                 endpoints, r.total_bytes(), elapsed, rate));
    if (summary.intervals)
        m.text.push_back(fmt::format("  every {} ms: min {:.3f}, median {:.3f}, max {:.3f} MB/s over {} intervals",
                                     std::chrono::duration_cast<std::chrono::milliseconds>(plan.interval).count(),
                                     summary.min, summary.median, summary.max, summary.intervals));
    const auto best = usb::best_point(r.sweep);
    const std::string origin =
        r.in_sweep ? "a trial of the start-up sweep, which stopped there"
        : r.sweep.empty() ? "as given"
                          : fmt::format("chosen by a {}-point sweep, best {:.3f} MB/s", r.sweep.size(), best.mbps);
    m.text.push_back(fmt::format("  {} transfers of {} bytes in flight per endpoint ({}), verify {}{}", plan.queue,
                                 plan.transfer_size, origin,
                                 usb::to_string(plan.verify),
                                 plan.verify == usb::Pattern::none ? "" : " (every byte read compared)"));
    m.text.push_back(fmt::format("  CPU {:.2f} s ({:.0f}% of the elapsed time)", r.cpu_seconds,
                                 elapsed > 0 ? 100 * r.cpu_seconds / elapsed : 0));
    if (ceiling) {
        std::string line = fmt::format("  {}-speed bulk ceiling {:.3f} MB/s: this run is {:.1f}% of it", to_string(r.speed),
                                       ceiling->mbps, 100 * rate / ceiling->mbps);
        if (rate > ceiling->mbps)
            line += "; above the ceiling, so the host controller is not a real bus (dummy_hcd or a virtual one)";
        m.text.push_back(line);
    } else {
        m.text.push_back(fmt::format("  no bulk ceiling is known for speed {}", to_string(r.speed)));
    }
    return m;
}

}  // namespace usbcheck::reports
