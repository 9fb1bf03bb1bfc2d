// `usbcheck throughput` from the command line without a device: usage errors are one line with
// exit 2 and nothing half-written. Live runs are on the bench (scenarios throughput and
// throughput-benchmark).
#include <gtest/gtest.h>

#include "cli_runner.h"
#include "usb/live.h"
#include "live_fixtures.h"

namespace usbcheck::test::live {
namespace {

TEST(ThroughputCli, UsageErrorsAreOneLineWithExitTwo) {
    expect_one_line_error(run_usbcheck("throughput 1-1 --duration 1 --bytes 100"), "give --duration or --bytes, not both");
    auto r = run_usbcheck("throughput 1-1 --verify mod64");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("--verify"), std::string::npos) << r.err;
    r = run_usbcheck("throughput 1-1 --direction sideways");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("see usbcheck throughput --help"), std::string::npos) << r.err;
    r = run_usbcheck("throughput 1-1 --in 0x01");  // an OUT address given as --in
    EXPECT_EQ(r.exit_code, 2);
    expect_one_line_error(run_usbcheck("throughput"),
                          "give a DEVICE (VID:PID[#N], a bus-port path like 1-1.2, or --serial S) to measure");
}

TEST(ThroughputCli, NoDeviceIsOneLineAndWritesNoReport) {
    if (machine_has_usb()) GTEST_SKIP() << "this machine has a USB bus";
    const auto json = test::temp_dir() + "/tp.json";
    expect_one_line_error(run_usbcheck("throughput 1d6b:0104 --json " + quoted(json)),
                          "no USB device matches 1d6b:0104: " + k_no_bus);
    EXPECT_FALSE(test::file_exists(json));
}

TEST(ThroughputCli, ListedInHelpAndTheCatalog) {
    auto r = run_usbcheck("throughput --help");
    EXPECT_EQ(r.exit_code, 0);
    for (const char* option : {"--direction", "--queue", "--transfer-size", "--verify", "--min-mbps", "--bytes"})
        EXPECT_NE(r.out.find(option), std::string::npos) << option;
    r = run_usbcheck("checks");
    EXPECT_NE(r.out.find("throughput.data-integrity"), std::string::npos);
    EXPECT_NE(r.out.find(" for measurements"), std::string::npos) << r.out.substr(r.out.size() - 200);
}

}  // namespace
}  // namespace usbcheck::test::live
