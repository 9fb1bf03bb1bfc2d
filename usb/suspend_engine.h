// The selective-suspend procedure (usb-reference 5.4): save the device's power settings, let it
// autosuspend, time host-initiated resumes, trigger a remote wakeup with a stimulus and read the
// first input after it, then restore every setting. The world (sysfs power files, the clock, the
// evdev reader, the stimulus) is behind interfaces so the procedure and its restoring are unit
// tested with fakes; usb/linux/ has the real ones.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "usb/clock.h"
#include "usb/suspend.h"

namespace usbcheck::usb {

// The files of a device's power/ directory, by name ("control", "runtime_status").
class PowerFiles {
public:
    virtual ~PowerFiles() = default;
    virtual std::optional<std::string> read(const std::string& attribute) = 0;  // trimmed; nullopt when absent
    virtual tl::expected<void, std::string> write(const std::string& attribute, const std::string& value) = 0;
};

// One input event as evdev delivers it, time on the monotonic clock.
struct InputEvent {
    Nanos time{0};
    uint16_t type = 0, code = 0;
    int32_t value = 0;
};

// The input device of the device's HID interface, read without blocking.
class InputReader {
public:
    virtual ~InputReader() = default;
    virtual std::string name() const = 0;  // "/dev/input/event3"
    virtual std::vector<InputEvent> read_events() = 0;
    virtual bool has_caps_lock_led() const = 0;
    virtual tl::expected<void, std::string> set_caps_lock_led(bool on) = 0;
};

// The settings the run changes and restores, in the order they are restored (the delay before
// control, so the device cannot suspend with a delay it never had).
inline const std::vector<std::string> k_saved_power_attributes = {"autosuspend_delay_ms", "wakeup", "control"};

std::map<std::string, std::string> save_power(PowerFiles& power);
// Writes back every saved value that differs from what is there now; the first failure ("" when
// none), after trying every attribute.
std::string restore_power(PowerFiles& power, const std::map<std::string, std::string>& saved);

struct SuspendPlan {
    unsigned autosuspend_delay_ms = 100;
    unsigned cycles = 5;
    unsigned enter_timeout_ms = 5000;
    unsigned wake_timeout_ms = 10000;
    std::string stimulus = "none";            // "none", "prompt", "command:CMD"
    std::vector<int> expected_keys;           // sorted
    std::string expected_text;
    double max_resume_ms = 100;
    bool max_resume_given = false;            // --max-resume-ms given; else floor + allowance
    std::string host_controller;              // driver name, "" when unknown
    double host_floor_ms = 0;                 // linux_resume_floor_ms(host_controller)
    bool remote_wakeup_capable = false;       // bmAttributes 0x20 of the active configuration
    std::string ignoreled;                    // /sys/module/usbhid/parameters/ignoreled; "" when absent
};

struct SuspendEnv {
    PowerFiles& power;
    const Clock& clock;
    std::function<void(Nanos)> sleep;
    // Opens the evdev reader; an error says why there is none (no input node, no access).
    std::function<tl::expected<std::unique_ptr<InputReader>, std::string>()> open_input;
    // Starts the stimulus and returns at once (a command keeps running; a prompt is printed).
    std::function<tl::expected<void, std::string>()> stimulate;
    std::function<bool()> cancelled = [] { return false; };
    // GET_STATUS (device) right after each host resume: "" when it answered 2 bytes, else the
    // problem; empty: not sent.
    std::function<std::string()> get_status = nullptr;
};

// Runs the procedure and restores the settings whatever happens (an exception is rethrown after
// restoring). `device` names the device in the measurement.
SuspendMeasurement run_suspend(const std::string& device, const SuspendPlan& plan, SuspendEnv& env);

// The input frames in `events` (key-downs, EV_KEY value 1, and motion, EV_REL/EV_ABS, up to each
// SYN_REPORT; a key release alone is not input), times relative to `origin`.
std::vector<InputFrame> input_frames(const std::vector<InputEvent>& events, Nanos origin);

}  // namespace usbcheck::usb
