// The narrow interface to a USB device: control-IN requests, its speed and where it is. Live
// (libusb), replayed (snapshot) and recording implementations sit behind it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "usb/types.h"

namespace usbcheck::usb {

class UsbDevice {
public:
    virtual ~UsbDevice() = default;
    // One control transfer, device-to-host. A STALL is a status, never an exception.
    virtual TransferResult control_in(const ControlSetup& setup) = 0;
    virtual Speed speed() const = 0;
    // "snapshot:FILE", "sysfs:FILE", "live:1-1.2"
    virtual std::string source() const = 0;
};

struct RecordedTransfer {
    ControlSetup setup;
    TransferResult result;
};

// Wraps a device and keeps every request and answer, in order (the basis of `capture`).
class RecordingDevice final : public UsbDevice {
public:
    explicit RecordingDevice(UsbDevice& inner) : m_inner(inner) {}
    TransferResult control_in(const ControlSetup& setup) override;
    Speed speed() const override { return m_inner.speed(); }
    std::string source() const override { return m_inner.source(); }
    const std::vector<RecordedTransfer>& transfers() const { return m_transfers; }

private:
    UsbDevice& m_inner;
    std::vector<RecordedTransfer> m_transfers;
};

}  // namespace usbcheck::usb
