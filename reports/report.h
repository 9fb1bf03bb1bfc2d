// The report model and its writers: text for people, JSON (reports/report.schema.json) and JUnit
// XML (Ant schema) for machines. Writers only format; they never parse or judge.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

#include "checks/check.h"
#include "checks/windows.h"
#include "usb/model.h"

namespace usbcheck::reports {

constexpr int k_schema_version = 1;

struct ToolInfo {
    std::string name = "usbcheck";
    std::string version = USBCHECK_VERSION;
};

struct DeviceIdentity {
    std::optional<uint16_t> vid, pid, bcdDevice;
    std::string manufacturer, product, serial;  // "" when absent
    usb::Speed speed = usb::Speed::unknown;
    std::string source;
    std::string path;  // bus-port path of a live device ("1-1.2", "usb1"); "" otherwise
};
DeviceIdentity identity_of(const usb::DescriptorSet& set);

// Figures a command measured on a live device (throughput, suspend): JSON
// devices[].measurements.FAMILY (report.schema.json $defs.FAMILY_measurement) and lines for the
// text report. The measuring command builds both, so the writers stay format-only.
struct Measurement {
    std::string family;             // "throughput", "suspend"
    nlohmann::json data;            // an object
    std::vector<std::string> text;  // one line each, shown under the device's checks
};

struct DeviceReport {
    DeviceIdentity identity;
    std::vector<checks::CheckResult> checks;
    std::string error;  // "device disconnected during the run", else ""
    std::optional<checks::WindowsPrediction> windows = std::nullopt;  // the Windows driver prediction (JSON devices[].windows)
    std::vector<Measurement> measurements = {};
};

struct Summary {
    size_t pass = 0, fail = 0, warn = 0, skip = 0, error = 0;
};
Summary summarize(const std::vector<DeviceReport>& devices);

struct Report {
    ToolInfo tool;
    std::vector<DeviceReport> devices;
};

nlohmann::json to_json(const Report& report);
std::string to_junit_xml(const Report& report);
// colour: ANSI colours (the caller decides: TTY and NO_COLOR unset). verbose: list passing checks.
void write_text(std::ostream& out, const Report& report, bool colour, bool verbose);

// The decoded model for `describe`: JSON and an indented text dump, offsets included.
nlohmann::json describe_json(const usb::DescriptorSet& set);
void describe_text(std::ostream& out, const usb::DescriptorSet& set);
// A HID report descriptor decoded as structured JSON (items, reports and their fields, notes).
nlohmann::json hid_report_json(const usb::Bytes& bytes);

// Writes to PATH.tmp then renames, so a reader never sees a half-written file. "-" is stdout.
tl::expected<void, std::string> write_output(const std::string& path, const std::string& content);

// ---- Shared by the writers, so text, JSON and JUnit say the same thing about a check. ----

// The one-line message of a result: the first finding (" (and N more)" when there are several),
// the skip reason, or the error text; "" for a clean pass.
std::string headline(const checks::CheckResult& result);
// The first finding's location; nullptr when there is no finding or it points nowhere.
const checks::Location* first_location(const checks::CheckResult& result);
// Counts per status for one device.
Summary summarize_device(const DeviceReport& device);
// "303a:4001 Espressif ESP32-S3"; the source (or "unknown device") when VID/PID are unknown.
std::string display_name(const DeviceIdentity& identity);
// Valid UTF-8: each byte of an invalid sequence becomes U+FFFD, so JSON and XML can carry any
// device text.
std::string valid_utf8(std::string_view text);
// For a terminal: control bytes (an escape sequence in a product string) become "\xNN" text.
std::string terminal_safe(std::string_view text);

// The current UTC time as xs:dateTime, "2026-11-24T05:00:00"; with `zone`, "Z" is appended
// (snapshots carry it; the Ant JUnit XSD's timestamp has no time zone).
std::string utc_timestamp(bool zone);

// JUnit suites need a time stamp and host name; the one-argument to_junit_xml uses the current
// UTC time and gethostname() ("localhost" when unknown). Tests pass fixed values.
struct JunitContext {
    std::string timestamp;  // "2024-05-01T12:00:00" (xs:dateTime, no time zone, per the Ant XSD)
    std::string hostname;
};
std::string to_junit_xml(const Report& report, const JunitContext& context);

// `describe` builds this neutral tree once and both the JSON and the text dump print it, so the
// two cannot drift (the ScopedPrinter idea from STYLE.md).
struct DescribeField {
    std::string name;               // spec spelling: "bcdUSB"
    std::optional<uint64_t> number; // numeric value; nullopt for text-only fields (UUID, string)
    std::string text;               // the value as shown: "0x0200", "18", "Espressif"
    std::string meaning;            // decoded meaning: "USB 2.00", "" when none
    std::optional<size_t> offset;   // absolute offset in the node's blob
};
struct DescribeNode {
    std::string kind;          // "device", "configuration", "interface", "endpoint", ...
    std::string group;         // JSON array key in the parent ("interfaces"); "" = object under kind
    std::string title;         // text heading: "Interface 0 alt 0"
    std::string blob;          // "config[0]"; "" when the node has no bytes of its own
    std::optional<size_t> offset;
    std::string availability;  // "present", "stalled", "not-captured"...; "" when not applicable
    std::vector<DescribeField> fields;
    std::string raw;           // spaced hex of the descriptor's bytes; "" when not shown
    bool raw_in_text = false;  // the text dump shows raw (undecoded descriptors)
    std::vector<DescribeNode> children;
};
DescribeNode describe_tree(const usb::DescriptorSet& set);
DescribeNode make_node(std::string kind, std::string group, std::string title, std::string blob,
                       std::optional<size_t> offset, std::string availability = "");
// Parts of the tree, each a top-level section (describe_parts.cpp): BOS, device qualifier, the
// LANGID table and strings, HID report descriptors, parse notes.
// A blob without bytes (a hand-built model) shows every field; otherwise fields stop at its end.
DescribeNode describe_bos(const usb::DescriptorSet& set);
DescribeNode describe_qualifier(const usb::DescriptorSet& set);
std::vector<DescribeNode> describe_strings(const usb::DescriptorSet& set);
std::vector<DescribeNode> describe_hid_reports(const usb::DescriptorSet& set);
std::vector<DescribeNode> describe_notes(const usb::DescriptorSet& set);
// Microsoft OS descriptors as raw hex with their availability (decoding comes with the msos checks).
DescribeNode describe_msos(const usb::DescriptorSet& set);
// Adds a numeric field of `size` bytes at absolute `offset` unless it ends past `limit` (the bytes
// the descriptor really has); shown as hex ("0x%0*x", width from size) or decimal.
void add_field(DescribeNode& node, size_t limit, std::string name, uint64_t value, size_t size,
               bool hex, size_t offset, std::string meaning = "");
std::string spaced_hex(const usb::Bytes& bytes, size_t from = 0, size_t count = SIZE_MAX);

}  // namespace usbcheck::reports
