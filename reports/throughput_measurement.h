// A bulk throughput result as a report Measurement: the JSON under
// devices[].measurements.throughput ($defs/throughput_measurement) and the text report's lines.
#pragma once

#include "reports/report.h"
#include "usb/throughput.h"

namespace usbcheck::reports {

Measurement throughput_measurement(const usb::ThroughputResult& result);

}  // namespace usbcheck::reports
