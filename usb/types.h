// Basic USB vocabulary shared by device sources, the parser and the checks.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace usbcheck::usb {

using Bytes = std::vector<uint8_t>;

enum class Speed { unknown, low, full, high, super, super_plus };

std::string_view to_string(Speed speed);
// Accepts the snapshot names (low, full, high, super, super-plus) and Linux sysfs `speed`
// values in Mb/s (1.5, 12, 480, 5000, 10000, 20000). Returns nullopt for anything else.
std::optional<Speed> parse_speed(std::string_view text);

// The outcome of one control transfer as the device (or a recording of it) answered.
enum class TransferStatus {
    ok,
    stall,         // the device answered with a STALL (Request Error)
    timeout,
    error,         // any other I/O failure
    not_captured,  // replay only: the input never recorded this request
    disconnected,  // the device went away
};

std::string_view to_string(TransferStatus status);
std::optional<TransferStatus> parse_transfer_status(std::string_view text);

struct ControlSetup {
    uint8_t bmRequestType = 0;
    uint8_t bRequest = 0;
    uint16_t wValue = 0;
    uint16_t wIndex = 0;
    uint16_t wLength = 0;

    bool is_in() const { return (bmRequestType & 0x80) != 0; }
    bool same_request(const ControlSetup& other) const {
        return bmRequestType == other.bmRequestType && bRequest == other.bRequest &&
               wValue == other.wValue && wIndex == other.wIndex;
    }
    // "80 06 00 01 00 00 12 00", the 8 setup bytes as they go on the wire.
    std::string to_hex() const;
    static std::optional<ControlSetup> from_bytes(const Bytes& bytes);
};

struct TransferResult {
    TransferStatus status = TransferStatus::ok;
    Bytes data;
};

// Descriptor type codes (USB 2.0 table 9-5, USB 3.2 table 9-6, HID 1.11, CDC 1.2).
namespace dt {
constexpr uint8_t device = 0x01;
constexpr uint8_t configuration = 0x02;
constexpr uint8_t string = 0x03;
constexpr uint8_t interface = 0x04;
constexpr uint8_t endpoint = 0x05;
constexpr uint8_t device_qualifier = 0x06;
constexpr uint8_t other_speed_configuration = 0x07;
constexpr uint8_t interface_power = 0x08;
constexpr uint8_t otg = 0x09;
constexpr uint8_t debug = 0x0A;
constexpr uint8_t interface_association = 0x0B;
constexpr uint8_t bos = 0x0F;
constexpr uint8_t device_capability = 0x10;
constexpr uint8_t hid = 0x21;
constexpr uint8_t hid_report = 0x22;
constexpr uint8_t hid_physical = 0x23;
constexpr uint8_t cs_interface = 0x24;
constexpr uint8_t cs_endpoint = 0x25;
constexpr uint8_t ss_endpoint_companion = 0x30;
constexpr uint8_t ssp_isoc_endpoint_companion = 0x31;
}  // namespace dt

std::string hex_byte(uint8_t value);     // "0x1a"
std::string hex_word(uint16_t value);    // "0x0200"
std::string bcd_string(uint16_t bcd);    // 0x0210 -> "2.10"

}  // namespace usbcheck::usb
