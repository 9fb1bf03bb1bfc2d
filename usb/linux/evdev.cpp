// Finding a USB device's event nodes in sysfs and reading them without blocking.
#include "usb/linux/evdev.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fcntl.h>
#include <linux/input.h>
#include <sys/ioctl.h>
#include <unistd.h>

namespace usbcheck::usb::sysfs {
namespace {

namespace fs = std::filesystem;

class EvdevReader final : public InputReader {
public:
    EvdevReader(std::string node, int fd, bool writable) : m_node(std::move(node)), m_fd(fd), m_writable(writable) {}
    ~EvdevReader() override { ::close(m_fd); }
    EvdevReader(const EvdevReader&) = delete;
    EvdevReader& operator=(const EvdevReader&) = delete;

    std::string name() const override { return m_node; }

    std::vector<InputEvent> read_events() override {
        std::vector<InputEvent> out;
        input_event buffer[64];
        for (;;) {
            const ssize_t n = ::read(m_fd, buffer, sizeof buffer);
            if (n <= 0) break;  // EAGAIN: nothing more now
            for (size_t i = 0; i < static_cast<size_t>(n) / sizeof(input_event); ++i) {
                const auto& e = buffer[i];
                out.push_back({Nanos{int64_t{e.input_event_sec} * 1'000'000'000 + int64_t{e.input_event_usec} * 1000},
                               e.type, e.code, e.value});
            }
        }
        return out;
    }

    bool has_caps_lock_led() const override {
        unsigned long bits[(LED_MAX + 8 * sizeof(unsigned long)) / (8 * sizeof(unsigned long))] = {};
        if (::ioctl(m_fd, EVIOCGBIT(EV_LED, sizeof bits), bits) < 0) return false;
        return (bits[LED_CAPSL / (8 * sizeof(unsigned long))] >> (LED_CAPSL % (8 * sizeof(unsigned long)))) & 1;
    }

    tl::expected<void, std::string> set_caps_lock_led(bool on) override {
        if (!m_writable) return tl::unexpected(std::string("the input node is not writable, so no LED can be set"));
        input_event events[2] = {};
        events[0].type = EV_LED;
        events[0].code = LED_CAPSL;
        events[0].value = on ? 1 : 0;
        events[1].type = EV_SYN;
        events[1].code = SYN_REPORT;
        if (::write(m_fd, events, sizeof events) != static_cast<ssize_t>(sizeof events))
            return tl::unexpected(std::string("setting Caps Lock through evdev failed: ") + std::strerror(errno));
        return {};
    }

private:
    std::string m_node;
    int m_fd;
    bool m_writable;
};

}  // namespace

std::vector<std::string> input_event_nodes(const std::string& name, const std::string& root,
                                           const std::string& dev_root) {
    std::vector<std::string> nodes;
    std::error_code ec;
    const fs::path device = fs::path(root) / name;
    for (const auto& interface : fs::directory_iterator(device, ec)) {
        // Interface directories only ("1-1:1.0"), not child devices of a hub.
        if (interface.path().filename().string().rfind(name + ":", 0) != 0) continue;
        fs::recursive_directory_iterator it(interface.path(), fs::directory_options::skip_permission_denied, ec), end;
        for (; !ec && it != end; it.increment(ec)) {
            const std::string leaf = it->path().filename().string();
            if (leaf.rfind("event", 0) == 0 && it->path().parent_path().filename().string().rfind("input", 0) == 0)
                nodes.push_back(dev_root + "/" + leaf);
            if (it.depth() > 4) it.disable_recursion_pending();
        }
    }
    std::sort(nodes.begin(), nodes.end());
    return nodes;
}

tl::expected<std::unique_ptr<InputReader>, std::string> open_evdev(const std::string& node) {
    bool writable = true;
    int fd = ::open(node.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0 && errno == EACCES) {
        writable = false;
        fd = ::open(node.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    }
    if (fd < 0) return tl::unexpected("cannot open " + node + ": " + std::strerror(errno));
    // Event times on the clock the stimulus is timed with.
    int clock = CLOCK_MONOTONIC;
    if (::ioctl(fd, EVIOCSCLOCKID, &clock) < 0) {
        const int error = errno;
        ::close(fd);
        return tl::unexpected("EVIOCSCLOCKID on " + node + " failed: " + std::strerror(error));
    }
    return std::make_unique<EvdevReader>(node, fd, writable);
}

}  // namespace usbcheck::usb::sysfs
