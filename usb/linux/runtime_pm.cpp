// sysfs power files read and written with plain open/read/write, so a write's errno is reported.
#include "usb/linux/runtime_pm.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace usbcheck::usb::sysfs {

SysfsPowerFiles::SysfsPowerFiles(const std::string& name, const std::string& root)
    : m_name(name), m_root(root) {}

std::optional<std::string> SysfsPowerFiles::read(const std::string& attribute) {
    auto value = read_attribute(m_name, "power/" + attribute, m_root);
    if (!value) return std::nullopt;
    while (!value->empty() && (value->back() == ' ' || value->back() == '\n')) value->pop_back();
    return value;
}

tl::expected<void, std::string> SysfsPowerFiles::write(const std::string& attribute, const std::string& value) {
    const std::string path = m_root + "/" + m_name + "/power/" + attribute;
    const int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (fd < 0) return tl::unexpected("cannot open " + path + " for writing: " + std::strerror(errno));
    const ssize_t n = ::write(fd, value.data(), value.size());
    const int error = errno;
    ::close(fd);
    if (n < 0 || static_cast<size_t>(n) != value.size())
        return tl::unexpected("writing '" + value + "' to " + path + " failed: " +
                              (n < 0 ? std::strerror(error) : "short write"));
    return {};
}

std::string usbhid_ignoreled(const std::string& module_root) {
    return read_attribute("usbhid", "parameters/ignoreled", module_root).value_or("");
}

}  // namespace usbcheck::usb::sysfs
