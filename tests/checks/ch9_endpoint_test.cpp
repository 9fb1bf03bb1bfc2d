// Tests of the chapter 9 endpoint and SuperSpeed companion checks: each rule with a failing and
// a passing descriptor set.
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



constexpr const char* k_ls_device = "12 01 10 01 00 00 00 08 d9 04 03 16 10 03 01 02 00 01";  // Holtek
constexpr const char* k_fs_device = "12 01 00 02 00 00 00 40 c4 10 60 ea 00 01 01 02 03 01";  // CP210x
constexpr const char* k_hs_device = "12 01 00 02 00 00 00 40 d1 18 e0 4e 00 01 01 02 03 01";  // Pixel 3a
constexpr const char* k_ss_device = "12 01 20 03 00 00 00 09 81 07 83 55 00 01 01 02 03 01";  // SanDisk
constexpr std::string_view k_speed_unknown = "speed unknown: give --speed or use an input that records it";

FakeDevice device_with(std::string config, Speed speed, const char* device) {
    FakeDevice f;
    f.device = device;
    f.configs = {std::move(config)};
    f.speed = speed;
    return f;
}

const char* device_for(Speed speed) {
    switch (speed) {
    case Speed::low: return k_ls_device;
    case Speed::high: return k_hs_device;
    case Speed::super: return k_ss_device;
    default: return k_fs_device;
    }
}

// A vendor interface with one 7-byte endpoint (25 bytes in all).
FakeDevice one_endpoint(const std::string& endpoint, Speed speed = Speed::full, const char* device = nullptr) {
    return device_with("09 02 19 00 01 01 00 80 32  09 04 00 00 01 ff 00 00 00  " + endpoint, speed,
                       device ? device : device_for(speed));
}

// A SuperSpeed interface with one endpoint and its companion (31 bytes in all).
FakeDevice ss_endpoint(const std::string& endpoint_and_companion, Speed speed = Speed::super) {
    return device_with("09 02 1f 00 01 01 00 80 70  09 04 00 00 01 ff 00 00 00  " + endpoint_and_companion, speed,
                       k_ss_device);
}

FakeDevice cp210x() {
    return device_with("09 02 20 00 01 01 00 80 32  09 04 00 00 02 ff 00 00 00  07 05 02 02 40 00 00  07 05 82 02 40 00 00",
                       Speed::full, k_fs_device);
}

FakeDevice sandisk() {
    return device_with("09 02 2c 00 01 01 00 80 70  09 04 00 00 02 08 06 50 00  07 05 81 02 00 04 00  06 30 01 00 00 00"
                       "  07 05 02 02 00 04 00  06 30 0f 00 00 00",
                       Speed::super, k_ss_device);
}

TEST(Ch9Endpoint, LengthIsAWarningOutsideAudio) {
    const auto r = result_of(device_with("09 02 22 00 01 01 00 80 32  09 04 00 00 02 ff 00 00 00"
                                         "  09 05 02 02 40 00 00 00 00  07 05 82 02 40 00 00",
                                         Speed::full, k_fs_device),
                             "ch9.endpoint.length");
    EXPECT_EQ(r.status, Status::warn);
    EXPECT_EQ(message_of(r), "bLength of endpoint 0x02 (bulk OUT) is 9 but an endpoint descriptor is 7 bytes");
    const auto audio = result_of(device_with("09 02 22 00 01 01 00 80 32  09 04 00 00 02 01 02 00 00"
                                             "  09 05 02 01 40 00 01 00 00  07 05 82 01 40 00 01",
                                             Speed::full, k_fs_device),
                                 "ch9.endpoint.length");
    EXPECT_EQ(audio.status, Status::pass);
    EXPECT_EQ(result_of(cp210x(), "ch9.endpoint.length").status, Status::pass);
}

