// libFuzzer target: parse_snapshot on any text gives a snapshot or a one-line InputError, and
// anything it accepts survives a write/parse round trip unchanged.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "usb/snapshot.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // An exact-size copy, so AddressSanitizer sees any read past the end.
    const std::vector<char> text(data, data + size);
    const auto snapshot = usbcheck::usb::parse_snapshot(std::string_view(text.data(), text.size()));
    if (!snapshot) {
        if (snapshot.error().message.empty() || snapshot.error().message.find('\n') != std::string::npos)
            __builtin_trap();
        return 0;
    }
    const std::string written = usbcheck::usb::write_snapshot(*snapshot);
    const auto again = usbcheck::usb::parse_snapshot(written);
    if (!again || usbcheck::usb::write_snapshot(*again) != written) __builtin_trap();
    return 0;
}
