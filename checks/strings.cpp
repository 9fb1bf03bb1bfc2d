// Checks of string descriptors: the LANGID table (string 0), that every referenced index answers
// in every language, and each string's header, length and UTF-16LE text.
#include <algorithm>
#include <array>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "checks/check.h"
#include "usb/byte_reader.h"

namespace usbcheck::checks {
namespace {

constexpr size_t k_max_string_length = 254;  // 2 + 2 * USB_MAX_STRING_LEN (126)

// A string index some descriptor field refers to, with the field's name and location.
struct StringRef {
    uint8_t index = 0;
    std::string field;
    Location location;
};

std::vector<StringRef> referenced(const usb::DescriptorSet& set) {
    std::vector<StringRef> refs;
    auto add = [&](uint8_t index, std::string field, Location location) {
        if (index != 0) refs.push_back({index, std::move(field), std::move(location)});
    };
    if (set.device) {
        add(set.device->iManufacturer, "iManufacturer", at_device(14));
        add(set.device->iProduct, "iProduct", at_device(15));
        add(set.device->iSerialNumber, "iSerialNumber", at_device(16));
    }
    for (const auto* c : all_configurations(set)) {
        add(c->iConfiguration, fmt::format("iConfiguration of {}", c->blob), at_config(*c, 6));
        for (size_t k = 0; k < c->iads.size(); ++k)
            add(c->iads[k].iFunction, fmt::format("iFunction of {}/iad[{}]", c->blob, k), at_iad(*c, k, 7));
        for (const auto& i : c->interfaces)
            add(i.iInterface, fmt::format("iInterface of {}/interface[{}.{}]", c->blob, i.bInterfaceNumber, i.bAlternateSetting),
                at_interface(*c, i, 8));
    }
    return refs;
}

Location at_langids(size_t offset) { return {"string[0]", "string[0]", offset}; }

// The LANGID table if it was returned with at least its header, else a skip with the reason.
const usb::LangIdTable* langids_or_skip(const usb::DescriptorSet& set, Reporter& r) {
    const auto& t = set.langids;
    if (t.availability == usb::Availability::not_captured) {
        r.skip("string descriptor 0 was not captured by this input");
        return nullptr;
    }
    if (t.availability != usb::Availability::present) {
        r.not_applicable(fmt::format("string descriptor 0 was not returned ({})", usb::to_string(t.availability)));
        return nullptr;
    }
    if (t.bytes.size() < 2) {
        r.skip("string descriptor 0 is shorter than its 2-byte header (see ch9.descriptor.truncated)");
        return nullptr;
    }
    return &t;
}

// Calls fn(string) for every returned string with at least its 2-byte header; skips with a reason otherwise.
template <typename Fn>
void for_each_string(const usb::DescriptorSet& set, Reporter& r, Fn fn) {
    if (referenced(set).empty()) return r.not_applicable("no string index is referenced");
    bool any = false;
    bool not_captured = false;
    for (const auto& s : set.strings) {
        if (s.availability == usb::Availability::not_captured) not_captured = true;
        if (s.availability != usb::Availability::present || s.bytes.size() < 2) continue;
        any = true;
        fn(s);
    }
    if (!any)
        r.not_applicable(not_captured ? "the referenced strings were not captured by this input"
                                      : "no referenced string descriptor was returned (see string.index.resolves)");
}

// The UTF-16 code units of a string within bLength and the bytes present.
std::vector<uint16_t> code_units(const usb::StringDescriptor& s) {
    const usb::ByteReader bytes(s.bytes);
    const size_t end = std::min<size_t>(s.bLength, s.bytes.size());
    std::vector<uint16_t> units;
    for (size_t off = 2; off + 2 <= end; off += 2) units.push_back(bytes.u16(off));
    return units;
}

bool is_blank_unit(uint16_t u) {
    return u == 0x0000 || u == 0x0020 || (u >= 0x0009 && u <= 0x000D) || u == 0x00A0 || u == 0x1680 ||
           (u >= 0x2000 && u <= 0x200B) || u == 0x2028 || u == 0x2029 || u == 0x202F || u == 0x205F || u == 0x3000 || u == 0xFEFF;
}

// "U+0020 U+0020", at most 8 code units, so a message stays on one line whatever the text holds.
std::string unit_list(const std::vector<uint16_t>& units) {
    std::string out;
    for (size_t i = 0; i < units.size() && i < 8; ++i) out += fmt::format("{}U+{:04X}", i ? " " : "", units[i]);
    if (units.size() > 8) out += " ...";
    return out;
}

std::string label(const usb::StringDescriptor& s) {
    return fmt::format("string {} (LANGID {})", s.index, usb::hex_word(s.langid));
}

// USB 2.0 9.6.7 (UNVERIFIED) / Linux message.c usb_get_langid: a device with strings answers string 0 with its LANGIDs.
void langid_present(const usb::DescriptorSet& set, Reporter& r) {
    const auto refs = referenced(set);
    if (refs.empty()) return r.not_applicable("no string index is referenced");
    const auto availability = set.langids.availability;
    if (availability == usb::Availability::present) return;
    if (availability == usb::Availability::not_captured) return r.skip("string descriptor 0 was not captured by this input");
    std::vector<unsigned> indices;
    for (const auto& ref : refs)
        if (std::find(indices.begin(), indices.end(), ref.index) == indices.end()) indices.push_back(ref.index);
    r.violation(
        fmt::format("string descriptor 0 (LANGID table) {} but string indexes {} are referenced; expected the LANGID table",
                    availability == usb::Availability::stalled ? "stalled" : "failed", fmt::join(indices, ", ")),
        at_langids(0));
}

// Linux ch9.h / message.c usb_get_langid (length < 4 is "not provided"): string 0 is 0x03, 2 + 2*N bytes, N >= 1.
void langid_format(const usb::DescriptorSet& set, Reporter& r) {
    const auto* t = langids_or_skip(set, r);
    if (!t) return;
    if (t->bDescriptorType != usb::dt::string)
        r.violation(
            fmt::format("string descriptor 0 has bDescriptorType {} but expected 0x03", usb::hex_byte(t->bDescriptorType)),
            at_langids(1));
    if (t->bLength % 2 != 0)
        r.violation(fmt::format("string descriptor 0 has bLength {} but expected an even 2 + 2*N", t->bLength), at_langids(0));
    if (t->bLength < 4)
        r.violation(fmt::format("string descriptor 0 has bLength {} but expected at least 4 (one LANGID)", t->bLength),
                    at_langids(0));
    if (t->bLength > t->bytes.size())
        r.violation(
            fmt::format("string descriptor 0 has bLength {} but the device returned {} bytes", t->bLength, t->bytes.size()),
            at_langids(0));
}

// Linux gadget usbstring.c usb_validate_langid: primary language (bits 9..0) and sub-language (bits 15..10) are valid.
void langid_valid(const usb::DescriptorSet& set, Reporter& r) {
    const auto* t = langids_or_skip(set, r);
    if (!t) return;
    if (t->langids.empty()) return r.not_applicable("the LANGID table holds no LANGID (see string.langid.format)");
    for (size_t i = 0; i < t->langids.size(); ++i) {
        const uint16_t id = t->langids[i];
        const unsigned primary = id & 0x3FF;
        const unsigned sub = id >> 10;
        const bool bad_primary = primary == 0 || (primary >= 0x62 && primary <= 0xFE) || (primary >= 0x100 && primary <= 0x3FF);
        if (bad_primary || sub == 0)
            r.violation(
                fmt::format("the LANGID {} has primary language {:#05x} and sub-language {:#04x}; expected a defined primary "
                            "language and a non-zero sub-language (e.g. 0x0409)",
                            usb::hex_word(id), primary, sub),
                at_langids(2 + 2 * i));
    }
}

// USB 2.0 9.6.7 (UNVERIFIED): every non-zero string index refers to a string descriptor, in each supported language.
void index_resolves(const usb::DescriptorSet& set, Reporter& r) {
    const auto refs = referenced(set);
    if (refs.empty()) return r.not_applicable("no string index is referenced");
    for (const auto& ref : refs) {
        bool read = false;
        for (const auto& s : set.strings) {
            if (s.index != ref.index) continue;
            read = true;
            if (s.availability == usb::Availability::not_captured)
                r.skip(fmt::format("string {} was not captured by this input", s.index));
            else if (s.availability != usb::Availability::present)
                r.violation(fmt::format("{} is {} but string {} {} in LANGID {}; expected a string descriptor", ref.field,
                                        ref.index, ref.index, s.availability == usb::Availability::stalled ? "stalled" : "failed",
                                        usb::hex_word(s.langid)),
                            ref.location);
        }
        if (!read) r.skip(fmt::format("string {} was not read (the device went away or no language was available)", ref.index));
    }
}

// Linux ch9.h USB_DT_STRING / USB 2.0 9.6.7 (UNVERIFIED): a string descriptor has bDescriptorType 0x03.
void descriptor_type(const usb::DescriptorSet& set, Reporter& r) {
    for_each_string(set, r, [&](const usb::StringDescriptor& s) {
        if (s.bDescriptorType != usb::dt::string)
            r.violation(fmt::format("{} has bDescriptorType {} but expected 0x03", label(s), usb::hex_byte(s.bDescriptorType)),
                        at_string(s, 1));
    });
}

// usb-reference 1.2 / USB 2.0 9.6.7 (UNVERIFIED): bLength is 2 + 2 * characters of UTF-16LE, so always even.
void even_length(const usb::DescriptorSet& set, Reporter& r) {
    for_each_string(set, r, [&](const usb::StringDescriptor& s) {
        if (s.bLength % 2 != 0)
            r.violation(fmt::format("{} has bLength {} but expected an even 2 + 2*characters", label(s), s.bLength),
                        at_string(s, 0));
    });
}

// USB 2.0 9.5 / 9.6.7: bLength covers at least the 2-byte header and no more than the bytes returned.
void length(const usb::DescriptorSet& set, Reporter& r) {
    for_each_string(set, r, [&](const usb::StringDescriptor& s) {
        if (s.bLength < 2)
            r.violation(fmt::format("{} has bLength {} but expected at least 2", label(s), s.bLength), at_string(s, 0));
        else if (s.bLength > s.bytes.size())
            r.violation(fmt::format("{} has bLength {} but the device returned {} bytes", label(s), s.bLength, s.bytes.size()),
                        at_string(s, 0));
    });
}

// Linux ch9.h USB_MAX_STRING_LEN 126: at most 126 characters, so bLength <= 254.
void max_length(const usb::DescriptorSet& set, Reporter& r) {
    for_each_string(set, r, [&](const usb::StringDescriptor& s) {
        if (s.bLength > k_max_string_length)
            r.violation(fmt::format("{} has bLength {} but expected at most 254 (126 characters)", label(s), s.bLength),
                        at_string(s, 0));
    });
}

// USB 2.0 9.6.7: strings are UTF-16LE (UNICODE); an unpaired surrogate cannot be displayed.
void utf16(const usb::DescriptorSet& set, Reporter& r) {
    for_each_string(set, r, [&](const usb::StringDescriptor& s) {
        if (s.valid_utf16) return;
        const auto units = code_units(s);
        for (size_t i = 0; i < units.size(); ++i) {
            const bool high = units[i] >= 0xD800 && units[i] <= 0xDBFF;
            const bool low = units[i] >= 0xDC00 && units[i] <= 0xDFFF;
            const bool paired = high && i + 1 < units.size() && units[i + 1] >= 0xDC00 && units[i + 1] <= 0xDFFF;
            if (paired) {
                ++i;
                continue;
            }
            if (high || low)
                return r.violation(fmt::format("{} has an unpaired surrogate {} at offset {}; expected valid UTF-16LE", label(s),
                                               usb::hex_word(units[i]), 2 + 2 * i),
                                   at_string(s, 2 + 2 * i));
        }
    });
}

// USB 2.0 9.6.7: string descriptors are counted, not NUL-terminated; a U+0000 inside shows as garbage or cuts the text.
void embedded_nul(const usb::DescriptorSet& set, Reporter& r) {
    for_each_string(set, r, [&](const usb::StringDescriptor& s) {
        const auto units = code_units(s);
        const auto it = std::find(units.begin(), units.end(), uint16_t{0});
        if (it == units.end()) return;
        const auto i = static_cast<size_t>(it - units.begin());
        r.violation(
            fmt::format("{} has U+0000 at offset {} (character {} of {}); expected no NUL, strings are not NUL-terminated",
                        label(s), 2 + 2 * i, i + 1, units.size()),
            at_string(s, 2 + 2 * i));
    });
}

// Usability (USBTreeView flags "space characters only"): a referenced string should carry visible text.
void blank(const usb::DescriptorSet& set, Reporter& r) {
    for_each_string(set, r, [&](const usb::StringDescriptor& s) {
        if (s.bDescriptorType != usb::dt::string) return;
        const auto units = code_units(s);
        if (units.empty())
            r.violation(fmt::format("{} is empty (bLength {}); expected visible text or index 0", label(s), s.bLength),
                        at_string(s, 0));
        else if (std::all_of(units.begin(), units.end(), is_blank_unit))
            r.violation(fmt::format("{} is whitespace only ({} character(s): {}); expected visible text or index 0", label(s),
                                    units.size(), unit_list(units)),
                        at_string(s, 2));
    });
}

const std::array k_checks = {
    CheckDef{"string.langid.present", "string descriptor 0 (LANGID table) answers when strings are referenced", Severity::error,
             "USB 2.0 9.6.7 (UNVERIFIED); Linux message.c usb_get_langid", "hosts need a LANGID to request any string",
             "answer string 0 with the supported LANGIDs, e.g. 04 03 09 04", langid_present},
    CheckDef{"string.langid.format", "string descriptor 0 has type 0x03 and an even bLength of at least 4", Severity::error,
             "Linux message.c usb_get_langid (\"language id specifier not provided\"); ch9.h",
             "Linux falls back to 0x0409 when it is malformed", "send 2 + 2*N bytes: bLength, 0x03, N LANGIDs", langid_format},
    CheckDef{"string.langid.valid", "every LANGID has a defined primary language and a sub-language", Severity::warning,
             "Linux drivers/usb/gadget/usbstring.c usb_validate_langid", "hosts and gadget stacks reject undefined languages",
             "use a Windows LANGID such as 0x0409 (English, United States)", langid_valid},
    CheckDef{"string.index.resolves", "every referenced string index answers in every LANGID", Severity::error,
             "USB 2.0 9.6.7 (UNVERIFIED); lsusb and Windows request each index",
             "a stalled string shows as a blank name and can fail enumeration on some hosts",
             "serve every referenced index in every LANGID, or set the index to 0", index_resolves},
    CheckDef{"string.descriptor.type", "every string descriptor has bDescriptorType 0x03", Severity::error,
             "Linux ch9.h USB_DT_STRING; USB 2.0 9.6.7 (UNVERIFIED)", "hosts reject a string of another type",
             "send 0x03 as byte 1", descriptor_type},
    CheckDef{"string.descriptor.even-length", "every string bLength is even", Severity::error,
             "usb-reference 1.1 (2 + 2*n, Linux ch9.h); USB 2.0 9.6.7 (UNVERIFIED)",
             "an odd length cuts a UTF-16 code unit in half", "set bLength to 2 + 2*characters", even_length},
    CheckDef{"string.descriptor.length", "every string bLength is at least 2 and fits the bytes returned", Severity::error,
             "Linux config.c (2 <= bLength <= remaining); USB 2.0 9.6.7 (UNVERIFIED)", "hosts read only what bLength says",
             "set bLength to the bytes sent", length},
    CheckDef{"string.descriptor.max-length", "every string bLength is at most 254 (126 characters)", Severity::error,
             "Linux ch9.h USB_MAX_STRING_LEN 126", "longer strings do not fit the 255-byte read hosts use",
             "shorten the string to 126 characters", max_length},
    CheckDef{"string.utf16", "string text is valid UTF-16LE", Severity::warning, "USB 2.0 9.6.7 (UNICODE, UTF-16LE)",
             "an unpaired surrogate shows as a replacement character", "encode the text as UTF-16LE", utf16},
    CheckDef{"string.embedded-nul", "strings contain no U+0000", Severity::warning,
             "USB 2.0 9.6.7 (strings are not NUL-terminated)", "a NUL cuts the name short in C-string APIs or shows as garbage",
             "drop the terminator from the descriptor", embedded_nul},
    CheckDef{"string.blank", "referenced strings are not empty or whitespace only", Severity::warning,
             "usability; USBTreeView \"contains space characters only\"",
             "a blank manufacturer or product name is shown as nothing", "give the string visible text or set its index to 0",
             blank},
};

}  // namespace

std::span<const CheckDef> string_checks() { return k_checks; }

}  // namespace usbcheck::checks
