// The evdev nodes of a USB device found in a sysfs-like tree (every interface, numeric order, no
// child devices of a hub), and the error when none opens.
#include <gtest/gtest.h>

#include <filesystem>

#include "test_util.h"
#include "usb/linux/evdev.h"

namespace usbcheck {
namespace {

namespace fs = std::filesystem;

class EvdevNodes : public ::testing::Test {
protected:
    void SetUp() override {
        m_root = test::make_temp_dir("usbcheck_evdev");
        ASSERT_FALSE(m_root.empty());
    }
    void TearDown() override { fs::remove_all(m_root); }
    void node(const std::string& relative) { fs::create_directories(m_root + "/" + relative); }
    std::string m_root;
};

TEST_F(EvdevNodes, EveryInterfaceInNumericOrder) {
    node("1-1/1-1:1.0/0003:1209:000C.0001/input/input5/event10");
    node("1-1/1-1:1.1/0003:1209:000C.0002/input/input6/event2");
    node("1-1/1-1:1.1/0003:1209:000C.0002/input/input6/mouse0");
    node("1-1/1-1.2/1-1.2:1.0/0003:046D:C077.0003/input/input7/event3");  // a device behind a hub port
    node("1-1/power");
    EXPECT_EQ(usb::sysfs::input_event_nodes("1-1", m_root, "/dev/input"),
              (std::vector<std::string>{"/dev/input/event2", "/dev/input/event10"}));
    EXPECT_TRUE(usb::sysfs::input_event_nodes("1-3", m_root).empty());
}

TEST_F(EvdevNodes, OpenErrorNamesTheNode) {
    const auto none = usb::sysfs::open_evdev({m_root + "/event99"});
    ASSERT_FALSE(none);
    EXPECT_NE(none.error().find("cannot open " + m_root + "/event99"), std::string::npos) << none.error();
    EXPECT_FALSE(usb::sysfs::open_evdev({}));
}

}  // namespace
}  // namespace usbcheck
