// The descriptor model: what a device's raw descriptor bytes say, with the byte offset of every
// descriptor so that any field's location is (descriptor offset + the field's offset in its layout).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "usb/types.h"

namespace usbcheck::usb {

// Where a blob of descriptor bytes came from: "device", "config[0]", "other-speed[0]",
// "qualifier", "bos", "string[0x0409][2]", "hid-report[1]". Offsets are relative to its start.
struct BlobRef {
    std::string name;
};

// Whether a descriptor could be read at all, independent of what its bytes say.
enum class Availability {
    present,       // read successfully (bytes may still be malformed)
    stalled,       // the device stalled the request
    failed,        // timeout or I/O error
    not_captured,  // the input does not carry it (e.g. a sysfs file has no strings)
};
std::string_view to_string(Availability availability);
Availability availability_from(TransferStatus status);

// A field decoded by a layout table (CDC functional descriptors, BOS capabilities).
struct DecodedField {
    std::string name;    // spec spelling: "bcdCDC", "bmCapabilities"
    size_t offset = 0;   // absolute offset in the blob
    size_t size = 0;     // 1, 2 or 4 bytes (or more for byte arrays, value then 0)
    uint32_t value = 0;
};

// A descriptor the parser does not model as its own type: class-specific (CS_INTERFACE etc.) or
// unknown. CDC functional descriptors are decoded from a table into `fields`.
struct ExtraDescriptor {
    size_t offset = 0;
    uint8_t bLength = 0;
    uint8_t bDescriptorType = 0;
    std::optional<uint8_t> bDescriptorSubType;  // byte 2 when bLength >= 3
    std::string name;                           // "CDC Header", "" when unknown
    bool decoded = false;                       // a table entry matched and the length fit
    std::vector<DecodedField> fields;
    Bytes bytes;                                // the whole descriptor as present

    const DecodedField* field(std::string_view field_name) const;
};

struct HidDescriptor {
    size_t offset = 0;
    uint8_t bLength = 0;
    uint16_t bcdHID = 0;
    uint8_t bCountryCode = 0;
    uint8_t bNumDescriptors = 0;
    struct Entry {
        size_t offset = 0;  // of bDescriptorType in this entry
        uint8_t bDescriptorType = 0;
        uint16_t wDescriptorLength = 0;
    };
    std::vector<Entry> entries;
};

struct SsEndpointCompanion {
    size_t offset = 0;
    uint8_t bLength = 0;
    uint8_t bMaxBurst = 0;
    uint8_t bmAttributes = 0;
    uint16_t wBytesPerInterval = 0;
};

enum class TransferType { control = 0, isochronous = 1, bulk = 2, interrupt = 3 };
std::string_view to_string(TransferType type);

struct Endpoint {
    size_t offset = 0;
    uint8_t bLength = 0;
    uint8_t bEndpointAddress = 0;
    uint8_t bmAttributes = 0;
    uint16_t wMaxPacketSize = 0;
    uint8_t bInterval = 0;
    std::optional<uint8_t> bRefresh;       // 9-byte audio endpoints
    std::optional<uint8_t> bSynchAddress;  // 9-byte audio endpoints
    std::optional<SsEndpointCompanion> ss_companion;
    std::vector<ExtraDescriptor> extra;    // class-specific endpoint descriptors that follow it

