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

// Options shared by the commands that read a device: an offline input (--from) or a live one
// (DEVICE and/or --serial).
struct DeviceOptions {
    std::string from;                          // --from FILE
    std::string device;                        // DEVICE: VID:PID[#N] or a bus-port path
    std::optional<std::string> serial;         // --serial S
    std::optional<std::string> speed;          // --speed
    std::optional<unsigned> timeout_ms;        // --timeout MS (live only; default 1000)
    std::optional<unsigned> request_interval_ms;  // --request-interval MS (live only; default 0)
};

// DEVICE, --from, --serial, --speed, --timeout, --request-interval (describe, check).
void add_device_options(CLI::App& command, DeviceOptions& options);
// Live devices only: DEVICE and --serial when `selector`, and --timeout, --request-interval
// (capture with a selector, scan without).
void add_live_options(CLI::App& command, DeviceOptions& options, bool selector);

// Subcommands, one file each: each adds itself to `app`; `action` runs when it was chosen.
struct Command {
    CLI::App* app = nullptr;
    std::function<int()> action;
};
Command register_checks(CLI::App& app);
Command register_describe(CLI::App& app);
Command register_check(CLI::App& app);
Command register_scan(CLI::App& app);
Command register_capture(CLI::App& app);
Command register_inf(CLI::App& app);
Command register_throughput(CLI::App& app);
Command register_suspend(CLI::App& app);

}  // namespace usbcheck::cli
