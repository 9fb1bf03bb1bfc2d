// libFuzzer target: load_input_bytes on any bytes gives snapshots or an InputError, and every
// snapshot replays the probe's first requests and writes as snapshot JSON that parses again.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "usb/input.h"

namespace {

using usbcheck::usb::ControlSetup;

// GET_DESCRIPTOR device, configuration 0 (header, then the most a device can return), BOS, string 0.
const ControlSetup k_requests[] = {
    {0x80, 0x06, 0x0100, 0x0000, 18},   {0x80, 0x06, 0x0200, 0x0000, 9},
    {0x80, 0x06, 0x0200, 0x0000, 0xFFFF}, {0x80, 0x06, 0x0F00, 0x0000, 5},
    {0x80, 0x06, 0x0300, 0x0000, 0xFF},   {0x80, 0x06, 0x0201, 0x0000, 0xFFFF},
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // An exact-size copy, so AddressSanitizer sees any read past the end.
    const usbcheck::usb::Bytes content(data, data + size);
    const auto loaded = usbcheck::usb::load_input_bytes(content, "fuzz");
    if (!loaded) {
        if (loaded.error().message.empty() || loaded.error().message.find('\n') != std::string::npos)
            __builtin_trap();
        return 0;
    }
    if (loaded->devices.empty()) __builtin_trap();
    for (const auto& snapshot : loaded->devices) {
        usbcheck::usb::ReplayDevice device(snapshot);
        for (const auto& request : k_requests) {
            const auto result = device.control_in(request);
            if (result.data.size() > request.wLength) __builtin_trap();
        }
        if (!usbcheck::usb::parse_snapshot(usbcheck::usb::write_snapshot(snapshot))) __builtin_trap();
    }
    return 0;
}
