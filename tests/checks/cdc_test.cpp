// Tests of the CDC check family (cdc.*): each rule with a failing and a passing device.
#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "check_test_util.h"
#include "checks/check.h"
#include "test_util.h"

namespace usbcheck {
namespace {

using checks::Status;
using test::is;
using test::result_of;

constexpr std::string_view k_iad_device = "12 01 00 02 ef 02 01 40 3a 30 01 40 00 01 00 00 00 01";
constexpr std::string_view k_zero_device = "12 01 00 02 00 00 00 40 3a 30 01 40 00 01 00 00 00 01";
constexpr std::string_view k_comm_device = "12 01 00 02 02 00 00 40 41 23 43 00 01 00 01 02 03 01";

// A configuration of these descriptors with wTotalLength and bNumInterfaces filled in.
std::string config_hex(unsigned interfaces, const std::vector<std::string>& descriptors) {
    size_t total = 9;
    std::string body;
    for (const auto& d : descriptors) {
        total += test::hex(d).size();
        body += " " + d;
    }
    return fmt::format("09 02 {:02x} {:02x} {:02x} 01 00 80 32", total & 0xFF, total >> 8, interfaces) + body;
}

// The parts of an ACM function (TinyUSB layout), each replaceable by a test.
struct Acm {
    unsigned comm = 0, data = 1;
    std::string iad = "08 0b 00 02 02 02 00 00";
    std::string comm_if = "09 04 00 00 01 02 02 00 00";
    std::vector<std::string> functional = {"05 24 00 20 01", "05 24 01 00 01", "04 24 02 02", "05 24 06 00 01"};
    std::vector<std::string> notify = {"07 05 81 03 08 00 10"};
    std::string data_if = "09 04 01 00 02 0a 00 00 00";
    std::vector<std::string> data_eps = {"07 05 02 02 40 00 00", "07 05 82 02 40 00 00"};

