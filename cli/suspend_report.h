// The suspend measurement as the report carries it: JSON for devices[].measurements.suspend
// (report.schema.json $defs.suspend_measurement) and lines for the text report.
#pragma once

#include "reports/report.h"
#include "usb/suspend.h"

namespace usbcheck::cli {

reports::Measurement suspend_measurement(const usb::SuspendMeasurement& m);

}  // namespace usbcheck::cli
