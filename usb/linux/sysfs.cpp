// Reading USB device attributes from Linux sysfs; nothing here opens a device node, so nothing
// here resumes a suspended device.
#include "usb/linux/sysfs.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace usbcheck::usb::sysfs {

namespace {

constexpr const char* k_power_attributes[] = {"power/control", "power/autosuspend_delay_ms", "power/runtime_status",
                                              "power/wakeup"};

std::string path_of(const std::string& root, const std::string& name, const std::string& attribute) {
    return root + "/" + name + "/" + attribute;
}

}  // namespace

std::string device_name(uint8_t bus, std::span<const uint8_t> ports) {
    if (ports.empty()) return "usb" + std::to_string(bus);
    std::string name = std::to_string(bus) + "-";
    for (size_t i = 0; i < ports.size(); ++i) {
        if (i) name += '.';
        name += std::to_string(ports[i]);
    }
    return name;
}

std::optional<std::string> read_attribute(const std::string& name, const std::string& attribute,
                                          const std::string& root) {
    std::ifstream in(path_of(root, name, attribute), std::ios::binary);
    if (!in) return std::nullopt;
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // A read error (e.g. EIO from an attribute the device does not support) is an absent value.
    if (in.bad()) return std::nullopt;
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    return text;
}

std::optional<std::string> host_controller_driver(const std::string& name, const std::string& root) {
    namespace fs = std::filesystem;
    const std::string bus = name.rfind("usb", 0) == 0 ? name.substr(3) : name.substr(0, name.find('-'));
    if (bus.empty() || bus.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    std::error_code ec;
    // /sys/bus/usb/devices/usbN links to .../HOST_CONTROLLER/usbN; its parent's driver link names it.
    const fs::path hub = fs::canonical(fs::path(root) / ("usb" + bus), ec);
    if (ec) return std::nullopt;
    const fs::path driver = fs::read_symlink(hub.parent_path() / "driver", ec);
    if (ec || driver.filename().empty()) return std::nullopt;
    return driver.filename().string();
}

std::map<std::string, std::string> read_power_attributes(const std::string& name, const std::string& root) {
    std::map<std::string, std::string> values;
    for (const char* attribute : k_power_attributes)
        if (auto value = read_attribute(name, attribute, root)) values[attribute] = *value;
    return values;
}

tl::expected<Bytes, std::string> read_descriptors(const std::string& name, const std::string& root) {
    const std::string path = path_of(root, name, "descriptors");
    std::ifstream in(path, std::ios::binary);
    if (!in) return tl::unexpected("cannot read " + path + ": " + std::strerror(errno));
    Bytes bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) return tl::unexpected("cannot read " + path);
    if (bytes.empty()) return tl::unexpected(path + " is empty");
    return bytes;
}

std::optional<Bytes> read_hid_report_descriptor(const std::string& name, uint8_t interface, const std::string& root) {
    // The active configuration names the interface directory (1-1:1.0); the HID device below it
    // is the one directory holding a report_descriptor.
    const auto config = read_attribute(name, "bConfigurationValue", root);
    if (!config || config->empty()) return std::nullopt;
    const std::filesystem::path dir = std::filesystem::path(root) / (name + ":" + *config + "." + std::to_string(interface));
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        const auto file = entry.path() / "report_descriptor";
        if (!std::filesystem::is_regular_file(file, ec)) continue;
        std::ifstream in(file, std::ios::binary);
        if (!in) continue;
        Bytes bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (in.bad()) continue;
        return bytes;
    }
    return std::nullopt;
}

}  // namespace usbcheck::usb::sysfs
