// `usbcheck inf`, run as a binary: exit codes, JSON/JUnit reports that validate, syntax errors with
// line numbers, and an INF checked together with a device snapshot in one command.
#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "test_util.h"

using namespace usbcheck;
using test::run_usbcheck;

namespace {

std::string quoted(const std::string& path) { return "'" + path + "'"; }

const std::string k_usbser = test::source_path("tests/inf/data/usbser_win81.inf");
const std::string k_hid = test::source_path("tests/inf/data/hid_selsus.inf");
const std::string k_esp32s3 = test::source_path("tests/corpus/espressif_esp32s3-tinyusb-serial-device_303a-4001.c-array.txt");

void expect_valid_reports(const std::string& json, const std::string& junit) {
    if (!test::have_validators()) GTEST_SKIP() << "python3-jsonschema or xmllint missing";
    std::string why;
    EXPECT_TRUE(test::validate_json_schema(json, test::source_path("reports/report.schema.json"), why)) << why;
    EXPECT_TRUE(test::validate_junit(junit, why)) << why;
}

const nlohmann::json* check_in(const nlohmann::json& device, const std::string& id) {
    for (const auto& c : device["checks"])
        if (c["id"] == id) return &c;
    return nullptr;
}

}  // namespace

TEST(InfCli, GoodPackagePassesWithValidReports) {
    const auto json = test::temp_dir() + "/hid.json";
    const auto junit = test::temp_dir() + "/hid.xml";
    auto r = run_usbcheck("inf " + quoted(k_hid) + " --json " + quoted(json) + " --junit " + quoted(junit));
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    const auto doc = nlohmann::json::parse(test::read_file(json));
    ASSERT_EQ(doc["devices"].size(), 1u);
    EXPECT_EQ(doc["devices"][0]["identity"]["source"], "inf:" + k_hid);
    EXPECT_TRUE(doc["devices"][0]["identity"]["vid"].is_null()) << doc["devices"][0]["identity"];
    const auto* selsus = check_in(doc["devices"][0], "inf.hid.selsus");
    ASSERT_NE(selsus, nullptr);
    EXPECT_EQ((*selsus)["status"], "pass");
    expect_valid_reports(json, junit);
}

TEST(InfCli, BrokenPackageFailsWithLineNumbers) {
    auto text = test::read_file(k_usbser);
    text.replace(text.find("[SerialInstall.NT]\n"), 19, "[SerialInstall.NT\n");
    const auto broken = test::write_temp("broken.inf", text);
    const auto json = test::temp_dir() + "/broken.json";
    const auto junit = test::temp_dir() + "/broken.xml";
    auto r = run_usbcheck("inf " + quoted(broken) + " --json " + quoted(json) + " --junit " + quoted(junit));
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_NE(r.out.find("line 20: section header"), std::string::npos) << r.out;
    expect_valid_reports(json, junit);
}

TEST(InfCli, UsageErrors) {
    EXPECT_EQ(run_usbcheck("inf").exit_code, 2);
    auto r = run_usbcheck("inf /nonexistent/x.inf");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err.rfind("usbcheck: ", 0), 0u) << r.err;
    EXPECT_EQ(run_usbcheck("inf " + quoted(k_hid) + " --driver-ver-floor 2006-06-21").exit_code, 2);
    EXPECT_EQ(run_usbcheck("inf " + quoted(k_hid) + " --from /nonexistent/file").exit_code, 2);
}

TEST(InfCli, DriverVerFloorOption) {
    EXPECT_EQ(run_usbcheck("inf " + quoted(k_hid) + " --driver-ver-floor 12/31/2030").exit_code, 1);
}

TEST(InfCli, CdcSnapshotTogetherWithItsInf) {
    const auto json = test::temp_dir() + "/esp.json";
    const auto junit = test::temp_dir() + "/esp.xml";
    auto r = run_usbcheck("inf " + quoted(k_usbser) + " --from " + quoted(k_esp32s3) + " --json " + quoted(json) + " --junit " +
                          quoted(junit));
    EXPECT_NE(r.exit_code, 2) << r.err;
    const auto doc = nlohmann::json::parse(test::read_file(json));
    // The INF entry first, then each device the snapshot holds (full and high speed).
    ASSERT_EQ(doc["devices"].size(), 3u);
    EXPECT_EQ(doc["devices"][0]["identity"]["vid"], "0x303a");
    const auto* match = check_in(doc["devices"][0], "inf.device.match");
    ASSERT_NE(match, nullptr);
    EXPECT_EQ((*match)["status"], "pass") << *match;
    expect_valid_reports(json, junit);

    // The HID package names another device: the match fails.
    r = run_usbcheck("inf " + quoted(k_hid) + " --from " + quoted(k_esp32s3) + " --json -");
    EXPECT_EQ(r.exit_code, 1);
    const auto hid = nlohmann::json::parse(r.out);
    const auto* miss = check_in(hid["devices"][0], "inf.device.match");
    ASSERT_NE(miss, nullptr);
    EXPECT_EQ((*miss)["status"], "fail");
}

TEST(InfCli, Utf16InfFile) {
    const auto text = test::read_file(k_hid);
    std::string bytes = "\xFF\xFE";
    for (char c : text) {
        bytes += c == '\n' ? '\r' : c;
        bytes += '\0';
        if (c == '\n') bytes += std::string("\n\0", 2);
    }
    const auto path = test::write_temp("utf16.inf", bytes);
    auto r = run_usbcheck("inf " + quoted(path) + " -v");
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("text encoding utf-16le-bom"), std::string::npos) << r.out;
}