TEST(Ch9Endpoint, AddressReservedBits) {
    const auto r = result_of(one_endpoint("07 05 92 02 40 00 00"), "ch9.endpoint.address-reserved");
    EXPECT_EQ(r.status, Status::fail);
    EXPECT_EQ(message_of(r), "bEndpointAddress is 0x92 but bits 6..4 are reserved and must be 0");
    EXPECT_EQ(r.findings.at(0).location.offset, 0x14u);  // endpoint at 0x12, bEndpointAddress at +2
    EXPECT_EQ(r.findings.at(0).location.path, "config[0]/interface[0.0]/endpoint[0x92]");
    EXPECT_EQ(result_of(cp210x(), "ch9.endpoint.address-reserved").status, Status::pass);
}

TEST(Ch9Endpoint, NumberNonzero) {
    const auto r = result_of(one_endpoint("07 05 80 02 40 00 00"), "ch9.endpoint.number-nonzero");
    EXPECT_EQ(r.status, Status::fail);
    EXPECT_NE(message_of(r).find("bEndpointAddress is 0x80"), std::string::npos);
    EXPECT_EQ(result_of(cp210x(), "ch9.endpoint.number-nonzero").status, Status::pass);
}

TEST(Ch9Endpoint, AddressUniqueExceptAcrossAlternateSettings) {
    const auto r = result_of(device_with("09 02 29 00 02 01 00 80 32  09 04 00 00 01 ff 00 00 00  07 05 81 02 40 00 00"
                                         "  09 04 01 00 01 ff 00 00 00  07 05 81 02 40 00 00",
                                         Speed::full, k_fs_device),
                             "ch9.endpoint.address-unique");
    EXPECT_EQ(r.status, Status::fail);
    EXPECT_NE(message_of(r).find("in interface 1.0 repeats the address of interface 0.0"), std::string::npos)
        << message_of(r);
    EXPECT_EQ(r.findings.at(0).location.offset, 0x24u);
    const auto twice = result_of(device_with("09 02 20 00 01 01 00 80 32  09 04 00 00 02 ff 00 00 00"
                                             "  07 05 81 02 40 00 00  07 05 81 02 40 00 00",
                                             Speed::full, k_fs_device),
                                 "ch9.endpoint.address-unique");
    EXPECT_EQ(twice.status, Status::fail);
    // A control endpoint's number is unique whatever the direction.
    const auto control = result_of(device_with("09 02 29 00 02 01 00 80 32  09 04 00 00 01 ff 00 00 00"
                                               "  07 05 01 00 40 00 00  09 04 01 00 01 ff 00 00 00  07 05 81 02 40 00 00",
                                               Speed::full, k_fs_device),
                                   "ch9.endpoint.address-unique");
    EXPECT_EQ(control.status, Status::fail);
    EXPECT_NE(message_of(control).find("repeats the number"), std::string::npos) << message_of(control);
    const auto alternates = result_of(device_with("09 02 29 00 01 01 00 80 32  09 04 00 00 01 ff 00 00 00"
                                                  "  07 05 81 02 40 00 00  09 04 00 01 01 ff 00 00 00  07 05 81 02 40 00 00",
                                                  Speed::full, k_fs_device),
                                      "ch9.endpoint.address-unique");
    EXPECT_EQ(alternates.status, Status::pass);
}

TEST(Ch9Endpoint, AttributesReservedBits) {
    const auto r = result_of(one_endpoint("07 05 81 42 40 00 00"), "ch9.endpoint.attributes-reserved");
    EXPECT_EQ(r.status, Status::fail);
    EXPECT_EQ(message_of(r), "bmAttributes of endpoint 0x81 (bulk IN) is 0x42 but bits 7..6 are reserved and must be 0");
    EXPECT_EQ(r.findings.at(0).location.offset, 0x15u);
    EXPECT_EQ(result_of(cp210x(), "ch9.endpoint.attributes-reserved").status, Status::pass);
}

