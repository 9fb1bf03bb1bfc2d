// Fuzzes the Microsoft OS descriptor parsers and value texts. Input: the first byte picks the
// parser (OS string, compat ID, extended properties, MS OS 2.0 set), the rest is its blob.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "usb/msos.h"

using namespace usbcheck::usb;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const Bytes bytes(data + 1, data + size);  // exact-size copy: ASan sees overreads
    std::vector<msos::Note> notes;
    switch (data[0] % 4) {
    case 0:
        msos::parse_os_string(bytes, notes);
        break;
    case 1:
        if (auto c = msos::parse_compat_id(bytes, notes))
            for (const auto& f : c->functions) (void)(f.compatible_id() + f.sub_compatible_id());
        break;
    case 2:
        if (auto e = msos::parse_extended_properties(bytes, notes))
            for (const auto& p : e->properties) (void)msos::property_value_text(p.dwPropertyDataType, p.data);
        break;
    default:
        if (auto s = msos::parse_set20(bytes, notes); s && s->header)
            for (const auto& c : s->header->children) (void)msos::property_value_text(c.wPropertyDataType, c.property_data);
        break;
    }
    return 0;
}
