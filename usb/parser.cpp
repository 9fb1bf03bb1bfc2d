// The total descriptor parser for device, qualifier and configuration bundles: every loop is
// bounded by the bytes present, and anything malformed becomes a ParseNote.
#include "usb/parser.h"

#include <algorithm>

#include <fmt/format.h>

#include "usb/byte_reader.h"
#include "usb/layout_tables.h"

namespace usbcheck::usb {
namespace {

void add_note(std::vector<ParseNote>& notes, NoteKind kind, const std::string& blob, size_t offset,
              std::string message) {
    notes.push_back({kind, blob, offset, std::move(message)});
}

ExtraDescriptor make_extra(const Bytes& bytes, size_t pos, size_t len) {
    ExtraDescriptor e;
    e.offset = pos;
    e.bLength = bytes[pos];
    e.bDescriptorType = pos + 1 < bytes.size() ? bytes[pos + 1] : 0;
    if (len >= 3) e.bDescriptorSubType = bytes[pos + 2];
    e.bytes.assign(bytes.begin() + static_cast<std::ptrdiff_t>(pos),
                   bytes.begin() + static_cast<std::ptrdiff_t>(pos + len));
    return e;
}

// CDC functional descriptors (CS_INTERFACE inside communications, data or vendor interfaces).
void decode_cdc(ExtraDescriptor& e) {
    if (!e.bDescriptorSubType) return;
    const Layout* layout = cdc_layout(*e.bDescriptorSubType);
    if (!layout) return;
    e.name = layout->name;
    std::span<const uint8_t> bytes(e.bytes);
    e.decoded = decode_fields(*layout, bytes, e.offset, e.fields) && e.bytes.size() >= layout->min_length;
    ByteReader r(bytes);
    if (*e.bDescriptorSubType == 0x06) {  // Union: subordinate interfaces to the end
        for (size_t i = 4, n = 0; i < bytes.size(); ++i, ++n)
            e.fields.push_back({fmt::format("bSubordinateInterface{}", n), e.offset + i, 1, r.u8(i)});
    } else if (*e.bDescriptorSubType == 0x07) {  // Country Selection: wCountryCode pairs
        for (size_t i = 4, n = 0; i + 1 < bytes.size(); i += 2, ++n)
            e.fields.push_back({fmt::format("wCountryCode{}", n), e.offset + i, 2, r.u16(i)});
    }
}

std::optional<HidDescriptor> parse_hid(const Bytes& bytes, size_t pos, size_t len) {
    if (len < 6) return std::nullopt;
    ByteReader r(std::span<const uint8_t>(bytes).subspan(pos, len));
    HidDescriptor h;
    h.offset = pos;
    h.bLength = r.u8(0);
    h.bcdHID = r.u16(2);
    h.bCountryCode = r.u8(4);
    h.bNumDescriptors = r.u8(5);
    for (size_t off = 6; off + 3 <= len; off += 3)
        h.entries.push_back({pos + off, r.u8(off), r.u16(off + 1)});
    return h;
}

bool is_cdc_context(uint8_t interface_class) {
    return interface_class == 0x02 || interface_class == 0x0A || interface_class == 0xFF;
}

}  // namespace

std::optional<DeviceDescriptor> parse_device(const Bytes& bytes, std::vector<ParseNote>& notes) {
    if (bytes.size() < 18) {
        add_note(notes, NoteKind::truncated, "device", 0,
                 fmt::format("device descriptor is {} bytes but needs 18", bytes.size()));
        return std::nullopt;
    }
    ByteReader r(bytes);
    DeviceDescriptor d;
    d.bLength = r.u8(0);
    d.bDescriptorType = r.u8(1);
    d.bcdUSB = r.u16(2);
    d.bDeviceClass = r.u8(4);
    d.bDeviceSubClass = r.u8(5);
    d.bDeviceProtocol = r.u8(6);
    d.bMaxPacketSize0 = r.u8(7);
    d.idVendor = r.u16(8);
    d.idProduct = r.u16(10);
    d.bcdDevice = r.u16(12);
    d.iManufacturer = r.u8(14);
    d.iProduct = r.u8(15);
    d.iSerialNumber = r.u8(16);
    d.bNumConfigurations = r.u8(17);
    d.bytes_present = bytes.size();
    d.bytes = bytes;
    return d;
}

std::optional<DeviceQualifier> parse_qualifier(const Bytes& bytes, std::vector<ParseNote>& notes) {
    if (bytes.size() < 10) {
        add_note(notes, NoteKind::truncated, "qualifier", 0,
                 fmt::format("device qualifier is {} bytes but needs 10", bytes.size()));
        return std::nullopt;
    }
    ByteReader r(bytes);
    DeviceQualifier q;
    q.bLength = r.u8(0);
    q.bDescriptorType = r.u8(1);
    q.bcdUSB = r.u16(2);
    q.bDeviceClass = r.u8(4);
    q.bDeviceSubClass = r.u8(5);
    q.bDeviceProtocol = r.u8(6);
    q.bMaxPacketSize0 = r.u8(7);
    q.bNumConfigurations = r.u8(8);
    q.bReserved = r.u8(9);
    q.bytes = bytes;
    return q;
}

std::optional<Configuration> parse_configuration(const Bytes& bytes, const std::string& blob,
                                                 uint8_t expected_type, std::vector<ParseNote>& notes) {
    if (bytes.size() < 9) {
        add_note(notes, NoteKind::truncated, blob, 0,
                 fmt::format("configuration descriptor is {} bytes but needs 9", bytes.size()));
        return std::nullopt;
    }
    ByteReader r(bytes);
    Configuration c;
    c.blob = blob;
    c.other_speed = expected_type == dt::other_speed_configuration;
    c.bytes_present = bytes.size();
    c.bytes = bytes;
    c.bLength = r.u8(0);
    c.bDescriptorType = r.u8(1);
    c.wTotalLength = r.u16(2);
    c.bNumInterfaces = r.u8(4);
    c.bConfigurationValue = r.u8(5);
    c.iConfiguration = r.u8(6);
    c.bmAttributes = r.u8(7);
    c.bMaxPower = r.u8(8);

    // The walk covers every byte the device returned; wTotalLength is judged by the checks.
    size_t pos = std::clamp<size_t>(c.bLength, 9, bytes.size());
    Interface* interface = nullptr;
    Endpoint* endpoint = nullptr;
    bool last_was_endpoint = false;
    auto add_extra = [&](ExtraDescriptor e) {
        if (endpoint) endpoint->extra.push_back(std::move(e));
        else if (interface) interface->extra.push_back(std::move(e));
        else c.extra.push_back(std::move(e));
    };

    while (pos < bytes.size()) {
        const size_t remaining = bytes.size() - pos;
        if (remaining < 2) {
            add_note(notes, NoteKind::trailing_bytes, blob, pos,
                     fmt::format("{} stray byte after the last descriptor", remaining));
            break;
        }
        const uint8_t len = bytes[pos];
        const uint8_t type = bytes[pos + 1];
        if (len == 0) {
            add_note(notes, NoteKind::zero_length, blob, pos,
                     fmt::format("bLength 0 at offset {}: the remaining {} bytes cannot be walked", pos, remaining));
            break;
        }
        if (len < 2) {
            add_note(notes, NoteKind::length_too_short, blob, pos,
                     fmt::format("bLength {} at offset {} is below the 2-byte descriptor header", len, pos));
            break;
        }
        if (len > remaining) {
            add_note(notes, NoteKind::length_overrun, blob, pos,
                     fmt::format("descriptor type {} at offset {} has bLength {} but only {} bytes remain",
                                 hex_byte(type), pos, len, remaining));
            add_extra(make_extra(bytes, pos, remaining));
            break;
        }
        ByteReader d(std::span<const uint8_t>(bytes).subspan(pos, len));
        const bool follows_endpoint = last_was_endpoint;
        last_was_endpoint = false;

        switch (type) {
        case dt::interface:
            if (len < 9) {
                add_note(notes, NoteKind::length_too_short, blob, pos,
                         fmt::format("interface descriptor at offset {} has bLength {}, needs 9", pos, len));
                add_extra(make_extra(bytes, pos, len));
                break;
            }
            c.interfaces.push_back({});
            interface = &c.interfaces.back();
            endpoint = nullptr;
            interface->offset = pos;
            interface->bLength = len;
            interface->bInterfaceNumber = d.u8(2);
            interface->bAlternateSetting = d.u8(3);
            interface->bNumEndpoints = d.u8(4);
            interface->bInterfaceClass = d.u8(5);
            interface->bInterfaceSubClass = d.u8(6);
            interface->bInterfaceProtocol = d.u8(7);
            interface->iInterface = d.u8(8);
            break;
        case dt::endpoint:
            if (!interface) {
                add_note(notes, NoteKind::orphan_descriptor, blob, pos,
                         fmt::format("endpoint descriptor at offset {} comes before any interface", pos));
                c.extra.push_back(make_extra(bytes, pos, len));
                break;
            }
            if (len < 7) {
                add_note(notes, NoteKind::length_too_short, blob, pos,
                         fmt::format("endpoint descriptor at offset {} has bLength {}, needs 7", pos, len));
                interface->extra.push_back(make_extra(bytes, pos, len));
                break;
            }
            interface->endpoints.push_back({});
            endpoint = &interface->endpoints.back();
            endpoint->offset = pos;
            endpoint->bLength = len;
            endpoint->bEndpointAddress = d.u8(2);
            endpoint->bmAttributes = d.u8(3);
            endpoint->wMaxPacketSize = d.u16(4);
            endpoint->bInterval = d.u8(6);
            if (len >= 9) {
                endpoint->bRefresh = d.u8(7);
                endpoint->bSynchAddress = d.u8(8);
            }
            last_was_endpoint = true;
            break;
        case dt::ss_endpoint_companion:
            if (!endpoint || endpoint->ss_companion) {
                add_note(notes, NoteKind::orphan_descriptor, blob, pos,
                         fmt::format("SuperSpeed endpoint companion at offset {} does not follow an endpoint", pos));
                add_extra(make_extra(bytes, pos, len));
                break;
            }
            if (len < 6) {
                add_note(notes, NoteKind::length_too_short, blob, pos,
                         fmt::format("SuperSpeed endpoint companion at offset {} has bLength {}, needs 6", pos, len));
                endpoint->extra.push_back(make_extra(bytes, pos, len));
                break;
            }
            if (!follows_endpoint)
                add_note(notes, NoteKind::orphan_descriptor, blob, pos,
                         fmt::format("SuperSpeed endpoint companion at offset {} is not directly after its endpoint", pos));
            endpoint->ss_companion = SsEndpointCompanion{pos, len, d.u8(2), d.u8(3), d.u16(4)};
            break;
        case dt::interface_association:
            if (len < 8) {
                add_note(notes, NoteKind::length_too_short, blob, pos,
                         fmt::format("interface association descriptor at offset {} has bLength {}, needs 8", pos, len));
                add_extra(make_extra(bytes, pos, len));
                break;
            }
            c.iads.push_back({pos, len, d.u8(2), d.u8(3), d.u8(4), d.u8(5), d.u8(6), d.u8(7), c.interfaces.size()});
            // An IAD ends the previous interface's descriptor group.
            interface = nullptr;
            endpoint = nullptr;
            break;
        case dt::device:
        case dt::configuration:
        case dt::other_speed_configuration:
            add_note(notes, NoteKind::unexpected_descriptor, blob, pos,
                     fmt::format("descriptor type {} at offset {} does not belong inside a configuration",
                                 hex_byte(type), pos));
            add_extra(make_extra(bytes, pos, len));
            break;
        case dt::hid:
            if (interface && interface->bInterfaceClass == 0x03 && !interface->hid) {
                interface->hid = parse_hid(bytes, pos, len);
                if (interface->hid) break;
                add_note(notes, NoteKind::length_too_short, blob, pos,
                         fmt::format("HID descriptor at offset {} has bLength {}, needs 6 or more", pos, len));
            }
            add_extra(make_extra(bytes, pos, len));  // e.g. the XInput 0x21 descriptor of a vendor interface
            break;
        case dt::cs_interface: {
            ExtraDescriptor e = make_extra(bytes, pos, len);
            if (interface && is_cdc_context(interface->bInterfaceClass)) decode_cdc(e);
            add_extra(std::move(e));
            break;
        }
        default:
            add_extra(make_extra(bytes, pos, len));
            break;
        }
        pos += len;
    }

    for (auto& i : c.interfaces)
        for (size_t k = 0; k < c.iads.size(); ++k) {
            const auto& a = c.iads[k];
            if (i.bInterfaceNumber >= a.bFirstInterface &&
                i.bInterfaceNumber < static_cast<unsigned>(a.bFirstInterface) + a.bInterfaceCount) {
                i.iad = k;
                break;
            }
        }
    return c;
}

}  // namespace usbcheck::usb