TEST(Ch9Endpoint, ControlTypeIsAWarning) {
    const auto r = result_of(one_endpoint("07 05 81 00 40 00 00"), "ch9.endpoint.control-type");
    EXPECT_EQ(r.status, Status::warn);
    EXPECT_EQ(result_of(cp210x(), "ch9.endpoint.control-type").status, Status::pass);
}

TEST(Ch9Endpoint, AttributesUsageBits) {
    const auto bulk = result_of(one_endpoint("07 05 81 06 40 00 00"), "ch9.endpoint.attributes-usage");
    EXPECT_EQ(bulk.status, Status::fail);
    EXPECT_NE(message_of(bulk).find("is 0x06 but bits 5..2 must be 0"), std::string::npos) << message_of(bulk);
    // Interrupt usage 1 (notification) is legal only at SuperSpeed.
    const std::string notification = "07 05 81 13 08 00 04  06 30 00 00 08 00";
    EXPECT_EQ(result_of(ss_endpoint(notification), "ch9.endpoint.attributes-usage").status, Status::pass);
    EXPECT_EQ(result_of(ss_endpoint(notification, Speed::high), "ch9.endpoint.attributes-usage").status, Status::fail);
    const auto unknown = result_of(ss_endpoint(notification, Speed::unknown), "ch9.endpoint.attributes-usage");
    EXPECT_EQ(unknown.status, Status::skip);
    EXPECT_EQ(unknown.skip_reason, k_speed_unknown);
    EXPECT_EQ(result_of(cp210x(), "ch9.endpoint.attributes-usage").status, Status::pass);
}

TEST(Ch9Endpoint, IsochronousUsageReserved) {
    const auto r = result_of(one_endpoint("07 05 81 35 40 00 01"), "ch9.endpoint.isoc-usage");
    EXPECT_EQ(r.status, Status::fail);
    EXPECT_NE(message_of(r).find("usage type 3"), std::string::npos);
    EXPECT_EQ(result_of(one_endpoint("07 05 81 25 40 00 01"), "ch9.endpoint.isoc-usage").status, Status::pass);
}

TEST(Ch9Endpoint, MaxPacketSizeForSpeedAndType) {
    const auto fs = result_of(one_endpoint("07 05 81 02 00 02 00"), "ch9.endpoint.max-packet-size");
    EXPECT_EQ(fs.status, Status::fail);
    EXPECT_EQ(message_of(fs),
              "wMaxPacketSize of endpoint 0x81 (bulk IN) is 512 but a full-speed bulk endpoint must be 8, 16, 32 or 64");
    EXPECT_EQ(fs.findings.at(0).location.offset, 0x16u);
    auto hs = cp210x();
    hs.speed = Speed::high;
    hs.device = k_hs_device;
    const auto hs_result = result_of(hs, "ch9.endpoint.max-packet-size");
    EXPECT_EQ(hs_result.status, Status::fail);
    EXPECT_NE(message_of(hs_result).find("high-speed bulk endpoint must be exactly 512"), std::string::npos);
    EXPECT_EQ(result_of(one_endpoint("07 05 81 02 00 02 00", Speed::high), "ch9.endpoint.max-packet-size").status,
              Status::pass);
    EXPECT_EQ(result_of(ss_endpoint("07 05 81 02 00 02 00  06 30 00 00 00 00"), "ch9.endpoint.max-packet-size").status,
              Status::fail);
    EXPECT_EQ(result_of(sandisk(), "ch9.endpoint.max-packet-size").status, Status::pass);
    EXPECT_EQ(result_of(one_endpoint("07 05 81 03 10 00 0a", Speed::low), "ch9.endpoint.max-packet-size").status,
              Status::fail);
    EXPECT_EQ(result_of(one_endpoint("07 05 81 03 08 00 0a", Speed::low), "ch9.endpoint.max-packet-size").status,
              Status::pass);
    EXPECT_EQ(result_of(one_endpoint("07 05 81 01 ff 03 01"), "ch9.endpoint.max-packet-size").status, Status::pass);
    EXPECT_EQ(result_of(one_endpoint("07 05 81 01 00 04 01"), "ch9.endpoint.max-packet-size").status, Status::fail);
    const auto unknown = result_of(one_endpoint("07 05 81 02 00 02 00", Speed::unknown), "ch9.endpoint.max-packet-size");
    EXPECT_EQ(unknown.status, Status::skip);
    EXPECT_EQ(unknown.skip_reason, k_speed_unknown);
}

