// The suspend procedure against fakes: exact figures with a FakeClock, the first input judged
// from evdev frames, and the power settings restored after success, failure, an exception and a
// cancel (the last ones through real files in a temporary sysfs-like directory).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "test_util.h"
#include "usb/linux/runtime_pm.h"
#include "usb/suspend_engine.h"

namespace usbcheck {
namespace {

using usb::Nanos;

constexpr Nanos ms(int64_t n) { return Nanos{n * 1'000'000}; }

// A device that suspends `delay` ms after control=auto (and after every resume), takes
// `resume_ms` inside a control=on write, and wakes `wake_ms` after the stimulus.
class FakeDevicePower final : public usb::PowerFiles {
public:
    explicit FakeDevicePower(usb::FakeClock& clock) : m_clock(clock) {}
    std::map<std::string, std::string> values{{"control", "on"}, {"autosuspend_delay_ms", "2000"}, {"wakeup", "disabled"}};
    int64_t resume_ms = 52;
    bool suspends = true;
    std::optional<Nanos> wake_at;
    std::vector<std::string> writes;

    std::optional<std::string> read(const std::string& a) override {
        if (a == "runtime_status") return status();
        auto it = values.find(a);
        return it == values.end() ? std::nullopt : std::optional(it->second);
    }
    tl::expected<void, std::string> write(const std::string& a, const std::string& v) override {
        writes.push_back(a + "=" + v);
        if (a == "control" && v == "on" && m_suspended_since && m_clock.now() >= *m_suspended_since)
            m_clock.advance(ms(resume_ms));
        values[a] = v;
        if (a == "control") m_suspended_since = v == "auto" ? std::optional(idle_from(m_clock.now())) : std::nullopt;
        return {};
    }
    std::string status() {
        if (!suspends || !m_suspended_since || m_clock.now() < *m_suspended_since) return "active";
        if (wake_at && m_clock.now() >= *wake_at) {
            wake_at.reset();
            m_suspended_since = idle_from(m_clock.now() + ms(1000));  // busy with input for a while
            return "resuming";
        }
        return "suspended";
    }

private:
    Nanos idle_from(Nanos t) const { return t + ms(std::stoll(values.at("autosuspend_delay_ms"))); }
    usb::FakeClock& m_clock;
    std::optional<Nanos> m_suspended_since;
};

class FakeReader final : public usb::InputReader {
public:
    FakeReader(usb::FakeClock& clock, std::vector<usb::InputEvent> events) : m_clock(clock), m_events(std::move(events)) {}
    std::string name() const override { return "/dev/input/event7"; }
    std::vector<usb::InputEvent> read_events() override {
        std::vector<usb::InputEvent> due;
        while (!m_events.empty() && m_events.front().time <= m_clock.now()) {
            due.push_back(m_events.front());
            m_events.erase(m_events.begin());
        }
        return due;
    }
    bool has_caps_lock_led() const override { return true; }
    tl::expected<void, std::string> set_caps_lock_led(bool) override { return {}; }

private:
    usb::FakeClock& m_clock;
    std::vector<usb::InputEvent> m_events;
};

struct Bench {
    usb::FakeClock clock;
    FakeDevicePower power{clock};
    int64_t wake_after_ms = 30;
    bool stimulated = false;

