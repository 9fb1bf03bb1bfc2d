// The live commands without hardware: scan, check, describe and capture on a machine with no USB
// (exit codes, one-line errors, a schema-valid empty report), capture -> replay giving the same
// results as the device itself, scan's per-device summaries, and MS OS descriptors in describe.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/devices.h"
#include "cli_runner.h"
#include "test_util.h"
#include "usb/input.h"
#include "usb/live.h"
#include "usb/probe.h"

using namespace usbcheck;
#include "live_fixtures.h"

using namespace usbcheck::test::live;
using usbcheck::test::run_usbcheck;

namespace {

void expect_same_results(const std::vector<checks::CheckResult>& live, const std::vector<checks::CheckResult>& replayed) {
    ASSERT_EQ(live.size(), replayed.size());
    for (size_t i = 0; i < live.size(); ++i) {
        const auto& a = live[i];
        const auto& b = replayed[i];
        ASSERT_EQ(a.def, b.def);
        const std::string id(a.def ? a.def->id : "?");
        EXPECT_EQ(a.status, b.status) << id;
        EXPECT_EQ(a.skip_reason, b.skip_reason) << id;
        EXPECT_EQ(a.error, b.error) << id;
        ASSERT_EQ(a.findings.size(), b.findings.size()) << id;
        for (size_t f = 0; f < a.findings.size(); ++f) {
            EXPECT_EQ(a.findings[f].message, b.findings[f].message) << id;
            EXPECT_EQ(a.findings[f].location.blob, b.findings[f].location.blob) << id;
            EXPECT_EQ(a.findings[f].location.path, b.findings[f].location.path) << id;
            EXPECT_EQ(a.findings[f].location.offset, b.findings[f].location.offset) << id;
        }
    }
}

struct RoundTrip {
    cli::CaptureResult capture;
    usb::DescriptorSet live, replayed;
    std::string file;
};

// Probes the device as `check DEVICE` does, captures it as `capture` does, and replays the file
// as `check --from FILE` does.
RoundTrip round_trip(const usb::Snapshot& device, const std::string& name, std::optional<size_t> lose_after = {}) {
    RoundTrip trip;
    {
        usb::ReplayDevice inner(device);
        LiveLike live(inner, lose_after);
        trip.live = usb::probe(live);
    }
    {
        usb::ReplayDevice inner(device);
        LiveLike live(inner, lose_after);
        trip.capture = cli::capture_snapshot(live, {{"power/control", "auto"}, {"power/runtime_status", "active"}},
                                             "2026-11-24T05:00:00Z");
    }
    trip.file = test::write_temp(name, usb::write_snapshot(trip.capture.snapshot));
    auto input = usb::load_input_file(trip.file);
    EXPECT_TRUE(input) << input.error().message;
    if (!input || input->devices.size() != 1) return trip;
    EXPECT_EQ(input->format, usb::InputFormat::snapshot);
    usb::ReplayDevice replay(std::move(input->devices.front()));
    trip.replayed = usb::probe(replay);
    return trip;
}

}  // namespace

TEST(LiveCli, ScanWithoutUsbSaysSoAndExitsZero) {
    if (machine_has_usb()) GTEST_SKIP() << "this machine has a USB bus";
    auto r = run_usbcheck("scan");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "no USB devices: " + k_no_bus + "\n");
    EXPECT_EQ(r.err, "");

    r = run_usbcheck("scan --json -");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const auto doc = nlohmann::json::parse(r.out);  // stdout carries only the JSON
    EXPECT_TRUE(doc["devices"].is_array());
    EXPECT_TRUE(doc["devices"].empty());
    EXPECT_EQ(doc["summary"]["pass"], 0);
    EXPECT_NE(r.err.find("no USB devices"), std::string::npos) << r.err;

    const auto json = test::temp_dir() + "/scan.json";
    r = run_usbcheck("scan --json " + quoted(json));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(nlohmann::json::parse(test::read_file(json)), doc);
    if (!test::have_validators()) GTEST_SKIP() << "python3-jsonschema or xmllint missing";
    std::string why;
    EXPECT_TRUE(test::validate_json_schema(json, test::source_path("reports/report.schema.json"), why)) << why;
}

TEST(LiveCli, ScanUsageErrors) {
    expect_one_line_error(run_usbcheck("scan 1-1"));
    expect_one_line_error(run_usbcheck("scan --timeout 0"));
    expect_one_line_error(run_usbcheck("scan --json /nonexistent/dir/scan.json"));
}

