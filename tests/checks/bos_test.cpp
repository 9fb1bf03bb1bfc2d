// Tests of the BOS check family: each rule with a failing and a passing device, replayed
// through the real probe and parser, plus the corpus devices with a BOS.
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



std::string device_hex(uint16_t bcd, uint8_t cls = 0, uint8_t sub = 0, uint8_t proto = 0) {
    return fmt::format("12 01 {:02x} {:02x} {:02x} {:02x} {:02x} 40 34 12 78 56 00 01 00 00 00 01", bcd & 0xFF, bcd >> 8, cls,
                       sub, proto);
}

// One vendor interface without endpoints.
constexpr std::string_view k_config = "09 02 12 00 01 01 00 80 32  09 04 00 00 00 ff 00 00 00";

// A BOS header with the right wTotalLength and bNumDeviceCaps for these capabilities.
std::string bos_hex(std::initializer_list<std::string_view> caps) {
    size_t total = 5;
    std::string body;
    for (auto c : caps) {
        total += test::hex(c).size();
        body += " " + std::string(c);
    }
    return fmt::format("05 0f {:02x} {:02x} {:02x}", total & 0xFF, total >> 8, caps.size()) + body;
}

usb::DescriptorSet probe(uint16_t bcd, std::optional<std::string> bos, usb::Speed speed = usb::Speed::unknown, uint8_t cls = 0) {
    test::FakeDevice fake;
    fake.device = device_hex(bcd, cls);
    fake.configs = {std::string(k_config)};
    fake.bos = std::move(bos);
    fake.speed = speed;
    return test::probe_fake(fake);
}

constexpr std::string_view k_usb2_lpm = "07 10 02 02 00 00 00";
constexpr std::string_view k_usb2_no_lpm = "07 10 02 00 00 00 00";
// bmAttributes, wSpeedsSupported, bFunctionalitySupport, bU1DevExitLat, wU2DevExitLat at +3..+9.
std::string ss_cap(uint8_t attributes = 0x00, uint16_t speeds = 0x000E, uint8_t functionality = 1, uint8_t u1 = 0x0A,
                   uint16_t u2 = 0x07FF) {
    return fmt::format("0a 10 03 {:02x} {:02x} {:02x} {:02x} {:02x} {:02x} {:02x}", attributes, speeds & 0xFF, speeds >> 8,
                       functionality, u1, u2 & 0xFF, u2 >> 8);
}
constexpr std::string_view k_container = "14 10 04 00 b2 6c e1 10 1b 7e 47 18 84 6e 85 e9 4d 73 c8 fc";
constexpr std::string_view k_msos20 = "1c 10 05 00 df 60 dd d8 89 45 c7 4c 9c d2 65 9d 9e 64 8a 9f 00 00 03 06 b2 00 02 00";
constexpr std::string_view k_webusb = "18 10 05 00 38 b6 08 34 a9 09 a0 47 8b fd a0 76 88 15 b6 65 00 01 01 01";

// Corpus BOS captures (hex.bos lines of /work/shared/corpus).
constexpr std::string_view k_algoltek = "05 0f 16 00 02 07 10 02 06 00 00 00 0a 10 03 02 0e 00 01 0a ff 07";
constexpr std::string_view k_genesys = "050F2A0003071002060000000A1003000E000108BE0014100400B26CE1101B7E4718846E85E94D73C8FC";
constexpr std::string_view k_huddly = "050F1600020710020E0100000A1003000F00010AFF01";
constexpr std::string_view k_framework =
    "050F50000307100200000000141004000000000000000000000000000000000030100D070100000003000000000000000000000000000000000000000000"
    "00"
    "0000000000000000001001000001FF0008";
constexpr std::string_view k_mnt = "050F2100011C10050063EC0A0174F5CD529DDA2852550D94F00E09010089004200";
constexpr std::string_view k_sunplusit = "050F2900021C100500DF60DDD88945C74C9CD2659D9E648A9F00000306340301000810110103000000";
constexpr std::string_view k_tinyusb =
    "050F3900021810050038B60834A909A0478BFDA0768815B665000101011C100500DF60DDD88945C74C9CD2659D9E648A9F00000306B2000200";