    uint8_t number() const { return bEndpointAddress & 0x0F; }
    bool is_in() const { return (bEndpointAddress & 0x80) != 0; }
    TransferType type() const { return static_cast<TransferType>(bmAttributes & 0x03); }
    uint16_t max_packet() const { return wMaxPacketSize & 0x07FF; }
    uint8_t mult_bits() const { return (wMaxPacketSize >> 11) & 0x03; }  // additional transactions
};

struct Interface {
    size_t offset = 0;
    uint8_t bLength = 0;
    uint8_t bInterfaceNumber = 0;
    uint8_t bAlternateSetting = 0;
    uint8_t bNumEndpoints = 0;
    uint8_t bInterfaceClass = 0;
    uint8_t bInterfaceSubClass = 0;
    uint8_t bInterfaceProtocol = 0;
    uint8_t iInterface = 0;
    std::optional<HidDescriptor> hid;       // HID class descriptor (type 0x21) in a class-03 interface
    std::vector<ExtraDescriptor> extra;     // class-specific/unknown descriptors before the endpoints
    std::vector<Endpoint> endpoints;
    std::optional<size_t> iad;              // index into Configuration::iads of the IAD covering it
};

struct InterfaceAssociation {
    size_t offset = 0;
    uint8_t bLength = 0;
    uint8_t bFirstInterface = 0;
    uint8_t bInterfaceCount = 0;
    uint8_t bFunctionClass = 0;
    uint8_t bFunctionSubClass = 0;
    uint8_t bFunctionProtocol = 0;
    uint8_t iFunction = 0;
    size_t position = 0;  // index of the next interface descriptor in Configuration::interfaces
};

struct Configuration {
    std::string blob;              // "config[0]" or "other-speed[0]"
    bool other_speed = false;
    size_t bytes_present = 0;      // what the device returned for the full request
    uint8_t bLength = 0;
    uint8_t bDescriptorType = 0;
    uint16_t wTotalLength = 0;
    uint8_t bNumInterfaces = 0;
    uint8_t bConfigurationValue = 0;
    uint8_t iConfiguration = 0;
    uint8_t bmAttributes = 0;
    uint8_t bMaxPower = 0;
    std::vector<InterfaceAssociation> iads;
    std::vector<Interface> interfaces;    // every alternate setting, in descriptor order
    std::vector<ExtraDescriptor> extra;   // descriptors before the first interface (other than IADs)
    Bytes bytes;                          // the raw configuration bundle as returned

    // Distinct bInterfaceNumber values, ascending.
    std::vector<uint8_t> interface_numbers() const;
    const Interface* find_interface(uint8_t number, uint8_t alternate = 0) const;
};

struct DeviceDescriptor {
    uint8_t bLength = 0;
    uint8_t bDescriptorType = 0;
    uint16_t bcdUSB = 0;
    uint8_t bDeviceClass = 0;
    uint8_t bDeviceSubClass = 0;
    uint8_t bDeviceProtocol = 0;
    uint8_t bMaxPacketSize0 = 0;
    uint16_t idVendor = 0;
    uint16_t idProduct = 0;
    uint16_t bcdDevice = 0;
    uint8_t iManufacturer = 0;
    uint8_t iProduct = 0;
    uint8_t iSerialNumber = 0;
    uint8_t bNumConfigurations = 0;
    size_t bytes_present = 0;
    Bytes bytes;
};

struct DeviceQualifier {
    uint8_t bLength = 0;
    uint8_t bDescriptorType = 0;
    uint16_t bcdUSB = 0;
    uint8_t bDeviceClass = 0;
    uint8_t bDeviceSubClass = 0;
    uint8_t bDeviceProtocol = 0;
    uint8_t bMaxPacketSize0 = 0;
    uint8_t bNumConfigurations = 0;
    uint8_t bReserved = 0;
    Bytes bytes;
};

// Device capability type codes (USB 3.2 table 9-14, USB-C billboard).
namespace cap {
constexpr uint8_t wireless_usb = 0x01;
constexpr uint8_t usb20_extension = 0x02;
constexpr uint8_t superspeed = 0x03;
constexpr uint8_t container_id = 0x04;
constexpr uint8_t platform = 0x05;
constexpr uint8_t superspeed_plus = 0x0A;
constexpr uint8_t ptm = 0x0B;
constexpr uint8_t billboard = 0x0D;
constexpr uint8_t billboard_alt_mode = 0x0F;
}  // namespace cap

enum class PlatformKind { none, ms_os_20, webusb, unknown };

struct MsOs20SetInfo {
    size_t offset = 0;
    uint32_t dwWindowsVersion = 0;
    uint16_t wMSOSDescriptorSetTotalLength = 0;
    uint8_t bMS_VendorCode = 0;
    uint8_t bAltEnumCode = 0;
};

struct BosCapability {
    size_t offset = 0;
    uint8_t bLength = 0;
    uint8_t bDescriptorType = 0;
    uint8_t bDevCapabilityType = 0;
    std::string name;                  // "USB 2.0 Extension", "Platform", "unknown (0x11)"
    bool known = false;                // a layout exists for this type
    bool decoded = false;              // the layout fit in bLength
    std::vector<DecodedField> fields;  // fixed and repeated fields, by layout table
    Bytes bytes;
    // Platform capability.
    std::optional<std::array<uint8_t, 16>> uuid;  // as stored (GUID byte order)
    PlatformKind platform = PlatformKind::none;
    std::vector<MsOs20SetInfo> msos20;

    const DecodedField* field(std::string_view field_name) const;
};

struct Bos {
    uint8_t bLength = 0;
    uint8_t bDescriptorType = 0;
    uint16_t wTotalLength = 0;
    uint8_t bNumDeviceCaps = 0;
    size_t bytes_present = 0;
    std::vector<BosCapability> caps;
    Bytes bytes;

