// The top-level app: global options, subcommand dispatch, and the mapping of errors to exit codes.
#include "cli/app.h"

#include <algorithm>
#include <exception>

#include <CLI/CLI.hpp>

#include "cli/devices.h"

namespace usbcheck::cli {

namespace {

constexpr const char* k_exit_codes_help =
    "Exit codes (every command):\n"
    "  0  no failing check\n"
    "  1  at least one failing check (with --fail-on warning, a warning counts)\n"
    "  2  usage error, unreadable or unrecognised input, device not found or not accessible\n"
    "  3  device lost or I/O failure during the run, or suspend stopped by SIGINT/SIGTERM (reports are still written)\n";

}  // namespace

int run(int argc, char** argv) {
    CLI::App app{"usbcheck: USB descriptor conformance checks"};
    app.set_version_flag("--version", std::string("usbcheck ") + USBCHECK_VERSION);
    app.footer(k_exit_codes_help);
    app.require_subcommand(1);

    const std::vector<Command> commands = {register_checks(app), register_describe(app), register_check(app),
                                           register_scan(app), register_capture(app), register_inf(app),
                                           register_throughput(app), register_suspend(app)};

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        // One line: which command went wrong and where its help is.
        std::string where = "usbcheck";
        for (const auto& command : commands)
            if (command.app->parsed()) where += " " + command.app->get_name();
        const bool known = argc > 1 && std::any_of(commands.begin(), commands.end(), [&](const Command& c) {
                               return c.app->get_name() == argv[1];
                           });
        if (argc > 1 && argv[1][0] != '-' && !known)
            print_error("unknown command '" + std::string(argv[1]) + "' (see usbcheck --help)");
        else
            print_error(std::string(e.what()) + " (see " + where + " --help)");
        return k_exit_usage;
    }

    try {
        for (const auto& command : commands)
            if (command.app->parsed()) return command.action();
    } catch (const std::exception& e) {
        print_error(std::string("internal error: ") + e.what());
        return k_exit_device_lost;
    }
    return k_exit_usage;
}

}  // namespace usbcheck::cli
