// The selective-suspend procedure over the PowerFiles / InputReader / Clock interfaces.
#include "usb/suspend_engine.h"

#include <algorithm>

#include <fmt/format.h>

namespace usbcheck::usb {
namespace {

constexpr uint16_t k_ev_syn = 0, k_ev_key = 1, k_ev_rel = 2, k_ev_abs = 3, k_syn_report = 0;
constexpr Nanos k_poll{1'000'000};  // 1 ms: the resolution of the sysfs-polled figures
// usbhid drops reports for 50 ms after the first open (HID_RESUME_RUNNING); wait longer.
constexpr Nanos k_after_open{60'000'000};

double ms_between(Nanos from, Nanos to) { return static_cast<double>((to - from).count()) / 1e6; }

class Procedure {
public:
    Procedure(const SuspendPlan& plan, SuspendEnv& env, SuspendMeasurement& m) : m_plan(plan), m_env(env), m_m(m) {}

    std::string status() { return m_env.power.read("runtime_status").value_or(""); }

    // Polls runtime_status until it is `want`; the time it took, or nullopt at the timeout or on
    // cancel (m_last holds the status last seen).
    std::optional<double> wait_status(const std::string& want, unsigned timeout_ms) {
        const Nanos start = m_env.clock.now();
        const Nanos limit = start + Nanos{int64_t{timeout_ms} * 1'000'000};
        for (;;) {
            m_last = status();
            if (m_last == want) return ms_between(start, m_env.clock.now());
            if (m_env.clock.now() >= limit || cancelled()) return std::nullopt;
            m_env.sleep(k_poll);
        }
    }

    bool cancelled() {
        if (m_env.cancelled()) m_m.interrupted = true;
        return m_m.interrupted;
    }

    tl::expected<void, std::string> write(const std::string& attribute, const std::string& value) {
        return m_env.power.write(attribute, value);
    }

    void enter() {
        if (!m_m.before.count("control")) {
            m_m.enter_problem = "the device has no power/control (runtime PM not available)";
            return;
        }
        if (m_m.before.count("wakeup"))
            if (auto w = write("wakeup", "enabled"); !w) return void(m_m.enter_problem = w.error());
        if (auto w = write("autosuspend_delay_ms", std::to_string(m_plan.autosuspend_delay_ms)); !w)
            return void(m_m.enter_problem = w.error());
        if (auto w = write("control", "auto"); !w) return void(m_m.enter_problem = w.error());
        m_m.enter_ms = wait_status("suspended", m_plan.enter_timeout_ms);
        if (!m_m.enter_ms) {
            m_m.enter_status = m_last;
            m_m.enter_problem = fmt::format("runtime_status is {} after {} ms with control=auto and autosuspend_delay_ms={}",
                                            m_last.empty() ? "unreadable" : m_last, m_plan.enter_timeout_ms,
                                            m_plan.autosuspend_delay_ms);
            // An opened input device (the console's keyboard handler opens every keyboard) needs
            // remote wakeup to autosuspend (usb-reference 5.2).
            if (!m_plan.remote_wakeup_capable)
                m_m.enter_problem += "; the device cannot signal remote wakeup, and Linux keeps an opened input device "
                                     "that cannot wake active";
        }
    }

    // Host-initiated resume: writing "on" resumes the device synchronously (pm_runtime_forbid).
    void resume_cycles() {
        for (unsigned i = 0; i < m_plan.cycles && !cancelled(); ++i) {
            const Nanos t0 = m_env.clock.now();
            if (auto w = write("control", "on"); !w) return void(m_m.resume_problem = w.error());
            const Nanos t1 = m_env.clock.now();
            if (const auto s = status(); s != "active")
                return void(m_m.resume_problem =
                                fmt::format("cycle {}: runtime_status is {} after control=on, expected active", i + 1, s));
            m_m.resume_ms.push_back(ms_between(t0, t1));
            if (m_env.get_status) {
                ++m_m.get_status_checked;
                if (auto p = m_env.get_status(); !p.empty())
                    m_m.get_status_problems.push_back(fmt::format("cycle {}: {}", i + 1, p));
            }
            if (auto w = write("control", "auto"); !w) return void(m_m.resume_problem = w.error());
            if (!wait_status("suspended", m_plan.enter_timeout_ms))
                return void(m_m.resume_problem = fmt::format(
                                "cycle {}: the device did not suspend again (runtime_status {})", i + 1, m_last));
        }
    }

    void remote_wakeup() {
        if (m_plan.stimulus == "none") return void(m_m.wake_skip = "no stimulus (--stimulus none)");
        auto reader = m_env.open_input();
        if (!reader) return void(m_m.wake_skip = reader.error());
        m_reader = std::move(*reader);
        m_m.input_node = m_reader->name();
        const Nanos opened = m_env.clock.now();
        // With the reader open usbhid needs remote wakeup for autosuspend (usb-reference 5.2).
        if (!wait_status("suspended", m_plan.enter_timeout_ms)) {
            m_m.wake_problem = m_plan.remote_wakeup_capable
                ? fmt::format("with its input device open the device did not suspend (runtime_status {})", m_last)
                : fmt::format("the device cannot signal remote wakeup (bmAttributes bit 5 clear), so Linux keeps it "
                              "awake while its input is read (runtime_status {})", m_last);
            return;
        }
        while (m_env.clock.now() < opened + k_after_open) m_env.sleep(k_poll);
        m_reader->read_events();  // whatever came before the stimulus is not its input
        const Nanos t0 = m_env.clock.now();
        if (auto s = m_env.stimulate(); !s) return void(m_m.wake_problem = "the stimulus failed: " + s.error());
        std::vector<InputEvent> events;
        const Nanos limit = t0 + Nanos{int64_t{m_plan.wake_timeout_ms} * 1'000'000};
        while (!cancelled()) {
            if (!m_m.wake_ms && status() != "suspended") m_m.wake_ms = ms_between(t0, m_env.clock.now());
            auto more = m_reader->read_events();
            events.insert(events.end(), more.begin(), more.end());
            if (!m_m.first_frame) {
                auto frames = input_frames(events, t0);
                if (!frames.empty()) {
                    m_m.first_frame = frames.front();
                    m_m.first_input_ms = frames.front().at_ms;
                }
            }
            if ((m_m.wake_ms && m_m.first_frame) || m_env.clock.now() >= limit) break;
            m_env.sleep(k_poll);
        }
        if (!m_m.wake_ms && !m_m.interrupted)
            m_m.wake_problem = fmt::format("runtime_status stayed suspended for {} ms after the stimulus", m_plan.wake_timeout_ms);
    }