    std::vector<std::string> parts() const {
        std::vector<std::string> out;
        if (!iad.empty()) out.push_back(iad);
        out.push_back(comm_if);
        for (const auto& f : functional) out.push_back(f);
        for (const auto& e : notify) out.push_back(e);
        out.push_back(data_if);
        for (const auto& e : data_eps) out.push_back(e);
        return out;
    }
};

usb::DescriptorSet probe(std::string_view device, const std::string& config) {
    test::FakeDevice fake;
    fake.device = std::string(device);
    fake.configs = {config};
    return test::probe_fake(fake);
}

usb::DescriptorSet acm_device(const Acm& acm, std::string_view device = k_iad_device) {
    return probe(device, config_hex(2, acm.parts()));
}

checks::CheckResult check(const Acm& acm, std::string_view id, std::string_view device = k_iad_device) {
    return result_of(acm_device(acm, device), id);
}

TEST(CdcSubclass, FailsForAnUnknownSubclassAndPassesForAcm) {
    Acm bad;
    bad.comm_if = "09 04 00 00 01 02 20 00 00";
    EXPECT_TRUE(is(check(bad, "cdc.subclass.known"), Status::fail, "communications subclass 0x20; expected 0x01..0x0e"));
    EXPECT_TRUE(is(check(Acm{}, "cdc.subclass.known"), Status::pass));
}

TEST(CdcSubclass, SkipsAVendorSerialBridge) {
    // FTDI-like: one vendor interface, no CDC descriptors: no CDC rule judges it.
    const auto set = probe(k_zero_device, config_hex(1, {"09 04 00 00 02 ff ff ff 02", "07 05 81 02 40 00 00",
                                                         "07 05 02 02 40 00 00"}));
    for (auto id : {"cdc.subclass.known", "cdc.header.first", "cdc.acm.union", "cdc.acm.iad", "cdc.vendor-class"})
        EXPECT_TRUE(is(result_of(set, id), Status::skip)) << id;
}

TEST(CdcHeader, FailsWhenTheHeaderIsNotFirst) {
    Acm bad;
    bad.functional = {"05 24 01 00 01", "05 24 00 20 01", "04 24 02 02", "05 24 06 00 01"};
    EXPECT_TRUE(is(check(bad, "cdc.header.first"), Status::fail, "the first functional descriptor is CDC Call Management"));
    EXPECT_TRUE(is(check(Acm{}, "cdc.header.first"), Status::pass));
}

TEST(CdcHeader, EemWithoutFunctionalDescriptorsIsExempt) {
    const auto set = probe(k_zero_device, config_hex(1, {"09 04 00 00 02 02 0c 07 00", "07 05 81 02 40 00 00",
                                                         "07 05 02 02 40 00 00"}));
    EXPECT_TRUE(is(result_of(set, "cdc.header.first"), Status::pass));
}

TEST(CdcHeader, FailsForANonBcdVersionOrWrongLength) {
    Acm bcd;
    bcd.functional[0] = "05 24 00 a0 01";
    EXPECT_TRUE(is(check(bcd, "cdc.header.format"), Status::fail, "bcdCDC is 0x01a0"));
    Acm length;
    length.functional[0] = "06 24 00 10 01 00";
    EXPECT_TRUE(is(check(length, "cdc.header.format"), Status::fail, "bLength 6; expected 5"));
    EXPECT_TRUE(is(check(Acm{}, "cdc.header.format"), Status::pass));
}

TEST(CdcHeader, DoesNotRequireTheF_acmVersion) {
    Acm v120;
    v120.functional[0] = "05 24 00 20 01";  // 0x0120, not f_acm's 0x0110
    EXPECT_TRUE(is(check(v120, "cdc.header.format"), Status::pass));
}

TEST(CdcDuplicate, FailsForASecondHeader) {
    Acm bad;
    bad.functional.push_back("05 24 00 10 01");
    EXPECT_TRUE(is(check(bad, "cdc.functional.duplicate"), Status::fail, "has 2 CDC Header descriptors"));
    EXPECT_TRUE(is(check(Acm{}, "cdc.functional.duplicate"), Status::pass));
}

TEST(CdcAcmDescriptor, FailsWithoutTheAcmDescriptor) {
    Acm bad;
    bad.functional = {"05 24 00 20 01", "05 24 01 00 01", "05 24 06 00 01"};
    EXPECT_TRUE(is(check(bad, "cdc.acm.descriptor"), Status::fail, "no Abstract Control Management functional descriptor"));
    EXPECT_TRUE(is(check(Acm{}, "cdc.acm.descriptor"), Status::pass));
}

TEST(CdcCallManagement, FailsWhenMissingOrNamingNoInterface) {
    Acm missing;
    missing.functional = {"05 24 00 20 01", "04 24 02 02", "05 24 06 00 01"};
    EXPECT_TRUE(is(check(missing, "cdc.acm.call-management"), Status::fail, "no Call Management"));
    Acm absent;
    absent.functional[1] = "05 24 01 00 05";
    EXPECT_TRUE(is(check(absent, "cdc.acm.call-management"), Status::fail, "bDataInterface is 5 but config[0] has no interface 5"));
    EXPECT_TRUE(is(check(Acm{}, "cdc.acm.call-management"), Status::pass));
}

TEST(CdcCallManagementData, WarnsWhenItDiffersFromTheUnion) {
    Acm bad;
    bad.functional[1] = "05 24 01 00 00";
    EXPECT_TRUE(is(check(bad, "cdc.acm.call-management-data"), Status::warn,
                   "bDataInterface is 0 but the Union's first subordinate is 1"));
    EXPECT_TRUE(is(check(Acm{}, "cdc.acm.call-management-data"), Status::pass));
}

TEST(CdcUnion, FailsWhenMissingWrongControlOrDataNotCdcData) {
    Acm missing;
    missing.functional.pop_back();
    EXPECT_TRUE(is(check(missing, "cdc.acm.union"), Status::fail, "no Union functional descriptor"));
    Acm control;
    control.functional[3] = "05 24 06 01 01";
    EXPECT_TRUE(is(check(control, "cdc.acm.union"), Status::fail, "bControlInterface is 1; expected 0"));
    Acm data;
    data.data_if = "09 04 01 00 02 ff 00 00 00";
    EXPECT_TRUE(is(check(data, "cdc.acm.union"), Status::fail, "has class 0xff; expected 0x0a"));
    Acm absent;
    absent.functional[3] = "06 24 06 00 01 04";
    EXPECT_TRUE(is(check(absent, "cdc.acm.union"), Status::fail, "bSubordinateInterface1 is 4"));
    EXPECT_TRUE(is(check(Acm{}, "cdc.acm.union"), Status::pass));
}

TEST(CdcNotification, FailsWithoutAnInterruptInEndpoint) {
    Acm bad;
    bad.comm_if = "09 04 00 00 00 02 02 00 00";
    bad.notify.clear();
    EXPECT_TRUE(is(check(bad, "cdc.acm.notification-endpoint"), Status::fail, "has 0 endpoint(s) and no interrupt IN"));
    EXPECT_TRUE(is(check(Acm{}, "cdc.acm.notification-endpoint"), Status::pass));
}

TEST(CdcNotification, DoesNotRequireF_acmSizeOrInterval) {
    Acm other;
    other.notify = {"07 05 83 03 40 00 01"};  // 64 bytes, bInterval 1: not f_acm's 10 / 32
    EXPECT_TRUE(is(check(other, "cdc.acm.notification-endpoint"), Status::pass));
}

TEST(CdcDataEndpoints, FailsWithoutABulkPairButNotForEcm) {
    Acm bad;
    bad.data_if = "09 04 01 00 01 0a 00 00 00";
    bad.data_eps = {"07 05 82 02 40 00 00"};
    EXPECT_TRUE(is(check(bad, "cdc.acm.data-endpoints"), Status::fail, "data interface 1 has 1 endpoint(s)"));
    EXPECT_TRUE(is(check(Acm{}, "cdc.acm.data-endpoints"), Status::pass));
    // ECM: the data interface has no endpoints in alternate setting 0; the ACM rule does not apply.
    Acm ecm;
    ecm.iad = "08 0b 00 02 02 06 00 00";
    ecm.comm_if = "09 04 00 00 01 02 06 00 00";
    ecm.functional = {"05 24 00 10 01", "05 24 06 00 01", "0d 24 0f 04 00 00 00 00 ea 05 00 00 00"};
    ecm.data_if = "09 04 01 00 00 0a 00 00 00";
    ecm.data_eps.clear();
    EXPECT_TRUE(is(check(ecm, "cdc.acm.data-endpoints"), Status::skip));
}

TEST(CdcAcmIad, FailsForAnAcmPairWithoutIadInAClassZeroDevice) {
    Acm bad;
    bad.iad.clear();
    EXPECT_TRUE(is(check(bad, "cdc.acm.iad", k_zero_device), Status::fail,
                   "has no IAD; expected an IAD 02/02 covering interfaces 0 and 1"));
    EXPECT_TRUE(is(check(Acm{}, "cdc.acm.iad"), Status::pass));
}

TEST(CdcAcmIad, FailsForAWrongIadClassAndSkipsAClass02Device) {
    Acm bad;
    bad.iad = "08 0b 00 02 02 00 00 00";
    EXPECT_TRUE(is(check(bad, "cdc.acm.iad"), Status::fail, "the IAD has function class 02/00; expected 02/02"));
    Acm arduino;
    arduino.iad.clear();
    arduino.comm_if = "09 04 00 00 01 02 02 01 00";
    EXPECT_TRUE(is(check(arduino, "cdc.acm.iad", k_comm_device), Status::skip, "not a composite device"));
}

TEST(CdcUnionIadRange, FailsWhenTheUnionNamesAnInterfaceOutsideTheIad) {
    Acm bad;
    bad.functional[3] = "06 24 06 00 01 02";
    auto parts = bad.parts();
    parts.push_back("09 04 02 00 00 0a 00 00 00");
    EXPECT_TRUE(is(result_of(probe(k_iad_device, config_hex(3, parts)), "cdc.union.iad-range"), Status::fail,
                   "the Union names interface 2 but the IAD covers 0..1"));
    EXPECT_TRUE(is(check(Acm{}, "cdc.union.iad-range"), Status::pass));
}

TEST(CdcVendorClass, WarnsForCdcDescriptorsInAVendorInterface) {
    const auto set = probe(k_zero_device, config_hex(1, {"09 04 00 00 01 ff 00 00 00", "05 24 00 10 01", "05 24 06 00 00",
                                                         "07 05 81 03 08 00 10"}));
    EXPECT_TRUE(is(result_of(set, "cdc.vendor-class"), Status::warn, "is vendor class FF but carries a CDC Header"));
    EXPECT_TRUE(is(check(Acm{}, "cdc.vendor-class"), Status::skip));
}

TEST(CdcAcmSubclass, FailsForAnAcmShapedFunctionWithAnotherSubclass) {
    Acm interface;
    interface.comm_if = "09 04 00 00 01 02 00 00 00";
    interface.iad = "08 0b 00 02 02 00 00 00";
    EXPECT_TRUE(is(check(interface, "cdc.acm.subclass"), Status::fail,
                   "Windows 10 and later load usbser.sys automatically only for class 02 subclass 02"));
    Acm iad;
    iad.iad = "08 0b 00 02 02 00 00 00";
    EXPECT_TRUE(is(check(iad, "cdc.acm.subclass"), Status::fail, "its IAD says 02/00"));
    EXPECT_TRUE(is(check(Acm{}, "cdc.acm.subclass"), Status::pass));
}

}  // namespace
}  // namespace usbcheck

