// Live devices over libusb-1.0: enumeration without I/O, DEVICE selectors, opening with an
// actionable error, and control-IN requests to endpoint 0 with a timeout.
#include "usb/live.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include <fmt/format.h>
#include <libusb.h>

#include "usb/hex_text.h"
#include "usb/linux/sysfs.h"

namespace usbcheck::usb {

struct LiveBus::State {
    libusb_context* context = nullptr;
    libusb_device** list = nullptr;
    std::vector<LiveDeviceInfo> devices;
    std::string reason;
    // libusb 1.0.26 can crash in libusb_exit after libusb_open answered NO_DEVICE for a hub whose
    // children are still listed (seen under umockdev): the process is ending anyway, so then the
    // context is left to the operating system.
    bool skip_exit = false;

    State() = default;
    State(const State&) = delete;
    State& operator=(const State&) = delete;
    ~State() {
        if (list) libusb_free_device_list(list, 1);
        if (context && !skip_exit) libusb_exit(context);
    }
};

namespace {

constexpr size_t k_max_ports = 7;  // USB 3.2 10.1.3: at most 7 tiers below the root

std::string bad_selector(std::string_view text) {
    return fmt::format("bad device selector '{}': use VID:PID[#N], a bus-port path like 1-1.2, or --serial", text);
}


// A decimal number in [min, max] without sign, spaces or leading zeros.
std::optional<unsigned> parse_decimal(std::string_view text, unsigned min, unsigned max) {
    if (text.empty() || text.size() > 5 || (text.size() > 1 && text[0] == '0')) return std::nullopt;
    unsigned value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (value < min || value > max) return std::nullopt;
    return value;
}

// "1-1.2" or "usb1", as the kernel spells it; nullopt for anything else.
std::optional<std::string> parse_path(std::string_view text) {
    if (text.rfind("usb", 0) == 0) {
        const auto bus = parse_decimal(text.substr(3), 1, 255);
        if (!bus) return std::nullopt;
        return sysfs::device_name(static_cast<uint8_t>(*bus), {});
    }
    const size_t dash = text.find('-');
    if (dash == std::string_view::npos) return std::nullopt;
    const auto bus = parse_decimal(text.substr(0, dash), 1, 255);
    if (!bus) return std::nullopt;
    std::vector<uint8_t> ports;
    std::string_view rest = text.substr(dash + 1);
    while (true) {
        const size_t dot = rest.find('.');
        const auto port = parse_decimal(rest.substr(0, dot), 1, 255);
        if (!port || ports.size() == k_max_ports) return std::nullopt;
        ports.push_back(static_cast<uint8_t>(*port));
        if (dot == std::string_view::npos) break;
        rest = rest.substr(dot + 1);
    }
    return sysfs::device_name(static_cast<uint8_t>(*bus), ports);
}

Speed speed_of(int libusb_speed) {
    switch (libusb_speed) {
    case LIBUSB_SPEED_LOW: return Speed::low;
    case LIBUSB_SPEED_FULL: return Speed::full;
    case LIBUSB_SPEED_HIGH: return Speed::high;
    case LIBUSB_SPEED_SUPER: return Speed::super;
    case LIBUSB_SPEED_SUPER_PLUS: return Speed::super_plus;
    default: return Speed::unknown;
    }
}

// libusb_strerror's text is capitalised and localisable; messages here are lower case.
std::string error_text(int code) {
    switch (code) {
    case LIBUSB_ERROR_IO: return "input/output error";
    case LIBUSB_ERROR_INVALID_PARAM: return "invalid parameter";
    case LIBUSB_ERROR_ACCESS: return "permission denied";
    case LIBUSB_ERROR_NO_DEVICE: return "the device disconnected";
    case LIBUSB_ERROR_NOT_FOUND: return "not found";
    case LIBUSB_ERROR_BUSY: return "resource busy";
    case LIBUSB_ERROR_TIMEOUT: return "timed out";
    case LIBUSB_ERROR_OVERFLOW: return "overflow";
    case LIBUSB_ERROR_PIPE: return "stalled";
    case LIBUSB_ERROR_INTERRUPTED: return "interrupted";
    case LIBUSB_ERROR_NO_MEM: return "out of memory";
    case LIBUSB_ERROR_NOT_SUPPORTED: return "not supported on this platform";
    case LIBUSB_ERROR_OTHER: return "unknown error (LIBUSB_ERROR_OTHER)";
    default: return fmt::format("libusb error {}", code);
    }
}

std::string describe_device(const LiveDeviceInfo& info) {
    return fmt::format("{} ({})", info.devnode, info.vid_pid());
}

void enumerate(LiveBus::State& state) {
    std::error_code ec;
    const bool have_sysfs = std::filesystem::exists(sysfs::k_usb_bus, ec);
    const std::string no_bus = "no USB bus on this machine (/sys/bus/usb is missing)";
    const int r = libusb_init(&state.context);
    if (r < 0) {
        state.context = nullptr;
        state.reason = have_sysfs ? "libusb cannot start: " + error_text(r) : no_bus;
        return;
    }
    // libusb's own log lines would break usbcheck's one-line errors; LIBUSB_DEBUG still works.
    if (std::getenv("LIBUSB_DEBUG") == nullptr)
        libusb_set_option(state.context, LIBUSB_OPTION_LOG_LEVEL, LIBUSB_LOG_LEVEL_NONE);
    const ssize_t count = libusb_get_device_list(state.context, &state.list);
    if (count < 0) {
        state.list = nullptr;
        state.reason = have_sysfs ? "libusb cannot list devices: " + error_text(static_cast<int>(count)) : no_bus;
        return;
    }
    for (ssize_t i = 0; i < count; ++i) {
        libusb_device* device = state.list[i];
        libusb_device_descriptor d{};
        if (libusb_get_device_descriptor(device, &d) < 0) continue;
        LiveDeviceInfo info;
        info.list_index = static_cast<size_t>(i);
        info.bus = libusb_get_bus_number(device);
        info.address = libusb_get_device_address(device);
        uint8_t ports[k_max_ports + 1] = {};
        const int depth = libusb_get_port_numbers(device, ports, static_cast<int>(sizeof ports));
        if (depth > 0) info.ports.assign(ports, ports + depth);
        info.path = sysfs::device_name(info.bus, info.ports);
        info.devnode = fmt::format("/dev/bus/usb/{:03}/{:03}", info.bus, info.address);
        info.idVendor = d.idVendor;
        info.idProduct = d.idProduct;
        info.bcdUSB = d.bcdUSB;
        info.bDeviceClass = d.bDeviceClass;
        info.bDeviceSubClass = d.bDeviceSubClass;
        info.bDeviceProtocol = d.bDeviceProtocol;
        info.iSerialNumber = d.iSerialNumber;
        info.speed = speed_of(libusb_get_device_speed(device));
        state.devices.push_back(std::move(info));
    }
    sort_devices(state.devices);
    if (state.devices.empty()) state.reason = have_sysfs ? "libusb found no device on any bus" : no_bus;
}

}  // namespace

std::string LiveDeviceInfo::vid_pid() const { return fmt::format("{:04x}:{:04x}", idVendor, idProduct); }

void sort_devices(std::vector<LiveDeviceInfo>& devices) {
    std::stable_sort(devices.begin(), devices.end(), [](const LiveDeviceInfo& a, const LiveDeviceInfo& b) {
        if (a.bus != b.bus) return a.bus < b.bus;
        return a.ports < b.ports;
    });
}

tl::expected<DeviceSelector, std::string> parse_selector(std::string_view text, std::optional<std::string> serial) {
    DeviceSelector selector;
    selector.text = std::string(text);
    selector.serial = std::move(serial);
    if (text.empty()) {
        if (!selector.serial) return tl::unexpected(bad_selector(text));
        return selector;
    }
    if (const size_t colon = text.find(':'); colon != std::string_view::npos) {
        const size_t hash = text.find('#', colon);
        const auto vid = parse_hex16(text.substr(0, colon));
        const auto pid = parse_hex16(text.substr(colon + 1, hash == std::string_view::npos ? hash : hash - colon - 1));
        if (!vid || !pid) return tl::unexpected(bad_selector(text));
        if (hash != std::string_view::npos) {
            const auto n = parse_decimal(text.substr(hash + 1), 1, 9999);
            if (!n) return tl::unexpected(bad_selector(text));
            selector.nth = *n;
        }
        selector.vid = vid;
        selector.pid = pid;
        return selector;
    }
    auto path = parse_path(text);
    if (!path) return tl::unexpected(bad_selector(text));
    selector.path = std::move(*path);
    return selector;
}

tl::expected<size_t, std::string> select_device(const std::vector<LiveDeviceInfo>& devices,
                                                const DeviceSelector& selector, const SerialLookup& serial_of,
                                                const std::string& empty_reason) {
    // What the selector names, without #N: "1d6b:0104", "1-1.2", "1d6b:0104 with serial X".
    std::string what = selector.vid ? fmt::format("{:04x}:{:04x}", *selector.vid, *selector.pid) : selector.path;
    std::string none = "no USB device matches " + selector.text;
    if (selector.serial) {
        if (what.empty()) {
            none = "no USB device has serial " + *selector.serial;
        } else {
            what += " with serial " + *selector.serial;
            none += " with serial " + *selector.serial;
        }
    }
    if (devices.empty())
        return tl::unexpected(empty_reason.empty() ? none : none + ": " + empty_reason);

    std::vector<size_t> matches;
    size_t unreadable = 0;
    std::string first_unreadable;
    for (size_t i = 0; i < devices.size(); ++i) {
        const auto& d = devices[i];
        if (!selector.path.empty() && d.path != selector.path) continue;
        if (selector.vid && (d.idVendor != *selector.vid || d.idProduct != *selector.pid)) continue;
        if (selector.serial) {
            const auto serial = serial_of(d);
            if (!serial) {
                if (unreadable++ == 0) first_unreadable = serial.error();
                continue;
            }
            if (!*serial || **serial != *selector.serial) continue;
        }
        matches.push_back(i);
    }
    if (matches.empty()) {
        if (unreadable)
            none += fmt::format(" ({} device{} not checked: {})", unreadable, unreadable == 1 ? "" : "s",
                                first_unreadable);
        return tl::unexpected(none);
    }
    if (selector.nth) {
        if (*selector.nth > matches.size())
            return tl::unexpected(fmt::format("{}: {} device{} match{} {}", none, matches.size(),
                                              matches.size() == 1 ? "" : "s", matches.size() == 1 ? "es" : "",
                                              what));
        return matches[*selector.nth - 1];
    }
    if (matches.size() > 1) {
        if (selector.vid)
            return tl::unexpected(fmt::format("{} devices match {}: use {:04x}:{:04x}#N (N = 1..{}) or a bus-port path",
                                              matches.size(), what, *selector.vid, *selector.pid, matches.size()));
        return tl::unexpected(fmt::format("{} devices have serial {}: use a bus-port path", matches.size(),
                                          selector.serial.value_or("")));
    }
    return matches.front();
}

TransferStatus transfer_status_from_libusb(int error_code) {
    switch (error_code) {
    case LIBUSB_ERROR_PIPE: return TransferStatus::stall;
    case LIBUSB_ERROR_TIMEOUT: return TransferStatus::timeout;
    case LIBUSB_ERROR_NO_DEVICE: return TransferStatus::disconnected;
    default: return TransferStatus::error;
    }
}

bool request_claims_interface(const ControlSetup& setup) {
    constexpr uint8_t k_type_vendor = 2;
    constexpr uint8_t k_recipient_interface = 1;
    constexpr uint8_t k_recipient_endpoint = 2;
    if (((setup.bmRequestType >> 5) & 0x03) == k_type_vendor) return false;
    const uint8_t recipient = setup.bmRequestType & 0x1F;
    if (recipient == k_recipient_interface) return true;
    return recipient == k_recipient_endpoint && (setup.wIndex & 0x7F) != 0;
}

LiveBus::LiveBus() : m_state(std::make_shared<State>()) { enumerate(*m_state); }
LiveBus::~LiveBus() = default;
LiveBus::LiveBus(LiveBus&&) noexcept = default;
LiveBus& LiveBus::operator=(LiveBus&&) noexcept = default;

const std::vector<LiveDeviceInfo>& LiveBus::devices() const { return m_state->devices; }
const std::string& LiveBus::reason() const { return m_state->reason; }

tl::expected<std::unique_ptr<LiveDevice>, OpenError> LiveBus::open(const LiveDeviceInfo& info,
                                                                   const LiveOptions& options) {
    if (!m_state->list) return tl::unexpected(OpenError{OpenFailure::other, "no USB device list"});
    libusb_device_handle* handle = nullptr;
    const int r = libusb_open(m_state->list[info.list_index], &handle);
    if (r == LIBUSB_ERROR_ACCESS)
        return tl::unexpected(OpenError{
            OpenFailure::access,
            fmt::format("cannot open {}: permission denied; install udev/70-usbcheck.rules (sudo cp "
                        "udev/70-usbcheck.rules /etc/udev/rules.d/ && sudo udevadm control --reload && sudo udevadm "
                        "trigger) or run as root",
                        describe_device(info))});
    if (r == LIBUSB_ERROR_NO_DEVICE) m_state->skip_exit = true;
    if (r == LIBUSB_ERROR_NO_DEVICE)
        return tl::unexpected(OpenError{OpenFailure::disconnected,
                                        fmt::format("cannot open {}: the device disconnected", describe_device(info))});
    if (r < 0)
        return tl::unexpected(
            OpenError{OpenFailure::other, fmt::format("cannot open {}: {}", describe_device(info), error_text(r))});
    return std::make_unique<LiveDevice>(m_state, handle, info, options);
}

tl::expected<std::optional<std::string>, std::string> LiveBus::serial_of(const LiveDeviceInfo& info) {
    if (auto serial = sysfs::read_attribute(info.path, "serial")) return std::optional<std::string>(*serial);
    if (info.iSerialNumber == 0) return std::optional<std::string>();
    // The kernel keeps no serial attribute when it could not read the string: ask the device.
    auto device = open(info);
    if (!device) return tl::unexpected(device.error().message);
    unsigned char text[256] = {};
    const int n = libusb_get_string_descriptor_ascii((*device)->m_handle, info.iSerialNumber, text, sizeof text);
    if (n < 0)
        return tl::unexpected(fmt::format("cannot read the serial number of {}: {}", describe_device(info),
                                          error_text(n)));
    return std::optional<std::string>(std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(n)));
}

