// UTF-16LE to UTF-8, for USB string descriptors, Microsoft OS property names and INF files.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace usbcheck::usb {

struct Utf16Text {
    std::string text;   // UTF-8
    bool valid = true;  // false when an unpaired surrogate was replaced by U+FFFD
    size_t end = 0;     // offset after the last code unit read (after the NUL with stop_at_nul)
};

// Decodes the whole code units in [from, end) of `bytes` (end is clamped to the size). With
// stop_at_nul the walk stops after the first U+0000, which is not part of the text.
Utf16Text decode_utf16le(std::span<const uint8_t> bytes, size_t from, size_t end, bool stop_at_nul);

void append_utf8(std::string& out, uint32_t code_point);

}  // namespace usbcheck::usb
