// The decoded HID report descriptor as structured JSON for `describe --json`: every item and
// every report with its fields, so a program can check a layout without parsing text.
#include "reports/report.h"

#include "usb/hid_report.h"

namespace usbcheck::reports {

namespace {

nlohmann::json usage_json(uint32_t usage) {
    return {{"page", usage >> 16}, {"id", usage & 0xFFFF}, {"name", usb::hid::usage_name(usage)}};
}

nlohmann::json field_json(const usb::hid::Field& f) {
    nlohmann::json usages = nlohmann::json::array();
    for (uint32_t u : f.usages) usages.push_back(usage_json(u));
    nlohmann::json out = {{"item_offset", f.item_offset},
                          {"bit_offset", f.bit_offset},
                          {"report_size", f.report_size},
                          {"report_count", f.report_count},
                          {"flags", f.flags},
                          {"flags_text", f.flags_text()},
                          {"usage_page", f.usage_page},
                          {"usage_page_name", usb::hid::usage_page_name(f.usage_page)},
                          {"usages", usages},
                          {"logical_minimum", f.logical_minimum},
                          {"logical_maximum", f.logical_maximum},
                          {"physical_minimum", f.physical_minimum},
                          {"physical_maximum", f.physical_maximum},
                          {"unit", f.unit},
                          {"unit_exponent", f.unit_exponent}};
    out["usage_minimum"] = f.usage_minimum ? usage_json(*f.usage_minimum) : nlohmann::json(nullptr);
    out["usage_maximum"] = f.usage_maximum ? usage_json(*f.usage_maximum) : nlohmann::json(nullptr);
    return out;
}

}  // namespace

nlohmann::json hid_report_json(const usb::Bytes& bytes) {
    const auto descriptor = usb::hid::parse_report_descriptor(bytes);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& item : descriptor.items)
        items.push_back({{"offset", item.offset},
                         {"length", item.length},
                         {"prefix", item.prefix()},
                         {"name", item.name},
                         {"value", item.value},
                         {"data", item.data},
                         {"depth", item.depth}});
    nlohmann::json reports = nlohmann::json::array();
    for (const auto& report : descriptor.reports) {
        nlohmann::json fields = nlohmann::json::array();
        for (const auto& field : report.fields) fields.push_back(field_json(field));
        reports.push_back({{"id", report.id},
                           {"type", usb::hid::to_string(report.type)},
                           {"size_bits", report.size_bits},
                           {"size_bytes", report.size_bytes()},
                           {"fields", fields}});
    }
    nlohmann::json notes = nlohmann::json::array();
    for (const auto& note : descriptor.notes) notes.push_back({{"offset", note.offset}, {"message", note.message}});
    return {{"items", items}, {"reports", reports}, {"notes", notes}, {"uses_report_ids", descriptor.uses_report_ids}};
}

}  // namespace usbcheck::reports
