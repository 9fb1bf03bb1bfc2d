// The bulk throughput engine on a live device: claims one interface (a kernel driver bound to it
// is detached and re-attached afterwards), keeps `queue` asynchronous transfers in flight on each
// endpoint with libusb, verifies every byte through StreamAccount, and releases everything on
// every path: completion, error, disconnect or a stop request (Ctrl-C).
#pragma once

#include <csignal>
#include <functional>
#include <memory>
#include <string>

#include <tl/expected.hpp>

#include "usb/clock.h"
#include "usb/live.h"
#include "usb/throughput.h"

namespace usbcheck::usb {

struct BulkProgress {
    Nanos elapsed{0};
    uint64_t bytes = 0;
    double recent_mbps = 0;  // over the last progress period
};

struct BulkControl {
    const volatile std::sig_atomic_t* stop = nullptr;         // set (by a signal handler) to stop early
    std::function<void(const BulkProgress&)> progress = {};  // about every `progress_period`
    Nanos progress_period = std::chrono::milliseconds(500);
};

class BulkSession {
public:
    // Claims `interface_number`; the error is one line ("interface 0 of 1-1 is busy: ...").
    static tl::expected<std::unique_ptr<BulkSession>, std::string> open(LiveDevice& device, uint8_t interface_number,
                                                                        uint8_t alternate);
    ~BulkSession();
    BulkSession(const BulkSession&) = delete;
    BulkSession& operator=(const BulkSession&) = delete;

    // Runs one measurement. Errors before any transfer moved (no memory for the buffers, the first
    // submission refused) are a one-line error; everything after is in the result's ending.
    tl::expected<ThroughputResult, std::string> run(const ThroughputPlan& plan, const Clock& clock,
                                                    const BulkControl& control);
    // usbcore's global cap on usbfs transfer memory in bytes (usbcore.usbfs_memory_mb, default 16
    // MB); 0 when unlimited.
    static uint64_t usbfs_memory_limit();

private:
    BulkSession(LiveDevice& device, uint8_t interface_number, uint8_t alternate)
        : m_device(device), m_interface(interface_number), m_alternate(alternate) {}
    LiveDevice& m_device;
    uint8_t m_interface;
    uint8_t m_alternate;
    bool m_detached = false;
    bool m_lost = false;
};

}  // namespace usbcheck::usb