namespace usbcheck {
namespace {

// Linux f_rndis (6.1): IAD 02/06/00, control interface 02/02/FF (Remote NDIS), Header, Call
// Management, ACM and Union descriptors, then a CDC Data interface with a bulk pair.
constexpr std::string_view k_rndis_config =
    "09 02 4b 00 02 01 00 80 32  08 0b 00 02 02 06 00 00  09 04 00 00 01 02 02 ff 00"
    "  05 24 00 10 01  05 24 01 00 01  04 24 02 00  05 24 06 00 01  07 05 81 03 08 00 20"
    "  09 04 01 00 02 0a 00 00 00  07 05 82 02 00 02 00  07 05 02 02 00 02 00";

TEST(CdcRndis, RemoteNdisIsNotJudgedAsASerialFunction) {
    test::FakeDevice fake;
    fake.device = std::string(k_iad_device);
    fake.configs = {std::string(k_rndis_config)};
    fake.speed = usb::Speed::high;
    const auto set = test::probe_fake(fake);
    for (const char* id : {"cdc.acm.iad", "cdc.acm.descriptor", "cdc.acm.data-endpoints"})
        EXPECT_TRUE(is(result_of(set, id), Status::skip)) << id;
    EXPECT_TRUE(is(result_of(set, "cdc.acm.subclass"), Status::pass));  // not ACM-shaped: nothing to flag
    EXPECT_TRUE(is(result_of(set, "cdc.header.first"), Status::pass));
    EXPECT_TRUE(is(result_of(set, "cdc.subclass.known"), Status::pass));
}

}  // namespace
}  // namespace usbcheck