TEST(LiveCli, LiveDeviceWithoutUsbIsAOneLineError) {
    if (machine_has_usb()) GTEST_SKIP() << "this machine has a USB bus";
    const auto json = test::temp_dir() + "/nousb.json";
    auto r = run_usbcheck("check 1d6b:0104 --json " + quoted(json));
    expect_one_line_error(r, "no USB device matches 1d6b:0104: " + k_no_bus);
    EXPECT_FALSE(test::file_exists(json));
    expect_one_line_error(run_usbcheck("describe 1-1.2"), "no USB device matches 1-1.2: " + k_no_bus);
    expect_one_line_error(run_usbcheck("check --serial ABC"), "no USB device has serial ABC: " + k_no_bus);
    expect_one_line_error(run_usbcheck("check 1d6b:0104#2 --serial ABC --timeout 50 --request-interval 5"),
                          "no USB device matches 1d6b:0104#2 with serial ABC: " + k_no_bus);
}

TEST(LiveCli, BadSelectorsAndConflictingSources) {
    const auto input = test::write_temp("source.json", usb::write_snapshot(cdc_snapshot()));
    const std::string bad = "bad device selector 'xyz': use VID:PID[#N], a bus-port path like 1-1.2, or --serial";
    expect_one_line_error(run_usbcheck("check xyz"), bad);
    expect_one_line_error(run_usbcheck("describe xyz"), bad);
    expect_one_line_error(run_usbcheck("check 1d6b:0104#0"));
    for (const char* command : {"check", "describe"}) {
        const std::string c = command;
        expect_one_line_error(run_usbcheck(c + " 1-1 --from " + quoted(input)),
                              "give either DEVICE (or --serial) or --from FILE, not both");
        expect_one_line_error(run_usbcheck(c + " --serial S --from " + quoted(input)),
                              "give either DEVICE (or --serial) or --from FILE, not both");
        expect_one_line_error(run_usbcheck(c + " --from " + quoted(input) + " --timeout 100"),
                              "--timeout and --request-interval apply to live devices, not to --from");
        expect_one_line_error(run_usbcheck(c + " --from " + quoted(input) + " --request-interval 100"),
                              "--timeout and --request-interval apply to live devices, not to --from");
        expect_one_line_error(
            run_usbcheck(c), "give a DEVICE (VID:PID[#N], a bus-port path like 1-1.2, or --serial S) or --from FILE");
        expect_one_line_error(run_usbcheck(c + " 1-1 --timeout 0"));
        expect_one_line_error(run_usbcheck(c + " 1-1 --request-interval -1"));
        expect_one_line_error(run_usbcheck(c + " 1-1 1-2"));
    }
    // --from alone still works as before (64-byte bulk endpoints at high speed fail a check).
    EXPECT_EQ(run_usbcheck("check --from " + quoted(input)).exit_code, 1);
}

TEST(LiveCli, CaptureUsageErrors) {
    const auto out = test::temp_dir() + "/capture-usage.json";
    expect_one_line_error(run_usbcheck("capture"));
    expect_one_line_error(run_usbcheck("capture 1-1"));  // -o is required
    expect_one_line_error(run_usbcheck("capture -o " + quoted(out)),
                          "give a DEVICE (VID:PID[#N], a bus-port path like 1-1.2, or --serial S) to capture");
    expect_one_line_error(run_usbcheck("capture xyz -o " + quoted(out)),
                          "bad device selector 'xyz': use VID:PID[#N], a bus-port path like 1-1.2, or --serial");
    expect_one_line_error(run_usbcheck("capture --from x.json -o " + quoted(out)));
    expect_one_line_error(run_usbcheck("capture 1-1 --timeout 0 -o " + quoted(out)));
    if (!machine_has_usb())
        expect_one_line_error(run_usbcheck("capture 1-1 -o " + quoted(out)), "no USB device matches 1-1: " + k_no_bus);
    EXPECT_FALSE(test::file_exists(out));
}

TEST(Capture, SnapshotRecordsEveryTransferAndTheContext) {
    const auto device = cdc_snapshot();
    usb::ReplayDevice inner(device);
    const auto capture = cli::capture_snapshot(inner, {{"power/control", "auto"}}, "2026-11-24T05:00:00Z");
    const auto& s = capture.snapshot;
    EXPECT_EQ(s.version, 1);
    EXPECT_EQ(s.source, "live:1-1");
    EXPECT_EQ(s.speed, usb::Speed::high);
    EXPECT_EQ(s.created, "2026-11-24T05:00:00Z");
    EXPECT_EQ(s.tool, std::string("usbcheck ") + USBCHECK_VERSION);
    EXPECT_TRUE(s.complete);
    EXPECT_EQ(s.sysfs, (std::map<std::string, std::string>{{"power/control", "auto"}}));
    EXPECT_FALSE(capture.device_lost);
    // Every request the probe made, in order, with its answer.
    ASSERT_EQ(s.control.size(), inner.asked().size());
    for (size_t i = 0; i < s.control.size(); ++i) EXPECT_EQ(s.control[i].setup.to_hex(), inner.asked()[i].to_hex());
    const auto stalls = std::count_if(s.control.begin(), s.control.end(), [](const usb::RecordedTransfer& t) {
        return t.result.status == usb::TransferStatus::stall;
    });
    EXPECT_GT(stalls, 0) << "requests the device stalls (BOS, extended properties) are recorded too";

    const auto stamp = reports::utc_timestamp(true);
    EXPECT_EQ(stamp.size(), 20u) << stamp;
    EXPECT_EQ(stamp.back(), 'Z');
}

