// The command-line front end: builds the CLI11 app, runs a subcommand, maps results to exit codes.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace usbcheck::cli {

// Exit codes, the same for every command (documented in README and --help).
enum ExitCode : int {
    k_exit_ok = 0,          // no failing check
    k_exit_findings = 1,    // at least one failing check
    k_exit_usage = 2,       // usage error, unreadable or unrecognised input, device not found
    k_exit_device_lost = 3, // device lost or I/O failure during the run
};

int run(int argc, char** argv);

// Options shared by the commands that read a device.
struct DeviceOptions {
    std::string from;                  // --from FILE
    std::optional<std::string> speed;  // --speed
};

void add_device_options(CLI::App& command, DeviceOptions& options);

// Subcommands, one file each: each adds itself to `app`; `action` runs when it was chosen.
struct Command {
    CLI::App* app = nullptr;
    std::function<int()> action;
};
Command register_checks(CLI::App& app);
Command register_describe(CLI::App& app);
Command register_check(CLI::App& app);

}  // namespace usbcheck::cli
