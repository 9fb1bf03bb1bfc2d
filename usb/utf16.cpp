// UTF-16LE decoding with surrogate pairs; anything malformed becomes U+FFFD.
#include "usb/utf16.h"

#include <algorithm>

namespace usbcheck::usb {

void append_utf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

Utf16Text decode_utf16le(std::span<const uint8_t> bytes, size_t from, size_t end, bool stop_at_nul) {
    end = std::min(end, bytes.size());
    auto unit_at = [&](size_t i) { return static_cast<uint32_t>(bytes[i] | (bytes[i + 1] << 8)); };
    Utf16Text out;
    size_t i = from;
    for (; i + 1 < end; i += 2) {
        uint32_t unit = unit_at(i);
        if (unit == 0 && stop_at_nul) {
            i += 2;
            break;
        }
        if (unit >= 0xD800 && unit <= 0xDBFF && i + 3 < end) {
            const uint32_t low = unit_at(i + 2);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                append_utf8(out.text, 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
                i += 2;
                continue;
            }
        }
        if (unit >= 0xD800 && unit <= 0xDFFF) {
            out.valid = false;
            unit = 0xFFFD;
        }
        append_utf8(out.text, unit);
    }
    out.end = std::max(i, from);
    return out;
}

}  // namespace usbcheck::usb