TEST(Ch9Endpoint, MaxPacketSizeZeroOnlyForIsochronousAlternateZero) {
    EXPECT_EQ(result_of(one_endpoint("07 05 81 02 00 00 00"), "ch9.endpoint.max-packet-size-zero").status, Status::fail);
    // Like the CSR Bluetooth dongle: zero-bandwidth isochronous alt 0, real size in alt 1.
    const char* zero_alt0 = "09 02 29 00 01 01 00 80 32  09 04 00 00 01 e0 01 01 00  07 05 81 01 00 00 01"
                            "  09 04 00 01 01 e0 01 01 00  07 05 81 01 09 00 01";
    EXPECT_EQ(result_of(device_with(zero_alt0, Speed::full, k_fs_device), "ch9.endpoint.max-packet-size-zero").status,
              Status::pass);
    const char* zero_alt1 = "09 02 29 00 01 01 00 80 32  09 04 00 00 01 e0 01 01 00  07 05 81 01 09 00 01"
                            "  09 04 00 01 01 e0 01 01 00  07 05 81 01 00 00 01";
    const auto r = result_of(device_with(zero_alt1, Speed::full, k_fs_device), "ch9.endpoint.max-packet-size-zero");
    EXPECT_EQ(r.status, Status::fail);
    EXPECT_NE(message_of(r).find("in interface 0.1 is 0"), std::string::npos) << message_of(r);
}

TEST(Ch9Endpoint, HighBandwidthBits) {
    const auto fs = result_of(one_endpoint("07 05 81 03 40 08 01"), "ch9.endpoint.high-bandwidth");
    EXPECT_EQ(fs.status, Status::fail);
    EXPECT_NE(message_of(fs).find("only high-speed endpoints may use them"), std::string::npos) << message_of(fs);
    EXPECT_EQ(result_of(one_endpoint("07 05 81 01 00 14 01", Speed::high), "ch9.endpoint.high-bandwidth").status,
              Status::pass);
    const auto reserved = result_of(one_endpoint("07 05 81 01 00 1c 01", Speed::high), "ch9.endpoint.high-bandwidth");
    EXPECT_EQ(reserved.status, Status::fail);
    EXPECT_NE(message_of(reserved).find("the value 3 is reserved"), std::string::npos);
    const auto bulk = result_of(one_endpoint("07 05 81 02 00 0a 00", Speed::high), "ch9.endpoint.high-bandwidth");
    EXPECT_EQ(bulk.status, Status::fail);
    EXPECT_NE(message_of(bulk).find("a bulk endpoint may not use them"), std::string::npos);
}

TEST(Ch9Endpoint, HighBandwidthSizeIsAWarning) {
    const auto r = result_of(one_endpoint("07 05 81 01 00 0a 01", Speed::high), "ch9.endpoint.high-bandwidth-size");
    EXPECT_EQ(r.status, Status::warn);
    EXPECT_NE(message_of(r).find("(2 transactions of 512 bytes) but 2 transactions per microframe should be 513..1024"),
              std::string::npos)
        << message_of(r);
    EXPECT_EQ(result_of(one_endpoint("07 05 81 01 00 14 01", Speed::high), "ch9.endpoint.high-bandwidth-size").status,
              Status::pass);
    EXPECT_EQ(result_of(one_endpoint("07 05 81 01 a9 12 01", Speed::high), "ch9.endpoint.high-bandwidth-size").status,
              Status::warn);  // 0x02a9 = 681 bytes x 3
    EXPECT_EQ(result_of(cp210x(), "ch9.endpoint.high-bandwidth-size").status, Status::skip);
}

