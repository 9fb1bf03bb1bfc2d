// Checks of the BOS descriptor and its device capabilities: when a BOS is required, its header
// and lengths, and the fields of the USB 2.0 Extension, SuperSpeed, Container ID, Platform
// (MS OS 2.0, WebUSB), SuperSpeedPlus and Billboard capabilities.
#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "checks/bos_util.h"
#include "checks/check.h"

namespace usbcheck::checks {
namespace {

using bos_util::at_cap;
using bos_util::at_field;
using bos_util::bcd_usb;
using bos_util::bos_or_skip;
using bos_util::field_or_skip;
using bos_util::for_each_cap;
using bos_util::for_each_platform;
using bos_util::hex32;
using bos_util::length_problem;
using bos_util::walk_aborted;
using usb::hex_byte;
using usb::hex_word;

constexpr uint16_t k_bos_min_bcd = 0x0201;  // first bcdUSB whose BOS hosts read
constexpr uint16_t k_lpm_bcd = 0x0210;      // lsusb: "LPM required" from here
constexpr uint16_t k_superspeed_bcd = 0x0300;
constexpr uint32_t k_lpm_bit = 1u << 1;
constexpr uint32_t k_usb2_ext_reserved = 0xFFFF0001u;
constexpr uint32_t k_besl_bits = 0x0000FF1Cu;  // bits 2..4 and the baseline/deep BESL values
constexpr uint8_t k_ltm_bit = 1u << 1;
constexpr uint8_t k_max_u1_exit = 0x0A;
constexpr uint16_t k_max_u2_exit = 0x07FF;
constexpr uint32_t k_windows_8_1 = 0x06030000;
constexpr uint8_t k_billboard_max_alt_modes = 0x34;  // MAX_NUM_ALT_MODE (lsusb, USBX, usbview)
constexpr std::array<const char*, 4> k_speed_names = {"low speed", "full speed", "high speed", "5 Gb/s"};

// USB 2.0 LPM ECN: "devices that support the BOS descriptor must have a bcdUSB value of 0201H or larger".
void required(const usb::DescriptorSet& set, Reporter& r) {
    const auto bcd = bcd_usb(set, r);
    if (!bcd) return;
    if (*bcd < k_bos_min_bcd)
        return r.not_applicable(fmt::format("bcdUSB is {}: hosts read a BOS only from 0x0201", hex_word(*bcd)));
    switch (set.bos_availability) {
    case usb::Availability::present:
        return;
    case usb::Availability::not_captured:
        return r.skip(set.device_lost ? "the device went away before the BOS was read"
                                      : "the BOS was not captured by this input (sysfs descriptors carry none)");
    case usb::Availability::stalled:
        return r.violation(fmt::format("bcdUSB is {} but the device stalled the BOS request; expected a BOS for bcdUSB >= 0x0201",
                                       hex_word(*bcd)),
                           at_device(2));
    case usb::Availability::failed:
        return r.violation(
            fmt::format("bcdUSB is {} but the BOS request failed; expected a BOS for bcdUSB >= 0x0201", hex_word(*bcd)),
            at_device(2));
    }
}

// Linux hub.c and lsusb read the BOS only at bcdUSB >= 0x0201: a BOS below that is never seen.
void unexpected(const usb::DescriptorSet& set, Reporter& r) {
    const auto bcd = bcd_usb(set, r);
    if (!bcd) return;
    if (*bcd >= k_bos_min_bcd) return r.not_applicable(fmt::format("bcdUSB is {}: a BOS is expected", hex_word(*bcd)));
    if (set.bos_availability == usb::Availability::not_captured) return r.skip("the BOS was not captured by this input");
    if (set.bos_availability != usb::Availability::present) return;
    r.violation(
        fmt::format("the device returned a BOS but bcdUSB is {}; hosts read the BOS only at bcdUSB >= 0x0201", hex_word(*bcd)),
        at_device(2));
}

// USB 3.2 9.6.2 / Linux ch9.h usb_bos_descriptor: bLength 5, bDescriptorType 0x0F.
void header(const usb::DescriptorSet& set, Reporter& r) {
    const usb::Bos* bos = bos_or_skip(set, r);
    if (!bos) return;
    if (bos->bLength != 5) r.violation(fmt::format("the BOS bLength is {} but expected 5", bos->bLength), at_bos(0));
    if (bos->bDescriptorType != usb::dt::bos)
        r.violation(fmt::format("the BOS bDescriptorType is {} but expected 0x0f", hex_byte(bos->bDescriptorType)), at_bos(1));
}

// USB 3.2 9.6.2: wTotalLength covers the BOS descriptor and all of its capabilities.
void total_length(const usb::DescriptorSet& set, Reporter& r) {
    const usb::Bos* bos = bos_or_skip(set, r);
    if (!bos) return;
    if (bos->wTotalLength != bos->bytes_present)
        r.violation(fmt::format("wTotalLength is {} but the device returned {} bytes", bos->wTotalLength, bos->bytes_present),
                    at_bos(2));
    if (walk_aborted(set))
        return r.skip("the capability walk stopped at a zero or too-short bLength, so lengths cannot be summed");
    size_t sum = std::clamp<size_t>(bos->bLength, 5, bos->bytes_present);
    for (const auto& c : bos->caps) sum += c.bLength;
    if (sum != bos->wTotalLength)
        r.violation(fmt::format("wTotalLength is {} but the BOS header and its {} capabilities add up to {} bytes",
                                bos->wTotalLength, bos->caps.size(), sum),
                    at_bos(2));
}

// USB 3.2 9.6.2: bNumDeviceCaps counts the capability descriptors that follow.
void num_caps(const usb::DescriptorSet& set, Reporter& r) {
    const usb::Bos* bos = bos_or_skip(set, r);
    if (!bos) return;
    if (walk_aborted(set))
        return r.skip("the capability walk stopped at a zero or too-short bLength, so capabilities cannot be counted");
    if (bos->bNumDeviceCaps != bos->caps.size())
        r.violation(fmt::format("bNumDeviceCaps is {} but the BOS holds {} capabilities", bos->bNumDeviceCaps, bos->caps.size()),
                    at_bos(4));
}

// USB 3.2 9.6.2, Linux config.c usb_get_bos_descriptor: every capability has bDescriptorType 0x10.
void cap_type(const usb::DescriptorSet& set, Reporter& r) {
    const usb::Bos* bos = bos_or_skip(set, r);
    if (!bos) return;
    for (const auto& c : bos->caps)
        if (c.bDescriptorType != usb::dt::device_capability)
            r.violation(fmt::format("capability at offset {} has bDescriptorType {} but expected 0x10", c.offset,
                                    hex_byte(c.bDescriptorType)),
                        at_cap(*bos, c, 1));
}

// Linux config.c bos_desc_len, lsusb, MS OS 2.0 / WebUSB / Billboard layouts: each capability has its defined length.
void cap_length(const usb::DescriptorSet& set, Reporter& r) {
    const usb::Bos* bos = bos_or_skip(set, r);
    if (!bos) return;
    for (const auto& c : bos->caps)
        if (auto problem = length_problem(c); !problem.empty()) r.violation(problem, at_cap(*bos, c, 0));
}

// Linux ch9.h / lsusb (USB 3.2 table 9-14, UNVERIFIED): capability types usbcheck (and lsusb) do not know cannot be checked.
void cap_unknown(const usb::DescriptorSet& set, Reporter& r) {
    const usb::Bos* bos = bos_or_skip(set, r);
    if (!bos) return;
    for (const auto& c : bos->caps)
        if (!c.known)
            r.violation(fmt::format("capability type {} at offset {} is not a known device capability type (0x01..0x10)",
                                    hex_byte(c.bDevCapabilityType), c.offset),
                        at_cap(*bos, c, 2));
}

// lsusb.c "Missing must-be-set LPM bit": bcdUSB >= 0x0210 announces LPM in the USB 2.0 Extension.
void usb2_lpm(const usb::DescriptorSet& set, Reporter& r) {
    const auto bcd = bcd_usb(set, r);
    if (!bcd) return;
    if (*bcd < k_lpm_bcd) return r.not_applicable(fmt::format("bcdUSB is {}: LPM is announced from 0x0210", hex_word(*bcd)));
    const usb::Bos* bos = bos_or_skip(set, r);
    if (!bos) return;
    const usb::BosCapability* ext = bos->find(usb::cap::usb20_extension);
    if (!ext)
        return r.violation(
            fmt::format("bcdUSB is {} but the BOS has no USB 2.0 Extension capability; expected one with the LPM bit (bit 1) set",
                        hex_word(*bcd)),
            at_bos(0));
    const auto* f = field_or_skip(*ext, "bmAttributes", r);
    if (f && !(f->value & k_lpm_bit))
        r.violation(
            fmt::format("bmAttributes is {} but bcdUSB {} needs the LPM bit (bit 1) set", hex32(f->value), hex_word(*bcd)),
            at_field(*bos, *ext, *f));
}

// USB 2.0 LPM ECN (Linux ch9.h USB_LPM_SUPPORT, USB_BESL_*): bit 0 and bits 31..16 are reserved.
void usb2_reserved(const usb::DescriptorSet& set, Reporter& r) {
    for_each_cap(set, r, usb::cap::usb20_extension, "USB 2.0 Extension", [&](const usb::Bos& bos, const usb::BosCapability& c) {
        const auto* f = field_or_skip(c, "bmAttributes", r);
        if (f && (f->value & k_usb2_ext_reserved))
            r.violation(fmt::format("bmAttributes is {} but reserved bits 31..16 and 0 must be zero (set: {})", hex32(f->value),
                                    hex32(f->value & k_usb2_ext_reserved)),
                        at_field(bos, c, *f));
    });
}

// USB 2.0 LPM ECN: the BESL bits (2..4, 15..8) only mean something when LPM (bit 1) is supported.
void usb2_besl(const usb::DescriptorSet& set, Reporter& r) {
    for_each_cap(set, r, usb::cap::usb20_extension, "USB 2.0 Extension", [&](const usb::Bos& bos, const usb::BosCapability& c) {
        const auto* f = field_or_skip(c, "bmAttributes", r);
        if (f && (f->value & k_besl_bits) && !(f->value & k_lpm_bit))
            r.violation(fmt::format("bmAttributes is {}: BESL bits {} are set but the LPM bit (bit 1) is clear", hex32(f->value),
                                    hex32(f->value & k_besl_bits)),
                        at_field(bos, c, *f));
    });
}

// Linux composite.c bos_desc / USB 3.2 9.6.2: SuperSpeed devices carry USB 2.0 Extension and SuperSpeed USB capabilities.
void superspeed_required(const usb::DescriptorSet& set, Reporter& r) {
    const auto bcd = bcd_usb(set, r);
    if (!bcd) return;
    const bool ss_speed = set.speed == usb::Speed::super || set.speed == usb::Speed::super_plus;
    if (*bcd < k_superspeed_bcd && !ss_speed)
        return r.not_applicable(fmt::format("bcdUSB is {} and the device was not seen at SuperSpeed", hex_word(*bcd)));
    const usb::Bos* bos = bos_or_skip(set, r);
    if (!bos) return;
    const std::string why = *bcd >= k_superspeed_bcd ? fmt::format("bcdUSB is {}", hex_word(*bcd))
                                                     : fmt::format("the device runs at {} speed", usb::to_string(set.speed));
    for (auto [type, name] :
         {std::pair{usb::cap::usb20_extension, "USB 2.0 Extension"}, std::pair{usb::cap::superspeed, "SuperSpeed USB"}})
        if (!bos->find(type))
            r.violation(
                fmt::format("{} but the BOS has no {} capability; expected both USB 2.0 Extension and SuperSpeed USB", why, name),
                at_bos(0));
}

// USB 3.2 table 9-15 (UNVERIFIED) / Linux ch9.h: wSpeedsSupported names at least one of bits 0..3.
void ss_speeds(const usb::DescriptorSet& set, Reporter& r) {
    for_each_cap(set, r, usb::cap::superspeed, "SuperSpeed USB", [&](const usb::Bos& bos, const usb::BosCapability& c) {
        const auto* f = field_or_skip(c, "wSpeedsSupported", r);
        if (!f) return;
        if (f->value == 0)
            r.violation("wSpeedsSupported is 0x0000 but expected at least one speed bit (bits 0..3)", at_field(bos, c, *f));
        else if (f->value & ~0x000Fu)
            r.violation(fmt::format("wSpeedsSupported is {} but only bits 0..3 (low, full, high, 5 Gb/s) are defined",
                                    hex_word(static_cast<uint16_t>(f->value))),
                        at_field(bos, c, *f));
    });
}

// USB 3.2 table 9-15 (UNVERIFIED): bFunctionalitySupport is the lowest speed with full function, one wSpeedsSupported lists.
void ss_functionality(const usb::DescriptorSet& set, Reporter& r) {
    for_each_cap(set, r, usb::cap::superspeed, "SuperSpeed USB", [&](const usb::Bos& bos, const usb::BosCapability& c) {
        const auto* speeds = field_or_skip(c, "wSpeedsSupported", r);
        const auto* f = field_or_skip(c, "bFunctionalitySupport", r);
        if (!speeds || !f) return;
        if (f->value >= k_speed_names.size())
            r.violation(fmt::format("bFunctionalitySupport is {} but expected a speed 0..3", f->value), at_field(bos, c, *f));
        else if (!(speeds->value & (1u << f->value)))
            r.violation(fmt::format("bFunctionalitySupport is {} ({}) but wSpeedsSupported {} does not include it", f->value,
                                    k_speed_names[f->value], hex_word(static_cast<uint16_t>(speeds->value))),
                        at_field(bos, c, *f));
    });
}

// USB 3.2 table 9-15 (UNVERIFIED): bU1DevExitLat 0x00..0x0A microseconds, larger values reserved.
void ss_u1(const usb::DescriptorSet& set, Reporter& r) {
    for_each_cap(set, r, usb::cap::superspeed, "SuperSpeed USB", [&](const usb::Bos& bos, const usb::BosCapability& c) {
        const auto* f = field_or_skip(c, "bU1DevExitLat", r);
        if (f && f->value > k_max_u1_exit)
            r.violation(
                fmt::format("bU1DevExitLat is {} but expected at most 0x0a (10 us)", hex_byte(static_cast<uint8_t>(f->value))),
                at_field(bos, c, *f));
    });
}

// USB 3.2 table 9-15 (UNVERIFIED): wU2DevExitLat 0x0000..0x07FF microseconds, larger values reserved.
void ss_u2(const usb::DescriptorSet& set, Reporter& r) {
    for_each_cap(set, r, usb::cap::superspeed, "SuperSpeed USB", [&](const usb::Bos& bos, const usb::BosCapability& c) {
        const auto* f = field_or_skip(c, "wU2DevExitLat", r);
        if (f && f->value > k_max_u2_exit)
            r.violation(fmt::format("wU2DevExitLat is {} but expected at most 0x07ff (2047 us)",
                                    hex_word(static_cast<uint16_t>(f->value))),
                        at_field(bos, c, *f));
    });
}

// Linux ch9.h USB_LTM_SUPPORT: only bit 1 (LTM) of the SuperSpeed bmAttributes is defined.
void ss_reserved(const usb::DescriptorSet& set, Reporter& r) {
    for_each_cap(set, r, usb::cap::superspeed, "SuperSpeed USB", [&](const usb::Bos& bos, const usb::BosCapability& c) {
        const auto* f = field_or_skip(c, "bmAttributes", r);
        if (f && (f->value & ~uint32_t{k_ltm_bit}))
            r.violation(fmt::format("bmAttributes is {} but only bit 1 (LTM) is defined; expected the other bits zero",
                                    hex_byte(static_cast<uint8_t>(f->value))),
                        at_field(bos, c, *f));
    });
}

// USB 3.2 9.6.2.3 (UNVERIFIED, cited by the corpus): the Container ID is a unique 128-bit UUID, so never all zero.
void container_nonzero(const usb::DescriptorSet& set, Reporter& r) {
    for_each_cap(set, r, usb::cap::container_id, "Container ID", [&](const usb::Bos& bos, const usb::BosCapability& c) {
        if (c.bytes.size() < 20)
            return r.skip("the Container ID capability is too short to hold a UUID (see bos.capability.length)");
        if (std::all_of(c.bytes.begin() + 4, c.bytes.begin() + 20, [](uint8_t b) { return b == 0; }))
            r.violation("the ContainerID is 00000000-0000-0000-0000-000000000000 but expected a unique UUID", at_cap(bos, c, 4));
    });
}

// Linux ch9.h usb_ss_container_id_descriptor: bReserved is zero.
void container_reserved(const usb::DescriptorSet& set, Reporter& r) {
    for_each_cap(set, r, usb::cap::container_id, "Container ID", [&](const usb::Bos& bos, const usb::BosCapability& c) {
        if (const auto* f = field_or_skip(c, "bReserved", r); f && f->value != 0)
            r.violation(fmt::format("bReserved is {} but expected 0x00", hex_byte(static_cast<uint8_t>(f->value))),
                        at_field(bos, c, *f));
    });
}

// USB 3.2 10.15.1 (UNVERIFIED: spec not in corpus): a USB 3.x hub reports a Container ID.
void container_hub(const usb::DescriptorSet& set, Reporter& r) {
    const auto bcd = bcd_usb(set, r);
    if (!bcd) return;
    if (set.device->bDeviceClass != 0x09 || *bcd < k_superspeed_bcd)
        return r.not_applicable("the device is not a hub with bcdUSB >= 0x0300");
    const usb::Bos* bos = bos_or_skip(set, r);
    if (bos && !bos->find(usb::cap::container_id))
        r.violation(fmt::format("the device is a hub with bcdUSB {} but the BOS has no Container ID capability; expected one",
                                hex_word(*bcd)),
                    at_bos(0));
}

// lsusb dump_platform_device_capability_desc / libopencm3 bos.h: the Platform bReserved byte is zero.
void platform_reserved(const usb::DescriptorSet& set, Reporter& r) {
    for_each_cap(set, r, usb::cap::platform, "Platform", [&](const usb::Bos& bos, const usb::BosCapability& c) {
        if (const auto* f = field_or_skip(c, "bReserved", r); f && f->value != 0)
            r.violation(fmt::format("bReserved is {} but expected 0x00", hex_byte(static_cast<uint8_t>(f->value))),
                        at_field(bos, c, *f));
    });
}

// MS OS 2.0 (usb-reference 4.3): the descriptor set starts with its 10-byte set header.
void msos20_set_length(const usb::DescriptorSet& set, Reporter& r) {
    for_each_platform(set, r, usb::PlatformKind::ms_os_20, "MS OS 2.0", [&](const usb::Bos& bos, const usb::BosCapability& c) {
        if (c.msos20.empty())
            return r.skip("the MS OS 2.0 capability holds no descriptor set information (see bos.capability.length)");
        for (const auto& info : c.msos20)
            if (info.wMSOSDescriptorSetTotalLength < 10)
                r.violation(fmt::format("wMSOSDescriptorSetTotalLength is {} but the set header alone is 10 bytes",
                                        info.wMSOSDescriptorSetTotalLength),
                            at_bos(info.offset + 4, bos_util::cap_path(bos, c)));
    });
}

// MS OS 2.0 (usb-reference 4.1): Windows 8.1 (0x06030000) is the first version that reads MS OS 2.0 descriptors.
void msos20_windows_version(const usb::DescriptorSet& set, Reporter& r) {
    for_each_platform(set, r, usb::PlatformKind::ms_os_20, "MS OS 2.0", [&](const usb::Bos& bos, const usb::BosCapability& c) {
        if (c.msos20.empty())
            return r.skip("the MS OS 2.0 capability holds no descriptor set information (see bos.capability.length)");
        for (const auto& info : c.msos20)
            if (info.dwWindowsVersion < k_windows_8_1)
                r.violation(fmt::format("dwWindowsVersion is {} but expected at least 0x06030000 (Windows 8.1)",
                                        hex32(info.dwWindowsVersion)),
                            at_bos(info.offset, bos_util::cap_path(bos, c)));
    });
}

// WebUSB specification (wicg.github.io/webusb) platform capability: bcdVersion is 0x0100.
void webusb_version(const usb::DescriptorSet& set, Reporter& r) {
    for_each_platform(set, r, usb::PlatformKind::webusb, "WebUSB", [&](const usb::Bos& bos, const usb::BosCapability& c) {
        if (const auto* f = field_or_skip(c, "bcdVersion", r); f && f->value != 0x0100)
            r.violation(fmt::format("bcdVersion is {} but expected 0x0100", hex_word(static_cast<uint16_t>(f->value))),
                        at_field(bos, c, *f));
    });
}

// USB Billboard 1.2 (via lsusb BILLBOARD_MAX_NUM_ALT_MODE 0x34): mode count bounded, preferred mode one of them or 0xFF.
void billboard_modes(const usb::DescriptorSet& set, Reporter& r) {
    for_each_cap(set, r, usb::cap::billboard, "Billboard", [&](const usb::Bos& bos, const usb::BosCapability& c) {
        const auto* count = field_or_skip(c, "bNumberOfAlternateModes", r);
        const auto* preferred = field_or_skip(c, "bPreferredAlternateMode", r);
        if (!count || !preferred) return;
        if (count->value > k_billboard_max_alt_modes)
            r.violation(fmt::format("bNumberOfAlternateModes is {} but expected at most 52 (0x34)", count->value),
                        at_field(bos, c, *count));
        if (preferred->value != 0xFF && preferred->value >= count->value)
            r.violation(fmt::format("bPreferredAlternateMode is {} but expected below bNumberOfAlternateModes {} or 0xff",
                                    preferred->value, count->value),
                        at_field(bos, c, *preferred));
    });
}

const std::array k_checks = {
    CheckDef{"bos.required", "a device with bcdUSB >= 0x0201 returns a BOS", Severity::error,
             "USB 2.0 LPM ECN (quoted in Zephyr PR #22775); Linux hub.c:5170; Windows 8 BOS request (panda PR #393)",
             "Windows 8+ fails enumeration with Code 43 when the BOS request fails",
             "answer GET_DESCRIPTOR(BOS) or report bcdUSB 0x0200", required},
    CheckDef{"bos.unexpected", "no BOS on a device with bcdUSB < 0x0201", Severity::warning, "Linux hub.c:5170; lsusb.c:3872",
             "hosts never read a BOS below bcdUSB 0x0201, so its capabilities are ignored", "report bcdUSB 0x0201 or 0x0210",
             unexpected},
    CheckDef{"bos.header", "the BOS header has bLength 5 and bDescriptorType 0x0F", Severity::error,
             "USB 3.2 9.6.2; Linux ch9.h usb_bos_descriptor", "hosts reject a BOS whose header is wrong",
             "send 05 0f wTotalLength bNumDeviceCaps", header},
    CheckDef{"bos.total-length", "wTotalLength equals the bytes returned and the sum of the capabilities", Severity::error,
             "USB 3.2 9.6.2; Linux config.c usb_get_bos_descriptor",
             "hosts read wTotalLength bytes and walk the capabilities in them",
             "set wTotalLength to 5 + the sum of the capability bLengths", total_length},
    CheckDef{"bos.num-caps", "bNumDeviceCaps equals the capabilities present", Severity::error,
             "USB 3.2 9.6.2; Linux config.c (truncates the count)",
             "Linux ignores capabilities past the count and stops early if fewer are present",
             "count every capability descriptor", num_caps},
    CheckDef{"bos.capability.type", "every capability has bDescriptorType 0x10", Severity::error,
             "Linux config.c usb_get_bos_descriptor; ch9.h USB_DT_DEVICE_CAPABILITY",
             "Linux stops walking at a descriptor that is not a device capability",
             "use bDescriptorType 0x10 (DEVICE CAPABILITY)", cap_type},
    CheckDef{"bos.capability.length", "every capability has the bLength its type defines", Severity::error,
             "Linux config.c bos_desc_len; lsusb.c; MS OS 2.0 (usb-reference 4.1); WebUSB; Billboard 1.2",
             "Linux drops capabilities shorter than their type; a wrong length misplaces every later field",
             "USB 2.0 Ext 7, SuperSpeed 10, Container ID 20, MS OS 2.0 20+8n, WebUSB 24, SSP 12+4*(SSAC+1)", cap_length},
    CheckDef{"bos.capability.unknown", "every capability type is a known one", Severity::warning,
             "Linux ch9.h capability types; lsusb.c (USB 3.2 table 9-14 UNVERIFIED)",
             "an unknown capability cannot be checked and hosts skip it",
             "remove the capability or check it against its specification", cap_unknown},
    CheckDef{"bos.usb2-ext.lpm", "bcdUSB >= 0x0210 comes with a USB 2.0 Extension that sets the LPM bit", Severity::warning,
             "USB 2.0 LPM ECN; lsusb.c:3390 \"Missing must-be-set LPM bit\"",
             "bcdUSB 0x0210 announces LPM, but many devices use it only to get the BOS read",
             "add a USB 2.0 Extension with bmAttributes bit 1 set, or report bcdUSB 0x0201", usb2_lpm},
    CheckDef{"bos.usb2-ext.reserved", "USB 2.0 Extension reserved bits are zero", Severity::warning,
             "USB 2.0 LPM ECN; Linux ch9.h usb_ext_cap_descriptor", "reserved bits may gain a meaning a host then misreads",
             "clear bmAttributes bit 0 and bits 31..16", usb2_reserved},
    CheckDef{"bos.usb2-ext.besl", "BESL values are set only together with the LPM bit", Severity::warning,
             "USB 2.0 LPM ECN; Linux ch9.h USB_BESL_SUPPORT, USB_SET_BESL_*", "BESL values without LPM support are contradictory",
             "set bit 1 (LPM) or clear bits 2..4 and 15..8", usb2_besl},
    CheckDef{"bos.superspeed.required", "SuperSpeed devices carry the USB 2.0 Extension and SuperSpeed USB capabilities",
             Severity::error, "Linux composite.c bos_desc comment; USB 3.2 9.6.2",
             "hosts learn U1/U2 exit latencies and LPM support from them", "add both capabilities to the BOS",
             superspeed_required},
    CheckDef{"bos.superspeed.speeds", "wSpeedsSupported names at least one defined speed", Severity::error,
             "USB 3.2 table 9-15 (UNVERIFIED: spec not in corpus); Linux ch9.h USB_*_OPERATION",
             "an empty or undefined speed mask says nothing", "set bits 0..3 for the speeds the device supports", ss_speeds},
    CheckDef{"bos.superspeed.functionality", "bFunctionalitySupport names a supported speed", Severity::error,
             "USB 3.2 table 9-15 (UNVERIFIED: spec not in corpus)",
             "the lowest fully functional speed must be one the device runs at",
             "set bFunctionalitySupport to a speed whose bit is in wSpeedsSupported", ss_functionality},
    CheckDef{"bos.superspeed.u1-exit-latency", "bU1DevExitLat is at most 10 us", Severity::error,
             "USB 3.2 table 9-15 (UNVERIFIED: spec not in corpus)", "values above 0x0A are reserved",
             "report a U1 exit latency of 0x00..0x0A", ss_u1},
    CheckDef{"bos.superspeed.u2-exit-latency", "wU2DevExitLat is at most 2047 us", Severity::error,
             "USB 3.2 table 9-15 (UNVERIFIED: spec not in corpus)", "values above 0x07FF are reserved",
             "report a U2 exit latency of 0x0000..0x07FF", ss_u2},
    CheckDef{"bos.superspeed.reserved", "SuperSpeed bmAttributes sets no bit but LTM", Severity::warning,
             "Linux ch9.h USB_LTM_SUPPORT", "reserved bits may gain a meaning a host then misreads",
             "clear every bmAttributes bit except bit 1", ss_reserved},
    CheckDef{"bos.container-id.nonzero", "the Container ID is not all zero", Severity::warning,
             "USB 3.2 9.6.2.3 (UNVERIFIED, cited by the usbcheck corpus)",
             "Windows groups a device's functions by Container ID; all-zero IDs collide across devices",
             "give each unit a unique UUID", container_nonzero},
    CheckDef{"bos.container-id.reserved", "Container ID bReserved is zero", Severity::warning,
             "Linux ch9.h usb_ss_container_id_descriptor", "reserved bytes may gain a meaning", "set bReserved to 0",
             container_reserved},
    CheckDef{"bos.container-id.hub", "a USB 3.x hub has a Container ID capability", Severity::warning,
             "USB 3.2 10.15.1 (UNVERIFIED: spec not in corpus)",
             "hosts match the USB 2 and USB 3 halves of a hub by Container ID", "add a Container ID capability", container_hub},
    CheckDef{"bos.platform.reserved", "Platform capability bReserved is zero", Severity::warning,
             "lsusb dump_platform_device_capability_desc; libopencm3 bos.h", "reserved bytes may gain a meaning",
             "set bReserved to 0", platform_reserved},
    CheckDef{"bos.msos20.set-length", "wMSOSDescriptorSetTotalLength covers at least the set header", Severity::error,
             "MS OS 2.0 set header, 10 bytes (usb-reference 4.1, 4.3)",
             "Windows requests exactly this many bytes for the descriptor set", "set it to the descriptor set's wTotalLength",
             msos20_set_length},
    CheckDef{"bos.msos20.windows-version", "dwWindowsVersion is Windows 8.1 (0x06030000) or later", Severity::warning,
             "MS OS 2.0 (usb-reference 4.1; TinyUSB, embassy-usb)",
             "Windows before 8.1 does not read MS OS 2.0; a lower value is meaningless", "use 0x06030000 or 0x0A000000",
             msos20_windows_version},
    CheckDef{"bos.webusb.version", "the WebUSB platform capability has bcdVersion 0x0100", Severity::warning,
             "WebUSB 1.0 (wicg.github.io/webusb) platform capability", "browsers may ignore other versions",
             "set bcdVersion to 0x0100", webusb_version},
    CheckDef{"bos.billboard.alt-modes", "Billboard alternate mode count and preferred mode are in range", Severity::warning,
             "USB Billboard 1.2 (UNVERIFIED); lsusb BILLBOARD_MAX_NUM_ALT_MODE 0x34",
             "hosts index alternate modes by these numbers",
             "keep bNumberOfAlternateModes <= 0x34 and bPreferredAlternateMode < it or 0xFF", billboard_modes},
};

}  // namespace

std::span<const CheckDef> bos_checks() { return k_checks; }

}  // namespace usbcheck::checks
