// The pure half of `usbcheck throughput`: patterns and their verifier, stream accounting, interval
// statistics (with exact times), ceilings, the sweep and the endpoint choice.
#include <gtest/gtest.h>

#include "test_util.h"
#include "usb/bulk_pattern.h"
#include "usb/throughput.h"

namespace usbcheck::usb {
namespace {

using namespace std::chrono_literals;
using test::hex;

std::vector<uint8_t> filled(Pattern p, size_t mps, size_t size, uint64_t offset = 0) {
    PatternVerifier v(p, mps, size);
    std::vector<uint8_t> buffer(size, 0xAA);
    v.fill(buffer, offset);
    return buffer;
}

TEST(BulkPattern, Mod63RestartsAtEveryMaxPacketBoundary) {
    const auto b = filled(Pattern::mod63, 512, 1024);
    EXPECT_EQ(b[0], 0);
    EXPECT_EQ(b[62], 62);
    EXPECT_EQ(b[63], 0);
    EXPECT_EQ(b[511], 511 % 63);
    EXPECT_EQ(b[512], 0);  // a new packet starts the sequence again
    EXPECT_EQ(b[512 + 64], 1);
}

TEST(BulkPattern, CounterIsTheLittleEndianWordNumberAtTheStreamOffset) {
    const auto b = filled(Pattern::counter, 512, 8, 4 * 0x01020304ull);
    EXPECT_EQ(b, hex("04 03 02 01 05 03 02 01"));
    // Unaligned start at byte 2 of word 1 (01 00 00 00), then word 2.
    EXPECT_EQ(filled(Pattern::counter, 512, 4, 6), hex("00 00 02 00"));
    EXPECT_EQ(filled(Pattern::zero, 64, 3), hex("00 00 00"));
}

TEST(BulkPattern, VerifierFindsTheFirstWrongByte) {
    PatternVerifier v(Pattern::mod63, 512, 4096);
    auto data = filled(Pattern::mod63, 512, 4096);
    EXPECT_FALSE(v.first_mismatch(data, 0));
    data[1000] ^= 0x40;  // a mutated byte must be caught, at its index
    data[3000] = 0;
    ASSERT_TRUE(v.first_mismatch(data, 0));
    EXPECT_EQ(*v.first_mismatch(data, 0), 1000u);
    // The sequence restarted per 64-byte packet does not pass as the 512-byte one.
    PatternVerifier full_speed(Pattern::mod63, 64, 4096);
    EXPECT_EQ(full_speed.first_mismatch(filled(Pattern::mod63, 512, 4096), 0), std::optional<size_t>(64));
    // Each part of the compare: the first 64-byte block, a later one, and the tail after the blocks.
    for (size_t at : {size_t{5}, size_t{70}, size_t{999}}) {
        auto short_data = filled(Pattern::mod63, 512, 1000);
        short_data[at] ^= 1;
        EXPECT_EQ(v.first_mismatch(short_data, 0), std::optional<size_t>(at));
    }
    PatternVerifier zero(Pattern::zero, 512, 16);
    EXPECT_EQ(zero.first_mismatch(hex("00 00 00 01"), 0), std::optional<size_t>(3));
    PatternVerifier none(Pattern::none, 512, 16);
    EXPECT_FALSE(none.first_mismatch(hex("ff ff"), 0));
}

TEST(BulkPattern, CounterCatchesARepeatedChunk) {
    PatternVerifier v(Pattern::counter, 512, 8);
    EXPECT_FALSE(v.first_mismatch(filled(Pattern::counter, 512, 8, 8), 8));
    // The chunk of offset 0 arriving again where offset 8 was due.
    EXPECT_EQ(v.first_mismatch(filled(Pattern::counter, 512, 8, 0), 8), std::optional<size_t>(0));
    // Longer than the verifier was sized for still works.
    EXPECT_FALSE(v.first_mismatch(filled(Pattern::counter, 512, 100, 4), 4));
}

TEST(BulkPattern, ParsesItsNames) {
    EXPECT_EQ(parse_pattern("mod63"), Pattern::mod63);
    EXPECT_EQ(parse_pattern("counter"), Pattern::counter);
    EXPECT_FALSE(parse_pattern("mod64"));
    EXPECT_EQ(to_string(Pattern::zero), "zero");
    EXPECT_EQ(parse_direction("loopback"), BulkDirection::loopback);
    EXPECT_FALSE(parse_direction("sideways"));
}

TEST(StreamAccount, CountsBytesShortTransfersErrorsAndTheFirstMismatchOffset) {
    StreamAccount in(0x81, true, Pattern::mod63, 512, 1024, 0ns, 100ms);
    auto good = filled(Pattern::mod63, 512, 1024);
    in.completed(TransferOutcome::completed, good, 1024, 10ms);
    auto bad = good;
    bad[700] = 0xEE;
    in.completed(TransferOutcome::completed, bad, 1024, 20ms);
    in.completed(TransferOutcome::completed, std::span(good).first(512), 1024, 150ms);  // short
    in.completed(TransferOutcome::stall, {}, 1024, 160ms);
    in.completed(TransferOutcome::cancelled, std::span(good).first(100), 1024, 170ms);
    const auto& s = in.stats();
    EXPECT_EQ(s.bytes, 1024u + 1024 + 512 + 100);
    EXPECT_EQ(s.transfers, 4u);  // the cancelled one carried data too
    EXPECT_EQ(s.short_transfers, 1u);
    EXPECT_EQ(s.mismatched_transfers, 1u);
    EXPECT_EQ(s.first_mismatch, std::optional<uint64_t>(1024 + 700));
    EXPECT_EQ(s.first_expected, (700 % 512) % 63);
    EXPECT_EQ(s.first_actual, 0xEE);
    EXPECT_EQ(s.stalls, 1u);
    EXPECT_EQ(s.series.buckets(), (std::vector<uint64_t>{2048, 612}));
}

TEST(StreamAccount, OutBuffersCarryTheCounterAtTheirStreamOffsets) {
    StreamAccount out(0x01, false, Pattern::counter, 512, 8, 0ns, 100ms);
    std::vector<uint8_t> a(8), b(8);
    out.fill_next_out(a);
    out.fill_next_out(b);
    EXPECT_EQ(a, hex("00 00 00 00 01 00 00 00"));
    EXPECT_EQ(b, hex("02 00 00 00 03 00 00 00"));
    out.completed(TransferOutcome::completed, a, 8, 1ms);
    EXPECT_EQ(out.stats().short_transfers, 0u);  // OUT transfers are never "short"
    EXPECT_EQ(out.stats().mismatched_transfers, 0u);  // what was sent is not compared
}

TEST(IntervalSeries, RatesPerCompleteIntervalWithExactTimes) {
    FakeClock clock;
    clock.set(5s);
    IntervalSeries s(clock.now(), 100ms);
    s.add(1'000'000, clock.now() + 50ms);   // interval 0: 1 MB in 0.1 s = 10 MB/s
    s.add(2'000'000, clock.now() + 150ms);  // interval 1: 20 MB/s
    // interval 2 empty (a stall): 0 MB/s
    s.add(4'000'000, clock.now() + 350ms);  // interval 3: 40 MB/s
    s.add(9'000'000, clock.now() + 420ms);  // interval 4 unfinished: not a rate
    s.finish(clock.now() + 410ms);
    EXPECT_EQ(s.complete(), 4u);
    const auto rates = interval_rates({&s});
    ASSERT_EQ(rates.size(), 4u);
    EXPECT_DOUBLE_EQ(rates[0], 10);
    EXPECT_DOUBLE_EQ(rates[2], 0);
    const auto summary = summarize_rates(rates);
    EXPECT_DOUBLE_EQ(summary.min, 0);
    EXPECT_DOUBLE_EQ(summary.median, 15);  // even count: mean of the middle two
    EXPECT_DOUBLE_EQ(summary.max, 40);
    // Two streams add up bucket by bucket.
    IntervalSeries t(clock.now(), 100ms);
    t.add(1'000'000, clock.now() + 10ms);
    t.finish(clock.now() + 200ms);
    EXPECT_EQ(interval_rates({&s, &t}), (std::vector<double>{20, 20}));
    EXPECT_EQ(summarize_rates({3, 1, 2}).median, 2);
}

TEST(Throughput, MegabytesAreDecimal) {
    EXPECT_DOUBLE_EQ(megabytes_per_second(53'248'000, 1s), 53.248);
    EXPECT_DOUBLE_EQ(megabytes_per_second(1, 0ns), 0);
}

TEST(Throughput, BatchWaitIsAQuarterOfTheQueuesDrainTimeCapped) {
    // Nothing moved yet (or nothing in flight): no rate to go by, so no wait.
    EXPECT_EQ(batch_wait(1 << 20, 0, 1s), 0ns);
    EXPECT_EQ(batch_wait(1 << 20, 1000, 0ns), 0ns);
    EXPECT_EQ(batch_wait(0, 1000, 1s), 0ns);
    // 256 KB in flight at 256 MB/s (256e6 bytes in 1 s) drain in 1 ms: wait a quarter of it.
    EXPECT_EQ(batch_wait(256'000, 256'000'000, 1s), 250us);
    // 4 MB in flight would take 16 ms: capped at 500 us.
    EXPECT_EQ(k_max_batch_wait, 500us);
    EXPECT_EQ(batch_wait(4'000'000, 256'000'000, 1s), k_max_batch_wait);
    // A full-speed device (1 MB/s) with one 512-byte transfer in flight: 128 us.
    EXPECT_EQ(batch_wait(512, 1'000'000, 1s), 128us);
}

TEST(Throughput, CeilingsPerSpeed) {
    EXPECT_DOUBLE_EQ(bulk_ceiling(Speed::high)->mbps, 53.248);
    EXPECT_DOUBLE_EQ(bulk_ceiling(Speed::full)->mbps, 1.216);
    EXPECT_NE(bulk_ceiling(Speed::super)->source.find("8b/10b"), std::string::npos);
    EXPECT_FALSE(bulk_ceiling(Speed::low));  // no bulk at low speed
    EXPECT_FALSE(bulk_ceiling(Speed::unknown));
}

TEST(Throughput, SweepKeepsWithinTheMemoryCapAndPicksTheSmallestNearTheTop) {
    const auto all = sweep_candidates(std::nullopt, std::nullopt, 1, 16u << 20, 512);
    ASSERT_FALSE(all.empty());
    for (const auto& p : all) EXPECT_LE(uint64_t{p.queue} * p.transfer_size, 8u << 20);
    const auto pinned = sweep_candidates(8, std::nullopt, 2, 16u << 20, 512);
    for (const auto& p : pinned) {
        EXPECT_EQ(p.queue, 8u);
        EXPECT_LE(uint64_t{p.queue} * p.transfer_size * 2, 8u << 20);
    }
    // A transfer size that is not a multiple of wMaxPacketSize is never tried.
    EXPECT_TRUE(sweep_candidates(4, 1000, 1, 0, 512).empty());
    // Within 3% of the top, the shortest transfers win, even with more of them in flight; a
    // shorter point further down does not.
    const std::vector<SweepPoint> points{{4, 1 << 20, 100, 1.0}, {16, 65536, 98, 1.5}, {2, 16384, 90, 0.5}};
    EXPECT_EQ(best_point(points).transfer_size, 65536u);
    EXPECT_EQ(best_point({{4, 1 << 20, 100, 2.0}, {16, 16384, 96, 0.1}}).queue, 4u);
    const SweepPoint shortest =
        best_point({{4, 65536, 100, 1.2}, {4, 16384, 97.5, 2.0}, {32, 16384, 98, 2.0}, {16, 16384, 99, 2.0}});
    EXPECT_EQ(shortest.transfer_size, 16384u);
    EXPECT_EQ(shortest.queue, 16u);  // then the fastest of those
    // The same transfers and rate: the cheaper in CPU per byte.
    EXPECT_EQ(best_point({{8, 16384, 100, 2.0}, {16, 16384, 100, 1.5}}).queue, 16u);
    EXPECT_EQ(best_point({}).queue, 0u);
}

// A fake trial runner: the rate and CPU of each point come from a table, one entry per call.
struct FakeTrials {
    std::vector<std::pair<double, double>> answers;  // mbps, cpu_ns_per_byte, in call order
    std::vector<ThroughputPlan> asked;
    RunEnding stop_at_call_ending = RunEnding::completed;
    size_t stop_at_call = SIZE_MAX;
    tl::expected<ThroughputResult, std::string> operator()(const ThroughputPlan& plan) {
        const size_t call = asked.size();
        asked.push_back(plan);
        ThroughputResult r;
        r.plan = plan;
        r.elapsed = 1s;
        const auto [mbps, cpu] = answers.at(call);
        StreamStats s;
        s.bytes = static_cast<uint64_t>(mbps * 1e6);
        r.streams.push_back(s);
        r.cpu_seconds = cpu * static_cast<double>(s.bytes) / 1e9;
        if (call == stop_at_call) r.ending = stop_at_call_ending;
        return r;
    }
};

TEST(ThroughputSweep, WarmsUpThenScoresEachPointByItsWorseRun) {
    ThroughputPlan plan;
    plan.duration = 5s;
    plan.bytes = 0;
    const std::vector<SweepPoint> points{{4, 16384}, {8, 65536}, {4, 262144}};
    FakeTrials fake;
    // warm-up, pass 1 (three points), pass 2 (three points)
    fake.answers = {{10, 9}, {100, 2.0}, {120, 1.0}, {121, 3.0}, {300, 2.0}, {118, 1.1}, {119, 2.5}};
    auto outcome = run_sweep(plan, points, 100ms, std::ref(fake));
    ASSERT_TRUE(outcome);
    ASSERT_EQ(fake.asked.size(), 7u);
    EXPECT_EQ(fake.asked[0].queue, 4u);  // the warm-up is the first point, and is discarded
    for (const auto& asked : fake.asked) EXPECT_EQ(asked.duration, 100ms);
    EXPECT_DOUBLE_EQ(outcome->points[0].mbps, 100);  // the lower of 100 and 300
    EXPECT_DOUBLE_EQ(outcome->points[0].cpu_ns_per_byte, 2.0);
    EXPECT_DOUBLE_EQ(outcome->points[2].cpu_ns_per_byte, 3.0);  // the higher of 3.0 and 2.5
    // 118 and 119 are within 3% of each other: the cheaper CPU per byte (1.1) wins.
    EXPECT_EQ(outcome->best.transfer_size, 65536u);
    EXPECT_FALSE(outcome->stopped);
}

TEST(ThroughputSweep, ATrialThatStopsIsTheMeasurement) {
    ThroughputPlan plan;
    FakeTrials fake;
    fake.answers = {{10, 1}, {100, 1}, {50, 1}};
    fake.stop_at_call = 2;  // the second point of pass 1 stalls
    fake.stop_at_call_ending = RunEnding::failed;
    auto outcome = run_sweep(plan, {{4, 16384}, {8, 65536}}, 100ms, std::ref(fake));
    ASSERT_TRUE(outcome);
    ASSERT_TRUE(outcome->stopped);
    EXPECT_TRUE(outcome->stopped->in_sweep);
    EXPECT_EQ(outcome->stopped->plan.queue, 8u);
    ASSERT_EQ(outcome->points.size(), 1u);  // only the point scored before it
    EXPECT_DOUBLE_EQ(outcome->points[0].mbps, 100);
    EXPECT_FALSE(run_sweep(plan, {}, 100ms, std::ref(fake)));
}

TEST(ThroughputPlan, ChoosesTheFirstInterfaceWithTheBulkEndpointsNeeded) {
    test::FakeDevice d;
    d.device = "12 01 00 02 00 00 00 40 09 12 03 00 01 01 00 00 00 01";
    // Interface 0: interrupt IN only. Interface 1: bulk 0x81 / 0x02 (512).
    d.configs = {"09 02 30 00 02 01 00 80 32"
                 " 09 04 00 00 01 ff 00 00 00 07 05 83 03 08 00 01"
                 " 09 04 01 00 02 ff 00 00 00 07 05 81 02 00 02 00 07 05 02 02 00 02 00"};
    const auto set = test::probe_fake(d);
    ThroughputPlan plan;
    ASSERT_TRUE(choose_endpoints(set, {BulkDirection::loopback, std::nullopt, std::nullopt, std::nullopt}, plan));
    EXPECT_EQ(plan.interface_number, 1);
    EXPECT_EQ(plan.in_endpoint, 0x81);
    EXPECT_EQ(plan.out_endpoint, 0x02);
    EXPECT_EQ(plan.in_max_packet, 512);
    ThroughputPlan in_only;
    ASSERT_TRUE(choose_endpoints(set, {BulkDirection::in, std::nullopt, std::nullopt, std::nullopt}, in_only));
    EXPECT_EQ(in_only.out_endpoint, 0);
    const auto wrong = choose_endpoints(set, {BulkDirection::in, uint8_t{0}, std::nullopt, std::nullopt}, plan);
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error(), "interface 0 alt 0 has no bulk IN endpoint; its endpoints: 0x83 interrupt");
    const auto no_ep = choose_endpoints(set, {BulkDirection::in, std::nullopt, uint8_t{0x85}, std::nullopt}, plan);
    ASSERT_FALSE(no_ep);
    EXPECT_NE(no_ep.error().find("--direction in"), std::string::npos);
    EXPECT_FALSE(choose_endpoints(set, {BulkDirection::in, uint8_t{7}, std::nullopt, std::nullopt}, plan));
}

}  // namespace
}  // namespace usbcheck::usb
