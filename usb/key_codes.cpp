// Key code names and the HID keyboard usage to Linux key code map (Linux 6.1 hid-input.c).
#include "usb/key_codes.h"

#include <algorithm>
#include <array>
#include <charconv>

#include <fmt/format.h>

#include "usb/hid_report.h"

namespace usbcheck::usb {
namespace {

struct Named {
    std::string_view name;
    int code;
};

// The codes a keyboard or mouse test is likely to name; any other code is accepted as a number.
constexpr std::array<Named, 86> k_names{{
    {"KEY_ESC", 1},         {"KEY_1", 2},           {"KEY_2", 3},          {"KEY_3", 4},
    {"KEY_4", 5},           {"KEY_5", 6},           {"KEY_6", 7},          {"KEY_7", 8},
    {"KEY_8", 9},           {"KEY_9", 10},          {"KEY_0", 11},         {"KEY_MINUS", 12},
    {"KEY_EQUAL", 13},      {"KEY_BACKSPACE", 14},  {"KEY_TAB", 15},       {"KEY_Q", 16},
    {"KEY_W", 17},          {"KEY_E", 18},          {"KEY_R", 19},         {"KEY_T", 20},
    {"KEY_Y", 21},          {"KEY_U", 22},          {"KEY_I", 23},         {"KEY_O", 24},
    {"KEY_P", 25},          {"KEY_LEFTBRACE", 26},  {"KEY_RIGHTBRACE", 27}, {"KEY_ENTER", 28},
    {"KEY_LEFTCTRL", 29},   {"KEY_A", 30},          {"KEY_S", 31},         {"KEY_D", 32},
    {"KEY_F", 33},          {"KEY_G", 34},          {"KEY_H", 35},         {"KEY_J", 36},
    {"KEY_K", 37},          {"KEY_L", 38},          {"KEY_SEMICOLON", 39}, {"KEY_APOSTROPHE", 40},
    {"KEY_GRAVE", 41},      {"KEY_LEFTSHIFT", 42},  {"KEY_BACKSLASH", 43}, {"KEY_Z", 44},
    {"KEY_X", 45},          {"KEY_C", 46},          {"KEY_V", 47},         {"KEY_B", 48},
    {"KEY_N", 49},          {"KEY_M", 50},          {"KEY_COMMA", 51},     {"KEY_DOT", 52},
    {"KEY_SLASH", 53},      {"KEY_RIGHTSHIFT", 54}, {"KEY_KPASTERISK", 55}, {"KEY_LEFTALT", 56},
    {"KEY_SPACE", 57},      {"KEY_CAPSLOCK", 58},   {"KEY_F1", 59},        {"KEY_F2", 60},
    {"KEY_F3", 61},         {"KEY_F4", 62},         {"KEY_F5", 63},        {"KEY_F6", 64},
    {"KEY_F7", 65},         {"KEY_F8", 66},         {"KEY_F9", 67},        {"KEY_F10", 68},
    {"KEY_NUMLOCK", 69},    {"KEY_SCROLLLOCK", 70}, {"KEY_F11", 87},       {"KEY_F12", 88},
    {"KEY_RIGHTCTRL", 97},  {"KEY_RIGHTALT", 100},  {"KEY_HOME", 102},     {"KEY_UP", 103},
    {"KEY_PAGEUP", 104},    {"KEY_LEFT", 105},      {"KEY_RIGHT", 106},    {"KEY_END", 107},
    {"KEY_DOWN", 108},      {"KEY_PAGEDOWN", 109},  {"KEY_INSERT", 110},   {"KEY_DELETE", 111},
    {"KEY_LEFTMETA", 125},  {"KEY_RIGHTMETA", 126},
}};
constexpr Named k_buttons[] = {{"BTN_LEFT", 0x110}, {"BTN_RIGHT", 0x111}, {"BTN_MIDDLE", 0x112}};

// hid_keyboard[0x00..0x67] of Linux 6.1 drivers/hid/hid-input.c; the usages above 0x67 that a
// boot keyboard does not send are left out.
constexpr std::array<uint8_t, 0x68> k_hid_keyboard{
    0,   0,   0,   0,   30,  48,  46,  32,  18,  33,  34,  35,  23,  36,  37,  38,  50,  49,  24,  25,  16,
    19,  31,  20,  22,  47,  17,  45,  21,  44,  2,   3,   4,   5,   6,   7,   8,   9,   10,  11,  28,  1,
    14,  15,  57,  12,  13,  26,  27,  43,  43,  39,  40,  41,  51,  52,  53,  58,  59,  60,  61,  62,  63,
    64,  65,  66,  67,  68,  87,  88,  99,  70,  119, 110, 102, 104, 111, 107, 109, 106, 105, 108, 103, 69,
    98,  55,  74,  78,  96,  79,  80,  81,  75,  76,  77,  71,  72,  73,  82,  83,  86,  127, 116, 117};
// Usages 0xE0..0xE7: the modifier keys.
constexpr std::array<uint8_t, 8> k_hid_modifiers{29, 42, 56, 125, 97, 54, 100, 126};

constexpr uint16_t k_keyboard_page = 0x07;
constexpr uint16_t k_button_page = 0x09;
constexpr int k_btn_mouse = 0x110;

}  // namespace

std::optional<int> key_code(std::string_view name) {
    for (const auto& n : k_names)
        if (n.name == name) return n.code;
    for (const auto& n : k_buttons)
        if (n.name == name) return n.code;
    int code = 0;
    const auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), code);
    if (ec == std::errc{} && end == name.data() + name.size() && code > 0 && code < 0x300) return code;
    return std::nullopt;
}

std::string key_name(int code) {
    for (const auto& n : k_names)
        if (n.code == code) return std::string(n.name);
    for (const auto& n : k_buttons)
        if (n.code == code) return std::string(n.name);
    return fmt::format("key {}", code);
}

std::string key_names(const std::vector<int>& codes, std::string_view none) {
    if (codes.empty()) return std::string(none);
    std::string out;
    for (int code : codes) out += (out.empty() ? "" : "+") + key_name(code);
    return out;
}

int hid_keyboard_key(uint16_t usage) {
    if (usage < k_hid_keyboard.size()) return k_hid_keyboard[usage];
    if (usage >= 0xE0 && usage <= 0xE7) return k_hid_modifiers[usage - 0xE0];
    return 0;
}

tl::expected<std::vector<int>, std::string> keys_of_report(std::span<const uint8_t> report_descriptor,
                                                           std::span<const uint8_t> report) {
    const auto descriptor = hid::parse_report_descriptor(report_descriptor);
    const auto decoded = hid::decode_report(descriptor, report);
    if (!decoded)
        return tl::unexpected(fmt::format("the {}-byte report matches no input report of the report descriptor",
                                          report.size()));
    std::vector<int> keys;
    for (const auto& p : decoded->pressed) {
        const uint16_t page = p.usage >> 16, id = p.usage & 0xFFFF;
        int code = 0;
        if (page == k_keyboard_page) code = hid_keyboard_key(id);
        if (page == k_button_page && id >= 1 && id <= 16) code = k_btn_mouse + id - 1;
        if (code != 0 && std::find(keys.begin(), keys.end(), code) == keys.end()) keys.push_back(code);
    }
    std::sort(keys.begin(), keys.end());
    return keys;
}

}  // namespace usbcheck::usb
