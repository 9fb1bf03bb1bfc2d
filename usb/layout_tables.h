// Field tables for descriptors decoded generically (CDC functional descriptors, BOS
// capabilities), in the manner of usbutils' desc-defs.c.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "usb/model.h"

namespace usbcheck::usb {

struct FieldDef {
    const char* name = nullptr;
    size_t offset = 0;  // within the descriptor
    size_t size = 0;    // 1, 2, 4, or a byte array (value not decoded)
};

struct Layout {
    uint8_t code;             // CDC bDescriptorSubType or bDevCapabilityType
    const char* name;
    size_t min_length;        // the length the fixed fields need (or the spec's exact length)
    bool exact_length;        // the spec fixes bLength to min_length
    FieldDef fields[8];
};

const Layout* cdc_layout(uint8_t subtype);
const Layout* capability_layout(uint8_t capability_type);

// Appends each field that fits in `bytes` (offsets made absolute with `base`); false if some
// field did not fit.
bool decode_fields(const Layout& layout, std::span<const uint8_t> bytes, size_t base,
                   std::vector<DecodedField>& out);

}  // namespace usbcheck::usb
