// suspend.* checks: judged from a selective-suspend measurement (usbcheck suspend), not from
// descriptors. The table is suspend_checks() in check.h.
#pragma once

#include <vector>

#include "checks/check.h"
#include "usb/suspend.h"

namespace usbcheck::checks {

// Every suspend.* check of the table run on the measurement, in table order.
std::vector<CheckResult> judge_suspend(const usb::SuspendMeasurement& m);

}  // namespace usbcheck::checks
