// The JUnit report: Ant JUnit XML (the windyroad junit-ant.xsd that Jenkins-style CI reads).
//
// Mapping, and why:
// - <testsuites> holds one <testsuite> per device (package "usbcheck", id from 0), named
//   "VID:PID product" or the source when the identity is unknown; the identity is its <properties>.
// - One <testcase classname=FAMILY name=ID time="0"> per check.
// - fail  -> <failure message=HEADLINE type=SEVERITY>, every finding with its location as text.
// - warn  -> a passing testcase: CI tools count any <failure> as a broken build, while a usbcheck
//   warning does not fail a run. The Ant schema has no per-testcase output, so the warnings (and
//   info notes of passing checks) are listed in the suite's <system-out>, followed by the lines
//   of any measurement (throughput, suspend figures).
// - skip  -> <skipped message=REASON/> (the Ant XSD has the element) and the suite's skipped count.
// - error -> <error message=TEXT type="check-error">: the check itself failed.
// - a device-level error (e.g. disconnected mid-run) -> one extra testcase classname "usbcheck"
//   name "device" with <error type="device-error">, so CI cannot show that run as green; the text
//   is in <system-err> too. The suite's tests/errors counts include it.
#include "reports/report.h"

#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <sstream>

namespace usbcheck::reports {

namespace {

// XML 1.0 text: markup characters as entities; control characters XML forbids as "\xNN" text;
// U+FFFE/U+FFFF (also forbidden) as U+FFFD. attribute: also quotes and whitespace that attribute
// normalisation would otherwise turn into spaces.
std::string escape(std::string_view raw, bool attribute) {
    const std::string text = valid_utf8(raw);
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        switch (c) {
        case '&': out += "&amp;"; continue;
        case '<': out += "&lt;"; continue;
        case '>': out += "&gt;"; continue;
        case '"': out += "&quot;"; continue;
        case '\'': out += "&apos;"; continue;
        case '\r': out += "&#13;"; continue;
        case '\n': out += attribute ? "&#10;" : "\n"; continue;
        case '\t': out += attribute ? "&#9;" : "\t"; continue;
        default: break;
        }
        if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        } else if (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBF &&
                   (static_cast<unsigned char>(text[i + 2]) & 0xFE) == 0xBE) {
            out += "\xEF\xBF\xBD";
            i += 2;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

std::string attr(std::string_view text) { return escape(text, true); }
std::string text(std::string_view raw) { return escape(raw, false); }

// xs:token attributes with minLength 1: whitespace collapses, so a blank value needs a fallback.
std::string token_or(std::string_view value, std::string_view fallback) {
    return value.find_first_not_of(" \t\r\n") == std::string_view::npos ? std::string(fallback)
                                                                         : std::string(value);
}

std::string host_name() {
    char buf[256] = {};
    if (gethostname(buf, sizeof buf - 1) != 0 || buf[0] == '\0') return "localhost";
    return buf;
}

std::string hex_or_empty(const std::optional<uint16_t>& value) {
    return value ? usb::hex_word(*value) : "";
}

std::string finding_line(const checks::Finding& finding) {
    std::string line = finding.message;
    const auto& l = finding.location;
    if (!l.blob.empty() || !l.path.empty() || l.offset) line += " (at " + l.to_string() + ")";
    return line;
}

void write_properties(std::ostream& out, const DeviceIdentity& identity) {
    const std::pair<const char*, std::string> properties[] = {
        {"vid", hex_or_empty(identity.vid)},
        {"pid", hex_or_empty(identity.pid)},
        {"bcdDevice", hex_or_empty(identity.bcdDevice)},
        {"manufacturer", identity.manufacturer},
        {"product", identity.product},
        {"serial", identity.serial},
        {"speed", std::string(usb::to_string(identity.speed))},
        {"source", identity.source},
    };
    out << "    <properties>\n";
    for (const auto& [name, value] : properties)
        out << "      <property name=\"" << name << "\" value=\"" << attr(value) << "\"/>\n";
    if (!identity.path.empty()) out << "      <property name=\"path\" value=\"" << attr(identity.path) << "\"/>\n";
    out << "    </properties>\n";
}

// Writes the testcase; appends warnings and info notes to `notes` for the suite's system-out.
void write_testcase(std::ostream& out, const checks::CheckResult& result, std::string& notes) {
    const std::string id = result.def ? std::string(result.def->id) : "unknown";
    const std::string family = result.def ? std::string(result.def->family()) : "unknown";
    out << "    <testcase classname=\"" << attr(token_or(family, "unknown")) << "\" name=\""
        << attr(token_or(id, "unknown")) << "\" time=\"0\"";
    switch (result.status) {
    case checks::Status::fail: {
        const auto severity = checks::to_string(result.def ? result.def->severity : checks::Severity::error);
        std::string body;
        for (const auto& finding : result.findings) body += finding_line(finding) + "\n";
        if (result.def && !result.def->spec.empty()) body += "spec: " + std::string(result.def->spec) + "\n";
        if (result.def && !result.def->fix.empty()) body += "fix: " + std::string(result.def->fix) + "\n";
        out << ">\n      <failure message=\"" << attr(headline(result)) << "\" type=\"" << severity << "\">"
            << text(body) << "</failure>\n    </testcase>\n";
        return;
    }
    case checks::Status::error:
        out << ">\n      <error message=\"" << attr(result.error) << "\" type=\"check-error\">"
            << text(result.error) << "</error>\n    </testcase>\n";
        return;
    case checks::Status::skip:
        out << ">\n      <skipped message=\"" << attr(result.skip_reason) << "\"/>\n    </testcase>\n";
        return;
    case checks::Status::warn:
    case checks::Status::pass: {
        const char* tag = result.status == checks::Status::warn ? "WARN " : "INFO ";
        for (const auto& finding : result.findings) notes += tag + id + ": " + finding_line(finding) + "\n";
        out << "/>\n";
        return;
    }
    }
}

void write_suite(std::ostream& out, const DeviceReport& device, size_t index, const JunitContext& context) {
    const Summary summary = summarize_device(device);
    const bool device_error = !device.error.empty();
    const std::string name = token_or(display_name(device.identity), "device " + std::to_string(index));
    out << "  <testsuite name=\"" << attr(name) << "\" package=\"usbcheck\" id=\"" << index
        << "\" timestamp=\"" << attr(context.timestamp.empty() ? utc_timestamp(false) : context.timestamp) << "\" hostname=\""
        << attr(token_or(context.hostname, "localhost")) << "\" tests=\""
        << device.checks.size() + (device_error ? 1 : 0) << "\" failures=\"" << summary.fail
        << "\" errors=\"" << summary.error + (device_error ? 1 : 0) << "\" skipped=\"" << summary.skip
        << "\" time=\"0\">\n";
    write_properties(out, device.identity);
    std::string notes;
    for (const auto& result : device.checks) write_testcase(out, result, notes);
    if (device_error)
        out << "    <testcase classname=\"usbcheck\" name=\"device\" time=\"0\">\n      <error message=\""
            << attr(device.error) << "\" type=\"device-error\">" << text(device.error)
            << "</error>\n    </testcase>\n";
    // The measured figures (throughput, suspend) as the text report has them, so a CI page that
    // shows only the JUnit file still shows the numbers the checks judged.
    for (const auto& measurement : device.measurements)
        for (const auto& line : measurement.text) notes += line + "\n";
    out << "    <system-out>" << text(notes) << "</system-out>\n";
    out << "    <system-err>" << text(device_error ? device.error + "\n" : "") << "</system-err>\n";
    out << "  </testsuite>\n";
}

}  // namespace

std::string utc_timestamp(bool zone) {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, zone ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%dT%H:%M:%S", &tm);
    return buf;
}

std::string to_junit_xml(const Report& report, const JunitContext& context) {
    std::ostringstream out;
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n";
    for (size_t i = 0; i < report.devices.size(); ++i) write_suite(out, report.devices[i], i, context);
    out << "</testsuites>\n";
    return out.str();
}

std::string to_junit_xml(const Report& report) {
    return to_junit_xml(report, JunitContext{utc_timestamp(false), host_name()});
}

}  // namespace usbcheck::reports
