// Tests of the hid check family (hid.*): each rule with a failing and a passing device, and every
// report descriptor of the shared corpus judged with its reason.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "checks/check.h"
#include "check_test_util.h"
#include "test_util.h"

namespace usbcheck {
namespace {

using checks::Status;
using test::is;
using test::result_of;

constexpr std::string_view k_device = "12 01 00 02 00 00 00 40 09 12 02 00 02 01 00 00 00 01";

// HID 1.11 appendix E.6 style boot keyboard (63 bytes): modifiers, reserved byte, 5 LEDs, 6 keys.
constexpr std::string_view k_keyboard =
    "05 01 09 06 a1 01 05 07 19 e0 29 e7 15 00 25 01 75 01 95 08 81 02 95 01 75 08 81 03 95 05 75 01 05 08 19 01 "
    "29 05 91 02 95 01 75 03 91 03 95 06 75 08 15 00 25 65 05 07 19 00 29 65 81 00 c0";
// HID 1.11 appendix B.2 boot mouse: 3 buttons, 5 bits padding, X and Y relative.
constexpr std::string_view k_mouse =
    "05 01 09 02 a1 01 09 01 a1 00 05 09 19 01 29 03 15 00 25 01 95 03 75 01 81 02 95 01 75 05 81 01 05 01 09 30 "
    "09 31 15 81 25 7f 75 08 95 02 81 06 c0 c0";

// A one-interface HID device (03/sub/protocol) whose report descriptor is `report`; the HID
// descriptor announces `announced` bytes (the report's own length when nullopt).
usb::DescriptorSet hid_device(std::string_view report, uint8_t sub = 1, uint8_t protocol = 1, uint8_t max_packet = 8,
                              std::optional<size_t> announced = std::nullopt) {
    const auto bytes = test::hex(report);
    const size_t length = announced.value_or(bytes.size());
    test::FakeDevice fake;
    fake.device = std::string(k_device);
    fake.configs = {fmt::format("09 02 22 00 01 01 00 a0 32 09 04 00 00 01 03 {:02x} {:02x} 00 09 21 11 01 00 01 22 {:02x} "
                                "{:02x} 07 05 81 03 {:02x} 00 0a",
                                sub, protocol, length & 0xFF, length >> 8, max_packet)};
    auto set = test::probe_fake(fake);
    set.hid_reports = {{0, usb::Availability::present, bytes}};
    return set;
}

// A descriptor fragment inside an application collection, with a 1-byte input.
std::string body(std::string_view items) { return fmt::format("05 01 09 00 a1 01 {} c0", items); }

TEST(HidChecks, ItemsCompleteAndDefined) {
    EXPECT_TRUE(is(result_of(hid_device(k_keyboard), "hid.report.items"), Status::pass));
    EXPECT_TRUE(is(result_of(hid_device("05 01 09 06 a1 01 26 ff"), "hid.report.items"), Status::fail,
                   "Logical Maximum item at offset 6 needs 3 bytes but only 2 remain"));
    EXPECT_TRUE(is(result_of(hid_device(body("0c 15 00 25 01 75 08 95 01 81 02")), "hid.report.items"), Status::fail,
                   "reserved type 3"));
    EXPECT_TRUE(is(result_of(hid_device(body("f4 15 00 25 01 75 08 95 01 81 02")), "hid.report.items"), Status::fail,
                   "not defined by HID 1.11"));
}

TEST(HidChecks, CollectionsBalanced) {
    EXPECT_TRUE(is(result_of(hid_device(k_mouse), "hid.report.collections"), Status::pass));
    EXPECT_TRUE(is(result_of(hid_device("05 01 09 06 a1 01 75 08 95 01 15 00 25 01 81 02"), "hid.report.collections"),
                   Status::fail, "Collection at offset 4 is never closed"));
    EXPECT_TRUE(is(result_of(hid_device(body("75 08 95 01 15 00 25 01 81 02 c0")), "hid.report.collections"),
                   Status::fail, "End Collection at offset 17 without an open Collection"));
}

TEST(HidChecks, PushPopBalanced) {
    EXPECT_TRUE(is(result_of(hid_device(body("a4 75 08 95 01 15 00 25 01 81 02 b4")), "hid.report.push-pop"),
                   Status::pass));
    EXPECT_TRUE(is(result_of(hid_device(body("b4 75 08 95 01 15 00 25 01 81 02")), "hid.report.push-pop"), Status::fail,
                   "Pop at offset 6 without a Push"));
    EXPECT_TRUE(is(result_of(hid_device(body("a4 75 08 95 01 15 00 25 01 81 02")), "hid.report.push-pop"), Status::fail,
                   "1 Push item(s) without a matching Pop"));
}

TEST(HidChecks, RequiredGlobalsBeforeMainItems) {
    EXPECT_TRUE(is(result_of(hid_device(k_keyboard), "hid.report.required-globals"), Status::pass));
    EXPECT_TRUE(is(result_of(hid_device(body("15 00 25 01 81 02")), "hid.report.required-globals"), Status::fail,
                   "Input at offset 10 has no Report Size, Report Count defined"));
    EXPECT_TRUE(is(result_of(hid_device(body("75 08 95 01 81 02")), "hid.report.required-globals"), Status::fail,
                   "has no Logical Minimum, Logical Maximum defined"));
    // Constant padding needs a size and a count, not a logical range.
    EXPECT_TRUE(is(result_of(hid_device(body("75 08 95 01 81 01")), "hid.report.required-globals"), Status::pass));
}

TEST(HidChecks, LogicalMaximumNotBelowMinimum) {
    EXPECT_TRUE(is(result_of(hid_device(body("15 00 26 ff 00 75 08 95 01 81 02")), "hid.report.logical-range"),
                   Status::pass));
    EXPECT_TRUE(is(result_of(hid_device(body("15 00 25 ff 75 08 95 01 81 02")), "hid.report.logical-range"),
                   Status::fail,
                   "Logical Maximum is encoded 25 FF = -1 (1-byte signed), below Logical Minimum 0; 26 FF 00 encodes 255"));
    EXPECT_TRUE(is(result_of(hid_device(body("15 00 26 ff ff 75 10 95 01 81 02")), "hid.report.logical-range"),
                   Status::fail, "26 FF FF = -1 (2-byte signed), below Logical Minimum 0; 27 FF FF 00 00 encodes 65535"));
    // Signed ranges (a mouse's -127..127) are fine.
    EXPECT_TRUE(is(result_of(hid_device(k_mouse), "hid.report.logical-range"), Status::pass));
}

TEST(HidChecks, ReportIdsNonZeroAndConsistent) {
    const std::string with_ids =
        "05 01 09 00 a1 01 85 01 15 00 25 01 75 08 95 01 81 02 85 02 81 02 c0";
    EXPECT_TRUE(is(result_of(hid_device(with_ids), "hid.report.report-id"), Status::pass));
    EXPECT_TRUE(is(result_of(hid_device(body("85 00 15 00 25 01 75 08 95 01 81 02")), "hid.report.report-id"),
                   Status::fail, "Report ID 0 at offset 6 is reserved"));
    EXPECT_TRUE(is(result_of(hid_device(body("15 00 25 01 75 08 95 01 81 02 85 02 81 02")), "hid.report.report-id"),
                   Status::fail, "Report ID 2 at offset 16 but the Main item at offset 14 made a report without an ID"));
}

TEST(HidChecks, InputReportsFitTheEndpoint) {
    const auto fits = result_of(hid_device(k_keyboard), "hid.report.max-packet");
    EXPECT_TRUE(is(fits, Status::pass));
    EXPECT_TRUE(fits.findings.empty());
    EXPECT_TRUE(is(result_of(hid_device(k_keyboard, 1, 1, 4), "hid.report.max-packet"), Status::pass,
                   "input report 0 is 8 bytes but endpoint 0x81 has wMaxPacketSize 4: it takes 2 transactions"));
}

TEST(HidChecks, ArrayUsageRangeCoversLogicalRange) {
    EXPECT_TRUE(is(result_of(hid_device(k_keyboard), "hid.report.usage-range"), Status::pass));
    const std::string holtek = body("95 06 75 08 15 00 26 ff 00 05 07 19 00 29 91 81 00");
    EXPECT_TRUE(is(result_of(hid_device(holtek), "hid.report.usage-range"), Status::warn,
                   "Usage Maximum 0x91 (146 usages) but Logical Minimum 0 .. Maximum 255 (256 values)"));
}

TEST(HidChecks, DescriptorLengthMatches) {
    EXPECT_TRUE(is(result_of(hid_device(k_keyboard), "hid.descriptor-length"), Status::pass));
    EXPECT_TRUE(is(result_of(hid_device(k_keyboard, 1, 1, 8, 65), "hid.descriptor-length"), Status::fail,
                   "wDescriptorLength is 65 but the report descriptor has 63 bytes"));
}

TEST(HidChecks, BootInterfacesDescribeTheBootLayout) {
    EXPECT_TRUE(is(result_of(hid_device(k_keyboard), "hid.boot.layout"), Status::pass));
    EXPECT_TRUE(is(result_of(hid_device(k_mouse, 1, 2), "hid.boot.layout"), Status::pass));
    EXPECT_TRUE(is(result_of(hid_device(k_keyboard, 0, 0), "hid.boot.layout"), Status::skip));
    const std::string vendor = "06 31 ff 09 76 a1 01 15 00 26 ff 00 75 08 95 05 81 00 c0";
    EXPECT_TRUE(is(result_of(hid_device(vendor), "hid.boot.layout"), Status::warn,
                   "interface 0 declares a boot keyboard (03/01/01) but its report descriptor has no Generic Desktop "
                   "Keyboard application collection (top-level collections: Vendor 0xff31 0x76)"));
    EXPECT_TRUE(is(result_of(hid_device(k_keyboard, 1, 2), "hid.boot.layout"), Status::warn, "boot mouse"));
    // A keyboard collection whose input report starts with the keys, not the modifiers.
    const std::string keys_first =
        "05 01 09 06 a1 01 95 06 75 08 15 00 25 65 05 07 19 00 29 65 81 00 c0";
    EXPECT_TRUE(is(result_of(hid_device(keys_first), "hid.boot.layout"), Status::warn, "HID 1.11 B.1"));
}

TEST(HidChecks, NoReportDescriptorSkips) {
    auto set = hid_device(k_keyboard);
    set.hid_reports[0].availability = usb::Availability::not_captured;
    set.hid_reports[0].bytes.clear();
    EXPECT_TRUE(is(result_of(set, "hid.report.items"), Status::skip, "interface 0: not-captured"));
}

// Every report descriptor in the shared corpus, judged directly (files without a configuration get
// no report descriptor request from the probe), with the reason for the verdict.
struct CorpusReport {
    std::string file;
    std::string key;                 // the hex.KEY line
    std::vector<std::string> warn;   // hid checks that warn; every other hid check passes or skips
    std::string why;
};

const std::vector<CorpusReport> k_corpus_reports = {
    {"apple_wireless-keyboard_05ac-0256.hid-rdesc.txt", "report_descriptor", {},
     "every report carries an ID (1, 0x47, 0x11, 0x12, 0x13, 0x09), collections and ranges are consistent"},
    {"asus_rog-ally-n-key_0b05-1abe.fwupd.txt", "report_descriptor.if2", {},
     "vendor 0xFF31 and Consumer collections are well formed; the boot-keyboard mismatch needs the interface "
     "descriptor (hid.boot.layout warns in the corpus test)"},
    {"framework_hdmi-expansion-card_32ac-0002.fwupd.txt", "report_descriptor.0", {},
     "vendor page 0xFFEE feature/output reports, all with IDs, all globals defined"},
    {"framework_laptop16-rgb-macropad_32ac-0013.fwupd.txt", "report_descriptor.if1", {},
     "QMK raw HID: 32-byte input and output with Logical Maximum 26 FF 00 encoded correctly"},
    {"holtek_usb-keyboard_04d9-1603.umockdev+usbmon.txt", "report_descriptor.if0", {"hid.report.usage-range"},
     "the key array's Usage Maximum 0x91 covers 146 of the 256 logical values (the collector's quirk)"},
    {"holtek_usb-keyboard_04d9-1603.umockdev+usbmon.txt", "report_descriptor.if1", {},
     "System Control (ID 1) and Consumer Control (ID 2), both with IDs"},
    {"jabra_panacast-50-video-bar_0b0e-3012.fwupd.txt", "report_descriptor", {},
     "many report IDs, mixed Input/Output/Feature and usage ranges up to 0xFFFF, all consistent"},
    {"ugreen_15765a-bt-audio-dongle_0a12-4007.fwupd.txt", "report_descriptor.if1", {},
     "vendor reports with IDs; their length against the endpoint is judged in the corpus test"},
};

std::string hex_line(const std::string& file, const std::string& key) {
    std::ifstream in(test::source_path("tests/corpus/" + file));
    std::string line;
    const std::string prefix = "# hex." + key + ":";
    while (std::getline(in, line))
        if (line.rfind(prefix, 0) == 0) return line.substr(prefix.size());
    return "";
}

TEST(HidChecks, CorpusReportDescriptorsJudged) {
    for (const auto& c : k_corpus_reports) {
        SCOPED_TRACE(c.file + " " + c.key + ": " + c.why);
        const std::string text = hex_line(c.file, c.key);
        ASSERT_FALSE(text.empty());
        usb::DescriptorSet set;
        set.hid_reports = {{0, usb::Availability::present, test::hex(text)}};
        for (const auto& r : checks::run_checks(set)) {
            if (r.def->family() != "hid") continue;
            const bool warned = std::find(c.warn.begin(), c.warn.end(), r.def->id) != c.warn.end();
            if (warned) {
                EXPECT_EQ(r.status, Status::warn) << r.def->id;
            } else {
                EXPECT_TRUE(r.status == Status::pass || r.status == Status::skip)
                    << r.def->id << ": " << (r.findings.empty() ? r.error : r.findings[0].message);
            }
        }
    }
}

}  // namespace
}  // namespace usbcheck