constexpr std::string_view k_sandisk = "050F160002071002020000000A1003000E00010A0001";

// ---- bos.required / bos.unexpected

TEST(BosRequired, FailsWhenTheBosStallsOnA0210Device) {
    const auto r = result_of(probe(0x0210, std::nullopt), "bos.required");
    EXPECT_TRUE(is(r, Status::fail, "bcdUSB is 0x0210 but the device stalled the BOS request"));
    ASSERT_EQ(r.findings.size(), 1u);
    EXPECT_EQ(r.findings[0].location.blob, "device");
    EXPECT_EQ(r.findings[0].location.offset, 2u);
}

TEST(BosRequired, PassesWithABos) {
    EXPECT_TRUE(is(result_of(probe(0x0201, bos_hex({k_usb2_no_lpm})), "bos.required"), Status::pass));
}

TEST(BosRequired, SkipsWhenTheInputDidNotCaptureTheBos) {
    test::FakeDevice fake;
    fake.device = device_hex(0x0210);
    fake.configs = {std::string(k_config)};
    fake.bos_not_captured = true;
    EXPECT_TRUE(is(result_of(test::probe_fake(fake), "bos.required"), Status::skip, "not captured"));
}

TEST(BosRequired, SkipsBelow0201) {
    EXPECT_TRUE(is(result_of(probe(0x0200, std::nullopt), "bos.required"), Status::skip, "0x0200"));
}

TEST(BosUnexpected, WarnsAboutABosOnA0200Device) {
    EXPECT_TRUE(is(result_of(probe(0x0200, bos_hex({k_usb2_no_lpm})), "bos.unexpected"), Status::warn, "bcdUSB is 0x0200"));
}

TEST(BosUnexpected, PassesWhenA0200DeviceStallsTheBos) {
    EXPECT_TRUE(is(result_of(probe(0x0200, std::nullopt), "bos.unexpected"), Status::pass));
}

// ---- header, lengths, count, capability type

TEST(BosHeader, FailsOnAWrongDescriptorType) {
    EXPECT_TRUE(is(result_of(probe(0x0210, "05 0e 0c 00 01 07 10 02 02 00 00 00"), "bos.header"), Status::fail,
                   "bDescriptorType is 0x0e but expected 0x0f"));
}

TEST(BosHeader, FailsOnAWrongLength) {
    EXPECT_TRUE(is(result_of(probe(0x0210, "06 0f 0d 00 01 00 07 10 02 02 00 00 00"), "bos.header"), Status::fail,
                   "bLength is 6 but expected 5"));
}

TEST(BosHeader, PassesOnTheAlgoltekBos) {
    EXPECT_TRUE(is(result_of(probe(0x0320, std::string(k_algoltek)), "bos.header"), Status::pass));
}

TEST(BosHeader, SkipsWithoutABos) {
    EXPECT_TRUE(is(result_of(probe(0x0210, std::nullopt), "bos.header"), Status::skip, "stalled"));
}

TEST(BosTotalLength, FailsWhenTheDeviceReturnsFewerBytes) {
    const auto r = result_of(probe(0x0210, "05 0f 20 00 01 07 10 02 02 00 00 00"), "bos.total-length");
    EXPECT_TRUE(is(r, Status::fail, "wTotalLength is 32 but the device returned 12 bytes"));
    EXPECT_EQ(r.findings.at(0).location.offset, 2u);
}

TEST(BosTotalLength, FailsWhenCapabilitiesRunPastWTotalLength) {
    EXPECT_TRUE(is(result_of(probe(0x0210, "05 0f 0a 00 01 07 10 02 02 00 00 00"), "bos.total-length"), Status::fail,
                   "wTotalLength is 10 but the BOS header and its 1 capabilities add up to 12 bytes"));
}

