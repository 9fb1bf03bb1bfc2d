// The report for people: per device a header, one line per check that needs attention, a summary.
#include "reports/report.h"

#include <ostream>

namespace usbcheck::reports {

namespace {

constexpr const char* k_red = "\x1b[31m";
constexpr const char* k_yellow = "\x1b[33m";
constexpr const char* k_green = "\x1b[32m";
constexpr const char* k_cyan = "\x1b[36m";
constexpr const char* k_dim = "\x1b[2m";
constexpr const char* k_bold = "\x1b[1m";
constexpr const char* k_reset = "\x1b[0m";

struct Tag {
    const char* text;
    const char* colour;
};

// INFO: a passing check of severity info with notes; PASS lines appear only in verbose mode.
Tag tag_of(const checks::CheckResult& result) {
    switch (result.status) {
    case checks::Status::fail: return {"FAIL", k_red};
    case checks::Status::warn: return {"WARN", k_yellow};
    case checks::Status::skip: return {"SKIP", k_dim};
    case checks::Status::error: return {"ERR ", k_red};
    case checks::Status::pass: break;
    }
    if (!result.findings.empty()) return {"INFO", k_cyan};
    return {"PASS", k_green};
}

class Painter {
public:
    explicit Painter(bool colour) : m_colour(colour) {}
    std::string operator()(std::string_view text, const char* colour) const {
        if (!m_colour) return std::string(text);
        return std::string(colour) + std::string(text) + k_reset;
    }

private:
    bool m_colour;
};

std::string plural(size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string summary_line(const Summary& s) {
    return std::to_string(s.pass) + " passed, " + std::to_string(s.fail) + " failed, " +
           plural(s.warn, "warning", "warnings") + ", " + std::to_string(s.skip) + " skipped, " +
           plural(s.error, "error", "errors");
}

std::string header(const DeviceIdentity& identity) {
    std::string line = "== " + terminal_safe(display_name(identity)) + " (";
    line += identity.speed == usb::Speed::unknown ? std::string("speed unknown")
                                                   : std::string(usb::to_string(identity.speed)) + " speed";
    if (identity.vid && !identity.source.empty()) line += ", " + terminal_safe(identity.source);
    return line + ")";
}

bool has_location(const checks::Location& l) { return !l.blob.empty() || !l.path.empty() || l.offset; }

void write_result(std::ostream& out, const checks::CheckResult& result, const Painter& paint, bool verbose) {
    const Tag tag = tag_of(result);
    // Without --verbose only what needs attention is listed; the summary line counts the rest.
    const bool clean_pass = result.status == checks::Status::pass && result.findings.empty();
    if ((clean_pass || result.status == checks::Status::skip) && !verbose) return;
    const std::string id = result.def ? std::string(result.def->id) : "unknown";
    out << "  " << paint(tag.text, tag.colour) << " " << paint(id, k_bold);
    const std::string message = headline(result);
    if (!message.empty()) out << "  " << terminal_safe(message);
    out << "\n";
    // A second, indented line keeps the first one short on a 100-column terminal.
    if (const auto* location = first_location(result))
        out << "       " << paint("at " + terminal_safe(location->to_string()), k_dim) << "\n";
    if (result.findings.size() > 1)
        for (const auto& finding : result.findings) {
            out << "       - " << terminal_safe(finding.message);
            if (has_location(finding.location))
                out << paint(" (at " + terminal_safe(finding.location.to_string()) + ")", k_dim);
            out << "\n";
        }
}

}  // namespace

void write_text(std::ostream& out, const Report& report, bool colour, bool verbose) {
    const Painter paint(colour);
    for (size_t i = 0; i < report.devices.size(); ++i) {
        const auto& device = report.devices[i];
        if (i) out << "\n";
        out << paint(header(device.identity), k_bold) << "\n";
        const bool windows_block = device.windows && device.windows->known;
        for (const auto& result : device.checks) {
            // The Windows block below says more than the prediction's one-line info note.
            if (windows_block && result.def && result.def->id == "windows.prediction" && !verbose) continue;
            write_result(out, result, paint, verbose);
        }
        if (windows_block) {
            out << "  " << terminal_safe("Windows 10+: " + checks::windows_summary(*device.windows)) << "\n";
            for (const auto& f : device.windows->functions) {
                out << "       " << paint(terminal_safe(f.interface + " " + f.driver + ": " + f.rule), k_dim) << "\n";
                if (!f.windows81.empty())
                    out << "       " << paint(terminal_safe("Windows 8.1 and earlier: " + f.windows81), k_dim) << "\n";
            }
            for (const auto& value : device.windows->registry)
                out << "       " << paint(terminal_safe("registry: " + value.name + " (" + value.type + ") = " + value.value), k_dim)
                    << "\n";
        }
        for (const auto& measurement : device.measurements)
            for (const auto& line : measurement.text) out << "  " << terminal_safe(line) << "\n";
        if (!device.error.empty())
            out << "  " << paint("device error: " + terminal_safe(device.error), k_red) << "\n";
        out << "  " << summary_line(summarize_device(device)) << "\n";
    }
    if (report.devices.size() > 1)
        out << "\n" << "total: " << summary_line(summarize(report.devices)) << "\n";
    if (report.devices.empty()) out << "no devices\n";
}

}  // namespace usbcheck::reports
