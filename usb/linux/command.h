// A fixture command run through /bin/sh in the background (the `command:CMD` stimulus): started
// without waiting, so the caller can time what the device does meanwhile, and ended when the
// object goes away.
#pragma once

#include <optional>
#include <string>
#include <sys/types.h>

#include <tl/expected.hpp>

namespace usbcheck::usb::sysfs {

class BackgroundCommand {
public:
    explicit BackgroundCommand(std::string command) : m_command(std::move(command)) {}
    // Waits up to `grace_ms` for the command to finish, then sends SIGTERM to its process group.
    ~BackgroundCommand();
    BackgroundCommand(const BackgroundCommand&) = delete;
    BackgroundCommand& operator=(const BackgroundCommand&) = delete;

    tl::expected<void, std::string> start();
    // The exit status once it ended (after the destructor's wait, or when finish() saw it).
    std::optional<int> finish(unsigned grace_ms = 2000);

private:
    std::string m_command;
    pid_t m_pid = -1;
    std::optional<int> m_status;
};

}  // namespace usbcheck::usb::sysfs