TEST(BosTotalLength, PassesOnTheGenesysBos) {
    EXPECT_TRUE(is(result_of(probe(0x0320, std::string(k_genesys)), "bos.total-length"), Status::pass));
}

TEST(BosNumCaps, FailsWhenTheCountIsTooHigh) {
    EXPECT_TRUE(is(result_of(probe(0x0210, "05 0f 0c 00 02 07 10 02 02 00 00 00"), "bos.num-caps"), Status::fail,
                   "bNumDeviceCaps is 2 but the BOS holds 1 capabilities"));
}

TEST(BosNumCaps, PassesOnTheFrameworkBos) {
    EXPECT_TRUE(is(result_of(probe(0x0201, std::string(k_framework)), "bos.num-caps"), Status::pass));
}

TEST(BosCapabilityType, FailsOnANonCapabilityDescriptor) {
    const auto r = result_of(probe(0x0210, bos_hex({"07 11 02 02 00 00 00"})), "bos.capability.type");
    EXPECT_TRUE(is(r, Status::fail, "bDescriptorType 0x11 but expected 0x10"));
    EXPECT_EQ(r.findings.at(0).location.offset, 6u);
    EXPECT_EQ(r.findings.at(0).location.path, "bos/capability[0]");
}

TEST(BosCapabilityType, PassesOnTheHuddlyBos) {
    EXPECT_TRUE(is(result_of(probe(0x0210, std::string(k_huddly)), "bos.capability.type"), Status::pass));
}

// ---- capability lengths

struct LengthCase {
    const char* name;
    std::string cap;
    const char* message;
};

class BosCapabilityLength : public ::testing::TestWithParam<LengthCase> {};

TEST_P(BosCapabilityLength, FailsOnAWrongLength) {
    EXPECT_TRUE(
        is(result_of(probe(0x0210, bos_hex({GetParam().cap})), "bos.capability.length"), Status::fail, GetParam().message));
}

