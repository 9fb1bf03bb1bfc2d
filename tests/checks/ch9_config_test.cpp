// Tests of the chapter 9 configuration and interface checks: each rule with a failing and a
// passing descriptor set.
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "checks/check.h"
#include "check_test_util.h"
#include "test_util.h"

namespace usbcheck::checks {
namespace {

using test::is;
using test::message_of;
using test::result_of;

using test::FakeDevice;
using test::probe_fake;
using usb::Speed;



constexpr const char* k_fs_device = "12 01 00 02 00 00 00 40 c4 10 60 ea 00 01 01 02 03 01";  // CP210x
constexpr const char* k_cp210x_config =
    "09 02 20 00 01 01 00 80 32  09 04 00 00 02 ff 00 00 00  07 05 02 02 40 00 00  07 05 82 02 40 00 00";

FakeDevice device_with(std::vector<std::string> configs, Speed speed = Speed::full,
                       const char* device = k_fs_device) {
    FakeDevice f;
    f.device = device;
    f.configs = std::move(configs);
    f.speed = speed;
    return f;
}

FakeDevice cp210x() { return device_with({k_cp210x_config}); }

// The SanDisk Ultra Fit from the corpus (SuperSpeed, bMaxPower 112 = 896 mA).
FakeDevice sandisk(const char* header = "09 02 2c 00 01 01 00 80 70", Speed speed = Speed::super) {
    return device_with({std::string(header) + "  09 04 00 00 02 08 06 50 00  07 05 81 02 00 04 00  06 30 01 00 00 00"
                                              "  07 05 02 02 00 04 00  06 30 0f 00 00 00"},
                       speed, "12 01 20 03 00 00 00 09 81 07 83 55 00 01 01 02 03 01");
}

TEST(Ch9Config, Length) {
    const auto r = result_of(device_with({"09 02 20 00 01 01 00 80 32  09 04 00 00 02 ff 00 00 00"
                                          "  07 05 02 02 40 00 00  07 05 82 02 40 00 00"}),
                             "ch9.config.length");
    EXPECT_EQ(r.status, Status::pass);
    const auto bad = result_of(device_with({"08 02 20 00 01 01 00 80 32  09 04 00 00 02 ff 00 00 00"
                                            "  07 05 02 02 40 00 00  07 05 82 02 40 00 00"}),
                               "ch9.config.length");
    EXPECT_EQ(bad.status, Status::fail);
    EXPECT_EQ(message_of(bad), "bLength is 8 but a configuration descriptor is 9 bytes");
    EXPECT_EQ(bad.findings.at(0).location.blob, "config[0]");
}

TEST(Ch9Config, DescriptorTypeAlsoForOtherSpeed) {
    const auto bad = result_of(device_with({"09 07 20 00 01 01 00 80 32  09 04 00 00 02 ff 00 00 00"
                                            "  07 05 02 02 40 00 00  07 05 82 02 40 00 00"}),
                               "ch9.config.descriptor-type");
    EXPECT_EQ(bad.status, Status::fail);
    EXPECT_EQ(bad.findings.at(0).location.offset, 1u);
    EXPECT_EQ(result_of(cp210x(), "ch9.config.descriptor-type").status, Status::pass);

    auto f = cp210x();  // full speed now; the other speed (high) described by an other-speed configuration
    f.qualifier = "0a 06 00 02 00 00 00 40 01 00";
    f.other_speed = {"09 02 20 00 01 01 00 80 32  09 04 00 00 02 ff 00 00 00  07 05 02 02 00 02 00  07 05 82 02 00 02 00"};
    const auto other = result_of(f, "ch9.config.descriptor-type");
    EXPECT_EQ(other.status, Status::fail);
    EXPECT_EQ(other.findings.at(0).location.blob, "other-speed[0]");
    EXPECT_NE(message_of(other).find("other-speed configuration descriptor has 0x07"), std::string::npos);
    f.other_speed[0][4] = '7';
    EXPECT_EQ(result_of(f, "ch9.config.descriptor-type").status, Status::pass);
}

TEST(Ch9Config, TotalLength) {
    // wTotalLength 41 but the bundle is 32 bytes.
    const auto r = result_of(device_with({"09 02 29 00 01 01 00 80 32  09 04 00 00 02 ff 00 00 00"
                                          "  07 05 02 02 40 00 00  07 05 82 02 40 00 00"}),
                             "ch9.config.total-length");
    EXPECT_EQ(r.status, Status::fail);
    EXPECT_EQ(message_of(r), "wTotalLength is 41 but the device returned 32 bytes (its descriptors end at 32)");
    EXPECT_EQ(r.findings.at(0).location.offset, 2u);
    EXPECT_EQ(result_of(cp210x(), "ch9.config.total-length").status, Status::pass);
}

TEST(Ch9Config, NumInterfaces) {
    const auto r = result_of(device_with({"09 02 20 00 02 01 00 80 32  09 04 00 00 02 ff 00 00 00"
                                          "  07 05 02 02 40 00 00  07 05 82 02 40 00 00"}),
                             "ch9.config.num-interfaces");
    EXPECT_EQ(r.status, Status::fail);
    EXPECT_EQ(message_of(r), "bNumInterfaces is 2 but the configuration has 1 interface (numbers: 0)");
    EXPECT_EQ(result_of(cp210x(), "ch9.config.num-interfaces").status, Status::pass);
}

TEST(Ch9Config, InterfaceNumbersWithoutGapsIsAWarning) {
    const char* gap = "09 02 29 00 02 01 00 80 32  09 04 00 00 01 ff 00 00 00  07 05 02 02 40 00 00"
                      "  09 04 02 00 01 ff 00 00 00  07 05 82 02 40 00 00";
    const auto r = result_of(device_with({gap}), "ch9.config.interface-numbers");
    EXPECT_EQ(r.status, Status::warn);
    EXPECT_EQ(message_of(r), "interface numbers are 0, 2 but 2 interfaces should be numbered 0..1 (missing: 1)");
    EXPECT_EQ(r.findings.at(0).location.offset, 0x1bu);  // interface 2 at 0x19, bInterfaceNumber at +2
    const char* ok = "09 02 29 00 02 01 00 80 32  09 04 00 00 01 ff 00 00 00  07 05 02 02 40 00 00"
                     "  09 04 01 00 01 ff 00 00 00  07 05 82 02 40 00 00";
    EXPECT_EQ(result_of(device_with({ok}), "ch9.config.interface-numbers").status, Status::pass);
}

TEST(Ch9Config, AlternateDuplicate) {
    const char* dup = "09 02 29 00 01 01 00 80 32  09 04 00 00 01 ff 00 00 00  07 05 02 02 40 00 00"
                      "  09 04 00 00 01 ff 00 00 00  07 05 82 02 40 00 00";
    const auto r = result_of(device_with({dup}), "ch9.config.alternate-duplicate");
    EXPECT_EQ(r.status, Status::fail);
    EXPECT_NE(message_of(r).find("interface 0 alternate setting 0 appears more than once"), std::string::npos);
    const char* alt = "09 02 29 00 01 01 00 80 32  09 04 00 00 01 ff 00 00 00  07 05 02 02 40 00 00"
                      "  09 04 00 01 01 ff 00 00 00  07 05 82 02 40 00 00";
    EXPECT_EQ(result_of(device_with({alt}), "ch9.config.alternate-duplicate").status, Status::pass);
}

TEST(Ch9Config, AlternateSequence) {
    const char* gap = "09 02 29 00 01 01 00 80 32  09 04 00 00 01 ff 00 00 00  07 05 02 02 40 00 00"
                      "  09 04 00 02 01 ff 00 00 00  07 05 82 02 40 00 00";
    const auto r = result_of(device_with({gap}), "ch9.config.alternate-sequence");
    EXPECT_EQ(r.status, Status::fail);
    EXPECT_EQ(message_of(r), "interface 0 has alternate settings 0, 2 but 2 settings must be numbered 0..1");
    EXPECT_EQ(r.findings.at(0).location.offset, 0x1cu);  // alternate 2 at 0x19, bAlternateSetting at +3
    const char* no_default = "09 02 19 00 01 01 00 80 32  09 04 00 01 01 ff 00 00 00  07 05 02 02 40 00 00";
    EXPECT_EQ(result_of(device_with({no_default}), "ch9.config.alternate-sequence").status, Status::fail);
    const char* ok = "09 02 29 00 01 01 00 80 32  09 04 00 00 01 ff 00 00 00  07 05 02 02 40 00 00"
                     "  09 04 00 01 01 ff 00 00 00  07 05 82 02 40 00 00";
    EXPECT_EQ(result_of(device_with({ok}), "ch9.config.alternate-sequence").status, Status::pass);
}

TEST(Ch9Config, ValueNonzero) {
    const auto r = result_of(device_with({"09 02 20 00 01 00 00 80 32  09 04 00 00 02 ff 00 00 00"
                                          "  07 05 02 02 40 00 00  07 05 82 02 40 00 00"}),
                             "ch9.config.value-nonzero");
    EXPECT_EQ(r.status, Status::fail);
    EXPECT_EQ(r.findings.at(0).location.offset, 5u);
    EXPECT_EQ(result_of(cp210x(), "ch9.config.value-nonzero").status, Status::pass);
}

TEST(Ch9Config, ValueUnique) {
    const char* two_configs = "12 01 00 02 00 00 00 40 c4 10 60 ea 00 01 01 02 03 02";
    const std::string second = "09 02 20 00 01 01 00 80 32  09 04 00 00 02 ff 00 00 00"
                               "  07 05 02 02 40 00 00  07 05 82 02 40 00 00";
    const auto r = result_of(device_with({k_cp210x_config, second}, Speed::full, two_configs), "ch9.config.value-unique");
    EXPECT_EQ(r.status, Status::fail);
    EXPECT_EQ(message_of(r), "bConfigurationValue 1 of config[1] is already used by config[0] but must be unique");
    std::string other = second;
    other[16] = '2';  // bConfigurationValue 2
    EXPECT_EQ(result_of(device_with({k_cp210x_config, other}, Speed::full, two_configs), "ch9.config.value-unique").status,
              Status::pass);
}

TEST(Ch9Config, AttributesBit7) {
    const auto r = result_of(device_with({"09 02 20 00 01 01 00 40 32  09 04 00 00 02 ff 00 00 00"
                                          "  07 05 02 02 40 00 00  07 05 82 02 40 00 00"}),
                             "ch9.config.attributes-one");
    EXPECT_EQ(r.status, Status::fail);
    EXPECT_EQ(message_of(r), "bmAttributes is 0x40 but bit 7 must be set (0x80)");
    EXPECT_EQ(r.findings.at(0).location.offset, 7u);
    EXPECT_EQ(result_of(cp210x(), "ch9.config.attributes-one").status, Status::pass);
}

TEST(Ch9Config, AttributesReservedIsAWarning) {
    const auto r = result_of(device_with({"09 02 20 00 01 01 00 81 32  09 04 00 00 02 ff 00 00 00"
                                          "  07 05 02 02 40 00 00  07 05 82 02 40 00 00"}),
                             "ch9.config.attributes-reserved");
    EXPECT_EQ(r.status, Status::warn);
    EXPECT_NE(message_of(r).find("bmAttributes is 0x81"), std::string::npos);
    EXPECT_EQ(result_of(cp210x(), "ch9.config.attributes-reserved").status, Status::pass);
}

TEST(Ch9Config, MaxPower) {
    const auto fs = result_of(device_with({"09 02 20 00 01 01 00 80 fb  09 04 00 00 02 ff 00 00 00"
                                           "  07 05 02 02 40 00 00  07 05 82 02 40 00 00"}),
                              "ch9.config.max-power");
    EXPECT_EQ(fs.status, Status::fail);
    EXPECT_EQ(message_of(fs), "bMaxPower is 251 (502 mA) but the limit below SuperSpeed is 250 (500 mA in 2 mA units)");
    EXPECT_EQ(fs.findings.at(0).location.offset, 8u);
    EXPECT_EQ(result_of(cp210x(), "ch9.config.max-power").status, Status::pass);

    const auto ss = result_of(sandisk("09 02 2c 00 01 01 00 80 71"), "ch9.config.max-power");
    EXPECT_EQ(ss.status, Status::fail);
    EXPECT_NE(message_of(ss).find("at SuperSpeed is 112 (896 mA in 8 mA units)"), std::string::npos);
    EXPECT_EQ(result_of(sandisk(), "ch9.config.max-power").status, Status::pass);
    // The same 112 at high speed is 224 mA in 2 mA units: fine.
    EXPECT_EQ(result_of(sandisk("09 02 2c 00 01 01 00 80 70", Speed::high), "ch9.config.max-power").status,
              Status::pass);
    // Speed unknown: a bcdUSB 3.x device cannot be judged, a USB 2 device can.
    const auto unknown = result_of(sandisk("09 02 2c 00 01 01 00 80 71", Speed::unknown), "ch9.config.max-power");
    EXPECT_EQ(unknown.status, Status::skip);
    EXPECT_EQ(unknown.skip_reason, "speed unknown: give --speed or use an input that records it");
    EXPECT_EQ(result_of(device_with({"09 02 20 00 01 01 00 80 fb  09 04 00 00 02 ff 00 00 00"
                                     "  07 05 02 02 40 00 00  07 05 82 02 40 00 00"},
                                    Speed::unknown),
                        "ch9.config.max-power")
                  .status,
              Status::fail);
}

TEST(Ch9Config, NoInterfaces) {
    const auto r = result_of(device_with({"09 02 09 00 00 01 00 80 32"}), "ch9.config.no-interfaces");
    EXPECT_EQ(r.status, Status::fail);
    EXPECT_NE(message_of(r).find("has 0 interfaces"), std::string::npos);
    EXPECT_EQ(result_of(cp210x(), "ch9.config.no-interfaces").status, Status::pass);
    // Interface rules have nothing to judge then.
    EXPECT_EQ(result_of(device_with({"09 02 09 00 00 01 00 80 32"}), "ch9.interface.num-endpoints").status,
              Status::skip);
}

TEST(Ch9Config, SkipsWhenNoConfigurationWasRead) {
    const auto r = result_of(device_with({}), "ch9.config.total-length");
    EXPECT_EQ(r.status, Status::skip);
    EXPECT_NE(r.skip_reason.find("stalled"), std::string::npos) << r.skip_reason;
}

TEST(Ch9Interface, NumEndpoints) {
    const auto r = result_of(device_with({"09 02 20 00 01 01 00 80 32  09 04 00 00 03 ff 00 00 00"
                                          "  07 05 02 02 40 00 00  07 05 82 02 40 00 00"}),
                             "ch9.interface.num-endpoints");
    EXPECT_EQ(r.status, Status::fail);
    EXPECT_EQ(message_of(r), "bNumEndpoints is 3 but 2 endpoint descriptors follow interface 0.0");
    EXPECT_EQ(r.findings.at(0).location.offset, 0x0du);
    EXPECT_EQ(r.findings.at(0).location.path, "config[0]/interface[0.0]");
    EXPECT_EQ(result_of(cp210x(), "ch9.interface.num-endpoints").status, Status::pass);
}

TEST(Ch9Interface, ClassReservedIsAWarning) {
    const auto r = result_of(device_with({"09 02 20 00 01 01 00 80 32  09 04 00 00 02 00 00 00 00"
                                          "  07 05 02 02 40 00 00  07 05 82 02 40 00 00"}),
                             "ch9.interface.class-reserved");
    EXPECT_EQ(r.status, Status::warn);
    EXPECT_EQ(r.findings.at(0).location.offset, 0x0eu);
    EXPECT_EQ(result_of(cp210x(), "ch9.interface.class-reserved").status, Status::pass);
}

}  // namespace
}  // namespace usbcheck::checks
