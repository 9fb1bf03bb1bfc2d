// The total descriptor parser: any byte string gives a model plus parse notes. It never prints
// and never judges; malformed bytes become ParseNotes that checks report.
#pragma once

#include "usb/model.h"

namespace usbcheck::usb {

// Each returns nullopt only when not even the fixed header is present (a note says why).
std::optional<DeviceDescriptor> parse_device(const Bytes& bytes, std::vector<ParseNote>& notes);
std::optional<DeviceQualifier> parse_qualifier(const Bytes& bytes, std::vector<ParseNote>& notes);
// blob: "config[0]" / "other-speed[0]"; expected_type 0x02 or 0x07.
std::optional<Configuration> parse_configuration(const Bytes& bytes, const std::string& blob,
                                                 uint8_t expected_type, std::vector<ParseNote>& notes);
std::optional<Bos> parse_bos(const Bytes& bytes, std::vector<ParseNote>& notes);
LangIdTable parse_langids(const Bytes& bytes, std::vector<ParseNote>& notes);
StringDescriptor parse_string(uint8_t index, uint16_t langid, const Bytes& bytes,
                              std::vector<ParseNote>& notes);

// Table lookups used by the parser and by `describe`.
const char* cdc_functional_name(uint8_t subtype);       // nullptr when unknown
const char* capability_name(uint8_t capability_type);    // nullptr when unknown
std::string uuid_string(const std::array<uint8_t, 16>& guid_bytes);  // GUID byte order -> text

}  // namespace usbcheck::usb
