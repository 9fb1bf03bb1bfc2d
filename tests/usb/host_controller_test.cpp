// The host controller behind a device, from a sysfs tree, and what Linux waits in a resume on it:
// the default --max-resume-ms of `usbcheck suspend` comes from these.
#include <gtest/gtest.h>

#include <filesystem>

#include "test_util.h"
#include "usb/linux/sysfs.h"
#include "usb/suspend.h"

namespace usbcheck::usb {
namespace {

namespace fs = std::filesystem;

TEST(HostController, DriverOfTheRootHubsParent) {
    const fs::path root = test::make_temp_dir("host-controller");
    // sysfs as Linux lays it out: bus/usb/devices/usbN -> ../../../devices/.../usbN, and the
    // controller's directory links its driver.
    fs::create_directories(root / "devices/pci0000:00/0000:00:04.0/usb2");
    fs::create_directories(root / "bus/pci/drivers/xhci_hcd");
    fs::create_directories(root / "bus/usb/devices");
    fs::create_directory_symlink("../../../bus/pci/drivers/xhci_hcd", root / "devices/pci0000:00/0000:00:04.0/driver");
    fs::create_directory_symlink("../../../devices/pci0000:00/0000:00:04.0/usb2", root / "bus/usb/devices/usb2");
    const std::string devices = (root / "bus/usb/devices").string();
    EXPECT_EQ(sysfs::host_controller_driver("2-1.4", devices), "xhci_hcd");
    EXPECT_EQ(sysfs::host_controller_driver("usb2", devices), "xhci_hcd");
    EXPECT_FALSE(sysfs::host_controller_driver("3-1", devices));  // no such bus
    EXPECT_FALSE(sysfs::host_controller_driver("x-1", devices));
    fs::remove_all(root);
}

TEST(HostController, LinuxResumeFloors) {
    EXPECT_EQ(linux_resume_floor_ms("xhci_hcd"), 90);
    EXPECT_EQ(linux_resume_floor_ms("ehci-pci"), 50);
    EXPECT_EQ(linux_resume_floor_ms("dummy_hcd"), 50);
    EXPECT_EQ(linux_resume_floor_ms(""), 90);  // unknown: the slowest
    EXPECT_EQ(linux_resume_floor_ms("ehci-pci") + k_device_resume_allowance_ms, 100);
}

}  // namespace
}  // namespace usbcheck::usb
