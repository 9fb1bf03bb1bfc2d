// CLI behaviour, tested by running the binary: exit codes, files written, JSON and JUnit validity,
// and bad input that must give a one-line error and exit 2, never a crash or a partial file.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "test_util.h"

using namespace usbcheck;
using test::run_usbcheck;

namespace {

const std::string k_cp210x = "12 01 00 02 00 00 00 40 c4 10 60 ea 00 01 01 02 03 01\n"
                             "09 02 20 00 01 01 00 80 32 09 04 00 00 02 ff 00 00 00 07 05 02 02 40 00 00 07 05 82 02 40 00 00\n";

std::string quoted(const std::string& path) { return "'" + path + "'"; }

void expect_one_line_error(const test::RunResult& r) {
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_EQ(r.err.rfind("usbcheck: ", 0), 0u) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

void expect_valid_reports(const std::string& json, const std::string& junit) {
    if (!test::have_validators()) GTEST_SKIP() << "python3-jsonschema or xmllint missing";
    std::string why;
    EXPECT_TRUE(test::validate_json_schema(json, test::source_path("reports/report.schema.json"), why)) << why;
    EXPECT_TRUE(test::validate_junit(junit, why)) << why;
}

}  // namespace

TEST(Cli, VersionAndHelp) {
    auto r = run_usbcheck("--version");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.out.find("usbcheck 0."), std::string::npos);
    r = run_usbcheck("--help");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.out.find("Exit codes"), std::string::npos);
    EXPECT_NE(r.out.find("device lost"), std::string::npos);
}

TEST(Cli, UsageErrorsExitTwo) {
    expect_one_line_error(run_usbcheck("frobnicate"));
    EXPECT_EQ(run_usbcheck("").exit_code, 2);
    expect_one_line_error(run_usbcheck("check"));
    const auto input = test::write_temp("cp210x.hex", k_cp210x);
    expect_one_line_error(run_usbcheck("check --from " + quoted(input) + " --fail-on sometimes"));
    expect_one_line_error(run_usbcheck("check --from " + quoted(input) + " --speed ludicrous"));
    expect_one_line_error(run_usbcheck("check --from /nonexistent/file"));
}

TEST(Cli, ChecksCatalog) {
    auto r = run_usbcheck("checks");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.out.find("ch9.descriptor.zero-length"), std::string::npos);
    r = run_usbcheck("checks --json");
    EXPECT_EQ(r.exit_code, 0);
    auto catalog = nlohmann::json::parse(r.out);
    EXPECT_GE(catalog.size(), 40u);
    for (const auto& c : catalog) {
        EXPECT_FALSE(c["spec"].get<std::string>().empty()) << c["id"];
        EXPECT_FALSE(c["title"].get<std::string>().empty()) << c["id"];
    }
}

TEST(Cli, CleanDevicePassesAndWritesReports) {
    const auto input = test::write_temp("clean.hex", k_cp210x);
    const auto json = test::temp_dir() + "/clean.json";
    const auto junit = test::temp_dir() + "/clean.xml";
    auto r = run_usbcheck("check --from " + quoted(input) + " --speed full --json " + quoted(json) + " --junit " + quoted(junit));
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("10c4:ea60"), std::string::npos) << r.out;
    auto doc = nlohmann::json::parse(test::read_file(json));
    EXPECT_EQ(doc["devices"][0]["identity"]["vid"], "0x10c4");
    EXPECT_EQ(doc["devices"][0]["identity"]["speed"], "full");
    EXPECT_EQ(doc["summary"]["fail"], 0);
    EXPECT_GT(doc["summary"]["pass"].get<int>(), 20);
    expect_valid_reports(json, junit);
}

