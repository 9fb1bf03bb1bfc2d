// Tests of the hid.suspend.* preconditions: remote wakeup, boot interface, the MS OS property
// that enables selective suspend; each with a passing and a failing device.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include <fmt/format.h>

#include "check_test_util.h"
#include "checks/check.h"
#include "test_util.h"
#include "usb/probe.h"

namespace usbcheck {
namespace {

using checks::Status;
using test::is;
using test::result_of;

// HID 1.11 appendix E.6 style boot keyboard (63 bytes).
constexpr const char* k_keyboard =
    "05 01 09 06 a1 01 05 07 19 e0 29 e7 15 00 25 01 75 01 95 08 81 02 95 01 75 08 81 03 95 05 75 01 05 08 19 01 "
    "29 05 91 02 95 01 75 03 91 03 95 06 75 08 15 00 25 65 05 07 19 00 29 65 81 00 c0";
constexpr const char* k_os = "12 03 4d 00 53 00 46 00 54 00 31 00 30 00 30 00 cd 00";

std::string utf16(std::string_view text) {
    std::string out;
    for (char c : text) out += fmt::format("{:02x} 00 ", static_cast<uint8_t>(c));
    return out + "00 00";
}

// One MS OS 1.0 extended property (type, name, 4 data bytes), lengths computed.
std::string property(uint32_t type, std::string_view name, std::string_view data) {
    const size_t nl = (name.size() + 1) * 2, dl = test::hex(data).size();
    const size_t size = 14 + nl + dl, length = 10 + size;
    return fmt::format("{:02x} 00 00 00 00 01 05 00 01 00 {:02x} 00 00 00 {:02x} 00 00 00 {:02x} 00 {} {:02x} 00 00 00 {}",
                       length, size, type, nl, utf16(name), dl, data);
}

struct Hid {
    uint8_t bm_attributes = 0xa0;
    uint8_t subclass = 1, protocol = 1;
    std::optional<std::string> os = k_os;     // nullopt: 0xEE stalls
    std::optional<std::string> props;         // interface 0's extended properties
    bool hid = true;
    std::string report = k_keyboard;
};

usb::DescriptorSet probe(const Hid& h) {
    test::FakeDevice fake;
    fake.device = "12 01 00 02 00 00 00 40 09 12 02 00 02 01 00 00 00 01";
    const size_t report = test::hex(h.report).size();
    fake.configs = {h.hid ? fmt::format("09 02 22 00 01 01 00 {:02x} 32 09 04 00 00 01 03 {:02x} {:02x} 00 09 21 11 01 00 01 22 "
                                        "{:02x} 00 07 05 81 03 08 00 0a",
                                        h.bm_attributes, h.subclass, h.protocol, report)
                          : fmt::format("09 02 12 00 01 01 00 {:02x} 32 09 04 00 00 00 ff 00 00 00", h.bm_attributes)};
    auto snapshot = test::snapshot_of(fake);
    auto add = [&](usb::ControlSetup setup, const std::string& hex) {
        snapshot.control.push_back({setup, {usb::TransferStatus::ok, test::hex(hex)}});
    };
    if (h.hid) add({0x81, 0x06, 0x2200, 0, static_cast<uint16_t>(report)}, h.report);
    if (h.os) add({0x80, 0x06, 0x03EE, 0, 0x12}, *h.os);
    if (h.props) add({0xC1, 0xCD, 0, 5, 0xFFFF}, *h.props);
    usb::ReplayDevice replay(snapshot);
    return usb::probe(replay);
}

TEST(HidSuspend, RemoteWakeupBit) {
    EXPECT_TRUE(is(result_of(probe({}), "hid.suspend.remote-wakeup"), Status::pass));
    Hid h;
    h.bm_attributes = 0x80;
    EXPECT_TRUE(is(result_of(probe(h), "hid.suspend.remote-wakeup"), Status::warn,
                   "configuration 1 has a keyboard or mouse interface but bmAttributes is 0x80 without Remote Wakeup (0x20)"));
    // Found by its report descriptor when the interface is not a boot interface.
    h.subclass = 0;
    h.protocol = 0;
    EXPECT_TRUE(is(result_of(probe(h), "hid.suspend.remote-wakeup"), Status::warn, "keyboard or mouse interface"));
    // A vendor-defined HID interface (a camera's or dongle's controls) is not judged.
    h.report = "06 00 ff 09 01 a1 01 15 00 26 ff 00 75 08 95 08 81 02 c0";
    EXPECT_TRUE(is(result_of(probe(h), "hid.suspend.remote-wakeup"), Status::skip,
                   "no configuration with a keyboard or mouse interface"));
    h.hid = false;
    EXPECT_TRUE(is(result_of(probe(h), "hid.suspend.remote-wakeup"), Status::skip,
                   "no configuration with a keyboard or mouse interface"));
}

TEST(HidSuspend, BootProtocol) {
    const auto good = result_of(probe({}), "hid.suspend.boot-protocol");
    EXPECT_TRUE(is(good, Status::pass));
    EXPECT_TRUE(good.findings.empty());
    Hid h;
    h.subclass = 0;
    h.protocol = 0;
    EXPECT_TRUE(is(result_of(probe(h), "hid.suspend.boot-protocol"), Status::pass,
                   "interface 0 is a keyboard (report descriptor) but is 03/00/00, expected the boot interface 03/01/01"));
}

TEST(HidSuspend, SelectiveSuspendEnabledProperty) {
    Hid h;
    h.props = property(4, "SelectiveSuspendEnabled", "01 00 00 00");
    const auto good = result_of(probe(h), "hid.suspend.msos-enable");
    EXPECT_TRUE(is(good, Status::pass));
    EXPECT_TRUE(good.findings.empty()) << test::message_of(good);

    h.props = property(4, "SelectiveSuspendEnabled", "00 00 00 00");
    EXPECT_TRUE(is(result_of(probe(h), "hid.suspend.msos-enable"), Status::pass,
                   "MS OS 1.0 interface 0: SelectiveSuspendEnabled is not DWORD 1"));

    h.props = property(4, "IdleUsbSelectiveSuspendPolicy", "01 00 00 00");
    EXPECT_TRUE(is(result_of(probe(h), "hid.suspend.msos-enable"), Status::pass,
                   "IdleUsbSelectiveSuspendPolicy is read by usbser.sys, not by the HID stack"));

    h.props.reset();
    h.os.reset();
    EXPECT_TRUE(is(result_of(probe(h), "hid.suspend.msos-enable"), Status::pass,
                   "no Microsoft OS property SelectiveSuspendEnabled = 1 (0 properties read)"));
}

TEST(HidSuspend, NotCapturedSkips) {
    // A sysfs descriptors file carries no Microsoft OS descriptors.
    usb::DescriptorSet set = probe({});
    set.msos = {};
    EXPECT_TRUE(is(result_of(set, "hid.suspend.msos-enable"), Status::skip, "not captured"));
}

}  // namespace
}  // namespace usbcheck
