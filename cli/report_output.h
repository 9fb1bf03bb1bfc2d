// What the reporting commands (check, inf) share: the --json/--junit/--fail-on/-v options, a
// report entry per probed device, and writing the reports then choosing the exit code.
#pragma once

#include <string>
#include <vector>

#include "reports/report.h"

namespace CLI {
class App;
}

namespace usbcheck::cli {

struct ReportOptions {
    std::string json;               // --json FILE|-
    std::string junit;              // --junit FILE|-
    std::string fail_on = "error";  // --fail-on error|warning
    bool verbose = false;           // -v
};
void add_report_options(CLI::App& command, ReportOptions& options);

// Appends one entry per device (its checks and the Windows prediction); true when a device was
// lost during the run (its entry says so).
bool add_device_reports(reports::Report& report, const std::vector<usb::DescriptorSet>& sets);

// Writes --json and --junit atomically and the text report on stdout (unless stdout carries a
// machine report), then returns the exit code: 3 device lost, 2 a report not writable, 1 a
// failing check (a warning with --fail-on warning), else 0.
int finish_report(const reports::Report& report, const ReportOptions& options, bool lost);

}  // namespace usbcheck::cli
