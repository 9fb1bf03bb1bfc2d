// The suspend measurement in the report: its JSON (devices[].measurements.suspend) validates
// against report.schema.json for a full run and for one that never suspended, and the text lines
// carry the same figures; `usbcheck suspend` usage errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "checks/suspend.h"
#include "cli_runner.h"
#include "cli/suspend_report.h"
#include "test_util.h"

namespace usbcheck {
namespace {

usb::SuspendMeasurement full_run() {
    usb::SuspendMeasurement m;
    m.device = "1-1";
    m.before = m.after = {{"control", "on"}, {"autosuspend_delay_ms", "1500"}, {"wakeup", "enabled"}};
    m.autosuspend_delay_ms = 100;
    m.enter_ms = 129.2;
    m.cycles_requested = 2;
    m.resume_ms = {68.5, 69.1};
    m.stimulus = "command:inject";
    m.remote_wakeup_capable = true;
    m.input_node = "/dev/input/event2";
    m.wake_ms = 78.5;
    m.first_input_ms = 100.3;
    m.first_frame = usb::InputFrame{100.3, {48}};
    m.expected_keys = {30};
    m.expected_text = "KEY_A";
    m.led_suspended = true;
    m.led_after = true;
    return m;
}

usb::SuspendMeasurement never_suspended() {
    usb::SuspendMeasurement m;
    m.device = "1-1";
    m.before = m.after = {{"control", "on"}, {"autosuspend_delay_ms", "2000"}};
    m.enter_problem = "runtime_status is active after 5100 ms";
    m.wake_skip = "the device did not suspend";
    m.led_skip = "the device did not suspend";
    m.cycles_requested = 5;
    return m;
}

void expect_valid(const usb::SuspendMeasurement& m, const std::string& name) {
    reports::Report report;
    reports::DeviceReport device;
    device.identity.source = "live:1-1";
    device.checks = checks::judge_suspend(m);
    device.measurements.push_back(cli::suspend_measurement(m));
    report.devices.push_back(device);
    const auto json = reports::to_json(report);
    EXPECT_TRUE(json["devices"][0]["measurements"]["suspend"].is_object());
    if (!test::have_validators()) GTEST_SKIP() << "python3-jsonschema or xmllint missing";
    const auto path = (std::filesystem::temp_directory_path() / ("usbcheck-suspend-" + name + ".json")).string();
    ASSERT_TRUE(reports::write_output(path, json.dump(2)));
    std::string why;
    EXPECT_TRUE(test::validate_json_schema(path, test::source_path("reports/report.schema.json"), why)) << why;
    std::filesystem::remove(path);
}

TEST(SuspendReport, JsonValidatesAgainstTheSchema) {
    expect_valid(full_run(), "full");
    expect_valid(never_suspended(), "never");
}

TEST(SuspendReport, JsonAndTextCarryTheSameFigures) {
    const auto measurement = cli::suspend_measurement(full_run());
    const auto& d = measurement.data;
    EXPECT_EQ(measurement.family, "suspend");
    EXPECT_DOUBLE_EQ(d["host_resume"]["median_ms"].get<double>(), 68.8);
    EXPECT_DOUBLE_EQ(d["host_resume"]["spec_floor_ms"].get<double>(), 30);
    EXPECT_EQ(d["remote_wakeup"]["first_keys"], nlohmann::json::array({"KEY_B"}));
    EXPECT_EQ(d["remote_wakeup"]["expected_keys"], nlohmann::json::array({"KEY_A"}));
    EXPECT_EQ(d["restored"], true);
    std::string text;
    for (const auto& line : measurement.text) text += line + "\n";
    EXPECT_NE(text.find("host resume (2 cycles): min 68.5, median 68.8, p95 69.1, max 69.1 ms"), std::string::npos) << text;
    EXPECT_NE(text.find("first input KEY_B at 100.3 ms (expected KEY_A)"), std::string::npos) << text;
    EXPECT_NE(text.find("power settings restored"), std::string::npos) << text;

    auto broken = full_run();
    broken.after["control"] = "auto";
    EXPECT_EQ(cli::suspend_measurement(broken).data["restored"], false);
}

// Usage errors are one line and exit 2 before any device is touched.
TEST(SuspendCli, UsageErrors) {
    for (const char* args : {"suspend", "suspend 1-1 --stimulus bogus", "suspend 1-1 --stimulus command:",
                             "suspend 1-1 --expect-key KEY_NOPE", "suspend 1-1 --expect-key KEY_A --expect-report 00",
                             "suspend 1-1 --cycles 0"}) {
        const auto r = test::run_usbcheck(args);
        EXPECT_EQ(r.exit_code, 2) << args << ": " << r.err;
        EXPECT_EQ(r.err.rfind("usbcheck: ", 0), 0u) << args << ": " << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << args << ": " << r.err;
    }
    EXPECT_NE(test::run_usbcheck("suspend 1-1 --stimulus bogus").err.find("--stimulus must be none, prompt or command:CMD"),
              std::string::npos);
}

TEST(SuspendCli, SuiteNeedsALiveDevice) {
    const auto r = test::run_usbcheck("check --from " + test::source_path("examples/esp32p4-tinyusb-cdc.snapshot.json") +
                                      " --suite suspend");
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("--suite suspend measures a live DEVICE"), std::string::npos) << r.err;
}

TEST(SuspendCli, CatalogListsTheSuspendChecks) {
    const auto r = test::run_usbcheck("checks");
    EXPECT_EQ(r.exit_code, 0);
    for (const char* id : {"hid.suspend.remote-wakeup", "hid.suspend.msos-enable", "suspend.first-input",
                           "suspend.settings-restored"})
        EXPECT_NE(r.out.find(id), std::string::npos) << id;
}

}  // namespace
}  // namespace usbcheck
