// Chapter 9 checks of the device descriptor and the device qualifier: lengths, types, bcdUSB,
// endpoint 0 packet size against the speed, configuration count and device class.
#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "checks/ch9_util.h"

namespace usbcheck::checks {
namespace {

using ch9::device_or_skip;

constexpr std::array<uint16_t, 9> k_released_bcd_usb = {0x0100, 0x0110, 0x0200, 0x0201, 0x0210,
                                                        0x0220, 0x0300, 0x0310, 0x0320};
// usb.org "Defined Class Codes": base classes allowed in a device descriptor (device or both);
// E0 is interface-level there except for Bluetooth, which the Bluetooth spec puts in the device.
constexpr std::array<uint8_t, 8> k_device_classes = {0x00, 0x02, 0x09, 0x11, 0xDC, 0xE0, 0xEF, 0xFF};

bool legal_ep0_size(uint8_t size) { return size == 8 || size == 16 || size == 32 || size == 64; }

Location at_qualifier(std::optional<size_t> offset) { return {"qualifier", "qualifier", offset}; }

// USB 2.0 9.4.3: enumeration starts with GET_DESCRIPTOR(DEVICE), which must answer 18 bytes.
void readable(const usb::DescriptorSet& set, Reporter& r) {
    if (set.device) return;
    if (set.device_availability == usb::Availability::not_captured && !set.device_lost) {
        r.skip(ch9::device_absent_reason(set));
        return;
    }
    r.violation(fmt::format("the device descriptor could not be read: {}", ch9::device_absent_reason(set)),
                at_device(0));
}

// USB 2.0 9.6.1 table 9-8: bLength of a device descriptor is 18.
void length(const usb::DescriptorSet& set, Reporter& r) {
    const auto* d = device_or_skip(set, r);
    if (d && d->bLength != 18)
        r.violation(fmt::format("bLength is {} but a device descriptor is 18 bytes", d->bLength), at_device(0));
}

// USB 2.0 9.6.1 table 9-8: bDescriptorType of a device descriptor is DEVICE (0x01).
void descriptor_type(const usb::DescriptorSet& set, Reporter& r) {
    const auto* d = device_or_skip(set, r);
    if (d && d->bDescriptorType != usb::dt::device)
        r.violation(fmt::format("bDescriptorType is {} but a device descriptor has 0x01",
                                usb::hex_byte(d->bDescriptorType)),
                    at_device(1));
}

// USB 2.0 9.6.1: bcdUSB is binary-coded decimal (Linux configfs is_valid_bcd).
void bcd_usb_digits(const usb::DescriptorSet& set, Reporter& r) {
    const auto* d = device_or_skip(set, r);
    if (!d) return;
    for (int shift = 0; shift < 16; shift += 4)
        if (((d->bcdUSB >> shift) & 0xF) > 9) {
            r.violation(fmt::format("bcdUSB is {} but every nibble must be a BCD digit 0-9", usb::hex_word(d->bcdUSB)),
                        at_device(2));
            return;
        }
}

// USB 2.0 9.6.1 / USB 3.2 9.6.1: bcdUSB names the specification release the device complies with.
void bcd_usb_version(const usb::DescriptorSet& set, Reporter& r) {
    const auto* d = device_or_skip(set, r);
    if (!d) return;
    if ((d->bcdUSB & 0xFF0F) == 0x0400) return;  // USB4 releases 0x0400, 0x0410...
    if (std::find(k_released_bcd_usb.begin(), k_released_bcd_usb.end(), d->bcdUSB) != k_released_bcd_usb.end())
        return;
    r.violation(fmt::format("bcdUSB is {} but released versions are 0x0100, 0x0110, 0x0200, 0x0201, 0x0210, "
                            "0x0220, 0x0300, 0x0310, 0x0320 or 0x0400",
                            usb::hex_word(d->bcdUSB)),
                at_device(2));
}

// USB 2.0 9.6.1 / USB 3.2 9.6.1: bMaxPacketSize0 is 8, 16, 32 or 64, or 9 (2^9) from bcdUSB 3.00.
void max_packet_size0(const usb::DescriptorSet& set, Reporter& r) {
    const auto* d = device_or_skip(set, r);
    if (!d) return;
    const uint8_t m = d->bMaxPacketSize0;
    if (legal_ep0_size(m)) return;
    if (m == 9 && d->bcdUSB >= 0x0300) return;
    if (m == 9)
        r.violation(fmt::format("bMaxPacketSize0 is 9 (512 bytes) but bcdUSB is {}: 9 is legal only from 0x0300",
                                usb::hex_word(d->bcdUSB)),
                    at_device(7));
    else
        r.violation(fmt::format("bMaxPacketSize0 is {} but must be 8, 16, 32 or 64 (or 9 with bcdUSB 0x0300+)", m),
                    at_device(7));
}

// Linux hub.c: a low-speed device's endpoint 0 is 8 bytes; at SuperSpeed it is 512 (the value 9).
void max_packet_size0_speed(const usb::DescriptorSet& set, Reporter& r) {
    const auto* d = device_or_skip(set, r);
    if (!d) return;
    if (set.speed == usb::Speed::unknown) return r.skip(std::string(ch9::k_speed_unknown));
    if (set.speed == usb::Speed::low && d->bMaxPacketSize0 != 8)
        r.violation(fmt::format("bMaxPacketSize0 is {} but a low-speed device must use 8", d->bMaxPacketSize0),
                    at_device(7));
    if (ch9::is_super(set.speed) && d->bMaxPacketSize0 != 9)
        r.violation(fmt::format("bMaxPacketSize0 is {} but a device running at {} speed must use 9 (512 bytes)",
                                d->bMaxPacketSize0, usb::to_string(set.speed)),
                    at_device(7));
}

// USB 2.0 5.5.3 (UNVERIFIED): a high-speed device's endpoint 0 is 64 bytes; Linux accepts 8..64.
void max_packet_size0_high_speed(const usb::DescriptorSet& set, Reporter& r) {
    const auto* d = device_or_skip(set, r);
    if (!d) return;
    if (set.speed == usb::Speed::unknown) return r.skip(std::string(ch9::k_speed_unknown));
    if (set.speed != usb::Speed::high)
        return r.not_applicable(fmt::format("the device runs at {} speed, not high speed", usb::to_string(set.speed)));
    if (d->bMaxPacketSize0 != 64)
        r.violation(fmt::format("bMaxPacketSize0 is {} but a high-speed device should use 64", d->bMaxPacketSize0),
                    at_device(7));
}

// Linux hub.c: a device connected at SuperSpeed with bcdUSB below 0x0300 is refused; high speed needs 2.00.
void bcd_usb_speed(const usb::DescriptorSet& set, Reporter& r) {
    const auto* d = device_or_skip(set, r);
    if (!d) return;
    if (set.speed == usb::Speed::unknown) return r.skip(std::string(ch9::k_speed_unknown));
    if (ch9::is_super(set.speed) && d->bcdUSB < 0x0300)
        r.violation(fmt::format("bcdUSB is {} but a device running at {} speed must report 0x0300 or later",
                                usb::hex_word(d->bcdUSB), usb::to_string(set.speed)),
                    at_device(2));
    if (set.speed == usb::Speed::high && d->bcdUSB < 0x0200)
        r.violation(fmt::format("bcdUSB is {} but a device running at high speed must report 0x0200 or later",
                                usb::hex_word(d->bcdUSB)),
                    at_device(2));
}

// USB 2.0 9.6.1: a device has at least one configuration.
void num_configurations(const usb::DescriptorSet& set, Reporter& r) {
    const auto* d = device_or_skip(set, r);
    if (d && d->bNumConfigurations < 1)
        r.violation("bNumConfigurations is 0 but a device needs at least 1 configuration", at_device(17));
}

// Linux config.c USB_MAXCONFIG: configurations beyond 8 are not read.
void num_configurations_max(const usb::DescriptorSet& set, Reporter& r) {
    const auto* d = device_or_skip(set, r);
    if (d && d->bNumConfigurations > 8)
        r.violation(fmt::format("bNumConfigurations is {} but Linux reads at most 8", d->bNumConfigurations),
                    at_device(17));
}

// USB 2.0 9.4.3: GET_DESCRIPTOR(CONFIGURATION) answers every index below bNumConfigurations.
void configurations_readable(const usb::DescriptorSet& set, Reporter& r) {
    const auto* d = device_or_skip(set, r);
    if (!d) return;
    if (d->bNumConfigurations == 0) return r.not_applicable("bNumConfigurations is 0: no index to read");
    size_t not_captured = 0;
    for (size_t i = 0; i < d->bNumConfigurations; ++i) {
        const auto a = i < set.configuration_availability.size() ? set.configuration_availability[i]
                                                                 : usb::Availability::not_captured;
        if (a == usb::Availability::not_captured) ++not_captured;
        if (a != usb::Availability::stalled && a != usb::Availability::failed) continue;
        const std::string blob = fmt::format("config[{}]", i);
        r.violation(fmt::format("configuration index {} {} but bNumConfigurations is {} (indices 0..{} must answer)",
                                i, a == usb::Availability::stalled ? "stalled" : "failed (timeout or I/O error)",
                                d->bNumConfigurations, d->bNumConfigurations - 1),
                    {blob, blob, std::nullopt});
    }
    if (not_captured)
        r.skip(fmt::format("{} of {} configuration indices were not captured", not_captured, d->bNumConfigurations));
}

// usb.org Defined Class Codes: most base classes (03 HID, 08 mass storage...) are interface-only.
void class_code(const usb::DescriptorSet& set, Reporter& r) {
    const auto* d = device_or_skip(set, r);
    if (!d) return;
    if (std::find(k_device_classes.begin(), k_device_classes.end(), d->bDeviceClass) == k_device_classes.end())
        r.violation(fmt::format("bDeviceClass is {} but a device descriptor may carry only 0x00, 0x02, 0x09, 0x11, "
                                "0xdc, 0xe0, 0xef or 0xff (the class belongs in the interface descriptor)",
                                usb::hex_byte(d->bDeviceClass)),
                    at_device(4));
}

// USB 2.0 9.6.2 table 9-9: the device qualifier's fixed fields.
void qualifier_fields(const usb::DescriptorSet& set, Reporter& r) {
    const auto* d = device_or_skip(set, r);
    if (!d) return;
    const auto a = set.qualifier_availability;
    if (!set.qualifier) {
        if (a == usb::Availability::present) return r.skip("the qualifier is too short to parse (a parse finding)");
        if (a == usb::Availability::not_captured && d->bcdUSB < 0x0200)
            return r.not_applicable(
                fmt::format("bcdUSB is {}: the qualifier is not requested from a USB 1.x device", usb::hex_word(d->bcdUSB)));
        if (a == usb::Availability::stalled)
            return r.not_applicable("the device stalled GET_DESCRIPTOR(DEVICE_QUALIFIER): no qualifier to judge");
        return r.skip(a == usb::Availability::failed ? "GET_DESCRIPTOR(DEVICE_QUALIFIER) failed (timeout or I/O error)"
                                                     : "the device qualifier was not captured");
    }
    const auto& q = *set.qualifier;
    if (q.bLength != 10)
        r.violation(fmt::format("bLength is {} but a device qualifier is 10 bytes", q.bLength), at_qualifier(0));
    if (q.bDescriptorType != usb::dt::device_qualifier)
        r.violation(fmt::format("bDescriptorType is {} but a device qualifier has 0x06", usb::hex_byte(q.bDescriptorType)),
                    at_qualifier(1));
    if (q.bcdUSB < 0x0200)
        r.violation(fmt::format("bcdUSB is {} but a device qualifier needs 0x0200 or later", usb::hex_word(q.bcdUSB)),
                    at_qualifier(2));
    if (!legal_ep0_size(q.bMaxPacketSize0))
        r.violation(fmt::format("bMaxPacketSize0 is {} but must be 8, 16, 32 or 64", q.bMaxPacketSize0),
                    at_qualifier(7));
    if (q.bNumConfigurations < 1)
        r.violation("bNumConfigurations is 0 but the other speed needs at least 1 configuration", at_qualifier(8));
    if (q.bReserved != 0)
        r.violation(fmt::format("bReserved is {} but must be 0", usb::hex_byte(q.bReserved)), at_qualifier(9));
}

// USB 2.0 9.6.2 (UNVERIFIED): a high-speed capable device returns GET_DESCRIPTOR(DEVICE_QUALIFIER).
void qualifier_required(const usb::DescriptorSet& set, Reporter& r) {
    if (!device_or_skip(set, r)) return;
    if (set.speed == usb::Speed::unknown) return r.skip(std::string(ch9::k_speed_unknown));
    if (set.speed != usb::Speed::high)
        return r.not_applicable(fmt::format("the device runs at {} speed, not high speed", usb::to_string(set.speed)));
    const auto a = set.qualifier_availability;
    if (a == usb::Availability::not_captured) return r.skip("the device qualifier was not captured");
    if (a == usb::Availability::stalled || a == usb::Availability::failed)
        r.violation(fmt::format("the device runs at high speed but GET_DESCRIPTOR(DEVICE_QUALIFIER) {}: "
                                "a high-speed capable device must return it",
                                a == usb::Availability::stalled ? "stalled" : "failed (timeout or I/O error)"),
                    at_qualifier(std::nullopt));
}

// USB 2.0 9.6.2: a device qualifier describes a high-speed capable (bcdUSB 2.00+) device.
void qualifier_unexpected(const usb::DescriptorSet& set, Reporter& r) {
    const auto* d = device_or_skip(set, r);
    if (!d) return;
    if (d->bcdUSB >= 0x0200)
        return r.not_applicable(fmt::format("bcdUSB is {}: a qualifier is allowed", usb::hex_word(d->bcdUSB)));
    if (set.qualifier_availability == usb::Availability::not_captured)
        return r.skip(fmt::format("the device qualifier was not requested from this bcdUSB {} device (not captured)",
                                  usb::hex_word(d->bcdUSB)));
    if (set.qualifier_availability == usb::Availability::present)
        r.violation(fmt::format("bcdUSB is {} but the device returned a device qualifier, which only bcdUSB 0x0200+ "
                                "high-speed capable devices have",
                                usb::hex_word(d->bcdUSB)),
                    at_qualifier(0));
}

const std::array k_checks = {
    CheckDef{"ch9.device.readable", "the device descriptor can be read", Severity::error, "USB 2.0 9.4.3, 9.6.1",
             "without it the host cannot enumerate the device", "answer GET_DESCRIPTOR(DEVICE) with 18 bytes", readable},
    CheckDef{"ch9.device.length", "device descriptor bLength is 18", Severity::error, "USB 2.0 9.6.1 table 9-8",
             "hosts read exactly 18 bytes and trust bLength to walk on", "set bLength to 18", length},
    CheckDef{"ch9.device.descriptor-type", "device descriptor bDescriptorType is 0x01", Severity::error,
             "USB 2.0 9.6.1 table 9-8", "a wrong type means the host got something else",
             "set bDescriptorType to 0x01 (DEVICE)", descriptor_type},
    CheckDef{"ch9.device.bcd-usb-digits", "bcdUSB is binary-coded decimal", Severity::error,
             "USB 2.0 9.6.1; Linux drivers/usb/gadget/configfs.c is_valid_bcd",
             "a nibble above 9 is not a version number", "write the version as BCD, e.g. 0x0200 for 2.00",
             bcd_usb_digits},
    CheckDef{"ch9.device.bcd-usb-version", "bcdUSB is a released USB version", Severity::warning,
             "USB 2.0 9.6.1; USB 3.2 9.6.1 (list of releases from the project reference, not a spec table)",
             "hosts pick behaviour (BOS read, LPM) from bcdUSB", "report the release the device complies with",
             bcd_usb_version},
    CheckDef{"ch9.device.max-packet-size0", "bMaxPacketSize0 is 8, 16, 32 or 64 (9 from USB 3.0)", Severity::error,
             "USB 2.0 9.6.1; USB 3.2 9.6.1; Linux drivers/usb/core/hub.c get_bMaxPacketSize0",
             "Linux refuses to enumerate a device with any other endpoint 0 size",
             "use 64 (full/high speed), 8 (low speed) or 9 (SuperSpeed)", max_packet_size0},
    CheckDef{"ch9.device.max-packet-size0-speed", "bMaxPacketSize0 fits the speed: 8 at low, 9 at SuperSpeed",
             Severity::error, "Linux drivers/usb/core/hub.c (ep0 check); USB 3.2 9.6.1",
             "Linux rejects any other endpoint 0 size at these speeds",
             "use 8 at low speed and 9 (512 bytes) at SuperSpeed", max_packet_size0_speed},
    CheckDef{"ch9.device.max-packet-size0-high-speed", "bMaxPacketSize0 is 64 at high speed", Severity::warning,
             "USB 2.0 5.5.3 (UNVERIFIED: spec text not in the project reference; Linux accepts 8..64)",
             "the USB 2.0 specification allows only 64 for high-speed control endpoints",
             "use bMaxPacketSize0 64", max_packet_size0_high_speed},
    CheckDef{"ch9.device.bcd-usb-speed", "bcdUSB matches the speed the device runs at", Severity::error,
             "Linux drivers/usb/core/hub.c (SuperSpeed with bcdUSB < 0x0300 is refused); USB 2.0 9.6.1",
             "a SuperSpeed device reporting USB 2 fails Linux enumeration",
             "report bcdUSB 0x0300+ at SuperSpeed and 0x0200+ at high speed", bcd_usb_speed},
    CheckDef{"ch9.device.num-configurations", "bNumConfigurations is at least 1", Severity::error,
             "USB 2.0 9.6.1", "a device without a configuration cannot be used",
             "set bNumConfigurations to the number of configurations", num_configurations},
    CheckDef{"ch9.device.num-configurations-max", "bNumConfigurations is at most 8", Severity::warning,
             "Linux drivers/usb/core/config.c USB_MAXCONFIG", "Linux ignores configurations beyond the 8th",
             "offer at most 8 configurations", num_configurations_max},
    CheckDef{"ch9.device.configurations-readable", "every configuration index answers", Severity::error,
             "USB 2.0 9.4.3", "the host reads every index below bNumConfigurations and fails on a stall",
             "answer each configuration index or lower bNumConfigurations", configurations_readable},
    CheckDef{"ch9.device.class-code", "bDeviceClass is a device-level class code", Severity::warning,
             "usb.org Defined Class Codes (descriptor usage column)",
             "interface-only classes (HID 03, mass storage 08...) in the device descriptor confuse drivers",
             "put 0x00 in the device descriptor and the class in the interface descriptor", class_code},
    CheckDef{"ch9.qualifier.fields", "the device qualifier is well formed", Severity::error,
             "USB 2.0 9.6.2 table 9-9", "the host uses it to decide how the device runs at the other speed",
             "bLength 10, type 0x06, bcdUSB 0x0200+, legal bMaxPacketSize0, bNumConfigurations 1+, bReserved 0",
             qualifier_fields},
    CheckDef{"ch9.qualifier.required", "a high-speed device returns a device qualifier", Severity::error,
             "USB 2.0 9.6.2 (UNVERIFIED: spec text not in the project reference)",
             "a high-speed capable device must describe its full-speed operation",
             "answer GET_DESCRIPTOR(DEVICE_QUALIFIER) with 10 bytes", qualifier_required},
    CheckDef{"ch9.qualifier.unexpected", "a USB 1.x device does not return a device qualifier", Severity::warning,
             "USB 2.0 9.6.2", "the qualifier exists only for high-speed capable (USB 2.0) devices",
             "stall GET_DESCRIPTOR(DEVICE_QUALIFIER) or report bcdUSB 0x0200", qualifier_unexpected},
};

}  // namespace

std::span<const CheckDef> ch9_device_checks() { return k_checks; }

}  // namespace usbcheck::checks