INSTANTIATE_TEST_SUITE_P(
    Bos, BosCapabilityLength,
    ::testing::Values(
        LengthCase{"usb2_ext_8", "08 10 02 02 00 00 00 00", "USB 2.0 Extension capability bLength is 8 but expected 7"},
        LengthCase{"superspeed_9", "09 10 03 00 0e 00 01 0a ff", "SuperSpeed USB capability bLength is 9 but expected 10"},
        LengthCase{"container_19", "13 10 04 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f",
                   "Container ID capability bLength is 19 but expected 20"},
        LengthCase{"platform_19", "13 10 05 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f",
                   "Platform capability bLength is 19 but expected at least 20"},
        LengthCase{"msos20_no_set", "14 10 05 00 df 60 dd d8 89 45 c7 4c 9c d2 65 9d 9e 64 8a 9f",
                   "expected 20 + 8*n with n >= 1"},
        LengthCase{"msos20_partial",
                   "20 10 05 00 df 60 dd d8 89 45 c7 4c 9c d2 65 9d 9e 64 8a 9f 00 00 03 06 b2 00 02 00 00 00 00 00",
                   "MS OS 2.0 platform capability bLength is 32"},
        LengthCase{"webusb_25", "19 10 05 00 38 b6 08 34 a9 09 a0 47 8b fd a0 76 88 15 b6 65 00 01 01 01 00",
                   "WebUSB platform capability bLength is 25 but expected 24"},
        LengthCase{"ssp_ssac1_16", "10 10 0a 00 01 00 00 00 00 11 00 00 30 40 0a 00", "SSAC 1 needs 12 + 4*(1+1) = 20"},
        LengthCase{"billboard_2_modes_48",
                   "30 10 0d 07 02 00 00 00 03 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
                   "00 00 00 00 10 01 00 00 01 ff 00 08",
                   "Billboard capability bLength is 48 but 2 alternate mode(s) need at least 52"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(BosCapabilityLength, PassesOnEveryCorpusBos) {
    for (auto bos : {k_algoltek, k_genesys, k_huddly, k_framework, k_mnt, k_sunplusit, k_tinyusb, k_sandisk})
        EXPECT_TRUE(is(result_of(probe(0x0210, std::string(bos)), "bos.capability.length"), Status::pass)) << bos;
}

TEST(BosCapabilityLength, PassesOnASuperSpeedPlusCapabilityOfTheRightLength) {
    EXPECT_TRUE(is(result_of(probe(0x0310, bos_hex({"14 10 0a 00 01 00 00 00 00 11 00 00 30 40 0a 00 b0 40 0a 00"})),
                             "bos.capability.length"),
                   Status::pass));
}

TEST(BosCapabilityUnknown, WarnsAboutTheSunplusitType0x11) {
    const auto r = result_of(probe(0x0201, std::string(k_sunplusit)), "bos.capability.unknown");
    EXPECT_TRUE(is(r, Status::warn, "capability type 0x11 at offset 33"));
    EXPECT_EQ(r.findings.at(0).location.offset, 35u);
}

TEST(BosCapabilityUnknown, PassesOnKnownCapabilities) {
    EXPECT_TRUE(is(result_of(probe(0x0210, std::string(k_tinyusb)), "bos.capability.unknown"), Status::pass));
}

// ---- USB 2.0 Extension

TEST(BosUsb2ExtLpm, WarnsWhenA0210DeviceHasNoUsb2Extension) {
    EXPECT_TRUE(is(result_of(probe(0x0210, std::string(k_tinyusb)), "bos.usb2-ext.lpm"), Status::warn,
                   "bcdUSB is 0x0210 but the BOS has no USB 2.0 Extension capability"));
}

TEST(BosUsb2ExtLpm, WarnsWhenTheLpmBitIsClear) {
    const auto r = result_of(probe(0x0210, bos_hex({k_usb2_no_lpm})), "bos.usb2-ext.lpm");
    EXPECT_TRUE(is(r, Status::warn, "bmAttributes is 0x00000000 but bcdUSB 0x0210 needs the LPM bit"));
    EXPECT_EQ(r.findings.at(0).location.offset, 8u);
}

TEST(BosUsb2ExtLpm, PassesWithTheLpmBit) {
    EXPECT_TRUE(is(result_of(probe(0x0210, bos_hex({k_usb2_lpm})), "bos.usb2-ext.lpm"), Status::pass));
}

TEST(BosUsb2ExtLpm, SkipsBelow0210) {
    EXPECT_TRUE(is(result_of(probe(0x0201, std::string(k_framework)), "bos.usb2-ext.lpm"), Status::skip, "0x0201"));
}

TEST(BosUsb2ExtReserved, WarnsAboutReservedBits) {
    EXPECT_TRUE(is(result_of(probe(0x0210, bos_hex({"07 10 02 03 00 01 00"})), "bos.usb2-ext.reserved"), Status::warn,
                   "bmAttributes is 0x00010003 but reserved bits 31..16 and 0 must be zero (set: 0x00010001)"));
}

TEST(BosUsb2ExtReserved, PassesOnTheHuddlyBos) {
    EXPECT_TRUE(is(result_of(probe(0x0210, std::string(k_huddly)), "bos.usb2-ext.reserved"), Status::pass));
}

TEST(BosUsb2ExtReserved, SkipsWithoutAUsb2Extension) {
    EXPECT_TRUE(is(result_of(probe(0x0210, std::string(k_mnt)), "bos.usb2-ext.reserved"), Status::skip, "no USB 2.0 Extension"));
}

TEST(BosUsb2ExtBesl, WarnsAboutBeslWithoutLpm) {
    EXPECT_TRUE(is(result_of(probe(0x0201, bos_hex({"07 10 02 04 01 00 00"})), "bos.usb2-ext.besl"), Status::warn,
                   "BESL bits 0x00000104 are set but the LPM bit (bit 1) is clear"));
}

TEST(BosUsb2ExtBesl, PassesOnTheHuddlyBos) {
    EXPECT_TRUE(is(result_of(probe(0x0210, std::string(k_huddly)), "bos.usb2-ext.besl"), Status::pass));
}

// ---- SuperSpeed

TEST(BosSuperSpeedRequired, FailsWhenA0300DeviceLacksTheSuperSpeedCapability) {
    EXPECT_TRUE(is(result_of(probe(0x0300, bos_hex({k_usb2_lpm})), "bos.superspeed.required"), Status::fail,
                   "bcdUSB is 0x0300 but the BOS has no SuperSpeed USB capability"));
}

TEST(BosSuperSpeedRequired, FailsWhenADeviceRunningAtSuperSpeedLacksTheUsb2Extension) {
    EXPECT_TRUE(is(result_of(probe(0x0210, bos_hex({ss_cap()}), usb::Speed::super), "bos.superspeed.required"), Status::fail,
                   "the device runs at super speed but the BOS has no USB 2.0 Extension capability"));
}

TEST(BosSuperSpeedRequired, PassesOnTheAlgoltekBos) {
    EXPECT_TRUE(is(result_of(probe(0x0320, std::string(k_algoltek)), "bos.superspeed.required"), Status::pass));
}

TEST(BosSuperSpeedRequired, DoesNotApplyToTheHuddly0210Camera) {
    EXPECT_TRUE(is(result_of(probe(0x0210, std::string(k_huddly)), "bos.superspeed.required"), Status::skip, "0x0210"));
}

TEST(BosSuperSpeedSpeeds, FailsOnAnEmptyMask) {
    const auto r = result_of(probe(0x0320, bos_hex({k_usb2_lpm, ss_cap(0, 0x0000)})), "bos.superspeed.speeds");
    EXPECT_TRUE(is(r, Status::fail, "wSpeedsSupported is 0x0000"));
    EXPECT_EQ(r.findings.at(0).location.offset, 16u);
}

TEST(BosSuperSpeedSpeeds, FailsOnUndefinedBits) {
    EXPECT_TRUE(is(result_of(probe(0x0320, bos_hex({k_usb2_lpm, ss_cap(0, 0x001E)})), "bos.superspeed.speeds"), Status::fail,
                   "wSpeedsSupported is 0x001e but only bits 0..3"));
}

TEST(BosSuperSpeedSpeeds, PassesOnTheHuddlyBos) {
    EXPECT_TRUE(is(result_of(probe(0x0210, std::string(k_huddly)), "bos.superspeed.speeds"), Status::pass));
}

TEST(BosSuperSpeedSpeeds, SkipsWithoutASuperSpeedCapability) {
    EXPECT_TRUE(is(result_of(probe(0x0210, bos_hex({k_usb2_lpm})), "bos.superspeed.speeds"), Status::skip, "no SuperSpeed USB"));
}

TEST(BosSuperSpeedFunctionality, FailsOnASpeedNotSupported) {
    EXPECT_TRUE(is(result_of(probe(0x0320, bos_hex({k_usb2_lpm, ss_cap(0, 0x000E, 0)})), "bos.superspeed.functionality"),
                   Status::fail, "bFunctionalitySupport is 0 (low speed) but wSpeedsSupported 0x000e does not include it"));
}

TEST(BosSuperSpeedFunctionality, PassesOnTheAlgoltekBos) {
    EXPECT_TRUE(is(result_of(probe(0x0320, std::string(k_algoltek)), "bos.superspeed.functionality"), Status::pass));
}

TEST(BosSuperSpeedU1, FailsAbove10Microseconds) {
    const auto r = result_of(probe(0x0320, bos_hex({k_usb2_lpm, ss_cap(0, 0x000E, 1, 0x0B)})), "bos.superspeed.u1-exit-latency");
    EXPECT_TRUE(is(r, Status::fail, "bU1DevExitLat is 0x0b but expected at most 0x0a"));
    EXPECT_EQ(r.findings.at(0).location.offset, 19u);
}

TEST(BosSuperSpeedU1, PassesAt10Microseconds) {
    EXPECT_TRUE(is(result_of(probe(0x0320, std::string(k_algoltek)), "bos.superspeed.u1-exit-latency"), Status::pass));
}

TEST(BosSuperSpeedU2, FailsAbove2047Microseconds) {
    EXPECT_TRUE(
        is(result_of(probe(0x0320, bos_hex({k_usb2_lpm, ss_cap(0, 0x000E, 1, 0x0A, 0x0800)})), "bos.superspeed.u2-exit-latency"),
           Status::fail, "wU2DevExitLat is 0x0800 but expected at most 0x07ff"));
}

TEST(BosSuperSpeedU2, PassesAt2047Microseconds) {
    EXPECT_TRUE(is(result_of(probe(0x0320, std::string(k_algoltek)), "bos.superspeed.u2-exit-latency"), Status::pass));
}

TEST(BosSuperSpeedReserved, WarnsAboutBitsOtherThanLtm) {
    EXPECT_TRUE(is(result_of(probe(0x0320, bos_hex({k_usb2_lpm, ss_cap(0x03)})), "bos.superspeed.reserved"), Status::warn,
                   "bmAttributes is 0x03 but only bit 1 (LTM) is defined"));
}

TEST(BosSuperSpeedReserved, PassesWithLtm) {
    EXPECT_TRUE(is(result_of(probe(0x0320, std::string(k_algoltek)), "bos.superspeed.reserved"), Status::pass));
}

// ---- Container ID

TEST(BosContainerIdNonzero, WarnsAboutTheFrameworkAllZeroId) {
    const auto r = result_of(probe(0x0201, std::string(k_framework)), "bos.container-id.nonzero");
    EXPECT_TRUE(is(r, Status::warn, "ContainerID is 00000000-0000-0000-0000-000000000000"));
    EXPECT_EQ(r.findings.at(0).location.offset, 16u);
}

TEST(BosContainerIdNonzero, PassesOnTheGenesysId) {
    EXPECT_TRUE(is(result_of(probe(0x0320, std::string(k_genesys)), "bos.container-id.nonzero"), Status::pass));
}

TEST(BosContainerIdReserved, WarnsAboutANonZeroReservedByte) {
    EXPECT_TRUE(is(result_of(probe(0x0320, bos_hex({"14 10 04 01 b2 6c e1 10 1b 7e 47 18 84 6e 85 e9 4d 73 c8 fc"})),
                             "bos.container-id.reserved"),
                   Status::warn, "bReserved is 0x01 but expected 0x00"));
}

TEST(BosContainerIdReserved, PassesOnTheGenesysId) {
    EXPECT_TRUE(is(result_of(probe(0x0320, std::string(k_genesys)), "bos.container-id.reserved"), Status::pass));
}

TEST(BosContainerIdHub, WarnsWhenAUsb3HubHasNoContainerId) {
    EXPECT_TRUE(is(result_of(probe(0x0320, std::string(k_algoltek), usb::Speed::unknown, 0x09), "bos.container-id.hub"),
                   Status::warn, "the device is a hub with bcdUSB 0x0320 but the BOS has no Container ID capability"));
}

TEST(BosContainerIdHub, PassesOnTheGenesysHub) {
    EXPECT_TRUE(
        is(result_of(probe(0x0320, std::string(k_genesys), usb::Speed::unknown, 0x09), "bos.container-id.hub"), Status::pass));
}

TEST(BosContainerIdHub, SkipsForOtherDevices) {
    EXPECT_TRUE(is(result_of(probe(0x0320, std::string(k_algoltek)), "bos.container-id.hub"), Status::skip, "not a hub"));
}

// ---- Platform, MS OS 2.0, WebUSB

TEST(BosPlatformReserved, WarnsAboutANonZeroReservedByte) {
    EXPECT_TRUE(is(result_of(probe(0x0210, bos_hex({"18 10 05 07 38 b6 08 34 a9 09 a0 47 8b fd a0 76 88 15 b6 65 00 01 01 01"})),
                             "bos.platform.reserved"),
                   Status::warn, "bReserved is 0x07"));
}

TEST(BosPlatformReserved, PassesOnTheMntBos) {
    EXPECT_TRUE(is(result_of(probe(0x0210, std::string(k_mnt)), "bos.platform.reserved"), Status::pass));
}

TEST(BosMsOs20SetLength, FailsBelowTheSetHeader) {
    const auto r =
        result_of(probe(0x0210, bos_hex({"1c 10 05 00 df 60 dd d8 89 45 c7 4c 9c d2 65 9d 9e 64 8a 9f 00 00 03 06 08 00 02 00"})),
                  "bos.msos20.set-length");
    EXPECT_TRUE(is(r, Status::fail, "wMSOSDescriptorSetTotalLength is 8 but the set header alone is 10 bytes"));
    EXPECT_EQ(r.findings.at(0).location.offset, 29u);
}

TEST(BosMsOs20SetLength, PassesOnTheSunplusitBos) {
    EXPECT_TRUE(is(result_of(probe(0x0201, std::string(k_sunplusit)), "bos.msos20.set-length"), Status::pass));
}

TEST(BosMsOs20SetLength, SkipsWithoutMsOs20) {
    EXPECT_TRUE(is(result_of(probe(0x0210, std::string(k_mnt)), "bos.msos20.set-length"), Status::skip, "no MS OS 2.0"));
}

TEST(BosMsOs20WindowsVersion, WarnsBeforeWindows81) {
    EXPECT_TRUE(is(
        result_of(probe(0x0210, bos_hex({"1c 10 05 00 df 60 dd d8 89 45 c7 4c 9c d2 65 9d 9e 64 8a 9f 00 00 02 06 b2 00 02 00"})),
                  "bos.msos20.windows-version"),
        Status::warn, "dwWindowsVersion is 0x06020000 but expected at least 0x06030000"));
}

TEST(BosMsOs20WindowsVersion, PassesOnTheTinyUsbBos) {
    EXPECT_TRUE(is(result_of(probe(0x0210, bos_hex({k_msos20})), "bos.msos20.windows-version"), Status::pass));
}

TEST(BosWebUsbVersion, WarnsAboutAnotherVersion) {
    EXPECT_TRUE(is(result_of(probe(0x0210, bos_hex({"18 10 05 00 38 b6 08 34 a9 09 a0 47 8b fd a0 76 88 15 b6 65 00 02 01 01"})),
                             "bos.webusb.version"),
                   Status::warn, "bcdVersion is 0x0200 but expected 0x0100"));
}

TEST(BosWebUsbVersion, PassesOnTheTinyUsbBos) {
    EXPECT_TRUE(is(result_of(probe(0x0210, bos_hex({k_webusb})), "bos.webusb.version"), Status::pass));
}

// ---- Billboard

TEST(BosBillboardAltModes, WarnsAboutAPreferredModeOutOfRange) {
    const std::string bb =
        "30 10 0d 07 01 01 00 00 03 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
        "10 01 00 00 01 ff 00 08";
    EXPECT_TRUE(is(result_of(probe(0x0201, bos_hex({bb})), "bos.billboard.alt-modes"), Status::warn,
                   "bPreferredAlternateMode is 1 but expected below bNumberOfAlternateModes 1 or 0xff"));
}

TEST(BosBillboardAltModes, WarnsAboutTooManyModes) {
    std::string bb = "ff 10 0d 07 35 ff 00 00";
    for (int i = 8; i < 255; ++i) bb += " 00";
    EXPECT_TRUE(is(result_of(probe(0x0201, bos_hex({bb})), "bos.billboard.alt-modes"), Status::warn,
                   "bNumberOfAlternateModes is 53 but expected at most 52 (0x34)"));
}

TEST(BosBillboardAltModes, PassesOnTheFrameworkCard) {
    EXPECT_TRUE(is(result_of(probe(0x0201, std::string(k_framework)), "bos.billboard.alt-modes"), Status::pass));
}

}  // namespace
}  // namespace usbcheck
