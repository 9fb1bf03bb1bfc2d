// `usbcheck inf`: lints a Windows INF driver package (usbser for Windows 8.1, HID selective
// suspend) and, with --device or --from, checks that it matches the device, which is checked too.
#include <memory>

#include <CLI/CLI.hpp>

#include "checks/inf.h"
#include "cli/app.h"
#include "cli/devices.h"
#include "cli/report_output.h"
#include "reports/report.h"

namespace usbcheck::cli {

namespace {

struct InfOptions {
    std::string file;
    DeviceOptions device;
    std::string language;
    std::string floor = "06/21/2006";
    ReportOptions report;
};

int inf_command(const InfOptions& options) {
    if (checks::parse_inf_date(options.floor) < 0) {
        print_error("--driver-ver-floor '" + options.floor + "' is not mm/dd/yyyy");
        return k_exit_usage;
    }
    auto inf = inf::read_inf_file(options.file, {options.language});
    if (!inf) {
        print_error(inf.error());
        return k_exit_usage;
    }
    std::vector<usb::DescriptorSet> sets;
    if (!options.device.from.empty() || !options.device.device.empty()) {
        auto loaded = load_devices(options.device);
        if (!loaded) {
            print_error(loaded.error());
            return k_exit_usage;
        }
        sets = std::move(*loaded);
    }

    checks::InfContext context;
    context.driver_ver_floor = options.floor;
    for (const auto& set : sets) {
        context.devices.push_back(checks::predict_windows(set));
        context.device_names.push_back(reports::display_name(reports::identity_of(set)) +
                                       (set.speed != usb::Speed::unknown ? " (" + std::string(usb::to_string(set.speed)) + ")" : ""));
    }

    reports::Report report;
    reports::DeviceIdentity identity;
    if (!sets.empty()) {
        const auto first = reports::identity_of(sets.front());
        identity.vid = first.vid;
        identity.pid = first.pid;
    }
    identity.source = "inf:" + options.file;
    report.devices.push_back({identity, checks::run_inf_checks(*inf, context), ""});
    const bool lost = add_device_reports(report, sets);
    return finish_report(report, options.report, lost);
}

}  // namespace

Command register_inf(CLI::App& app) {
    auto* command = app.add_subcommand(
        "inf", "lint a Windows INF driver package; with --device or --from, match it against that device and check the device too");
    auto options = std::make_shared<InfOptions>();
    command->add_option("FILE", options->file, "the INF file (UTF-16LE with BOM, UTF-8 or ANSI)")->required();
    command->add_option("--device", options->device.device, "a live device to match: VID:PID[#N] or a bus-port path");
    command->add_option("--from", options->device.from, "a device snapshot or descriptor dump to match (every device it holds)");
    command->add_option("--language", options->language,
                        "read %strings% from [Strings.LANGID] (e.g. 0407) over the neutral [Strings]; default the neutral one");
    command->add_option("--driver-ver-floor", options->floor,
                        "mm/dd/yyyy a HID selective-suspend INF's DriverVer must be newer than (default 06/21/2006, a "
                        "placeholder policy: the date Windows' in-box usbser.inf carries; input.inf's own date is unconfirmed)");
    add_report_options(*command, options->report);
    return {command, [options] { return inf_command(*options); }};
}

}  // namespace usbcheck::cli
