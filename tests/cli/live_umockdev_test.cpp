// The live commands through libusb without hardware: umockdev fakes /sys and /dev/bus/usb.
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

// ---- Through libusb, without hardware: umockdev (Debian package `umockdev`) fakes /sys and
// /dev/bus/usb and answers usbfs URBs from a usbmon capture, in order. The capture is written
// from the transfers the probe makes, so libusb enumeration, paths, sysfs reads, opening,
// control transfers and status mapping run for real. Skipped when umockdev-run is missing. ----

namespace {

bool have_umockdev() { return std::system("command -v umockdev-run >/dev/null 2>&1") == 0; }

void put(std::string& out, uint64_t value, size_t size) {
    for (size_t i = 0; i < size; ++i) out += static_cast<char>((value >> (8 * i)) & 0xFF);
}

// One usbmon record (pcap LINKTYPE_USB_LINUX_MMAPPED, 64-byte header) for device 1/2, endpoint 0 IN.
void usbmon_record(std::string& pcap, uint64_t id, char event, int32_t status, uint32_t urb_len,
                   const usb::Bytes& setup, const usb::Bytes& data) {
    std::string r;
    put(r, id, 8);
    r += event;
    r += '\x02';  // control
    r += '\x80';  // endpoint 0, IN
    r += '\x02';  // device address 2
    put(r, 1, 2);  // bus 1
    r += event == 'S' ? '\0' : '-';  // setup present on submission
    r += event == 'S' ? '<' : '\0';  // data present on completion
    put(r, id, 8);  // ts_sec
    put(r, 0, 4);
    put(r, static_cast<uint32_t>(status), 4);
    put(r, urb_len, 4);
    put(r, data.size(), 4);
    r.append(setup.begin(), setup.end());
    r.append(8 - setup.size(), '\0');
    r.append(16, '\0');  // interval, start_frame, xfer_flags, ndesc
    r.append(data.begin(), data.end());
    put(pcap, id, 4);
    put(pcap, 0, 4);
    put(pcap, r.size(), 4);
    put(pcap, r.size(), 4);
    pcap += r;
}

// usb1 (a root hub whose node answers nothing) and the device at 1-1, devnum 2, whose usbfs node
// answers `transfers` in order; `descriptors` is its sysfs `descriptors` attribute, `power` its
// power/ attribute lines.
struct Testbed {
    std::string umockdev, pcap;
};
constexpr const char* k_power = "A: power/control=auto\\n\nA: power/runtime_status=active\\n\n";
Testbed make_testbed(const std::vector<usb::RecordedTransfer>& transfers, const std::string& descriptors,
                     const std::string& name, const std::string& power = k_power) {
    std::string pcap;
    put(pcap, 0xa1b2c3d4, 4);
    put(pcap, 2, 2);
    put(pcap, 4, 2);
    put(pcap, 0, 8);
    put(pcap, 65535, 4);
    put(pcap, 220, 4);
    uint64_t id = 1000;
    for (const auto& t : transfers) {
        const auto s = t.setup;
        const usb::Bytes setup = {s.bmRequestType, s.bRequest, static_cast<uint8_t>(s.wValue), static_cast<uint8_t>(s.wValue >> 8),
                                  static_cast<uint8_t>(s.wIndex), static_cast<uint8_t>(s.wIndex >> 8),
                                  static_cast<uint8_t>(s.wLength), static_cast<uint8_t>(s.wLength >> 8)};
        const int32_t status = t.result.status == usb::TransferStatus::ok      ? 0
                               : t.result.status == usb::TransferStatus::stall ? -32   // EPIPE
                               : t.result.status == usb::TransferStatus::disconnected ? -19  // ENODEV
                                                                                     : -71;  // EPROTO
        ++id;
        usbmon_record(pcap, id, 'S', -115, s.wLength, setup, {});
        const auto& data = t.result.status == usb::TransferStatus::ok ? t.result.data : usb::Bytes{};
        usbmon_record(pcap, id, 'C', status, static_cast<uint32_t>(data.size()), {}, data);
    }
    std::string hex_descriptors;
    for (uint8_t b : test::hex(descriptors)) hex_descriptors += fmt::format("{:02X}", b);
    const std::string umockdev =
        "P: /devices/platform/dummy_hcd.0/usb1/1-1\nN: bus/usb/001/002\nE: BUSNUM=001\nE: DEVNAME=/dev/bus/usb/001/002\n"
        "E: DEVNUM=002\nE: DEVTYPE=usb_device\nE: SUBSYSTEM=usb\nA: busnum=1\\n\nA: devnum=2\\n\nA: speed=480\\n\n"
        "H: descriptors=" + hex_descriptors + "\nA: serial=GADGET-A\\n\n" + power + "\n"
        "P: /devices/platform/dummy_hcd.0/usb1\nN: bus/usb/001/001\nE: BUSNUM=001\nE: DEVNAME=/dev/bus/usb/001/001\n"
        "E: DEVNUM=001\nE: DEVTYPE=usb_device\nE: SUBSYSTEM=usb\nA: busnum=1\\n\nA: devnum=1\\n\nA: speed=480\\n\n"
        "H: descriptors=12010002090001406B1D020001060302010109021900010100E0000904000001090000000705810304000C\n\n"
        "P: /devices/platform/dummy_hcd.0\nE: SUBSYSTEM=platform\n";
    return {test::write_temp(name + ".umockdev", umockdev), test::write_temp(name + ".pcap", pcap)};
}

// Runs usbcheck ARGS (or a shell COMMAND where $USBCHECK is the binary) inside the testbed.
test::RunResult run_in_testbed(const Testbed& bed, const std::string& args, bool shell = false) {
    static int counter = 0;
    const std::string base = test::temp_dir() + "/umockdev" + std::to_string(++counter);
    const std::string binary = std::string("'") + USBCHECK_BINARY + "'";
    const std::string program = shell ? "sh -c " + quoted("USBCHECK=" + binary + "; " + args) : binary + " " + args;
    // The sanitizer runtime must come first among preloads; umockdev preloads its own library.
    const std::string command = "cd '" + test::temp_dir() + "' && NO_COLOR=1 ASAN_OPTIONS=verify_asan_link_order=0 "
                                "umockdev-run --device '" + bed.umockdev + "' --pcap "
                                "/sys/devices/platform/dummy_hcd.0/usb1/1-1='" + bed.pcap + "' -- " + program +
                                " >'" + base + ".out' 2>'" + base + ".err'";
    const int status = std::system(command.c_str());
    test::RunResult r;
    r.exit_code = (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) >= 128) ? -1 : WEXITSTATUS(status);
    r.out = test::read_file(base + ".out");
    r.err = test::read_file(base + ".err");
    return r;
}