TEST(Cli, FindingsExitOneAndFailOnWarning) {
    // bmAttributes 0x00 (bit 7 clear) is an error; an unknown speed leaves speed checks skipped.
    const auto input = test::write_temp(
        "bad.hex", "# bit 7 of bmAttributes clear\n0x12,0x01,0x00,0x02,0x00,0x00,0x00,0x40,0xc4,0x10,0x60,0xea,0x00,0x01,0x01,0x02,0x03,0x01,\n"
                   "09 02 20 00 01 01 00 00 32 09 04 00 00 02 ff 00 00 00 07 05 02 02 40 00 00 07 05 82 02 40 00 00\n");
    const auto json = test::temp_dir() + "/bad.json";
    const auto junit = test::temp_dir() + "/bad.xml";
    auto r = run_usbcheck("check --from " + quoted(input) + " --json " + quoted(json) + " --junit " + quoted(junit));
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_NE(r.out.find("FAIL"), std::string::npos);
    auto doc = nlohmann::json::parse(test::read_file(json));
    EXPECT_GE(doc["summary"]["fail"].get<int>(), 1);
    EXPECT_GE(doc["summary"]["skip"].get<int>(), 1);
    expect_valid_reports(json, junit);

    // A warning alone exits 0, and 1 with --fail-on warning (a blank manufacturer string warns).
    test::FakeDevice fake;
    fake.device = "12 01 00 02 00 00 00 40 c4 10 60 ea 00 01 01 00 00 01";
    fake.configs = {"09 02 20 00 01 01 00 80 32 09 04 00 00 02 ff 00 00 00 07 05 02 02 40 00 00 07 05 82 02 40 00 00"};
    fake.strings = {{0, "04 03 09 04"}, {1, test::string_descriptor_hex("  ")}};
    fake.speed = usb::Speed::full;
    const auto snapshot = test::write_temp("warn.json", usb::write_snapshot(test::snapshot_of(fake)));
    r = run_usbcheck("check --from " + quoted(snapshot));
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("WARN"), std::string::npos) << r.out;
    r = run_usbcheck("check --from " + quoted(snapshot) + " --fail-on warning");
    EXPECT_EQ(r.exit_code, 1) << r.out;
}

TEST(Cli, JsonToStdout) {
    const auto input = test::write_temp("stdout.hex", k_cp210x);
    auto r = run_usbcheck("check --from " + quoted(input) + " --json -");
    EXPECT_EQ(r.exit_code, 0);
    auto doc = nlohmann::json::parse(r.out);  // stdout carries only the JSON
    EXPECT_EQ(doc["schema_version"], 1);
    r = run_usbcheck("describe --from " + quoted(input) + " --json -");
    EXPECT_EQ(r.exit_code, 0);
    doc = nlohmann::json::parse(r.out);
    EXPECT_EQ(doc["devices"].size(), 1u);
}

TEST(Cli, DescribeShowsOffsets) {
    const auto input = test::write_temp("describe.hex", k_cp210x);
    auto r = run_usbcheck("describe --from " + quoted(input));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("bcdUSB"), std::string::npos);
    EXPECT_NE(r.out.find("0x82"), std::string::npos);
    EXPECT_NE(r.out.find("config[0]+0x"), std::string::npos) << r.out;
}

TEST(Cli, BadInputsNeverCrashOrLeavePartialFiles) {
    std::mt19937 rng(20261124);
    std::string random(64 * 1024, '\0');
    for (auto& c : random) c = static_cast<char>(rng());
    const std::vector<std::pair<std::string, std::string>> inputs = {
        {"empty", ""},
        {"truncated.hex", "12 01 00 02 00 00 00 40 c4 10"},
        {"zero-length.hex", "12 01 00 02 00 00 00 40 c4 10 60 ea 00 01 01 02 03 01 09 02 20 00 01 01 00 80 32 00 00 00"},
        {"beyond.hex", "12 01 00 02 00 00 00 40 c4 10 60 ea 00 01 01 02 03 01 09 02 ff 00 01 01 00 80 32 09 04 00 00 00 ff 00 00 00"},
        {"wrong-types.json", R"({"format": "usbcheck-snapshot", "version": "one", "control": {}})"},
        {"not-json.json", R"({"format": "usbcheck-snapshot", "version": 1, "control": [)"},
        {"random.bin", random},
        {"text.txt", "hello, this is not a USB device\n"},
    };
    for (const auto& [name, content] : inputs) {
        const auto input = test::write_temp(name, content);
        const auto json = test::temp_dir() + "/" + name + ".report.json";
        const auto junit = test::temp_dir() + "/" + name + ".report.xml";
        auto r = run_usbcheck("check --from " + quoted(input) + " --json " + quoted(json) + " --junit " + quoted(junit));
        ASSERT_NE(r.exit_code, -1) << name << " crashed: " << r.err;
        if (r.exit_code == 2) {
            expect_one_line_error(r);
            EXPECT_FALSE(test::file_exists(json)) << name;
            EXPECT_FALSE(test::file_exists(junit)) << name;
        } else {
            EXPECT_EQ(r.exit_code, 1) << name << ": malformed input must give failing findings\n" << r.out;
            expect_valid_reports(json, junit);
        }
    }
}

TEST(Cli, UnwritableReportPathIsAnError) {
    const auto input = test::write_temp("unwritable.hex", k_cp210x);
    auto r = run_usbcheck("check --from " + quoted(input) + " --json /nonexistent/dir/report.json");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("/nonexistent/dir/report.json"), std::string::npos);
}
