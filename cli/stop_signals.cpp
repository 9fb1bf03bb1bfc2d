// See stop_signals.h.
#include "cli/stop_signals.h"

namespace usbcheck::cli {

namespace {

volatile std::sig_atomic_t g_signal = 0;
extern "C" void on_stop_signal(int signal) { g_signal = signal; }

}  // namespace

StopSignals::StopSignals() {
    g_signal = 0;
    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    // Installed even where the shell ignored SIGINT (a background job): a user's kill -INT should
    // still stop the run cleanly.
    sigaction(SIGINT, &action, &m_int);
    sigaction(SIGTERM, &action, &m_term);
}

StopSignals::~StopSignals() {
    sigaction(SIGINT, &m_int, nullptr);
    sigaction(SIGTERM, &m_term, nullptr);
}

const volatile std::sig_atomic_t* StopSignals::flag() { return &g_signal; }

}  // namespace usbcheck::cli
