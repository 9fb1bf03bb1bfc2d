// HID 1.11 report descriptors: a total parser (items, global state stack, collections -> reports
// and fields with the byte offset of the item that made each), usage names, and a report decoder.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace usbcheck::usb::hid {

enum class ItemType : uint8_t { main = 0, global = 1, local = 2, reserved = 3 };
enum class ReportType : uint8_t { input, output, feature };
std::string_view to_string(ReportType type);

// One item as encoded (HID 1.11 6.2.2.2 short items, 6.2.2.3 long items).
struct Item {
    size_t offset = 0;        // of the prefix byte
    size_t length = 0;        // prefix + data bytes actually present
    bool long_item = false;   // prefix 0xFE
    ItemType type = ItemType::main;
    uint8_t tag = 0;          // bTag (long items: bLongItemTag)
    uint8_t data_size = 0;    // bytes of data the prefix announces (0, 1, 2, 4; long: bDataSize)
    uint32_t data = 0;        // little-endian, unsigned (first 4 bytes of a long item's data)
    size_t depth = 0;         // collection nesting when the item was read (for the decoder view)
    std::string name;         // "Usage Page", "Input", "Logical Maximum", "Reserved (global 0xD)"
    std::string value;        // "Generic Desktop", "Data,Var,Abs", "255", "-1"

    uint8_t prefix() const { return static_cast<uint8_t>(long_item ? 0xFE : (tag << 4) | (static_cast<uint8_t>(type) << 2) | (data_size == 4 ? 3 : data_size)); }
    int32_t signed_data() const;  // data sign-extended from its size
};

struct Collection {
    size_t offset = 0;                  // of the Collection item
    uint8_t kind = 0;                   // 0 physical, 1 application, 2 logical, ...
    uint32_t usage = 0;                 // page << 16 | id; 0 when none was given
    std::optional<size_t> parent;       // index into ReportDescriptor::collections
    size_t depth = 0;
};

// A Main Input/Output/Feature item's contribution to a report.
struct Field {
    size_t item_offset = 0;             // of the Main item
    ReportType type = ReportType::input;
    uint8_t report_id = 0;
    size_t bit_offset = 0;              // within the report, after the report ID byte
    uint32_t report_size = 0;           // bits per value
    uint32_t report_count = 0;
    uint32_t flags = 0;                 // Main item data: bit 0 constant, 1 variable, 2 relative
    uint16_t usage_page = 0;
    std::vector<uint32_t> usages;       // page << 16 | id, in the order given
    std::optional<uint32_t> usage_minimum, usage_maximum;  // page << 16 | id
    int32_t logical_minimum = 0, logical_maximum = 0;
    int32_t physical_minimum = 0, physical_maximum = 0;
    uint32_t unit = 0;
    int32_t unit_exponent = 0;
    std::optional<size_t> collection;   // innermost collection (index)
    std::optional<size_t> application;  // top-level application collection (index)

    bool constant() const { return flags & 1; }
    bool variable() const { return flags & 2; }
    bool relative() const { return flags & 4; }
    uint32_t usage_at(size_t index) const;  // the usage of value `index` (variable) or array index
    std::string flags_text() const;         // "Data,Var,Abs"
};

struct Report {
    uint8_t id = 0;  // 0: the descriptor has no Report ID items
    ReportType type = ReportType::input;
    size_t size_bits = 0;  // without the report ID byte
    std::vector<Field> fields;
    size_t size_bytes() const { return (size_bits + 7) / 8 + (id ? 1 : 0); }  // as sent, with the ID
};

// What the parser found wrong or odd; the hid checks turn these into findings.
enum class NoteKind {
    item,            // truncated item, reserved item type or unknown tag, bad data size
    collection,      // End Collection without Collection, collection left open
    push_pop,        // Pop without Push, Push left on the stack
    missing_global,  // Report Size/Count or Logical Minimum/Maximum undefined at a Main item
    logical_range,   // Logical Maximum below Logical Minimum
    report_id,       // Report ID 0, or reports with and without IDs
};
struct Note {
    NoteKind kind;
    size_t offset = 0;
    std::string message;
};

struct ReportDescriptor {
    std::vector<Item> items;
    std::vector<Collection> collections;
    std::vector<Report> reports;  // in order of first appearance
    std::vector<Note> notes;
    bool uses_report_ids = false;

    const Report* find(ReportType type, uint8_t id) const;
};

// Never fails: any byte string yields the items it holds plus notes.
ReportDescriptor parse_report_descriptor(std::span<const uint8_t> bytes);

// Names (hid_usages.cpp): "Generic Desktop", "Keyboard", "A", "Left Control", "Button 3".
std::string usage_page_name(uint16_t page);
std::string usage_name(uint32_t usage);  // page << 16 | id
std::string collection_kind_name(uint8_t kind);

// A report's bytes decoded (hid_decode.cpp): pressed keys and buttons, lit LEDs, axis values.
struct DecodedValue {
    uint32_t usage = 0;
    std::string name;
    int64_t value = 0;
};
struct DecodedReport {
    uint8_t report_id = 0;
    std::vector<DecodedValue> pressed;  // keys (array entries and variable bits), buttons, LEDs set
    std::vector<DecodedValue> values;   // multi-bit variable fields: axes, wheel, ...
    std::string to_string() const;      // "keys: Left Shift, A; X=-3 Y=2"
};
// nullopt when no report of that type matches the bytes' report ID (or the bytes are empty).
std::optional<DecodedReport> decode_report(const ReportDescriptor& descriptor, std::span<const uint8_t> bytes,
                                           ReportType type = ReportType::input);

}  // namespace usbcheck::usb::hid
