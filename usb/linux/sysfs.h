// Linux sysfs for USB devices: a device directory's name from its bus and port numbers, and the
// world-readable attributes usbcheck reads without opening the device (power, serial, descriptors).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>

#include <tl/expected.hpp>

#include "usb/types.h"

namespace usbcheck::usb::sysfs {

constexpr const char* k_usb_bus = "/sys/bus/usb";
constexpr const char* k_usb_devices = "/sys/bus/usb/devices";

// The kernel's name for a device directory: "1-1.2" (bus, '-', port numbers joined by '.'),
// "usb1" for the root hub of bus 1 (no ports).
std::string device_name(uint8_t bus, std::span<const uint8_t> ports);

// An attribute of a device directory (`root`/`name`/`attribute`) without its trailing newline;
// nullopt when it is absent or unreadable.
std::optional<std::string> read_attribute(const std::string& name, const std::string& attribute,
                                          const std::string& root = k_usb_devices);

// The driver of the host controller that device `name` ("1-1.2", "usb1") hangs off: the driver of
// the root hub's parent device ("xhci_hcd", "ehci-pci", "dummy_hcd"); nullopt when sysfs does not
// say.
std::optional<std::string> host_controller_driver(const std::string& name, const std::string& root = k_usb_devices);

// The runtime power attributes that are present, keyed "power/control", "power/autosuspend_delay_ms",
// "power/runtime_status", "power/wakeup" (the keys of Snapshot::sysfs).
std::map<std::string, std::string> read_power_attributes(const std::string& name,
                                                         const std::string& root = k_usb_devices);

// The `descriptors` attribute: the device descriptor and every configuration as the kernel read
// them at enumeration (readable by everyone). The error is one line naming the file.
tl::expected<Bytes, std::string> read_descriptors(const std::string& name, const std::string& root = k_usb_devices);

// The kernel's copy of a HID interface's report descriptor: the `report_descriptor` file of the
// HID device under the interface directory (`name`:`config`.`interface`/0003:VVVV:PPPP.NNNN/),
// world-readable and read without opening the device. nullopt when no HID driver bound one.
std::optional<Bytes> read_hid_report_descriptor(const std::string& name, uint8_t interface,
                                                const std::string& root = k_usb_devices);

}  // namespace usbcheck::usb::sysfs
