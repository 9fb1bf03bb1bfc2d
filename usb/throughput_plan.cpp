// Planning a throughput run from the descriptors and the command line (see throughput.h).
#include <algorithm>

#include <fmt/format.h>

#include "usb/model.h"
#include "usb/throughput.h"

namespace usbcheck::usb {

namespace {

const Endpoint* find_bulk(const Interface& intf, bool in, std::optional<uint8_t> address) {
    for (const auto& ep : intf.endpoints) {
        if (ep.type() != TransferType::bulk || ep.is_in() != in) continue;
        if (!address || ep.bEndpointAddress == *address) return &ep;
    }
    return nullptr;
}

std::string endpoint_list(const Interface& intf) {
    std::string list;
    for (const auto& ep : intf.endpoints)
        list += fmt::format("{}0x{:02x} {}", list.empty() ? "" : ", ", ep.bEndpointAddress, to_string(ep.type()));
    return list.empty() ? "none" : list;
}

}  // namespace

tl::expected<void, std::string> choose_endpoints(const DescriptorSet& set, const EndpointRequest& request,
                                                 ThroughputPlan& plan) {
    const Configuration* config = nullptr;
    for (const auto& c : set.configurations)
        if (!c.other_speed) {
            config = &c;
            break;
        }
    if (!config) return tl::unexpected(std::string("the device has no configuration descriptor to find bulk endpoints in"));
    const bool need_in = request.direction != BulkDirection::out;
    const bool need_out = request.direction != BulkDirection::in;
    auto missing = [&](const Interface& intf) -> std::string {
        if (need_in && !find_bulk(intf, true, request.in_endpoint))
            return request.in_endpoint ? fmt::format("no bulk IN endpoint 0x{:02x}", *request.in_endpoint)
                                       : std::string("no bulk IN endpoint");
        if (need_out && !find_bulk(intf, false, request.out_endpoint))
            return request.out_endpoint ? fmt::format("no bulk OUT endpoint 0x{:02x}", *request.out_endpoint)
                                        : std::string("no bulk OUT endpoint");
        return "";
    };
    const Interface* chosen = nullptr;
    std::string why;
    for (const auto& intf : config->interfaces) {
        if (request.interface_number && intf.bInterfaceNumber != *request.interface_number) continue;
        const std::string gap = missing(intf);
        if (gap.empty()) {
            chosen = &intf;
            break;
        }
        if (request.interface_number && why.empty())
            why = fmt::format("interface {} alt {} has {}; its endpoints: {}", intf.bInterfaceNumber,
                              intf.bAlternateSetting, gap, endpoint_list(intf));
    }
    if (!chosen) {
        if (!why.empty()) return tl::unexpected(why);
        if (request.interface_number)
            return tl::unexpected(fmt::format("the configuration has no interface {}", *request.interface_number));
        return tl::unexpected(fmt::format("no interface has the bulk endpoints that --direction {} needs (an IN{}{})",
                                          to_string(request.direction), need_out ? " and an OUT" : "",
                                          request.direction == BulkDirection::out ? " (OUT only)" : ""));
    }
    plan.direction = request.direction;
    plan.interface_number = chosen->bInterfaceNumber;
    plan.alternate = chosen->bAlternateSetting;
    if (const auto* in = need_in ? find_bulk(*chosen, true, request.in_endpoint) : nullptr) {
        plan.in_endpoint = in->bEndpointAddress;
        plan.in_max_packet = in->max_packet();
    }
    if (const auto* out = need_out ? find_bulk(*chosen, false, request.out_endpoint) : nullptr) {
        plan.out_endpoint = out->bEndpointAddress;
        plan.out_max_packet = out->max_packet();
    }
    return {};
}

std::vector<SweepPoint> sweep_candidates(std::optional<unsigned> queue, std::optional<size_t> transfer_size,
                                         size_t streams, uint64_t memory_limit, uint16_t max_packet) {
    const std::vector<size_t> sizes = transfer_size ? std::vector<size_t>{*transfer_size}
                                                    : std::vector<size_t>{16 << 10, 64 << 10, 256 << 10, 1 << 20};
    const std::vector<unsigned> queues = queue ? std::vector<unsigned>{*queue} : std::vector<unsigned>{4, 8, 16, 32};
    std::vector<SweepPoint> points;
    for (size_t size : sizes) {
        if (max_packet && size % max_packet) continue;
        for (unsigned q : queues) {
            // Half the usbfs cap, so the run leaves room for other programs' transfers.
            if (memory_limit && uint64_t{q} * size * streams > memory_limit / 2) continue;
            points.push_back({q, size, 0});
        }
    }
    return points;
}

tl::expected<SweepOutcome, std::string> run_sweep(const ThroughputPlan& plan, std::vector<SweepPoint> points,
                                                  Nanos trial, const TrialRunner& run) {
    SweepOutcome outcome;
    if (points.empty()) return tl::unexpected(std::string("no queue depth and transfer size fit usbfs's memory cap"));
    for (int pass = 0; pass < 3; ++pass)
        for (size_t i = 0; i < (pass == 0 ? 1 : points.size()); ++i) {
            ThroughputPlan t = plan;
            t.queue = points[i].queue;
            t.transfer_size = points[i].transfer_size;
            t.bytes = 0;
            t.duration = trial;
            auto result = run(t);
            if (!result) return tl::unexpected(result.error());
            if (result->ending != RunEnding::completed) {
                result->sweep.assign(points.begin(), points.begin() + static_cast<std::ptrdiff_t>(pass == 1 ? i : points.size()));
                result->in_sweep = true;
                outcome.points = result->sweep;
                outcome.stopped = std::move(*result);
                return outcome;
            }
            const uint64_t bytes = result->total_bytes();
            const double cpu = bytes ? result->cpu_seconds * 1e9 / static_cast<double>(bytes) : 0;
            auto& p = points[i];
            if (pass == 1) {
                p.mbps = result->mbps();
                p.cpu_ns_per_byte = cpu;
            } else if (pass == 2) {
                p.mbps = std::min(p.mbps, result->mbps());
                p.cpu_ns_per_byte = std::max(p.cpu_ns_per_byte, cpu);
            }
        }
    outcome.best = best_point(points);
    outcome.points = std::move(points);
    return outcome;
}

}  // namespace usbcheck::usb
