// The parts of live device access that need no hardware: DEVICE selectors, selection among
// enumerated devices with its error messages, sysfs names and attributes, libusb error mapping,
// and the requests LiveDevice refuses to send.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "test_util.h"
#include "usb/linux/sysfs.h"
#include "usb/live.h"

using namespace usbcheck;
using usb::DeviceSelector;
using usb::LiveDeviceInfo;

namespace {

const std::string k_bad_xyz = "bad device selector 'xyz': use VID:PID[#N], a bus-port path like 1-1.2, or --serial";

LiveDeviceInfo device(uint8_t bus, std::vector<uint8_t> ports, uint16_t vid, uint16_t pid) {
    LiveDeviceInfo info;
    info.bus = bus;
    info.ports = std::move(ports);
    info.path = usb::sysfs::device_name(bus, info.ports);
    info.idVendor = vid;
    info.idProduct = pid;
    return info;
}

// Two gadgets 1d6b:0104, a keyboard and the root hubs, in enumeration order.
std::vector<LiveDeviceInfo> bench() {
    std::vector<LiveDeviceInfo> devices = {device(2, {}, 0x1d6b, 0x0003), device(1, {1, 2}, 0x1d6b, 0x0104),
                                           device(1, {}, 0x1d6b, 0x0002), device(1, {1}, 0x05ac, 0x0256),
                                           device(1, {3}, 0x1d6b, 0x0104)};
    usb::sort_devices(devices);
    return devices;
}

// Serials by path; "1-3" cannot be read.
tl::expected<std::optional<std::string>, std::string> serial_of(const LiveDeviceInfo& info) {
    if (info.path == "1-1.2") return std::optional<std::string>("GADGET-A");
    if (info.path == "1-3") return tl::unexpected(std::string("cannot read the serial number of 1-3: permission denied"));
    return std::optional<std::string>();
}

tl::expected<size_t, std::string> select(std::string_view text, std::optional<std::string> serial = std::nullopt,
                                         const std::vector<LiveDeviceInfo>& devices = bench()) {
    auto selector = usb::parse_selector(text, std::move(serial));
    if (!selector) return tl::unexpected(selector.error());
    return usb::select_device(devices, *selector, serial_of, "no USB bus on this machine (/sys/bus/usb is missing)");
}

std::string path_selected(std::string_view text, std::optional<std::string> serial = std::nullopt) {
    const auto devices = bench();
    auto index = select(text, std::move(serial), devices);
    return index ? devices[*index].path : "error: " + index.error();
}

}  // namespace

TEST(SysfsName, FromBusAndPorts) {
    const std::vector<uint8_t> none, one = {1}, deep = {1, 2, 3, 4, 5, 6, 7}, wide = {14, 255};
    EXPECT_EQ(usb::sysfs::device_name(1, none), "usb1");
    EXPECT_EQ(usb::sysfs::device_name(12, none), "usb12");
    EXPECT_EQ(usb::sysfs::device_name(1, one), "1-1");
    EXPECT_EQ(usb::sysfs::device_name(3, std::vector<uint8_t>{1, 2}), "3-1.2");
    EXPECT_EQ(usb::sysfs::device_name(1, deep), "1-1.2.3.4.5.6.7");
    EXPECT_EQ(usb::sysfs::device_name(255, wide), "255-14.255");
}

TEST(Selector, VidPid) {
    auto s = usb::parse_selector("1d6b:0104");
    ASSERT_TRUE(s) << s.error();
    EXPECT_EQ(s->vid, 0x1d6b);
    EXPECT_EQ(s->pid, 0x0104);
    EXPECT_FALSE(s->nth);
    EXPECT_TRUE(s->path.empty());
    s = usb::parse_selector("1D6B:104");  // case and leading zeros are free
    ASSERT_TRUE(s);
    EXPECT_EQ(s->vid, 0x1d6b);
    EXPECT_EQ(s->pid, 0x0104);
    s = usb::parse_selector("1d6b:0104#2");
    ASSERT_TRUE(s);
    EXPECT_EQ(s->nth, 2u);
    s = usb::parse_selector("0:0", std::string("X"));
    ASSERT_TRUE(s);
    EXPECT_EQ(s->serial, "X");
}

