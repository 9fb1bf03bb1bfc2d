// The describe tree's sections outside the configurations (BOS and its capabilities, the device
// qualifier, LANGIDs and strings, HID report descriptors, parse notes) and the shared field helpers.
#include "reports/report.h"

#include <fmt/format.h>

#include <algorithm>

#include "usb/hid_report.h"
#include "usb/msos.h"
#include "usb/parser.h"

namespace usbcheck::reports {

namespace {

// A top-level section of the tree: a node with an availability.
DescribeNode section(std::string kind, std::string group, std::string title, std::string blob,
                     std::optional<size_t> offset, std::string availability = "") {
    return make_node(std::move(kind), std::move(group), std::move(title), std::move(blob), offset,
                     std::move(availability));
}

size_t limit_of(const usb::Bytes& bytes) { return bytes.empty() ? SIZE_MAX : bytes.size(); }

const char* language_name(uint16_t langid) {
    switch (langid) {
    case 0x0409: return "English (United States)";
    case 0x0809: return "English (United Kingdom)";
    case 0x0407: return "German (Germany)";
    case 0x040C: return "French (France)";
    case 0x0410: return "Italian (Italy)";
    case 0x0C0A: return "Spanish (Spain)";
    case 0x0411: return "Japanese";
    case 0x0412: return "Korean";
    case 0x0804: return "Chinese (PRC)";
    case 0x0404: return "Chinese (Taiwan)";
    case 0x0419: return "Russian";
    default: return "";
    }
}

const char* platform_name(usb::PlatformKind kind) {
    switch (kind) {
    case usb::PlatformKind::ms_os_20: return "MS OS 2.0";
    case usb::PlatformKind::webusb: return "WebUSB";
    case usb::PlatformKind::unknown: return "unknown platform";
    case usb::PlatformKind::none: break;
    }
    return "";
}

const char* windows_version(uint32_t version) {
    switch (version) {
    case 0x06030000: return "Windows 8.1";
    case 0x0A000000: return "Windows 10";
    default: return "";
    }
}

// Meanings of the capability fields people look up most often (USB 3.2 9.6.2).
std::string capability_field_meaning(uint8_t type, const usb::DecodedField& f) {
    if (type == usb::cap::usb20_extension && f.name == "bmAttributes") {
        std::string text = f.value & 0x02 ? "LPM" : "no LPM";
        if (f.value & 0x04) text += ", BESL";
        return text;
    }
    if (type == usb::cap::superspeed && (f.name == "wSpeedsSupported" || f.name == "wSpeedSupported")) {
        static const char* const speeds[] = {"low", "full", "high", "5 Gb/s"};
        std::string text;
        for (unsigned bit = 0; bit < 4; ++bit)
            if (f.value & (1u << bit)) text += (text.empty() ? "" : ", ") + std::string(speeds[bit]);
        return text;
    }
    if (f.name.rfind("bcd", 0) == 0 && f.size == 2) return usb::bcd_string(static_cast<uint16_t>(f.value));
    return "";
}

std::string uuid_at(const usb::Bytes& bytes, size_t rel) {
    std::array<uint8_t, 16> guid{};
    std::copy_n(bytes.begin() + static_cast<std::ptrdiff_t>(rel), 16, guid.begin());
    return usb::uuid_string(guid);
}

DescribeNode capability_node(const usb::BosCapability& cap, size_t bos_size) {
    const char* known = usb::capability_name(cap.bDevCapabilityType);
    const std::string name = known ? known : !cap.name.empty() ? cap.name
                                          : fmt::format("unknown capability 0x{:02x}", cap.bDevCapabilityType);
    auto node = section("capability", "capabilities", name, "bos", cap.offset);
    const size_t o = cap.offset;
    const size_t limit = bos_size ? std::min(bos_size, o + cap.bLength) : o + cap.bLength;
    add_field(node, limit, "bLength", cap.bLength, 1, false, o);
    add_field(node, limit, "bDescriptorType", cap.bDescriptorType, 1, true, o + 1, "DEVICE_CAPABILITY");
    add_field(node, limit, "bDevCapabilityType", cap.bDevCapabilityType, 1, true, o + 2, name);
    const bool uuid_shown = cap.uuid.has_value() ||
                            (cap.bDevCapabilityType == usb::cap::container_id && cap.bytes.size() >= 20);
    for (const auto& f : cap.fields) {
        if (f.name == "bLength" || f.name == "bDescriptorType" || f.name == "bDevCapabilityType") continue;
        if (uuid_shown && f.offset >= o + 4 && f.offset < o + 20 && f.size == 16) continue;
        // The MS OS 2.0 set information is shown as its own children, with meanings.
        const auto in_set = [&](const usb::MsOs20SetInfo& i) {
            return f.offset >= i.offset && f.offset < i.offset + 8;
        };
        if (std::any_of(cap.msos20.begin(), cap.msos20.end(), in_set)) continue;
        if (f.size == 1 || f.size == 2 || f.size == 4) {
            add_field(node, SIZE_MAX, f.name, f.value, f.size, true, f.offset,
                      capability_field_meaning(cap.bDevCapabilityType, f));
        } else {
            const size_t rel = f.offset >= o ? f.offset - o : cap.bytes.size();
            node.fields.push_back({f.name, std::nullopt, spaced_hex(cap.bytes, rel, f.size), "", f.offset});
        }
    }
    if (cap.uuid) {
        node.fields.push_back({"PlatformCapabilityUUID", std::nullopt, usb::uuid_string(*cap.uuid),
                               platform_name(cap.platform), o + 4});
    } else if (uuid_shown) {
        node.fields.push_back({"ContainerID", std::nullopt, uuid_at(cap.bytes, 4), "", o + 4});
    }
    std::stable_sort(node.fields.begin(), node.fields.end(), [](const DescribeField& a, const DescribeField& b) {
        return a.offset.value_or(SIZE_MAX) < b.offset.value_or(SIZE_MAX);
    });
    for (size_t i = 0; i < cap.msos20.size(); ++i) {
        const auto& set = cap.msos20[i];
        auto info = section("msos20_set", "msos20_sets", fmt::format("MS OS 2.0 descriptor set information {}", i),
                            "bos", set.offset);
        add_field(info, SIZE_MAX, "dwWindowsVersion", set.dwWindowsVersion, 4, true, set.offset,
                  windows_version(set.dwWindowsVersion));
        add_field(info, SIZE_MAX, "wMSOSDescriptorSetTotalLength", set.wMSOSDescriptorSetTotalLength, 2, false,
                  set.offset + 4);
        add_field(info, SIZE_MAX, "bMS_VendorCode", set.bMS_VendorCode, 1, true, set.offset + 6);
        add_field(info, SIZE_MAX, "bAltEnumCode", set.bAltEnumCode, 1, true, set.offset + 7);
        node.children.push_back(std::move(info));
    }
    node.raw = spaced_hex(cap.bytes);
    node.raw_in_text = !cap.decoded;
    return node;
}

}  // namespace

void add_field(DescribeNode& node, size_t limit, std::string name, uint64_t value, size_t size, bool hex,
               size_t offset, std::string meaning) {
    if (offset + size > limit) return;
    std::string text = hex ? fmt::format("0x{:0{}x}", value, size * 2) : std::to_string(value);
    node.fields.push_back({std::move(name), value, std::move(text), std::move(meaning), offset});
}

std::string spaced_hex(const usb::Bytes& bytes, size_t from, size_t count) {
    std::string out;
    for (size_t i = from; i < bytes.size() && i - from < count; ++i) {
        if (!out.empty()) out += ' ';
        out += fmt::format("{:02x}", bytes[i]);
    }
    return out;
}

DescribeNode describe_bos(const usb::DescriptorSet& set) {
    auto node = section("bos", "", "BOS", "bos", 0, std::string(usb::to_string(set.bos_availability)));
    if (!set.bos) return node;
    const auto& bos = *set.bos;
    const size_t limit = limit_of(bos.bytes);
    add_field(node, limit, "bLength", bos.bLength, 1, false, 0);
    add_field(node, limit, "bDescriptorType", bos.bDescriptorType, 1, true, 1, "BOS");
    add_field(node, limit, "wTotalLength", bos.wTotalLength, 2, false, 2,
              bos.bytes_present && bos.bytes_present != bos.wTotalLength
                  ? fmt::format("{} bytes returned", bos.bytes_present) : "");
    add_field(node, limit, "bNumDeviceCaps", bos.bNumDeviceCaps, 1, false, 4,
              bos.caps.size() != bos.bNumDeviceCaps ? fmt::format("{} found", bos.caps.size()) : "");
    node.raw = spaced_hex(bos.bytes);
    for (const auto& cap : bos.caps) node.children.push_back(capability_node(cap, bos.bytes.size()));
    return node;
}

DescribeNode describe_qualifier(const usb::DescriptorSet& set) {
    auto node = section("qualifier", "", "Device qualifier", "qualifier", 0,
                        std::string(usb::to_string(set.qualifier_availability)));
    if (!set.qualifier) return node;
    const auto& q = *set.qualifier;
    const size_t limit = limit_of(q.bytes);
    add_field(node, limit, "bLength", q.bLength, 1, false, 0);
    add_field(node, limit, "bDescriptorType", q.bDescriptorType, 1, true, 1, "DEVICE_QUALIFIER");
    add_field(node, limit, "bcdUSB", q.bcdUSB, 2, true, 2, "USB " + usb::bcd_string(q.bcdUSB));
    add_field(node, limit, "bDeviceClass", q.bDeviceClass, 1, true, 4);
    add_field(node, limit, "bDeviceSubClass", q.bDeviceSubClass, 1, true, 5);
    add_field(node, limit, "bDeviceProtocol", q.bDeviceProtocol, 1, true, 6);
    add_field(node, limit, "bMaxPacketSize0", q.bMaxPacketSize0, 1, false, 7,
              fmt::format("{} bytes", q.bMaxPacketSize0));
    add_field(node, limit, "bNumConfigurations", q.bNumConfigurations, 1, false, 8);
    add_field(node, limit, "bReserved", q.bReserved, 1, true, 9);
    node.raw = spaced_hex(q.bytes);
    return node;
}

std::vector<DescribeNode> describe_strings(const usb::DescriptorSet& set) {
    std::vector<DescribeNode> nodes;
    const auto& table = set.langids;
    auto langids = section("langids", "", "LANGID table (string 0)", "string[0]", 0,
                           std::string(usb::to_string(table.availability)));
    if (table.availability == usb::Availability::present) {
        const size_t limit = limit_of(table.bytes);
        add_field(langids, limit, "bLength", table.bLength, 1, false, 0);
        add_field(langids, limit, "bDescriptorType", table.bDescriptorType, 1, true, 1, "STRING");
        for (size_t i = 0; i < table.langids.size(); ++i)
            add_field(langids, limit, fmt::format("wLANGID[{}]", i), table.langids[i], 2, true, 2 + 2 * i,
                      language_name(table.langids[i]));
        langids.raw = spaced_hex(table.bytes);
    }
    nodes.push_back(std::move(langids));
    for (const auto& s : set.strings) {
        auto node = section("string", "strings", fmt::format("String {} ({})", s.index, usb::hex_word(s.langid)),
                            fmt::format("string[0x{:04x}][{}]", s.langid, s.index), 0,
                            std::string(usb::to_string(s.availability)));
        if (s.availability == usb::Availability::present) {
            const size_t limit = limit_of(s.bytes);
            add_field(node, limit, "bLength", s.bLength, 1, false, 0);
            add_field(node, limit, "bDescriptorType", s.bDescriptorType, 1, true, 1, "STRING");
            node.fields.push_back({"bString", std::nullopt, s.text,
                                   s.valid_utf16 ? "" : "invalid UTF-16, U+FFFD substituted", 2});
            node.raw = spaced_hex(s.bytes);
        }
        nodes.push_back(std::move(node));
    }
    return nodes;
}

namespace {

// The decoded report descriptor (usb/hid_report.h): its items indented by collection, as
// hid-tools' decoder prints them, then each report's fields with their bit positions.
void add_hid_decoding(DescribeNode& node, const usb::Bytes& bytes) {
    const auto parsed = usb::hid::parse_report_descriptor(bytes);
    for (const auto& item : parsed.items) {
        auto line = fmt::format("0x{:04x}  {:<15} {}{}", item.offset, spaced_hex(bytes, item.offset, item.length),
                                std::string(item.depth * 2, ' '), item.name);
        if (!item.value.empty()) line += " (" + item.value + ")";
        node.children.push_back(section("item", "items", std::move(line), "", std::nullopt));
    }
    for (const auto& report : parsed.reports) {
        auto r = section("report", "reports",
                         fmt::format("{} report {}: {} bits, {} bytes as sent", usb::hid::to_string(report.type),
                                     report.id ? std::to_string(report.id) : "(no ID)", report.size_bits,
                                     report.size_bytes()),
                         "", std::nullopt);
        r.fields.push_back({"type", std::nullopt, std::string(usb::hid::to_string(report.type)), "", std::nullopt});
        r.fields.push_back({"report_id", report.id, std::to_string(report.id), "", std::nullopt});
        r.fields.push_back({"size_bits", report.size_bits, std::to_string(report.size_bits), "", std::nullopt});
        for (const auto& f : report.fields) {
            const size_t bits = size_t{f.report_size} * f.report_count;
            std::string usages;
            if (f.usage_minimum && f.usage_maximum)
                usages = fmt::format("{} .. {}", usb::hid::usage_name(*f.usage_minimum), usb::hid::usage_name(*f.usage_maximum));
            for (size_t i = 0; i < f.usages.size() && usages.empty() == (i == 0); ++i)
                usages += (i ? ", " : "") + usb::hid::usage_name(f.usages[i]);
            const std::string where = bits ? fmt::format("bits {}-{}", f.bit_offset, f.bit_offset + bits - 1) : "no bits";
            r.fields.push_back({"field", std::nullopt,
                                fmt::format("{}: {} x {} bit(s) {}", where, f.report_count, f.report_size, f.flags_text()),
                                f.constant() ? "padding"
                                             : fmt::format("{} [{}] logical {}..{}",
                                                           usb::hid::usage_page_name(f.usage_page),
                                                           usages.empty() ? "no usage" : usages, f.logical_minimum,
                                                           f.logical_maximum),
                                f.item_offset});
        }
        node.children.push_back(std::move(r));
    }
}

}  // namespace

std::vector<DescribeNode> describe_hid_reports(const usb::DescriptorSet& set) {
    std::vector<DescribeNode> nodes;
    for (const auto& report : set.hid_reports) {
        auto node = section("hid_report", "hid_reports",
                            fmt::format("HID report descriptor, interface {}", report.interface_number),
                            fmt::format("hid-report[{}]", report.interface_number), 0,
                            std::string(usb::to_string(report.availability)));
        if (report.availability == usb::Availability::present) {
            node.fields.push_back({"length", report.bytes.size(), std::to_string(report.bytes.size()), "bytes",
                                   std::nullopt});
            node.raw = spaced_hex(report.bytes);
            add_hid_decoding(node, report.bytes);  // the items show the bytes in the text dump
        }
        nodes.push_back(std::move(node));
    }
    return nodes;
}

namespace {

// A blob the describe tree shows only as bytes: its length and raw hex when it was read.
DescribeNode raw_blob_node(std::string kind, std::string group, std::string title, const usb::RawBlob& blob) {
    auto node = section(std::move(kind), std::move(group), std::move(title), "", std::nullopt,
                        std::string(usb::to_string(blob.availability)));
    if (blob.availability == usb::Availability::present) {
        node.fields.push_back({"length", blob.bytes.size(), std::to_string(blob.bytes.size()), "bytes", std::nullopt});
        node.raw = spaced_hex(blob.bytes);
        node.raw_in_text = true;
    }
    return node;
}

const char* wvalue_byte_meaning(const std::string& byte) {
    if (byte == "high") return "interface number in the high byte of wValue (as Windows asks)";
    if (byte == "low") return "only the low byte of wValue answered (as Linux gadgets read it)";
    if (byte == "either") return "interface 0: both byte orders are the same request";
    return "neither byte order answered";
}

DescribeField text_field(std::string name, std::string text, std::string meaning = "", std::optional<size_t> offset = {}) {
    return {std::move(name), std::nullopt, std::move(text), std::move(meaning), offset};
}

// Decoded MS OS 1.0 / 2.0 fields beside the raw bytes (usb/msos.h parsers; checks judge them).
void decode_os_string(DescribeNode& node, const usb::Bytes& bytes) {
    std::vector<usb::msos::Note> notes;
    const auto s = usb::msos::parse_os_string(bytes, notes);
    if (!s) return;
    const size_t limit = bytes.size();
    add_field(node, limit, "bLength", s->bLength, 1, false, 0);
    add_field(node, limit, "bDescriptorType", s->bDescriptorType, 1, true, 1);
    node.fields.push_back(text_field("qwSignature", s->signature_ok ? "MSFT100" : "(not MSFT100)", "", 2));
    add_field(node, limit, "bPad", s->bPad, 1, true, 17);
}

void decode_compat_id(DescribeNode& node, const usb::Bytes& bytes) {
    std::vector<usb::msos::Note> notes;
    const auto c = usb::msos::parse_compat_id(bytes, notes);
    if (!c) return;
    const size_t limit = bytes.size();
    add_field(node, limit, "dwLength", c->dwLength, 4, false, 0);
    add_field(node, limit, "bcdVersion", c->bcdVersion, 2, true, 4);
    add_field(node, limit, "wIndex", c->wIndex, 2, true, 6);
    add_field(node, limit, "bCount", c->bCount, 1, false, 8);
    for (const auto& f : c->functions) {
        auto child = section("function", "functions", fmt::format("Function, first interface {}", f.bFirstInterfaceNumber), "",
                             f.offset);
        add_field(child, limit, "bFirstInterfaceNumber", f.bFirstInterfaceNumber, 1, false, f.offset);
        add_field(child, limit, "reserved1", f.reserved1, 1, true, f.offset + 1);
        child.fields.push_back(text_field("compatibleID", f.compatible_id(), "", f.offset + 2));
        child.fields.push_back(text_field("subCompatibleID", f.sub_compatible_id(), "", f.offset + 10));
        node.children.push_back(std::move(child));
    }
}

void decode_properties(DescribeNode& node, const usb::Bytes& bytes) {
    std::vector<usb::msos::Note> notes;
    const auto e = usb::msos::parse_extended_properties(bytes, notes);
    if (!e) return;
    const size_t limit = bytes.size();
    add_field(node, limit, "dwLength", e->dwLength, 4, false, 0);
    add_field(node, limit, "bcdVersion", e->bcdVersion, 2, true, 4);
    add_field(node, limit, "wIndex", e->wIndex, 2, true, 6);
    add_field(node, limit, "wCount", e->wCount, 2, false, 8);
    for (const auto& p : e->properties) {
        auto child = section("property", "properties", fmt::format("Property \"{}\"", p.name), "", p.offset);
        add_field(child, limit, "dwSize", p.dwSize, 4, false, p.offset);
        add_field(child, limit, "dwPropertyDataType", p.dwPropertyDataType, 4, false, p.offset + 4,
                  usb::msos::registry_type_name(p.dwPropertyDataType));
        add_field(child, limit, "wPropertyNameLength", p.wPropertyNameLength, 2, false, p.offset + 8);
        child.fields.push_back(text_field("name", p.name, "", p.offset + 10));
        add_field(child, limit, "dwPropertyDataLength", p.dwPropertyDataLength, 4, false, p.offset + 10 + p.wPropertyNameLength);
        child.fields.push_back(text_field("value", usb::msos::property_value_text(p.dwPropertyDataType, p.data),
                                          usb::msos::registry_type_name(p.dwPropertyDataType),
                                          p.offset + 14 + p.wPropertyNameLength));
        node.children.push_back(std::move(child));
    }
}

DescribeNode set20_node(const usb::msos::Set20Descriptor& d) {
    static constexpr const char* k_names[] = {"Set header",    "Configuration subset", "Function subset",
                                              "Compatible ID", "Registry property",    "Minimum resume time",
                                              "Model ID",      "CCGP device",          "Vendor revision"};
    auto node = section("descriptor", "descriptors",
                        d.wDescriptorType < std::size(k_names) ? k_names[d.wDescriptorType]
                                                               : fmt::format("Descriptor type {}", d.wDescriptorType),
                        "", d.offset);
    const size_t at = d.offset;
    node.fields.push_back({"wLength", d.wLength, std::to_string(d.wLength), "", at});
    node.fields.push_back({"wDescriptorType", d.wDescriptorType, std::to_string(d.wDescriptorType), "", at + 2});
    const auto number = [&](std::string name, uint64_t value, size_t offset, std::string meaning = "") {
        if (offset - at < d.bytes.size()) node.fields.push_back({std::move(name), value, std::to_string(value), std::move(meaning), offset});
    };
    switch (d.wDescriptorType) {
    case 0:
        if (d.bytes.size() >= 8)
            node.fields.push_back({"dwWindowsVersion", d.dwWindowsVersion, fmt::format("0x{:08x}", d.dwWindowsVersion),
                                   windows_version(d.dwWindowsVersion), at + 4});
        number("wTotalLength", d.wTotalLength, at + 8);
        break;
    case 1:
        number("bConfigurationValue", d.bConfigurationValue, at + 4, "configuration index");
        number("wTotalLength", d.wTotalLength, at + 6);
        break;
    case 2:
        number("bFirstInterface", d.bFirstInterface, at + 4);
        number("wSubsetLength", d.wTotalLength, at + 6);
        break;
    case 3:
        node.fields.push_back(text_field("CompatibleID", d.compatible_id, "", at + 4));
        node.fields.push_back(text_field("SubCompatibleID", d.sub_compatible_id, "", at + 12));
        break;
    case 4:
        number("wPropertyDataType", d.wPropertyDataType, at + 4, usb::msos::registry_type_name(d.wPropertyDataType));
        number("wPropertyNameLength", d.wPropertyNameLength, at + 6);
        node.fields.push_back(text_field("PropertyName", d.property_name, "", at + 8));
        number("wPropertyDataLength", d.wPropertyDataLength, at + 8 + d.wPropertyNameLength);
        node.fields.push_back(text_field("PropertyData", usb::msos::property_value_text(d.wPropertyDataType, d.property_data),
                                         usb::msos::registry_type_name(d.wPropertyDataType), at + 10 + d.wPropertyNameLength));
        break;
    case 5:
        number("bResumeRecoveryTime", d.bytes.size() > 4 ? d.bytes[4] : 0, at + 4, "ms");
        number("bResumeSignalingTime", d.bytes.size() > 5 ? d.bytes[5] : 0, at + 5, "ms");
        break;
    case 6:
        if (d.bytes.size() >= 20) node.fields.push_back(text_field("ModelID", spaced_hex(d.bytes, 4, 16), "", at + 4));
        break;
    case 8:
        number("VendorRevision", d.bytes.size() >= 6 ? (d.bytes[4] | (d.bytes[5] << 8)) : 0, at + 4);
        break;
    default:
        break;
    }
    for (const auto& c : d.children) node.children.push_back(set20_node(c));
    return node;
}

}  // namespace

DescribeNode describe_msos(const usb::DescriptorSet& set) {
    const auto& ms = set.msos;
    auto node = section("msos", "", "Microsoft OS descriptors (raw bytes and decoded fields)", "", std::nullopt);
    auto os_string = raw_blob_node("os_string", "", "MS OS 1.0 string descriptor (index 0xEE)", ms.os_string);
    if (ms.vendor_code)
        add_field(os_string, SIZE_MAX, "bMS_VendorCode", *ms.vendor_code, 1, true, 16, "MSFT100 signature present");
    if (ms.os_string.availability == usb::Availability::present) decode_os_string(os_string, ms.os_string.bytes);
    node.children.push_back(std::move(os_string));
    // The feature descriptors are asked for only through a vendor code; without one they were not.
    if (ms.vendor_code) {
        auto compat = raw_blob_node("compat_id", "", "MS OS 1.0 extended compat ID (wIndex 4)", ms.compat_id);
        if (ms.compat_id.availability == usb::Availability::present) decode_compat_id(compat, ms.compat_id.bytes);
        node.children.push_back(std::move(compat));
        for (const auto& props : ms.extended_properties) {
            auto child = raw_blob_node("extended_properties", "extended_properties",
                                       fmt::format("MS OS 1.0 extended properties, interface {} (wIndex 5)",
                                                   props.interface_number),
                                       props.blob);
            child.fields.insert(child.fields.begin(),
                                {"interface", props.interface_number, std::to_string(props.interface_number), "",
                                 std::nullopt});
            child.fields.push_back({"wValue_byte", std::nullopt, props.wvalue_byte.empty() ? "none" : props.wvalue_byte,
                                    wvalue_byte_meaning(props.wvalue_byte), std::nullopt});
            if (props.blob.availability == usb::Availability::present) decode_properties(child, props.blob.bytes);
            node.children.push_back(std::move(child));
        }
    }
    if (ms.msos20_vendor_code) {
        auto set_node = raw_blob_node("msos20_set", "", "MS OS 2.0 descriptor set (wIndex 7)", ms.msos20_set);
        set_node.fields.insert(set_node.fields.begin(),
                               {"bMS_VendorCode", *ms.msos20_vendor_code, fmt::format("0x{:02x}", *ms.msos20_vendor_code),
                                "from the BOS platform capability", std::nullopt});
        std::vector<usb::msos::Note> notes;
        if (ms.msos20_set.availability == usb::Availability::present)
            if (auto tree = usb::msos::parse_set20(ms.msos20_set.bytes, notes); tree && tree->header)
                set_node.children.push_back(set20_node(*tree->header));
        node.children.push_back(std::move(set_node));
    }
    return node;
}

std::vector<DescribeNode> describe_notes(const usb::DescriptorSet& set) {
    std::vector<DescribeNode> nodes;
    for (const auto& note : set.notes) {
        auto node = section("note", "notes", "Parse note", note.blob, note.offset);
        node.fields.push_back({"kind", std::nullopt, std::string(usb::to_string(note.kind)), "", std::nullopt});
        node.fields.push_back({"message", std::nullopt, note.message, "", std::nullopt});
        nodes.push_back(std::move(node));
    }
    return nodes;
}

}  // namespace usbcheck::reports
