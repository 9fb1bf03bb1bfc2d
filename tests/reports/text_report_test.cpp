// The text report: header, one line per check needing attention, summary, colours only on request.
#include <gtest/gtest.h>

#include <sstream>

#include "reports/report.h"

namespace usbcheck::reports {
namespace {

using checks::CheckDef;
using checks::Severity;
using checks::Status;

const CheckDef k_total_length{"ch9.config.total-length", "wTotalLength matches", Severity::error,
                              "USB 2.0 9.6.3", "why", "fix", nullptr};
const CheckDef k_langid{"string.langid.valid", "LANGIDs", Severity::warning, "USB 2.0 9.6.7", "why", "fix", nullptr};
const CheckDef k_bos{"bos.present", "BOS", Severity::warning, "USB 3.2 9.6.2", "why", "fix", nullptr};
const CheckDef k_crash{"hid.report.parse", "report", Severity::error, "HID 1.11", "why", "fix", nullptr};
const CheckDef k_note{"ch9.device.class-info", "class", Severity::info, "USB 2.0 9.6.1", "why", "fix", nullptr};
const CheckDef k_clean{"ch9.device.length", "bLength", Severity::error, "USB 2.0 9.6.1", "why", "fix", nullptr};

Report sample_report() {
    DeviceReport device;
    device.identity.vid = 0x303a;
    device.identity.pid = 0x4001;
    device.identity.manufacturer = "Espressif";
    device.identity.product = "ESP32-S3";
    device.identity.speed = usb::Speed::high;
    device.identity.source = "snapshot:foo.json";
    device.checks.push_back({&k_clean, Status::pass, {}, "", ""});
    device.checks.push_back({&k_total_length, Status::fail,
                             {{"wTotalLength is 41 but 34 bytes were returned", {"config[0]", "config[0]", 2}},
                              {"second \x1b[2J finding", {"config[0]", "config[0]/interface[0.0]", 11}}},
                             "", ""});
    device.checks.push_back({&k_langid, Status::warn, {{"LANGID 0x0000 is not valid", {"string[0]", "", 2}}}, "", ""});
    device.checks.push_back({&k_bos, Status::skip, {}, "no BOS captured", ""});
    device.checks.push_back({&k_crash, Status::error, {}, "", "std::out_of_range"});
    device.checks.push_back({&k_note, Status::pass, {{"device class 0xef uses IADs", {}}}, "", ""});
    Report report;
    report.devices.push_back(device);
    return report;
}

std::string text_of(const Report& report, bool colour, bool verbose) {
    std::ostringstream out;
    write_text(out, report, colour, verbose);
    return out.str();
}

TEST(TextReport, PlainOutputLinesAndSummary) {
    const std::string text = text_of(sample_report(), false, false);
    EXPECT_EQ(text,
              "== 303a:4001 Espressif ESP32-S3 (high speed, snapshot:foo.json)\n"
              "  FAIL ch9.config.total-length  wTotalLength is 41 but 34 bytes were returned (and 1 more)\n"
              "       at config[0] @ config[0]+0x02\n"
              "       - wTotalLength is 41 but 34 bytes were returned (at config[0] @ config[0]+0x02)\n"
              "       - second \\x1b[2J finding (at config[0]/interface[0.0] @ config[0]+0x0b)\n"
              "  WARN string.langid.valid  LANGID 0x0000 is not valid\n"
              "       at string[0] @ string[0]+0x02\n"
              "  ERR  hid.report.parse  std::out_of_range\n"
              "  INFO ch9.device.class-info  device class 0xef uses IADs\n"
              "  2 passed, 1 failed, 1 warning, 1 skipped, 1 error\n");
    EXPECT_EQ(text.find('\x1b'), std::string::npos);
}

TEST(TextReport, VerboseListsPassesAndSkips) {
    const std::string text = text_of(sample_report(), false, true);
    EXPECT_NE(text.find("  PASS ch9.device.length\n"), std::string::npos) << text;
    EXPECT_NE(text.find("  SKIP bos.present  no BOS captured\n"), std::string::npos) << text;
    EXPECT_NE(text.find("       - wTotalLength is 41 but 34 bytes were returned (at config[0] @ config[0]+0x02)\n"),
              std::string::npos)
        << text;
    // A control byte in a message is shown, not sent to the terminal.
    EXPECT_NE(text.find("       - second \\x1b[2J finding (at config[0]/interface[0.0] @ config[0]+0x0b)\n"),
              std::string::npos)
        << text;
    EXPECT_EQ(text.find('\x1b'), std::string::npos);
}

TEST(TextReport, ColoursOnlyWhenAsked) {
    const std::string text = text_of(sample_report(), true, true);
    EXPECT_NE(text.find("\x1b[31mFAIL\x1b[0m"), std::string::npos);
    EXPECT_NE(text.find("\x1b[33mWARN\x1b[0m"), std::string::npos);
    EXPECT_NE(text.find("\x1b[2mSKIP\x1b[0m"), std::string::npos);
    EXPECT_NE(text.find("\x1b[32mPASS\x1b[0m"), std::string::npos);
    EXPECT_EQ(text.find("\x1b[2J"), std::string::npos);
}

TEST(TextReport, UnknownDeviceErrorAndTotals) {
    Report report = sample_report();
    DeviceReport unknown;
    unknown.identity.source = "sysfs:/sys/bus/usb/devices/1-1";
    unknown.error = "device disconnected during the run";
    report.devices.push_back(unknown);
    const std::string text = text_of(report, false, false);
    EXPECT_NE(text.find("\n== sysfs:/sys/bus/usb/devices/1-1 (speed unknown)\n"
                        "  device error: device disconnected during the run\n"
                        "  0 passed, 0 failed, 0 warnings, 0 skipped, 0 errors\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("\ntotal: 2 passed, 1 failed, 1 warning, 1 skipped, 1 error\n"), std::string::npos) << text;
}

TEST(TextReport, NoDevices) {
    EXPECT_EQ(text_of(Report{}, false, false), "no devices\n");
}

}  // namespace
}  // namespace usbcheck::reports
