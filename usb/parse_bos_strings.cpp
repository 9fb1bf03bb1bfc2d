// The total parser for the BOS descriptor (capabilities decoded by table, platform UUIDs
// recognised) and for string descriptors (LANGID table, UTF-16LE text).
#include <algorithm>

#include <fmt/format.h>

#include "usb/byte_reader.h"
#include "usb/layout_tables.h"
#include "usb/parser.h"
#include "usb/utf16.h"

namespace usbcheck::usb {
namespace {

// {D8DD60DF-4589-4CC7-9CD2-659D9E648A9F} and {3408B638-09A9-47A0-8BFD-A0768815B665} as stored.
constexpr std::array<uint8_t, 16> k_msos20_uuid = {0xDF, 0x60, 0xDD, 0xD8, 0x89, 0x45, 0xC7, 0x4C,
                                                   0x9C, 0xD2, 0x65, 0x9D, 0x9E, 0x64, 0x8A, 0x9F};
constexpr std::array<uint8_t, 16> k_webusb_uuid = {0x38, 0xB6, 0x08, 0x34, 0xA9, 0x09, 0xA0, 0x47,
                                                   0x8B, 0xFD, 0xA0, 0x76, 0x88, 0x15, 0xB6, 0x65};

void decode_platform(BosCapability& c) {
    ByteReader r(c.bytes);
    if (!r.has(4, 16)) return;
    std::array<uint8_t, 16> uuid{};
    std::copy_n(c.bytes.begin() + 4, 16, uuid.begin());
    c.uuid = uuid;
    if (uuid == k_msos20_uuid) {
        c.platform = PlatformKind::ms_os_20;
        for (size_t off = 20, n = 0; off + 8 <= c.bytes.size(); off += 8, ++n) {
            c.msos20.push_back({c.offset + off, r.u32(off), r.u16(off + 4), r.u8(off + 6), r.u8(off + 7)});
            c.fields.push_back({fmt::format("dwWindowsVersion[{}]", n), c.offset + off, 4, r.u32(off)});
            c.fields.push_back({fmt::format("wMSOSDescriptorSetTotalLength[{}]", n), c.offset + off + 4, 2, r.u16(off + 4)});
            c.fields.push_back({fmt::format("bMS_VendorCode[{}]", n), c.offset + off + 6, 1, r.u8(off + 6)});
            c.fields.push_back({fmt::format("bAltEnumCode[{}]", n), c.offset + off + 7, 1, r.u8(off + 7)});
        }
    } else if (uuid == k_webusb_uuid) {
        c.platform = PlatformKind::webusb;
        if (r.has(20, 4)) {
            c.fields.push_back({"bcdVersion", c.offset + 20, 2, r.u16(20)});
            c.fields.push_back({"bVendorCode", c.offset + 22, 1, r.u8(22)});
            c.fields.push_back({"iLandingPage", c.offset + 23, 1, r.u8(23)});
        }
    } else {
        c.platform = PlatformKind::unknown;
    }
}

void decode_repeated(BosCapability& c) {
    ByteReader r(c.bytes);
    if (c.bDevCapabilityType == cap::superspeed_plus && r.has(4, 4)) {
        const uint32_t ssac = r.u32(4) & 0x1F;  // sublink speed attribute count - 1
        for (size_t i = 0; i <= ssac; ++i) {
            const size_t off = 12 + 4 * i;
            if (!r.has(off, 4)) break;
            c.fields.push_back({fmt::format("bmSublinkSpeedAttr[{}]", i), c.offset + off, 4, r.u32(off)});
        }
    } else if (c.bDevCapabilityType == cap::billboard && r.has(4, 1)) {
        for (size_t i = 0; i < r.u8(4); ++i) {
            const size_t off = 44 + 4 * i;
            if (!r.has(off, 4)) break;
            c.fields.push_back({fmt::format("wSVID[{}]", i), c.offset + off, 2, r.u16(off)});
            c.fields.push_back({fmt::format("bAlternateMode[{}]", i), c.offset + off + 2, 1, r.u8(off + 2)});
            c.fields.push_back({fmt::format("iAlternateModeString[{}]", i), c.offset + off + 3, 1, r.u8(off + 3)});
        }
    } else if (c.bDevCapabilityType == 0x10 && r.has(8, 1)) {
        for (size_t i = 0; i < r.u8(8) && r.has(9 + i, 1); ++i)
            c.fields.push_back({fmt::format("bConfigurationIndex[{}]", i), c.offset + 9 + i, 1, r.u8(9 + i)});
    }
}

}  // namespace

std::optional<Bos> parse_bos(const Bytes& bytes, std::vector<ParseNote>& notes) {
    if (bytes.size() < 5) {
        notes.push_back({NoteKind::truncated, "bos", 0,
                         fmt::format("BOS descriptor is {} bytes but needs 5", bytes.size())});
        return std::nullopt;
    }
    ByteReader r(bytes);
    Bos b;
    b.bLength = r.u8(0);
    b.bDescriptorType = r.u8(1);
    b.wTotalLength = r.u16(2);
    b.bNumDeviceCaps = r.u8(4);
    b.bytes_present = bytes.size();
    b.bytes = bytes;
    size_t pos = std::clamp<size_t>(b.bLength, 5, bytes.size());
    while (pos < bytes.size()) {
        const size_t remaining = bytes.size() - pos;
        const uint8_t len = bytes[pos];
        if (remaining < 3) {
            notes.push_back({NoteKind::trailing_bytes, "bos", pos,
                             fmt::format("{} stray byte(s) after the last capability", remaining)});
            break;
        }
        if (len == 0) {
            notes.push_back({NoteKind::zero_length, "bos", pos,
                             fmt::format("bLength 0 at offset {}: the remaining {} bytes cannot be walked", pos, remaining)});
            break;
        }
        if (len < 3) {
            notes.push_back({NoteKind::length_too_short, "bos", pos,
                             fmt::format("capability at offset {} has bLength {}, below its 3-byte header", pos, len)});
            break;
        }
        BosCapability c;
        c.offset = pos;
        c.bLength = len;
        c.bDescriptorType = bytes[pos + 1];
        c.bDevCapabilityType = bytes[pos + 2];
        const size_t take = std::min<size_t>(len, remaining);
        c.bytes.assign(bytes.begin() + static_cast<std::ptrdiff_t>(pos),
                       bytes.begin() + static_cast<std::ptrdiff_t>(pos + take));
        if (len > remaining)
            notes.push_back({NoteKind::length_overrun, "bos", pos,
                             fmt::format("capability {} at offset {} has bLength {} but only {} bytes remain",
                                         hex_byte(c.bDevCapabilityType), pos, len, remaining)});
        if (const Layout* layout = capability_layout(c.bDevCapabilityType)) {
            c.known = true;
            c.name = layout->name;
            c.decoded = decode_fields(*layout, c.bytes, pos, c.fields) && c.bytes.size() >= layout->min_length;
            if (c.bDevCapabilityType == cap::platform) decode_platform(c);
            decode_repeated(c);
        } else {
            c.name = fmt::format("unknown ({})", hex_byte(c.bDevCapabilityType));
        }
        b.caps.push_back(std::move(c));
        if (len > remaining) break;
        pos += len;
    }
    return b;
}

LangIdTable parse_langids(const Bytes& bytes, std::vector<ParseNote>& notes) {
    LangIdTable t;
    t.availability = Availability::present;
    t.bytes = bytes;
    if (bytes.size() < 2) {
        notes.push_back({NoteKind::truncated, "string[0]", 0,
                         fmt::format("string descriptor 0 is {} bytes but needs at least 2", bytes.size())});
        return t;
    }
    t.bLength = bytes[0];
    t.bDescriptorType = bytes[1];
    ByteReader r(bytes);
    const size_t end = std::min<size_t>(t.bLength, bytes.size());
    for (size_t off = 2; off + 2 <= end; off += 2) t.langids.push_back(r.u16(off));
    return t;
}

StringDescriptor parse_string(uint8_t index, uint16_t langid, const Bytes& bytes,
                              std::vector<ParseNote>& notes) {
    StringDescriptor s;
    s.index = index;
    s.langid = langid;
    s.availability = Availability::present;
    s.bytes = bytes;
    const std::string blob = fmt::format("string[{}][{}]", hex_word(langid), index);
    if (bytes.size() < 2) {
        notes.push_back({NoteKind::truncated, blob, 0,
                         fmt::format("string descriptor {} is {} bytes but needs at least 2", index, bytes.size())});
        return s;
    }
    s.bLength = bytes[0];
    s.bDescriptorType = bytes[1];
    // The text is every whole code unit within bLength; a NUL unit is kept (a check judges it).
    auto decoded = decode_utf16le(bytes, 2, s.bLength, false);
    s.text = std::move(decoded.text);
    s.valid_utf16 = decoded.valid;
    return s;
}

}  // namespace usbcheck::usb
