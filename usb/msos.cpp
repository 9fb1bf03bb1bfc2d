// Decoding of Microsoft OS 1.0 and 2.0 descriptors from raw bytes: every read is bounded by the
// bytes present, so any input gives a model plus notes and never an overread.
#include "usb/msos.h"

#include <algorithm>
#include <cstdio>

#include <fmt/format.h>

#include "usb/byte_reader.h"
#include "usb/utf16.h"

namespace usbcheck::usb::msos {
namespace {

// The project's bounded little-endian reader, in the short form these decoders use.
uint8_t u8(const Bytes& b, size_t at) { return ByteReader(b).u8(at); }
uint16_t u16(const Bytes& b, size_t at) { return ByteReader(b).u16(at); }
uint32_t u32(const Bytes& b, size_t at) { return ByteReader(b).u32(at); }

// The bytes [from, from + length) that are present.
Bytes slice(const Bytes& b, size_t from, size_t length) {
    if (from >= b.size()) return {};
    const size_t end = from + std::min(length, b.size() - from);
    return Bytes(b.begin() + static_cast<std::ptrdiff_t>(from), b.begin() + static_cast<std::ptrdiff_t>(end));
}

template <size_t N>
std::array<uint8_t, N> array_at(const Bytes& b, size_t at) {
    std::array<uint8_t, N> out{};
    for (size_t i = 0; i < N; ++i) out[i] = u8(b, at + i);
    return out;
}

std::string ascii_until_nul(const uint8_t* p, size_t n) {
    std::string s;
    for (size_t i = 0; i < n && p[i] != 0; ++i) s.push_back(static_cast<char>(p[i]));
    return s;
}

// UTF-16LE code units from `from` (whole units only) up to the first NUL unit or `end`; the
// position after the NUL (or `end`) is returned in `next`.
std::string utf16_until_nul(const Bytes& b, size_t from, size_t end, size_t* next = nullptr) {
    auto decoded = decode_utf16le(b, from, end, true);
    if (next) *next = decoded.end;
    return std::move(decoded.text);
}

std::string spaced_hex(const Bytes& data) {
    std::string out;
    for (size_t i = 0; i < data.size(); ++i) out += fmt::format("{}{:02x}", i ? " " : "", data[i]);
    return out;
}

constexpr size_t k_max_depth = 8;  // set header > configuration > function > feature, with room to spare

Set20Descriptor decode20(const Bytes& b, size_t off, std::vector<Note>& notes) {
    Set20Descriptor d;
    d.offset = off;
    d.wLength = u16(b, off);
    d.wDescriptorType = u16(b, off + 2);
    d.bytes = slice(b, off, d.wLength);
    if (d.bytes.size() < d.wLength)
        notes.push_back({off, fmt::format("descriptor type {} has wLength {} but only {} bytes are present", d.wDescriptorType,
                                          d.wLength, d.bytes.size())});
    const Bytes& x = d.bytes;  // fields are read from the descriptor's own bytes
    switch (d.wDescriptorType) {
    case 0x00:
        d.dwWindowsVersion = u32(x, 4);
        d.wTotalLength = u16(x, 8);
        break;
    case 0x01:
        d.bConfigurationValue = u8(x, 4);
        d.wTotalLength = u16(x, 6);
        break;
    case 0x02:
        d.bFirstInterface = u8(x, 4);
        d.wTotalLength = u16(x, 6);
        break;
    case 0x03: {
        const auto id = array_at<8>(x, 4);
        const auto sub = array_at<8>(x, 12);
        d.compatible_id = ascii_until_nul(id.data(), id.size());
        d.sub_compatible_id = ascii_until_nul(sub.data(), sub.size());
        break;
    }
    case 0x04:
        // The property's own lengths are read from the set bytes so that a wrong wLength shows.
        d.wPropertyDataType = u16(b, off + 4);
        d.wPropertyNameLength = u16(b, off + 6);
        d.property_name = utf16_until_nul(b, off + 8, off + 8 + d.wPropertyNameLength);
        d.wPropertyDataLength = u16(b, off + 8 + d.wPropertyNameLength);
        d.property_data = slice(b, off + 10 + d.wPropertyNameLength, d.wPropertyDataLength);
        break;
    default:
        break;
    }
    return d;
}

// Walks the descriptors in [off, end); subsets hold what their declared length covers (clamped to
// the enclosing range). Returns where the walk stopped (past `end` when the last descriptor
// overruns it); `stop` is set when the walk cannot continue (a wLength below 4).
size_t walk20(const Bytes& b, size_t off, size_t end, size_t depth, std::vector<Set20Descriptor>& out,
              std::vector<Note>& notes, bool& stop) {
    while (off < end && !stop) {
        if (end - off < 4) {
            notes.push_back({off, fmt::format("{} trailing bytes are too short for a descriptor header (4 bytes)", end - off)});
            return end;
        }
        Set20Descriptor d = decode20(b, off, notes);
        if (d.wLength < 4) {
            notes.push_back({off, fmt::format("wLength is {} but a descriptor is at least 4 bytes; the walk stops here", d.wLength)});
            stop = true;
            out.push_back(std::move(d));
            return end;
        }
        const bool subset = d.wDescriptorType == 0x01 || d.wDescriptorType == 0x02;
        size_t next = off + d.wLength;
        if (subset && depth < k_max_depth) {
            const size_t body = std::min(next, end);
            const size_t sub_end = std::clamp<size_t>(off + d.wTotalLength, body, end);
            const size_t stopped = walk20(b, body, sub_end, depth + 1, d.children, notes, stop);
            next = std::max({next, sub_end, stopped});
        } else if (subset) {
            notes.push_back({off, "subsets nested too deeply; their contents are not decoded"});
        }
        if (next > end && end < b.size())
            notes.push_back({off, fmt::format("descriptor type {} with wLength {} runs {} bytes past the end of its subset",
                                              d.wDescriptorType, d.wLength, next - end)});
        out.push_back(std::move(d));
        off = next;
    }
    return off;
}

}  // namespace

std::string CompatIdFunction::compatible_id() const { return ascii_until_nul(compatibleID.data(), compatibleID.size()); }
std::string CompatIdFunction::sub_compatible_id() const {
    return ascii_until_nul(subCompatibleID.data(), subCompatibleID.size());
}

std::optional<OsString> parse_os_string(const Bytes& bytes, std::vector<Note>& notes) {
    if (bytes.empty()) return std::nullopt;
    static constexpr uint8_t k_msft100[] = {'M', 0, 'S', 0, 'F', 0, 'T', 0, '1', 0, '0', 0, '0', 0};
    OsString s;
    s.bytes_present = bytes.size();
    s.bLength = u8(bytes, 0);
    s.bDescriptorType = u8(bytes, 1);
    s.signature_ok = bytes.size() >= 16 && std::equal(std::begin(k_msft100), std::end(k_msft100), bytes.begin() + 2);
    s.bMS_VendorCode = u8(bytes, 16);
    s.bPad = u8(bytes, 17);
    if (bytes.size() < 18) notes.push_back({0, fmt::format("the OS string is {} bytes but expected 18", bytes.size())});
    return s;
}

std::optional<CompatId> parse_compat_id(const Bytes& bytes, std::vector<Note>& notes) {
    if (bytes.empty()) return std::nullopt;
    CompatId c;
    c.bytes_present = bytes.size();
    c.dwLength = u32(bytes, 0);
    c.bcdVersion = u16(bytes, 4);
    c.wIndex = u16(bytes, 6);
    c.bCount = u8(bytes, 8);
    c.reserved = array_at<7>(bytes, 9);
    if (bytes.size() < 16) {
        notes.push_back({0, fmt::format("the compat ID header needs 16 bytes but {} are present", bytes.size())});
        return c;
    }
    size_t off = 16;
    while (off + 24 <= bytes.size()) {
        CompatIdFunction f;
        f.offset = off;
        f.bFirstInterfaceNumber = bytes[off];
        f.reserved1 = bytes[off + 1];
        f.compatibleID = array_at<8>(bytes, off + 2);
        f.subCompatibleID = array_at<8>(bytes, off + 10);
        f.reserved2 = array_at<6>(bytes, off + 18);
        c.functions.push_back(f);
        off += 24;
    }
    if (off < bytes.size())
        notes.push_back({off, fmt::format("{} bytes after the last whole function section", bytes.size() - off)});
    return c;
}

std::optional<ExtendedProperties> parse_extended_properties(const Bytes& bytes, std::vector<Note>& notes) {
    if (bytes.empty()) return std::nullopt;
    ExtendedProperties e;
    e.bytes_present = bytes.size();
    e.dwLength = u32(bytes, 0);
    e.bcdVersion = u16(bytes, 4);
    e.wIndex = u16(bytes, 6);
    e.wCount = u16(bytes, 8);
    if (bytes.size() < 10) {
        notes.push_back({0, fmt::format("the extended properties header needs 10 bytes but {} are present", bytes.size())});
        return e;
    }
    size_t off = 10;
    while (off < bytes.size()) {
        if (bytes.size() - off < 14) {
            notes.push_back({off, fmt::format("{} bytes after the last section are too short for a section (14 bytes + name + data)",
                                              bytes.size() - off)});
            break;
        }
        Property p;
        p.offset = off;
        p.dwSize = u32(bytes, off);
        p.dwPropertyDataType = u32(bytes, off + 4);
        p.wPropertyNameLength = u16(bytes, off + 8);
        p.name_bytes = slice(bytes, off + 10, p.wPropertyNameLength);
        p.name = utf16_until_nul(bytes, off + 10, off + 10 + p.wPropertyNameLength);
        const size_t dl_at = off + 10 + p.wPropertyNameLength;
        p.dwPropertyDataLength = u32(bytes, dl_at);
        p.data = slice(bytes, dl_at + 4, p.dwPropertyDataLength);
        const size_t own = 14 + size_t{p.wPropertyNameLength} + p.dwPropertyDataLength;
        p.complete = dl_at + 4 <= bytes.size() && p.data.size() == p.dwPropertyDataLength;
        if (!p.complete)
            notes.push_back({off, fmt::format("the property section needs {} bytes but {} are present", own, bytes.size() - off)});
        // Windows advances by dwSize; a dwSize too small to hold the fixed fields cannot be followed.
        const size_t step = p.dwSize >= 14 ? p.dwSize : own;
        e.properties.push_back(std::move(p));
        off += std::min(step, bytes.size() - off);
    }
    return e;
}

std::optional<Set20> parse_set20(const Bytes& bytes, std::vector<Note>& notes) {
    if (bytes.empty()) return std::nullopt;
    Set20 s;
    s.bytes_present = bytes.size();
    if (bytes.size() < 4) {
        notes.push_back({0, fmt::format("the descriptor set is {} bytes, too short for a descriptor header", bytes.size())});
        return s;
    }
    Set20Descriptor header = decode20(bytes, 0, notes);
    if (header.wDescriptorType != 0)
        notes.push_back({0, fmt::format("the set starts with descriptor type {} but expected the set header (0)",
                                        header.wDescriptorType)});
    bool stop = false;
    if (header.wLength < 4) {
        notes.push_back({0, fmt::format("the set header wLength is {}; the walk stops here", header.wLength)});
    } else {
        walk20(bytes, std::min<size_t>(header.wLength, bytes.size()), bytes.size(), 0, header.children, notes, stop);
    }
    s.header = std::move(header);
    return s;
}

std::string registry_type_name(uint32_t type) {
    switch (type) {
    case 1: return "REG_SZ";
    case 2: return "REG_EXPAND_SZ";
    case 3: return "REG_BINARY";
    case 4: return "REG_DWORD_LITTLE_ENDIAN";
    case 5: return "REG_DWORD_BIG_ENDIAN";
    case 6: return "REG_LINK";
    case 7: return "REG_MULTI_SZ";
    default: return "";
    }
}

std::string property_value_text(uint32_t type, const Bytes& data) {
    switch (type) {
    case 1:
    case 2:
    case 6:
        return utf16_until_nul(data, 0, data.size());
    case 7: {
        std::string out;
        size_t at = 0;
        while (at + 1 < data.size()) {
            size_t next = at;
            std::string s = utf16_until_nul(data, at, data.size(), &next);
            if (s.empty()) break;  // the final extra NUL ends the list
            if (!out.empty()) out += "; ";
            out += s;
            at = next;
        }
        return out;
    }
    case 4:
    case 5:
        if (data.size() == 4) {
            const uint32_t v = type == 4 ? u32(data, 0)
                                         : (uint32_t{data[0]} << 24) | (uint32_t{data[1]} << 16) | (uint32_t{data[2]} << 8) | data[3];
            return fmt::format("{} (0x{:08x})", v, v);
        }
        return spaced_hex(data);
    default:
        return spaced_hex(data);
    }
}

}  // namespace usbcheck::usb::msos
