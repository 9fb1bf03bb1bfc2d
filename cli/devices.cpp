// Loading the devices a command works on: offline inputs replayed through the probe.
#include "cli/devices.h"

#include <cstdio>
#include <cstdlib>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include "usb/input.h"
#include "usb/probe.h"

namespace usbcheck::cli {

void add_device_options(CLI::App& command, DeviceOptions& options) {
    command.add_option("--from", options.from,
                       "read the device from FILE: a usbcheck snapshot (JSON), a Linux sysfs `descriptors` "
                       "file (binary or hex text) or a umockdev recording")
        ->required();
    command.add_option("--speed", options.speed,
                       "the speed the device runs at, when the input does not say: low, full, high, super, super-plus");
}

tl::expected<std::vector<usb::DescriptorSet>, std::string> load_devices(const DeviceOptions& options) {
    usb::ProbeOptions probe_options;
    if (options.speed) {
        auto speed = usb::parse_speed(*options.speed);
        if (!speed || *speed == usb::Speed::unknown)
            return tl::unexpected("--speed must be one of low, full, high, super, super-plus, got '" + *options.speed + "'");
        probe_options.speed_override = speed;
    }
    auto input = usb::load_input_file(options.from);
    if (!input) return tl::unexpected(input.error().message);
    std::vector<usb::DescriptorSet> sets;
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
