// Microsoft OS descriptors decoded from the raw bytes the probe read: the MS OS 1.0 OS string,
// extended compat ID and extended properties, and the MS OS 2.0 descriptor set. Total parsers:
// any bytes give a model plus notes (offsets are relative to the start of each blob).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "usb/model.h"

namespace usbcheck::usb::msos {

struct Note {
    size_t offset = 0;
    std::string message;  // one line: what is wrong, actual and expected
};

// MS OS 1.0 string descriptor at index 0xEE (18 bytes).
struct OsString {
    uint8_t bLength = 0;
    uint8_t bDescriptorType = 0;
    bool signature_ok = false;   // "MSFT100" in UTF-16LE at bytes 2..15
    uint8_t bMS_VendorCode = 0;
    uint8_t bPad = 0;
    size_t bytes_present = 0;
};
std::optional<OsString> parse_os_string(const Bytes& bytes, std::vector<Note>& notes);

// Extended compat ID (wIndex 4): 16-byte header + 24-byte function sections.
struct CompatIdFunction {
    size_t offset = 0;
    uint8_t bFirstInterfaceNumber = 0;
    uint8_t reserved1 = 0;                       // 0x01 per the specification
    std::array<uint8_t, 8> compatibleID{};       // ASCII, NUL-padded
    std::array<uint8_t, 8> subCompatibleID{};
    std::array<uint8_t, 6> reserved2{};
    std::string compatible_id() const;           // up to the first NUL
    std::string sub_compatible_id() const;
};
struct CompatId {
    uint32_t dwLength = 0;
    uint16_t bcdVersion = 0;
    uint16_t wIndex = 0;
    uint8_t bCount = 0;
    std::array<uint8_t, 7> reserved{};
    size_t bytes_present = 0;
    std::vector<CompatIdFunction> functions;
};
std::optional<CompatId> parse_compat_id(const Bytes& bytes, std::vector<Note>& notes);

// Extended properties (wIndex 5): 10-byte header + custom property sections.
struct Property {
    size_t offset = 0;
    uint32_t dwSize = 0;
    uint32_t dwPropertyDataType = 0;   // 1 REG_SZ .. 7 REG_MULTI_SZ
    uint16_t wPropertyNameLength = 0;
    Bytes name_bytes;                  // as present (UTF-16LE)
    std::string name;                  // decoded up to the first NUL
    uint32_t dwPropertyDataLength = 0;
    Bytes data;
    bool complete = false;             // the whole section was present
};
struct ExtendedProperties {
    uint32_t dwLength = 0;
    uint16_t bcdVersion = 0;
    uint16_t wIndex = 0;
    uint16_t wCount = 0;
    size_t bytes_present = 0;
    std::vector<Property> properties;
};
std::optional<ExtendedProperties> parse_extended_properties(const Bytes& bytes, std::vector<Note>& notes);

// MS OS 2.0 descriptor set (wIndex 7): a tree of descriptors, each wLength + wDescriptorType.
struct Set20Descriptor {
    size_t offset = 0;
    uint16_t wLength = 0;
    uint16_t wDescriptorType = 0;      // 0 set header .. 8 vendor revision
    Bytes bytes;                       // the descriptor as present
    // Decoded fields by type (zero when not applicable).
    uint32_t dwWindowsVersion = 0;     // set header
    uint16_t wTotalLength = 0;         // set header, configuration subset; function subset: wSubsetLength
    uint8_t bConfigurationValue = 0;   // configuration subset
    uint8_t bFirstInterface = 0;       // function subset
    std::string compatible_id, sub_compatible_id;  // compatible ID feature
    uint16_t wPropertyDataType = 0;    // registry property
    uint16_t wPropertyNameLength = 0;
    std::string property_name;
    uint16_t wPropertyDataLength = 0;
    Bytes property_data;
    std::vector<Set20Descriptor> children;  // subsets hold their features
};
struct Set20 {
    size_t bytes_present = 0;
    std::optional<Set20Descriptor> header;  // with the tree in children
};
std::optional<Set20> parse_set20(const Bytes& bytes, std::vector<Note>& notes);

// Registry values Windows creates from properties (MS OS 1.0 extended properties or MS OS 2.0
// registry property features), for the `windows.` prediction and describe.
std::string registry_type_name(uint32_t type);  // "REG_SZ" ... ; "" for unknown
// Text of a property value: strings decoded, DWORDs as numbers, binary as hex.
std::string property_value_text(uint32_t type, const Bytes& data);

}  // namespace usbcheck::usb::msos
