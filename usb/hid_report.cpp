// The HID 1.11 report descriptor parser: walks the items (6.2.2), keeps the global state stack
// (6.2.2.7 Push/Pop) and local state (6.2.2.8), and turns every Main item into report fields.
#include "usb/hid_report.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

namespace usbcheck::usb::hid {

std::string_view to_string(ReportType type) {
    switch (type) {
    case ReportType::input: return "input";
    case ReportType::output: return "output";
    case ReportType::feature: return "feature";
    }
    return "input";
}

int32_t Item::signed_data() const {
    switch (data_size) {
    case 1: return static_cast<int8_t>(data & 0xFF);
    case 2: return static_cast<int16_t>(data & 0xFFFF);
    default: return static_cast<int32_t>(data);
    }
}

uint32_t Field::usage_at(size_t index) const {
    if (usage_minimum && usage_maximum) {
        const uint64_t u = uint64_t{*usage_minimum} + index;
        return u > *usage_maximum ? 0 : static_cast<uint32_t>(u);
    }
    if (usages.empty()) return 0;
    return index < usages.size() ? usages[index] : usages.back();  // HID 1.11 6.2.2.8: the last repeats
}

std::string Field::flags_text() const {
    std::string s = constant() ? "Cnst" : "Data";
    s += variable() ? ",Var" : ",Arr";
    s += relative() ? ",Rel" : ",Abs";
    if (flags & 0x08) s += ",Wrap";
    if (flags & 0x10) s += ",NLin";
    if (flags & 0x20) s += ",NPrf";
    if (flags & 0x40) s += ",Null";
    if (flags & 0x80) s += ",Vol";
    if (flags & 0x100) s += ",Buff";
    return s;
}

const Report* ReportDescriptor::find(ReportType type, uint8_t id) const {
    for (const auto& r : reports)
        if (r.type == type && r.id == id) return &r;
    return nullptr;
}

namespace {

// A global value with the item that set it, so a finding can quote the encoding.
struct Set {
    int32_t value = 0;
    uint32_t raw = 0;
    uint8_t size = 0;
    size_t offset = 0;
};

struct Globals {
    uint16_t usage_page = 0;
    std::optional<Set> logical_minimum, logical_maximum, physical_minimum, physical_maximum;
    int32_t unit_exponent = 0;
    uint32_t unit = 0;
    std::optional<uint32_t> report_size, report_count;
    uint8_t report_id = 0;
};

struct Locals {
    std::vector<uint32_t> usages;
    std::optional<uint32_t> usage_minimum, usage_maximum;
};

constexpr const char* k_main_names[16] = {"", "", "", "", "", "", "", "", "Input", "Output", "Collection", "Feature",
                                          "End Collection", "", "", ""};
constexpr const char* k_global_names[16] = {
    "Usage Page",   "Logical Minimum", "Logical Maximum", "Physical Minimum", "Physical Maximum", "Unit Exponent",
    "Unit",         "Report Size",     "Report ID",       "Report Count",     "Push",             "Pop",
    "",             "",                "",                ""};
constexpr const char* k_local_names[16] = {"Usage",            "Usage Minimum",     "Usage Maximum",
                                           "Designator Index", "Designator Minimum", "Designator Maximum",
                                           "",                 "String Index",      "String Minimum",
                                           "String Maximum",   "Delimiter",         "",
                                           "",                 "",                  "",
                                           ""};

std::string item_name(const Item& item) {
    if (item.long_item) return fmt::format("Long Item (tag 0x{:02x})", item.tag);
    const char* const* names = item.type == ItemType::main     ? k_main_names
                               : item.type == ItemType::global ? k_global_names
                               : item.type == ItemType::local  ? k_local_names
                                                               : nullptr;
    if (names && *names[item.tag]) return names[item.tag];
    static constexpr const char* k_types[] = {"main", "global", "local", "reserved"};
    return fmt::format("Reserved ({} tag 0x{:X})", k_types[static_cast<int>(item.type)], item.tag);
}

uint32_t extended_usage(const Item& item, uint16_t page) {
    return item.data_size == 4 ? item.data : (uint32_t{page} << 16) | (item.data & 0xFFFF);
}

// The encoding that means `raw` as an unsigned value: one size up, e.g. 26 FF 00 for 255.
std::string wider_encoding(uint8_t prefix_without_size, uint32_t raw, uint8_t size) {
    if (size >= 4) return "";
    const uint8_t wider = size == 1 ? 2 : 4;
    std::string s = fmt::format("{:02X}", prefix_without_size | (wider == 2 ? 2 : 3));
    for (uint8_t i = 0; i < wider; ++i) s += fmt::format(" {:02X}", (raw >> (8 * i)) & 0xFF);
    return s;
}

std::string encoding(const std::span<const uint8_t> bytes, size_t offset, size_t length) {
    std::string s;
    for (size_t i = 0; i < length && offset + i < bytes.size(); ++i)
        s += fmt::format("{}{:02X}", i ? " " : "", bytes[offset + i]);
    return s;
}

class Parser {
public:
    explicit Parser(std::span<const uint8_t> bytes) : m_bytes(bytes) {}

