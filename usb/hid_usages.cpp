// Names of HID usage pages and usages (HID Usage Tables 1.12) for the decoder view, the report
// layout and the report decoder: the pages keyboards, mice and LEDs use, numbers for the rest.
#include <array>

#include <fmt/format.h>

#include "usb/hid_report.h"

namespace usbcheck::usb::hid {
namespace {

std::string generic_desktop(uint16_t id) {
    switch (id) {
    case 0x01: return "Pointer";
    case 0x02: return "Mouse";
    case 0x04: return "Joystick";
    case 0x05: return "Gamepad";
    case 0x06: return "Keyboard";
    case 0x07: return "Keypad";
    case 0x08: return "Multi-axis Controller";
    case 0x30: return "X";
    case 0x31: return "Y";
    case 0x32: return "Z";
    case 0x33: return "Rx";
    case 0x34: return "Ry";
    case 0x35: return "Rz";
    case 0x36: return "Slider";
    case 0x37: return "Dial";
    case 0x38: return "Wheel";
    case 0x39: return "Hat Switch";
    case 0x80: return "System Control";
    case 0x81: return "System Power Down";
    case 0x82: return "System Sleep";
    case 0x83: return "System Wake Up";
    default: return fmt::format("0x{:02x}", id);
    }
}

// Keyboard/Keypad page 0x07 (HID Usage Tables 10): letters, digits, editing keys, F-keys, arrows.
std::string keyboard(uint16_t id) {
    if (id >= 0x04 && id <= 0x1D) return std::string(1, static_cast<char>('A' + id - 0x04));
    if (id >= 0x1E && id <= 0x26) return std::string(1, static_cast<char>('1' + id - 0x1E));
    if (id == 0x27) return "0";
    if (id >= 0x3A && id <= 0x45) return fmt::format("F{}", id - 0x3A + 1);
    if (id >= 0x68 && id <= 0x73) return fmt::format("F{}", id - 0x68 + 13);
    static constexpr std::array<const char*, 8> k_modifiers = {"Left Control", "Left Shift", "Left Alt", "Left GUI",
                                                               "Right Control", "Right Shift", "Right Alt", "Right GUI"};
    if (id >= 0xE0 && id <= 0xE7) return k_modifiers[id - 0xE0];
    switch (id) {
    case 0x00: return "No Event";
    case 0x01: return "ErrorRollOver";
    case 0x02: return "POSTFail";
    case 0x03: return "ErrorUndefined";
    case 0x28: return "Enter";
    case 0x29: return "Escape";
    case 0x2A: return "Backspace";
    case 0x2B: return "Tab";
    case 0x2C: return "Space";
    case 0x2D: return "-";
    case 0x2E: return "=";
    case 0x2F: return "[";
    case 0x30: return "]";
    case 0x31: return "\\";
    case 0x33: return ";";
    case 0x34: return "'";
    case 0x35: return "`";
    case 0x36: return ",";
    case 0x37: return ".";
    case 0x38: return "/";
    case 0x39: return "Caps Lock";
    case 0x46: return "Print Screen";
    case 0x47: return "Scroll Lock";
    case 0x48: return "Pause";
    case 0x49: return "Insert";
    case 0x4A: return "Home";
    case 0x4B: return "Page Up";
    case 0x4C: return "Delete";
    case 0x4D: return "End";
    case 0x4E: return "Page Down";
    case 0x4F: return "Right Arrow";
    case 0x50: return "Left Arrow";
    case 0x51: return "Down Arrow";
    case 0x52: return "Up Arrow";
    case 0x53: return "Num Lock";
    case 0x65: return "Application";
    default: return fmt::format("Key 0x{:02x}", id);
    }
}

std::string led(uint16_t id) {
    switch (id) {
    case 0x01: return "Num Lock";
    case 0x02: return "Caps Lock";
    case 0x03: return "Scroll Lock";
    case 0x04: return "Compose";
    case 0x05: return "Kana";
    default: return fmt::format("LED 0x{:02x}", id);
    }
}

std::string consumer(uint16_t id) {
    switch (id) {
    case 0x01: return "Consumer Control";
    case 0xB5: return "Scan Next Track";
    case 0xB6: return "Scan Previous Track";
    case 0xB7: return "Stop";
    case 0xCD: return "Play/Pause";
    case 0xE2: return "Mute";
    case 0xE9: return "Volume Increment";
    case 0xEA: return "Volume Decrement";
    case 0x238: return "AC Pan";
    default: return fmt::format("0x{:02x}", id);
    }
}

}  // namespace

std::string usage_page_name(uint16_t page) {
    switch (page) {
    case 0x01: return "Generic Desktop";
    case 0x02: return "Simulation Controls";
    case 0x06: return "Generic Device Controls";
    case 0x07: return "Keyboard/Keypad";
    case 0x08: return "LED";
    case 0x09: return "Button";
    case 0x0B: return "Telephony";
    case 0x0C: return "Consumer";
    case 0x0D: return "Digitizer";
    case 0x0F: return "PID";
    case 0x14: return "Auxiliary Display";
    case 0x20: return "Sensors";
    case 0x59: return "Lighting and Illumination";
    case 0x84: return "Power Device";
    case 0x85: return "Battery System";
    default:
        return page >= 0xFF00 ? fmt::format("Vendor 0x{:04x}", page) : fmt::format("Page 0x{:04x}", page);
    }
}

std::string usage_name(uint32_t usage) {
    const auto page = static_cast<uint16_t>(usage >> 16);
    const auto id = static_cast<uint16_t>(usage & 0xFFFF);
    switch (page) {
    case 0x01: return generic_desktop(id);
    case 0x07: return keyboard(id);
    case 0x08: return led(id);
    case 0x09: return id == 0 ? "No Button" : fmt::format("Button {}", id);
    case 0x0C: return consumer(id);
    default: return fmt::format("0x{:02x}", id);
    }
}

std::string collection_kind_name(uint8_t kind) {
    switch (kind) {
    case 0x00: return "Physical";
    case 0x01: return "Application";
    case 0x02: return "Logical";
    case 0x03: return "Report";
    case 0x04: return "Named Array";
    case 0x05: return "Usage Switch";
    case 0x06: return "Usage Modifier";
    default: return kind >= 0x80 ? fmt::format("Vendor 0x{:02x}", kind) : fmt::format("Reserved 0x{:02x}", kind);
    }
}

}  // namespace usbcheck::usb::hid
