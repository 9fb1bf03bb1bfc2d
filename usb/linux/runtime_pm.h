// Linux runtime PM files of a USB device (/sys/bus/usb/devices/<dev>/power/, usb-reference 5.1)
// behind usb::PowerFiles, and the usbhid module parameter that decides whether a lit LED blocks
// autosuspend.
#pragma once

#include <string>

#include "usb/linux/sysfs.h"
#include "usb/suspend_engine.h"

namespace usbcheck::usb::sysfs {

class SysfsPowerFiles final : public PowerFiles {
public:
    explicit SysfsPowerFiles(const std::string& name, const std::string& root = k_usb_devices);
    std::optional<std::string> read(const std::string& attribute) override;
    // One write(2) of the value (O_TRUNC, as a shell redirection does), so the kernel sees the
    // whole value in one store (a resume through control=on completes inside it); the error
    // names the file and errno.
    tl::expected<void, std::string> write(const std::string& attribute, const std::string& value) override;

private:
    std::string m_name, m_root;
};

// /sys/module/usbhid/parameters/ignoreled ("0", "1"); "" when usbhid is not loaded.
std::string usbhid_ignoreled(const std::string& module_root = "/sys/module");

}  // namespace usbcheck::usb::sysfs