TEST(Capture, ReplayGivesTheSameResultsAsTheDevice) {
    const auto trip = round_trip(cdc_snapshot(), "capture-cdc.json");
    EXPECT_TRUE(trip.capture.snapshot.complete);
    EXPECT_FALSE(trip.live.device_lost);
    expect_same_results(checks::run_checks(trip.live), checks::run_checks(trip.replayed));
    EXPECT_EQ(reports::describe_json(trip.live), reports::describe_json(trip.replayed));
    EXPECT_EQ(trip.replayed.msos.vendor_code, 0x20);
    EXPECT_EQ(trip.replayed.msos.compat_id.availability, usb::Availability::present);

    // The file is a valid snapshot and check --from reads it.
    if (test::have_validators()) {
        std::string why;
        EXPECT_TRUE(test::validate_json_schema(trip.file, test::source_path("usb/snapshot.schema.json"), why)) << why;
    }
    const auto json = test::temp_dir() + "/capture-cdc.report.json";
    const auto junit = test::temp_dir() + "/capture-cdc.report.xml";
    auto r = run_usbcheck("check --from " + quoted(trip.file) + " --json " + quoted(json) + " --junit " + quoted(junit));
    EXPECT_EQ(r.exit_code, 1) << r.err;  // 64-byte bulk endpoints at high speed
    const auto doc = nlohmann::json::parse(test::read_file(json));
    EXPECT_EQ(doc["devices"][0]["identity"]["path"], "1-1");
    EXPECT_EQ(doc["devices"][0]["identity"]["source"], "live:1-1");
    EXPECT_NE(test::read_file(junit).find("<property name=\"path\" value=\"1-1\"/>"), std::string::npos);
    if (test::have_validators()) {
        std::string why;
        EXPECT_TRUE(test::validate_json_schema(json, test::source_path("reports/report.schema.json"), why)) << why;
        EXPECT_TRUE(test::validate_junit(junit, why)) << why;
    }
}

TEST(Capture, RequestsNotSentStayNotCapturedOnReplay) {
    // The HID report descriptor is an interface request: LiveDevice does not send it.
    const auto trip = round_trip(hid_snapshot(), "capture-hid.json");
    EXPECT_FALSE(trip.capture.snapshot.complete);
    ASSERT_EQ(trip.live.hid_reports.size(), 1u);
    EXPECT_EQ(trip.live.hid_reports[0].availability, usb::Availability::not_captured);
    ASSERT_EQ(trip.replayed.hid_reports.size(), 1u);
    EXPECT_EQ(trip.replayed.hid_reports[0].availability, usb::Availability::not_captured);
    expect_same_results(checks::run_checks(trip.live), checks::run_checks(trip.replayed));
    EXPECT_EQ(reports::describe_json(trip.live), reports::describe_json(trip.replayed));
}

TEST(Capture, DeviceLostMidRunIsRecordedAndReplayedAsLost) {
    for (size_t lose_after : {0u, 1u, 3u, 6u}) {
        const auto trip = round_trip(cdc_snapshot(), "capture-lost.json", lose_after);
        EXPECT_TRUE(trip.capture.device_lost) << lose_after;
        EXPECT_TRUE(trip.live.device_lost) << lose_after;
        EXPECT_TRUE(trip.replayed.device_lost) << lose_after;
        EXPECT_EQ(trip.capture.snapshot.control.size(), lose_after + 1);
        EXPECT_EQ(trip.capture.snapshot.control.back().result.status, usb::TransferStatus::disconnected);
        expect_same_results(checks::run_checks(trip.live), checks::run_checks(trip.replayed));
        EXPECT_EQ(reports::describe_json(trip.live), reports::describe_json(trip.replayed));
    }
    // check --from on a capture that lost the device exits 3 and still writes its report.
    const auto trip = round_trip(cdc_snapshot(), "capture-lost-cli.json", 3);
    const auto json = test::temp_dir() + "/capture-lost.report.json";
    auto r = run_usbcheck("check --from " + quoted(trip.file) + " --json " + quoted(json));
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_TRUE(test::file_exists(json));
}