LiveDevice::LiveDevice(std::shared_ptr<LiveBus::State> state, libusb_device_handle* handle, LiveDeviceInfo info,
                       LiveOptions options)
    : m_state(std::move(state)), m_handle(handle), m_info(std::move(info)), m_options(options) {}

libusb_context* LiveDevice::native_context() const { return m_state->context; }

LiveDevice::~LiveDevice() {
    if (m_handle) libusb_close(m_handle);
}

TransferResult LiveDevice::control_in(const ControlSetup& setup) {
    // GET_DESCRIPTOR(HID report) to an interface would make usbfs claim it; the HID driver keeps
    // the kernel's copy of the bytes it read at enumeration in sysfs, so answer from there.
    constexpr uint8_t k_hid_report = 0x22;
    if (setup.bmRequestType == 0x81 && setup.bRequest == 0x06 && (setup.wValue >> 8) == k_hid_report &&
        setup.wIndex <= 0xFF) {
        if (auto bytes = sysfs::read_hid_report_descriptor(m_info.path, static_cast<uint8_t>(setup.wIndex))) {
            if (bytes->size() > setup.wLength) bytes->resize(setup.wLength);
            return {TransferStatus::ok, std::move(*bytes)};
        }
    }
    if (!setup.is_in() || request_claims_interface(setup)) {
        ++m_not_sent;
        return {TransferStatus::not_captured, {}};
    }
    if (m_lost) return {TransferStatus::disconnected, {}};
    if (m_options.request_interval_ms)
        std::this_thread::sleep_for(std::chrono::milliseconds(m_options.request_interval_ms));
    Bytes data(setup.wLength);
    const int r = libusb_control_transfer(m_handle, setup.bmRequestType, setup.bRequest, setup.wValue, setup.wIndex,
                                          data.data(), setup.wLength, m_options.timeout_ms);
    if (r < 0) {
        const TransferStatus status = transfer_status_from_libusb(r);
        if (status == TransferStatus::disconnected) m_lost = true;
        return {status, {}};
    }
    data.resize(static_cast<size_t>(r));
    return {TransferStatus::ok, std::move(data)};
}

}  // namespace usbcheck::usb