// What a LiveDevice in front of the CDC gadget sends and gets, in order.
std::vector<usb::RecordedTransfer> cdc_transfers(std::optional<size_t> lose_after = {}) {
    usb::ReplayDevice inner(cdc_snapshot());
    LiveLike live(inner, lose_after);
    return cli::capture_snapshot(live, {}, "").snapshot.control;
}

const std::string k_cdc_descriptors = std::string(k_cdc_device) + " " + k_cdc_config;

}  // namespace

TEST(LiveUmockdev, ScanCheckDescribeAndCaptureThroughLibusb) {
    if (!have_umockdev()) GTEST_SKIP() << "umockdev-run missing (Debian package umockdev)";
    const auto transfers = cdc_transfers();
    const auto bed = make_testbed(transfers, k_cdc_descriptors, "cdc");

    auto r = run_in_testbed(bed, "scan");
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;  // the gadget's 64-byte bulk endpoints fail at high speed
    EXPECT_NE(r.out.find("usb1  1d6b:0002  "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("1-1   1d6b:0104  Linux Foundation Gadget  high  composite EF/02/01: 02 CDC, 0A CDC data  "
                         "FAIL 1 failed, 1 warning\n"),
              std::string::npos)
        << r.out;

    const auto capture = test::temp_dir() + "/live-capture.json";
    r = run_in_testbed(bed, "capture 1d6b:0104 -o " + quoted(capture));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "captured 1d6b:0104 at 1-1 (high speed): " + std::to_string(transfers.size()) +
                         " control transfers written to " + capture + "\n");
    auto loaded = usb::load_input_file(capture);
    ASSERT_TRUE(loaded) << loaded.error().message;
    const auto& snapshot = loaded->devices.front();
    EXPECT_EQ(snapshot.source, "live:1-1");
    EXPECT_EQ(snapshot.speed, usb::Speed::high);
    EXPECT_EQ(snapshot.sysfs.at("power/control"), "auto");
    EXPECT_EQ(snapshot.sysfs.at("power/runtime_status"), "active");
    ASSERT_EQ(snapshot.control.size(), transfers.size());
    for (size_t i = 0; i < transfers.size(); ++i) {
        EXPECT_EQ(snapshot.control[i].setup.to_hex(), transfers[i].setup.to_hex()) << i;
        EXPECT_EQ(snapshot.control[i].result.status, transfers[i].result.status) << i;
        EXPECT_EQ(snapshot.control[i].result.data, transfers[i].result.data) << i;
    }

    const auto live_json = test::temp_dir() + "/live-check.json";
    const auto replay_json = test::temp_dir() + "/replay-check.json";
    r = run_in_testbed(bed, "check 1-1 --json " + quoted(live_json));
    EXPECT_EQ(r.exit_code, 1) << r.err;
    r = run_usbcheck("check --from " + quoted(capture) + " --json " + quoted(replay_json));
    EXPECT_EQ(r.exit_code, 1) << r.err;
    const auto live_doc = nlohmann::json::parse(test::read_file(live_json));
    const auto replay_doc = nlohmann::json::parse(test::read_file(replay_json));
    EXPECT_EQ(live_doc["devices"][0]["checks"], replay_doc["devices"][0]["checks"]);
    EXPECT_EQ(live_doc["devices"][0]["identity"]["path"], "1-1");

    r = run_in_testbed(bed, "describe --serial GADGET-A");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("source       live:1-1"), std::string::npos) << r.out;
    expect_one_line_error(run_in_testbed(bed, "check 1d6b:0104 --serial NOPE"),
                          "no USB device matches 1d6b:0104 with serial NOPE");
    expect_one_line_error(run_in_testbed(bed, "check 1d6b:0104#2"),
                          "no USB device matches 1d6b:0104#2: 1 device matches 1d6b:0104");

    r = run_in_testbed(bed, "scan --json -");
    const auto scan = test::write_temp("live-scan.json", r.out);
    const auto doc = nlohmann::json::parse(r.out);
    ASSERT_EQ(doc["devices"].size(), 2u);
    EXPECT_EQ(doc["devices"][0]["identity"]["path"], "usb1");
    EXPECT_EQ(doc["devices"][1]["identity"]["path"], "1-1");
    EXPECT_EQ(doc["devices"][1]["identity"]["serial"], "GADGET-A");
    if (test::have_validators()) {
        std::string why;
        EXPECT_TRUE(test::validate_json_schema(scan, test::source_path("reports/report.schema.json"), why)) << why;
    }
}

