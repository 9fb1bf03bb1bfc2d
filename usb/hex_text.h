// Hex byte strings as snapshots, sysfs hex dumps and umockdev attributes write them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "usb/types.h"

namespace usbcheck::usb {

// Strict pairs: "12 01 00 02", "12010002", upper or lower case, whitespace only between pairs.
// The error is a phrase to put after a field name: "has a non-hex character 'z' at position 4".
tl::expected<Bytes, std::string> parse_hex_pairs(std::string_view text);

// "12 01 00 02": spaced lower-case pairs, the snapshot spelling.
std::string format_hex(const Bytes& bytes);

// "1d6b", "0104": one to four hex digits, either case; nullopt for anything else.
std::optional<uint16_t> parse_hex16(std::string_view text);

// Single-line printable rendering of a character for messages: 'z' or \x0a.
std::string describe_char(char c);

}  // namespace usbcheck::usb
