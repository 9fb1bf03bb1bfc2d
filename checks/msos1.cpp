// Checks of the Microsoft OS 1.0 descriptors: the 0xEE OS string, the extended compat ID
// (wIndex 4) and the extended properties (wIndex 5) of each interface that answered.
#include <array>
#include <numeric>

#include <fmt/format.h>

#include "checks/check.h"
#include "checks/msos_util.h"
#include "usb/msos.h"

// Every msos1 rationale ends with this: a fix is invisible to a Windows host that already met the device.
#define USBCHECK_OSVC                                                                                          \
    "; Windows caches the 0xEE answer per VID/PID/bcdDevice (registry usbflags osvc), so a fixed device needs " \
    "a new bcdDevice or the key deleted"

namespace usbcheck::checks {
namespace {

namespace msos = usb::msos;
using usb::hex_byte;
using usb::hex_word;

constexpr size_t k_max_feature = 4096;  // Windows' MS OS feature descriptor limit

Location at_os_string(size_t offset) { return {"msos-os-string", "msos/os-string", offset}; }
Location at_compat(size_t offset, std::string path = "msos/compat-id") { return {"msos-compat-id", std::move(path), offset}; }
Location at_props(uint8_t interface, std::optional<size_t> offset) {
    return {fmt::format("msos-ext-props[{}]", interface), fmt::format("msos/ext-props[interface {}]", interface), offset};
}

// The OS string as read, or a skip with the reason it cannot be judged.
std::optional<msos::OsString> os_string_or_skip(const usb::DescriptorSet& set, Reporter& r) {
    switch (set.msos.os_string.availability) {
    case usb::Availability::not_captured:
        r.skip(set.device_lost ? "the device went away before the 0xEE string was read"
                               : "the Microsoft OS 1.0 string (0xEE) was not captured by this input");
        return std::nullopt;
    case usb::Availability::stalled:
        r.not_applicable("the device has no Microsoft OS 1.0 string (0xEE stalled)");
        return std::nullopt;
    case usb::Availability::failed:
        r.skip("the 0xEE string request failed");
        return std::nullopt;
    case usb::Availability::present:
        break;
    }
    std::vector<msos::Note> notes;
    auto s = msos::parse_os_string(set.msos.os_string.bytes, notes);
    if (!s) r.skip("the 0xEE string request returned no bytes");
    return s;
}

// Feature descriptors are asked for only after an OS string with the MSFT100 signature.
bool features_requested(const usb::DescriptorSet& set, Reporter& r) {
    if (!os_string_or_skip(set, r)) return false;
    if (!set.msos.vendor_code) {
        r.skip("the 0xEE string has no MSFT100 signature, so no feature descriptors were requested");
        return false;
    }
    return true;
}

std::optional<msos::CompatId> compat_or_skip(const usb::DescriptorSet& set, Reporter& r) {
    if (!features_requested(set, r)) return std::nullopt;
    const auto& blob = set.msos.compat_id;
    if (blob.availability == usb::Availability::not_captured) {
        r.skip("the extended compat ID descriptor was not captured by this input");
        return std::nullopt;
    }
    if (blob.availability != usb::Availability::present) {
        r.not_applicable(fmt::format("the extended compat ID request was {}", usb::to_string(blob.availability)));
        return std::nullopt;
    }
    std::vector<msos::Note> notes;
    auto c = msos::parse_compat_id(blob.bytes, notes);
    if (!c) r.skip("the extended compat ID request returned no bytes");
    return c;
}

struct PropsOf {
    uint8_t interface = 0;
    msos::ExtendedProperties props;
};

// The extended properties of every interface that answered.
std::vector<PropsOf> props_or_skip(const usb::DescriptorSet& set, Reporter& r) {
    std::vector<PropsOf> out;
    if (!features_requested(set, r)) return out;
    for (const auto& e : set.msos.extended_properties) {
        if (e.blob.availability != usb::Availability::present) continue;
        std::vector<msos::Note> notes;
        if (auto p = msos::parse_extended_properties(e.blob.bytes, notes)) out.push_back({e.interface_number, std::move(*p)});
    }
    if (out.empty())
        r.not_applicable(set.msos.extended_properties.empty()
                             ? "no extended properties descriptor was requested or captured"
                             : "no interface answered the extended properties request");
    return out;
}

template <typename Fn>
void for_each_property(const usb::DescriptorSet& set, Reporter& r, Fn fn) {
    for (const auto& p : props_or_skip(set, r))
        for (const auto& prop : p.props.properties) fn(p.interface, prop);
}

// MS OS 1.0 (usb-reference 3.1; Linux struct usb_os_string): bLength is 0x12 and 18 bytes are returned.
void os_length(const usb::DescriptorSet& set, Reporter& r) {
    const auto s = os_string_or_skip(set, r);
    if (!s) return;
    if (s->bLength != 0x12) r.violation(fmt::format("the OS string bLength is {} but expected 18 (0x12)", s->bLength), at_os_string(0));
    if (s->bytes_present != 18)
        r.violation(fmt::format("the device returned {} bytes for the OS string but expected 18", s->bytes_present),
                    at_os_string(0));
}

// MS OS 1.0 (usb-reference 3.1): the OS string is a string descriptor (type 3).
void os_type(const usb::DescriptorSet& set, Reporter& r) {
    const auto s = os_string_or_skip(set, r);
    if (s && s->bDescriptorType != usb::dt::string)
        r.violation(fmt::format("the OS string bDescriptorType is {} but expected 0x03", hex_byte(s->bDescriptorType)),
                    at_os_string(1));
}

// MS OS 1.0 (usb-reference 3.1; libusb xusb): qwSignature is "MSFT100" in UTF-16LE.
void os_signature(const usb::DescriptorSet& set, Reporter& r) {
    const auto s = os_string_or_skip(set, r);
    if (s && !s->signature_ok)
        r.violation("the OS string signature is not \"MSFT100\" (4d 00 53 00 46 00 54 00 31 00 30 00 30 00)", at_os_string(2));
}

// MS OS 1.0 (usb-reference 3.1; Linux composite.c "not used, must be zero"): bPad is 0.
void os_pad(const usb::DescriptorSet& set, Reporter& r) {
    const auto s = os_string_or_skip(set, r);
    if (s && s->bytes_present >= 18 && s->bPad != 0)
        r.violation(fmt::format("bPad is {} but expected 0x00", hex_byte(s->bPad)), at_os_string(17));
}

// MS OS 1.0 (usb-reference 3.3, 3.5 rule 2): dwLength == 16 + 24 * bCount == bytes returned.
void compat_length(const usb::DescriptorSet& set, Reporter& r) {
    const auto c = compat_or_skip(set, r);
    if (!c) return;
    const size_t expected = 16 + 24 * size_t{c->bCount};
    if (c->dwLength != expected)
        r.violation(fmt::format("dwLength is {} but 16 + 24 x bCount ({}) is {}", c->dwLength, c->bCount, expected), at_compat(0));
    if (c->dwLength != c->bytes_present)
        r.violation(fmt::format("dwLength is {} but the device returned {} bytes", c->dwLength, c->bytes_present), at_compat(0));
}

// MS OS 1.0 (usb-reference 3.3, 3.5 rule 1): bcdVersion 0x0100 and wIndex 0x0004.
void compat_header(const usb::DescriptorSet& set, Reporter& r) {
    const auto c = compat_or_skip(set, r);
    if (!c || c->bytes_present < 8) return;
    if (c->bcdVersion != 0x0100)
        r.violation(fmt::format("bcdVersion is {} but expected 0x0100", hex_word(c->bcdVersion)), at_compat(4));
    if (c->wIndex != 0x0004) r.violation(fmt::format("wIndex is {} but expected 0x0004", hex_word(c->wIndex)), at_compat(6));
}

// MS OS 1.0 (usb-reference 3.3; QEMU msos_compat_hdr): the 7 header reserved bytes are zero.
void compat_reserved(const usb::DescriptorSet& set, Reporter& r) {
    const auto c = compat_or_skip(set, r);
    if (!c || c->bytes_present < 16) return;
    for (size_t i = 0; i < c->reserved.size(); ++i)
        if (c->reserved[i] != 0)
            return r.violation(fmt::format("header reserved byte {} is {} but expected 0x00", i, hex_byte(c->reserved[i])),
                               at_compat(9 + i));
}

std::string function_path(const msos::CompatIdFunction& f) {
    return fmt::format("msos/compat-id/function[interface {}]", f.bFirstInterfaceNumber);
}

// MS OS 1.0 (usb-reference 3.5 rule 5; Linux f_fs.c): each bFirstInterfaceNumber exists in configuration 0.
void compat_interface(const usb::DescriptorSet& set, Reporter& r) {
    const auto c = compat_or_skip(set, r);
    if (!c) return;
    if (set.configurations.empty()) return r.skip("configuration 0 was not read, so interfaces cannot be matched");
    const auto& config = set.configurations.front();
    for (const auto& f : c->functions)
        if (!config.find_interface(f.bFirstInterfaceNumber))
            r.violation(fmt::format("bFirstInterfaceNumber is {} but configuration 0 has no such interface",
                                    f.bFirstInterfaceNumber),
                        at_compat(f.offset, function_path(f)));
}

// MS OS 1.0 (usb-reference 3.3; Linux f_fs.c "Reserved1 must be set to 1"): the byte after bFirstInterfaceNumber is 0x01.
void compat_reserved1(const usb::DescriptorSet& set, Reporter& r) {
    const auto c = compat_or_skip(set, r);
    if (!c) return;
    for (const auto& f : c->functions)
        if (f.reserved1 != 0x01)
            r.violation(fmt::format("reserved1 is {} but expected 0x01", hex_byte(f.reserved1)),
                        at_compat(f.offset + 1, function_path(f)));
}

// MS OS 1.0 (usb-reference 3.3; MSDocs compatible ID list): IDs are uppercase ASCII, NUL-padded.
void compat_ids(const usb::DescriptorSet& set, Reporter& r) {
    const auto c = compat_or_skip(set, r);
    if (!c) return;
    for (const auto& f : c->functions) {
        if (auto p = msos_util::compatible_id_problem("compatibleID", f.compatibleID); !p.empty())
            r.violation(p, at_compat(f.offset + 2, function_path(f)));
        if (auto p = msos_util::compatible_id_problem("subCompatibleID", f.subCompatibleID); !p.empty())
            r.violation(p, at_compat(f.offset + 10, function_path(f)));
    }
}

// MS OS 1.0 (usb-reference 3.3; Linux f_fs.c rejects non-zero): the 6 trailing reserved bytes are zero.
void compat_reserved2(const usb::DescriptorSet& set, Reporter& r) {
    const auto c = compat_or_skip(set, r);
    if (!c) return;
    for (const auto& f : c->functions)
        for (size_t i = 0; i < f.reserved2.size(); ++i)
            if (f.reserved2[i] != 0) {
                r.violation(fmt::format("reserved2 byte {} is {} but expected 0x00", i, hex_byte(f.reserved2[i])),
                            at_compat(f.offset + 18 + i, function_path(f)));
                break;
            }
}

// MS OS 1.0 (usb-reference 3.3, 10): function sections name each first interface once, in ascending order.
void compat_order(const usb::DescriptorSet& set, Reporter& r) {
    const auto c = compat_or_skip(set, r);
    if (!c) return;
    for (size_t i = 1; i < c->functions.size(); ++i) {
        const auto& a = c->functions[i - 1];
        const auto& b = c->functions[i];
        if (b.bFirstInterfaceNumber == a.bFirstInterfaceNumber)
            r.violation(fmt::format("interface {} has a second function section", b.bFirstInterfaceNumber),
                        at_compat(b.offset, function_path(b)));
        else if (b.bFirstInterfaceNumber < a.bFirstInterfaceNumber)
            r.violation(fmt::format("bFirstInterfaceNumber {} follows {}; expected ascending order", b.bFirstInterfaceNumber,
                                    a.bFirstInterfaceNumber),
                        at_compat(b.offset, function_path(b)));
    }
}

// MS OS 1.0 (usb-reference 3.4, 3.5 rule 3): dwLength == 10 + sum(dwSize) == bytes returned.
void props_length(const usb::DescriptorSet& set, Reporter& r) {
    for (const auto& p : props_or_skip(set, r)) {
        const size_t sum = std::accumulate(p.props.properties.begin(), p.props.properties.end(), size_t{10},
                                           [](size_t s, const msos::Property& x) { return s + x.dwSize; });
        if (p.props.dwLength != sum)
            r.violation(fmt::format("interface {}: dwLength is {} but 10 + the sum of dwSize is {}", p.interface, p.props.dwLength, sum),
                        at_props(p.interface, 0));
        if (p.props.dwLength != p.props.bytes_present)
            r.violation(fmt::format("interface {}: dwLength is {} but the device returned {} bytes", p.interface,
                                    p.props.dwLength, p.props.bytes_present),
                        at_props(p.interface, 0));
    }
}

// MS OS 1.0 (usb-reference 3.4, 3.5 rule 1): bcdVersion 0x0100, wIndex 0x0005, wCount == sections present.
void props_header(const usb::DescriptorSet& set, Reporter& r) {
    for (const auto& p : props_or_skip(set, r)) {
        if (p.props.bytes_present < 10) {
            r.violation(fmt::format("interface {}: the header is {} bytes but expected 10", p.interface, p.props.bytes_present),
                        at_props(p.interface, 0));
            continue;
        }
        if (p.props.bcdVersion != 0x0100)
            r.violation(fmt::format("interface {}: bcdVersion is {} but expected 0x0100", p.interface, hex_word(p.props.bcdVersion)),
                        at_props(p.interface, 4));
        if (p.props.wIndex != 0x0005)
            r.violation(fmt::format("interface {}: wIndex is {} but expected 0x0005", p.interface, hex_word(p.props.wIndex)),
                        at_props(p.interface, 6));
        if (p.props.wCount != p.props.properties.size())
            r.violation(fmt::format("interface {}: wCount is {} but {} property sections are present", p.interface,
                                    p.props.wCount, p.props.properties.size()),
                        at_props(p.interface, 8));
    }
}

// MS OS 1.0 (usb-reference 3.4, 3.5 rule 3; Linux composite.c len_ext_prop): dwSize == 14 + NL + DL.
void props_section_size(const usb::DescriptorSet& set, Reporter& r) {
    for_each_property(set, r, [&](uint8_t interface, const msos::Property& p) {
        const size_t expected = 14 + size_t{p.wPropertyNameLength} + p.dwPropertyDataLength;
        if (p.dwSize != expected)
            r.violation(fmt::format("property \"{}\": dwSize is {} but 14 + wPropertyNameLength {} + dwPropertyDataLength {} is {}",
                                    p.name, p.dwSize, p.wPropertyNameLength, p.dwPropertyDataLength, expected),
                        at_props(interface, p.offset));
        else if (!p.complete)
            r.violation(fmt::format("property \"{}\": the section needs {} bytes but fewer are present", p.name, expected),
                        at_props(interface, p.offset));
    });
}

// MS OS 1.0 (usb-reference 3.4; Linux u_os_desc.h): dwPropertyDataType is 1..7.
void props_type(const usb::DescriptorSet& set, Reporter& r) {
    for_each_property(set, r, [&](uint8_t interface, const msos::Property& p) {
        if (p.dwPropertyDataType < 1 || p.dwPropertyDataType > 7)
            r.violation(fmt::format("property \"{}\": dwPropertyDataType is {} but expected 1..7", p.name, p.dwPropertyDataType),
                        at_props(interface, p.offset + 4));
    });
}

// MS OS 1.0 (usb-reference 3.5; Linux configfs 2 * strlen + 2): wPropertyNameLength == 2 x (characters + 1).
void props_name_length(const usb::DescriptorSet& set, Reporter& r) {
    for_each_property(set, r, [&](uint8_t interface, const msos::Property& p) {
        if (auto problem = msos_util::name_length_problem(p.wPropertyNameLength, p.name_bytes); !problem.empty())
            r.violation(fmt::format("property \"{}\": {}", p.name, problem), at_props(interface, p.offset + 8));
    });
}

// MS OS 1.0 (usb-reference 3.5 rule 3): the data fits its type.
void props_data(const usb::DescriptorSet& set, Reporter& r) {
    for_each_property(set, r, [&](uint8_t interface, const msos::Property& p) {
        if (!p.complete) return;  // msos1.ext-props.section-size reports it
        if (auto problem = msos_util::data_problem(p.dwPropertyDataType, p.data); !problem.empty())
            r.violation(fmt::format("property \"{}\": {}", p.name, problem),
                        at_props(interface, p.offset + 14 + p.wPropertyNameLength));
    });
}

// MS OS 1.0 (usb-reference 3.5 rule 4; Windows URB limit): the descriptor is at most 4096 bytes.
void props_max_size(const usb::DescriptorSet& set, Reporter& r) {
    for (const auto& p : props_or_skip(set, r))
        if (p.props.dwLength > k_max_feature)
            r.violation(fmt::format("interface {}: dwLength is {} but Windows reads at most 4096 bytes", p.interface,
                                    p.props.dwLength),
                        at_props(p.interface, 0));
}

// usb-reference 3.6 (MSDocs automatic-installation-of-winusb, usbser): known properties hold what Windows drivers expect.
void props_known(const usb::DescriptorSet& set, Reporter& r) {
    for_each_property(set, r, [&](uint8_t interface, const msos::Property& p) {
        if (!p.complete) return;
        if (auto problem = msos_util::known_property_problem(p.name, p.dwPropertyDataType, p.data); !problem.empty())
            r.violation(problem, at_props(interface, p.offset + 14 + p.wPropertyNameLength));
    });
}

// usb-reference Cautions, 3.2: which wValue byte carried the interface number (never a failure).
void props_wvalue(const usb::DescriptorSet& set, Reporter& r) {
    if (!features_requested(set, r)) return;
    bool any = false;
    for (const auto& e : set.msos.extended_properties) {
        if (e.interface_number == 0 || e.blob.availability != usb::Availability::present) continue;
        any = true;
        r.violation(fmt::format("interface {} answered with its number in the {} byte of wValue{}", e.interface_number,
                                e.wvalue_byte, e.wvalue_byte == "low" ? " (as Linux gadgets read it)" : " (as Windows asks)"),
                    at_props(e.interface_number, std::nullopt));
    }
    if (!any) r.not_applicable("no interface other than 0 answered the extended properties request");
}

const std::array k_checks = {
    CheckDef{"msos1.os-string.length", "the OS string (0xEE) is 18 bytes with bLength 0x12", Severity::error,
             "MS OS 1.0 OS string descriptor (usb-reference 3.1; Linux composite.c struct usb_os_string)",
             "Windows reads 18 bytes and ignores an OS string of another size" USBCHECK_OSVC,
             "send 12 03 'MSFT100' vendor-code 00", os_length},
    CheckDef{"msos1.os-string.type", "the OS string has bDescriptorType 0x03", Severity::error,
             "MS OS 1.0 OS string descriptor (usb-reference 3.1)", "the OS string is a string descriptor" USBCHECK_OSVC,
             "set byte 1 to 0x03", os_type},
    CheckDef{"msos1.os-string.signature", "the OS string signature is \"MSFT100\"", Severity::error,
             "MS OS 1.0 OS string descriptor qwSignature (usb-reference 3.1; libusb xusb)",
             "without the signature Windows requests no MS OS 1.0 feature descriptors" USBCHECK_OSVC,
             "send 'MSFT100' in UTF-16LE at bytes 2..15", os_signature},
    CheckDef{"msos1.os-string.pad", "the OS string bPad is zero", Severity::warning,
             "MS OS 1.0 OS string descriptor (usb-reference 3.1; Linux \"must be zero\"; some revisions call byte 17 bFlags, "
             "UNVERIFIED)",
             "a non-zero byte 17 may be read as flags (ContainerID support)" USBCHECK_OSVC, "set byte 17 to 0", os_pad},
    CheckDef{"msos1.compat-id.length", "the extended compat ID dwLength is 16 + 24 x bCount and the bytes returned",
             Severity::error, "MS OS 1.0 extended compat ID (usb-reference 3.3, 3.5 rule 2; Linux composite.c, QEMU)",
             "Windows reads dwLength bytes and walks bCount sections in them" USBCHECK_OSVC,
             "set dwLength to 16 + 24 x bCount and return that many bytes", compat_length},
    CheckDef{"msos1.compat-id.header", "the extended compat ID has bcdVersion 0x0100 and wIndex 4", Severity::error,
             "MS OS 1.0 extended compat ID header (usb-reference 3.3, 3.5 rule 1)",
             "Windows checks the header before using the sections" USBCHECK_OSVC, "send bytes 00 01 04 00 at offset 4",
             compat_header},
    CheckDef{"msos1.compat-id.reserved", "the extended compat ID header reserved bytes are zero", Severity::error,
             "MS OS 1.0 extended compat ID header (usb-reference 3.3; QEMU msos_compat_hdr)",
             "reserved bytes may gain a meaning" USBCHECK_OSVC, "zero bytes 9..15", compat_reserved},
    CheckDef{"msos1.compat-id.interface", "every function section names an interface of configuration 0", Severity::error,
             "MS OS 1.0 extended compat ID (usb-reference 3.5 rule 5; Linux f_fs.c)",
             "Windows matches sections to interfaces by bFirstInterfaceNumber" USBCHECK_OSVC,
             "use the first interface number of each function", compat_interface},
    CheckDef{"msos1.compat-id.reserved1", "each function section's reserved byte is 0x01", Severity::warning,
             "MS OS 1.0 extended compat ID (usb-reference 3.3; Linux f_fs.c \"Reserved1 must be set to 1\"; MBIM page calls it "
             "bInterfaceCount)",
             "the specification asks for 0x01; Windows is not known to reject other values" USBCHECK_OSVC,
             "set the byte after bFirstInterfaceNumber to 0x01", compat_reserved1},
    CheckDef{"msos1.compat-id.ids", "compatibleID and subCompatibleID are uppercase ASCII, NUL-padded", Severity::error,
             "MS OS 1.0 extended compat ID (usb-reference 3.3; MSDocs microsoft-os-1-0-descriptors-specification)",
             "Windows builds USB\\MS_COMP_xxx IDs from these bytes" USBCHECK_OSVC,
             "use an ID such as WINUSB or RNDIS and pad with 00", compat_ids},
    CheckDef{"msos1.compat-id.reserved2", "each function section's last 6 bytes are zero", Severity::error,
             "MS OS 1.0 extended compat ID (usb-reference 3.3; Linux f_fs.c rejects non-zero)",
             "reserved bytes may gain a meaning" USBCHECK_OSVC, "zero bytes 18..23 of each section", compat_reserved2},
    CheckDef{"msos1.compat-id.order", "function sections are in ascending interface order, one per interface",
             Severity::error, "MS OS 1.0 extended compat ID (usb-reference 3.3, 10)",
             "each composite child takes the one section that names its first interface" USBCHECK_OSVC,
             "sort the sections by bFirstInterfaceNumber and drop duplicates", compat_order},
    CheckDef{"msos1.ext-props.length", "extended properties dwLength is 10 + the sum of dwSize and the bytes returned",
             Severity::error, "MS OS 1.0 extended properties (usb-reference 3.4, 3.5 rule 3; Linux composite.c)",
             "Windows reads dwLength bytes and walks the sections by dwSize" USBCHECK_OSVC,
             "set dwLength to 10 + the sum of the section sizes", props_length},
    CheckDef{"msos1.ext-props.header", "extended properties have bcdVersion 0x0100, wIndex 5 and a true wCount",
             Severity::error, "MS OS 1.0 extended properties header (usb-reference 3.4, 3.5 rule 1)",
             "Windows checks the header and reads wCount sections" USBCHECK_OSVC,
             "send 00 01 05 00 and the number of sections", props_header},
    CheckDef{"msos1.ext-props.section-size", "each property dwSize is 14 + wPropertyNameLength + dwPropertyDataLength",
             Severity::error, "MS OS 1.0 extended properties (usb-reference 3.4, 3.5 rule 3; QEMU adds 6, 3.6)",
             "a wrong dwSize misplaces every later section" USBCHECK_OSVC, "set dwSize to 14 + NL + DL", props_section_size},
    CheckDef{"msos1.ext-props.data-type", "each dwPropertyDataType is 1..7", Severity::error,
             "MS OS 1.0 extended properties (usb-reference 3.4; Linux u_os_desc.h)",
             "Windows writes registry values only of the REG_* types 1..7" USBCHECK_OSVC,
             "use REG_SZ 1 .. REG_MULTI_SZ 7", props_type},
    CheckDef{"msos1.ext-props.name-length", "wPropertyNameLength is 2 x (characters + 1) with the NUL last",
             Severity::error, "MS OS 1.0 extended properties (usb-reference 3.5: Linux configfs, QEMU, MSDocs WinUSB page)",
             "a wrong name length misreads the data length and value" USBCHECK_OSVC,
             "count the UTF-16LE name plus its NUL: IdleUsbSelectiveSuspendPolicy is 60, not 62", props_name_length},
    CheckDef{"msos1.ext-props.data", "property data fits its type", Severity::error,
             "MS OS 1.0 extended properties (usb-reference 3.5 rule 3)",
             "Windows stores the bytes as the registry type says" USBCHECK_OSVC,
             "DWORD: 4 bytes; strings: UTF-16LE ending 00 00; REG_MULTI_SZ: ending 00 00 00 00", props_data},
    CheckDef{"msos1.ext-props.max-size", "the extended properties descriptor is at most 4096 bytes", Severity::error,
             "MS OS 1.0 (usb-reference 3.5 rule 4; Windows _URB_OS_FEATURE_DESCRIPTOR_REQUEST 4 KB)",
             "Windows limits MS OS feature descriptors to 4 KB" USBCHECK_OSVC, "move properties to fewer, shorter values",
             props_max_size},
    CheckDef{"msos1.ext-props.known", "known properties have the type and value Windows drivers expect", Severity::error,
             "usb-reference 3.6 (MSDocs automatic-installation-of-winusb, usbser; QEMU SelectiveSuspendEnabled UNVERIFIED)",
             "a driver ignores a value of the wrong type or range" USBCHECK_OSVC,
             "DWORD 0/1 for the idle flags, braced GUID text for DeviceInterfaceGUID(s)", props_known},
    CheckDef{"msos1.ext-props.wvalue", "which wValue byte carried the interface number (information)", Severity::info,
             "usb-reference Cautions and 3.2 (Windows: high byte; Linux gadget: low byte)",
             "Windows asks with the interface in the high byte; a device answering only the low byte gets no properties "
             "on Windows for that interface",
             "answer with the interface number in the high byte of wValue (and the low byte for Linux hosts)", props_wvalue},
};

}  // namespace

std::span<const CheckDef> msos1_checks() { return k_checks; }

}  // namespace usbcheck::checks
