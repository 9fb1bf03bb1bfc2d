// SIGINT and SIGTERM during a measurement: instead of killing usbcheck they set a flag that the
// measurement polls, so it can stop, undo what it changed (power settings, a claimed interface)
// and write its report. The previous handlers come back when the guard goes.
#pragma once

#include <csignal>

namespace usbcheck::cli {

class StopSignals {
public:
    StopSignals();
    ~StopSignals();
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

    // The signal that arrived since the guard was made (0: none), for polling.
    static const volatile std::sig_atomic_t* flag();
    static int received() { return *flag(); }

private:
    struct sigaction m_int {}, m_term {};
};

}  // namespace usbcheck::cli
