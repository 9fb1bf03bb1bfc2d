// Checks of the Microsoft OS 2.0 descriptor set read through the BOS platform capability: its
// length, header, descriptor sizes, subset lengths and nesting, and the feature descriptors.
#include <array>
#include <functional>

#include <fmt/format.h>

#include "checks/check.h"
#include "checks/msos_util.h"
#include "usb/msos.h"

namespace usbcheck::checks {
namespace {

namespace msos = usb::msos;
using usb::hex_word;

enum : uint16_t {
    k_set_header = 0,
    k_configuration = 1,
    k_function = 2,
    k_compatible_id = 3,
    k_registry_property = 4,
    k_min_resume_time = 5,
    k_model_id = 6,
    k_ccgp = 7,
    k_vendor_revision = 8,
};
constexpr std::array<uint16_t, 9> k_fixed_size = {10, 8, 8, 20, 0, 6, 20, 4, 6};  // 0: registry property, computed
constexpr std::array<const char*, 9> k_names = {"set header",         "configuration subset", "function subset",
                                                "compatible ID",      "registry property",    "minimum resume time",
                                                "model ID",           "CCGP device",          "vendor revision"};

std::string name_of(uint16_t type) { return type < k_names.size() ? k_names[type] : fmt::format("type {}", type); }

Location at_set(const msos::Set20Descriptor& d, size_t field = 0) {
    return {"msos20-set", fmt::format("msos20-set/{}", name_of(d.wDescriptorType)), d.offset + field};
}

struct Parsed {
    const usb::MsOs20SetInfo* info = nullptr;
    msos::Set20 set;
    std::vector<msos::Note> notes;
};

// The set and the capability entry it was read for, or a skip saying why the rules do not apply.
std::optional<Parsed> set_or_skip(const usb::DescriptorSet& set, Reporter& r, bool need_answer = true) {
    const usb::MsOs20SetInfo* info = nullptr;
    if (set.bos)
        for (const auto& cap : set.bos->caps)
            if (!cap.msos20.empty()) {
                info = &cap.msos20.front();
                break;
            }
    if (!info) {
        r.not_applicable(set.bos ? "the BOS has no MS OS 2.0 platform capability" : "no BOS was read, so no MS OS 2.0 capability");
        return std::nullopt;
    }
    const auto& blob = set.msos.msos20_set;
    if (blob.availability == usb::Availability::not_captured) {
        r.skip(set.device_lost ? "the device went away before the MS OS 2.0 set was read"
                               : "the MS OS 2.0 descriptor set was not captured by this input");
        return std::nullopt;
    }
    Parsed p;
    p.info = info;
    if (blob.availability != usb::Availability::present || blob.bytes.empty()) {
        if (need_answer) r.skip("the MS OS 2.0 set request was not answered (see msos2.set.answered)");
        return need_answer ? std::nullopt : std::optional<Parsed>(std::move(p));
    }
    if (auto s = msos::parse_set20(blob.bytes, p.notes)) p.set = std::move(*s);
    return p;
}

using Visit = std::function<void(const msos::Set20Descriptor& d, const msos::Set20Descriptor* parent)>;
void walk(const msos::Set20Descriptor& d, const msos::Set20Descriptor* parent, const Visit& fn) {
    fn(d, parent);
    for (const auto& c : d.children) walk(c, &d, fn);
}

// Every descriptor of the set (the header included) with its parent.
template <typename Fn>
void for_each_descriptor(const usb::DescriptorSet& set, Reporter& r, Fn fn) {
    const auto p = set_or_skip(set, r);
    if (!p || !p->set.header) return;
    walk(*p->set.header, nullptr, fn);
}

// Every descriptor of one type.
template <typename Fn>
void for_each_of(const usb::DescriptorSet& set, Reporter& r, uint16_t type, Fn fn) {
    bool any = false;
    for_each_descriptor(set, r, [&](const msos::Set20Descriptor& d, const msos::Set20Descriptor* parent) {
        if (d.wDescriptorType != type || !parent) return;
        any = true;
        fn(d, parent);
    });
    if (!any && set.msos.msos20_set.availability == usb::Availability::present)
        r.not_applicable(fmt::format("the MS OS 2.0 set has no {} descriptor", name_of(type)));
}

// MS OS 2.0 (usb-reference 4.2, 4.4 rule 1): the device answers the descriptor set request.
void answered(const usb::DescriptorSet& set, Reporter& r) {
    const auto p = set_or_skip(set, r, false);
    if (!p) return;
    const auto& blob = set.msos.msos20_set;
    if (blob.availability != usb::Availability::present)
        r.violation(fmt::format("the descriptor set request (wIndex 7, vendor code {}) was {}", usb::hex_byte(p->info->bMS_VendorCode),
                                usb::to_string(blob.availability)));
    else if (blob.bytes.empty())
        r.violation("the descriptor set request returned no bytes");
}

// MS OS 2.0 (usb-reference 4.4 rule 1): capability length == set wTotalLength == bytes returned.
void set_length(const usb::DescriptorSet& set, Reporter& r) {
    const auto p = set_or_skip(set, r);
    if (!p) return;
    const size_t returned = p->set.bytes_present;
    const uint16_t cap = p->info->wMSOSDescriptorSetTotalLength;
    if (cap != returned)
        r.violation(fmt::format("wMSOSDescriptorSetTotalLength is {} but the device returned {} bytes", cap, returned),
                    {"msos20-set", "msos20-set", 0});
    if (p->set.header && p->set.header->wDescriptorType == k_set_header && p->set.header->wTotalLength != returned)
        r.violation(fmt::format("the set header wTotalLength is {} but the set is {} bytes (capability says {})",
                                p->set.header->wTotalLength, returned, cap),
                    at_set(*p->set.header, 8));
}

// MS OS 2.0 (usb-reference 4.3, 4.4 rule 1): the set header comes first, wLength 10, same dwWindowsVersion as the capability.
void set_header(const usb::DescriptorSet& set, Reporter& r) {
    const auto p = set_or_skip(set, r);
    if (!p) return;
    if (!p->set.header) return r.violation("the set is too short for a header (10 bytes)", {"msos20-set", "msos20-set", 0});
    const auto& h = *p->set.header;
    if (h.wDescriptorType != k_set_header)
        return r.violation(fmt::format("the set starts with a {} but expected the set header (type 0)", name_of(h.wDescriptorType)),
                           at_set(h, 2));
    if (h.wLength != 10) r.violation(fmt::format("the set header wLength is {} but expected 10", h.wLength), at_set(h, 0));
    if (h.dwWindowsVersion != p->info->dwWindowsVersion)
        r.violation(fmt::format("dwWindowsVersion is {:#010x} but the BOS capability says {:#010x}", h.dwWindowsVersion,
                                p->info->dwWindowsVersion),
                    at_set(h, 4));
}

// MS OS 2.0 (usb-reference 4.3): every descriptor type is one of 0..8.
void descriptor_type(const usb::DescriptorSet& set, Reporter& r) {
    for_each_descriptor(set, r, [&](const msos::Set20Descriptor& d, const msos::Set20Descriptor*) {
        if (d.wDescriptorType > k_vendor_revision)
            r.violation(fmt::format("wDescriptorType is {} but MS OS 2.0 defines 0..8", d.wDescriptorType), at_set(d, 2));
    });
}

// MS OS 2.0 (usb-reference 4.4 rule 2): each wLength is its fixed size, or 10 + NL + DL for a registry property.
void descriptor_length(const usb::DescriptorSet& set, Reporter& r) {
    const auto p = set_or_skip(set, r);
    if (!p || !p->set.header) return;
    walk(*p->set.header, nullptr, [&](const msos::Set20Descriptor& d, const msos::Set20Descriptor*) {
        if (d.wDescriptorType > k_vendor_revision) return;
        const size_t expected = d.wDescriptorType == k_registry_property
                                    ? 10 + size_t{d.wPropertyNameLength} + d.wPropertyDataLength
                                    : k_fixed_size[d.wDescriptorType];
        if (d.wLength != expected)
            r.violation(fmt::format("{} wLength is {} but expected {}", name_of(d.wDescriptorType), d.wLength, expected), at_set(d));
        else if (d.bytes.size() < d.wLength)
            r.violation(fmt::format("{} wLength is {} but only {} bytes are present", name_of(d.wDescriptorType), d.wLength,
                                    d.bytes.size()),
                        at_set(d));
    });
    for (const auto& n : p->notes)
        if (n.message.find("wLength is") != std::string::npos && n.message.find("walk stops") != std::string::npos)
            r.violation(n.message, {"msos20-set", "msos20-set", n.offset});
}

// Bytes a descriptor and everything nested in it take.
size_t covered(const msos::Set20Descriptor& d) {
    size_t total = d.wLength;
    for (const auto& c : d.children) total += covered(c);
    return total;
}

// MS OS 2.0 (usb-reference 4.4 rules 2, 3): subset lengths cover exactly the subset header and its contents.
void subset_length(const usb::DescriptorSet& set, Reporter& r) {
    const auto p = set_or_skip(set, r);
    if (!p || !p->set.header) return;
    walk(*p->set.header, nullptr, [&](const msos::Set20Descriptor& d, const msos::Set20Descriptor*) {
        if (d.wDescriptorType != k_configuration && d.wDescriptorType != k_function) return;
        const size_t content = covered(d);
        const char* field = d.wDescriptorType == k_configuration ? "wTotalLength" : "wSubsetLength";
        if (d.wTotalLength != content)
            r.violation(fmt::format("{} {} is {} but the header and the descriptors in it are {} bytes", name_of(d.wDescriptorType),
                                    field, d.wTotalLength, content),
                        at_set(d, 6));
    });
}

// MS OS 2.0 (usb-reference 4.4 rules 4, 5): function subsets only in configuration subsets; device-only features at device level.
void nesting(const usb::DescriptorSet& set, Reporter& r) {
    for_each_descriptor(set, r, [&](const msos::Set20Descriptor& d, const msos::Set20Descriptor* parent) {
        if (!parent) return;
        const uint16_t where = parent->wDescriptorType;  // 0 device level, 1 configuration, 2 function
        const auto bad = [&](const char* expected) {
            r.violation(fmt::format("a {} is inside a {} but belongs {}", name_of(d.wDescriptorType), name_of(where), expected),
                        at_set(d));
        };
        switch (d.wDescriptorType) {
        case k_set_header: return bad("only at the start of the set");
        case k_configuration: if (where != k_set_header) bad("at device level"); return;
        case k_function: if (where != k_configuration) bad("inside a configuration subset"); return;
        case k_compatible_id:
        case k_registry_property: if (where == k_configuration) bad("at device level or in a function subset"); return;
        case k_min_resume_time:
        case k_model_id:
        case k_ccgp: if (where != k_set_header) bad("at device level, outside any subset"); return;
        default: return;
        }
    });
}

// usb-reference 4.4 rule 6: the configuration subset's bConfigurationValue is the configuration index in practice.
void configuration_index(const usb::DescriptorSet& set, Reporter& r) {
    size_t index = 0;
    for_each_of(set, r, k_configuration, [&](const msos::Set20Descriptor& d, const msos::Set20Descriptor*) {
        if (d.bConfigurationValue != index)
            r.violation(fmt::format("bConfigurationValue is {} but this is configuration subset {}; Windows takes it as the "
                                    "configuration index (0 for the first), usb-reference 4.4 rule 6",
                                    d.bConfigurationValue, index),
                        at_set(d, 4));
        ++index;
    });
}

// usb-reference 4.4 rule 7: a function subset's bFirstInterface exists and is its function's first interface.
void function_first_interface(const usb::DescriptorSet& set, Reporter& r) {
    if (set.configurations.empty()) return r.skip("configuration 0 was not read, so interfaces cannot be matched");
    const auto& config = set.configurations.front();
    for_each_of(set, r, k_function, [&](const msos::Set20Descriptor& d, const msos::Set20Descriptor*) {
        if (!config.find_interface(d.bFirstInterface))
            return r.violation(fmt::format("bFirstInterface is {} but configuration 0 has no such interface", d.bFirstInterface),
                               at_set(d, 4));
        if (const auto* iad = msos_util::iad_covering(config, d.bFirstInterface); iad && iad->bFirstInterface != d.bFirstInterface)
            r.violation(fmt::format("bFirstInterface is {} but its function starts at interface {} (IAD)", d.bFirstInterface,
                                    iad->bFirstInterface),
                        at_set(d, 4));
    });
}

// usb-reference Cautions, 4.4 rule 4 (Zephyr PR #66449, #59758): function subsets are for composite devices.
void single_function(const usb::DescriptorSet& set, Reporter& r) {
    if (set.configurations.empty()) return r.skip("configuration 0 was not read, so functions cannot be counted");
    const size_t functions = msos_util::function_count(set.configurations.front());
    for_each_of(set, r, k_function, [&](const msos::Set20Descriptor& d, const msos::Set20Descriptor*) {
        if (functions == 1)
            r.violation("a function subset on a single-function device; Windows 10 may not bind it (Zephyr removed one)",
                        at_set(d));
    });
}

// MS OS 2.0 (usb-reference 4.3 T14, T15): the registry property type is 1..7.
void property_type(const usb::DescriptorSet& set, Reporter& r) {
    for_each_of(set, r, k_registry_property, [&](const msos::Set20Descriptor& d, const msos::Set20Descriptor*) {
        if (d.wPropertyDataType < 1 || d.wPropertyDataType > 7)
            r.violation(fmt::format("property \"{}\": wPropertyDataType is {} but expected 1..7", d.property_name, d.wPropertyDataType),
                        at_set(d, 4));
    });
}

// MS OS 2.0 (usb-reference 4.3, 3.5; embassy u16str_bytes): wPropertyNameLength == 2 x (characters + 1).
void property_name_length(const usb::DescriptorSet& set, Reporter& r) {
    for_each_of(set, r, k_registry_property, [&](const msos::Set20Descriptor& d, const msos::Set20Descriptor*) {
        const size_t from = std::min<size_t>(8, d.bytes.size());
        const size_t to = std::min<size_t>(8 + size_t{d.wPropertyNameLength}, d.bytes.size());
        const std::span<const uint8_t> name(d.bytes.data() + from, to - from);
        if (auto problem = msos_util::name_length_problem(d.wPropertyNameLength, name); !problem.empty())
            r.violation(fmt::format("property \"{}\": {}", d.property_name, problem), at_set(d, 6));
    });
}

// MS OS 2.0 (usb-reference 4.3, 3.5 rule 3): registry property data fits its type.
void property_data(const usb::DescriptorSet& set, Reporter& r) {
    for_each_of(set, r, k_registry_property, [&](const msos::Set20Descriptor& d, const msos::Set20Descriptor*) {
        if (d.property_data.size() != d.wPropertyDataLength)
            return r.violation(fmt::format("property \"{}\": wPropertyDataLength is {} but {} bytes are present", d.property_name,
                                           d.wPropertyDataLength, d.property_data.size()),
                               at_set(d, 8 + d.wPropertyNameLength));
        if (auto problem = msos_util::data_problem(d.wPropertyDataType, d.property_data); !problem.empty())
            r.violation(fmt::format("property \"{}\": {}", d.property_name, problem), at_set(d, 10 + d.wPropertyNameLength));
    });
}

// usb-reference 3.6 (MSDocs WinUSB, usbser): known properties hold what Windows drivers expect.
void property_known(const usb::DescriptorSet& set, Reporter& r) {
    for_each_of(set, r, k_registry_property, [&](const msos::Set20Descriptor& d, const msos::Set20Descriptor*) {
        if (d.property_data.size() != d.wPropertyDataLength) return;  // msos2.property.data reports it
        if (auto problem = msos_util::known_property_problem(d.property_name, d.wPropertyDataType, d.property_data);
            !problem.empty())
            r.violation(problem, at_set(d, 10 + d.wPropertyNameLength));
    });
}

// MS OS 2.0 (usb-reference 4.3 T13, 3.3): compatible ID and sub-compatible ID are uppercase ASCII, NUL-padded.
void compatible_id(const usb::DescriptorSet& set, Reporter& r) {
    for_each_of(set, r, k_compatible_id, [&](const msos::Set20Descriptor& d, const msos::Set20Descriptor*) {
        if (d.bytes.size() < 20) return;  // msos2.descriptor.length reports it
        const std::span<const uint8_t> b(d.bytes);
        if (auto p = msos_util::compatible_id_problem("CompatibleID", b.subspan(4, 8)); !p.empty()) r.violation(p, at_set(d, 4));
        if (auto p = msos_util::compatible_id_problem("SubCompatibleID", b.subspan(12, 8)); !p.empty()) r.violation(p, at_set(d, 12));
    });
}

// MS OS 2.0 (usb-reference 4.3 T16): bResumeRecoveryTime 0..10 ms, bResumeSignalingTime 1..20 ms.
void min_resume_time(const usb::DescriptorSet& set, Reporter& r) {
    for_each_of(set, r, k_min_resume_time, [&](const msos::Set20Descriptor& d, const msos::Set20Descriptor*) {
        if (d.bytes.size() < 6) return;
        if (d.bytes[4] > 10)
            r.violation(fmt::format("bResumeRecoveryTime is {} ms but expected 0..10", d.bytes[4]), at_set(d, 4));
        if (d.bytes[5] < 1 || d.bytes[5] > 20)
            r.violation(fmt::format("bResumeSignalingTime is {} ms but expected 1..20", d.bytes[5]), at_set(d, 5));
    });
}

// MS OS 2.0 (usb-reference 4.3 T19): VendorRevision is at least 1.
void vendor_revision(const usb::DescriptorSet& set, Reporter& r) {
    for_each_of(set, r, k_vendor_revision, [&](const msos::Set20Descriptor& d, const msos::Set20Descriptor*) {
        if (d.bytes.size() < 6) return;
        const uint16_t v = static_cast<uint16_t>(d.bytes[4] | (d.bytes[5] << 8));
        if (v < 1) r.violation(fmt::format("VendorRevision is {} but expected at least 1", hex_word(v)), at_set(d, 4));
    });
}

const std::array k_checks = {
    CheckDef{"msos2.set.answered", "the device answers the MS OS 2.0 descriptor set request", Severity::error,
             "MS OS 2.0 (usb-reference 4.2, 4.4 rule 1)", "Windows reads the set with the BOS capability's vendor code",
             "answer bRequest = bMS_VendorCode, wIndex 7 with the set", answered},
    CheckDef{"msos2.set.length", "the set length equals the capability's, the header's and the bytes returned", Severity::error,
             "MS OS 2.0 (usb-reference 4.4 rule 1)", "Windows asks for exactly wMSOSDescriptorSetTotalLength bytes",
             "make the three lengths and the bytes sent agree", set_length},
    CheckDef{"msos2.set.header", "the set header comes first with wLength 10 and the capability's dwWindowsVersion",
             Severity::error, "MS OS 2.0 set header, table 10 (usb-reference 4.3, 4.4 rule 1)",
             "Windows checks the header against the capability", "send 0a 00 00 00 dwWindowsVersion wTotalLength first",
             set_header},
    CheckDef{"msos2.descriptor.type", "every descriptor type is defined (0..8)", Severity::error,
             "MS OS 2.0 (usb-reference 4.3)", "an unknown descriptor cannot be interpreted",
             "use the descriptor types of the MS OS 2.0 specification", descriptor_type},
    CheckDef{"msos2.descriptor.length", "each descriptor's wLength is its fixed size (registry property: 10 + NL + DL)",
             Severity::error, "MS OS 2.0 tables 10-19 (usb-reference 4.3, 4.4 rule 2)",
             "Windows walks the set by wLength", "set header 10, subsets 8, compatible ID 20, resume time 6, model ID 20, "
             "CCGP 4, vendor revision 6", descriptor_length},
    CheckDef{"msos2.subset.length", "subset lengths cover exactly their header and contents", Severity::error,
             "MS OS 2.0 tables 11, 12 (usb-reference 4.4 rules 2, 3; embassy ConfigurationSubsetBuilder)",
             "Windows decides which descriptors belong to a subset by its length",
             "set wTotalLength / wSubsetLength to the header plus everything in the subset", subset_length},
    CheckDef{"msos2.nesting", "descriptors appear only where MS OS 2.0 allows them", Severity::error,
             "MS OS 2.0 (usb-reference 4.4 rules 4, 5; embassy-usb trait encoding)",
             "Windows ignores or rejects features at the wrong level",
             "function subsets in configuration subsets; resume time, model ID, CCGP at device level", nesting},
    CheckDef{"msos2.configuration-index", "configuration subsets carry the configuration index (0 for the first)",
             Severity::warning, "usb-reference 4.4 rule 6 (USBDevice #25, TinyUSB, wasefire PR #1151)",
             "Windows matches the subset by configuration index, not bConfigurationValue",
             "use 0 for the first configuration", configuration_index},
    CheckDef{"msos2.function.first-interface", "function subsets name the first interface of an existing function",
             Severity::error, "MS OS 2.0 table 12 (usb-reference 4.4 rule 7)",
             "Windows applies the subset to the child whose first interface it names",
             "use the interface number (the IAD's bFirstInterface for grouped functions)", function_first_interface},
    CheckDef{"msos2.function.single-function", "no function subset on a single-function device", Severity::warning,
             "MS OS 2.0 (usb-reference Cautions, 4.4 rule 4; Zephyr PR #66449 after #59758)",
             "function subsets are for composite devices; Windows 10 needed one removed to bind a single-function device",
             "put the features at device level", single_function},
    CheckDef{"msos2.property.data-type", "registry property types are 1..7", Severity::error,
             "MS OS 2.0 tables 14, 15 (usb-reference 4.3)", "Windows writes registry values only of the REG_* types",
             "use REG_SZ 1 .. REG_MULTI_SZ 7", property_type},
    CheckDef{"msos2.property.name-length", "wPropertyNameLength is 2 x (characters + 1) with the NUL last", Severity::error,
             "MS OS 2.0 table 14 (usb-reference 4.3, 3.5; embassy, Zephyr)", "a wrong name length misreads the data",
             "count the UTF-16LE name plus its NUL: DeviceInterfaceGUIDs is 42", property_name_length},
    CheckDef{"msos2.property.data", "registry property data fits its type", Severity::error,
             "MS OS 2.0 table 14 (usb-reference 4.3, 3.5 rule 3)", "Windows stores the bytes as the registry type says",
             "DWORD: 4 bytes; strings: UTF-16LE ending 00 00; REG_MULTI_SZ: ending 00 00 00 00", property_data},
    CheckDef{"msos2.property.known", "known properties have the type and value Windows drivers expect", Severity::error,
             "usb-reference 3.6 (MSDocs automatic-installation-of-winusb, usbser)", "a driver ignores a value of the wrong type",
             "DWORD 0/1 for the idle flags, braced GUID text for DeviceInterfaceGUID(s)", property_known},
    CheckDef{"msos2.compatible-id", "compatible IDs are uppercase ASCII, NUL-padded", Severity::error,
             "MS OS 2.0 table 13 (usb-reference 4.3, 3.3)", "Windows builds USB\\MS_COMP_xxx IDs from these bytes",
             "use an ID such as WINUSB and pad with 00", compatible_id},
    CheckDef{"msos2.min-resume-time", "resume recovery 0..10 ms and signaling 1..20 ms", Severity::error,
             "MS OS 2.0 table 16 (usb-reference 4.3)", "Windows times resume from these values",
             "keep bResumeRecoveryTime <= 10 and 1 <= bResumeSignalingTime <= 20", min_resume_time},
    CheckDef{"msos2.vendor-revision", "VendorRevision is at least 1", Severity::error, "MS OS 2.0 table 19 (usb-reference 4.3)",
             "Windows compares revisions to re-read the descriptors", "start VendorRevision at 1", vendor_revision},
};

}  // namespace

std::span<const CheckDef> msos2_checks() { return k_checks; }

}  // namespace usbcheck::checks
