// Decodes one report's bytes with the fields of its report descriptor: names the pressed keys and
// buttons and the lit LEDs, and gives the value of every axis (HID 1.11 5.6, 6.2.2.5).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "usb/hid_report.h"

namespace usbcheck::usb::hid {
namespace {

// `bits` (<= 32) bits at bit `offset` of `data`, little-endian; 0 beyond the end.
uint32_t extract(std::span<const uint8_t> data, size_t offset, uint32_t bits) {
    uint32_t v = 0;
    for (uint32_t i = 0; i < bits && i < 32; ++i) {
        const size_t bit = offset + i;
        if (bit / 8 < data.size() && (data[bit / 8] >> (bit % 8)) & 1) v |= 1u << i;
    }
    return v;
}

int64_t value_of(const Field& f, uint32_t raw) {
    if (f.logical_minimum >= 0 || f.report_size == 0 || f.report_size >= 32) return raw;
    const uint32_t sign = 1u << (f.report_size - 1);
    return (raw & sign) ? static_cast<int64_t>(raw) - (int64_t{1} << f.report_size) : raw;
}

}  // namespace

std::string DecodedReport::to_string() const {
    std::vector<std::string> names, axes;
    for (const auto& p : pressed) names.push_back(p.name);
    for (const auto& v : values) axes.push_back(fmt::format("{}={}", v.name, v.value));
    std::string s = report_id ? fmt::format("report {}: ", report_id) : "";
    s += names.empty() ? "nothing pressed" : fmt::format("pressed {}", fmt::join(names, ", "));
    if (!axes.empty()) s += fmt::format("; {}", fmt::join(axes, " "));
    return s;
}

std::optional<DecodedReport> decode_report(const ReportDescriptor& descriptor, std::span<const uint8_t> bytes,
                                           ReportType type) {
    if (bytes.empty()) return std::nullopt;
    DecodedReport out;
    if (descriptor.uses_report_ids) {
        out.report_id = bytes[0];
        bytes = bytes.subspan(1);
    }
    const Report* report = descriptor.find(type, out.report_id);
    if (!report) return std::nullopt;
    for (const auto& f : report->fields) {
        if (f.constant() || f.report_size == 0) continue;
        for (uint32_t i = 0; i < f.report_count; ++i) {
            const size_t bit = f.bit_offset + size_t{i} * f.report_size;
            if (bit >= bytes.size() * 8) break;  // a short report: the rest was not sent
            const uint32_t raw = extract(bytes, bit, f.report_size);
            const int64_t v = value_of(f, raw);
            if (f.variable()) {
                const uint32_t usage = f.usage_at(i);
                DecodedValue d{usage, usage_name(usage), v};
                if (f.report_size == 1) {
                    if (v) out.pressed.push_back(std::move(d));
                } else {
                    out.values.push_back(std::move(d));
                }
            } else {
                // Array: the value is an index into the usages; out of range means none (6.2.2.5).
                if (v < f.logical_minimum || v > f.logical_maximum) continue;
                const uint32_t usage = f.usage_at(static_cast<size_t>(v - f.logical_minimum));
                if ((usage & 0xFFFF) == 0) continue;
                out.pressed.push_back({usage, usage_name(usage), v});
            }
        }
    }
    return out;
}

}  // namespace usbcheck::usb::hid
