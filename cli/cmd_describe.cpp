// `usbcheck describe`: the decoded descriptors of a device (live or from a file), as text or JSON.
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "cli/app.h"
#include "cli/devices.h"
#include "reports/report.h"

namespace usbcheck::cli {

namespace {

struct DescribeOptions {
    DeviceOptions device;
    std::string json;
};

int describe(const DescribeOptions& options) {
    auto sets = load_devices(options.device);
    if (!sets) {
        print_error(sets.error());
        return k_exit_usage;
    }
    bool lost = false;
    nlohmann::json all = nlohmann::json::array();
    for (const auto& set : *sets) {
        lost = lost || set.device_lost;
        if (options.json.empty()) reports::describe_text(std::cout, set);
        else all.push_back(reports::describe_json(set));
    }
    if (!options.json.empty()) {
        nlohmann::json doc = {{"schema_version", reports::k_schema_version},
                              {"tool", {{"name", "usbcheck"}, {"version", USBCHECK_VERSION}}},
                              {"devices", all}};
        if (auto written = reports::write_output(options.json, doc.dump(2) + "\n"); !written) {
            print_error(written.error());
            return k_exit_usage;
        }
    }
    if (lost) {
        print_error("the device disconnected during the run; what was read is described");
        return k_exit_device_lost;
    }
    return k_exit_ok;
}

}  // namespace

Command register_describe(CLI::App& app) {
    auto* command = app.add_subcommand(
        "describe", "decode every descriptor of a live DEVICE (or --serial S) or of a device read --from FILE, with "
                    "byte offsets");
    auto options = std::make_shared<DescribeOptions>();
    add_device_options(*command, options->device);
    command->add_option("--json", options->json, "write the decoded model as JSON to FILE (- for stdout)");
    return {command, [options] { return describe(*options); }};
}

}  // namespace usbcheck::cli
