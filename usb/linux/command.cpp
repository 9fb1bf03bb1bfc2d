// fork + exec of /bin/sh -c, in its own process group so that ending it ends its children too.
#include "usb/linux/command.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <thread>
#include <sys/wait.h>
#include <unistd.h>

namespace usbcheck::usb::sysfs {

tl::expected<void, std::string> BackgroundCommand::start() {
    const pid_t pid = ::fork();
    if (pid < 0) return tl::unexpected(std::string("fork failed: ") + std::strerror(errno));
    if (pid == 0) {
        ::setpgid(0, 0);
        ::execl("/bin/sh", "sh", "-c", m_command.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    m_pid = pid;
    return {};
}

std::optional<int> BackgroundCommand::finish(unsigned grace_ms) {
    if (m_pid <= 0) return m_status;
    int status = 0;
    for (unsigned waited = 0;; waited += 10) {
        const pid_t r = ::waitpid(m_pid, &status, WNOHANG);
        if (r == m_pid) break;
        if (r < 0) {
            m_pid = -1;
            return m_status;
        }
        if (waited >= grace_ms) {
            ::kill(-m_pid, SIGTERM);
            ::waitpid(m_pid, &status, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    m_pid = -1;
    m_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return m_status;
}

BackgroundCommand::~BackgroundCommand() { finish(); }

}  // namespace usbcheck::usb::sysfs
