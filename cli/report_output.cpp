// Shared report output for the commands that judge something: options, device entries, writing.
#include "cli/report_output.h"

#include <iostream>

#include <CLI/CLI.hpp>

#include "checks/windows.h"
#include "cli/app.h"
#include "cli/devices.h"

namespace usbcheck::cli {

namespace {

bool failing(const checks::CheckResult& result, bool warnings_fail) {
    return result.status == checks::Status::fail || result.status == checks::Status::error ||
           (warnings_fail && result.status == checks::Status::warn);
}

}  // namespace

void add_report_options(CLI::App& command, ReportOptions& options) {
    command.add_option("--json", options.json, "write the JSON report to FILE (- for stdout)");
    command.add_option("--junit", options.junit, "write a JUnit XML report to FILE (- for stdout)");
    command.add_option("--fail-on", options.fail_on, "the lowest severity that makes the exit code 1")
        ->check(CLI::IsMember({"error", "warning"}));
    command.add_flag("--verbose,-v", options.verbose, "list passing and skipped checks too");
}

bool add_device_reports(reports::Report& report, const std::vector<usb::DescriptorSet>& sets) {
    bool lost = false;
    for (const auto& set : sets) {
        reports::DeviceReport device{reports::identity_of(set), checks::run_checks(set), "", checks::predict_windows(set)};
        if (set.device_lost) {
            lost = true;
            device.error = "the device disconnected during the run; checks cover what was read before";
        }
        report.devices.push_back(std::move(device));
    }
    return lost;
}

int finish_report(const reports::Report& report, const ReportOptions& options, bool lost) {
    bool write_failed = false;
    if (!options.json.empty())
        if (auto w = reports::write_output(options.json, reports::to_json(report).dump(2) + "\n"); !w) {
            print_error(w.error());
            write_failed = true;
        }
    if (!options.junit.empty())
        if (auto w = reports::write_output(options.junit, reports::to_junit_xml(report)); !w) {
            print_error(w.error());
            write_failed = true;
        }
    // Text goes to stdout unless stdout already carries a machine report.
    if (options.json != "-" && options.junit != "-")
        reports::write_text(std::cout, report, use_colour(), options.verbose);

    if (lost) {
        print_error("the device disconnected during the run");
        return k_exit_device_lost;
    }
    if (write_failed) return k_exit_usage;
    const bool warnings_fail = options.fail_on == "warning";
    for (const auto& device : report.devices)
        for (const auto& result : device.checks)
            if (failing(result, warnings_fail)) return k_exit_findings;
    return k_exit_ok;
}

}  // namespace usbcheck::cli