    const BosCapability* find(uint8_t capability_type) const;
};

struct StringDescriptor {
    uint8_t index = 0;
    uint16_t langid = 0;
    Availability availability = Availability::not_captured;
    uint8_t bLength = 0;
    uint8_t bDescriptorType = 0;
    Bytes bytes;
    std::string text;            // UTF-8, decoded from UTF-16LE; U+FFFD for bad code units
    bool valid_utf16 = true;
};

struct LangIdTable {
    Availability availability = Availability::not_captured;
    uint8_t bLength = 0;
    uint8_t bDescriptorType = 0;
    std::vector<uint16_t> langids;
    Bytes bytes;
};

// A problem the parser met while walking the bytes. Checks turn these into findings.
enum class NoteKind {
    truncated,             // fewer bytes than the descriptor or header needs
    zero_length,           // bLength 0 (the walk stops: the rest cannot be located)
    length_too_short,      // bLength below the minimum for its type
    length_overrun,        // bLength runs past the bytes present
    wrong_type,            // bDescriptorType not the one requested
    unexpected_descriptor, // a DEVICE or CONFIGURATION descriptor inside a configuration
    orphan_descriptor,     // endpoint or companion outside any interface / endpoint
    trailing_bytes,        // bytes after the last complete descriptor
    total_length_mismatch, // wTotalLength disagrees with the bytes the device returned
    cap_count_mismatch,    // bNumDeviceCaps disagrees with the capabilities found
    odd_length,            // string bLength odd
};
std::string_view to_string(NoteKind kind);

struct ParseNote {
    NoteKind kind;
    std::string blob;  // BlobRef name
    size_t offset = 0; // absolute offset in the blob
    std::string message;
};

struct HidReportDescriptor {
    uint8_t interface_number = 0;
    Availability availability = Availability::not_captured;
    Bytes bytes;
};

// Raw bytes of a descriptor the foundation does not decode yet (Microsoft OS descriptors).
struct RawBlob {
    Availability availability = Availability::not_captured;
    Bytes bytes;
};

// Microsoft OS descriptors as the device answered them (decoding and checks: msos1./msos2.).
struct MsOsDescriptors {
    RawBlob os_string;                         // string 0xEE, wIndex 0
    std::optional<uint8_t> vendor_code;        // bMS_VendorCode when the 0xEE string says MSFT100
    RawBlob compat_id;                         // vendor request, device recipient, wIndex 4
    struct ExtendedProperties {
        uint8_t interface_number = 0;
        RawBlob blob;
        // "high" when the interface number in the high byte of wValue answered (as Windows asks),
        // "low" when only the low byte did (what Linux gadgets expect), "either" for interface 0
        // (both orders are the same request), "" when neither answered.
        std::string wvalue_byte;
    };
    std::vector<ExtendedProperties> extended_properties;  // one per interface number
    RawBlob msos20_set;                        // from the BOS MS OS 2.0 platform capability
    std::optional<uint8_t> msos20_vendor_code;
};

// Everything known about one device, from any source.
struct DescriptorSet {
    std::string source;              // "snapshot:path", "sysfs:path", "live:1-1.2"
    Speed speed = Speed::unknown;
    std::string speed_origin;        // "input", "--speed", "inferred from bcdUSB 3.x", ""

    Availability device_availability = Availability::not_captured;
    std::optional<DeviceDescriptor> device;

    // Indexed by configuration index; every requested index has an entry.
    std::vector<Availability> configuration_availability;
    std::vector<Configuration> configurations;   // only the ones that were present

    Availability qualifier_availability = Availability::not_captured;
    std::optional<DeviceQualifier> qualifier;
    std::vector<Configuration> other_speed;

    Availability bos_availability = Availability::not_captured;
    std::optional<Bos> bos;

    LangIdTable langids;
    std::vector<StringDescriptor> strings;        // every (index, langid) that was requested
    std::vector<HidReportDescriptor> hid_reports;
    MsOsDescriptors msos;

    std::vector<ParseNote> notes;
    bool device_lost = false;        // a request answered `disconnected`: the probe stopped there

    const StringDescriptor* find_string(uint8_t index, std::optional<uint16_t> langid = {}) const;
    // First string of that index in the first LANGID that answered; "" when absent.
    std::string string_text(uint8_t index) const;
};

}  // namespace usbcheck::usb
