// `usbcheck check`: runs the check catalog on a device (live or from a file) and reports as text,
// JSON and JUnit.
#include <memory>

#include <CLI/CLI.hpp>

#include "cli/app.h"
#include "cli/devices.h"
#include "cli/report_output.h"
#include "reports/report.h"

namespace usbcheck::cli {

namespace {

struct CheckOptions {
    DeviceOptions device;
    ReportOptions report;
};

int check(const CheckOptions& options) {
    auto sets = load_devices(options.device);
    if (!sets) {
        print_error(sets.error());
        return k_exit_usage;
    }
    reports::Report report;
    const bool lost = add_device_reports(report, *sets);
    return finish_report(report, options.report, lost);
}

}  // namespace

Command register_check(CLI::App& app) {
    auto* command = app.add_subcommand(
        "check", "run the conformance checks on a live DEVICE (or --serial S) or on a device read --from FILE");
    auto options = std::make_shared<CheckOptions>();
    add_device_options(*command, options->device);
    add_report_options(*command, options->report);
    return {command, [options] { return check(*options); }};
}

}  // namespace usbcheck::cli