TEST(Selector, BusPortPaths) {
    for (const char* text : {"1-1", "1-1.2", "3-1.2.3.4.5.6.7", "255-255", "usb1", "usb12"}) {
        auto s = usb::parse_selector(text);
        ASSERT_TRUE(s) << text << ": " << s.error();
        EXPECT_EQ(s->path, text);
        EXPECT_FALSE(s->vid);
    }
}

TEST(Selector, SerialAlone) {
    auto s = usb::parse_selector("", std::string("ABC"));
    ASSERT_TRUE(s);
    EXPECT_EQ(s->serial, "ABC");
    EXPECT_FALSE(s->vid);
    EXPECT_TRUE(s->path.empty());
}

TEST(Selector, MalformedIsOneError) {
    EXPECT_EQ(usb::parse_selector("xyz").error(), k_bad_xyz);
    for (const char* text : {"", "1d6b", "1d6b:", ":0104", "1d6bx:0104", "12345:0104", "1d6b:0104#", "1d6b:0104#0",
                             "1d6b:0104#-1", "1d6b:0104#x", "1d6b:0104#02", "1d6b:0104:1", "0x1d6b:0x0104", "1-",
                             "-1", "1-0", "0-1", "1-1.", "1-.1", "1-1..2", "256-1", "1-256", "1-1.2.3.4.5.6.7.8",
                             "01-1", "usb", "usb0", "usb256", "usbx", "1-1 ", " 1-1", "1:2:3"}) {
        auto s = usb::parse_selector(text);
        ASSERT_FALSE(s) << "'" << text << "' parsed";
        EXPECT_EQ(s.error(), "bad device selector '" + std::string(text) +
                                 "': use VID:PID[#N], a bus-port path like 1-1.2, or --serial")
            << text;
    }
}

TEST(Selection, EnumerationOrderIsBusThenPorts) {
    std::vector<std::string> paths;
    for (const auto& d : bench()) paths.push_back(d.path);
    EXPECT_EQ(paths, (std::vector<std::string>{"usb1", "1-1", "1-1.2", "1-3", "usb2"}));
}

TEST(Selection, EveryForm) {
    EXPECT_EQ(path_selected("05ac:0256"), "1-1");
    EXPECT_EQ(path_selected("1d6b:0104#1"), "1-1.2");
    EXPECT_EQ(path_selected("1d6b:0104#2"), "1-3");
    EXPECT_EQ(path_selected("1-3"), "1-3");
    EXPECT_EQ(path_selected("usb2"), "usb2");
    EXPECT_EQ(path_selected("1d6b:0003"), "usb2");
    EXPECT_EQ(path_selected("1d6b:0104", "GADGET-A"), "1-1.2");
    EXPECT_EQ(path_selected("", "GADGET-A"), "1-1.2");
    EXPECT_EQ(path_selected("1-1.2", "GADGET-A"), "1-1.2");
}

