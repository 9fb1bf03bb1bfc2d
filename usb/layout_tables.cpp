// Layout tables for table-decoded descriptors: CDC functional descriptors (CDC 1.2 table 13,
// PSTN 1.2) and BOS device capabilities (USB 3.2 table 9-14), walked by one generic decoder.
#include "usb/layout_tables.h"

#include <array>
#include <cstdio>

#include "usb/byte_reader.h"
#include "usb/parser.h"

namespace usbcheck::usb {
namespace {

// Sources: usb-reference.md section 2.2 (Linux cdc.h, lsusb dump_comm_descriptor).
constexpr std::array k_cdc_layouts = {
    Layout{0x00, "CDC Header", 5, true, {{"bcdCDC", 3, 2}}},
    Layout{0x01, "CDC Call Management", 5, true, {{"bmCapabilities", 3, 1}, {"bDataInterface", 4, 1}}},
    Layout{0x02, "CDC Abstract Control Management", 4, true, {{"bmCapabilities", 3, 1}}},
    Layout{0x03, "CDC Direct Line Management", 4, false, {{"bmCapabilities", 3, 1}}},
    Layout{0x04, "CDC Telephone Ringer", 5, true, {{"bRingerVolSteps", 3, 1}, {"bNumRingerPatterns", 4, 1}}},
    Layout{0x05, "CDC Telephone Call and Line State Reporting", 7, true, {{"bmCapabilities", 3, 4}}},
    Layout{0x06, "CDC Union", 5, false, {{"bControlInterface", 3, 1}}},  // + subordinate list
    Layout{0x07, "CDC Country Selection", 6, false, {{"iCountryCodeRelDate", 3, 1}}},  // + country codes
    Layout{0x08, "CDC Telephone Operational Modes", 4, true, {{"bmCapabilities", 3, 1}}},
    Layout{0x09, "CDC USB Terminal", 7, false, {{"bEntityId", 3, 1}, {"bInterfaceNo", 4, 1}, {"bOutInterfaceNo", 5, 1}, {"bmOptions", 6, 1}}},
    Layout{0x0A, "CDC Network Channel Terminal", 7, true, {{"bEntityId", 3, 1}, {"iName", 4, 1}, {"bChannelIndex", 5, 1}, {"bPhysicalInterface", 6, 1}}},
    Layout{0x0B, "CDC Protocol Unit", 5, false, {{"bEntityId", 3, 1}, {"bProtocol", 4, 1}}},
    Layout{0x0C, "CDC Extension Unit", 7, false, {{"bEntityId", 3, 1}, {"bExtensionCode", 4, 1}, {"iName", 5, 1}, {"bChildId0", 6, 1}}},
    Layout{0x0D, "CDC Multi-Channel Management", 4, true, {{"bmCapabilities", 3, 1}}},
    Layout{0x0E, "CDC CAPI Control Management", 4, true, {{"bmCapabilities", 3, 1}}},
    Layout{0x0F, "CDC Ethernet Networking", 13, true, {{"iMACAddress", 3, 1}, {"bmEthernetStatistics", 4, 4}, {"wMaxSegmentSize", 8, 2}, {"wNumberMCFilters", 10, 2}, {"bNumberPowerFilters", 12, 1}}},
    Layout{0x10, "CDC ATM Networking", 12, true, {{"iEndSystemIdentifier", 3, 1}, {"bmDataCapabilities", 4, 1}, {"bmATMDeviceStatistics", 5, 1}, {"wType2MaxSegmentSize", 6, 2}, {"wType3MaxSegmentSize", 8, 2}, {"wMaxVC", 10, 2}}},
    Layout{0x11, "CDC Wireless Handset Control Model", 5, true, {{"bcdVersion", 3, 2}}},
    Layout{0x12, "CDC Mobile Direct Line Model", 21, true, {{"bcdVersion", 3, 2}, {"bGUID", 5, 16}}},
    Layout{0x13, "CDC MDLM Detail", 5, false, {{"bGuidDescriptorType", 3, 1}}},
    Layout{0x14, "CDC Device Management Model", 7, true, {{"bcdVersion", 3, 2}, {"wMaxCommand", 5, 2}}},
    Layout{0x15, "CDC OBEX", 5, true, {{"bcdVersion", 3, 2}}},
    Layout{0x16, "CDC Command Set", 22, true, {{"bcdVersion", 3, 2}, {"iCommandSet", 5, 1}, {"bGUID", 6, 16}}},
    Layout{0x17, "CDC Command Set Detail", 5, false, {{"bGuidDescriptorType", 3, 1}}},
    Layout{0x18, "CDC Telephone Control Model", 7, true, {{"bmCapabilities", 3, 1}, {"wMaxCommand", 4, 2}}},
    Layout{0x19, "CDC OBEX Service Identifier", 4, false, {{"bmOBEXRole", 3, 1}}},
    Layout{0x1A, "CDC Network Control Model", 6, true, {{"bcdNcmVersion", 3, 2}, {"bmNetworkCapabilities", 5, 1}}},
    Layout{0x1B, "CDC Mobile Broadband Interface Model", 12, true, {{"bcdMBIMVersion", 3, 2}, {"wMaxControlMessage", 5, 2}, {"bNumberFilters", 7, 1}, {"bMaxFilterSize", 8, 1}, {"wMaxSegmentSize", 9, 2}, {"bmNetworkCapabilities", 11, 1}}},
    Layout{0x1C, "CDC MBIM Extended", 8, true, {{"bcdMBIMExtendedVersion", 3, 2}, {"bMaxOutstandingCommandMessages", 5, 1}, {"wMTU", 6, 2}}},
};

// Sources: usb-reference.md section 1.2 (Linux ch9.h, lsusb.c, libopencm3 bos.h).
constexpr std::array k_capability_layouts = {
    Layout{cap::wireless_usb, "Wireless USB", 11, false, {{"bmAttributes", 3, 1}, {"wPHYRates", 4, 2}, {"bmTFITXPowerInfo", 6, 1}, {"bmFFITXPowerInfo", 7, 1}, {"bmBandGroup", 8, 2}, {"bReserved", 10, 1}}},
    Layout{cap::usb20_extension, "USB 2.0 Extension", 7, false, {{"bmAttributes", 3, 4}}},
    Layout{cap::superspeed, "SuperSpeed USB", 10, false, {{"bmAttributes", 3, 1}, {"wSpeedsSupported", 4, 2}, {"bFunctionalitySupport", 6, 1}, {"bU1DevExitLat", 7, 1}, {"wU2DevExitLat", 8, 2}}},
    Layout{cap::container_id, "Container ID", 20, false, {{"bReserved", 3, 1}, {"ContainerID", 4, 16}}},
    Layout{cap::platform, "Platform", 20, false, {{"bReserved", 3, 1}, {"PlatformCapabilityUUID", 4, 16}}},
    Layout{0x06, "Power Delivery", 3, false, {}},
    Layout{0x07, "Battery Info", 3, false, {}},
    Layout{0x08, "PD Consumer Port", 3, false, {}},
    Layout{0x09, "PD Provider Port", 3, false, {}},
    Layout{cap::superspeed_plus, "SuperSpeedPlus USB", 12, false, {{"bReserved", 3, 1}, {"bmAttributes", 4, 4}, {"wFunctionalitySupport", 8, 2}, {"wReserved", 10, 2}}},
    Layout{cap::ptm, "Precision Time Measurement", 3, false, {}},
    Layout{0x0C, "Wireless USB Ext", 3, false, {}},
    Layout{cap::billboard, "Billboard", 44, false, {{"iAdditionalInfoURL", 3, 1}, {"bNumberOfAlternateModes", 4, 1}, {"bPreferredAlternateMode", 5, 1}, {"VconnPower", 6, 2}, {"bmConfigured", 8, 32}, {"bcdVersion", 40, 2}, {"bAdditionalFailureInfo", 42, 1}, {"bReserved", 43, 1}}},
    Layout{0x0E, "Authentication", 3, false, {}},
    Layout{cap::billboard_alt_mode, "Billboard Alternate Mode", 8, false, {{"bIndex", 3, 1}, {"dwAlternateModeVdo", 4, 4}}},
    Layout{0x10, "Configuration Summary", 9, false, {{"bcdVersion", 3, 2}, {"bClass", 5, 1}, {"bSubClass", 6, 1}, {"bProtocol", 7, 1}, {"bConfigurationCount", 8, 1}}},
};

template <size_t N>
const Layout* find_layout(const std::array<Layout, N>& table, uint8_t code) {
    for (const auto& l : table)
        if (l.code == code) return &l;
    return nullptr;
}

}  // namespace

const Layout* cdc_layout(uint8_t subtype) { return find_layout(k_cdc_layouts, subtype); }
const Layout* capability_layout(uint8_t type) { return find_layout(k_capability_layouts, type); }

const char* cdc_functional_name(uint8_t subtype) {
    const auto* l = cdc_layout(subtype);
    return l ? l->name : nullptr;
}

const char* capability_name(uint8_t capability_type) {
    const auto* l = capability_layout(capability_type);
    return l ? l->name : nullptr;
}

bool decode_fields(const Layout& layout, std::span<const uint8_t> bytes, size_t base,
                   std::vector<DecodedField>& out) {
    ByteReader r(bytes);
    bool all_fit = true;
    for (const auto& f : layout.fields) {
        if (f.name == nullptr) break;
        if (!r.has(f.offset, f.size)) {
            all_fit = false;
            continue;
        }
        uint32_t value = 0;
        if (f.size == 1) value = r.u8(f.offset);
        else if (f.size == 2) value = r.u16(f.offset);
        else if (f.size == 4) value = r.u32(f.offset);
        out.push_back({f.name, base + f.offset, f.size, value});
    }
    return all_fit;
}

std::string uuid_string(const std::array<uint8_t, 16>& g) {
    char buf[40];
    std::snprintf(buf, sizeof buf,
                  "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                  g[3], g[2], g[1], g[0], g[5], g[4], g[7], g[6], g[8], g[9], g[10], g[11], g[12],
                  g[13], g[14], g[15]);
    return buf;
}

}  // namespace usbcheck::usb