TEST(Ch9Endpoint, MaxPacketReservedBits) {
    const auto r = result_of(one_endpoint("07 05 81 02 40 20 00"), "ch9.endpoint.max-packet-reserved");
    EXPECT_EQ(r.status, Status::fail);
    EXPECT_NE(message_of(r).find("is 0x2040 but bits 15..13 are reserved"), std::string::npos);
    EXPECT_EQ(result_of(cp210x(), "ch9.endpoint.max-packet-reserved").status, Status::pass);
}

TEST(Ch9Endpoint, LowSpeedTypes) {
    const auto r = result_of(one_endpoint("07 05 81 02 08 00 00", Speed::low), "ch9.endpoint.low-speed-types");
    EXPECT_EQ(r.status, Status::fail);
    EXPECT_EQ(message_of(r),
              "endpoint 0x81 (bulk IN) is bulk but a low-speed device may have only control and interrupt endpoints");
    EXPECT_EQ(result_of(one_endpoint("07 05 81 03 08 00 0a", Speed::low), "ch9.endpoint.low-speed-types").status,
              Status::pass);
    EXPECT_EQ(result_of(cp210x(), "ch9.endpoint.low-speed-types").status, Status::skip);
}

TEST(Ch9Endpoint, Interval) {
    const auto zero = result_of(one_endpoint("07 05 81 03 08 00 00"), "ch9.endpoint.interval");
    EXPECT_EQ(zero.status, Status::fail);
    EXPECT_EQ(message_of(zero), "bInterval of endpoint 0x81 (interrupt IN) is 0 but must be 1..255 for full/low-speed "
                                "interrupt endpoints");
    EXPECT_EQ(zero.findings.at(0).location.offset, 0x18u);
    EXPECT_EQ(result_of(one_endpoint("07 05 81 03 08 00 20", Speed::high), "ch9.endpoint.interval").status,
              Status::fail);
    EXPECT_EQ(result_of(one_endpoint("07 05 81 03 08 00 20"), "ch9.endpoint.interval").status, Status::pass);
    // Isochronous 1..16 holds at every speed, so it is judged even with the speed unknown.
    EXPECT_EQ(result_of(one_endpoint("07 05 81 01 40 00 11", Speed::unknown), "ch9.endpoint.interval").status,
              Status::fail);
    const auto unknown = result_of(one_endpoint("07 05 81 03 08 00 20", Speed::unknown), "ch9.endpoint.interval");
    EXPECT_EQ(unknown.status, Status::skip);
    EXPECT_EQ(unknown.skip_reason, k_speed_unknown);
    // A high-speed bulk bInterval is a NAK rate, not judged (Pixel 3a fastboot has 1).
    EXPECT_EQ(result_of(one_endpoint("07 05 01 02 00 02 01", Speed::high), "ch9.endpoint.interval").status,
              Status::pass);
}

TEST(Ch9Endpoint, LongIntervalIsAnInfoNote) {
    const auto r = result_of(one_endpoint("07 05 81 03 08 00 0e", Speed::high), "ch9.endpoint.long-interval");
    EXPECT_EQ(r.status, Status::pass);
    ASSERT_EQ(r.findings.size(), 1u);
    EXPECT_NE(r.findings[0].message.find("polled every 1.024 s"), std::string::npos) << r.findings[0].message;
    const auto fast = result_of(one_endpoint("07 05 81 03 08 00 0d", Speed::high), "ch9.endpoint.long-interval");
    EXPECT_EQ(fast.status, Status::pass);
    EXPECT_TRUE(fast.findings.empty());
    EXPECT_TRUE(result_of(one_endpoint("07 05 81 03 08 00 10"), "ch9.endpoint.long-interval").findings.empty());
    EXPECT_EQ(result_of(cp210x(), "ch9.endpoint.long-interval").status, Status::skip);
}

