// `usbcheck throughput DEVICE`: bulk throughput with every byte verified, judged by the
// throughput.* checks and reported with its figures (devices[].measurements.throughput).
#include <unistd.h>

#include <csignal>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "checks/throughput.h"
#include "cli/app.h"
#include "cli/devices.h"
#include "cli/report_output.h"
#include "cli/stop_signals.h"
#include "reports/throughput_measurement.h"
#include "usb/live_bulk.h"
#include "usb/probe.h"

namespace usbcheck::cli {

namespace {

constexpr auto k_sweep_run = std::chrono::milliseconds(100);

struct ThroughputOptions {
    DeviceOptions device;
    ReportOptions report;
    std::string direction = "in";
    std::optional<unsigned> interface_number, in_endpoint, out_endpoint;
    std::optional<double> duration_s;
    std::optional<uint64_t> bytes;
    std::optional<size_t> transfer_size;
    std::optional<unsigned> queue;
    std::optional<std::string> verify;
    std::optional<double> min_mbps;
    unsigned interval_ms = 100;
    unsigned transfer_timeout_ms = 2000;
    bool quiet = false;
};

// Progress on stderr: rewritten in place on a terminal, a plain line a second otherwise.
usb::BulkControl progress_control(bool quiet) {
    usb::BulkControl control;
    control.stop = StopSignals::flag();
    if (quiet) return control;
    const bool tty = isatty(STDERR_FILENO);
    control.progress_period = tty ? std::chrono::milliseconds(250) : std::chrono::seconds(1);
    control.progress = [tty](const usb::BulkProgress& p) {
        const auto line = fmt::format("throughput: {:6.1f} s {:14} bytes {:10.3f} MB/s",
                                      std::chrono::duration<double>(p.elapsed).count(), p.bytes, p.recent_mbps);
        if (tty) std::cerr << "\r" << line << std::flush;
        else std::cerr << line << "\n";
    };
    return control;
}

size_t streams_of(const usb::ThroughputPlan& plan) {
    return plan.direction == usb::BulkDirection::in || plan.direction == usb::BulkDirection::out ? 1 : 2;
}

tl::expected<usb::ThroughputPlan, std::string> make_plan(const ThroughputOptions& o, const usb::DescriptorSet& set,
                                                         uint64_t usbfs_cap) {
    usb::ThroughputPlan plan;
    usb::EndpointRequest request;
    request.direction = *usb::parse_direction(o.direction);
    if (o.interface_number) request.interface_number = static_cast<uint8_t>(*o.interface_number);
    if (o.in_endpoint) request.in_endpoint = static_cast<uint8_t>(*o.in_endpoint);
    if (o.out_endpoint) request.out_endpoint = static_cast<uint8_t>(*o.out_endpoint);
    if (auto chosen = usb::choose_endpoints(set, request, plan); !chosen) return tl::unexpected(chosen.error());
    // A loopback checks that what comes back is what went out: the counter pattern shows a lost,
    // repeated or reordered chunk at its offset. A source sends the Linux source/sink pattern.
    const std::string verify = o.verify.value_or(request.direction == usb::BulkDirection::loopback ? "counter" : "mod63");
    plan.verify = *usb::parse_pattern(verify);
    if (o.bytes) plan.bytes = *o.bytes;
    else plan.duration = std::chrono::duration_cast<usb::Nanos>(std::chrono::duration<double>(o.duration_s.value_or(5.0)));
    plan.interval = std::chrono::milliseconds(o.interval_ms);
    plan.timeout_ms = o.transfer_timeout_ms;
    for (uint16_t mps : {plan.in_max_packet, plan.out_max_packet})
        if (o.transfer_size && mps && *o.transfer_size % mps)
            return tl::unexpected(fmt::format("--transfer-size {} is not a multiple of the endpoint's wMaxPacketSize {}",
                                              *o.transfer_size, mps));
    if (o.queue && o.transfer_size && usbfs_cap && uint64_t{*o.queue} * *o.transfer_size * streams_of(plan) > usbfs_cap)
        return tl::unexpected(fmt::format(
            "{} transfers of {} bytes{} exceed usbfs's {} MiB cap: lower --queue or --transfer-size, or raise "
            "/sys/module/usbcore/parameters/usbfs_memory_mb",
            *o.queue, *o.transfer_size, streams_of(plan) > 1 ? " on each of 2 endpoints" : "", usbfs_cap >> 20));
    return plan;
}

// Runs the sweep when --queue or --transfer-size is missing, then the measurement.
tl::expected<usb::ThroughputResult, std::string> measure(usb::BulkSession& session, usb::ThroughputPlan plan,
                                                         const ThroughputOptions& o, uint64_t usbfs_cap) {
    const usb::SteadyClock clock;
    std::vector<usb::SweepPoint> sweep;
    if (!o.queue || !o.transfer_size) {
        const uint16_t mps = std::max(plan.in_max_packet, plan.out_max_packet);
        auto candidates = usb::sweep_candidates(o.queue, o.transfer_size, streams_of(plan),
                                                usbfs_cap, mps);
        if (!o.quiet)
            std::cerr << fmt::format("throughput: choosing queue depth and transfer size ({} points, twice, {} ms each)\n",
                                     candidates.size(), k_sweep_run.count());
        usb::BulkControl control;
        control.stop = StopSignals::flag();
        auto outcome = usb::run_sweep(plan, std::move(candidates), k_sweep_run,
                                      [&](const usb::ThroughputPlan& trial) { return session.run(trial, clock, control); });
        if (!outcome) return tl::unexpected(outcome.error());
        // A trial that went wrong is the measurement: report it rather than sweep on.
        if (outcome->stopped) return std::move(*outcome->stopped);
        sweep = std::move(outcome->points);
        plan.queue = outcome->best.queue;
        plan.transfer_size = outcome->best.transfer_size;
    } else {
        plan.queue = *o.queue;
        plan.transfer_size = *o.transfer_size;
    }
    auto result = session.run(plan, clock, progress_control(o.quiet));
    if (result) result->sweep = std::move(sweep);
    if (!o.quiet && isatty(STDERR_FILENO)) std::cerr << "\n";
    return result;
}

int throughput(const ThroughputOptions& o) {
    if (o.device.device.empty() && !o.device.serial) {
        print_error("give a DEVICE (VID:PID[#N], a bus-port path like 1-1.2, or --serial S) to measure");
        return k_exit_usage;
    }
    if (o.duration_s && o.bytes) {
        print_error("give --duration or --bytes, not both");
        return k_exit_usage;
    }
    auto target = open_live(o.device);
    if (!target) {
        print_error(target.error());
        return k_exit_usage;
    }
    const usb::DescriptorSet set = usb::probe(*target->device);
    if (set.device_lost) {
        print_error("the device disconnected while its descriptors were read");
        return k_exit_device_lost;
    }
    const uint64_t usbfs_cap = usb::BulkSession::usbfs_memory_limit();
    auto plan = make_plan(o, set, usbfs_cap);
    if (!plan) {
        print_error(plan.error());
        return k_exit_usage;
    }
    StopSignals signals;
    tl::expected<usb::ThroughputResult, std::string> result = tl::unexpected(std::string());
    {
        auto session = usb::BulkSession::open(*target->device, plan->interface_number, plan->alternate);
        if (!session) {
            print_error(session.error());
            return k_exit_usage;
        }
        result = measure(**session, *plan, o, usbfs_cap);
    }
    if (!result) {
        print_error(result.error());
        return k_exit_device_lost;
    }
    reports::Report report;
    reports::DeviceReport device;
    device.identity = reports::identity_of(set);
    device.checks = checks::run_throughput_checks(*result, {o.min_mbps});
    device.measurements.push_back(reports::throughput_measurement(*result));
    const bool lost = result->ending == usb::RunEnding::disconnected;
    if (lost) device.error = "the device disconnected during the measurement; the figures cover what moved before";
    report.devices.push_back(std::move(device));
    return finish_report(report, o.report, lost);
}

}  // namespace

Command register_throughput(CLI::App& app) {
    auto* command = app.add_subcommand(
        "throughput", "measure bulk throughput on a live DEVICE with every byte verified (claims the interface)");
    auto o = std::make_shared<ThroughputOptions>();
    add_live_options(*command, o->device, true);
    command->add_option("--direction", o->direction,
                        "in (read), out (write), both at once, or loopback (write, read back, compare); default in")
        ->type_name("D")
        ->check(CLI::IsMember({"in", "out", "both", "loopback"}).description(""));
    command->add_option("--interface", o->interface_number, "the interface (default: the first with the bulk endpoints needed)")
        ->type_name("N")
        ->check(CLI::Range(0u, 255u).description(""));
    command->add_option("--in", o->in_endpoint, "the bulk IN endpoint address, e.g. 0x81 (default: the interface's first)")
        ->type_name("EP")
        ->check(CLI::Range(0x81u, 0x8Fu).description(""));
    command->add_option("--out", o->out_endpoint, "the bulk OUT endpoint address, e.g. 0x01 (default: the interface's first)")
        ->type_name("EP")
        ->check(CLI::Range(0x01u, 0x0Fu).description(""));
    command->add_option("--duration", o->duration_s, "seconds to measure (default 5)")->type_name("S")
        ->check(CLI::Range(0.1, 86400.0).description(""));
    command->add_option("--bytes", o->bytes, "bytes to move instead of a duration")->type_name("N")
        ->check(CLI::Range(uint64_t{1}, UINT64_MAX).description(""));
    command->add_option("--transfer-size", o->transfer_size,
                        "bytes per transfer, a multiple of wMaxPacketSize (default: chosen by a short sweep)")
        ->type_name("B")
        ->check(CLI::Range(size_t{1}, size_t{64} << 20).description(""));
    command->add_option("--queue", o->queue, "transfers in flight per endpoint (default: chosen by a short sweep)")
        ->type_name("N")
        ->check(CLI::Range(1u, 256u).description(""));
    command->add_option("--verify", o->verify,
                        "the data pattern: mod63 (Linux source/sink pattern=1; the default), zero, counter (the "
                        "default for loopback), none")
        ->type_name("P")
        ->check(CLI::IsMember({"none", "zero", "mod63", "counter"}).description(""));
    command->add_option("--min-mbps", o->min_mbps, "fail throughput.min-rate below X MB/s (decimal)")
        ->type_name("X")
        ->check(CLI::Range(0.0, 1e6).description(""));
    command->add_option("--interval", o->interval_ms, "milliseconds per interval of the rate series (default 100)")
        ->type_name("MS")
        ->check(CLI::Range(10u, 60000u).description(""));
    command->add_option("--transfer-timeout", o->transfer_timeout_ms,
                        "a transfer that does not complete in MS milliseconds is a timeout (default 2000)")
        ->type_name("MS")
        ->check(CLI::Range(1u, 600000u).description(""));
    command->add_flag("--quiet,-q", o->quiet, "no progress on stderr");
    add_report_options(*command, o->report);
    return {command, [o] { return throughput(*o); }};
}

}  // namespace usbcheck::cli
