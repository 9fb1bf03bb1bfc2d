// What `usbcheck suspend` measured on one device (runtime PM entry, host-initiated resume, remote
// wakeup and the first input after it, the power settings before and after) and the latency
// statistics over its cycles. Pure data: the engine fills it, checks/suspend.cpp judges it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "usb/types.h"

namespace usbcheck::usb {

// Minimum, median, 95th percentile (nearest rank) and maximum of a list of milliseconds.
struct LatencyStats {
    size_t count = 0;
    double min_ms = 0, median_ms = 0, p95_ms = 0, max_ms = 0;
};
std::optional<LatencyStats> latency_stats(std::vector<double> ms);

// One evdev frame with input (key-downs or motion, up to a SYN_REPORT), with its time.
struct InputFrame {
    double at_ms = 0;        // after the stimulus
    std::vector<int> keys;   // Linux key codes pressed in the frame, sorted
    bool motion = false;     // relative or absolute axes moved (a mouse, a touchpad)
};

struct SuspendMeasurement {
    std::string device;                           // sysfs name "1-1.2"
    unsigned autosuspend_delay_ms = 0;            // what the run set
    unsigned enter_timeout_ms = 0;
    std::map<std::string, std::string> before;    // power/control, autosuspend_delay_ms, wakeup as found
    std::map<std::string, std::string> after;     // the same, read back after restoring
    std::string restore_error;                    // a write that failed while restoring; "" when none

    // Entry: from control=auto to runtime_status=suspended.
    std::optional<double> enter_ms;
    std::string enter_status;                     // the runtime_status last seen when it did not suspend
    std::string enter_problem;                    // why entry could not be tried or failed; "" when it worked

    // Host-initiated resume: writing control=on, one figure per cycle.
    unsigned cycles_requested = 0;
    std::vector<double> resume_ms;
    std::string resume_problem;                   // why a cycle failed; "" when all ran
    unsigned get_status_checked = 0;              // GET_STATUS requests sent right after a resume
    std::vector<std::string> get_status_problems; // "cycle 2: GET_STATUS returned 0 bytes but expected 2"

    // Remote wakeup and the first input after it.
    std::string stimulus = "none";                // "none", "prompt", "command:CMD"
    bool remote_wakeup_capable = false;           // configuration bmAttributes bit 5 (power/wakeup present)
    std::string input_node;                       // "/dev/input/event3"; "" when none was found
    std::string wake_skip;                        // why remote wakeup was not tried; "" when it was
    std::string wake_problem;                     // the device did not suspend with the reader open, ...
    std::optional<double> wake_ms;                // stimulus -> runtime_status left suspended
    std::optional<double> first_input_ms;         // stimulus -> first key frame (evdev timestamp)
    std::vector<int> expected_keys;               // from --expect-key / --expect-report, sorted; empty: no expectation
    std::string expected_text;                    // "KEY_A", or the report as given
    std::optional<InputFrame> first_frame;        // the first input frame after the stimulus
    unsigned wake_timeout_ms = 0;

    // Keyboard LEDs across suspend (usbhid.ignoreled).
    std::string led_skip;                         // why the LED test did not run; "" when it did
    std::optional<bool> led_suspended;            // the device suspended with Caps Lock lit
    std::optional<bool> led_after;                // Caps Lock as the input layer holds it after resume

    double max_resume_ms = 100;                   // --max-resume-ms, or the host-aware default
    bool max_resume_given = false;                // --max-resume-ms was given
    std::string host_controller;                  // the host controller's driver ("xhci_hcd"); "" when unknown
    double host_floor_ms = 0;                     // what Linux waits in a resume on that controller
    bool interrupted = false;                     // SIGINT/SIGTERM stopped the run
};

// What is wrong with the answer to GET_STATUS (device) right after a resume: Linux sends it after
// every resume and disconnects a device whose answer is not 2 bytes (usb-reference 5.5); "" when
// it is 2 bytes.
std::string get_status_problem(const TransferResult& result);

// The spec floor of a USB 2.0 resume: 20 ms resume signalling (TDRSMDN) + 10 ms recovery
// (TRSMRCY), USB 2.0 7.1.7.7; usb-reference 5.5.
constexpr double k_spec_resume_floor_ms = 30.0;

// What Linux 6.1 itself waits in a host-initiated resume on a port of this host controller
// driver (usb-reference 5.5): xHCI USB 2 root ports ~90 ms (40 + 40 + 10), EHCI and dummy_hcd
// ~50 ms; an unknown driver counts as xHCI, the slowest.
double linux_resume_floor_ms(std::string_view host_controller_driver);
// The default --max-resume-ms: the host's floor plus 50 ms for the device and the software (50 +
// 50 = 100 ms on EHCI, the figure usb-reference 6 suggests; 140 ms on xHCI, where 100 ms would
// fail every device).
constexpr double k_device_resume_allowance_ms = 50.0;

}  // namespace usbcheck::usb
