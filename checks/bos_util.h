// Helpers of the BOS check family: finding the BOS (or saying why it cannot be judged), walking
// capabilities of one type, locating a capability field, and the bLength rule of each capability type.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "checks/check.h"
#include "usb/byte_reader.h"
#include "usb/layout_tables.h"

namespace usbcheck::checks::bos_util {

// The parsed BOS, or nullptr after reporting why there is none to judge (a skip, never a pass).
inline const usb::Bos* bos_or_skip(const usb::DescriptorSet& set, Reporter& r) {
    if (set.bos) return &*set.bos;
    switch (set.bos_availability) {
    case usb::Availability::present:
        r.not_applicable("the BOS is shorter than its 5-byte header (reported by ch9.descriptor.truncated)");
        break;
    case usb::Availability::stalled:
        r.not_applicable("the device stalled the BOS request, so there is no BOS to judge (see bos.required)");
        break;
    case usb::Availability::failed:
        r.not_applicable("the BOS request failed, so there is no BOS to judge (see bos.required)");
        break;
    case usb::Availability::not_captured:
        r.not_applicable(set.device_lost ? "the device went away before the BOS was read"
                                         : "the BOS was not captured by this input");
        break;
    }
    return nullptr;
}

inline std::string cap_path(const usb::Bos& bos, const usb::BosCapability& cap) {
    const auto index = static_cast<size_t>(&cap - bos.caps.data());
    return fmt::format("bos/capability[{}]", index);
}

// A location for a field at `field_offset` within the capability.
inline Location at_cap(const usb::Bos& bos, const usb::BosCapability& cap, size_t field_offset) {
    return at_bos(cap.offset + field_offset, cap_path(bos, cap));
}

// A location for a decoded field (its offset is already absolute).
inline Location at_field(const usb::Bos& bos, const usb::BosCapability& cap, const usb::DecodedField& field) {
    return at_bos(field.offset, cap_path(bos, cap));
}

// Calls fn(bos, cap) for each capability of `type`; skips with a reason when there is none.
template <typename Fn>
void for_each_cap(const usb::DescriptorSet& set, Reporter& r, uint8_t type, std::string_view what, Fn fn) {
    const usb::Bos* bos = bos_or_skip(set, r);
    if (!bos) return;
    bool any = false;
    for (const auto& cap : bos->caps) {
        if (cap.bDevCapabilityType != type) continue;
        any = true;
        fn(*bos, cap);
    }
    if (!any) r.not_applicable(fmt::format("the BOS has no {} capability", what));
}

// Platform capabilities of one kind (MS OS 2.0, WebUSB).
template <typename Fn>
void for_each_platform(const usb::DescriptorSet& set, Reporter& r, usb::PlatformKind kind, std::string_view what, Fn fn) {
    const usb::Bos* bos = bos_or_skip(set, r);
    if (!bos) return;
    bool any = false;
    for (const auto& cap : bos->caps) {
        if (cap.bDevCapabilityType != usb::cap::platform || cap.platform != kind) continue;
        any = true;
        fn(*bos, cap);
    }
    if (!any) r.not_applicable(fmt::format("the BOS has no {} platform capability", what));
}

inline std::string hex32(uint32_t value) { return fmt::format("{:#010x}", value); }

// The bcdUSB, or nullopt after reporting a skip when the device descriptor is missing.
inline std::optional<uint16_t> bcd_usb(const usb::DescriptorSet& set, Reporter& r) {
    if (set.device) return set.device->bcdUSB;
    r.skip("no device descriptor was read, so bcdUSB is unknown");
    return std::nullopt;
}

inline bool walk_aborted(const usb::DescriptorSet& set) {
    return std::any_of(set.notes.begin(), set.notes.end(), [](const usb::ParseNote& n) {
        return n.blob == "bos" && (n.kind == usb::NoteKind::zero_length || n.kind == usb::NoteKind::length_too_short);
    });
}

// The bLength rule for one capability, or "" when it holds.
inline std::string length_problem(const usb::BosCapability& c) {
    const size_t len = c.bLength;
    const usb::ByteReader bytes(c.bytes);
    auto exact = [&](size_t want) {
        return len == want ? std::string() : fmt::format("the {} capability bLength is {} but expected {}", c.name, len, want);
    };
    switch (c.bDevCapabilityType) {
    case usb::cap::usb20_extension:
        return exact(7);
    case usb::cap::superspeed:
        return exact(10);
    case usb::cap::container_id:
        return exact(20);
    case usb::cap::platform:
        if (len < 20) return fmt::format("the Platform capability bLength is {} but expected at least 20", len);
        if (c.platform == usb::PlatformKind::ms_os_20 && (len < 28 || (len - 20) % 8 != 0))
            return fmt::format("the MS OS 2.0 platform capability bLength is {} but expected 20 + 8*n with n >= 1 (28, 36, ...)",
                               len);
        if (c.platform == usb::PlatformKind::webusb && len != 24)
            return fmt::format("the WebUSB platform capability bLength is {} but expected 24", len);
        return {};
    case usb::cap::superspeed_plus: {
        if (len < 12) return fmt::format("the SuperSpeedPlus capability bLength is {} but expected at least 12", len);
        const uint32_t ssac = bytes.u32(4) & 0x1F;
        const size_t want = 12 + 4 * (ssac + 1);
        if (len == want) return {};
        return fmt::format("the SuperSpeedPlus capability bLength is {} but SSAC {} needs 12 + 4*({}+1) = {}", len, ssac, ssac,
                           want);
    }
    case usb::cap::billboard: {
        const size_t modes = bytes.u8(4);
        const size_t want = 44 + 4 * modes;
        if (len >= want) return {};
        return fmt::format("the Billboard capability bLength is {} but {} alternate mode(s) need at least {}", len, modes, want);
    }
    default: {
        const usb::Layout* layout = usb::capability_layout(c.bDevCapabilityType);
        if (layout && len < layout->min_length)
            return fmt::format("the {} capability bLength is {} but expected at least {}", c.name, len, layout->min_length);
        return {};
    }
    }
}

// Reports when a field is missing because the capability is too short (bos.capability.length says so).
inline const usb::DecodedField* field_or_skip(const usb::BosCapability& c, std::string_view name, Reporter& r) {
    if (const auto* f = c.field(name)) return f;
    r.skip(fmt::format("the {} capability at offset {} is too short to hold {} (see bos.capability.length)", c.name, c.offset,
                       name));
    return nullptr;
}

}  // namespace usbcheck::checks::bos_util
