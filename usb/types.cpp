// Names and small formatting helpers for the basic USB vocabulary.
#include "usb/types.h"

#include <array>
#include <cstdio>

namespace usbcheck::usb {

std::string_view to_string(Speed speed) {
    switch (speed) {
    case Speed::low: return "low";
    case Speed::full: return "full";
    case Speed::high: return "high";
    case Speed::super: return "super";
    case Speed::super_plus: return "super-plus";
    case Speed::unknown: break;
    }
    return "unknown";
}

std::optional<Speed> parse_speed(std::string_view text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == '\r'))
        text.remove_suffix(1);
    if (text == "low" || text == "1.5") return Speed::low;
    if (text == "full" || text == "12") return Speed::full;
    if (text == "high" || text == "480") return Speed::high;
    if (text == "super" || text == "5000") return Speed::super;
    if (text == "super-plus" || text == "10000" || text == "20000") return Speed::super_plus;
    if (text == "unknown") return Speed::unknown;
    return std::nullopt;
}

std::string_view to_string(TransferStatus status) {
    switch (status) {
    case TransferStatus::ok: return "ok";
    case TransferStatus::stall: return "stall";
    case TransferStatus::timeout: return "timeout";
    case TransferStatus::error: return "error";
    case TransferStatus::not_captured: return "not-captured";
    case TransferStatus::disconnected: return "disconnected";
    }
    return "error";
}

std::optional<TransferStatus> parse_transfer_status(std::string_view text) {
    for (auto s : {TransferStatus::ok, TransferStatus::stall, TransferStatus::timeout, TransferStatus::error,
                   TransferStatus::not_captured, TransferStatus::disconnected})
        if (to_string(s) == text) return s;
    return std::nullopt;
}

std::string ControlSetup::to_hex() const {
    const std::array<uint8_t, 8> b = {bmRequestType,
                                      bRequest,
                                      static_cast<uint8_t>(wValue & 0xFF),
                                      static_cast<uint8_t>(wValue >> 8),
                                      static_cast<uint8_t>(wIndex & 0xFF),
                                      static_cast<uint8_t>(wIndex >> 8),
                                      static_cast<uint8_t>(wLength & 0xFF),
                                      static_cast<uint8_t>(wLength >> 8)};
    std::string out;
    for (size_t i = 0; i < b.size(); ++i) {
        char buf[4];
        std::snprintf(buf, sizeof buf, "%02x", b[i]);
        if (i) out += ' ';
        out += buf;
    }
    return out;
}

std::optional<ControlSetup> ControlSetup::from_bytes(const Bytes& b) {
    if (b.size() != 8) return std::nullopt;
    ControlSetup s;
    s.bmRequestType = b[0];
    s.bRequest = b[1];
    s.wValue = static_cast<uint16_t>(b[2] | (b[3] << 8));
    s.wIndex = static_cast<uint16_t>(b[4] | (b[5] << 8));
    s.wLength = static_cast<uint16_t>(b[6] | (b[7] << 8));
    return s;
}

std::string hex_byte(uint8_t value) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02x", value);
    return buf;
}

std::string hex_word(uint16_t value) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%04x", value);
    return buf;
}

std::string bcd_string(uint16_t bcd) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%x.%02x", bcd >> 8, bcd & 0xFF);
    return buf;
}

}  // namespace usbcheck::usb