    ReportDescriptor run() {
        size_t pos = 0;
        while (pos < m_bytes.size()) {
            Item item;
            item.offset = pos;
            const uint8_t prefix = m_bytes[pos];
            size_t header = 1;
            if (prefix == 0xFE) {
                item.long_item = true;
                header = 3;
                item.data_size = pos + 1 < m_bytes.size() ? m_bytes[pos + 1] : 0;
                item.tag = pos + 2 < m_bytes.size() ? m_bytes[pos + 2] : 0;
                item.type = ItemType::reserved;
            } else {
                item.data_size = static_cast<uint8_t>((prefix & 3) == 3 ? 4 : prefix & 3);
                item.type = static_cast<ItemType>((prefix >> 2) & 3);
                item.tag = static_cast<uint8_t>(prefix >> 4);
            }
            const size_t wanted = header + item.data_size;
            item.length = std::min(wanted, m_bytes.size() - pos);
            for (size_t i = 0; i < 4 && i < item.data_size && header + i < item.length; ++i)
                item.data |= uint32_t{m_bytes[pos + header + i]} << (8 * i);
            item.depth = m_depth.size();
            item.name = item_name(item);
            if (item.length < wanted) {
                note(NoteKind::item, pos,
                     fmt::format("{} item at offset {} needs {} bytes but only {} remain: the descriptor is truncated",
                                 item.name, pos, wanted, item.length));
                m_out.items.push_back(std::move(item));
                break;
            }
            handle(item);
            m_out.items.push_back(std::move(item));
            pos += wanted;
        }
        for (size_t open : m_depth)
            note(NoteKind::collection, m_out.collections[open].offset,
                 fmt::format("Collection at offset {} is never closed by an End Collection", m_out.collections[open].offset));
        if (!m_stack.empty())
            note(NoteKind::push_pop, m_last_push,
                 fmt::format("{} Push item(s) without a matching Pop (last at offset {})", m_stack.size(), m_last_push));
        return std::move(m_out);
    }

private:
    void note(NoteKind kind, size_t offset, std::string message) {
        m_out.notes.push_back({kind, offset, std::move(message)});
    }

    void handle(Item& item) {
        if (item.long_item) {
            item.value = fmt::format("{} data bytes", item.data_size);
            return;  // HID 1.11 6.2.2.3: no long item tags are defined; skipped
        }
        switch (item.type) {
        case ItemType::main: return main_item(item);
        case ItemType::global: return global_item(item);
        case ItemType::local: return local_item(item);
        case ItemType::reserved:
            note(NoteKind::item, item.offset,
                 fmt::format("item prefix 0x{:02X} at offset {} has the reserved type 3", item.prefix(), item.offset));
            return;
        }
    }

    Set set_of(const Item& item) const {
        return {item.signed_data(), item.data, item.data_size, item.offset};
    }

