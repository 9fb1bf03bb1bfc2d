// Chapter 9 checks of endpoint descriptors and SuperSpeed endpoint companions: addresses,
// attributes, packet sizes and intervals against the speed, high-bandwidth and burst fields.
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "checks/ch9_util.h"

namespace usbcheck::checks {
namespace {

using ch9::at;
using ch9::describe;
using ch9::endpoints_or_skip;
using ch9::EndpointRef;
using usb::Speed;
using usb::TransferType;

bool periodic(TransferType t) { return t == TransferType::interrupt || t == TransferType::isochronous; }

// With the speed unknown, whether this configuration could be running at high / SuperSpeed.
bool could_be_high(const usb::DescriptorSet& set, const EndpointRef& e) {
    return e.config->other_speed || (set.device && set.device->bcdUSB >= 0x0200);
}
bool could_be_super(const usb::DescriptorSet& set, const EndpointRef& e) {
    return !e.config->other_speed && set.device && set.device->bcdUSB >= 0x0300;
}

// "high-speed" (before a noun) and "high speed" (after "at").
std::string speed_name(Speed s) { return ch9::is_super(s) ? "SuperSpeed" : fmt::format("{}-speed", usb::to_string(s)); }
std::string at_speed(Speed s) { return ch9::is_super(s) ? "SuperSpeed" : fmt::format("{} speed", usb::to_string(s)); }

// The legal wMaxPacketSize (bits 10..0) for a speed and type, as text when `size` breaks it.
std::optional<std::string> maxp_problem(Speed speed, TransferType type, uint16_t size) {
    const bool super = ch9::is_super(speed);
    switch (type) {
    case TransferType::control:
        if (speed == Speed::full)
            return size == 8 || size == 16 || size == 32 || size == 64 ? std::nullopt
                                                                        : std::optional<std::string>("8, 16, 32 or 64");
        {
            const uint16_t exact = speed == Speed::low ? 8 : speed == Speed::high ? 64 : 512;
            return size == exact ? std::nullopt : std::optional(fmt::format("exactly {}", exact));
        }
    case TransferType::bulk:
        if (speed == Speed::full)
            return size == 8 || size == 16 || size == 32 || size == 64 ? std::nullopt
                                                                        : std::optional<std::string>("8, 16, 32 or 64");
        if (speed == Speed::high || super) {
            const uint16_t exact = super ? 1024 : 512;
            return size == exact ? std::nullopt : std::optional(fmt::format("exactly {}", exact));
        }
        return std::nullopt;  // low speed: ch9.endpoint.low-speed-types
    case TransferType::interrupt: {
        const uint16_t max = speed == Speed::low ? 8 : speed == Speed::full ? 64 : 1024;
        return size <= max ? std::nullopt : std::optional(fmt::format("at most {}", max));
    }
    case TransferType::isochronous:
        if (speed == Speed::low) return std::nullopt;
        {
            const uint16_t max = speed == Speed::full ? 1023 : 1024;
            return size <= max ? std::nullopt : std::optional(fmt::format("at most {}", max));
        }
    }
    return std::nullopt;
}

// USB 2.0 9.6.6 table 9-13: an endpoint descriptor is 7 bytes (9 in audio class interfaces).
void length(const usb::DescriptorSet& set, Reporter& r) {
    for (const auto& e : endpoints_or_skip(set, r)) {
        const bool audio = e.interface->bInterfaceClass == 0x01;
        if (e.endpoint->bLength == 7 || (audio && e.endpoint->bLength == 9)) continue;
        r.violation(fmt::format("bLength of {} is {} but an endpoint descriptor is 7 bytes{}", describe(*e.endpoint),
                                e.endpoint->bLength, audio ? " (or 9 in an audio interface)" : ""),
                    at(e, 0));
    }
}

// USB 2.0 9.6.6: bEndpointAddress bits 6..4 are reserved (Linux config.c).
void address_reserved(const usb::DescriptorSet& set, Reporter& r) {
    for (const auto& e : endpoints_or_skip(set, r))
        if (e.endpoint->bEndpointAddress & 0x70)
            r.violation(fmt::format("bEndpointAddress is {} but bits 6..4 are reserved and must be 0",
                                    usb::hex_byte(e.endpoint->bEndpointAddress)),
                        at(e, 2));
}

// USB 2.0 9.6.6: endpoint 0 is the default control pipe and is never described.
void number_nonzero(const usb::DescriptorSet& set, Reporter& r) {
    for (const auto& e : endpoints_or_skip(set, r))
        if (e.endpoint->number() == 0)
            r.violation(fmt::format("bEndpointAddress is {} but endpoint number 0 is the default pipe and must not be "
                                    "described (use 1..15)",
                                    usb::hex_byte(e.endpoint->bEndpointAddress)),
                        at(e, 2));
}

// Linux config.c endpoint_is_duplicate: one address per configuration, except across alternate settings.
void address_unique(const usb::DescriptorSet& set, Reporter& r) {
    const auto all = endpoints_or_skip(set, r);
    for (size_t j = 0; j < all.size(); ++j)
        for (size_t i = 0; i < j; ++i) {
            const auto &a = all[i], &b = all[j];
            if (a.config != b.config) continue;
            if (a.interface != b.interface && a.interface->bInterfaceNumber == b.interface->bInterfaceNumber) continue;
            const auto &x = *a.endpoint, &y = *b.endpoint;
            const bool control = x.type() == TransferType::control || y.type() == TransferType::control;
            if (x.bEndpointAddress != y.bEndpointAddress && !(control && x.number() == y.number())) continue;
            r.violation(fmt::format("{} in interface {}.{} repeats {} of interface {}.{} but an endpoint{} may repeat "
                                    "only in other alternate settings of the same interface",
                                    describe(y), b.interface->bInterfaceNumber, b.interface->bAlternateSetting,
                                    x.bEndpointAddress == y.bEndpointAddress ? "the address" : "the number",
                                    a.interface->bInterfaceNumber, a.interface->bAlternateSetting,
                                    control ? " number of a control endpoint" : " address"),
                        at(b, 2));
            break;
        }
}

// USB 2.0 9.6.6: bmAttributes bits 7..6 are reserved.
void attributes_reserved(const usb::DescriptorSet& set, Reporter& r) {
    for (const auto& e : endpoints_or_skip(set, r))
        if (e.endpoint->bmAttributes & 0xC0)
            r.violation(fmt::format("bmAttributes of {} is {} but bits 7..6 are reserved and must be 0",
                                    describe(*e.endpoint), usb::hex_byte(e.endpoint->bmAttributes)),
                        at(e, 3));
}

// USB 2.0 9.6.6: control endpoints besides endpoint 0 are legal but hosts and drivers rarely handle them.
void control_type(const usb::DescriptorSet& set, Reporter& r) {
    for (const auto& e : endpoints_or_skip(set, r))
        if (e.endpoint->type() == TransferType::control)
            r.violation(fmt::format("bmAttributes of endpoint {} is {}: transfer type control, which is legal but "
                                    "rarely supported beside endpoint 0 (expected bulk, interrupt or isochronous)",
                                    usb::hex_byte(e.endpoint->bEndpointAddress), usb::hex_byte(e.endpoint->bmAttributes)),
                        at(e, 3));
}

// USB 2.0 9.6.6; USB 3.2 9.6.6: bits 5..2 are 0 outside isochronous, but for SuperSpeed interrupt usage 0 or 1.
void attributes_usage(const usb::DescriptorSet& set, Reporter& r) {
    for (const auto& e : endpoints_or_skip(set, r)) {
        const auto& ep = *e.endpoint;
        if (ep.type() == TransferType::isochronous || (ep.bmAttributes & 0x3C) == 0) continue;
        const bool notification = ep.type() == TransferType::interrupt && (ep.bmAttributes & 0x3C) == 0x10;
        if (notification && ch9::is_super(e.speed)) continue;
        if (notification && e.speed == Speed::unknown && could_be_super(set, e)) {
            r.skip(std::string(ch9::k_speed_unknown));
            continue;
        }
        r.violation(fmt::format("bmAttributes of {} is {} but bits 5..2 must be 0 for this type{}", describe(ep),
                                usb::hex_byte(ep.bmAttributes),
                                ep.type() == TransferType::interrupt ? " (usage 1 in bits 5..4 only at SuperSpeed)" : ""),
                    at(e, 3));
    }
}

// USB 2.0 9.6.6 table 9-13: isochronous usage type 3 (bits 5..4) is reserved.
void isoc_usage(const usb::DescriptorSet& set, Reporter& r) {
    for (const auto& e : endpoints_or_skip(set, r))
        if (e.endpoint->type() == TransferType::isochronous && (e.endpoint->bmAttributes & 0x30) == 0x30)
            r.violation(fmt::format("bmAttributes of {} is {} but usage type 3 (bits 5..4) is reserved "
                                    "(expected 0 data, 1 feedback or 2 implicit feedback)",
                                    describe(*e.endpoint), usb::hex_byte(e.endpoint->bmAttributes)),
                        at(e, 3));
}

// Linux config.c *_speed_maxpacket_maxes; dummy_hcd: legal wMaxPacketSize per speed and type.
void max_packet_size(const usb::DescriptorSet& set, Reporter& r) {
    for (const auto& e : endpoints_or_skip(set, r)) {
        const auto& ep = *e.endpoint;
        if (ep.max_packet() == 0) continue;  // ch9.endpoint.max-packet-size-zero
        if (e.speed == Speed::unknown) {
            r.skip(std::string(ch9::k_speed_unknown));
            continue;
        }
        if (auto expected = maxp_problem(e.speed, ep.type(), ep.max_packet()))
            r.violation(fmt::format("wMaxPacketSize of {} is {} but a {} {} endpoint must be {}", describe(ep),
                                    ep.max_packet(), speed_name(e.speed), usb::to_string(ep.type()), *expected),
                        at(e, 4));
    }
}

// Linux config.c: wMaxPacketSize 0 is invalid except for isochronous endpoints in alternate setting 0.
void max_packet_size_zero(const usb::DescriptorSet& set, Reporter& r) {
    for (const auto& e : endpoints_or_skip(set, r)) {
        const auto& ep = *e.endpoint;
        if (ep.max_packet() != 0) continue;
        if (ep.type() == TransferType::isochronous && e.interface->bAlternateSetting == 0) continue;
        r.violation(fmt::format("wMaxPacketSize of {} in interface {}.{} is 0 but only isochronous endpoints in "
                                "alternate setting 0 may be 0",
                                describe(ep), e.interface->bInterfaceNumber, e.interface->bAlternateSetting),
                    at(e, 4));
    }
}

// USB 2.0 9.6.6, 5.9: bits 12..11 (additional transactions) only on high-speed periodic endpoints, 3 reserved.
void high_bandwidth(const usb::DescriptorSet& set, Reporter& r) {
    for (const auto& e : endpoints_or_skip(set, r)) {
        const auto& ep = *e.endpoint;
        const unsigned mult = ep.mult_bits();
        if (mult == 0) continue;
        std::string why;
        if (mult == 3) why = "the value 3 is reserved";
        else if (!periodic(ep.type())) why = fmt::format("a {} endpoint may not use them", usb::to_string(ep.type()));
        else if (e.speed == Speed::high) continue;
        else if (e.speed == Speed::unknown && could_be_high(set, e)) {
            r.skip(std::string(ch9::k_speed_unknown));
            continue;
        } else
            why = fmt::format("only high-speed endpoints may use them (this configuration is {})",
                              e.speed == Speed::unknown ? "not high-speed capable" : speed_name(e.speed));
        r.violation(fmt::format("wMaxPacketSize of {} is {} with bits 12..11 = {} but {}", describe(ep),
                                usb::hex_word(ep.wMaxPacketSize), mult, why),
                    at(e, 4));
    }
}

// USB 2.0 table 9-14 (UNVERIFIED): 2 transactions need 513..1024 bytes each, 3 need 683..1024.
void high_bandwidth_size(const usb::DescriptorSet& set, Reporter& r) {
    bool any = false;
    const auto all = endpoints_or_skip(set, r);
    for (const auto& e : all) {
        const auto& ep = *e.endpoint;
        const unsigned mult = ep.mult_bits();
        if (mult != 1 && mult != 2) continue;
        any = true;
        const uint16_t low = mult == 1 ? 513 : 683, size = ep.max_packet();
        if (size < low || size > 1024)
            r.violation(fmt::format("wMaxPacketSize of {} is {} ({} transactions of {} bytes) but {} transactions "
                                    "per microframe should be {}..1024 bytes each",
                                    describe(ep), usb::hex_word(ep.wMaxPacketSize), mult + 1, size, mult + 1, low),
                        at(e, 4));
    }
    if (!all.empty() && !any) r.not_applicable("no endpoint uses high-bandwidth transactions (bits 12..11)");
}

// USB 2.0 9.6.6: wMaxPacketSize bits 15..13 are reserved.
void max_packet_reserved(const usb::DescriptorSet& set, Reporter& r) {
    for (const auto& e : endpoints_or_skip(set, r))
        if (e.endpoint->wMaxPacketSize & 0xE000)
            r.violation(fmt::format("wMaxPacketSize of {} is {} but bits 15..13 are reserved and must be 0",
                                    describe(*e.endpoint), usb::hex_word(e.endpoint->wMaxPacketSize)),
                        at(e, 4));
}

// USB 2.0 5.8, 5.6: low-speed devices have no bulk or isochronous endpoints (Linux config.c).
void low_speed_types(const usb::DescriptorSet& set, Reporter& r) {
    const auto all = endpoints_or_skip(set, r);
    if (all.empty()) return;
    if (set.speed == Speed::unknown) return r.skip(std::string(ch9::k_speed_unknown));
    if (set.speed != Speed::low)
        return r.not_applicable(fmt::format("the device runs at {} speed, not low speed", usb::to_string(set.speed)));
    for (const auto& e : all) {
        const auto t = e.endpoint->type();
        if (t == TransferType::bulk || t == TransferType::isochronous)
            r.violation(fmt::format("{} is {} but a low-speed device may have only control and interrupt endpoints",
                                    describe(*e.endpoint), usb::to_string(t)),
                        at(e, 3));
    }
}

// Linux config.c bInterval ranges: FS/LS interrupt 1..255, HS/SS interrupt and all isochronous 1..16.
void interval(const usb::DescriptorSet& set, Reporter& r) {
    for (const auto& e : endpoints_or_skip(set, r)) {
        const auto& ep = *e.endpoint;
        const unsigned b = ep.bInterval;
        std::string range;
        if (ep.type() == TransferType::isochronous) {
            if (b < 1 || b > 16) range = "1..16 for isochronous endpoints (period 2^(bInterval-1) frames)";
        } else if (ep.type() == TransferType::interrupt) {
            const bool fast = e.speed == Speed::high || ch9::is_super(e.speed);
            if (e.speed == Speed::unknown && b > 16 && could_be_high(set, e)) {
                r.skip(std::string(ch9::k_speed_unknown));
                continue;
            }
            if (b < 1 || (fast && b > 16))
                range = fast ? fmt::format("1..16 for {} interrupt endpoints", speed_name(e.speed))
                             : std::string("1..255 for full/low-speed interrupt endpoints");
        }
        if (!range.empty())
            r.violation(fmt::format("bInterval of {} is {} but must be {}", describe(ep), b, range), at(e, 6));
    }
}

// USB 2.0 9.6.6: at high speed the period is 2^(bInterval-1) x 125 us; 14..16 poll once a second or less.
void long_interval(const usb::DescriptorSet& set, Reporter& r) {
    bool any = false;
    const auto all = endpoints_or_skip(set, r);
    for (const auto& e : all) {
        const auto& ep = *e.endpoint;
        if (ep.type() != TransferType::interrupt) continue;
        any = true;
        if (e.speed == Speed::unknown) {
            r.skip(std::string(ch9::k_speed_unknown));
            continue;
        }
        if (!(e.speed == Speed::high || ch9::is_super(e.speed)) || ep.bInterval < 14 || ep.bInterval > 16) continue;
        r.violation(fmt::format("bInterval of {} is {} at {}: it is polled every {:.3f} s (2^{} x 125 us), "
                                "expected below 14 (1.024 s) unless the slow polling is intended",
                                describe(ep), ep.bInterval, at_speed(e.speed),
                                std::ldexp(125e-6, ep.bInterval - 1), ep.bInterval - 1),
                    at(e, 6));
    }
    if (!all.empty() && !any) r.not_applicable("no interrupt endpoints");
}

// USB 3.2 9.6.7: at SuperSpeed every endpoint descriptor is followed by an endpoint companion.
void ss_companion(const usb::DescriptorSet& set, Reporter& r) {
    const auto all = endpoints_or_skip(set, r);
    if (all.empty()) return;
    if (set.speed == Speed::unknown) return r.skip(std::string(ch9::k_speed_unknown));
    if (!ch9::is_super(set.speed))
        return r.not_applicable(fmt::format("the device runs at {} speed, below SuperSpeed", usb::to_string(set.speed)));
    for (const auto& e : all) {
        const auto& ep = *e.endpoint;
        if (ep.ss_companion || !ch9::is_super(e.speed)) continue;
        bool too_short = false;  // a companion that is too short is a parse finding already
        for (const auto& x : ep.extra) too_short |= x.bDescriptorType == usb::dt::ss_endpoint_companion;
        if (!too_short)
            r.violation(fmt::format("{} has no SuperSpeed endpoint companion but every endpoint needs one at {}",
                                    describe(ep), at_speed(e.speed)),
                        at(e, 0));
    }
}

// USB 3.2 9.6.7 table 9-27; Linux config.c usb_parse_ss_endpoint_companion: burst, attributes, bytes.
void ss_companion_fields(const usb::DescriptorSet& set, Reporter& r) {
    bool any = false;
    const auto all = endpoints_or_skip(set, r);
    for (const auto& e : all) {
        const auto& ep = *e.endpoint;
        if (!ep.ss_companion) continue;
        any = true;
        const auto& c = *ep.ss_companion;
        const size_t base = c.offset - ep.offset;
        const auto problem = [&](size_t field, std::string text) {
            r.violation(fmt::format("the companion of {}: {}", describe(ep), text), at(e, base + field));
        };
        if (c.bMaxBurst > 15) problem(2, fmt::format("bMaxBurst is {} but must be at most 15", c.bMaxBurst));
        else if (ep.type() == TransferType::control && c.bMaxBurst != 0)
            problem(2, fmt::format("bMaxBurst is {} but must be 0 for a control endpoint", c.bMaxBurst));
        const auto t = ep.type();
        if ((t == TransferType::control || t == TransferType::interrupt) && c.bmAttributes != 0)
            problem(3, fmt::format("bmAttributes is {} but must be 0 for {} endpoints", usb::hex_byte(c.bmAttributes),
                                   usb::to_string(t)));
        if (t == TransferType::bulk && c.bmAttributes > 16)
            problem(3, fmt::format("bmAttributes is {} but MaxStreams (bits 4..0) must be at most 16 and bits 7..5 "
                                   "are reserved",
                                   usb::hex_byte(c.bmAttributes)));
        const bool ssp_isoc = (c.bmAttributes & 0x80) != 0;  // an SSP isochronous companion follows
        if (t == TransferType::isochronous && !ssp_isoc && (c.bmAttributes & 0x03) > 2)
            problem(3, fmt::format("bmAttributes is {} but Mult (bits 1..0) must be at most 2",
                                   usb::hex_byte(c.bmAttributes)));
        if (!periodic(t)) continue;
        const unsigned burst = std::min<unsigned>(c.bMaxBurst, 15) + 1u;
        const unsigned mult = t == TransferType::isochronous ? (c.bmAttributes & 0x03) + 1u : 1u;
        const unsigned max = burst * mult * ep.max_packet();
        if (c.wBytesPerInterval > max)
            problem(4, fmt::format("wBytesPerInterval is {} but must be at most {} ((bMaxBurst+1) x {}wMaxPacketSize)",
                                   c.wBytesPerInterval, max,
                                   t == TransferType::isochronous ? "(Mult+1) x " : ""));
    }
    if (!all.empty() && !any) r.not_applicable("no SuperSpeed endpoint companions");
}

// USB 3.2 9.6.7 (a caution, not a hard rule): interrupt IN wBytesPerInterval below wMaxPacketSize.
void ss_interrupt_bytes(const usb::DescriptorSet& set, Reporter& r) {
    bool any = false;
    const auto all = endpoints_or_skip(set, r);
    for (const auto& e : all) {
        const auto& ep = *e.endpoint;
        if (!ep.ss_companion || ep.type() != TransferType::interrupt || !ep.is_in()) continue;
        any = true;
        const auto& c = *ep.ss_companion;
        if (c.wBytesPerInterval < ep.max_packet())
            r.violation(fmt::format("wBytesPerInterval of the companion of {} is {} but wMaxPacketSize is {}",
                                    describe(ep), c.wBytesPerInterval, ep.max_packet()),
                        at(e, c.offset - ep.offset + 4));
    }
    if (!all.empty() && !any) r.not_applicable("no interrupt IN endpoint with a SuperSpeed companion");
}

const std::array k_checks = {
    CheckDef{"ch9.endpoint.length", "endpoint bLength is 7 (9 in audio interfaces)", Severity::warning,
             "USB 2.0 9.6.6 table 9-13; Linux ch9.h USB_DT_ENDPOINT_AUDIO_SIZE",
             "extra bytes in a non-audio endpoint descriptor are ignored or misread",
             "use bLength 7, or 9 only for audio class endpoints", length},
    CheckDef{"ch9.endpoint.address-reserved", "bEndpointAddress bits 6..4 are zero", Severity::error,
             "USB 2.0 9.6.6; Linux drivers/usb/core/config.c", "Linux skips endpoints with reserved address bits",
             "use only the direction bit and an endpoint number 1..15", address_reserved},
    CheckDef{"ch9.endpoint.number-nonzero", "no endpoint descriptor describes endpoint 0", Severity::error,
             "USB 2.0 9.6.6; Linux config.c", "endpoint 0 is the default pipe; Linux skips such a descriptor",
             "number endpoints 1..15", number_nonzero},
    CheckDef{"ch9.endpoint.address-unique", "endpoint addresses are unique within a configuration", Severity::error,
             "USB 2.0 9.6.6; Linux config.c endpoint_is_duplicate / config_endpoint_is_duplicate",
             "Linux ignores duplicate endpoints: the second interface loses its endpoint",
             "give each interface its own endpoint addresses (reuse only across alternate settings)", address_unique},
    CheckDef{"ch9.endpoint.attributes-reserved", "endpoint bmAttributes bits 7..6 are zero", Severity::error,
             "USB 2.0 9.6.6 table 9-13", "reserved bits usually mean a corrupted descriptor",
             "clear bmAttributes bits 7..6", attributes_reserved},
    CheckDef{"ch9.endpoint.control-type", "no control endpoints besides endpoint 0", Severity::warning,
             "USB 2.0 9.6.6, 5.5", "non-default control endpoints are legal but few hosts and drivers support them",
             "use bulk or interrupt endpoints for extra pipes", control_type},
    CheckDef{"ch9.endpoint.attributes-usage", "bmAttributes bits 5..2 are zero outside isochronous", Severity::error,
             "USB 2.0 9.6.6 table 9-13; USB 3.2 9.6.6 (interrupt usage at SuperSpeed)",
             "synchronisation and usage bits only have a meaning for isochronous endpoints",
             "clear bits 5..2 (SuperSpeed interrupt endpoints may set usage 1 in bits 5..4)", attributes_usage},
    CheckDef{"ch9.endpoint.isoc-usage", "isochronous usage type is not the reserved 3", Severity::error,
             "USB 2.0 9.6.6 table 9-13", "hosts cannot tell data from feedback endpoints",
             "use usage 0 (data), 1 (feedback) or 2 (implicit feedback)", isoc_usage},
    CheckDef{"ch9.endpoint.max-packet-size", "wMaxPacketSize is legal for the speed and transfer type",
             Severity::error, "USB 2.0 5.5.3, 5.7.3, 5.8.3, 9.6.6; Linux config.c *_speed_maxpacket_maxes; dummy_hcd.c",
             "hosts clamp or refuse illegal sizes (e.g. high-speed bulk other than 512)",
             "FS bulk 8/16/32/64, HS bulk 512, SS bulk 1024; interrupt up to 8/64/1024; isochronous up to 1023/1024",
             max_packet_size},
    CheckDef{"ch9.endpoint.max-packet-size-zero", "wMaxPacketSize is 0 only for isochronous alternate setting 0",
             Severity::error, "USB 2.0 9.6.6; Linux config.c \"has invalid wMaxPacketSize 0\"",
             "an endpoint that cannot carry data is only meaningful as a zero-bandwidth default setting",
             "give the endpoint its packet size", max_packet_size_zero},
    CheckDef{"ch9.endpoint.high-bandwidth", "bits 12..11 only on high-speed periodic endpoints", Severity::error,
             "USB 2.0 9.6.6, 5.9; Linux config.c (mult bits only for HS periodic endpoints)",
             "hosts misread the packet size when the transaction bits are set elsewhere",
             "clear bits 12..11 unless a high-speed interrupt/isochronous endpoint needs 2 or 3 transactions",
             high_bandwidth},
    CheckDef{"ch9.endpoint.high-bandwidth-size", "high-bandwidth packet sizes fit the transaction count",
             Severity::warning, "USB 2.0 table 9-14 (UNVERIFIED: spec text not in the project reference)",
             "more transactions than needed waste reserved bus time",
             "use 2 transactions for 513..1024 bytes, 3 for 683..1024", high_bandwidth_size},
    CheckDef{"ch9.endpoint.max-packet-reserved", "wMaxPacketSize bits 15..13 are zero", Severity::error,
             "USB 2.0 9.6.6 table 9-13", "reserved bits usually mean a corrupted descriptor",
             "clear wMaxPacketSize bits 15..13", max_packet_reserved},
    CheckDef{"ch9.endpoint.low-speed-types", "a low-speed device has no bulk or isochronous endpoints",
             Severity::error, "USB 2.0 5.6.4, 5.8.4; Linux config.c \"is Bulk; changing to Interrupt\"",
             "low speed supports only control and interrupt transfers", "use interrupt endpoints", low_speed_types},
    CheckDef{"ch9.endpoint.interval", "bInterval is in range for the speed and type", Severity::error,
             "USB 2.0 9.6.6 table 9-13; Linux config.c bInterval ranges",
             "hosts replace out-of-range intervals with a guess",
             "interrupt 1..255 ms at full/low speed, 1..16 (2^(n-1) x 125 us) at high speed; isochronous 1..16",
             interval},
    CheckDef{"ch9.endpoint.long-interval", "high-speed interrupt endpoints are polled at least once a second",
             Severity::info, "USB 2.0 9.6.6 (period 2^(bInterval-1) x 125 us)",
             "bInterval 14..16 is legal but polls every 1.024..4.096 s, often a full-speed value copied over",
             "check the interval is intended; for milliseconds at high speed use bInterval = log2(ms x 8) + 1",
             long_interval},
    CheckDef{"ch9.endpoint.ss-companion", "every endpoint has a SuperSpeed companion at SuperSpeed", Severity::error,
             "USB 3.2 9.6.7; Linux config.c usb_parse_ss_endpoint_companion",
             "without a companion the host assumes no bursts and streams", "add a companion after each endpoint",
             ss_companion},
    CheckDef{"ch9.endpoint.ss-companion-fields", "SuperSpeed companion fields are in range", Severity::error,
             "USB 3.2 9.6.7 table 9-27; Linux config.c usb_parse_ss_endpoint_companion",
             "Linux replaces out-of-range burst, stream, mult and byte counts",
             "bMaxBurst <= 15 (0 for control), MaxStreams <= 16, Mult <= 2, wBytesPerInterval within the burst",
             ss_companion_fields},
    CheckDef{"ch9.endpoint.ss-interrupt-bytes", "SuperSpeed interrupt IN wBytesPerInterval covers a packet",
             Severity::warning, "USB 3.2 9.6.7 (a caution in the project reference, not a Linux check)",
             "the host reserves less bandwidth per interval than one full packet",
             "set wBytesPerInterval to at least wMaxPacketSize", ss_interrupt_bytes},
};

}  // namespace

std::span<const CheckDef> ch9_endpoint_checks() { return k_checks; }

}  // namespace usbcheck::checks
