// The usbcheck snapshot: a device's recorded control transfers plus what else a check needs
// (speed, sysfs attributes), as JSON with "format": "usbcheck-snapshot". Version 1 stays readable.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "usb/device.h"
#include "usb/types.h"

namespace usbcheck::usb {

struct Snapshot {
    int version = 1;
    std::string source;                  // where the data came from (file path, live path, origin text)
    Speed speed = Speed::unknown;
    std::string created;                 // ISO 8601 UTC, optional
    std::string tool;                    // "usbcheck 0.1.0", optional
    // true: the recording is all the device ever answered, so an unrecorded request is a STALL.
    // false (sysfs, umockdev, hex inputs): an unrecorded request is `not_captured`.
    bool complete = true;
    std::vector<RecordedTransfer> control;
    std::map<std::string, std::string> sysfs;  // e.g. "power/control": "auto"
};

struct InputError {
    std::string message;  // one line, no trailing period
};

// Parses snapshot JSON text. Wrong types, unknown status names, bad hex: an InputError.
tl::expected<Snapshot, InputError> parse_snapshot(std::string_view json_text);
// Serialises with stable key order; hex byte strings are spaced lower-case pairs.
std::string write_snapshot(const Snapshot& snapshot);

// Answers requests from a snapshot: a request whose bmRequestType, bRequest, wValue and wIndex
// match a recorded one gets its status and data cut to wLength (among several matches, the first
// recorded with a wLength >= the one asked, else the longest); anything else a STALL (or
// `not_captured` for an incomplete snapshot). Every request asked is kept for tests.
class ReplayDevice final : public UsbDevice {
public:
    explicit ReplayDevice(Snapshot snapshot) : m_snapshot(std::move(snapshot)) {}
    TransferResult control_in(const ControlSetup& setup) override;
    Speed speed() const override { return m_snapshot.speed; }
    std::string source() const override { return m_snapshot.source; }
    const std::vector<ControlSetup>& asked() const { return m_asked; }
    const Snapshot& snapshot() const { return m_snapshot; }

private:
    Snapshot m_snapshot;
    std::vector<ControlSetup> m_asked;
};

}  // namespace usbcheck::usb
