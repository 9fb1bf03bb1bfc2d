// The evdev input nodes of a USB device's HID interfaces and a non-blocking reader for them.
// evdev, not hidraw: an open hidraw pins the device awake (usb-reference 5.2), while an evdev
// reader lets it autosuspend with remote wakeup armed.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "usb/linux/sysfs.h"
#include "usb/suspend_engine.h"

namespace usbcheck::usb::sysfs {

// "/dev/input/eventN" for every event node under the device's interfaces
// (<dev>/<dev>:C.I/<hid>/input/inputM/eventN), in the order of N.
std::vector<std::string> input_event_nodes(const std::string& name, const std::string& root = k_usb_devices,
                                           const std::string& dev_root = "/dev/input");

// Opens every node that opens (read-write when allowed, for LED writes) with event times on
// CLOCK_MONOTONIC, read as one; an error when none does (naming the first failure).
tl::expected<std::unique_ptr<InputReader>, std::string> open_evdev(const std::vector<std::string>& nodes);

}  // namespace usbcheck::usb::sysfs