    void global_item(Item& item) {
        const int32_t s = item.signed_data();
        switch (item.tag) {
        case 0x0:
            m_g.usage_page = static_cast<uint16_t>(item.data);
            item.value = usage_page_name(m_g.usage_page);
            return;
        case 0x1: m_g.logical_minimum = set_of(item); break;
        case 0x2: m_g.logical_maximum = set_of(item); break;
        case 0x3: m_g.physical_minimum = set_of(item); break;
        case 0x4: m_g.physical_maximum = set_of(item); break;
        case 0x5: m_g.unit_exponent = s; break;
        case 0x6:
            m_g.unit = item.data;
            item.value = fmt::format("0x{:x}", item.data);
            return;
        case 0x7: m_g.report_size = item.data; break;
        case 0x8:
            if (item.data == 0)
                note(NoteKind::report_id, item.offset, fmt::format("Report ID 0 at offset {} is reserved (1-255)", item.offset));
            if (m_main_without_id && !m_out.uses_report_ids)
                note(NoteKind::report_id, item.offset,
                     fmt::format("Report ID {} at offset {} but the Main item at offset {} made a report without an ID",
                                 item.data, item.offset, *m_main_without_id));
            m_g.report_id = static_cast<uint8_t>(item.data);
            m_out.uses_report_ids = true;
            item.value = std::to_string(item.data);
            return;
        case 0x9: m_g.report_count = item.data; break;
        case 0xA:
            m_stack.push_back(m_g);
            m_last_push = item.offset;
            return;
        case 0xB:
            if (m_stack.empty()) {
                note(NoteKind::push_pop, item.offset, fmt::format("Pop at offset {} without a Push", item.offset));
            } else {
                m_g = m_stack.back();
                m_stack.pop_back();
            }
            return;
        default:
            note(NoteKind::item, item.offset, fmt::format("{} at offset {} is not defined by HID 1.11", item.name, item.offset));
            return;
        }
        const bool is_signed = item.tag >= 0x1 && item.tag <= 0x5;
        item.value = is_signed && s < 0 ? fmt::format("{} (0x{:x} unsigned)", s, item.data) : std::to_string(item.data);
    }

    void local_item(Item& item) {
        switch (item.tag) {
        case 0x0: m_l.usages.push_back(extended_usage(item, m_g.usage_page)); break;
        case 0x1: m_l.usage_minimum = extended_usage(item, m_g.usage_page); break;
        case 0x2: m_l.usage_maximum = extended_usage(item, m_g.usage_page); break;
        case 0x3: case 0x4: case 0x5: case 0x7: case 0x8: case 0x9: case 0xA:
            item.value = std::to_string(item.data);
            return;
        default:
            note(NoteKind::item, item.offset, fmt::format("{} at offset {} is not defined by HID 1.11", item.name, item.offset));
            return;
        }
        const uint32_t u = extended_usage(item, m_g.usage_page);
        item.value = item.data_size == 4 ? fmt::format("{}: {}", usage_page_name(static_cast<uint16_t>(u >> 16)), usage_name(u))
                                         : usage_name(u);
    }

    void main_item(Item& item) {
        switch (item.tag) {
        case 0x8: field(item, ReportType::input); break;
        case 0x9: field(item, ReportType::output); break;
        case 0xB: field(item, ReportType::feature); break;
        case 0xA: {
            Collection c;
            c.offset = item.offset;
            c.kind = static_cast<uint8_t>(item.data);
            c.usage = m_l.usages.empty() ? (m_l.usage_minimum ? *m_l.usage_minimum : 0) : m_l.usages.front();
            if (!m_depth.empty()) c.parent = m_depth.back();
            c.depth = m_depth.size();
            item.value = collection_kind_name(c.kind);
            if (c.usage) item.value += " (" + usage_name(c.usage) + ")";
            m_depth.push_back(m_out.collections.size());
            m_out.collections.push_back(c);
            break;
        }
        case 0xC:
            if (m_depth.empty())
                note(NoteKind::collection, item.offset,
                     fmt::format("End Collection at offset {} without an open Collection", item.offset));
            else
                m_depth.pop_back();
            item.depth = m_depth.size();
            break;
        default:
            note(NoteKind::item, item.offset, fmt::format("{} at offset {} is not defined by HID 1.11", item.name, item.offset));
        }
        m_l = {};  // HID 1.11 6.2.2.8: local items apply to the next Main item only
    }