TEST(Selection, Errors) {
    EXPECT_EQ(select("1d6b:0105").error(), "no USB device matches 1d6b:0105");
    EXPECT_EQ(select("1-4").error(), "no USB device matches 1-4");
    EXPECT_EQ(select("1d6b:0104").error(),
              "2 devices match 1d6b:0104: use 1d6b:0104#N (N = 1..2) or a bus-port path");
    EXPECT_EQ(select("1d6b:0104#3").error(), "no USB device matches 1d6b:0104#3: 2 devices match 1d6b:0104");
    EXPECT_EQ(select("05ac:0256#2").error(), "no USB device matches 05ac:0256#2: 1 device matches 05ac:0256");
    EXPECT_EQ(select("xyz").error(), k_bad_xyz);
    // A serial that cannot be read is said, so "no match" is not taken for certain.
    EXPECT_EQ(select("1d6b:0104", "OTHER").error(),
              "no USB device matches 1d6b:0104 with serial OTHER (1 device not checked: cannot read the serial number "
              "of 1-3: permission denied)");
    EXPECT_EQ(select("", "NONE").error(),
              "no USB device has serial NONE (1 device not checked: cannot read the serial number of 1-3: permission "
              "denied)");
    EXPECT_EQ(select("05ac:0256", "NONE").error(), "no USB device matches 05ac:0256 with serial NONE");
}

TEST(Selection, ThreeMatchesNameTheRange) {
    std::vector<LiveDeviceInfo> devices = {device(1, {1}, 0x1d6b, 0x0104), device(1, {2}, 0x1d6b, 0x0104),
                                           device(1, {3}, 0x1d6b, 0x0104)};
    EXPECT_EQ(select("1d6b:0104", std::nullopt, devices).error(),
              "3 devices match 1d6b:0104: use 1d6b:0104#N (N = 1..3) or a bus-port path");
    const auto same_serial = [](const LiveDeviceInfo&) -> tl::expected<std::optional<std::string>, std::string> {
        return std::optional<std::string>("SAME");
    };
    auto selector = usb::parse_selector("", std::string("SAME"));
    ASSERT_TRUE(selector);
    EXPECT_EQ(usb::select_device(devices, *selector, same_serial).error(),
              "3 devices have serial SAME: use a bus-port path");
}

TEST(Selection, NoDevicesGivesTheReason) {
    EXPECT_EQ(select("1d6b:0104", std::nullopt, {}).error(),
              "no USB device matches 1d6b:0104: no USB bus on this machine (/sys/bus/usb is missing)");
    EXPECT_EQ(select("", "S", {}).error(),
              "no USB device has serial S: no USB bus on this machine (/sys/bus/usb is missing)");
    auto selector = usb::parse_selector("1-1");
    ASSERT_TRUE(selector);
    EXPECT_EQ(usb::select_device({}, *selector, serial_of).error(), "no USB device matches 1-1");
}

TEST(Selection, SerialIsReadOnlyForCandidates) {
    std::vector<std::string> asked;
    const auto recording = [&](const LiveDeviceInfo& info) -> tl::expected<std::optional<std::string>, std::string> {
        asked.push_back(info.path);
        return std::optional<std::string>("S");
    };
    auto selector = usb::parse_selector("1d6b:0104", std::string("S"));
    ASSERT_TRUE(selector);
    (void)usb::select_device(bench(), *selector, recording);
    EXPECT_EQ(asked, (std::vector<std::string>{"1-1.2", "1-3"}));
}

TEST(LiveDevice, LibusbErrorsBecomeStatuses) {
    // libusb.h values (libusb_error): usbcheck's tests do not include <libusb.h>.
    EXPECT_EQ(usb::transfer_status_from_libusb(-9), usb::TransferStatus::stall);         // LIBUSB_ERROR_PIPE
    EXPECT_EQ(usb::transfer_status_from_libusb(-7), usb::TransferStatus::timeout);       // LIBUSB_ERROR_TIMEOUT
    EXPECT_EQ(usb::transfer_status_from_libusb(-4), usb::TransferStatus::disconnected);  // LIBUSB_ERROR_NO_DEVICE
    EXPECT_EQ(usb::transfer_status_from_libusb(-1), usb::TransferStatus::error);         // LIBUSB_ERROR_IO
    EXPECT_EQ(usb::transfer_status_from_libusb(-8), usb::TransferStatus::error);         // LIBUSB_ERROR_OVERFLOW
    EXPECT_EQ(usb::transfer_status_from_libusb(-6), usb::TransferStatus::error);         // LIBUSB_ERROR_BUSY
    EXPECT_EQ(usb::transfer_status_from_libusb(-99), usb::TransferStatus::error);        // LIBUSB_ERROR_OTHER
}

