// CDC checks (cdc.*): the communications subclass, the Header functional descriptor, and the parts
// of an Abstract Control Model function (ACM, subclass 02) that Linux cdc-acm and Windows usbser
// need. Rules from the reference section 2 (CDC 1.2 + PSTN, Linux cdc-acm.c, MSDocs CDC pages).
#include <algorithm>
#include <array>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "checks/cdc_util.h"

namespace usbcheck::checks {
namespace {

using namespace cdc;

Location at_cs(const CommFunction& f, const usb::ExtraDescriptor& e, size_t field_offset) {
    Location l = at_interface(*f.config, *f.comm, 0);
    l.path += "/" + (e.name.empty() ? fmt::format("cs[{:#04x}]", e.bDescriptorSubType.value_or(0)) : e.name);
    l.offset = e.offset + field_offset;
    return l;
}

std::string where(const CommFunction& f) {
    return fmt::format("{} interface {}", f.config->blob, f.comm->bInterfaceNumber);
}

// CDC 1.2 table 4 (codes 01..0E, reference 2.1): the communications subclass is a known model.
void subclass_known(const usb::DescriptorSet& set, Reporter& r) {
    const auto configs = all_configurations(set);
    if (configs.empty()) return r.skip("no configuration descriptor was read");
    bool any = false;
    const auto known = [](uint8_t sub) { return sub >= 0x01 && sub <= 0x0E; };
    for (const auto* config : configs) {
        for (const auto& i : config->interfaces) {
            if (i.bInterfaceClass != k_comm_class) continue;
            any = true;
            if (!known(i.bInterfaceSubClass))
                r.violation(fmt::format("{} interface {}.{} has communications subclass {:#04x}; expected 0x01..0x0e",
                                        config->blob, i.bInterfaceNumber, i.bAlternateSetting, i.bInterfaceSubClass),
                            at_interface(*config, i, 6));
        }
        for (size_t k = 0; k < config->iads.size(); ++k) {
            const auto& iad = config->iads[k];
            if (iad.bFunctionClass != k_comm_class) continue;
            any = true;
            if (!known(iad.bFunctionSubClass))
                r.violation(fmt::format("the IAD of interfaces {}.. has function subclass {:#04x}; expected 0x01..0x0e",
                                        iad.bFirstInterface, iad.bFunctionSubClass),
                            at_iad(*config, k, 5));
        }
    }
    if (!any) r.not_applicable("no communications (class 02) interface or IAD");
}

// CDC 1.2 5.2.3 (reference 2.2): the Header comes first among the functional descriptors.
// EEM (subclass 0x0C) has no functional descriptors (Linux f_eem emits none), so it is exempt.
void header_first(const usb::DescriptorSet& set, Reporter& r) {
    for_each_function(set, r, false, [&](const CommFunction& f) {
        if (f.comm->bInterfaceSubClass == 0x0C && f.cs.empty()) return;
        if (f.cs.empty())
            return r.violation(fmt::format("{} has no functional descriptors; expected a CDC Header first", where(f)),
                               at_interface(*f.config, *f.comm, 0));
        const auto* first = f.cs.front();
        if (first->bDescriptorSubType != subtype::header)
            r.violation(fmt::format("{}: the first functional descriptor is {} (subtype {:#04x}); expected the CDC Header "
                                    "(subtype 0x00)",
                                    where(f), first->name.empty() ? "unknown" : first->name,
                                    first->bDescriptorSubType.value_or(0)),
                        at_cs(f, *first, 2));
    });
}

bool valid_bcd(uint16_t v) {
    for (int shift = 0; shift < 16; shift += 4)
        if (((v >> shift) & 0xF) > 9) return false;
    return v >= 0x0100;
}

// CDC 1.2 table 15 (reference 2.2; Linux cdc_parse_cdc_header wants bLength 5): Header layout.
void header_format(const usb::DescriptorSet& set, Reporter& r) {
    for_each_function(set, r, false, [&](const CommFunction& f) {
        const auto* h = f.first(subtype::header);
        if (!h) return;  // cdc.header.first reports it
        if (h->bLength != 5)
            r.violation(fmt::format("{}: the CDC Header has bLength {}; expected 5", where(f), h->bLength), at_cs(f, *h, 0));
        const auto* bcd = h->field("bcdCDC");
        if (!bcd || h->bytes.size() < 5) return;
        if (!valid_bcd(static_cast<uint16_t>(bcd->value)))
            r.violation(fmt::format("{}: bcdCDC is {:#06x}; expected a BCD version such as 0x0110 or 0x0120", where(f),
                                    bcd->value),
                        at_cs(f, *h, 3));
    });
}

// Linux message.c cdc_parse_cdc_header (reference 2.2): a second Header stops the parse, a second
// Union is ignored; CDC 1.2 5.2.3 has one of each per function.
void duplicates(const usb::DescriptorSet& set, Reporter& r) {
    for_each_function(set, r, false, [&](const CommFunction& f) {
        for (auto [sub, name] : {std::pair{subtype::header, "Header"}, std::pair{subtype::union_, "Union"}}) {
            const size_t n = f.count(sub);
            if (n < 2) continue;
            const usb::ExtraDescriptor* second = nullptr;
            for (const auto* e : f.cs)
                if (e->bDescriptorSubType == sub && e != f.first(sub)) {
                    second = e;
                    break;
                }
            r.violation(fmt::format("{} has {} CDC {} descriptors; expected one (Linux stops parsing at a second Header "
                                    "and ignores a second Union)",
                                    where(f), n, name),
                        at_cs(f, *second, 2));
        }
    });
}

// PSTN 1.2 table 4 / MSDocs cdc-abstract-control-model.md (reference 2.4): ACM has the ACM descriptor.
void acm_descriptor(const usb::DescriptorSet& set, Reporter& r) {
    for_each_function(set, r, true, [&](const CommFunction& f) {
        if (!f.first(subtype::acm))
            r.violation(fmt::format("{} (ACM) has no Abstract Control Management functional descriptor (subtype 0x02); "
                                    "expected one",
                                    where(f)),
                        at_interface(*f.config, *f.comm, 0));
    });
}

// PSTN 1.2 5.3.1 (reference 2.4): Call Management present and its bDataInterface exists.
void call_management(const usb::DescriptorSet& set, Reporter& r) {
    for_each_function(set, r, true, [&](const CommFunction& f) {
        const auto* cm = f.first(subtype::call_management);
        if (!cm)
            return r.violation(fmt::format("{} (ACM) has no Call Management functional descriptor (subtype 0x01); "
                                           "expected one",
                                           where(f)),
                               at_interface(*f.config, *f.comm, 0));
        const auto* data = cm->field("bDataInterface");
        if (!data) return;
        if (!f.config->find_interface(static_cast<uint8_t>(data->value)))
            r.violation(fmt::format("{}: Call Management bDataInterface is {} but {} has no interface {}; expected the "
                                    "data interface",
                                    where(f), data->value, f.config->blob, data->value),
                        at_cs(f, *cm, 4));
    });
}

// PSTN 1.2 5.3.1 (wording UNVERIFIED, reference 2.4): bDataInterface names the Union's data interface.
void call_management_data(const usb::DescriptorSet& set, Reporter& r) {
    for_each_function(set, r, true, [&](const CommFunction& f) {
        const auto* cm = f.first(subtype::call_management);
        const auto subs = f.union_subordinates();
        if (!cm || subs.empty() || !cm->field("bDataInterface")) return;
        const auto value = cm->field("bDataInterface")->value;
        if (value != subs.front())
            r.violation(fmt::format("{}: Call Management bDataInterface is {} but the Union's first subordinate is {}; "
                                    "expected them equal",
                                    where(f), value, subs.front()),
                        at_cs(f, *cm, 4));
    });
}

// Linux cdc-acm.c acm_probe, MSDocs cdc-abstract-control-model.md (reference 2.4): the Union.
void acm_union(const usb::DescriptorSet& set, Reporter& r) {
    for_each_function(set, r, true, [&](const CommFunction& f) {
        const auto* u = f.first(subtype::union_);
        if (!u)
            return r.violation(fmt::format("{} (ACM) has no Union functional descriptor (subtype 0x06); expected one "
                                           "naming it and its data interface",
                                           where(f)),
                               at_interface(*f.config, *f.comm, 0));
        const auto control = f.union_control();
        const auto subs = f.union_subordinates();
        if (!control || subs.empty())
            return r.violation(fmt::format("{}: the Union has bLength {}; expected 5 or more (a control and a "
                                           "subordinate interface)",
                                           where(f), u->bLength),
                               at_cs(f, *u, 0));
        if (*control != f.comm->bInterfaceNumber)
            r.violation(fmt::format("{}: Union bControlInterface is {}; expected {}, the interface carrying it", where(f),
                                    *control, f.comm->bInterfaceNumber),
                        at_cs(f, *u, 3));
        for (size_t k = 0; k < subs.size(); ++k)
            if (!f.config->find_interface(subs[k]))
                r.violation(fmt::format("{}: Union bSubordinateInterface{} is {} but {} has no interface {}", where(f), k,
                                        subs[k], f.config->blob, subs[k]),
                            at_cs(f, *u, 4 + k));
        const auto* data = f.config->find_interface(subs.front());
        if (data && data->bInterfaceClass != k_data_class)
            r.violation(fmt::format("{}: the Union's first subordinate, interface {}, has class {:#04x}; expected 0x0a "
                                    "(CDC Data)",
                                    where(f), subs.front(), data->bInterfaceClass),
                        at_cs(f, *u, 4));
    });
}

// Linux cdc-acm.c (bNumEndpoints 0 -> -EINVAL), CDC 1.2 3.4.1 (reference 2.4): notification endpoint.
void notification_endpoint(const usb::DescriptorSet& set, Reporter& r) {
    for_each_function(set, r, true, [&](const CommFunction& f) {
        const bool ok = std::any_of(f.comm->endpoints.begin(), f.comm->endpoints.end(), [](const usb::Endpoint& ep) {
            return ep.type() == usb::TransferType::interrupt && ep.is_in();
        });
        if (!ok)
            r.violation(fmt::format("{} (ACM) has {} endpoint(s) and no interrupt IN endpoint; expected an interrupt IN "
                                    "notification endpoint (Linux cdc-acm refuses bNumEndpoints 0)",
                                    where(f), f.comm->endpoints.size()),
                        at_interface(*f.config, *f.comm, 4));
    });
}

// Linux cdc-acm.c acm_probe, CDC 1.2 3.8 (reference 2.4): the ACM data interface has a bulk pair.
// Not applied to ECM, NCM or MBIM, whose data interfaces have no endpoints in alternate setting 0.
void data_endpoints(const usb::DescriptorSet& set, Reporter& r) {
    for_each_function(set, r, true, [&](const CommFunction& f) {
        const auto subs = f.union_subordinates();
        if (subs.empty()) return;  // cdc.acm.union reports it
        const auto* data = f.config->find_interface(subs.front());
        if (!data || data->bInterfaceClass != k_data_class) return;
        if (!has_bulk_pair(*data))
            r.violation(fmt::format("{}: data interface {} has {} endpoint(s) but no bulk IN + bulk OUT pair; expected "
                                    "one of each",
                                    where(f), data->bInterfaceNumber, data->endpoints.size()),
                        at_interface(*f.config, *data, 4));
    });
}

const std::array k_checks = {
    CheckDef{"cdc.subclass.known", "the communications subclass is a known CDC model", Severity::error,
             "CDC 1.2 table 4 (reference 2.1, codes 0x01..0x0E)",
             "no class driver recognises an unknown communications model",
             "use the subclass of the model the function implements (0x02 for a serial port)", subclass_known},
    CheckDef{"cdc.header.first", "the CDC Header is the first functional descriptor", Severity::error,
             "CDC 1.2 5.2.3 (reference 2.2)", "hosts read the Header first to learn the CDC version",
             "put the Header functional descriptor right after the communications interface", header_first},
    CheckDef{"cdc.header.format", "the CDC Header has bLength 5 and a BCD bcdCDC", Severity::error,
             "CDC 1.2 table 15; Linux message.c cdc_parse_cdc_header (reference 2.2)",
             "Linux ignores a Header whose bLength is not 5", "write 05 24 00 10 01 (bcdCDC 0x0110) or 0x0120",
             header_format},
    CheckDef{"cdc.functional.duplicate", "one Header and one Union per communications interface", Severity::error,
             "CDC 1.2 5.2.3; Linux message.c cdc_parse_cdc_header (reference 2.2)",
             "Linux stops parsing at a duplicate Header, so descriptors after it are never seen",
             "remove the repeated Header or Union", duplicates},
    CheckDef{"cdc.acm.descriptor", "an ACM function has the Abstract Control Management descriptor", Severity::error,
             "PSTN 1.2 5.3.2 (UNVERIFIED: spec not in corpus); MSDocs cdc-abstract-control-model.md (reference 2.4)",
             "its bmCapabilities tell the host which ACM requests the device accepts",
             "add 04 24 02 cc after the Header (cc = bmCapabilities, e.g. 0x02)", acm_descriptor},
    CheckDef{"cdc.acm.call-management", "an ACM function has Call Management naming an existing interface",
             Severity::error, "PSTN 1.2 5.3.1 (UNVERIFIED: spec not in corpus); reference 2.4",
             "the descriptor tells the host where calls are managed and which interface carries data",
             "add 05 24 01 00 dd (dd = the data interface number)", call_management},
    CheckDef{"cdc.acm.call-management-data", "Call Management bDataInterface equals the Union's data interface",
             Severity::warning, "PSTN 1.2 5.3.1 (wording UNVERIFIED, reference 2.4)",
             "a different interface number is almost always a copy-paste mistake",
             "set bDataInterface to the Union's bSubordinateInterface0", call_management_data},
    CheckDef{"cdc.acm.union", "an ACM Union names its own interface and an existing CDC Data interface",
             Severity::error, "CDC 1.2 5.2.3.2; Linux cdc-acm.c acm_probe; MSDocs cdc-abstract-control-model.md (reference 2.4)",
             "Linux cdc-acm and Windows usbser find the data interface through the Union",
             "write 05 24 06 cc dd (cc = this interface, dd = the CDC Data interface)", acm_union},
    CheckDef{"cdc.acm.notification-endpoint", "the ACM communications interface has an interrupt IN endpoint",
             Severity::error, "CDC 1.2 3.4.1; Linux cdc-acm.c acm_probe (reference 2.4)",
             "Linux cdc-acm refuses a communications interface without endpoints (-EINVAL)",
             "add an interrupt IN endpoint for SERIAL_STATE notifications", notification_endpoint},
    CheckDef{"cdc.acm.data-endpoints", "the ACM data interface has one bulk IN and one bulk OUT endpoint",
             Severity::error, "CDC 1.2 3.8; Linux cdc-acm.c acm_probe (reference 2.4)",
             "the serial data flows over the bulk pair; cdc-acm refuses fewer than two endpoints",
             "give the CDC Data interface a bulk IN and a bulk OUT endpoint", data_endpoints},
};

}  // namespace

std::span<const CheckDef> cdc_checks() {
    static const std::vector<CheckDef> all = [] {
        std::vector<CheckDef> v(k_checks.begin(), k_checks.end());
        const auto more = cdc_function_checks();
        v.insert(v.end(), more.begin(), more.end());
        return v;
    }();
    return all;
}

}  // namespace usbcheck::checks
