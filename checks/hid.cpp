// HID checks: report descriptors item by item (HID 1.11 6.2.2), their length against the HID
// class descriptor, report sizes against the interrupt IN endpoint, and boot interfaces' layouts.
#include <algorithm>
#include <array>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "checks/check.h"
#include "usb/hid_report.h"

namespace usbcheck::checks {
namespace {

using usb::hid::NoteKind;
using usb::hid::ReportDescriptor;

constexpr uint8_t k_hid_class = 0x03;
constexpr uint32_t k_keyboard = 0x00010006;
constexpr uint32_t k_mouse = 0x00010002;

Location at_report(const usb::HidReportDescriptor& report, size_t offset) {
    const std::string blob = fmt::format("hid-report[{}]", report.interface_number);
    return {blob, blob, offset};
}

// The alternate setting 0 of interface `number` in the first configuration, if any.
const usb::Interface* find_interface(const usb::DescriptorSet& set, uint8_t number) {
    if (set.configurations.empty()) return nullptr;
    for (const auto& i : set.configurations.front().interfaces)
        if (i.bInterfaceNumber == number && i.bAlternateSetting == 0) return &i;
    return nullptr;
}

// Calls fn(raw, parsed) for every report descriptor read; skips with the reason otherwise.
template <typename Fn>
void for_each_report(const usb::DescriptorSet& set, Reporter& r, Fn fn) {
    if (set.hid_reports.empty()) return r.not_applicable("no HID report descriptor was requested (no HID interface seen)");
    bool any = false;
    std::vector<std::string> missing;
    for (const auto& report : set.hid_reports) {
        if (report.availability != usb::Availability::present) {
            missing.push_back(fmt::format("interface {}: {}", report.interface_number, usb::to_string(report.availability)));
            continue;
        }
        any = true;
        fn(report, usb::hid::parse_report_descriptor(report.bytes));
    }
    if (!any) r.skip(fmt::format("no report descriptor could be read ({})", fmt::join(missing, "; ")));
}

// Reports the parser's notes of one kind as findings.
void notes_of(const usb::DescriptorSet& set, Reporter& r, std::initializer_list<NoteKind> kinds) {
    for_each_report(set, r, [&](const usb::HidReportDescriptor& raw, const ReportDescriptor& parsed) {
        for (const auto& n : parsed.notes)
            if (std::find(kinds.begin(), kinds.end(), n.kind) != kinds.end())
                r.violation(fmt::format("interface {}: {}", raw.interface_number, n.message), at_report(raw, n.offset));
    });
}

// HID 1.11 6.2.2.2-6.2.2.4: every item is a complete short or long item of a defined type and tag.
void items(const usb::DescriptorSet& set, Reporter& r) { notes_of(set, r, {NoteKind::item}); }

// HID 1.11 6.2.2.6: every Collection is closed by an End Collection and vice versa.
void collections(const usb::DescriptorSet& set, Reporter& r) { notes_of(set, r, {NoteKind::collection}); }

// HID 1.11 6.2.2.7: Push and Pop pair up.
void push_pop(const usb::DescriptorSet& set, Reporter& r) { notes_of(set, r, {NoteKind::push_pop}); }

// HID 1.11 6.2.2 (required items): Report Size, Report Count, Logical Minimum and Maximum precede
// every Input, Output and Feature item (the logical range only for data, not constant padding).
void required_globals(const usb::DescriptorSet& set, Reporter& r) { notes_of(set, r, {NoteKind::missing_global}); }

// HID 1.11 6.2.2.7 and 5.8: Logical Minimum/Maximum are signed; the maximum is not below the minimum.
void logical_range(const usb::DescriptorSet& set, Reporter& r) { notes_of(set, r, {NoteKind::logical_range}); }

// HID 1.11 6.2.2.7 (Report ID) and 5.6: IDs are 1-255, and with any ID every report has one.
void report_ids(const usb::DescriptorSet& set, Reporter& r) { notes_of(set, r, {NoteKind::report_id}); }

// HID 1.11 6.2.1: wDescriptorLength of the report descriptor entry is its length.
void descriptor_length(const usb::DescriptorSet& set, Reporter& r) {
    bool judged = false;
    for_each_report(set, r, [&](const usb::HidReportDescriptor& raw, const ReportDescriptor&) {
        const usb::Interface* intf = find_interface(set, raw.interface_number);
        if (!intf || !intf->hid) return;
        for (const auto& e : intf->hid->entries) {
            if (e.bDescriptorType != usb::dt::hid_report) continue;
            judged = true;
            if (e.wDescriptorLength != raw.bytes.size()) {
                auto where = at_interface(set.configurations.front(), *intf, 0);
                where.offset = e.offset + 1;
                r.violation(fmt::format("interface {}: wDescriptorLength is {} but the report descriptor has {} bytes",
                                        raw.interface_number, e.wDescriptorLength, raw.bytes.size()),
                            where);
            }
            return;
        }
    });
    if (!judged && !r.skip_reason()) r.skip("no HID class descriptor of a report descriptor's interface was read");
}

// HID 1.11 5.6 and USB 2.0 5.7.3: an input report longer than the interrupt IN endpoint's
// wMaxPacketSize takes several transactions (legal, but worth knowing).
void report_size(const usb::DescriptorSet& set, Reporter& r) {
    bool judged = false;
    for_each_report(set, r, [&](const usb::HidReportDescriptor& raw, const ReportDescriptor& parsed) {
        const usb::Interface* intf = find_interface(set, raw.interface_number);
        if (!intf) return;
        const auto ep = std::find_if(intf->endpoints.begin(), intf->endpoints.end(), [](const usb::Endpoint& e) {
            return e.is_in() && e.type() == usb::TransferType::interrupt;
        });
        if (ep == intf->endpoints.end()) return;
        judged = true;
        for (const auto& report : parsed.reports)
            if (report.type == usb::hid::ReportType::input && report.size_bytes() > ep->max_packet())
                r.violation(fmt::format("interface {}: input report {} is {} bytes but endpoint 0x{:02x} has wMaxPacketSize {}: "
                                        "it takes {} transactions",
                                        raw.interface_number, report.id, report.size_bytes(), ep->bEndpointAddress,
                                        ep->max_packet(), (report.size_bytes() + ep->max_packet() - 1) / std::max<size_t>(ep->max_packet(), 1)),
                            at_report(raw, report.fields.empty() ? 0 : report.fields.front().item_offset));
    });
    if (!judged && !r.skip_reason()) r.skip("no interrupt IN endpoint of a report descriptor's interface was read");
}

// HID 1.11 6.2.2.5 (arrays) and 6.2.2.8: an array's logical range indexes its usage range, so
// both have as many values; extra logical values name no usage.
void usage_range(const usb::DescriptorSet& set, Reporter& r) {
    for_each_report(set, r, [&](const usb::HidReportDescriptor& raw, const ReportDescriptor& parsed) {
        for (const auto& report : parsed.reports)
            for (const auto& f : report.fields) {
                if (f.constant() || f.variable() || !f.usage_minimum || !f.usage_maximum) continue;
                const int64_t usages = int64_t{*f.usage_maximum} - *f.usage_minimum + 1;
                const int64_t values = int64_t{f.logical_maximum} - f.logical_minimum + 1;
                if (usages == values) continue;
                r.violation(fmt::format("interface {}: array at offset {} has Usage Minimum 0x{:x} .. Usage Maximum 0x{:x} "
                                        "({} usages) but Logical Minimum {} .. Maximum {} ({} values); expected the same count",
                                        raw.interface_number, f.item_offset, *f.usage_minimum & 0xFFFF,
                                        *f.usage_maximum & 0xFFFF, usages, f.logical_minimum, f.logical_maximum, values),
                            at_report(raw, f.item_offset));
            }
    });
}

// The usage and field at bit `bit` of a report, for the boot layout comparison.
const usb::hid::Field* field_at(const usb::hid::Report& report, size_t bit, size_t& index) {
    for (const auto& f : report.fields) {
        const size_t end = f.bit_offset + size_t{f.report_size} * f.report_count;
        if (f.report_size && bit >= f.bit_offset && bit < end && (bit - f.bit_offset) % f.report_size == 0) {
            index = (bit - f.bit_offset) / f.report_size;
            return &f;
        }
    }
    return nullptr;
}

bool keyboard_layout(const usb::hid::Report& report) {
    for (size_t bit = 0; bit < 8; ++bit) {
        size_t i = 0;
        const auto* f = field_at(report, bit, i);
        if (!f || f->report_size != 1 || !f->variable() || f->usage_at(i) != 0x000700E0 + bit) return false;
    }
    for (size_t bit = 16; bit < 64; bit += 8) {
        size_t i = 0;
        const auto* f = field_at(report, bit, i);
        const uint32_t page = f && f->usage_minimum ? *f->usage_minimum >> 16 : (f ? f->usage_page : 0);
        if (!f || f->report_size != 8 || f->variable() || f->constant() || page != 0x07) return false;
    }
    return true;
}

bool mouse_layout(const usb::hid::Report& report) {
    for (size_t bit = 0; bit < 3; ++bit) {
        size_t i = 0;
        const auto* f = field_at(report, bit, i);
        if (!f || f->report_size != 1 || f->usage_at(i) != 0x00090001 + bit) return false;
    }
    for (auto [bit, usage] : {std::pair<size_t, uint32_t>{8, 0x00010030}, {16, 0x00010031}}) {
        size_t i = 0;
        const auto* f = field_at(report, bit, i);
        if (!f || f->report_size != 8 || !f->variable() || f->usage_at(i) != usage) return false;
    }
    return true;
}

// HID 1.11 4.2 and appendix B.1/B.2: a boot keyboard (03/01/01) or boot mouse (03/01/02) describes
// reports in the boot layout, so report protocol and boot protocol carry the same data.
void boot_layout(const usb::DescriptorSet& set, Reporter& r) {
    bool any = false;
    for_each_report(set, r, [&](const usb::HidReportDescriptor& raw, const ReportDescriptor& parsed) {
        const usb::Interface* intf = find_interface(set, raw.interface_number);
        if (!intf || intf->bInterfaceClass != k_hid_class || intf->bInterfaceSubClass != 1) return;
        if (intf->bInterfaceProtocol != 1 && intf->bInterfaceProtocol != 2) return;
        any = true;
        const bool keyboard = intf->bInterfaceProtocol == 1;
        const uint32_t wanted = keyboard ? k_keyboard : k_mouse;
        const char* what = keyboard ? "keyboard" : "mouse";
        std::vector<size_t> apps;
        std::vector<std::string> found;
        for (size_t c = 0; c < parsed.collections.size(); ++c) {
            const auto& col = parsed.collections[c];
            if (col.parent) continue;
            if (col.usage == wanted) apps.push_back(c);
            found.push_back(fmt::format("{} {}", usb::hid::usage_page_name(static_cast<uint16_t>(col.usage >> 16)),
                                        usb::hid::usage_name(col.usage)));
        }
        auto where = at_interface(set.configurations.front(), *intf, 6);
        if (apps.empty()) {
            r.violation(fmt::format("interface {} declares a boot {} (03/01/{:02X}) but its report descriptor has no Generic "
                                    "Desktop {} application collection (top-level collections: {})",
                                    raw.interface_number, what, intf->bInterfaceProtocol, keyboard ? "Keyboard" : "Mouse",
                                    found.empty() ? "none" : fmt::format("{}", fmt::join(found, ", "))),
                        where);
            return;
        }
        for (const auto& report : parsed.reports) {
            if (report.type != usb::hid::ReportType::input || report.fields.empty()) continue;
            if (!report.fields.front().application ||
                std::find(apps.begin(), apps.end(), *report.fields.front().application) == apps.end())
                continue;
            if (keyboard ? keyboard_layout(report) : mouse_layout(report)) return;
        }
        r.violation(fmt::format(
                        "interface {} declares a boot {} but no input report of its {} collection has the boot layout ({})",
                        raw.interface_number, what, what,
                        keyboard ? "modifier bits E0-E7 in byte 0, a reserved byte, 6 key codes of 8 bits; HID 1.11 B.1"
                                 : "buttons 1-3 in bits 0-2, X in byte 1, Y in byte 2; HID 1.11 B.2"),
                    where);
    });
    if (!any && r.findings().empty() && !r.skip_reason())
        r.not_applicable("no boot keyboard or boot mouse interface with a report descriptor");
}

const std::array k_checks = {
    CheckDef{"hid.report.items", "report descriptor items are complete and defined", Severity::error,
             "HID 1.11 6.2.2.2-6.2.2.4 (short and long items, item types and tags)",
             "a truncated or undefined item makes the host reject or misread the whole descriptor",
             "fix the item's size bits or the descriptor length so every item is complete", items},
    CheckDef{"hid.report.collections", "collections are balanced", Severity::error, "HID 1.11 6.2.2.4, 6.2.2.6",
             "an unbalanced collection makes hosts reject the descriptor (Linux: 'unbalanced collection')",
             "pair every Collection (A1) with an End Collection (C0)", collections},
    CheckDef{"hid.report.push-pop", "Push and Pop are balanced", Severity::error, "HID 1.11 6.2.2.7 (Push, Pop)",
             "a Pop without Push has no state to restore; a Push left open hints at a missing Pop",
             "pair every Push (A4) with a Pop (B4)", push_pop},
    CheckDef{"hid.report.required-globals", "Report Size, Report Count and the logical range precede each Main item",
             Severity::error, "HID 1.11 6.2.2 (required items), 6.2.2.7",
             "without them a field has no size or range and hosts drop or misparse it",
             "define Report Size (75), Report Count (95), Logical Minimum (15) and Maximum (25) before the Input/Output/Feature item",
             required_globals},
    CheckDef{"hid.report.logical-range", "Logical Maximum is not below Logical Minimum (signed)", Severity::error,
             "HID 1.11 6.2.2.7 (Logical Minimum/Maximum), 5.8 (signed values)",
             "values are two's complement: 25 FF is -1, not 255, so the range is empty",
             "encode positive maxima whose top bit is set one size larger (26 FF 00 for 255)", logical_range},
    CheckDef{"hid.report.report-id", "Report IDs are 1-255 and used by all reports or none", Severity::error,
             "HID 1.11 6.2.2.7 (Report ID), 5.6 (reports)",
             "Report ID 0 is reserved; once any report has an ID every report is prefixed with one",
             "give every report an ID of 1-255 or remove the Report ID items", report_ids},
    CheckDef{"hid.report.max-packet", "input reports fit the interrupt IN endpoint's wMaxPacketSize", Severity::info,
             "HID 1.11 5.6, 8.4; USB 2.0 5.7.3",
             "a longer report is split over several transactions, which adds latency and trips simple hosts",
             "raise wMaxPacketSize or shorten the report", report_size},
    CheckDef{"hid.report.usage-range", "an array's usage range covers its logical range", Severity::warning,
             "HID 1.11 6.2.2.5 (array items), 6.2.2.8 (Usage Minimum/Maximum)",
             "logical values outside the usage range name no usage (the Holtek 0x91-vs-255 quirk)",
             "make Logical Maximum - Logical Minimum equal Usage Maximum - Usage Minimum", usage_range},
    CheckDef{"hid.descriptor-length", "wDescriptorLength equals the report descriptor's length", Severity::error,
             "HID 1.11 6.2.1 (HID descriptor)", "the host reads exactly wDescriptorLength bytes of report descriptor",
             "set wDescriptorLength to the report descriptor's size", descriptor_length},
    CheckDef{"hid.boot.layout", "a boot keyboard or mouse describes the boot report layout", Severity::warning,
             "HID 1.11 4.2 (subclass), appendix B.1/B.2",
             "hosts in report protocol read the descriptor; a boot interface whose descriptor lacks the boot layout "
             "sends different data in the two protocols (the HID spec does not forbid it, hence a warning)",
             "describe the boot report (keyboard: modifiers, reserved, 6 keys; mouse: 3 buttons, X, Y) or use subclass 0",
             boot_layout},
};

}  // namespace

std::span<const CheckDef> hid_checks() { return k_checks; }

}  // namespace usbcheck::checks
