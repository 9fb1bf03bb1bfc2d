// Latency statistics for the suspend measurement.
#include "usb/suspend.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace usbcheck::usb {

std::optional<LatencyStats> latency_stats(std::vector<double> ms) {
    if (ms.empty()) return std::nullopt;
    std::sort(ms.begin(), ms.end());
    const size_t n = ms.size();
    LatencyStats s;
    s.count = n;
    s.min_ms = ms.front();
    s.max_ms = ms.back();
    s.median_ms = n % 2 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
    // Nearest rank: the smallest value with at least 95% of the values at or below it.
    const auto rank = static_cast<size_t>(std::ceil(0.95 * static_cast<double>(n)));
    s.p95_ms = ms[std::max<size_t>(rank, 1) - 1];
    return s;
}

std::string get_status_problem(const TransferResult& result) {
    if (result.status != TransferStatus::ok)
        return fmt::format("GET_STATUS got {} but expected 2 bytes", to_string(result.status));
    if (result.data.size() != 2) return fmt::format("GET_STATUS returned {} bytes but expected 2", result.data.size());
    return "";
}

double linux_resume_floor_ms(std::string_view driver) {
    if (driver == "dummy_hcd" || driver.rfind("ehci", 0) == 0) return 50;
    return 90;
}

}  // namespace usbcheck::usb
