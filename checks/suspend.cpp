// suspend.*: selective suspend as Linux runtime PM measured it (usbcheck suspend): entry, host
// resume latency, remote wakeup, the first input after it, LEDs, and the settings put back.
#include "checks/suspend.h"

#include <array>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "usb/key_codes.h"

namespace usbcheck::checks {
namespace {

using usb::SuspendMeasurement;

constexpr std::string_view k_linux_pm = "Linux Documentation/driver-api/usb/power-management.rst";

// The device reaches runtime_status=suspended when idle (power-management.rst, "autosuspend").
void enters(const SuspendMeasurement& m, Reporter& r) {
    if (m.interrupted && !m.enter_ms && m.enter_problem.empty()) return r.skip("the run was interrupted");
    if (!m.enter_ms) r.violation(m.enter_problem.empty() ? "the device did not suspend" : m.enter_problem);
}

// Host-initiated resume within --max-resume-ms; the USB 2.0 7.1.7.7 floor is about 30 ms.
void resume_latency(const SuspendMeasurement& m, Reporter& r) {
    if (!m.resume_problem.empty()) r.violation(m.resume_problem);
    const auto stats = usb::latency_stats(m.resume_ms);
    if (!stats) {
        if (m.resume_problem.empty()) r.skip(m.enter_ms ? "no resume cycle ran" : "the device did not suspend");
        return;
    }
    if (stats->p95_ms > m.max_resume_ms)
        r.violation(fmt::format("host-initiated resume p95 is {:.1f} ms (max {:.1f} ms over {} cycles) but expected at "
                                "most {:.0f} ms (--max-resume-ms)",
                                stats->p95_ms, stats->max_ms, stats->count, m.max_resume_ms));
}

// The device wakes the host on input (remote wakeup, USB 2.0 7.1.7.7 and 9.4.5 DEVICE_REMOTE_WAKEUP).
void remote_wakeup(const SuspendMeasurement& m, Reporter& r) {
    if (!m.remote_wakeup_capable)
        return r.violation("the device cannot signal remote wakeup: bmAttributes of the active configuration lacks "
                           "Remote Wakeup (0x20), so input cannot wake it");
    if (!m.wake_skip.empty()) return r.skip(m.wake_skip);
    if (m.interrupted && !m.wake_ms) return r.skip("the run was interrupted");
    if (!m.wake_problem.empty()) r.violation(m.wake_problem);
}

// The first input after resume is the one that woke the device, unaltered (Microsoft: "retain the
// first input ... when resuming").
void first_input(const SuspendMeasurement& m, Reporter& r) {
    if (!m.wake_skip.empty()) return r.skip(m.wake_skip);
    if (m.expected_keys.empty()) return r.skip("no expected input (--expect-key or --expect-report)");
    if (!m.wake_ms) return r.skip("the device did not wake, so no first input could follow");
    if (!m.first_frame)
        return r.violation(fmt::format("no key arrived within {} ms of the stimulus but expected {}: the first input "
                                       "was lost", m.wake_timeout_ms, usb::key_names(m.expected_keys, "no key")));
    if (m.first_frame->keys != m.expected_keys)
        r.violation(fmt::format("the first input after resume is {} ({:.1f} ms after the stimulus) but expected {}: "
                                "the first input was lost or altered",
                                usb::key_names(m.first_frame->keys, "motion without a key"), m.first_frame->at_ms,
                                usb::key_names(m.expected_keys, "no key")));
}

// With a command stimulus (a fixture) its time is known: stimulus to first input within
// --max-resume-ms ("resume without perceived delay"; the threshold is a policy, usb-reference 6).
void wake_latency(const SuspendMeasurement& m, Reporter& r) {
    if (m.stimulus.rfind("command:", 0) != 0)
        return r.skip(m.stimulus == "prompt" ? "a person's key press has no time stamp (--stimulus prompt)"
                                             : "no stimulus (--stimulus none)");
    if (!m.first_input_ms) return r.skip("no input arrived after the stimulus");
    if (*m.first_input_ms > m.max_resume_ms)
        r.violation(fmt::format("stimulus to first input took {:.1f} ms but expected at most {:.0f} ms (--max-resume-ms)",
                                *m.first_input_ms, m.max_resume_ms));
}

// USB 2.0 9.4.5: GET_STATUS (device) answers 2 bytes; Linux sends it after every resume and
// disconnects a device that answers otherwise (hub.c finish_port_resume, usb-reference 5.5).
void get_status(const SuspendMeasurement& m, Reporter& r) {
    if (m.get_status_checked == 0) return r.skip(m.resume_ms.empty() ? "no resume cycle ran" : "GET_STATUS was not sent");
    for (const auto& p : m.get_status_problems) r.violation(p);
}

// A keyboard suspends and resumes with an LED lit (Microsoft: "maintain power to active status LEDs").
void led_state(const SuspendMeasurement& m, Reporter& r) {
    if (!m.led_skip.empty()) return r.skip(m.led_skip);
    if (m.led_suspended == false)
        return r.violation(fmt::format("with Caps Lock lit and usbhid.ignoreled=1 the keyboard did not suspend within {} ms",
                                       m.enter_timeout_ms));
    if (m.led_after == false) r.violation("with Caps Lock lit the keyboard did not resume on control=on");
}

// Every power setting the run changed is back as it was (usbcheck's own promise).
void settings_restored(const SuspendMeasurement& m, Reporter& r) {
    if (!m.restore_error.empty()) r.violation(m.restore_error);
    for (const auto& [name, value] : m.before) {
        auto it = m.after.find(name);
        const std::string now = it == m.after.end() ? "unreadable" : it->second;
        if (now != value) r.violation(fmt::format("power/{} is {} after the run but was {} before", name, now, value));
    }
}

using Judge = void (*)(const SuspendMeasurement&, Reporter&);

const std::array<CheckDef, 8> k_checks{{
    {"suspend.enters", "the device autosuspends when idle", Severity::error,
     "Linux power-management.rst (control=auto, autosuspend_delay_ms); Microsoft, Selective suspend for HID over USB devices",
     "a device that never suspends draws full power on battery machines",
     "let every interface driver go idle; a HID device must not keep a key or output busy", nullptr},
    {"suspend.resume-latency", "host-initiated resume p95 within --max-resume-ms (default: Linux's waits on this host controller + 50 ms; spec floor ~30 ms)",
     Severity::error, "USB 2.0 7.1.7.7 (TDRSMDN 20 ms + TRSMRCY 10 ms); Microsoft, Selective suspend for HID over USB devices",
     "a person notices a resume much slower than the ~30 ms the bus needs",
     "answer the first requests after resume at once; do not re-enumerate", nullptr},
    {"suspend.get-status", "GET_STATUS right after each resume answers 2 bytes", Severity::error,
     "USB 2.0 9.4.5; Linux hub.c finish_port_resume (usb-reference 5.5)",
     "Linux checks every resumed device with GET_STATUS and disconnects one that answers wrongly",
     "answer GET_STATUS with exactly 2 bytes as soon as the resume recovery time (10 ms) is over", nullptr},
    {"suspend.remote-wakeup", "the device wakes the host on input", Severity::error,
     "USB 2.0 7.1.7.7, 9.6.3 (bmAttributes D5 Remote Wakeup); Microsoft, Selective suspend for HID over USB devices",
     "a suspended keyboard or mouse that cannot signal resume ignores the user",
     "set bmAttributes bit 5 and drive resume signalling on input", nullptr},
    {"suspend.first-input", "the first input after resume is delivered unaltered", Severity::error,
     "Microsoft, Selective suspend for HID over USB devices (retain the first input when resuming)",
     "a lost first key press is a typo the user did not make",
     "queue the input that woke the device and send it once the host polls again", nullptr},
    {"suspend.wake-latency", "stimulus to first input within --max-resume-ms", Severity::warning,
     "Microsoft, Selective suspend for HID over USB devices (resume without perceived delay); threshold: usb-reference 6",
     "input that arrives late after wakeup feels like a dead key",
     "signal remote wakeup at once and send the input on the first poll", nullptr},
    {"suspend.led-state", "a keyboard suspends and resumes with an LED lit", Severity::warning,
     "Microsoft, Selective suspend for HID over USB devices (maintain power to active status LEDs); Linux hid-core.c "
     "usbhid.ignoreled",
     "lock LEDs must stay meaningful across suspend",
     "keep the LED state through suspend and accept SET_REPORT(Output) after resume", nullptr},
    {"suspend.settings-restored", "usbcheck put every power setting back", Severity::error, k_linux_pm,
     "a test tool must leave the machine as it found it",
     "report this as a usbcheck bug; restore power/control by hand", nullptr},
}};
constexpr std::array<Judge, 8> k_judges{enters,      resume_latency, get_status, remote_wakeup, first_input,
                                        wake_latency, led_state,      settings_restored};

}  // namespace

std::span<const CheckDef> suspend_checks() { return k_checks; }

std::vector<CheckResult> judge_suspend(const SuspendMeasurement& m) {
    std::vector<CheckResult> results;
    for (size_t i = 0; i < k_checks.size(); ++i)
        results.push_back(run_check(k_checks[i], [&](Reporter& r) { k_judges[i](m, r); }));
    return results;
}

}  // namespace usbcheck::checks