TEST(LiveUmockdev, DeviceLostMidRunExitsThreeWithReports) {
    if (!have_umockdev()) GTEST_SKIP() << "umockdev-run missing (Debian package umockdev)";
    const auto bed = make_testbed(cdc_transfers(5), k_cdc_descriptors, "lost");
    const auto json = test::temp_dir() + "/lost-live.json";
    auto r = run_in_testbed(bed, "check 1-1 --json " + quoted(json));
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_EQ(nlohmann::json::parse(test::read_file(json))["devices"][0]["error"],
              "the device disconnected during the run; checks cover what was read before");

    const auto capture = test::temp_dir() + "/lost-capture.json";
    r = run_in_testbed(bed, "capture 1-1 -o " + quoted(capture));
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_EQ(r.err, "usbcheck: the device disconnected during the capture; " + capture +
                         " holds the 6 control transfers recorded before\n");
    EXPECT_EQ(run_usbcheck("check --from " + quoted(capture)).exit_code, 3);

    r = run_in_testbed(bed, "scan");
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_NE(r.out.find("LOST (disconnected during the scan) FAIL"), std::string::npos) << r.out;
}

TEST(LiveUmockdev, DeviceThatCannotBeOpenedIsJudgedFromSysfs) {
    if (!have_umockdev()) GTEST_SKIP() << "umockdev-run missing (Debian package umockdev)";
    const auto bed = make_testbed(cdc_transfers(), k_cdc_descriptors, "sysfs");
    // A directory where the device node should be: libusb_open fails with an I/O error.
    const std::string break_node =
        "rm -f \"$UMOCKDEV_DIR/dev/bus/usb/001/002\" && mkdir \"$UMOCKDEV_DIR/dev/bus/usb/001/002\" && ";
    auto r = run_in_testbed(bed, break_node + "$USBCHECK scan", true);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.out.find("composite EF/02/01: 02 CDC, 0A CDC data  FAIL 1 failed (sysfs only, cannot open it)\n"),
              std::string::npos)
        << r.out;
    r = run_in_testbed(bed, break_node + "$USBCHECK check 1-1", true);
    expect_one_line_error(r, "cannot open /dev/bus/usb/001/002 (1d6b:0104): input/output error");
}

