"""Tests of bench/throughput_benchmark.py on made-up results: the ratios, the targets and the
dummy_hcd frame-timer figures read from an ftrace."""

import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench"))
import throughput_benchmark as tb  # noqa: E402


def trace_line(comm, flags, t, event, rest):
    return f"{comm:>16}-1     [000] {flags}  {t:.6f}: {event}: hrtimer=(____ptrval____){rest}\n"


def pass_lines(start, armed_after, duration):
    dummy = " function=dummy_timer [dummy_hcd]"
    return [
        trace_line("<idle>-0", "..s1.", start, "hrtimer_expire_entry", dummy + " now=1"),
        # A hard-irq timer expiring during the pass: its exit is not the pass's end.
        trace_line("<idle>-0", "d.h..", start + 0.000002, "hrtimer_expire_exit", ""),
        trace_line("tool-7", "d..3.", start + armed_after, "hrtimer_start", dummy + " mode=REL|SOFT"),
        trace_line("<idle>-0", "..s1.", start + duration, "hrtimer_expire_exit", ""),
    ]


def measurement(mbps, queue=8, size=16384, verify="mod63", cpu_s=1.0, seconds=2.0):
    return {"devices": [{"measurements": {"throughput": {
        "ending": "completed", "mbps": mbps, "queue": queue, "transfer_size": size, "verify": verify,
        "cpu_s": cpu_s, "bytes": int(mbps * 1e6 * seconds)}}}]}


class FrameTiming(unittest.TestCase):
    def test_periods_arming_and_pass_length(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "t.trace")
            with open(path, "w") as f:
                for k in range(4):
                    f.writelines(pass_lines(1.0 + k * 0.000200, 0.000005, 0.000020))
                # A pause of the bus (10 ms) is not a period.
                f.writelines(pass_lines(1.0 + 0.010800, 0.000005, 0.000020))
            t = tb.frame_timing(path)
        self.assertEqual(t["passes"], 5)
        self.assertAlmostEqual(t["period"], 200, places=3)
        self.assertAlmostEqual(t["armed"], 5, places=3)
        self.assertAlmostEqual(t["pass"], 20, places=3)

    def test_no_trace(self):
        self.assertIsNone(tb.frame_timing("/nonexistent/bm-trace-testusb.trace"))


class Evaluate(unittest.TestCase):
    def write(self, d, name, content):
        with open(os.path.join(d, name), "w") as f:
            f.write(content if isinstance(content, str) else json.dumps(content))

    def results(self, d, default, sync, testusb_secs, none, mod63):
        self.write(d, "bm-grid-q16-s65536.json", measurement(200, 16, 65536))
        self.write(d, "bm-grid-q8-s16384.json", measurement(100))
        self.write(d, "bm-testusb-params.txt", "100 8 16384\n")
        for r in (1, 2, 3):
            self.write(d, f"bm-default-{r}.json", measurement(default))
            self.write(d, f"bm-best-{r}.json", measurement(200, 16, 65536))
            self.write(d, f"bm-sync-{r}.txt", f"sync: 1 bytes in 2 s = {sync} MB/s\n")
            self.write(d, f"bm-testusb-{r}.txt", f"/dev/bus/usb/001/002 test 28,    {testusb_secs} secs\n")
            self.write(d, f"bm-none-{r}.json", measurement(none, verify="none", cpu_s=0.5))
            self.write(d, f"bm-mod63-{r}.json", measurement(mod63, cpu_s=1.0))

    def test_ratios_and_targets(self):
        with tempfile.TemporaryDirectory() as d:
            # testusb: 100 x 8 x 16384 bytes in 0.065536 s = 200 MB/s.
            self.results(d, default=196, sync=90, testusb_secs=0.065536, none=200, mod63=196)
            lines, ratios, failures = tb.evaluate(d)
        self.assertAlmostEqual(ratios["default/best"], 0.98)
        self.assertAlmostEqual(ratios["usbcheck/sync"], 196 / 90)
        self.assertAlmostEqual(ratios["usbcheck/testusb"], 0.98)
        self.assertAlmostEqual(ratios["verify-cost"], 2.0)
        self.assertEqual(failures, ["usbcheck/testusb is 0.980, target >= 1.0"])
        self.assertIn("usbcheck CPU per byte, verify none / mod63: 1.25 / 2.55 ns (medians)", lines)
        self.assertIn("dummy_hcd frame timer under testusb: not traced", lines)
        self.assertIn("testusb with a busy loop beside it: not measured", lines)
        self.assertEqual(tb.final_line(ratios), "throughput-benchmark: default/best=0.98 usbcheck/sync=2.18 "
                                                "usbcheck/testusb=0.98 verify-cost=2.0%")

    def test_verification_faster_than_none_costs_nothing(self):
        with tempfile.TemporaryDirectory() as d:
            self.results(d, default=200, sync=50, testusb_secs=0.0702, none=190, mod63=200)
            _, ratios, failures = tb.evaluate(d)
        self.assertEqual(ratios["verify-cost"], 0.0)
        self.assertEqual(failures, [])

    def test_testusb_beside_a_busy_loop(self):
        with tempfile.TemporaryDirectory() as d:
            self.results(d, default=196, sync=90, testusb_secs=0.065536, none=200, mod63=196)
            self.write(d, "bm-busy-testusb-1.txt", "/dev/bus/usb/001/002 test 28,    0.0524288 secs\n")
            lines, _, _ = tb.evaluate(d)
        self.assertIn("testusb with a busy loop beside it: 250.0 MB/s (alone: median 200.0)", lines)

    def test_missing_results(self):
        with tempfile.TemporaryDirectory() as d:
            with self.assertRaises(tb.Missing):
                tb.evaluate(d)


if __name__ == "__main__":
    unittest.main()
