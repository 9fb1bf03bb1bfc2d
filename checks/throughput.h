// The throughput.* checks, judged from a bulk throughput measurement.
#pragma once

#include <optional>
#include <vector>

#include "checks/check.h"
#include "usb/throughput.h"

namespace usbcheck::checks {

struct ThroughputCriteria {
    std::optional<double> min_mbps;  // --min-mbps
};

// Every throughput check in table order.
std::vector<CheckResult> run_throughput_checks(const usb::ThroughputResult& result, const ThroughputCriteria& criteria);

// "IN 0x81", "OUT 0x01".
std::string stream_name(const usb::StreamStats& stream);

}  // namespace usbcheck::checks
