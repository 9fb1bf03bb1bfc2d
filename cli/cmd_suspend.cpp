// `usbcheck suspend DEVICE`: HID selective suspend on a live Linux device (runtime PM): entry,
// host-initiated resume latency, remote wakeup and the first input after it, LEDs; the device's
// power settings are restored afterwards, also on an error or SIGINT/SIGTERM.
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <thread>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "checks/suspend.h"
#include "cli/app.h"
#include "cli/devices.h"
#include "cli/stop_signals.h"
#include "cli/suspend_command.h"
#include "cli/suspend_report.h"
#include "usb/hex_text.h"
#include "usb/key_codes.h"
#include "usb/linux/command.h"
#include "usb/linux/evdev.h"
#include "usb/linux/runtime_pm.h"
#include "usb/probe.h"

namespace usbcheck::cli {
namespace {

// Checks of the device catalog that are preconditions of selective suspend.
bool precondition(const checks::CheckResult& result) { return result.def->id.rfind("hid.suspend.", 0) == 0; }

tl::expected<std::unique_ptr<usb::InputReader>, std::string> open_input(const std::string& path) {
    const auto nodes = usb::sysfs::input_event_nodes(path);
    if (nodes.empty())
        return tl::unexpected("no evdev input node under " + path +
                              "'s interfaces (no input driver bound, or the evdev module is not loaded)");
    return usb::sysfs::open_evdev(nodes);
}

// One report entry: the identity, the hid.suspend preconditions, the suspend checks and the
// measurement; `error` says why the run stopped early ("" when it did not).
reports::DeviceReport device_report(const usb::DescriptorSet& set, const std::string& path,
                                    const usb::SuspendMeasurement& measured, std::string error) {
    reports::DeviceReport device{reports::identity_of(set), {}, std::move(error), std::nullopt};
    device.identity.path = path;
    for (auto& r : checks::run_checks(set))
        if (precondition(r)) device.checks.push_back(std::move(r));
    for (auto& r : checks::judge_suspend(measured)) device.checks.push_back(std::move(r));
    device.measurements.push_back(suspend_measurement(measured));
    return device;
}

}  // namespace

tl::expected<usb::SuspendPlan, std::string> suspend_plan(const SuspendOptions& options, const usb::DescriptorSet& set) {
    usb::SuspendPlan plan;
    plan.autosuspend_delay_ms = options.delay_ms;
    plan.cycles = options.cycles;
    plan.max_resume_given = options.max_resume_ms.has_value();
    plan.max_resume_ms = options.max_resume_ms.value_or(usb::linux_resume_floor_ms("") + usb::k_device_resume_allowance_ms);
    plan.stimulus = options.stimulus;
    if (plan.stimulus != "none" && plan.stimulus != "prompt" &&
        (plan.stimulus.rfind("command:", 0) != 0 || plan.stimulus.size() == 8))
        return tl::unexpected("--stimulus must be none, prompt or command:CMD, got '" + plan.stimulus + "'");
    plan.wake_timeout_ms = options.wake_timeout_ms.value_or(plan.stimulus == "prompt" ? 30000 : 10000);
    plan.enter_timeout_ms = options.delay_ms + 5000;
    if (!options.expect_key.empty()) {
        auto code = usb::key_code(options.expect_key);
        if (!code)
            return tl::unexpected("--expect-key: unknown key '" + options.expect_key +
                                  "' (use e.g. KEY_A, BTN_LEFT or a code)");
        plan.expected_keys = {*code};
        plan.expected_text = options.expect_key;
    }
    if (!options.expect_report.empty()) {
        auto bytes = usb::parse_hex_pairs(options.expect_report);
        if (!bytes) return tl::unexpected("--expect-report " + bytes.error());
        const usb::HidReportDescriptor* report = nullptr;
        for (const auto& r : set.hid_reports)
            if (r.availability == usb::Availability::present && !report) report = &r;
        if (!report) return tl::unexpected(std::string("--expect-report needs the HID report descriptor, and none was read"));
        auto keys = usb::keys_of_report(report->bytes, *bytes);
        if (!keys) return tl::unexpected("--expect-report: " + keys.error());
        if (keys->empty()) return tl::unexpected(std::string("--expect-report: the report presses no key or button"));
        plan.expected_keys = *keys;
        plan.expected_text = options.expect_report;
    }
    return plan;
}

int run_suspend_command(const SuspendOptions& options) {
    if (options.device.device.empty() && !options.device.serial) {
        print_error("give a DEVICE (VID:PID[#N], a bus-port path like 1-1.2, or --serial S) to suspend");
        return k_exit_usage;
    }
    // Usage errors before touching the device (--expect-report needs its report descriptor first).
    if (auto early = suspend_plan(options, {}); !early && options.expect_report.empty()) {
        print_error(early.error());
        return k_exit_usage;
    }
    auto target = open_live(options.device);
    if (!target) {
        print_error(target.error());
        return k_exit_usage;
    }
    const std::string path = target->device->info().path;
    // Changing power settings needs root (or a rule granting it): no access is exit 2, as for
    // a device node.
    const std::string control = std::string(usb::sysfs::k_usb_devices) + "/" + path + "/power/control";
    if (::access(control.c_str(), W_OK) != 0) {
        print_error(fmt::format("cannot write {}: {} (usbcheck suspend changes runtime PM settings: run it as root)",
                                control, std::strerror(errno)));
        return k_exit_usage;
    }
    usb::DescriptorSet set = usb::probe(*target->device);
    target->device.reset();  // an open usbfs handle keeps the device awake
    auto plan = suspend_plan(options, set);
    if (!plan) {
        print_error(plan.error());
        return k_exit_usage;
    }
    // The active configuration's bmAttributes, as the kernel decides can_wakeup from it.
    const auto bm = usb::sysfs::read_attribute(path, "bmAttributes");
    const auto bm_value = bm ? usb::parse_hex16(*bm) : std::nullopt;
    plan->remote_wakeup_capable = bm_value && (*bm_value & 0x20);
    // Linux's own waits in a resume depend on the host controller (usb-reference 5.5): the
    // default limit is that floor plus an allowance for the device.
    plan->host_controller = usb::sysfs::host_controller_driver(path).value_or("");
    plan->host_floor_ms = usb::linux_resume_floor_ms(plan->host_controller);
    if (!plan->max_resume_given) plan->max_resume_ms = plan->host_floor_ms + usb::k_device_resume_allowance_ms;
    plan->ignoreled = usb::sysfs::usbhid_ignoreled();

    usb::sysfs::SysfsPowerFiles power(path);
    usb::SteadyClock clock;
    std::unique_ptr<usb::sysfs::BackgroundCommand> command;
    usb::SuspendEnv env{power, clock, [](usb::Nanos d) { std::this_thread::sleep_for(d); },
                        [&] { return open_input(path); },
                        [&]() -> tl::expected<void, std::string> {
                            if (plan->stimulus == "prompt") {
                                std::cerr << fmt::format("usbcheck: {} is suspended: press {} once now (waiting up to {} s)\n",
                                                         path, usb::key_names(plan->expected_keys, "a key"),
                                                         plan->wake_timeout_ms / 1000);
                                return {};
                            }
                            command = std::make_unique<usb::sysfs::BackgroundCommand>(plan->stimulus.substr(8));
                            return command->start();
                        }};
    env.cancelled = [] { return StopSignals::received() != 0; };
    // GET_STATUS after each host resume through a short-lived usbfs handle (the device is
    // already active then, so opening it resumes nothing; closing lets it suspend again).
    usb::LiveBus bus;
    env.get_status = [&]() -> std::string {
        for (const auto& info : bus.devices()) {
            if (info.path != path) continue;
            auto device = bus.open(info, live_options(options.device));
            if (!device) return "cannot open the device for GET_STATUS: " + device.error().message;
            return usb::get_status_problem((*device)->control_in({0x80, 0x00, 0, 0, 2}));
        }
        return "the device is no longer listed by libusb";
    };

    usb::SuspendMeasurement measured;
    {
        StopSignals guard;
        measured = usb::run_suspend(path, *plan, env);
        if (command) command->finish();
    }
    const bool lost = !std::filesystem::exists(std::string(usb::sysfs::k_usb_devices) + "/" + path);

    reports::Report report;
    report.devices.push_back(device_report(
        set, path, measured,
        lost                 ? "the device disconnected during the run"
        : measured.interrupted ? fmt::format("interrupted by signal {}; the power settings were restored", StopSignals::received())
                               : ""));
    const int code = finish_report(report, options.report, lost);
    if (!lost && measured.interrupted) {
        print_error("interrupted: the run stopped early (power settings restored, reports written)");
        return k_exit_device_lost;
    }
    return code;
}

Command register_suspend(CLI::App& app) {
    auto* command = app.add_subcommand(
        "suspend",
        "HID selective suspend on a live DEVICE (Linux runtime PM): suspend entry, host resume latency, remote wakeup "
        "and the first input after it; power settings are restored afterwards, also on Ctrl-C");
    auto options = std::make_shared<SuspendOptions>();
    add_live_options(*command, options->device, true);
    command->add_option("--cycles", options->cycles, "host-initiated resume cycles (1 to 1000, default 5)")
        ->check(CLI::Range(1u, 1000u).description(""));
    command->add_option("--delay", options->delay_ms,
                        "power/autosuspend_delay_ms during the run, in ms (0 to 60000, default 100)")
        ->type_name("MS")
        ->check(CLI::Range(0u, 60000u).description(""));
    command->add_option("--stimulus", options->stimulus,
                        "what makes input while the device is suspended: none (default), prompt (asks you to press a "
                        "key) or command:CMD (runs CMD with /bin/sh, e.g. a fixture that presses a key)");
    auto* key = command->add_option("--expect-key", options->expect_key,
                                     "the first input after resume must be this key (KEY_A, BTN_LEFT, or a Linux key code)");
    auto* report = command->add_option("--expect-report", options->expect_report,
                                        "the first input after resume must press what this HID input report (hex) presses");
    key->excludes(report);
    command->add_option("--max-resume-ms", options->max_resume_ms,
                        "the longest acceptable resume: host resume p95 and stimulus to first input (default: what "
                        "Linux waits on this host controller + 50 ms, i.e. 100 on EHCI, 140 on xHCI)")
        ->check(CLI::Range(1.0, 60000.0).description(""));
    command->add_option("--wake-timeout", options->wake_timeout_ms,
                        "how long to wait for wakeup and input after the stimulus, in ms (default 10000; 30000 with prompt)")
        ->type_name("MS")
        ->check(CLI::Range(100u, 600000u).description(""));
    add_report_options(*command, options->report);
    return {command, [options] { return run_suspend_command(*options); }};
}

}  // namespace usbcheck::cli