TEST(Ch9Endpoint, SuperSpeedCompanionPresent) {
    const auto r = result_of(device_with("09 02 20 00 01 01 00 80 70  09 04 00 00 02 08 06 50 00"
                                         "  07 05 81 02 00 04 00  07 05 02 02 00 04 00",
                                         Speed::super, k_ss_device),
                             "ch9.endpoint.ss-companion");
    EXPECT_EQ(r.status, Status::fail);
    ASSERT_EQ(r.findings.size(), 2u);
    EXPECT_EQ(message_of(r),
              "endpoint 0x81 (bulk IN) has no SuperSpeed endpoint companion but every endpoint needs one at SuperSpeed");
    EXPECT_EQ(result_of(sandisk(), "ch9.endpoint.ss-companion").status, Status::pass);
    EXPECT_EQ(result_of(cp210x(), "ch9.endpoint.ss-companion").status, Status::skip);
}

TEST(Ch9Endpoint, SuperSpeedCompanionFields) {
    const std::pair<const char*, const char*> bad[] = {
        {"07 05 81 02 00 04 00  06 30 10 00 00 00", "bMaxBurst is 16 but must be at most 15"},
        {"07 05 81 02 00 04 00  06 30 00 11 00 00", "MaxStreams (bits 4..0) must be at most 16"},
        {"07 05 81 03 08 00 04  06 30 00 01 08 00", "bmAttributes is 0x01 but must be 0 for interrupt endpoints"},
        {"07 05 81 03 08 00 04  06 30 00 00 10 00", "wBytesPerInterval is 16 but must be at most 8"},
        {"07 05 81 01 00 04 01  06 30 00 03 00 0c", "Mult (bits 1..0) must be at most 2"},
        {"07 05 81 01 00 04 01  06 30 00 01 00 10", "wBytesPerInterval is 4096 but must be at most 2048"},
        {"07 05 81 00 00 02 00  06 30 01 00 00 00", "bMaxBurst is 1 but must be 0 for a control endpoint"},
    };
    for (const auto& [bytes, expected] : bad) {
        const auto r = result_of(ss_endpoint(bytes), "ch9.endpoint.ss-companion-fields");
        EXPECT_EQ(r.status, Status::fail) << bytes;
        EXPECT_NE(message_of(r).find(expected), std::string::npos) << message_of(r);
    }
    const auto burst = result_of(ss_endpoint("07 05 81 02 00 04 00  06 30 10 00 00 00"), "ch9.endpoint.ss-companion-fields");
    EXPECT_EQ(burst.findings.at(0).location.offset, 0x1bu);  // companion at 0x19, bMaxBurst at +2
    EXPECT_EQ(result_of(sandisk(), "ch9.endpoint.ss-companion-fields").status, Status::pass);
    EXPECT_EQ(result_of(ss_endpoint("07 05 81 01 00 04 01  06 30 00 01 00 08"), "ch9.endpoint.ss-companion-fields").status,
              Status::pass);
    EXPECT_EQ(result_of(cp210x(), "ch9.endpoint.ss-companion-fields").status, Status::skip);
}

TEST(Ch9Endpoint, SuperSpeedInterruptBytesIsAWarning) {
    const auto r = result_of(ss_endpoint("07 05 81 03 08 00 04  06 30 00 00 02 00"), "ch9.endpoint.ss-interrupt-bytes");
    EXPECT_EQ(r.status, Status::warn);
    EXPECT_EQ(message_of(r), "wBytesPerInterval of the companion of endpoint 0x81 (interrupt IN) is 2 but "
                             "wMaxPacketSize is 8");
    EXPECT_EQ(result_of(ss_endpoint("07 05 81 03 08 00 04  06 30 00 00 08 00"), "ch9.endpoint.ss-interrupt-bytes").status,
              Status::pass);
    EXPECT_EQ(result_of(sandisk(), "ch9.endpoint.ss-interrupt-bytes").status, Status::skip);
}

}  // namespace
}  // namespace usbcheck::checks