    void field(Item& item, ReportType type) {
        Field f;
        f.item_offset = item.offset;
        f.type = type;
        f.flags = item.data;
        item.value = f.flags_text();
        const bool data = !f.constant();
        std::vector<std::string> missing;
        if (!m_g.report_size) missing.push_back("Report Size");
        if (!m_g.report_count) missing.push_back("Report Count");
        if (data && !m_g.logical_minimum) missing.push_back("Logical Minimum");
        if (data && !m_g.logical_maximum) missing.push_back("Logical Maximum");
        if (!missing.empty())
            note(NoteKind::missing_global, item.offset,
                 fmt::format("{} at offset {} has no {} defined before it", item.name, item.offset, fmt::join(missing, ", ")));
        if (data && m_g.logical_minimum && m_g.logical_maximum) check_logical_range(*m_g.logical_minimum, *m_g.logical_maximum);
        if (!m_g.report_id && !m_main_without_id) m_main_without_id = item.offset;
        if (m_g.report_id == 0 && m_out.uses_report_ids)
            note(NoteKind::report_id, item.offset,
                 fmt::format("{} at offset {} has no Report ID but other reports have one", item.name, item.offset));
        f.report_id = m_g.report_id;
        f.report_size = std::min<uint32_t>(m_g.report_size.value_or(0), 4096);
        f.report_count = std::min<uint32_t>(m_g.report_count.value_or(0), 65536);
        f.usage_page = m_g.usage_page;
        f.usages = std::move(m_l.usages);
        f.usage_minimum = m_l.usage_minimum;
        f.usage_maximum = m_l.usage_maximum;
        f.logical_minimum = m_g.logical_minimum ? m_g.logical_minimum->value : 0;
        f.logical_maximum = m_g.logical_maximum ? m_g.logical_maximum->value : 0;
        // A non-negative minimum with a "negative" maximum is the 0xFF trap: hosts (Linux) read
        // the maximum unsigned then, so the field keeps the meant value; the check reports it.
        if (f.logical_minimum >= 0 && f.logical_maximum < f.logical_minimum && m_g.logical_maximum)
            f.logical_maximum = static_cast<int32_t>(m_g.logical_maximum->raw & 0x7FFFFFFF);
        f.physical_minimum = m_g.physical_minimum ? m_g.physical_minimum->value : 0;
        f.physical_maximum = m_g.physical_maximum ? m_g.physical_maximum->value : 0;
        f.unit = m_g.unit;
        f.unit_exponent = m_g.unit_exponent;
        if (!m_depth.empty()) {
            f.collection = m_depth.back();
            for (size_t c : m_depth)
                if (!m_out.collections[c].parent) f.application = c;
        }
        Report* report = nullptr;
        for (auto& r : m_out.reports)
            if (r.type == type && r.id == f.report_id) report = &r;
        if (!report) {
            m_out.reports.push_back({f.report_id, type, 0, {}});
            report = &m_out.reports.back();
        }
        f.bit_offset = report->size_bits;
        report->size_bits += size_t{f.report_size} * f.report_count;
        report->fields.push_back(std::move(f));
    }

    void check_logical_range(const Set& min, const Set& max) {
        if (max.value >= min.value || !m_ranges_noted.insert({min.offset, max.offset}).second) return;
        std::string meant;
        if (max.raw > static_cast<uint32_t>(std::max(min.value, 0)) && min.value >= 0) {
            const auto wider = wider_encoding(0x24, max.raw, max.size);
            if (!wider.empty()) meant = fmt::format("; {} encodes {}", wider, max.raw);
        }
        note(NoteKind::logical_range, max.offset,
             fmt::format("Logical Maximum is encoded {} = {} ({}-byte signed), below Logical Minimum {}{}",
                         encoding(m_bytes, max.offset, 1 + max.size), max.value, max.size, min.value, meant));
    }

    std::span<const uint8_t> m_bytes;
    ReportDescriptor m_out;
    Globals m_g;
    Locals m_l;
    std::vector<Globals> m_stack;
    size_t m_last_push = 0;
    std::vector<size_t> m_depth;  // open collections
    std::optional<size_t> m_main_without_id;
    std::set<std::pair<size_t, size_t>> m_ranges_noted;
};

}  // namespace

ReportDescriptor parse_report_descriptor(std::span<const uint8_t> bytes) { return Parser(bytes).run(); }

}  // namespace usbcheck::usb::hid
