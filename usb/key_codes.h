// Linux input key codes (<linux/input-event-codes.h>) by name, and the keys a HID report presses
// as Linux would report them, so `--expect-key KEY_A` and `--expect-report HEX` compare with evdev.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

namespace usbcheck::usb {

// "KEY_A" -> 30, "BTN_LEFT" -> 272, or a decimal code ("30"); nullopt for an unknown name.
std::optional<int> key_code(std::string_view name);
// 30 -> "KEY_A"; "key 300" for a code without a name in the table.
std::string key_name(int code);
// {30, 42} -> "KEY_A+KEY_LEFTSHIFT"; `none` for no key.
std::string key_names(const std::vector<int>& codes, std::string_view none);

// The Linux key code usbhid gives a Keyboard/Keypad page (0x07) usage (hid-input.c hid_keyboard[]);
// 0 when it maps to none.
int hid_keyboard_key(uint16_t usage);

// The Linux key codes of everything a HID input report presses (keyboard page keys, modifiers and
// Button page buttons), decoded with `report_descriptor`; an error when the report does not match.
tl::expected<std::vector<int>, std::string> keys_of_report(std::span<const uint8_t> report_descriptor,
                                                           std::span<const uint8_t> report);

}  // namespace usbcheck::usb
