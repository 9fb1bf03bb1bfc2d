// Tests of the Windows driver prediction (checks/windows.h) and the windows.* checks: corpus devices
// and hand-written descriptors (spaced hex), each rule with a failing and a passing case.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "check_test_util.h"
#include "checks/check.h"
#include "checks/windows.h"
#include "reports/report.h"
#include "test_util.h"
#include "usb/input.h"
#include "usb/probe.h"

namespace usbcheck {
namespace {

using checks::Status;
using test::is;
using test::result_of;

std::string config_hex(unsigned interfaces, const std::vector<std::string>& descriptors) {
    size_t total = 9;
    std::string body;
    for (const auto& d : descriptors) {
        total += test::hex(d).size();
        body += " " + d;
    }
    return fmt::format("09 02 {:02x} {:02x} {:02x} 01 00 80 32", total & 0xFF, total >> 8, interfaces) + body;
}

usb::DescriptorSet probe(std::string_view device, const std::string& config) {
    test::FakeDevice fake;
    fake.device = std::string(device);
    fake.configs = {config};
    return test::probe_fake(fake);
}

// The first device of a corpus file, read as `check --from` reads it.
usb::DescriptorSet corpus(const std::string& file) {
    auto input = usb::load_input_file(test::source_path("tests/corpus/" + file));
    EXPECT_TRUE(input) << file;
    usb::ReplayDevice replay(std::move(input->devices.front()));
    return usb::probe(replay, {});
}

// A comm interface 02/ss/pp with Header, Call Management, ACM, Union, and its CDC Data interface.
std::vector<std::string> acm_pair(unsigned comm, uint8_t sub = 0x02, uint8_t prot = 0x01) {
    return {fmt::format("09 04 {:02x} 00 01 02 {:02x} {:02x} 00", comm, sub, prot), "05 24 00 10 01",
            fmt::format("05 24 01 00 {:02x}", comm + 1), "04 24 02 02", fmt::format("05 24 06 {:02x} {:02x}", comm, comm + 1),
            "07 05 81 03 0a 00 20", fmt::format("09 04 {:02x} 00 02 0a 00 00 00", comm + 1), "07 05 02 02 40 00 00",
            "07 05 82 02 40 00 00"};
}

std::vector<std::string> with_iad(unsigned first, uint8_t cls, uint8_t sub, uint8_t prot, std::vector<std::string> parts) {
    parts.insert(parts.begin(), fmt::format("08 0b {:02x} 02 {:02x} {:02x} {:02x} 00", first, cls, sub, prot));
    return parts;
}

const checks::WindowsPrediction::Function& function(const checks::WindowsPrediction& p, size_t k) {
    return p.functions.at(k);
}

bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

constexpr std::string_view k_zero_device = "12 01 00 02 00 00 00 40 34 12 78 56 00 01 01 02 03 01";
constexpr std::string_view k_iad_device = "12 01 00 02 ef 02 01 40 34 12 78 56 00 01 01 02 03 01";

TEST(WindowsPrediction, TinyUsbAcmGetsUsbserThroughSubclassOnlyId) {
    const auto p = checks::predict_windows(corpus("espressif_esp32s3-tinyusb-serial-device_303a-4001.c-array.txt"));
    EXPECT_EQ(p.hardware_ids, (std::vector<std::string>{"USB\\VID_303A&PID_4001&REV_0100", "USB\\VID_303A&PID_4001"}));
    ASSERT_TRUE(p.composite) << p.composite_rule;
    ASSERT_EQ(p.functions.size(), 1u);
    const auto& f = function(p, 0);
    EXPECT_EQ(f.interface, "MI_00");
    EXPECT_EQ(f.hardware_ids.back(), "USB\\VID_303A&PID_4001&MI_00");
    // IAD 02/02/00: the three-part ID has Prot_00, the two-part one matches usbser.inf.
    EXPECT_EQ(f.compatible_ids, (std::vector<std::string>{"USB\\Class_02&SubClass_02&Prot_00", "USB\\Class_02&SubClass_02",
                                                         "USB\\Class_02"}));
    EXPECT_EQ(f.driver, "usbser");
    EXPECT_NE(f.windows81.find("mdmcpq.inf"), std::string::npos);
    EXPECT_TRUE(contains(p.compatible_ids, "USB\\COMPOSITE"));
}

TEST(WindowsPrediction, DualCdcHasTwoUsbserChildren) {
    const auto p = checks::predict_windows(corpus("espressif_esp32-tinyusb-dual-cdc_303a-4001.c-array.txt"));
    ASSERT_EQ(p.functions.size(), 2u);
    EXPECT_EQ(function(p, 0).interface, "MI_00");
    EXPECT_EQ(function(p, 1).interface, "MI_02");
    EXPECT_EQ(function(p, 0).driver, "usbser");
    EXPECT_EQ(function(p, 1).driver, "usbser");
}

TEST(WindowsPrediction, CdcMscCompositeGetsUsbserAndUsbstor) {
    const auto p = checks::predict_windows(corpus("espressif_esp32s3-tinyusb-cdc-msc-composite_303a-4001.c-array.txt"));
    ASSERT_EQ(p.functions.size(), 2u);
    EXPECT_EQ(function(p, 0).driver, "usbser");
    EXPECT_EQ(function(p, 1).interface, "MI_02");
    EXPECT_EQ(function(p, 1).driver, "usbstor");
}

TEST(WindowsPrediction, MultiConfigurationDeviceIsNotComposite) {
    const auto set = corpus("realtek_rtl8153-axagon-usb-ethernet_0bda-8153.c-array.txt");
    ASSERT_GT(set.device->bNumConfigurations, 1);
    const auto p = checks::predict_windows(set);
    EXPECT_FALSE(p.composite);
    ASSERT_EQ(p.functions.size(), 1u);
    EXPECT_EQ(function(p, 0).interface, "device");
    EXPECT_EQ(function(p, 0).driver, "none");  // configuration 1 is vendor class; its ECM configuration is never selected
}

TEST(WindowsPrediction, EcmHasNoInboxDriver) {
    const auto set = probe(k_iad_device, config_hex(2, with_iad(0, 0x02, 0x06, 0x00,
                                                                {"09 04 00 00 01 02 06 00 00", "05 24 00 10 01",
                                                                 "05 24 06 00 01", "07 05 81 03 10 00 08",
                                                                 "09 04 01 00 00 0a 00 00 00"})));
    const auto p = checks::predict_windows(set);
    ASSERT_EQ(p.functions.size(), 1u);
    EXPECT_EQ(function(p, 0).driver, "none");
    EXPECT_NE(function(p, 0).rule.find("USB\\Class_02 alone does not match usbser.inf"), std::string::npos);
}

TEST(WindowsPrediction, VendorBridgesGetNoDriverAndNoCdcJudgement) {
    for (auto file : {"ftdi_ft2232-dual-uart_0403-6010.c-array.txt", "silabs_cp210x-uart-bridge_10c4-ea60.c-array.txt"}) {
        const auto set = corpus(file);
        const auto p = checks::predict_windows(set);
        for (const auto& f : p.functions) EXPECT_EQ(f.driver, "none") << file;
        EXPECT_TRUE(is(result_of(set, "windows.driver.none"), Status::warn, "matches no in-box driver")) << file;
        EXPECT_TRUE(is(result_of(set, "windows.cdc.usbser-autoload"), Status::skip)) << file;
        EXPECT_TRUE(is(result_of(set, "cdc.acm.union"), Status::skip)) << file;
    }
}

TEST(WindowsPrediction, ArduinoUnoLikeDeviceTakesTheFirstInterfaceClass) {
    const auto set = probe("12 01 10 01 02 00 00 08 41 23 43 00 01 00 01 02 dc 01", config_hex(2, acm_pair(0)));
    const auto p = checks::predict_windows(set);
    EXPECT_FALSE(p.composite);
    ASSERT_EQ(p.functions.size(), 1u);
    EXPECT_EQ(function(p, 0).compatible_ids.front(), "USB\\Class_02&SubClass_02&Prot_01");
    EXPECT_EQ(function(p, 0).driver, "usbser");
    EXPECT_TRUE(std::any_of(p.notes.begin(), p.notes.end(),
                            [](const std::string& n) { return n.find("Microsoft's pages disagree") != std::string::npos; }));
    EXPECT_TRUE(is(result_of(set, "windows.cdc.usbser-autoload"), Status::pass));
}

TEST(WindowsPrediction, AcmPairWithoutIadInAClassZeroCompositeIsSplit) {
    auto parts = acm_pair(0);
    const auto set = probe(k_zero_device, config_hex(2, parts));
    const auto p = checks::predict_windows(set);
    ASSERT_TRUE(p.composite);
    ASSERT_EQ(p.functions.size(), 2u);
    EXPECT_EQ(function(p, 0).driver, "usbser");
    EXPECT_EQ(function(p, 1).interface, "MI_01");
    EXPECT_EQ(function(p, 1).driver, "none");
    EXPECT_TRUE(is(result_of(set, "windows.cdc.usbser-autoload"), Status::warn, "Windows splits the ACM pair"));
    EXPECT_TRUE(is(result_of(set, "cdc.acm.iad"), Status::fail, "has no IAD"));
}

TEST(WindowsUsbserAutoload, WarnsWhenTheIadSubclassIsNotAcm) {
    const auto set = probe(k_iad_device, config_hex(2, with_iad(0, 0x02, 0x00, 0x00, acm_pair(0))));
    EXPECT_TRUE(is(result_of(set, "windows.cdc.usbser-autoload"), Status::warn, "gets no driver on Windows 10+"));
    const auto good = probe(k_iad_device, config_hex(2, with_iad(0, 0x02, 0x02, 0x01, acm_pair(0))));
    EXPECT_TRUE(is(result_of(good, "windows.cdc.usbser-autoload"), Status::pass));
}

TEST(WindowsPrediction, MsOs10WinusbBeatsTheClassIds) {
    auto set = probe(k_zero_device, config_hex(1, {"09 04 00 00 02 ff 00 00 00", "07 05 81 02 40 00 00", "07 05 01 02 40 00 00"}));
    EXPECT_TRUE(is(result_of(set, "windows.driver.none"), Status::warn, "matches no in-box driver"));
    set.msos.compat_id.availability = usb::Availability::present;
    set.msos.compat_id.bytes = test::hex("28 00 00 00 00 01 04 00 01 00 00 00 00 00 00 00 "
                                         "00 01 57 49 4e 55 53 42 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00");
    const auto p = checks::predict_windows(set);
    ASSERT_EQ(p.functions.size(), 1u);
    EXPECT_EQ(function(p, 0).compatible_ids.front(), "USB\\MS_COMP_WINUSB");
    EXPECT_EQ(function(p, 0).driver, "winusb");
    EXPECT_TRUE(is(result_of(set, "windows.driver.none"), Status::pass));
}

TEST(WindowsUsbserAutoload, WarnsWhenAnMsOsWinusbIdTakesTheAcmFunction) {
    auto set = probe(k_iad_device, config_hex(2, with_iad(0, 0x02, 0x02, 0x01, acm_pair(0))));
    set.msos.compat_id.availability = usb::Availability::present;
    set.msos.compat_id.bytes = test::hex("28 00 00 00 00 01 04 00 01 00 00 00 00 00 00 00 "
                                         "00 01 57 49 4e 55 53 42 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00");
    EXPECT_TRUE(is(result_of(set, "windows.cdc.usbser-autoload"), Status::warn,
                   "gets winusb on Windows 10+ (USB\\MS_COMP_WINUSB); expected usbser (an MS OS compatible ID ranks"));
}

TEST(WindowsPrediction, MsOs20WinusbFunctionOfTheTinyUsbWebusbExample) {
    const auto set = corpus("tinyusb_webusb-serial-example_cafe-401f.firmware.txt");
    const auto p = checks::predict_windows(set);
    ASSERT_TRUE(p.composite);
    ASSERT_EQ(p.functions.size(), 2u);
    EXPECT_EQ(function(p, 0).driver, "usbser");
    EXPECT_EQ(function(p, 1).interface, "MI_02");
    EXPECT_EQ(function(p, 1).compatible_ids.front(), "USB\\MS_COMP_WINUSB");
    EXPECT_EQ(function(p, 1).driver, "winusb");
    ASSERT_EQ(p.registry.size(), 1u);
    EXPECT_EQ(p.registry[0].name, "DeviceInterfaceGUIDs");
    EXPECT_EQ(p.registry[0].type, "REG_MULTI_SZ");
    EXPECT_NE(p.registry[0].key.find("USB\\VID_CAFE&PID_401F&MI_02\\"), std::string::npos) << p.registry[0].key;
    EXPECT_NE(p.registry[0].value.find("975F44D9"), std::string::npos) << p.registry[0].value;
    EXPECT_TRUE(is(result_of(set, "windows.bcdusb.msos20"), Status::pass));
}

TEST(WindowsBcdUsbMsos20, WarnsWhenBcdUsbIs0200) {
    test::FakeDevice fake;
    fake.device = "12 01 00 02 ef 02 01 40 fe ca 1f 40 00 01 01 02 03 01";
    fake.configs = {config_hex(1, {"09 04 00 00 00 ff 00 00 00"})};
    fake.bos = "05 0f 21 00 01 1c 10 05 00 df 60 dd d8 89 45 c7 4c 9c d2 65 9d 9e 64 8a 9f 00 00 03 06 b2 00 02 00";
    const auto set = test::probe_fake(fake);
    EXPECT_TRUE(is(result_of(set, "windows.bcdusb.msos20"), Status::warn, "bcdUSB is 0x0200"));
}

TEST(WindowsPrediction, RndisAs020202FfGetsUsbserTheWrongDriver) {
    const auto set = probe(k_iad_device, config_hex(2, with_iad(0, 0x02, 0x02, 0xff, acm_pair(0, 0x02, 0xff))));
    const auto p = checks::predict_windows(set);
    EXPECT_EQ(function(p, 0).driver, "usbser");
    EXPECT_TRUE(std::any_of(p.notes.begin(), p.notes.end(),
                            [](const std::string& n) { return n.find("the wrong driver") != std::string::npos; }));
}

struct ClassCase {
    const char* interface;
    const char* driver;
};

TEST(WindowsPrediction, SingleInterfaceClassDrivers) {
    for (const auto& c : {ClassCase{"09 04 00 00 01 03 01 01 00", "hidusb"}, ClassCase{"09 04 00 00 02 08 06 50 00", "usbstor"},
                          ClassCase{"09 04 00 00 02 08 06 62 00", "uaspstor"}, ClassCase{"09 04 00 00 02 ff ff ff 00", "none"}}) {
        const auto p = checks::predict_windows(probe(k_zero_device, config_hex(1, {c.interface})));
        ASSERT_EQ(p.functions.size(), 1u);
        EXPECT_FALSE(p.composite);
        EXPECT_EQ(function(p, 0).driver, c.driver) << c.interface;
    }
}

TEST(WindowsPrediction, HubGetsTheHubCompatibleId) {
    const auto p = checks::predict_windows(
        probe("12 01 00 02 09 00 01 40 e3 05 08 06 00 01 00 01 00 01", config_hex(1, {"09 04 00 00 01 09 00 00 00",
                                                                                      "07 05 81 03 01 00 0c"})));
    ASSERT_EQ(p.functions.size(), 1u);
    EXPECT_EQ(function(p, 0).compatible_ids.front(), "USB\\USB20_HUB");
    EXPECT_EQ(function(p, 0).driver, "usbhub");
}

TEST(WindowsPredictionCheck, CarriesTheSummaryAsAnInfoNote) {
    const auto r = result_of(corpus("espressif_esp32s3-tinyusb-cdc-msc-composite_303a-4001.c-array.txt"), "windows.prediction");
    EXPECT_TRUE(is(r, Status::pass, "composite (usbccgp): MI_00 usbser (USB\\Class_02&SubClass_02), MI_02 usbstor"));
    EXPECT_TRUE(is(result_of(usb::DescriptorSet{}, "windows.prediction"), Status::skip));
}

TEST(WindowsJson, ValidatesAgainstTheSchemaAndHasTheShape) {
    reports::Report report;
    for (auto file : {"tinyusb_webusb-serial-example_cafe-401f.firmware.txt", "realtek_rtl8153-axagon-usb-ethernet_0bda-8153.c-array.txt"}) {
        const auto set = corpus(file);
        report.devices.push_back({reports::identity_of(set), checks::run_checks(set), "", checks::predict_windows(set)});
    }
    const auto json = reports::to_json(report);
    const auto& w = json["devices"][0]["windows"];
    EXPECT_EQ(w["composite"], true);
    EXPECT_EQ(w["functions"][1]["interface"], "MI_02");
    EXPECT_EQ(w["functions"][1]["first_interface"], 2);
    EXPECT_EQ(w["functions"][1]["driver"], "winusb");
    EXPECT_EQ(w["registry"][0]["name"], "DeviceInterfaceGUIDs");
    EXPECT_EQ(json["devices"][1]["windows"]["composite"], false);
    if (!test::have_validators()) GTEST_SKIP() << "python3-jsonschema or xmllint missing";
    const auto path = (std::filesystem::temp_directory_path() / "usbcheck-windows-report.json").string();
    ASSERT_TRUE(reports::write_output(path, json.dump(2)));
    std::string why;
    EXPECT_TRUE(test::validate_json_schema(path, test::source_path("reports/report.schema.json"), why)) << why;
    std::filesystem::remove(path);
}

TEST(WindowsText, PrintsTheWindowsLine) {
    reports::Report report;
    const auto set = corpus("espressif_esp32s3-tinyusb-serial-device_303a-4001.c-array.txt");
    report.devices.push_back({reports::identity_of(set), checks::run_checks(set), "", checks::predict_windows(set)});
    std::ostringstream out;
    reports::write_text(out, report, false, false);
    EXPECT_NE(out.str().find("  Windows 10+: composite (usbccgp): MI_00 usbser (USB\\Class_02&SubClass_02)\n"), std::string::npos)
        << out.str();
}

}  // namespace
}  // namespace usbcheck
