// Time behind an interface, so the statistics computed from it (throughput intervals, resume
// latencies) can be tested exactly with a fake clock.
#pragma once

#include <chrono>
#include <cstdint>

namespace usbcheck::usb {

using Nanos = std::chrono::nanoseconds;

class Clock {
public:
    virtual ~Clock() = default;
    virtual Nanos now() const = 0;  // monotonic
};

// CLOCK_MONOTONIC through std::chrono::steady_clock.
class SteadyClock final : public Clock {
public:
    Nanos now() const override {
        return std::chrono::duration_cast<Nanos>(std::chrono::steady_clock::now().time_since_epoch());
    }
};

// A clock the test moves by hand.
class FakeClock final : public Clock {
public:
    Nanos now() const override { return m_now; }
    void advance(Nanos by) { m_now += by; }
    void set(Nanos to) { m_now = to; }

private:
    Nanos m_now{0};
};

}  // namespace usbcheck::usb
