// Tests of the suspend.* measured checks: each judged on a hand-built measurement that passes
// and on one that fails it.
#include <gtest/gtest.h>

#include <algorithm>

#include "check_test_util.h"
#include "checks/suspend.h"

namespace usbcheck {
namespace {

using checks::Status;
using test::is;

// A run where everything worked: the bench's hid-suspend-good figures.
usb::SuspendMeasurement good() {
    usb::SuspendMeasurement m;
    m.device = "1-1";
    m.before = m.after = {{"control", "on"}, {"autosuspend_delay_ms", "1500"}, {"wakeup", "enabled"}};
    m.enter_ms = 129.2;
    m.cycles_requested = 3;
    m.resume_ms = {68.5, 68.6, 69.1};
    m.get_status_checked = 3;
    m.stimulus = "command:inject";
    m.remote_wakeup_capable = true;
    m.wake_ms = 78.5;
    m.first_input_ms = 100.3;
    m.first_frame = usb::InputFrame{100.3, {30}};
    m.expected_keys = {30};
    m.led_suspended = true;
    m.led_after = true;
    m.max_resume_ms = 500;
    return m;
}

checks::CheckResult judged(const usb::SuspendMeasurement& m, std::string_view id) {
    const auto results = checks::judge_suspend(m);
    auto it = std::find_if(results.begin(), results.end(), [&](const checks::CheckResult& r) { return r.def->id == id; });
    EXPECT_NE(it, results.end()) << id;
    return it == results.end() ? checks::CheckResult{} : *it;
}

TEST(SuspendChecks, AllPassOnAGoodRun) {
    for (const auto& r : checks::judge_suspend(good())) EXPECT_EQ(r.status, Status::pass) << r.def->id;
    EXPECT_EQ(checks::judge_suspend(good()).size(), checks::suspend_checks().size());
}

TEST(SuspendChecks, Enters) {
    auto m = good();
    m.enter_ms.reset();
    m.enter_problem = "runtime_status is active after 5100 ms with control=auto and autosuspend_delay_ms=100";
    EXPECT_TRUE(is(judged(m, "suspend.enters"), Status::fail, "runtime_status is active after 5100 ms"));
}

TEST(SuspendChecks, ResumeLatencyAgainstTheLimit) {
    auto m = good();
    m.max_resume_ms = 60;
    EXPECT_TRUE(is(judged(m, "suspend.resume-latency"), Status::fail,
                   "host-initiated resume p95 is 69.1 ms (max 69.1 ms over 3 cycles) but expected at most 60 ms"));
    m = good();
    m.resume_ms.clear();
    m.resume_problem = "cycle 1: runtime_status is suspended after control=on, expected active";
    EXPECT_TRUE(is(judged(m, "suspend.resume-latency"), Status::fail, "cycle 1: runtime_status is suspended"));
}

TEST(SuspendChecks, GetStatusAfterResume) {
    auto m = good();
    m.get_status_problems = {"cycle 2: GET_STATUS returned 0 bytes but expected 2"};
    EXPECT_TRUE(is(judged(m, "suspend.get-status"), Status::fail, "cycle 2: GET_STATUS returned 0 bytes but expected 2"));
    m = good();
    m.get_status_checked = 0;
    EXPECT_TRUE(is(judged(m, "suspend.get-status"), Status::skip, "GET_STATUS was not sent"));
}

TEST(SuspendChecks, RemoteWakeup) {
    auto m = good();
    m.wake_ms.reset();
    m.wake_problem = "runtime_status stayed suspended for 10000 ms after the stimulus";
    EXPECT_TRUE(is(judged(m, "suspend.remote-wakeup"), Status::fail, "stayed suspended for 10000 ms"));
    m = good();
    m.remote_wakeup_capable = false;
    EXPECT_TRUE(is(judged(m, "suspend.remote-wakeup"), Status::fail, "lacks Remote Wakeup (0x20)"));
    m = good();
    m.wake_skip = "no stimulus (--stimulus none)";
    EXPECT_TRUE(is(judged(m, "suspend.remote-wakeup"), Status::skip, "no stimulus"));
}

TEST(SuspendChecks, FirstInputLostOrAltered) {
    auto m = good();
    m.first_frame = usb::InputFrame{97.1, {48}};
    EXPECT_TRUE(is(judged(m, "suspend.first-input"), Status::fail,
                   "the first input after resume is KEY_B (97.1 ms after the stimulus) but expected KEY_A"));
    m.first_frame = usb::InputFrame{20.5, {}, true};
    EXPECT_TRUE(is(judged(m, "suspend.first-input"), Status::fail,
                   "the first input after resume is motion without a key (20.5 ms after the stimulus) but expected KEY_A"));
    m.first_frame.reset();
    m.wake_timeout_ms = 10000;
    EXPECT_TRUE(is(judged(m, "suspend.first-input"), Status::fail,
                   "no key arrived within 10000 ms of the stimulus but expected KEY_A: the first input was lost"));
    m = good();
    m.expected_keys.clear();
    EXPECT_TRUE(is(judged(m, "suspend.first-input"), Status::skip, "no expected input"));
}

TEST(SuspendChecks, WakeLatencyOnlyWithACommand) {
    auto m = good();
    m.max_resume_ms = 90;
    m.resume_ms = {50};
    EXPECT_TRUE(is(judged(m, "suspend.wake-latency"), Status::warn,
                   "stimulus to first input took 100.3 ms but expected at most 90 ms"));
    m.stimulus = "prompt";
    EXPECT_TRUE(is(judged(m, "suspend.wake-latency"), Status::skip, "a person's key press has no time stamp"));
}

TEST(SuspendChecks, LedState) {
    auto m = good();
    m.led_suspended = false;
    EXPECT_TRUE(is(judged(m, "suspend.led-state"), Status::warn,
                   "with Caps Lock lit and usbhid.ignoreled=1 the keyboard did not suspend"));
    m = good();
    m.led_skip = "usbhid.ignoreled is 0: Linux keeps a keyboard with a lit LED awake";
    EXPECT_TRUE(is(judged(m, "suspend.led-state"), Status::skip, "usbhid.ignoreled is 0"));
}

TEST(SuspendChecks, SettingsRestored) {
    auto m = good();
    m.after["control"] = "auto";
    EXPECT_TRUE(is(judged(m, "suspend.settings-restored"), Status::fail,
                   "power/control is auto after the run but was on before"));
    m = good();
    m.restore_error = "writing 'on' to /sys/bus/usb/devices/1-1/power/control failed: Permission denied";
    EXPECT_TRUE(is(judged(m, "suspend.settings-restored"), Status::fail, "Permission denied"));
}

}  // namespace
}  // namespace usbcheck
