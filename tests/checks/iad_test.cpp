// Tests of the IAD check family (ch9.iad.*): each rule with a failing and a passing device.
#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "checks/check.h"
#include "check_test_util.h"
#include "test_util.h"

namespace usbcheck {
namespace {

using test::is;
using test::message_of;
using test::result_of;

using checks::Status;



// The TinyUSB CDC device (EF/02/01) and its configuration: IAD 0..1, CDC interface 0, data interface 1.
constexpr std::string_view k_cdc_device = "12 01 00 02 ef 02 01 40 3a 30 01 40 00 01 00 00 00 01";
constexpr std::string_view k_plain_device = "12 01 00 02 00 00 00 40 3a 30 01 40 00 01 00 00 00 01";
constexpr std::string_view k_cdc_config =
    "09 02 4b 00 02 01 00 a0 32 08 0b 00 02 02 02 00 00 09 04 00 00 01 02 02 00 04 05 24 00 20 01 05 24 01 00 01 04 24 02 02 05 "
    "24 06 00 "
    "01 07 05 81 03 08 00 10 09 04 01 00 02 0a 00 00 00 07 05 02 02 40 00 00 07 05 82 02 40 00 00";

// A configuration of these descriptors with wTotalLength and bNumInterfaces filled in.
std::string config_hex(unsigned interfaces, std::initializer_list<std::string_view> descriptors) {
    size_t total = 9;
    std::string body;
    for (auto d : descriptors) {
        total += test::hex(d).size();
        body += " " + std::string(d);
    }
    return fmt::format("09 02 {:02x} {:02x} {:02x} 01 00 80 32", total & 0xFF, total >> 8, interfaces) + body;
}

std::string interface(unsigned number, uint8_t cls, uint8_t sub = 0) {
    return fmt::format("09 04 {:02x} 00 00 {:02x} {:02x} 00 00", number, cls, sub);
}

std::string iad(unsigned first, unsigned count, uint8_t cls, uint8_t sub = 0) {
    return fmt::format("08 0b {:02x} {:02x} {:02x} {:02x} 00 00", first, count, cls, sub);
}

usb::DescriptorSet probe(std::string_view device, const std::string& config) {
    test::FakeDevice fake;
    fake.device = std::string(device);
    fake.configs = {config};
    return test::probe_fake(fake);
}

usb::DescriptorSet tinyusb_cdc() { return probe(k_cdc_device, std::string(k_cdc_config)); }

TEST(IadDeviceClass, FailsWhenADeviceWithIadsIsNotEf0201) {
    const auto r = result_of(probe(k_plain_device, std::string(k_cdc_config)), "ch9.iad.device-class");
    EXPECT_TRUE(is(r, Status::fail, "device class is 00/00/00 but config[0] has 1 IAD(s); expected EF/02/01"));
    EXPECT_EQ(r.findings.at(0).location.blob, "device");
    EXPECT_EQ(r.findings.at(0).location.offset, 4u);
}

TEST(IadDeviceClass, PassesOnTheTinyUsbCdcDevice) {
    EXPECT_TRUE(is(result_of(tinyusb_cdc(), "ch9.iad.device-class"), Status::pass));
}

TEST(IadDeviceClass, SkipsWithoutIads) {
    EXPECT_TRUE(is(result_of(probe(k_plain_device, config_hex(1, {interface(0, 0xff)})), "ch9.iad.device-class"), Status::skip,
                   "no configuration has an interface association descriptor"));
}

TEST(IadClassWithoutIad, WarnsWhenEf0201HasNoIad) {
    EXPECT_TRUE(is(result_of(probe(k_cdc_device, config_hex(1, {interface(0, 0xff)})), "ch9.iad.class-without-iad"), Status::warn,
                   "device class is EF/02/01 but none of the 1 configuration(s) has an IAD"));
}

TEST(IadClassWithoutIad, PassesOnTheTinyUsbCdcDevice) {
    EXPECT_TRUE(is(result_of(tinyusb_cdc(), "ch9.iad.class-without-iad"), Status::pass));
}

TEST(IadInterfaceCount, FailsOnZeroInterfaces) {
    const auto set = probe(k_cdc_device, config_hex(2, {iad(0, 0, 0x02), interface(0, 0x02), interface(1, 0x0a)}));
    const auto r = result_of(set, "ch9.iad.interface-count");
    EXPECT_TRUE(is(r, Status::fail, "bInterfaceCount is 0 but expected at least 1"));
    EXPECT_EQ(r.findings.at(0).location.path, "config[0]/iad[0]");
    EXPECT_EQ(r.findings.at(0).location.offset, 12u);
}

TEST(IadInterfaceCount, PassesOnTheTinyUsbCdcDevice) {
    EXPECT_TRUE(is(result_of(tinyusb_cdc(), "ch9.iad.interface-count"), Status::pass));
}

TEST(IadInterfacesExist, FailsWhenTheRangeRunsPastTheInterfaces) {
    const auto set = probe(k_cdc_device, config_hex(2, {iad(0, 3, 0x02), interface(0, 0x02), interface(1, 0x0a)}));
    EXPECT_TRUE(is(result_of(set, "ch9.iad.interfaces-exist"), Status::fail,
                   "the IAD covers interfaces 0..2 but config[0] has no interface 2"));
}

TEST(IadInterfacesExist, PassesOnTheTinyUsbCdcDevice) {
    EXPECT_TRUE(is(result_of(tinyusb_cdc(), "ch9.iad.interfaces-exist"), Status::pass));
}

TEST(IadPosition, FailsWhenTheIadIsNotBeforeItsFirstInterface) {
    const auto set =
        probe(k_cdc_device, config_hex(3, {iad(1, 2, 0x02), interface(0, 0xff), interface(1, 0x02), interface(2, 0x0a)}));
    const auto r = result_of(set, "ch9.iad.position");
    EXPECT_TRUE(is(r, Status::fail, "the IAD at offset 9 is followed by interface 0 but bFirstInterface is 1"));
    EXPECT_EQ(r.findings.at(0).location.offset, 11u);
}

TEST(IadPosition, FailsWhenNoInterfaceFollows) {
    const auto set = probe(k_cdc_device, config_hex(1, {interface(0, 0xff), iad(0, 1, 0xff)}));
    EXPECT_TRUE(is(result_of(set, "ch9.iad.position"), Status::fail, "is followed by no interface"));
}

TEST(IadPosition, PassesOnTheTinyUsbCdcDevice) { EXPECT_TRUE(is(result_of(tinyusb_cdc(), "ch9.iad.position"), Status::pass)); }

TEST(IadOverlap, FailsWhenTwoIadsShareAnInterface) {
    const auto set =
        probe(k_cdc_device,
              config_hex(3, {iad(0, 2, 0x02), interface(0, 0x02), iad(1, 2, 0x0a), interface(1, 0x0a), interface(2, 0x0a)}));
    const auto r = result_of(set, "ch9.iad.overlap");
    EXPECT_TRUE(is(r, Status::fail, "iad[1] covers interfaces 1..2 and iad[0] covers 0..1"));
    EXPECT_EQ(r.findings.at(0).location.path, "config[0]/iad[1]");
}

TEST(IadOverlap, PassesOnDisjointIads) {
    const auto set = probe(k_cdc_device, config_hex(4, {iad(0, 2, 0x02), interface(0, 0x02), interface(1, 0x0a), iad(2, 2, 0x02),
                                                        interface(2, 0x02), interface(3, 0x0a)}));
    EXPECT_TRUE(is(result_of(set, "ch9.iad.overlap"), Status::pass));
}

TEST(IadFunctionClass, WarnsWhenTheClassDiffersFromTheFirstInterface) {
    const auto set = probe(k_cdc_device, config_hex(2, {iad(0, 2, 0x0e, 0x03), interface(0, 0x02), interface(1, 0x0a)}));
    const auto r = result_of(set, "ch9.iad.function-class");
    EXPECT_TRUE(is(r, Status::warn, "bFunctionClass is 0x0e but first interface 0 has bInterfaceClass 0x02"));
    EXPECT_EQ(r.findings.at(0).location.offset, 13u);
}

TEST(IadFunctionClass, PassesOnAUvcIadWhoseSubclassDiffers) {
    // UVC: IAD 0E/03 (video interface collection), first interface 0E/01 (video control).
    const auto set =
        probe(k_cdc_device, config_hex(2, {iad(0, 2, 0x0e, 0x03), interface(0, 0x0e, 0x01), interface(1, 0x0e, 0x02)}));
    EXPECT_TRUE(is(result_of(set, "ch9.iad.function-class"), Status::pass));
}

TEST(IadFunctionClass, PassesOnTheTinyUsbCdcDevice) {
    EXPECT_TRUE(is(result_of(tinyusb_cdc(), "ch9.iad.function-class"), Status::pass));
}

// Every check of the family has an id under ch9.iad. and runs without error on the corpus device.
TEST(IadFamily, RunsCleanOnTheTinyUsbCdcDevice) {
    for (const auto& r : checks::run_checks(tinyusb_cdc())) {
        if (r.def->id.substr(0, 8) != "ch9.iad.") continue;
        EXPECT_TRUE(r.status == Status::pass) << r.def->id << " is " << to_string(r.status);
    }
}

}  // namespace
}  // namespace usbcheck
