// Finding a USB device's event nodes in sysfs and reading them without blocking.
#include "usb/linux/evdev.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
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

struct Node {
    std::string path;
    int fd = -1;
    bool writable = false;
};

bool has_caps_lock(int fd) {
    constexpr size_t k_bits = 8 * sizeof(unsigned long);
    unsigned long bits[(LED_MAX + k_bits) / k_bits] = {};
    if (::ioctl(fd, EVIOCGBIT(EV_LED, sizeof bits), bits) < 0) return false;
    return (bits[LED_CAPSL / k_bits] >> (LED_CAPSL % k_bits)) & 1;
}

// Every event node of the device: a keyboard's keys, media keys and a touchpad often come through
// different interfaces, and the input that woke the device may be on any of them.
class EvdevReader final : public InputReader {
public:
    explicit EvdevReader(std::vector<Node> nodes) : m_nodes(std::move(nodes)) {}
    ~EvdevReader() override {
        for (const auto& n : m_nodes) ::close(n.fd);
    }
    EvdevReader(const EvdevReader&) = delete;
    EvdevReader& operator=(const EvdevReader&) = delete;

    std::string name() const override {
        std::string names;
        for (const auto& n : m_nodes) names += (names.empty() ? "" : " ") + n.path;
        return names;
    }

    // Each node's events in order, node after node (evdev hands out whole SYN_REPORT packets).
    std::vector<InputEvent> read_events() override {
        std::vector<InputEvent> out;
        input_event buffer[64];
        for (const auto& node : m_nodes)
            for (;;) {
                const ssize_t n = ::read(node.fd, buffer, sizeof buffer);
                if (n <= 0) break;  // EAGAIN: nothing more now
                for (size_t i = 0; i < static_cast<size_t>(n) / sizeof(input_event); ++i) {
                    const auto& e = buffer[i];
                    out.push_back({Nanos{int64_t{e.input_event_sec} * 1'000'000'000 + int64_t{e.input_event_usec} * 1000},
                                   e.type, e.code, e.value});
                }
            }
        return out;
    }

    bool has_caps_lock_led() const override { return led_node() != nullptr; }

    tl::expected<void, std::string> set_caps_lock_led(bool on) override {
        const Node* node = led_node();
        if (!node) return tl::unexpected(std::string("no input node has a Caps Lock LED"));
        if (!node->writable) return tl::unexpected(node->path + " is not writable, so no LED can be set");
        input_event events[2] = {};
        events[0].type = EV_LED;
        events[0].code = LED_CAPSL;
        events[0].value = on ? 1 : 0;
        events[1].type = EV_SYN;
        events[1].code = SYN_REPORT;
        if (::write(node->fd, events, sizeof events) != static_cast<ssize_t>(sizeof events))
            return tl::unexpected("setting Caps Lock through " + node->path + " failed: " + std::strerror(errno));
        return {};
    }

private:
    const Node* led_node() const {
        for (const auto& n : m_nodes)
            if (has_caps_lock(n.fd)) return &n;
        return nullptr;
    }
    std::vector<Node> m_nodes;
};

// "event12" -> 12, for numeric order (event2 before event10).
long event_number(const std::string& path) {
    const auto digits = path.find_last_not_of("0123456789");
    return std::strtol(path.c_str() + digits + 1, nullptr, 10);
}

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
    std::sort(nodes.begin(), nodes.end(),
              [](const std::string& a, const std::string& b) { return event_number(a) < event_number(b); });
    return nodes;
}

tl::expected<std::unique_ptr<InputReader>, std::string> open_evdev(const std::vector<std::string>& nodes) {
    std::vector<Node> opened;
    std::string first_error;
    for (const auto& path : nodes) {
        Node node{path, ::open(path.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC), true};
        if (node.fd < 0 && errno == EACCES) node = {path, ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC), false};
        if (node.fd < 0) {
            if (first_error.empty()) first_error = "cannot open " + path + ": " + std::strerror(errno);
            continue;
        }
        // Event times on the clock the stimulus is timed with.
        int clock = CLOCK_MONOTONIC;
        if (::ioctl(node.fd, EVIOCSCLOCKID, &clock) < 0) {
            if (first_error.empty()) first_error = "EVIOCSCLOCKID on " + path + " failed: " + std::strerror(errno);
            ::close(node.fd);
            continue;
        }
        opened.push_back(node);
    }
    if (opened.empty()) return tl::unexpected(nodes.empty() ? std::string("no input node to open") : first_error);
    return std::make_unique<EvdevReader>(std::move(opened));
}

}  // namespace usbcheck::usb::sysfs
