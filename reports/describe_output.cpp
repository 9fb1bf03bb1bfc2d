// Prints the describe tree two ways: JSON for programs and an indented, lsusb-like dump with
// offsets for people. Both walk the same tree, so they show the same data.
#include "reports/report.h"

#include <fmt/format.h>

#include <ostream>

namespace usbcheck::reports {

namespace {

using nlohmann::json;

json value_json(const DescribeField& field) {
    return field.number ? json(*field.number) : json(valid_utf8(field.text));
}

json field_json(const DescribeField& field) {
    json out = {{"value", value_json(field)}};
    if (field.offset) out["offset"] = *field.offset;
    if (!field.meaning.empty()) out["meaning"] = valid_utf8(field.meaning);
    return out;
}

json node_json(const DescribeNode& node) {
    json out = json::object();
    if (!node.title.empty()) out["title"] = valid_utf8(node.title);
    if (!node.blob.empty()) out["blob"] = valid_utf8(node.blob);
    if (node.offset) out["offset"] = *node.offset;
    if (!node.availability.empty()) out["availability"] = node.availability;
    if (!node.fields.empty()) {
        json fields = json::object();
        for (const auto& field : node.fields) {
            // Names are unique per layout; a repeated one (a table quirk) must not hide the first.
            std::string key = field.name;
            for (int n = 2; fields.contains(key); ++n) key = fmt::format("{}#{}", field.name, n);
            fields[key] = field_json(field);
        }
        out["fields"] = std::move(fields);
    }
    if (!node.raw.empty()) out["raw"] = node.raw;
    for (const auto& child : node.children) {
        if (child.group.empty()) out[child.kind] = node_json(child);
        else out[child.group].push_back(node_json(child));
    }
    return out;
}

std::string indent(size_t depth) { return std::string(depth * 2, ' '); }

std::string heading(const DescribeNode& node) {
    std::string line = node.title;
    if (!node.availability.empty() && node.availability != "present") {
        std::string availability = node.availability;
        for (char& c : availability)
            if (c == '-') c = ' ';
        return line + ": " + availability;
    }
    if (!node.blob.empty() && node.offset) line += fmt::format("  @{}+0x{:02x}", node.blob, *node.offset);
    return line;
}

void print_field(std::ostream& out, const DescribeField& field, size_t depth) {
    const std::string offset = field.offset ? fmt::format("0x{:02x}", *field.offset) : "";
    std::string line = fmt::format("{}{:<7}{:<22} {:<10} {}", indent(depth), offset, field.name,
                                   terminal_safe(field.text), terminal_safe(field.meaning));
    line.erase(line.find_last_not_of(' ') + 1);
    out << line << "\n";
}

void print_raw(std::ostream& out, const std::string& raw, size_t depth) {
    constexpr size_t k_bytes_per_line = 16;
    constexpr size_t k_chars_per_line = k_bytes_per_line * 3;
    for (size_t i = 0; i < raw.size(); i += k_chars_per_line)
        out << indent(depth) << (i ? "       " : "raw    ") << raw.substr(i, k_chars_per_line - 1) << "\n";
}

void print_node(std::ostream& out, const DescribeNode& node, size_t depth) {
    out << indent(depth) << terminal_safe(heading(node)) << "\n";
    for (const auto& field : node.fields) print_field(out, field, depth + 1);
    if (node.raw_in_text && !node.raw.empty()) print_raw(out, node.raw, depth + 1);
    for (const auto& child : node.children) print_node(out, child, depth + 1);
}

}  // namespace

nlohmann::json describe_json(const usb::DescriptorSet& set) {
    const DescribeNode root = describe_tree(set);
    // The root's fields are plain properties and the lists always exist, so consumers need no
    // presence checks.
    json out = {{"configurations", json::array()}, {"other_speed", json::array()}, {"strings", json::array()},
                {"hid_reports", json::array()}, {"notes", json::array()}};
    for (const auto& field : root.fields) out[field.name] = value_json(field);
    for (const auto& child : root.children) {
        if (child.group.empty()) out[child.kind] = node_json(child);
        else out[child.group].push_back(node_json(child));
    }
    // The HID section also carries the decoded descriptor as data (its text view is in "items").
    for (size_t i = 0; i < out["hid_reports"].size() && i < set.hid_reports.size(); ++i) {
        out["hid_reports"][i]["interface_number"] = set.hid_reports[i].interface_number;
        if (set.hid_reports[i].availability == usb::Availability::present)
            out["hid_reports"][i]["decoded"] = hid_report_json(set.hid_reports[i].bytes);
    }
    return out;
}

void describe_text(std::ostream& out, const usb::DescriptorSet& set) {
    const DescribeNode root = describe_tree(set);
    for (const auto& field : root.fields) {
        std::string line =
            fmt::format("{:<13}{} {}", field.name, terminal_safe(field.text), terminal_safe(field.meaning));
        line.erase(line.find_last_not_of(' ') + 1);
        out << line << "\n";
    }
    for (const auto& child : root.children) {
        out << "\n";
        print_node(out, child, 0);
    }
}

}  // namespace usbcheck::reports
