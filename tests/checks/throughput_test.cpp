// The throughput.* checks: each fails on the measurement it exists for and passes on a clean one.
#include <gtest/gtest.h>

#include "check_test_util.h"
#include "checks/throughput.h"

namespace usbcheck::checks {
namespace {

using namespace std::chrono_literals;
using test::is;
using usb::Pattern;
using usb::TransferOutcome;

// A 1-second IN run of ten full 1024-byte mod63 transfers, clean.
usb::ThroughputResult clean_run() {
    usb::ThroughputResult r;
    r.plan.direction = usb::BulkDirection::in;
    r.plan.in_endpoint = 0x81;
    r.plan.in_max_packet = 512;
    r.plan.transfer_size = 1024;
    r.plan.queue = 4;
    r.plan.verify = Pattern::mod63;
    r.plan.duration = 1s;
    r.speed = usb::Speed::high;
    r.elapsed = 1s;
    usb::StreamAccount in(0x81, true, Pattern::mod63, 512, 1024, 0ns, 100ms);
    std::vector<uint8_t> data(1024);
    usb::PatternVerifier(Pattern::mod63, 512, 1024).fill(data, 0);
    for (int i = 0; i < 10; ++i) in.completed(TransferOutcome::completed, data, 1024, i * 100ms + 50ms);
    r.streams.push_back(in.stats());
    return r;
}

CheckResult result(const usb::ThroughputResult& r, std::string_view id, ThroughputCriteria criteria = {}) {
    for (auto& res : run_throughput_checks(r, criteria))
        if (res.def->id == id) return res;
    ADD_FAILURE() << "no check " << id;
    return {};
}

TEST(ThroughputChecks, TableIsListedAndEveryCheckRuns) {
    EXPECT_EQ(throughput_checks().size(), run_throughput_checks(clean_run(), {}).size());
    for (const auto& def : throughput_checks()) {
        EXPECT_EQ(def.family(), "throughput");
        EXPECT_EQ(def.fn, nullptr);
    }
}

TEST(ThroughputChecks, CleanRunPasses) {
    const auto r = clean_run();
    EXPECT_TRUE(is(result(r, "throughput.completed"), Status::pass));
    EXPECT_TRUE(is(result(r, "throughput.data-integrity"), Status::pass));
    EXPECT_TRUE(is(result(r, "throughput.transfer-errors"), Status::pass));
    EXPECT_TRUE(is(result(r, "throughput.short-packets"), Status::pass));
    EXPECT_TRUE(is(result(r, "throughput.min-rate"), Status::skip, "no --min-mbps"));
    EXPECT_TRUE(is(result(r, "throughput.min-rate", {0.0102}), Status::pass));  // 10240 bytes in 1 s
}

TEST(ThroughputChecks, CompletedFailsOnAnInterruptedOrDisconnectedRun) {
    auto r = clean_run();
    r.ending = usb::RunEnding::interrupted;
    r.ending_detail = "interrupted by a signal";
    r.elapsed = 400ms;
    EXPECT_TRUE(is(result(r, "throughput.completed"), Status::fail, "stopped after 0.4 s of 1.0 s (10240 bytes moved): interrupted"));
    r.ending = usb::RunEnding::disconnected;
    r.plan.bytes = 1 << 20;
    r.ending_detail = "the device disconnected";
    EXPECT_TRUE(is(result(r, "throughput.completed"), Status::fail, "of 1048576 bytes"));
}

TEST(ThroughputChecks, DataIntegrityFailsOnAMutatedByteWithItsOffset) {
    auto r = clean_run();
    usb::StreamAccount in(0x81, true, Pattern::mod63, 512, 1024, 0ns, 100ms);
    std::vector<uint8_t> data(1024);
    usb::PatternVerifier(Pattern::mod63, 512, 1024).fill(data, 0);
    in.completed(TransferOutcome::completed, data, 1024, 10ms);
    data[513] = 0x00;  // byte 1 of the second packet should be 0x01
    in.completed(TransferOutcome::completed, data, 1024, 20ms);
    r.streams = {in.stats()};
    EXPECT_TRUE(is(result(r, "throughput.data-integrity"), Status::fail,
                   "IN 0x81: 1 of 2 transfers differ from the mod63 pattern; first wrong byte at stream offset 1537 "
                   "(expected 0x01, got 0x00)"));
    r.plan.verify = Pattern::none;
    EXPECT_TRUE(is(result(r, "throughput.data-integrity"), Status::skip, "--verify none"));
    r.plan.verify = Pattern::mod63;
    r.streams[0].in = false;
    EXPECT_TRUE(is(result(r, "throughput.data-integrity"), Status::skip, "OUT-only"));
}

TEST(ThroughputChecks, TransferErrorsAndShortPackets) {
    auto r = clean_run();
    r.streams[0].stalls = 1;
    r.streams[0].timeouts = 2;
    EXPECT_TRUE(is(result(r, "throughput.transfer-errors"), Status::fail, "IN 0x81: 1 stalls, 2 timeouts"));
    r.streams[0].short_transfers = 3;
    EXPECT_TRUE(is(result(r, "throughput.short-packets"), Status::warn, "3 of 10 transfers ended early"));
}

TEST(ThroughputChecks, MinRateFailsBelowTheFloor) {
    EXPECT_TRUE(is(result(clean_run(), "throughput.min-rate", {40.0}), Status::fail,
                   "0.010 MB/s is below --min-mbps 40.000"));
}

}  // namespace
}  // namespace usbcheck::checks
