// Turns a command's device options into probed DescriptorSets, from an offline input (--from) or
// a live device (DEVICE, --serial), with one-line errors for bad input; also capture and the
// per-device summaries of scan, kept here so the tests can reach them.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "cli/app.h"
#include "reports/report.h"
#include "usb/live.h"
#include "usb/model.h"
#include "usb/snapshot.h"

namespace usbcheck::cli {

constexpr unsigned k_default_timeout_ms = 1000;

// Exactly one source: --from FILE, or DEVICE and/or --serial; --timeout and --request-interval
// only with a live device. The error is one line.
tl::expected<void, std::string> check_device_source(const DeviceOptions& options);

tl::expected<std::vector<usb::DescriptorSet>, std::string> load_devices(const DeviceOptions& options);

usb::LiveOptions live_options(const DeviceOptions& options);

// The one live device DEVICE / --serial names, opened, with its sysfs power attributes read
// before opening it (opening resumes a suspended device).
struct LiveTarget {
    std::unique_ptr<usb::LiveDevice> device;
    std::map<std::string, std::string> sysfs;
};
tl::expected<LiveTarget, std::string> open_live(const DeviceOptions& options);

// `capture`: probes any device through a RecordingDevice and returns the snapshot of every
// transfer (version 1, source and speed from the device, tool "usbcheck VERSION"). Requests the
// device was not sent (answered not-captured) cannot be stored; the snapshot is then marked
// incomplete so that replay answers them not-captured again.
struct CaptureResult {
    usb::Snapshot snapshot;
    bool device_lost = false;
};
CaptureResult capture_snapshot(usb::UsbDevice& device, const std::map<std::string, std::string>& sysfs,
                               const std::string& created);

// `scan`: "composite EF/02/01: 02 CDC, 0A CDC data", "HID", "hub"; "" without a device descriptor.
std::string class_summary(const usb::DescriptorSet& set);
// "FAIL 2 failed, 1 warning", "ok, 3 warnings", "ok".
std::string verdict(const reports::Summary& summary);

// Prints "usbcheck: MESSAGE" on stderr.
void print_error(const std::string& message);

// Colour on a terminal unless NO_COLOR is set (https://no-color.org).
bool use_colour();

}  // namespace usbcheck::cli
