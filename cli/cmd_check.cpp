// `usbcheck check`: runs the check catalog on a device (live or from a file) and reports as text,
// JSON and JUnit.
#include <memory>

#include <CLI/CLI.hpp>

#include "cli/app.h"
#include "cli/devices.h"
#include "cli/report_output.h"
#include "cli/suspend_command.h"
#include "reports/report.h"

namespace usbcheck::cli {

namespace {

struct CheckOptions {
    DeviceOptions device;
    ReportOptions report;
    std::string suite = "descriptors";
};

int check(const CheckOptions& options) {
    if (options.suite == "suspend") {
        // The suspend suite: the hid.suspend.* preconditions and the measurement, as `usbcheck
        // suspend DEVICE` runs them with its defaults (no stimulus).
        if (!options.device.from.empty()) {
            print_error("--suite suspend measures a live DEVICE; it cannot run --from a file");
            return k_exit_usage;
        }
        SuspendOptions suspend;
        suspend.device = options.device;
        suspend.report = options.report;
        return run_suspend_command(suspend);
    }
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
    command->add_option("--suite", options->suite,
                        "descriptors (default): the check catalog; suspend: HID selective suspend on a live DEVICE "
                        "(usbcheck suspend with its defaults)")
        ->check(CLI::IsMember({"descriptors", "suspend"}));
    return {command, [options] { return check(*options); }};
}

}  // namespace usbcheck::cli
