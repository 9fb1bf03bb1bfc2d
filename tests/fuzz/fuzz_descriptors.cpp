// Fuzzes the parser, the checks and the writers with arbitrary descriptor bytes for every request
// the probe makes. Input: records of [selector][length lo][length hi][bytes...].
#include <cstddef>
#include <cstdint>
#include <vector>

#include "fuzz_pipeline.h"

using namespace usbcheck;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::vector<uint8_t> input(data, data + size);  // exact-size copy: ASan sees overreads
    usb::Snapshot snapshot;
    snapshot.complete = true;
    snapshot.speed = static_cast<usb::Speed>(size % 6);
    size_t pos = 0;
    while (pos + 3 <= input.size()) {
        const uint8_t selector = input[pos];
        const size_t length = std::min<size_t>(input[pos + 1] | (input[pos + 2] << 8), input.size() - pos - 3);
        usb::Bytes bytes(input.begin() + static_cast<std::ptrdiff_t>(pos + 3),
                         input.begin() + static_cast<std::ptrdiff_t>(pos + 3 + length));
        pos += 3 + length;
        // selector: high nibble picks the descriptor type, low nibble its index.
        static constexpr uint8_t k_types[] = {0x01, 0x02, 0x0F, 0x03, 0x06, 0x07, 0x22};
        const uint8_t type = k_types[(selector >> 4) % std::size(k_types)];
        const uint8_t index = selector & 0x0F;
        const uint16_t windex = type == 0x03 && index != 0 ? 0x0409 : (type == 0x22 ? index : 0);
        const uint8_t request_type = type == 0x22 ? 0x81 : 0x80;
        snapshot.control.push_back({{request_type, 0x06, static_cast<uint16_t>(type << 8 | index), windex, 0xFFFF},
                                    {usb::TransferStatus::ok, std::move(bytes)}});
    }
    usb::ReplayDevice device(std::move(snapshot));
    fuzz::run_pipeline(device);
    return 0;
}
