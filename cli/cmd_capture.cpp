// `usbcheck capture`: records a live device's answers to every request of the probe as a snapshot
// file, which `check --from` and `describe --from` then replay with the same results.
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/app.h"
#include "cli/devices.h"
#include "usb/probe.h"

namespace usbcheck::cli {

namespace {

struct CaptureOptions {
    DeviceOptions device;
    std::string output;
};

int capture(const CaptureOptions& options) {
    if (options.device.device.empty() && !options.device.serial) {
        print_error("give a DEVICE (VID:PID[#N], a bus-port path like 1-1.2, or --serial S) to capture");
        return k_exit_usage;
    }
    auto target = open_live(options.device);
    if (!target) {
        print_error(target.error());
        return k_exit_usage;
    }
    const CaptureResult result = capture_snapshot(*target->device, target->sysfs, reports::utc_timestamp(true));
    const auto& info = target->device->info();
    if (auto written = reports::write_output(options.output, usb::write_snapshot(result.snapshot)); !written) {
        print_error(written.error());
        return result.device_lost ? k_exit_device_lost : k_exit_usage;
    }
    const size_t count = result.snapshot.control.size();
    if (result.device_lost) {
        print_error(fmt::format("the device disconnected during the capture; {} holds the {} control transfers "
                                "recorded before",
                                options.output == "-" ? "stdout" : options.output, count));
        return k_exit_device_lost;
    }
    if (options.output != "-")
        std::cout << fmt::format("captured {} at {} ({} speed): {} control transfers written to {}\n", info.vid_pid(),
                                 info.path, usb::to_string(info.speed), count, options.output);
    return k_exit_ok;
}

}  // namespace

CaptureResult capture_snapshot(usb::UsbDevice& device, const std::map<std::string, std::string>& sysfs,
                               const std::string& created) {
    usb::RecordingDevice recorder(device);
    const usb::DescriptorSet set = usb::probe(recorder);
    CaptureResult result;
    usb::Snapshot& snapshot = result.snapshot;
    snapshot.version = 1;
    snapshot.source = device.source();
    snapshot.speed = device.speed();
    snapshot.created = created;
    snapshot.tool = std::string("usbcheck ") + USBCHECK_VERSION;
    snapshot.sysfs = sysfs;
    snapshot.complete = true;
    for (const auto& transfer : recorder.transfers()) {
        if (transfer.result.status == usb::TransferStatus::not_captured) {
            snapshot.complete = false;
            continue;
        }
        snapshot.control.push_back(transfer);
    }
    result.device_lost = set.device_lost;
    return result;
}

Command register_capture(CLI::App& app) {
    auto* command = app.add_subcommand(
        "capture", "record a live DEVICE's answers to every request usbcheck makes as a snapshot file, for "
                   "check --from and describe --from");
    auto options = std::make_shared<CaptureOptions>();
    add_live_options(*command, options->device, true);
    command->add_option("-o,--output", options->output, "write the snapshot (JSON) to FILE (- for stdout)")
        ->type_name("FILE")
        ->required();
    return {command, [options] { return capture(*options); }};
}

}  // namespace usbcheck::cli