    // Linux keeps a keyboard with a lit LED awake unless usbhid.ignoreled=1 (hid-core.c hid_suspend).
    void led_state() {
        if (!m_reader) return void(m_m.led_skip = "no input device was read (remote wakeup not tried)");
        if (!m_reader->has_caps_lock_led()) return void(m_m.led_skip = "the input device has no Caps Lock LED");
        if (m_plan.ignoreled != "1" && m_plan.ignoreled != "Y")
            return void(m_m.led_skip = fmt::format("usbhid.ignoreled is {}: Linux keeps a keyboard with a lit LED awake "
                                                   "(load usbhid with ignoreled=1 to test LEDs across suspend)",
                                                   m_plan.ignoreled.empty() ? "unknown" : m_plan.ignoreled));
        if (auto w = m_reader->set_caps_lock_led(true); !w) return void(m_m.led_skip = w.error());
        m_m.led_suspended = wait_status("suspended", m_plan.enter_timeout_ms).has_value();
        if (!*m_m.led_suspended && m_m.interrupted) {
            m_m.led_suspended.reset();
            m_m.led_skip = "the run was interrupted";
        } else if (*m_m.led_suspended) {
            const bool resumed = write("control", "on").has_value() && status() == "active";
            m_m.led_after = resumed;
        }
        (void)m_reader->set_caps_lock_led(false);
    }

    void close_input() { m_reader.reset(); }

private:
    const SuspendPlan& m_plan;
    SuspendEnv& m_env;
    SuspendMeasurement& m_m;
    std::unique_ptr<InputReader> m_reader;
    std::string m_last;
};

}  // namespace

std::map<std::string, std::string> save_power(PowerFiles& power) {
    std::map<std::string, std::string> saved;
    for (const auto& a : k_saved_power_attributes)
        if (auto v = power.read(a)) saved[a] = *v;
    return saved;
}

std::string restore_power(PowerFiles& power, const std::map<std::string, std::string>& saved) {
    std::string first;
    for (const auto& a : k_saved_power_attributes) {
        auto it = saved.find(a);
        if (it == saved.end() || power.read(a) == it->second) continue;
        if (auto w = power.write(a, it->second); !w && first.empty()) first = w.error();
    }
    return first;
}

std::vector<InputFrame> input_frames(const std::vector<InputEvent>& events, Nanos origin) {
    std::vector<InputFrame> frames;
    InputFrame current;
    for (const auto& e : events) {
        if (e.type == k_ev_key && e.value == 1) current.keys.push_back(e.code);
        if (e.type == k_ev_rel || e.type == k_ev_abs) current.motion = true;
        if (e.type == k_ev_syn && e.code == k_syn_report && (!current.keys.empty() || current.motion)) {
            current.at_ms = ms_between(origin, e.time);
            std::sort(current.keys.begin(), current.keys.end());
            frames.push_back(std::move(current));
            current = {};
        }
    }
    return frames;
}

SuspendMeasurement run_suspend(const std::string& device, const SuspendPlan& plan, SuspendEnv& env) {
    SuspendMeasurement m;
    m.device = device;
    m.autosuspend_delay_ms = plan.autosuspend_delay_ms;
    m.enter_timeout_ms = plan.enter_timeout_ms;
    m.wake_timeout_ms = plan.wake_timeout_ms;
    m.cycles_requested = plan.cycles;
    m.stimulus = plan.stimulus;
    m.expected_keys = plan.expected_keys;
    m.expected_text = plan.expected_text;
    m.max_resume_ms = plan.max_resume_ms;
    m.max_resume_given = plan.max_resume_given;
    m.host_controller = plan.host_controller;
    m.host_floor_ms = plan.host_floor_ms;
    m.remote_wakeup_capable = plan.remote_wakeup_capable;
    m.before = save_power(env.power);
    Procedure p(plan, env, m);
    const auto finish = [&] {
        p.close_input();  // the evdev reader holds the device; close it before restoring
        m.restore_error = restore_power(env.power, m.before);
        m.after = save_power(env.power);
    };
    try {
        p.enter();
        if (m.enter_ms && !p.cancelled()) p.resume_cycles();
        if (m.enter_ms && !p.cancelled()) p.remote_wakeup();
        else if (!m.enter_ms) m.wake_skip = "the device did not suspend";
        if (m.enter_ms && !p.cancelled()) p.led_state();
        else if (m.led_skip.empty()) m.led_skip = m.enter_ms ? "the run was interrupted" : "the device did not suspend";
    } catch (...) {
        finish();
        throw;
    }
    finish();
    return m;
}

}  // namespace usbcheck::usb