TEST(LiveDevice, RequestsThatWouldClaimAnInterfaceAreNotSent) {
    using usb::ControlSetup;
    EXPECT_FALSE(usb::request_claims_interface(ControlSetup{0x80, 0x06, 0x0100, 0, 18}));      // device descriptor
    EXPECT_FALSE(usb::request_claims_interface(ControlSetup{0x80, 0x06, 0x03EE, 0, 0x12}));    // MS OS string
    EXPECT_FALSE(usb::request_claims_interface(ControlSetup{0xC0, 0x20, 0x0000, 4, 16}));      // compat ID
    EXPECT_FALSE(usb::request_claims_interface(ControlSetup{0xC1, 0x20, 0x0100, 5, 10}));      // extended properties
    EXPECT_FALSE(usb::request_claims_interface(ControlSetup{0x82, 0x00, 0x0000, 0x80, 2}));    // GET_STATUS endpoint 0
    EXPECT_TRUE(usb::request_claims_interface(ControlSetup{0x81, 0x06, 0x2200, 2, 63}));       // HID report descriptor
    EXPECT_TRUE(usb::request_claims_interface(ControlSetup{0xA1, 0x01, 0x0100, 0, 8}));        // HID GET_REPORT
    EXPECT_TRUE(usb::request_claims_interface(ControlSetup{0x82, 0x00, 0x0000, 0x81, 2}));     // GET_STATUS endpoint 1
}

TEST(Sysfs, ReadsPowerAttributesThatArePresent) {
    namespace fs = std::filesystem;
    const fs::path root = fs::temp_directory_path() / ("usbcheck-sysfs-" + std::to_string(::getpid()));
    fs::create_directories(root / "1-1.2" / "power");
    std::ofstream(root / "1-1.2" / "power" / "control") << "auto\n";
    std::ofstream(root / "1-1.2" / "power" / "runtime_status") << "suspended\n";
    std::ofstream(root / "1-1.2" / "power" / "wakeup") << "\n";
    std::ofstream(root / "1-1.2" / "serial") << "GADGET-A\n";
    std::ofstream(root / "1-1.2" / "descriptors", std::ios::binary) << std::string("\x12\x01\x00\x02", 4);
    const auto power = usb::sysfs::read_power_attributes("1-1.2", root.string());
    EXPECT_EQ(power, (std::map<std::string, std::string>{
                         {"power/control", "auto"}, {"power/runtime_status", "suspended"}, {"power/wakeup", ""}}));
    EXPECT_EQ(usb::sysfs::read_attribute("1-1.2", "serial", root.string()), "GADGET-A");
    EXPECT_FALSE(usb::sysfs::read_attribute("1-1.2", "product", root.string()));
    auto bytes = usb::sysfs::read_descriptors("1-1.2", root.string());
    ASSERT_TRUE(bytes) << bytes.error();
    EXPECT_EQ(*bytes, test::hex("12 01 00 02"));
    auto missing = usb::sysfs::read_descriptors("1-9", root.string());
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error(), "cannot read " + (root / "1-9" / "descriptors").string() + ": No such file or directory");
    EXPECT_TRUE(usb::sysfs::read_power_attributes("1-9", root.string()).empty());
    fs::remove_all(root);
}

TEST(LiveBus, NoUsbGivesAnEmptyListAndAReason) {
    if (std::filesystem::exists("/sys/bus/usb")) GTEST_SKIP() << "this machine has a USB bus";
    usb::LiveBus bus;
    EXPECT_TRUE(bus.devices().empty());
    EXPECT_EQ(bus.reason(), "no USB bus on this machine (/sys/bus/usb is missing)");
}