// usbcheck suspend through libusb and a fake sysfs whose runtime_status never changes: the
// device never suspends, suspend.enters fails, the settings it changed are put back, and the
// report is valid.
TEST(LiveUmockdev, SuspendThatNeverEntersRestoresAndReports) {
    if (!have_umockdev()) GTEST_SKIP() << "umockdev-run missing (Debian package umockdev)";
    const auto bed = make_testbed(cdc_transfers(), k_cdc_descriptors, "suspend",
                                  "A: power/control=on\\n\nA: power/autosuspend_delay_ms=2000\\n\n"
                                  "A: power/runtime_status=active\\n\nA: power/wakeup=disabled\\n\n");
    const auto json = test::temp_dir() + "/suspend-never.json";
    const auto junit = test::temp_dir() + "/suspend-never.xml";
    const auto r = run_in_testbed(bed, "suspend 1-1 --delay 0 --json " + quoted(json) + " --junit " + quoted(junit));
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_NE(r.out.find("FAIL suspend.enters  runtime_status is active after 5000 ms with control=auto and "
                         "autosuspend_delay_ms=0"),
              std::string::npos)
        << r.out;
    const auto report = nlohmann::json::parse(test::read_file(json));
    const auto& m = report["devices"][0]["measurements"]["suspend"];
    EXPECT_EQ(m["settings_before"], (nlohmann::json{{"autosuspend_delay_ms", "2000"}, {"control", "on"}, {"wakeup", "disabled"}}));
    EXPECT_EQ(m["settings_after"], m["settings_before"]);
    EXPECT_EQ(m["restored"], true);
    EXPECT_EQ(m["enter"]["suspended"], false);
    if (!test::have_validators()) GTEST_SKIP() << "python3-jsonschema or xmllint missing";
    std::string why;
    EXPECT_TRUE(test::validate_json_schema(json, test::source_path("reports/report.schema.json"), why)) << why;
    EXPECT_TRUE(test::validate_junit(junit, why)) << why;
}
