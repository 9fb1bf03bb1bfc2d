// The throughput measurement in the reports: JSON valid against report.schema.json with every
// figure, and the text lines (decimal MB said, the ceiling as a ceiling).
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "checks/throughput.h"
#include "reports/throughput_measurement.h"
#include "test_util.h"

namespace usbcheck::reports {
namespace {

using namespace std::chrono_literals;

usb::ThroughputResult loopback_run() {
    usb::ThroughputResult r;
    r.plan.direction = usb::BulkDirection::loopback;
    r.plan.interface_number = 1;
    r.plan.in_endpoint = 0x81;
    r.plan.out_endpoint = 0x02;
    r.plan.transfer_size = 16384;
    r.plan.queue = 8;
    r.plan.verify = usb::Pattern::counter;
    r.plan.duration = 300ms;
    r.speed = usb::Speed::high;
    r.elapsed = 300ms;
    r.cpu_seconds = 0.15;
    r.memory_mapped = true;
    r.sweep = {{4, 16384, 10.5}, {8, 16384, 12.25}};
    usb::StreamAccount out(0x02, false, usb::Pattern::counter, 512, 16384, 0ns, 100ms);
    usb::StreamAccount in(0x81, true, usb::Pattern::counter, 512, 16384, 0ns, 100ms);
    std::vector<uint8_t> buffer(16384);
    for (int i = 0; i < 3; ++i) {
        out.fill_next_out(buffer);
        out.completed(usb::TransferOutcome::completed, buffer, 16384, i * 100ms + 10ms);
        if (i == 2) buffer[5] ^= 1;
        in.completed(usb::TransferOutcome::completed, buffer, 16384, i * 100ms + 20ms);
    }
    r.streams = {out.stats(), in.stats()};
    r.streams[0].series.finish(300ms);
    r.streams[1].series.finish(300ms);
    return r;
}

TEST(ThroughputMeasurement, JsonCarriesTheFiguresAndValidates) {
    const auto r = loopback_run();
    const auto m = throughput_measurement(r);
    EXPECT_EQ(m.family, "throughput");
    const auto& d = m.data;
    EXPECT_EQ(d["direction"], "loopback");
    EXPECT_EQ(d["bytes"], 6 * 16384);
    EXPECT_DOUBLE_EQ(d["mbps"].get<double>(), 0.328);  // 98304 bytes / 0.3 s, rounded to 3 places
    EXPECT_EQ(d["intervals_mbps"].size(), 3u);
    EXPECT_DOUBLE_EQ(d["median_mbps"].get<double>(), 0.328);
    EXPECT_EQ(d["chosen_by"], "sweep");
    EXPECT_EQ(d["sweep"][1]["queue"], 8);
    EXPECT_EQ(d["streams"][1]["first_mismatch"]["offset"], 2 * 16384 + 5);
    EXPECT_EQ(d["streams"][1]["first_mismatch"]["expected"], "0x20");  // byte 1 of word 0x2001
    EXPECT_EQ(d["ceiling"]["mbps"], 53.248);
    EXPECT_EQ(d["cpu_percent"], 50);
    EXPECT_FALSE(d.contains("ending_detail"));

    Report report;
    DeviceReport device;
    device.identity.vid = 0x1209;
    device.identity.pid = 0x0003;
    device.identity.speed = usb::Speed::high;
    device.identity.source = "live:1-1";
    device.checks = checks::run_throughput_checks(r, {});
    device.measurements.push_back(m);
    report.devices.push_back(device);
    const std::string path = ::testing::TempDir() + "throughput_report.json";
    std::ofstream(path) << to_json(report).dump(2);
    std::string why;
    EXPECT_TRUE(test::validate_json_schema(path, test::source_path("reports/report.schema.json"), why)) << why;
    EXPECT_EQ(to_json(report)["devices"][0]["measurements"]["throughput"]["queue"], 8);
    std::remove(path.c_str());

    // JUnit: the figures in the suite's system-out, and still valid against the Ant schema.
    const std::string xml = to_junit_xml(report, {"2026-11-24T10:00:00", "bench"});
    EXPECT_NE(xml.find("<system-out>"), std::string::npos);
    EXPECT_NE(xml.find("throughput (OUT 0x02 + IN 0x81): 98304 bytes"), std::string::npos) << xml;
    const std::string xml_path = ::testing::TempDir() + "throughput_report.xml";
    std::ofstream(xml_path) << xml;
    EXPECT_TRUE(test::validate_junit(xml_path, why)) << why;
    std::remove(xml_path.c_str());
}

TEST(ThroughputMeasurement, TextSaysDecimalAndTreatsTheCeilingAsACeiling) {
    auto r = loopback_run();
    auto text = throughput_measurement(r).text;
    ASSERT_GE(text.size(), 4u);
    EXPECT_NE(text[0].find("OUT 0x02 + IN 0x81"), std::string::npos) << text[0];
    EXPECT_NE(text[0].find("decimal MB"), std::string::npos);
    EXPECT_NE(text[2].find("chosen by a 2-point sweep, best 12.250 MB/s"), std::string::npos) << text[2];
    EXPECT_NE(text.back().find("0.6% of it"), std::string::npos) << text.back();
    r.elapsed = 1ms;  // 98 MB/s at high speed: above 53.248
    text = throughput_measurement(r).text;
    EXPECT_NE(text.back().find("not a real bus"), std::string::npos) << text.back();
    r.speed = usb::Speed::unknown;
    EXPECT_NE(throughput_measurement(r).text.back().find("no bulk ceiling"), std::string::npos);
}

TEST(ThroughputMeasurement, ARunTheDeviceLeftBeforeAnythingMovedIsStillAValidReport) {
    // What BulkSession::run returns when the first submission (or SET_INTERFACE) finds the
    // device gone: no bytes, no time, the streams empty, the ending and its reason.
    usb::ThroughputResult r;
    r.plan.direction = usb::BulkDirection::loopback;
    r.plan.in_endpoint = 0x86;
    r.plan.out_endpoint = 0x07;
    r.plan.transfer_size = 16384;
    r.plan.queue = 8;
    r.plan.verify = usb::Pattern::counter;
    r.plan.duration = 30s;
    r.speed = usb::Speed::high;
    r.in_sweep = true;
    r.ending = usb::RunEnding::disconnected;
    r.ending_detail = "submitting a transfer on endpoint 0x07 failed: LIBUSB_ERROR_NO_DEVICE";
    r.streams = {usb::StreamAccount(0x07, false, usb::Pattern::counter, 512, 16384, 0ns, 100ms).stats(),
                 usb::StreamAccount(0x86, true, usb::Pattern::counter, 512, 16384, 0ns, 100ms).stats()};
    const auto m = throughput_measurement(r);
    EXPECT_EQ(m.data["bytes"], 0);
    EXPECT_EQ(m.data["mbps"], 0);
    EXPECT_EQ(m.data["ending"], "disconnected");
    EXPECT_NE(m.text[0].find("0 bytes"), std::string::npos) << m.text[0];

    const auto results = checks::run_throughput_checks(r, {});
    ASSERT_FALSE(results.empty());
    EXPECT_EQ(results[0].def->id, "throughput.completed");
    EXPECT_EQ(results[0].status, checks::Status::fail);

    Report report;
    DeviceReport device;
    device.identity.vid = 0x1209;
    device.identity.pid = 0x0003;
    device.identity.source = "live:1-1";
    device.checks = results;
    device.measurements.push_back(m);
    device.error = "the device disconnected during the measurement";
    report.devices.push_back(device);
    const std::string path = ::testing::TempDir() + "throughput_lost_report.json";
    std::ofstream(path) << to_json(report).dump(2);
    std::string why;
    EXPECT_TRUE(test::validate_json_schema(path, test::source_path("reports/report.schema.json"), why)) << why;
    std::remove(path.c_str());
}

}  // namespace
}  // namespace usbcheck::reports
