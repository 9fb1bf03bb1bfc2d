// Helpers shared by the chapter 9 check families: the subject of a check or the reason it is
// missing, the speed a configuration describes, and every endpoint of every configuration.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "checks/check.h"

namespace usbcheck::checks::ch9 {

inline constexpr std::string_view k_speed_unknown = "speed unknown: give --speed or use an input that records it";

inline bool is_super(usb::Speed speed) { return speed == usb::Speed::super || speed == usb::Speed::super_plus; }

// Why set.device is empty, as a phrase: "the request stalled", "the input does not carry it".
inline std::string device_absent_reason(const usb::DescriptorSet& set) {
    switch (set.device_availability) {
    case usb::Availability::stalled: return "the device stalled GET_DESCRIPTOR(DEVICE)";
    case usb::Availability::failed: return "GET_DESCRIPTOR(DEVICE) failed (timeout or I/O error)";
    case usb::Availability::not_captured:
        return set.device_lost ? "the device disconnected before its descriptor was read"
                               : "the input does not carry the device descriptor (not captured)";
    case usb::Availability::present: break;
    }
    for (const auto& note : set.notes)
        if (note.blob == "device" && note.kind == usb::NoteKind::truncated) return "truncated: " + note.message;
    return "the device descriptor could not be parsed";
}

// The device descriptor, or a skip naming why it is missing.
inline const usb::DeviceDescriptor* device_or_skip(const usb::DescriptorSet& set, Reporter& r) {
    if (set.device) return &*set.device;
    r.skip("no device descriptor: " + device_absent_reason(set));
    return nullptr;
}

// The speed a configuration describes: the bus speed, or the other speed for other-speed ones.
inline usb::Speed config_speed(const usb::DescriptorSet& set, const usb::Configuration& config) {
    if (!config.other_speed) return set.speed;
    if (set.speed == usb::Speed::high) return usb::Speed::full;
    if (set.speed == usb::Speed::full) return usb::Speed::high;
    return usb::Speed::unknown;
}

// Every configuration (other-speed ones too), or a skip naming why there is none.
inline std::vector<const usb::Configuration*> configurations_or_skip(const usb::DescriptorSet& set, Reporter& r) {
    auto configs = all_configurations(set);
    if (!configs.empty()) return configs;
    if (!set.device) {
        r.not_applicable("no device descriptor: " + device_absent_reason(set));
    } else if (set.configuration_availability.empty()) {
        r.not_applicable("no configuration descriptor was requested or captured");
    } else {
        const auto a = set.configuration_availability.front();
        r.not_applicable(a == usb::Availability::present
                             ? std::string("no configuration descriptor could be parsed (config[0] is too short)")
                             : fmt::format("no configuration descriptor was read (config[0] {})", usb::to_string(a)));
    }
    return configs;
}

struct EndpointRef {
    const usb::Configuration* config;
    const usb::Interface* interface;
    const usb::Endpoint* endpoint;
    usb::Speed speed;  // the speed its configuration describes
};

// Every endpoint of every alternate setting of every configuration, in descriptor order.
inline std::vector<EndpointRef> endpoints_or_skip(const usb::DescriptorSet& set, Reporter& r) {
    std::vector<EndpointRef> out;
    const auto configs = configurations_or_skip(set, r);
    for (const auto* c : configs)
        for (const auto& i : c->interfaces)
            for (const auto& e : i.endpoints) out.push_back({c, &i, &e, config_speed(set, *c)});
    if (!configs.empty() && out.empty()) r.not_applicable("no endpoint descriptors besides endpoint 0");
    return out;
}

inline Location at(const EndpointRef& ref, size_t field_offset) {
    return at_endpoint(*ref.config, *ref.interface, *ref.endpoint, field_offset);
}

// "endpoint 0x81 (interrupt IN)" for messages.
inline std::string describe(const usb::Endpoint& e) {
    return fmt::format("endpoint {} ({} {})", usb::hex_byte(e.bEndpointAddress), usb::to_string(e.type()),
                       e.is_in() ? "IN" : "OUT");
}

}  // namespace usbcheck::checks::ch9
