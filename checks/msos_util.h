// Rules shared by the MS OS 1.0 (msos1.) and MS OS 2.0 (msos2.) check families: property name
// lengths, property data against its type, meanings of the properties Windows drivers read, and
// compatible ID text.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "usb/model.h"

namespace usbcheck::checks::msos_util {

// wPropertyNameLength against the UTF-16LE name it covers (`name` holds the bytes present, up to
// wPropertyNameLength of them); "" when it holds.
std::string name_length_problem(uint32_t name_length, std::span<const uint8_t> name);

// Property data against its registry type (REG_DWORD: 4 bytes; strings: UTF-16LE with NUL;
// REG_MULTI_SZ: ends with two NULs); "" when it fits or the type is unknown.
std::string data_problem(uint32_t type, const usb::Bytes& data);

// The meaning of a property Windows drivers read (IdleUsbSelectiveSuspendPolicy, DeviceIdleEnabled,
// DeviceInterfaceGUID(s), ...), compared case-insensitively; "" when it holds or is not known.
std::string known_property_problem(const std::string& name, uint32_t type, const usb::Bytes& data);

// An 8-byte compatible ID or sub-compatible ID field: uppercase letters, digits and underscore,
// NUL-padded; "" when it holds. `field` names it in the message.
std::string compatible_id_problem(std::string_view field, std::span<const uint8_t> id);

// Number of functions in configuration 0: IADs plus interfaces outside any IAD.
size_t function_count(const usb::Configuration& config);
// The IAD that covers `interface_number`, or nullptr.
const usb::InterfaceAssociation* iad_covering(const usb::Configuration& config, uint8_t interface_number);

}  // namespace usbcheck::checks::msos_util