    usb::SuspendEnv env() {
        return {power, clock, [this](Nanos d) { clock.advance(d); },
                [this]() -> tl::expected<std::unique_ptr<usb::InputReader>, std::string> {
                    return std::make_unique<FakeReader>(clock, std::vector<usb::InputEvent>{});
                },
                [this]() -> tl::expected<void, std::string> {
                    stimulated = true;
                    power.wake_at = clock.now() + ms(wake_after_ms);
                    return {};
                }};
    }
};

usb::InputEvent key(Nanos at, uint16_t code, int32_t value = 1) { return {at, 1, code, value}; }
usb::InputEvent syn(Nanos at) { return {at, 0, 0, 0}; }

TEST(LatencyStats, ExactFigures) {
    const auto s = usb::latency_stats({70, 50, 54, 52, 60});
    ASSERT_TRUE(s);
    EXPECT_EQ(s->count, 5u);
    EXPECT_DOUBLE_EQ(s->min_ms, 50);
    EXPECT_DOUBLE_EQ(s->median_ms, 54);
    EXPECT_DOUBLE_EQ(s->p95_ms, 70);
    EXPECT_DOUBLE_EQ(s->max_ms, 70);
    std::vector<double> twenty;
    for (int i = 1; i <= 20; ++i) twenty.push_back(i);
    EXPECT_DOUBLE_EQ(usb::latency_stats(twenty)->p95_ms, 19);  // nearest rank: ceil(0.95 * 20) = 19th
    EXPECT_DOUBLE_EQ(usb::latency_stats(twenty)->median_ms, 10.5);
    EXPECT_FALSE(usb::latency_stats({}));
}

TEST(InputFrames, KeyDownsAndMotionUpToEachSyn) {
    const std::vector<usb::InputEvent> events = {key(ms(5), 30), key(ms(5), 42), syn(ms(5)), key(ms(9), 30, 0),
                                                 syn(ms(9)), {ms(11), 2, 0, -3}, syn(ms(11)), key(ms(12), 48),
                                                 syn(ms(12))};
    const auto frames = usb::input_frames(events, ms(2));
    ASSERT_EQ(frames.size(), 3u);
    EXPECT_EQ(frames[0].keys, (std::vector<int>{30, 42}));
    EXPECT_DOUBLE_EQ(frames[0].at_ms, 3);
    EXPECT_FALSE(frames[0].motion);
    EXPECT_TRUE(frames[1].keys.empty());  // the release at 9 ms is no input; the REL_X move is
    EXPECT_TRUE(frames[1].motion);
    EXPECT_DOUBLE_EQ(frames[1].at_ms, 9);
    EXPECT_EQ(frames[2].keys, std::vector<int>{48});
}

TEST(GetStatusProblem, TwoBytesOrSaysWhatCame) {
    EXPECT_EQ(usb::get_status_problem({usb::TransferStatus::ok, {0x02, 0x00}}), "");
    EXPECT_EQ(usb::get_status_problem({usb::TransferStatus::ok, {}}), "GET_STATUS returned 0 bytes but expected 2");
    EXPECT_EQ(usb::get_status_problem({usb::TransferStatus::stall, {}}), "GET_STATUS got stall but expected 2 bytes");
}

TEST(SuspendEngine, ExactFiguresAndSettingsRestored) {
    Bench b;
    usb::SuspendPlan plan;
    plan.cycles = 3;
    plan.stimulus = "command:inject";
    plan.remote_wakeup_capable = true;
    plan.expected_keys = {30};
    plan.ignoreled = "1";
    auto env = b.env();
    // The reader delivers A 45 ms after the stimulus; the stimulus comes after the engine's waits.
    env.open_input = [&]() -> tl::expected<std::unique_ptr<usb::InputReader>, std::string> {
        struct Delayed final : usb::InputReader {
            Bench& b;
            explicit Delayed(Bench& bench) : b(bench) {}
            std::string name() const override { return "/dev/input/event7"; }
            std::vector<usb::InputEvent> read_events() override {
                if (!b.stimulated || b.power.wake_at) return {};
                const Nanos t0 = b.clock.now();
                b.stimulated = false;
                return {key(t0 + ms(15), 30), syn(t0 + ms(15))};
            }
            bool has_caps_lock_led() const override { return true; }
            tl::expected<void, std::string> set_caps_lock_led(bool) override { return {}; }
        };
        return std::make_unique<Delayed>(b);
    };
    // GET_STATUS after each resume: the second answers with nothing.
    int asked = 0;
    env.get_status = [&] { return ++asked == 2 ? std::string("GET_STATUS returned 0 bytes but expected 2") : std::string(); };
    const auto m = usb::run_suspend("1-1", plan, env);
    ASSERT_TRUE(m.enter_ms);
    EXPECT_DOUBLE_EQ(*m.enter_ms, 100);
    EXPECT_EQ(m.get_status_checked, 3u);
    EXPECT_EQ(m.get_status_problems, std::vector<std::string>{"cycle 2: GET_STATUS returned 0 bytes but expected 2"});
    EXPECT_EQ(m.resume_ms, (std::vector<double>{52, 52, 52}));
    ASSERT_TRUE(m.wake_ms);
    EXPECT_DOUBLE_EQ(*m.wake_ms, 30);
    ASSERT_TRUE(m.first_frame);
    EXPECT_EQ(m.first_frame->keys, std::vector<int>{30});
    EXPECT_DOUBLE_EQ(*m.first_input_ms, 45);
    EXPECT_EQ(m.input_node, "/dev/input/event7");
    EXPECT_EQ(m.led_suspended, true);
    EXPECT_EQ(m.before, m.after);
    EXPECT_EQ(b.power.values.at("control"), "on");
    EXPECT_EQ(b.power.values.at("autosuspend_delay_ms"), "2000");
    EXPECT_EQ(b.power.values.at("wakeup"), "disabled");
    EXPECT_TRUE(m.restore_error.empty());
}

TEST(SuspendEngine, NoRemoteWakeupNeverSuspendsWithTheReaderOpen) {
    Bench b;
    b.power.suspends = false;
    usb::SuspendPlan plan;
    plan.enter_timeout_ms = 300;
    plan.stimulus = "command:inject";
    auto env = b.env();
    const auto m = usb::run_suspend("1-1", plan, env);
    EXPECT_FALSE(m.enter_ms);
    EXPECT_EQ(m.enter_status, "active");
    EXPECT_NE(m.enter_problem.find("runtime_status is active after 300 ms"), std::string::npos) << m.enter_problem;
    EXPECT_NE(m.enter_problem.find("cannot signal remote wakeup"), std::string::npos) << m.enter_problem;
    EXPECT_FALSE(b.stimulated);
    EXPECT_EQ(m.before, m.after);
}

// Real files standing in for /sys/bus/usb/devices/1-1/power.
class SysfsRestore : public ::testing::Test {
protected:
    void SetUp() override {
        m_root = test::make_temp_dir("usbcheck_power");
        ASSERT_FALSE(m_root.empty());
        std::filesystem::create_directories(m_root + "/1-1/power");
        put("control", "on\n");
        put("autosuspend_delay_ms", "1500\n");
        put("wakeup", "disabled\n");
        put("runtime_status", "active\n");
    }
    void TearDown() override { std::filesystem::remove_all(m_root); }
    void put(const std::string& name, const std::string& text) { std::ofstream(m_root + "/1-1/power/" + name) << text; }
    std::string get(const std::string& name) {
        std::ifstream in(m_root + "/1-1/power/" + name);
        return std::string(std::istreambuf_iterator<char>(in), {});
    }
    std::string m_root;
};

TEST_F(SysfsRestore, AfterAFailedEntry) {
    usb::sysfs::SysfsPowerFiles power("1-1", m_root);
    usb::FakeClock clock;
    usb::SuspendEnv env{power, clock, [&](Nanos d) { clock.advance(d); }, nullptr, nullptr};
    usb::SuspendPlan plan;
    plan.enter_timeout_ms = 50;
    const auto m = usb::run_suspend("1-1", plan, env);
    EXPECT_FALSE(m.enter_ms);
    EXPECT_EQ(get("control"), "on");
    EXPECT_EQ(get("autosuspend_delay_ms"), "1500");
    EXPECT_EQ(get("wakeup"), "disabled");
    EXPECT_EQ(m.after, m.before);
    EXPECT_EQ(m.before.at("autosuspend_delay_ms"), "1500");
}

TEST_F(SysfsRestore, AfterAnExceptionAndAfterACancel) {
    put("runtime_status", "suspended\n");
    usb::sysfs::SysfsPowerFiles power("1-1", m_root);
    usb::FakeClock clock;
    usb::SuspendPlan plan;
    plan.stimulus = "prompt";
    plan.cycles = 1;
    // control=on "resumes": runtime_status follows the control file.
    struct Following final : usb::PowerFiles {
        usb::PowerFiles& real;
        explicit Following(usb::PowerFiles& p) : real(p) {}
        std::optional<std::string> read(const std::string& a) override {
            if (a == "runtime_status") return real.read("control") == "on" ? "active" : "suspended";
            return real.read(a);
        }
        tl::expected<void, std::string> write(const std::string& a, const std::string& v) override { return real.write(a, v); }
    } following(power);
    usb::SuspendEnv env{following, clock, [&](Nanos d) { clock.advance(d); },
                        []() -> tl::expected<std::unique_ptr<usb::InputReader>, std::string> {
                            throw std::runtime_error("evdev exploded");
                        },
                        nullptr};
    EXPECT_THROW(usb::run_suspend("1-1", plan, env), std::runtime_error);
    EXPECT_EQ(get("control"), "on");
    EXPECT_EQ(get("autosuspend_delay_ms"), "1500");
    EXPECT_EQ(get("wakeup"), "disabled");

    // SIGINT arrived: the engine stops after entry and restores.
    env.cancelled = [] { return true; };
    const auto m = usb::run_suspend("1-1", plan, env);
    EXPECT_TRUE(m.interrupted);
    EXPECT_EQ(get("control"), "on");
    EXPECT_EQ(get("autosuspend_delay_ms"), "1500");
    EXPECT_EQ(m.after, m.before);
}

TEST_F(SysfsRestore, WriteErrorNamesTheFile) {
    usb::sysfs::SysfsPowerFiles power("1-2", m_root);
    const auto w = power.write("control", "auto");
    ASSERT_FALSE(w);
    EXPECT_NE(w.error().find("1-2/power/control"), std::string::npos) << w.error();
}

}  // namespace
}  // namespace usbcheck
