// Loading the devices a command works on: offline inputs replayed through the probe, or a live
// device selected on the command line and probed over libusb.
#include "cli/devices.h"

#include <cstdio>
#include <cstdlib>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include "usb/input.h"
#include "usb/linux/sysfs.h"
#include "usb/probe.h"

namespace usbcheck::cli {

namespace {

constexpr const char* k_device_help =
    "the live device: VID:PID in hex (1d6b:0104), VID:PID#N for the Nth of several (counting from 1 in bus and "
    "port order), or a bus-port path as in /sys/bus/usb/devices (1-1.2; usb1 for the root hub of bus 1)";

}  // namespace

void add_live_options(CLI::App& command, DeviceOptions& options, bool selector) {
    if (selector) {
        command.add_option("DEVICE", options.device, k_device_help)->type_name("");
        command.add_option("--serial", options.serial,
                           "select the live device whose serial number is S (alone or with VID:PID)")
            ->type_name("S");
    }
    command.add_option("--timeout", options.timeout_ms,
                       "give up on a control request to a live device after MS milliseconds (1 to 600000, default 1000)")
        ->type_name("MS")
        ->check(CLI::Range(1u, 600000u).description(""));
    command.add_option("--request-interval", options.request_interval_ms,
                       "pause between control requests, for devices that cannot take them back to back "
                       "(MS milliseconds before each request to a live device, 0 to 600000, default 0)")
        ->type_name("MS")
        ->check(CLI::Range(0u, 600000u).description(""));
}

void add_device_options(CLI::App& command, DeviceOptions& options) {
    add_live_options(command, options, true);
    command.add_option("--from", options.from,
                       "read the device from FILE instead of a live DEVICE: a usbcheck snapshot (JSON), a Linux "
                       "sysfs `descriptors` file (binary or hex text) or a umockdev recording")
        ->type_name("FILE");
    command.add_option("--speed", options.speed,
                       "the speed the device runs at, when the input does not say: low, full, high, super, super-plus");
}

tl::expected<void, std::string> check_device_source(const DeviceOptions& options) {
    const bool live = !options.device.empty() || options.serial.has_value();
    if (!options.from.empty() && live) return tl::unexpected(std::string("give either DEVICE (or --serial) or --from FILE, not both"));
    if (options.from.empty() && !live)
        return tl::unexpected(std::string(
            "give a DEVICE (VID:PID[#N], a bus-port path like 1-1.2, or --serial S) or --from FILE"));
    if (!options.from.empty() && (options.timeout_ms || options.request_interval_ms))
        return tl::unexpected(std::string("--timeout and --request-interval apply to live devices, not to --from"));
    return {};
}

usb::LiveOptions live_options(const DeviceOptions& options) {
    usb::LiveOptions live;
    live.timeout_ms = options.timeout_ms.value_or(k_default_timeout_ms);
    live.request_interval_ms = options.request_interval_ms.value_or(0);
    return live;
}

tl::expected<LiveTarget, std::string> open_live(const DeviceOptions& options) {
    auto selector = usb::parse_selector(options.device, options.serial);
    if (!selector) return tl::unexpected(selector.error());
    usb::LiveBus bus;
    auto index = usb::select_device(
        bus.devices(), *selector, [&](const usb::LiveDeviceInfo& info) { return bus.serial_of(info); },
        bus.reason());
    if (!index) return tl::unexpected(index.error());
    const usb::LiveDeviceInfo& info = bus.devices()[*index];
    LiveTarget target;
    target.sysfs = usb::sysfs::read_power_attributes(info.path);
    auto device = bus.open(info, live_options(options));
    if (!device) return tl::unexpected(device.error().message);
    target.device = std::move(*device);
    return target;
}

tl::expected<std::vector<usb::DescriptorSet>, std::string> load_devices(const DeviceOptions& options) {
    if (auto source = check_device_source(options); !source) return tl::unexpected(source.error());
    usb::ProbeOptions probe_options;
    if (options.speed) {
        auto speed = usb::parse_speed(*options.speed);
        if (!speed || *speed == usb::Speed::unknown)
            return tl::unexpected("--speed must be one of low, full, high, super, super-plus, got '" + *options.speed + "'");
        probe_options.speed_override = speed;
    }
    std::vector<usb::DescriptorSet> sets;
    if (options.from.empty()) {
        auto target = open_live(options);
        if (!target) return tl::unexpected(target.error());
        sets.push_back(usb::probe(*target->device, probe_options));
        return sets;
    }
    auto input = usb::load_input_file(options.from);
    if (!input) return tl::unexpected(input.error().message);
    for (auto& snapshot : input->devices) {
        usb::ReplayDevice replay(std::move(snapshot));
        sets.push_back(usb::probe(replay, probe_options));
    }
    if (sets.empty()) return tl::unexpected(options.from + ": no device in the input");
    return sets;
}

void print_error(const std::string& message) { std::fprintf(stderr, "usbcheck: %s\n", message.c_str()); }

bool use_colour() {
    const char* no_colour = std::getenv("NO_COLOR");
    return isatty(STDOUT_FILENO) && (no_colour == nullptr || *no_colour == '\0');
}

}  // namespace usbcheck::cli