TEST(Scan, ClassSummary) {
    test::FakeDevice cdc;
    cdc.device = k_cdc_device;
    cdc.configs = {k_cdc_config};
    EXPECT_EQ(cli::class_summary(test::probe_fake(cdc)), "composite EF/02/01: 02 CDC, 0A CDC data");

    test::FakeDevice hid;
    hid.device = k_hid_device;
    hid.configs = {k_hid_config};
    EXPECT_EQ(cli::class_summary(test::probe_fake(hid)), "HID");

    test::FakeDevice hub;
    hub.device = "12 01 00 02 09 00 01 40 6b 1d 02 00 01 06 03 02 01 01";
    EXPECT_EQ(cli::class_summary(test::probe_fake(hub)), "hub");

    test::FakeDevice bare;
    bare.device = "12 01 00 02 00 00 00 40 6b 1d 02 00 01 06 03 02 01 01";
    EXPECT_EQ(cli::class_summary(test::probe_fake(bare)), "class 00/00/00");

    test::FakeDevice vendor;
    vendor.device = "12 01 00 02 00 00 00 40 c4 10 60 ea 00 01 01 02 03 01";
    vendor.configs = {"09 02 20 00 01 01 00 80 32 09 04 00 00 02 ff 00 00 00 07 05 02 02 40 00 00 07 05 82 02 40 00 00"};
    EXPECT_EQ(cli::class_summary(test::probe_fake(vendor)), "vendor specific");

    EXPECT_EQ(cli::class_summary(usb::DescriptorSet{}), "");
}

TEST(Scan, Verdict) {
    EXPECT_EQ(cli::verdict({10, 0, 0, 2, 0}), "ok");
    EXPECT_EQ(cli::verdict({10, 0, 3, 0, 0}), "ok, 3 warnings");
    EXPECT_EQ(cli::verdict({10, 0, 1, 0, 0}), "ok, 1 warning");
    EXPECT_EQ(cli::verdict({10, 2, 1, 0, 0}), "FAIL 2 failed, 1 warning");
    EXPECT_EQ(cli::verdict({10, 1, 0, 0, 0}), "FAIL 1 failed");
    EXPECT_EQ(cli::verdict({10, 0, 2, 0, 1}), "FAIL 1 check error, 2 warnings");
}

TEST(DescribeMsOs, RawBytesWithAvailability) {
    const auto input = test::write_temp("msos.json", usb::write_snapshot(cdc_snapshot()));
    auto r = run_usbcheck("describe --from " + quoted(input));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("Microsoft OS descriptors"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("MS OS 1.0 string descriptor (index 0xEE)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("bMS_VendorCode"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("raw    12 03 4d 00 53 00"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("MS OS 1.0 extended properties, interface 0 (wIndex 5): stalled"), std::string::npos) << r.out;

    r = run_usbcheck("describe --from " + quoted(input) + " --json -");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const auto msos = nlohmann::json::parse(r.out)["devices"][0]["msos"];
    EXPECT_EQ(msos["os_string"]["availability"], "present");
    EXPECT_EQ(msos["os_string"]["raw"], k_os_string);
    EXPECT_EQ(msos["os_string"]["fields"]["bMS_VendorCode"]["value"], 0x20);
    EXPECT_EQ(msos["compat_id"]["availability"], "present");
    EXPECT_EQ(msos["compat_id"]["fields"]["length"]["value"], 40);
    ASSERT_EQ(msos["extended_properties"].size(), 2u);  // interfaces 0 and 1
    EXPECT_EQ(msos["extended_properties"][1]["fields"]["interface"]["value"], 1);
    EXPECT_EQ(msos["extended_properties"][1]["availability"], "stalled");
    EXPECT_EQ(msos["extended_properties"][1]["fields"]["wValue_byte"]["value"], "none");
    EXPECT_FALSE(msos.contains("msos20_set"));

    // Without the MSFT100 string nothing else was asked for.
    const auto plain = test::write_temp("plain.json", usb::write_snapshot(hid_snapshot()));
    r = run_usbcheck("describe --from " + quoted(plain) + " --json -");
    const auto none = nlohmann::json::parse(r.out)["devices"][0]["msos"];
    EXPECT_EQ(none["os_string"]["availability"], "stalled");
    EXPECT_FALSE(none.contains("compat_id"));
    EXPECT_FALSE(none.contains("extended_properties"));
}
