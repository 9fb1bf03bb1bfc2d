// The JUnit report: validity against the Ant JUnit XSD (xmllint), counts, the warn/skip/error
// mapping and XML escaping.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <regex>

#include "reports/report.h"
#include "test_util.h"

namespace usbcheck::reports {
namespace {

using checks::CheckDef;
using checks::Severity;
using checks::Status;

const CheckDef k_total_length{"ch9.config.total-length", "wTotalLength matches", Severity::error,
                              "USB 2.0 9.6.3", "why", "set wTotalLength", nullptr};
const CheckDef k_langid{"string.langid.valid", "LANGIDs are valid", Severity::warning, "USB 2.0 9.6.7", "why",
                        "fix", nullptr};
const CheckDef k_bos{"bos.present", "BOS present", Severity::warning, "USB 3.2 9.6.2", "why", "fix", nullptr};
const CheckDef k_crash{"hid.report.parse", "report parses", Severity::error, "HID 1.11", "why", "fix", nullptr};
const CheckDef k_clean{"ch9.device.length", "bLength is 18", Severity::error, "USB 2.0 9.6.1", "why", "fix",
                       nullptr};

const JunitContext k_context{"2024-05-01T12:00:00", "bench"};

Report sample_report() {
    Report report;
    DeviceReport device;
    device.identity.vid = 0x303a;
    device.identity.pid = 0x4001;
    device.identity.product = "ESP32-S3 \"dev\" <kit>";
    device.identity.manufacturer = "Espressif\nÜ";
    device.identity.speed = usb::Speed::high;
    device.identity.source = "snapshot:foo.json";
    device.checks.push_back({&k_clean, Status::pass, {}, "", ""});
    device.checks.push_back({&k_total_length, Status::fail,
                             {{"bad <&>\"' value\x01 here", {"config[0]", "config[0]", 2}},
                              {"second", {"config[0]", "", std::nullopt}}},
                             "", ""});
    device.checks.push_back({&k_langid, Status::warn, {{"LANGID 0x0000 is not valid", {"string[0]", "", 2}}}, "", ""});
    device.checks.push_back({&k_bos, Status::skip, {}, "no BOS captured", ""});
    device.checks.push_back({&k_crash, Status::error, {}, "", "std::out_of_range"});
    report.devices.push_back(device);

    DeviceReport unknown;
    unknown.identity.source = "sysfs:/sys/bus/usb/devices/1-1";
    unknown.error = "device disconnected during the run";
    report.devices.push_back(unknown);

    DeviceReport nameless;  // no identity, no source, no checks
    report.devices.push_back(nameless);
    return report;
}

std::string save_temp(const std::string& name, const std::string& content) {
    const std::string path = ::testing::TempDir() + "usbcheck_junit_" + std::to_string(::getpid()) + "_" + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
}

int run(const std::string& command, std::string& output) {
    output.clear();
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    if (!pipe) return -1;
    char buf[4096];
    for (size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) output.append(buf, n);
    return ::pclose(pipe);
}

// The XSD lives in the shared material beside the checkout (../shared from the project root).
std::string xsd_path() { return test::source_path("tests/schemas/junit-ant.xsd"); }

void expect_valid(const std::string& xml) {
    std::string output;
    if (run("command -v xmllint", output) != 0) GTEST_SKIP() << "xmllint is not installed";
    if (!std::ifstream(xsd_path())) GTEST_SKIP() << "no junit-ant.xsd at " << xsd_path();
    const std::string file = save_temp("report.xml", xml);
    EXPECT_EQ(run("xmllint --noout --schema " + xsd_path() + " " + file, output), 0) << output << "\n" << xml;
    std::remove(file.c_str());
}

size_t count(const std::string& text, const std::string& needle) {
    size_t n = 0;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
}

TEST(JunitReport, ValidatesAgainstAntSchema) {
    expect_valid(to_junit_xml(sample_report(), k_context));
}

TEST(JunitReport, EmptyReportValidates) {
    expect_valid(to_junit_xml(Report{}, k_context));
}

TEST(JunitReport, CurrentTimeAndHostValidate) {
    const std::string xml = to_junit_xml(sample_report());
    EXPECT_TRUE(std::regex_search(xml, std::regex("timestamp=\"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\"")));
    expect_valid(xml);
}

TEST(JunitReport, CountsAndMapping) {
    const std::string xml = to_junit_xml(sample_report(), k_context);
    EXPECT_NE(xml.find("<testsuite name=\"303a:4001 Espressif&#10;Ü ESP32-S3 &quot;dev&quot; &lt;kit&gt;\" "
                       "package=\"usbcheck\" id=\"0\" timestamp=\"2024-05-01T12:00:00\" hostname=\"bench\" "
                       "tests=\"5\" failures=\"1\" errors=\"1\" skipped=\"1\" time=\"0\">"),
              std::string::npos)
        << xml;
    // The device error is one more errored testcase so CI cannot show the run as green.
    EXPECT_NE(xml.find("<testsuite name=\"sysfs:/sys/bus/usb/devices/1-1\" package=\"usbcheck\" id=\"1\""),
              std::string::npos);
    EXPECT_NE(xml.find("tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\""), std::string::npos);
    EXPECT_NE(xml.find("<testcase classname=\"usbcheck\" name=\"device\" time=\"0\">"), std::string::npos);
    EXPECT_NE(xml.find("<system-err>device disconnected during the run\n</system-err>"), std::string::npos);
    EXPECT_NE(xml.find("<testsuite name=\"unknown device\" package=\"usbcheck\" id=\"2\""), std::string::npos);

    EXPECT_EQ(count(xml, "<failure "), 1u);
    EXPECT_EQ(count(xml, "<error "), 2u);
    EXPECT_EQ(count(xml, "<skipped "), 1u);
    EXPECT_EQ(count(xml, "<testcase "), 6u);
    EXPECT_NE(xml.find("<testcase classname=\"ch9\" name=\"ch9.config.total-length\" time=\"0\">"), std::string::npos);
    EXPECT_NE(xml.find("type=\"error\">"), std::string::npos);
    EXPECT_NE(xml.find("<skipped message=\"no BOS captured\"/>"), std::string::npos);
    EXPECT_NE(xml.find("<error message=\"std::out_of_range\" type=\"check-error\">"), std::string::npos);
    // A warning is a passing testcase, listed in the suite's system-out.
    EXPECT_NE(xml.find("<testcase classname=\"string\" name=\"string.langid.valid\" time=\"0\"/>"), std::string::npos);
    EXPECT_NE(xml.find("<system-out>WARN string.langid.valid: LANGID 0x0000 is not valid (at string[0] @ string[0]+0x02)\n"
                       "</system-out>"),
              std::string::npos)
        << xml;
    EXPECT_NE(xml.find("<property name=\"vid\" value=\"0x303a\"/>"), std::string::npos);
    EXPECT_NE(xml.find("<property name=\"speed\" value=\"high\"/>"), std::string::npos);
    EXPECT_NE(xml.find("<property name=\"serial\" value=\"\"/>"), std::string::npos);
}

TEST(JunitReport, EscapesMarkupAndControlCharacters) {
    const std::string xml = to_junit_xml(sample_report(), k_context);
    EXPECT_NE(xml.find("message=\"bad &lt;&amp;&gt;&quot;&apos; value\\x01 here (and 1 more)\""), std::string::npos)
        << xml;
    EXPECT_NE(xml.find(">bad &lt;&amp;&gt;&quot;&apos; value\\x01 here (at config[0] @ config[0]+0x02)\n"),
              std::string::npos)
        << xml;
    for (char c : xml) {
        const auto u = static_cast<unsigned char>(c);
        EXPECT_TRUE(u >= 0x20 || c == '\n') << "raw control byte " << int(u) << " in the XML";
    }
}

TEST(JunitReport, InvalidUtf8AndForbiddenCharactersValidate) {
    Report report = sample_report();
    report.devices[0].identity.product = "x\xff\xfe y \xEF\xBF\xBF \x1b[31m";
    report.devices[0].checks[1].findings[0].message = "nul\x00 byte and \r return";
    report.devices[0].checks[1].findings[0].message += std::string("\0end", 4);
    const std::string xml = to_junit_xml(report, k_context);
    EXPECT_EQ(xml.find('\x1b'), std::string::npos);
    EXPECT_EQ(xml.find('\0'), std::string::npos);
    expect_valid(xml);
}

}  // namespace
}  // namespace usbcheck::reports
