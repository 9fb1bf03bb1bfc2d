// Chapter 9 checks of configuration (and other-speed configuration) and interface descriptors:
// lengths, interface numbering, alternate settings, attributes, power and endpoint counts.
#include <algorithm>
#include <array>
#include <map>
#include <set>

#include <fmt/format.h>

#include "checks/ch9_util.h"

namespace usbcheck::checks {
namespace {

using ch9::configurations_or_skip;

std::string join(const std::vector<uint8_t>& values) {
    std::string out;
    for (auto v : values) out += (out.empty() ? "" : ", ") + std::to_string(v);
    return out;
}

// Every configuration that has interfaces, or a skip when none has.
std::vector<const usb::Configuration*> with_interfaces(const usb::DescriptorSet& set, Reporter& r) {
    std::vector<const usb::Configuration*> out;
    const auto configs = configurations_or_skip(set, r);
    for (const auto* c : configs)
        if (!c->interfaces.empty()) out.push_back(c);
    if (!configs.empty() && out.empty()) r.not_applicable("no configuration has an interface descriptor");
    return out;
}

// Where the walk of the returned bytes ends: 9 + the lengths of the descriptors that fit.
size_t walked_end(const usb::Configuration& c) {
    size_t pos = std::clamp<size_t>(c.bLength, 9, c.bytes.size());
    while (pos + 2 <= c.bytes.size()) {
        const size_t len = c.bytes[pos];
        if (len < 2 || len > c.bytes.size() - pos) break;
        pos += len;
    }
    return pos;
}

// USB 2.0 9.6.3 table 9-10: bLength of a configuration descriptor is 9.
void length(const usb::DescriptorSet& set, Reporter& r) {
    for (const auto* c : configurations_or_skip(set, r))
        if (c->bLength != 9)
            r.violation(fmt::format("bLength is {} but a configuration descriptor is 9 bytes", c->bLength),
                        at_config(*c, 0));
}

// USB 2.0 9.6.3, 9.6.4: bDescriptorType is CONFIGURATION (0x02), OTHER_SPEED_CONFIGURATION (0x07).
void descriptor_type(const usb::DescriptorSet& set, Reporter& r) {
    for (const auto* c : configurations_or_skip(set, r)) {
        const uint8_t expected = c->other_speed ? usb::dt::other_speed_configuration : usb::dt::configuration;
        if (c->bDescriptorType != expected)
            r.violation(fmt::format("bDescriptorType is {} but {} descriptor has {}", usb::hex_byte(c->bDescriptorType),
                                    c->other_speed ? "an other-speed configuration" : "a configuration",
                                    usb::hex_byte(expected)),
                        at_config(*c, 1));
    }
}

// USB 2.0 9.6.3: wTotalLength is the size of the whole bundle the device returns.
void total_length(const usb::DescriptorSet& set, Reporter& r) {
    for (const auto* c : configurations_or_skip(set, r))
        if (c->wTotalLength != c->bytes_present)
            r.violation(fmt::format("wTotalLength is {} but the device returned {} bytes (its descriptors end at {})",
                                    c->wTotalLength, c->bytes_present, walked_end(*c)),
                        at_config(*c, 2));
}

// USB 2.0 9.6.3; Linux config.c "has N interfaces, different from the descriptor's value".
void num_interfaces(const usb::DescriptorSet& set, Reporter& r) {
    for (const auto* c : configurations_or_skip(set, r)) {
        const auto numbers = c->interface_numbers();
        if (numbers.size() != c->bNumInterfaces)
            r.violation(fmt::format("bNumInterfaces is {} but the configuration has {} interface{} (numbers: {})",
                                    c->bNumInterfaces, numbers.size(), numbers.size() == 1 ? "" : "s",
                                    numbers.empty() ? "none" : join(numbers)),
                        at_config(*c, 4));
    }
}

// USB 2.0 9.6.5: interfaces are numbered from 0; Linux config.c "has no interface number N".
void interface_numbers(const usb::DescriptorSet& set, Reporter& r) {
    for (const auto* c : with_interfaces(set, r)) {
        const auto numbers = c->interface_numbers();
        const size_t n = numbers.size();
        std::vector<uint8_t> missing;
        for (size_t i = 0; i < n; ++i)
            if (!std::binary_search(numbers.begin(), numbers.end(), static_cast<uint8_t>(i)))
                missing.push_back(static_cast<uint8_t>(i));
        if (missing.empty()) continue;
        const auto* first = &c->interfaces.front();
        for (const auto& i : c->interfaces)
            if (i.bInterfaceNumber >= n) {
                first = &i;
                break;
            }
        r.violation(fmt::format("interface numbers are {} but {} interfaces should be numbered 0..{} (missing: {})",
                                join(numbers), n, n - 1, join(missing)),
                    at_interface(*c, *first, 2));
    }
}

// USB 2.0 9.6.5; Linux config.c "Check for duplicate altsetting entries".
void alternate_duplicate(const usb::DescriptorSet& set, Reporter& r) {
    for (const auto* c : with_interfaces(set, r)) {
        std::set<std::pair<uint8_t, uint8_t>> seen;
        for (const auto& i : c->interfaces)
            if (!seen.insert({i.bInterfaceNumber, i.bAlternateSetting}).second)
                r.violation(fmt::format("interface {} alternate setting {} appears more than once but each pair must "
                                        "be unique",
                                        i.bInterfaceNumber, i.bAlternateSetting),
                            at_interface(*c, i, 3));
    }
}

// USB 2.0 9.6.5: alternate settings start at 0 (the default) and are numbered without gaps.
void alternate_sequence(const usb::DescriptorSet& set, Reporter& r) {
    for (const auto* c : with_interfaces(set, r)) {
        std::map<uint8_t, std::set<uint8_t>> alternates;
        for (const auto& i : c->interfaces) alternates[i.bInterfaceNumber].insert(i.bAlternateSetting);
        for (const auto& [number, alts] : alternates) {
            if (*alts.rbegin() == alts.size() - 1) continue;  // a set of k values ending at k-1 is 0..k-1
            const usb::Interface* first = nullptr;
            for (const auto& i : c->interfaces)
                if (i.bInterfaceNumber == number && i.bAlternateSetting >= alts.size() && !first) first = &i;
            r.violation(fmt::format("interface {} has alternate settings {} but {} settings must be numbered 0..{}",
                                    number, join(std::vector<uint8_t>(alts.begin(), alts.end())), alts.size(), alts.size() - 1),
                        at_interface(*c, *first, 3));
        }
    }
}

// USB 2.0 9.4.7 (UNVERIFIED): SET_CONFIGURATION(0) means "not configured", so values start at 1.
void value_nonzero(const usb::DescriptorSet& set, Reporter& r) {
    for (const auto* c : configurations_or_skip(set, r))
        if (c->bConfigurationValue == 0)
            r.violation("bConfigurationValue is 0 but must be 1 or more (0 selects the unconfigured state)",
                        at_config(*c, 5));
}

// USB 2.0 9.4.7, 9.6.3: bConfigurationValue selects one configuration, so it is unique.
void value_unique(const usb::DescriptorSet& set, Reporter& r) {
    if (configurations_or_skip(set, r).empty()) return;
    for (const auto* group : {&set.configurations, &set.other_speed})
        for (size_t i = 0; i < group->size(); ++i)
            for (size_t j = 0; j < i; ++j)
                if ((*group)[i].bConfigurationValue == (*group)[j].bConfigurationValue) {
                    r.violation(fmt::format("bConfigurationValue {} of {} is already used by {} but must be unique",
                                            (*group)[i].bConfigurationValue, (*group)[i].blob, (*group)[j].blob),
                                at_config((*group)[i], 5));
                    break;
                }
    if (std::count(set.configuration_availability.begin(), set.configuration_availability.end(),
                   usb::Availability::not_captured))
        r.skip("not every configuration was captured");
}

// USB 2.0 9.6.3: bmAttributes bit 7 is reserved and set to one (Linux USB_CONFIG_ATT_ONE).
void attributes_one(const usb::DescriptorSet& set, Reporter& r) {
    for (const auto* c : configurations_or_skip(set, r))
        if (!(c->bmAttributes & 0x80))
            r.violation(fmt::format("bmAttributes is {} but bit 7 must be set (0x80)", usb::hex_byte(c->bmAttributes)),
                        at_config(*c, 7));
}

// USB 2.0 9.6.3: bmAttributes bits 4..0 are reserved (zero).
void attributes_reserved(const usb::DescriptorSet& set, Reporter& r) {
    for (const auto* c : configurations_or_skip(set, r))
        if (c->bmAttributes & 0x1F)
            r.violation(fmt::format("bmAttributes is {} but bits 4..0 are reserved and must be 0",
                                    usb::hex_byte(c->bmAttributes)),
                        at_config(*c, 7));
}

// USB 2.0 9.6.3 / USB 3.2 9.6.3: bMaxPower in 2 mA units up to 500 mA, at SuperSpeed 8 mA units up to 896 mA.
void max_power(const usb::DescriptorSet& set, Reporter& r) {
    const auto configs = configurations_or_skip(set, r);
    for (const auto* c : configs) {
        const auto speed = ch9::config_speed(set, *c);
        bool super = ch9::is_super(speed);
        if (speed == usb::Speed::unknown && !c->other_speed) {
            if (!set.device || set.device->bcdUSB >= 0x0300) {
                r.skip(std::string(ch9::k_speed_unknown));
                continue;
            }
            super = false;  // a USB 2 device never runs at SuperSpeed
        }
        const unsigned unit = super ? 8 : 2, limit = super ? 112 : 250;
        if (c->bMaxPower > limit)
            r.violation(fmt::format("bMaxPower is {} ({} mA) but the limit {} is {} ({} mA in {} mA units)",
                                    c->bMaxPower, c->bMaxPower * unit, super ? "at SuperSpeed" : "below SuperSpeed",
                                    limit, limit * unit, unit),
                        at_config(*c, 8));
    }
}

// USB 2.0 9.6.3: a configuration has at least one interface (Linux "has no interfaces?").
void no_interfaces(const usb::DescriptorSet& set, Reporter& r) {
    for (const auto* c : configurations_or_skip(set, r))
        if (c->interfaces.empty())
            r.violation(fmt::format("the configuration has 0 interfaces (bNumInterfaces {}) but needs at least 1",
                                    c->bNumInterfaces),
                        at_config(*c, 4));
}

// USB 2.0 9.6.5; Linux config.c "too many endpoints": bNumEndpoints counts the endpoints that follow.
void num_endpoints(const usb::DescriptorSet& set, Reporter& r) {
    for (const auto* c : with_interfaces(set, r))
        for (const auto& i : c->interfaces) {
            // Too-short endpoint descriptors stay in `extra`; they are still endpoint descriptors.
            const auto present = i.endpoints.size() + static_cast<size_t>(std::count_if(
                                     i.extra.begin(), i.extra.end(),
                                     [](const auto& e) { return e.bDescriptorType == usb::dt::endpoint; }));
            if (present != i.bNumEndpoints)
                r.violation(fmt::format("bNumEndpoints is {} but {} endpoint descriptor{} follow interface {}.{}",
                                        i.bNumEndpoints, present, present == 1 ? "" : "s", i.bInterfaceNumber,
                                        i.bAlternateSetting),
                            at_interface(*c, i, 4));
        }
}

// usb.org Defined Class Codes: base class 00 is reserved in interface descriptors.
void class_reserved(const usb::DescriptorSet& set, Reporter& r) {
    for (const auto* c : with_interfaces(set, r))
        for (const auto& i : c->interfaces)
            if (i.bInterfaceClass == 0x00)
                r.violation(fmt::format("bInterfaceClass of interface {}.{} is 0x00 but 0x00 is reserved for "
                                        "interfaces (use 0xff for vendor-specific)",
                                        i.bInterfaceNumber, i.bAlternateSetting),
                            at_interface(*c, i, 5));
}

const std::array k_checks = {
    CheckDef{"ch9.config.length", "configuration descriptor bLength is 9", Severity::error,
             "USB 2.0 9.6.3 table 9-10", "hosts walk the bundle from bLength", "set bLength to 9", length},
    CheckDef{"ch9.config.descriptor-type", "configuration bDescriptorType is 0x02 (0x07 other-speed)", Severity::error,
             "USB 2.0 9.6.3, 9.6.4", "a wrong type means the host got something else",
             "set bDescriptorType to 0x02, or 0x07 in an other-speed configuration", descriptor_type},
    CheckDef{"ch9.config.total-length", "wTotalLength equals the bytes returned and the descriptors walked",
             Severity::error, "USB 2.0 9.6.3; Linux drivers/usb/core/config.c",
             "the host reads exactly wTotalLength bytes: a wrong value cuts descriptors off or adds garbage",
             "set wTotalLength to 9 + the sum of the following descriptors' bLength", total_length},
    CheckDef{"ch9.config.num-interfaces", "bNumInterfaces equals the interfaces present", Severity::error,
             "USB 2.0 9.6.3; Linux config.c \"different from the descriptor's value\"",
             "hosts size their interface tables from bNumInterfaces",
             "count each bInterfaceNumber once (alternate settings do not count)", num_interfaces},
    CheckDef{"ch9.config.interface-numbers", "interfaces are numbered 0..n-1 without gaps", Severity::warning,
             "USB 2.0 9.6.5; Linux config.c \"has no interface number\"",
             "Linux warns and some hosts fail to bind interfaces after a gap", "number interfaces from 0 without gaps",
             interface_numbers},
    CheckDef{"ch9.config.alternate-duplicate", "no interface/alternate setting pair appears twice", Severity::error,
             "USB 2.0 9.6.5; Linux config.c (duplicate altsetting entries)",
             "SET_INTERFACE cannot tell two settings with the same number apart",
             "give each alternate setting of an interface its own bAlternateSetting", alternate_duplicate},
    CheckDef{"ch9.config.alternate-sequence", "alternate settings start at 0 without gaps", Severity::error,
             "USB 2.0 9.6.5; Linux config.c \"has no altsetting\"",
             "alternate setting 0 is the default the host selects first", "number alternate settings 0, 1, 2...",
             alternate_sequence},
    CheckDef{"ch9.config.value-nonzero", "bConfigurationValue is at least 1", Severity::error,
             "USB 2.0 9.4.7 (UNVERIFIED: spec text not in the project reference)",
             "SET_CONFIGURATION(0) puts the device back in the address state", "use bConfigurationValue 1 or more",
             value_nonzero},
    CheckDef{"ch9.config.value-unique", "bConfigurationValue is unique among the configurations", Severity::error,
             "USB 2.0 9.4.7, 9.6.3", "SET_CONFIGURATION cannot select between two configurations with one value",
             "give each configuration its own bConfigurationValue", value_unique},
    CheckDef{"ch9.config.attributes-one", "bmAttributes bit 7 is set", Severity::error,
             "USB 2.0 9.6.3; Linux include/uapi/linux/usb/ch9.h USB_CONFIG_ATT_ONE",
             "bit 7 must be one for USB 1.0 compatibility; Linux configfs refuses it clear",
             "set bmAttributes bit 7 (0x80)", attributes_one},
    CheckDef{"ch9.config.attributes-reserved", "bmAttributes bits 4..0 are zero", Severity::warning, "USB 2.0 9.6.3",
             "reserved bits may gain a meaning", "clear bmAttributes bits 4..0", attributes_reserved},
    CheckDef{"ch9.config.max-power", "bMaxPower is within the bus power limit", Severity::error,
             "USB 2.0 9.6.3; USB 3.2 9.6.3; Linux drivers/usb/gadget/composite.c encode_bMaxPower",
             "hosts refuse configurations that draw more than the port supplies",
             "at most 250 (500 mA, 2 mA units) below SuperSpeed, 112 (896 mA, 8 mA units) at SuperSpeed", max_power},
    CheckDef{"ch9.config.no-interfaces", "every configuration has an interface", Severity::error, "USB 2.0 9.6.3",
             "a configuration without interfaces gives the host nothing to bind",
             "add the interface descriptors or remove the configuration", no_interfaces},
    CheckDef{"ch9.interface.num-endpoints", "bNumEndpoints equals the endpoints that follow", Severity::error,
             "USB 2.0 9.6.5; Linux config.c \"too many endpoints\"",
             "hosts keep only bNumEndpoints endpoints, or look for endpoints that are not there",
             "count the endpoint descriptors of the alternate setting, excluding endpoint 0", num_endpoints},
    CheckDef{"ch9.interface.class-reserved", "bInterfaceClass is not the reserved 0x00", Severity::warning,
             "usb.org Defined Class Codes (base class 00)", "class 0x00 means \"see the interfaces\" at device level only",
             "use the interface's real class, or 0xff for vendor-specific", class_reserved},
};

}  // namespace

std::span<const CheckDef> ch9_config_checks() { return k_checks; }

}  // namespace usbcheck::checks
