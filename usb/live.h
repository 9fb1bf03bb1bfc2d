// Live USB devices through libusb: enumeration, selection from a command-line DEVICE argument, and
// a UsbDevice that sends control-IN requests to endpoint 0 and nothing else (no reset, no
// configuration change, no interface claim, no driver detach). Only usb/live.cpp sees <libusb.h>.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "usb/device.h"
#include "usb/types.h"

struct libusb_device_handle;
struct libusb_context;

namespace usbcheck::usb {

// What is known about an attached device without any I/O: libusb reads the device descriptor from
// sysfs on Linux.
struct LiveDeviceInfo {
    uint8_t bus = 0;
    uint8_t address = 0;
    std::vector<uint8_t> ports;  // port numbers from the root hub down; empty for a root hub
    std::string path;            // sysfs name: "1-1.2", "usb1" for the root hub of bus 1
    std::string devnode;         // "/dev/bus/usb/001/004"
    uint16_t idVendor = 0;
    uint16_t idProduct = 0;
    uint16_t bcdUSB = 0;
    uint8_t bDeviceClass = 0;
    uint8_t bDeviceSubClass = 0;
    uint8_t bDeviceProtocol = 0;
    uint8_t iSerialNumber = 0;
    Speed speed = Speed::unknown;
    size_t list_index = 0;       // position in libusb's device list (internal)

    std::string vid_pid() const;  // "1d6b:0104"
};

// Orders devices by bus, then port path (a root hub first): the enumeration order that VID:PID#N
// counts in, stable from run to run whatever order libusb lists them.
void sort_devices(std::vector<LiveDeviceInfo>& devices);

// A DEVICE argument: VID:PID (hex), VID:PID#N (N from 1 among the matches), a sysfs bus-port path
// ("1-1", "1-1.2", "usb1"), or none (then --serial alone selects).
struct DeviceSelector {
    std::string text;  // as given, for messages; "" when only --serial selects
    std::optional<uint16_t> vid, pid;
    std::optional<size_t> nth;
    std::string path;
    std::optional<std::string> serial;
};

// Pure. The error is "bad device selector 'xyz': use VID:PID[#N], a bus-port path like 1-1.2, or
// --serial". An empty text is valid only with a serial.
tl::expected<DeviceSelector, std::string> parse_selector(std::string_view text,
                                                          std::optional<std::string> serial = std::nullopt);

// A device's serial number: nullopt when it has none; an error (one line) when it cannot be read.
using SerialLookup = std::function<tl::expected<std::optional<std::string>, std::string>(const LiveDeviceInfo&)>;

// The index in `devices` (in enumeration order) of the one device the selector names, or a
// one-line error: "no USB device matches 1d6b:0104" (with ": REASON" when `devices` is empty and a
// reason is known), "3 devices match 1d6b:0104: use 1d6b:0104#N (N = 1..3) or a bus-port path".
// serial_of is called only for devices that match the rest of the selector.
tl::expected<size_t, std::string> select_device(const std::vector<LiveDeviceInfo>& devices,
                                                const DeviceSelector& selector, const SerialLookup& serial_of,
                                                const std::string& empty_reason = "");

// How a libusb_control_transfer error code becomes a transfer status (pure): PIPE -> stall,
// TIMEOUT -> timeout, NO_DEVICE -> disconnected, anything else -> error.
TransferStatus transfer_status_from_libusb(int error_code);

// Linux usbfs claims an interface on the caller's behalf for a standard or class request whose
// recipient is an interface, or an endpoint other than 0 (devio.c check_ctrlrecip), and refuses it
// with EBUSY when a kernel driver holds that interface. LiveDevice does not send such requests
// (pure).
bool request_claims_interface(const ControlSetup& setup);

struct LiveOptions {
    unsigned timeout_ms = 1000;          // per control transfer
    unsigned request_interval_ms = 0;    // pause before each request
};

enum class OpenFailure { access, disconnected, other };
struct OpenError {
    OpenFailure kind = OpenFailure::other;
    std::string message;  // one line naming the device node and, for access, the fix
};

class LiveDevice;

// The attached devices, enumerated once at construction. Never throws: when libusb cannot start or
// there is no device, devices() is empty and reason() says why.
class LiveBus {
public:
    LiveBus();
    ~LiveBus();
    LiveBus(LiveBus&&) noexcept;
    LiveBus& operator=(LiveBus&&) noexcept;

    const std::vector<LiveDeviceInfo>& devices() const;
    const std::string& reason() const;

    tl::expected<std::unique_ptr<LiveDevice>, OpenError> open(const LiveDeviceInfo& info,
                                                              const LiveOptions& options = {});
    // The sysfs `serial` attribute (the string the kernel read at enumeration), else the string
    // descriptor read through libusb (which opens the device).
    tl::expected<std::optional<std::string>, std::string> serial_of(const LiveDeviceInfo& info);

    struct State;

private:
    std::shared_ptr<State> m_state;
};

// Control-IN requests to endpoint 0 of an opened device. A request that would make usbfs claim an
// interface, or a host-to-device request, is not sent and answers `not_captured`.
class LiveDevice final : public UsbDevice {
public:
    LiveDevice(std::shared_ptr<LiveBus::State> state, libusb_device_handle* handle, LiveDeviceInfo info,
               LiveOptions options);
    ~LiveDevice() override;
    LiveDevice(const LiveDevice&) = delete;
    LiveDevice& operator=(const LiveDevice&) = delete;

    TransferResult control_in(const ControlSetup& setup) override;
    Speed speed() const override { return m_info.speed; }
    std::string source() const override { return "live:" + m_info.path; }
    const LiveDeviceInfo& info() const { return m_info; }
    // Requests answered `not_captured` without being sent (see request_claims_interface).
    size_t not_sent() const { return m_not_sent; }
    // For usb/live_bulk.cpp, which claims an interface and streams bulk transfers on this handle.
    libusb_device_handle* native_handle() const { return m_handle; }
    libusb_context* native_context() const;

private:
    friend class LiveBus;  // reads the serial string through m_handle
    std::shared_ptr<LiveBus::State> m_state;  // keeps the libusb context alive
    libusb_device_handle* m_handle = nullptr;
    LiveDeviceInfo m_info;
    LiveOptions m_options;
    bool m_lost = false;
    size_t m_not_sent = 0;
};

}  // namespace usbcheck::usb
