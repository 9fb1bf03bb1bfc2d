// `usbcheck check`: runs the check catalog on a device (live or from a file) and reports as text,
// JSON and JUnit.
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "cli/app.h"
#include "cli/devices.h"
#include "reports/report.h"

namespace usbcheck::cli {

namespace {

struct CheckOptions {
    DeviceOptions device;
    std::string json;
    std::string junit;
    std::string fail_on = "error";
    bool verbose = false;
};

bool failing(const checks::CheckResult& result, bool warnings_fail) {
    return result.status == checks::Status::fail || result.status == checks::Status::error ||
           (warnings_fail && result.status == checks::Status::warn);
}

int check(const CheckOptions& options) {
    auto sets = load_devices(options.device);
    if (!sets) {
        print_error(sets.error());
        return k_exit_usage;
    }
    reports::Report report;
    bool lost = false;
    for (const auto& set : *sets) {
        reports::DeviceReport device{reports::identity_of(set), checks::run_checks(set), "", checks::predict_windows(set)};
        if (set.device_lost) {
            lost = true;
            device.error = "the device disconnected during the run; checks cover what was read before";
        }
        report.devices.push_back(std::move(device));
    }

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

}  // namespace

Command register_check(CLI::App& app) {
    auto* command = app.add_subcommand(
        "check", "run the conformance checks on a live DEVICE (or --serial S) or on a device read --from FILE");
    auto options = std::make_shared<CheckOptions>();
    add_device_options(*command, options->device);
    command->add_option("--json", options->json, "write the JSON report to FILE (- for stdout)");
    command->add_option("--junit", options->junit, "write a JUnit XML report to FILE (- for stdout)");
    command->add_option("--fail-on", options->fail_on, "the lowest severity that makes the exit code 1")
        ->check(CLI::IsMember({"error", "warning"}));
    command->add_flag("--verbose,-v", options->verbose, "list passing checks too");
    return {command, [options] { return check(*options); }};
}

}  // namespace usbcheck::cli
