#!/usr/bin/python3
"""The throughput benchmark's figures, from one guest run of bench/scenarios/throughput-benchmark.

  bench/throughput_benchmark.py DIR      (DIR = build/bench-out/throughput-benchmark)

Prints each peer's rates (decimal MB/s, medians of 3 rounds), whether each target holds, and ends
with one line:
  throughput-benchmark: default/best=R1 usbcheck/sync=R2 usbcheck/testusb=R3 verify-cost=P%
Exit status 0 when every target holds, 1 when one does not, 2 when results are missing.

Targets (issue 5): R1 >= 0.95, R2 >= 2, R3 >= 1, P < 10. dummy_hcd is CPU-bound and faster than a
real bus, so only these ratios mean anything, never the MB/s themselves.
"""

import glob
import json
import os
import re
import statistics
import sys

TARGETS = [("default/best", ">=", 0.95), ("usbcheck/sync", ">=", 2.0), ("usbcheck/testusb", ">=", 1.0),
           ("verify-cost", "<", 10.0)]


class Missing(Exception):
    pass


def report_rate(path):
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        m = data["devices"][0]["measurements"]["throughput"]
    except (OSError, ValueError, KeyError, IndexError) as e:
        raise Missing(f"{os.path.basename(path)}: {e}")
    if m.get("ending") != "completed":
        raise Missing(f"{os.path.basename(path)}: the run ended {m.get('ending')}: {m.get('ending_detail')}")
    return m


def measurements(d, prefix):
    """The throughput measurements of the rounds' reports PREFIX-N.json."""
    out = [report_rate(p) for p in sorted(glob.glob(os.path.join(d, f"{prefix}-[0-9].json")))]
    if not out:
        raise Missing(f"no {prefix}-N.json")
    return out


def rates(d, prefix):
    return [m["mbps"] for m in measurements(d, prefix)]


def text_rates(d, prefix, pattern, convert):
    out = []
    for p in sorted(glob.glob(os.path.join(d, f"{prefix}-[0-9].txt"))):
        with open(p, encoding="utf-8", errors="replace") as f:
            m = re.search(pattern, f.read())
        if not m:
            raise Missing(f"{os.path.basename(p)}: no result line")
        out.append(convert(m))
    if not out:
        raise Missing(f"no {prefix}-N.txt")
    return out


TRACE_LINE = re.compile(r"\s*\S+\s+\[\d+\]\s+(\S+)\s+([\d.]+):\s+(\w+):(.*)")


def frame_timing(path):
    """dummy_hcd's timer passes in an ftrace of timer events (hrtimer_start, hrtimer_expire_entry
    and _exit; the scenario keeps the dummy_timer lines and every exit). Returns None without a
    trace, else the number of passes, the median period between passes, the median time from a
    pass's start to the arming of the next one, and the median pass duration, in microseconds."""
    try:
        f = open(path, encoding="utf-8", errors="replace")
    except OSError:
        return None
    starts, armed_at, durations = [], [], []
    current = None  # start of the pass in progress
    armed = False   # whether the pass in progress has armed the next one
    with f:
        for line in f:
            m = TRACE_LINE.match(line)
            if not m:
                continue
            flags, t, event, rest = m.group(1), float(m.group(2)), m.group(3), m.group(4)
            if event == "hrtimer_expire_entry" and "function=dummy_timer" in rest:
                current, armed = t, False
                starts.append(t)
            elif event == "hrtimer_start" and "function=dummy_timer" in rest and current is not None and not armed:
                armed_at.append(t - current)
                armed = True
            elif event == "hrtimer_expire_exit" and "s" in flags and current is not None:
                # dummy_timer is a soft hrtimer: its exit is the next one logged in softirq context.
                durations.append(t - current)
                current = None
    periods = [b - a for a, b in zip(starts, starts[1:]) if b - a < 0.002]  # longer gaps: idle bus
    if not periods or not armed_at or not durations:
        return None
    us = lambda xs: statistics.median(xs) * 1e6
    return {"passes": len(starts), "period": us(periods), "armed": us(armed_at), "pass": us(durations)}


def cpu_per_byte(reports):
    return statistics.median(r["cpu_s"] * 1e9 / r["bytes"] for r in reports if r["bytes"])


def evaluate(d):
    """Returns (lines, ratios, failures)."""
    lines = []
    grid = []
    for p in glob.glob(os.path.join(d, "bm-grid-*.json")):
        m = report_rate(p)
        grid.append((m["mbps"], m["queue"], m["transfer_size"]))
    if not grid:
        raise Missing("no sweep results (bm-grid-*.json)")
    grid.sort(reverse=True)
    first_best, bq, bs = grid[0]
    default = rates(d, "bm-default")
    best = rates(d, "bm-best")
    chosen = report_rate(os.path.join(d, "bm-default-1.json"))
    sync = text_rates(d, "bm-sync", r"= ([0-9.]+) MB/s", lambda m: float(m.group(1)))
    with open(os.path.join(d, "bm-testusb-params.txt"), encoding="utf-8") as f:
        iterations, tq, ts = (int(x) for x in f.read().split())
    testusb_rate = lambda m: iterations * tq * ts / 1e6 / float(m.group(1))
    testusb = text_rates(d, "bm-testusb", r"test 28,\s*([0-9.]+) secs", testusb_rate)
    none_reports = measurements(d, "bm-none")
    mod63_reports = measurements(d, "bm-mod63")
    none = [r["mbps"] for r in none_reports]
    mod63 = [r["mbps"] for r in mod63_reports]
    med = statistics.median
    ratios = {
        "default/best": med(default) / med(best),
        "usbcheck/sync": med(default) / med(sync),
        "usbcheck/testusb": med(default) / med(testusb),
        "verify-cost": max(0.0, (1 - med(mod63) / med(none)) * 100),
    }
    fmt = lambda xs: ", ".join(f"{x:.1f}" for x in xs)
    lines.append(f"sweep: {len(grid)} points; best queue {bq} x {bs} bytes, {first_best:.1f} MB/s on its first run")
    lines.append(f"usbcheck defaults (queue {chosen['queue']} x {chosen['transfer_size']} bytes, verify "
                 f"{chosen['verify']}): {fmt(default)} MB/s")
    lines.append(f"sweep winner re-measured: {fmt(best)} MB/s")
    lines.append(f"sync libusb loop ({chosen['transfer_size']} bytes): {fmt(sync)} MB/s")
    lines.append(f"testusb test 28 (queue {tq} x {ts} bytes, {iterations} iterations): {fmt(testusb)} MB/s")
    lines.append(f"verify none / mod63: {fmt(none)} / {fmt(mod63)} MB/s")
    lines.append(f"usbcheck CPU per byte, verify none / mod63: {cpu_per_byte(none_reports):.2f} / "
                 f"{cpu_per_byte(mod63_reports):.2f} ns (medians)")
    try:
        busy = text_rates(d, "bm-busy-testusb", r"test 28,\s*([0-9.]+) secs", testusb_rate)
        lines.append(f"testusb with a busy loop beside it: {fmt(busy)} MB/s (alone: median {med(testusb):.1f})")
    except Missing:
        lines.append("testusb with a busy loop beside it: not measured")
    timings = {tool: frame_timing(os.path.join(d, f"bm-trace-{tool}.trace")) for tool in ("testusb", "usbcheck")}
    for tool, t in timings.items():
        if t is None:
            lines.append(f"dummy_hcd frame timer under {tool}: not traced")
        else:
            lines.append(f"dummy_hcd frame timer under {tool}: a pass every {t['period']:.0f} us, the next armed "
                         f"{t['armed']:.0f} us into each pass of {t['pass']:.0f} us ({t['passes']} passes traced)")
    failures = []
    for name, op, limit in TARGETS:
        value = ratios[name]
        ok = value >= limit if op == ">=" else value < limit
        lines.append(f"target {name} {op} {limit}: {value:.3f} {'met' if ok else 'NOT MET'}")
        if not ok:
            failures.append(f"{name} is {value:.3f}, target {op} {limit}")
    return lines, ratios, failures


def final_line(r):
    return (f"throughput-benchmark: default/best={r['default/best']:.2f} usbcheck/sync={r['usbcheck/sync']:.2f} "
            f"usbcheck/testusb={r['usbcheck/testusb']:.2f} verify-cost={r['verify-cost']:.1f}%")


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    try:
        lines, ratios, failures = evaluate(sys.argv[1])
    except (Missing, OSError, ValueError) as e:
        print(f"throughput-benchmark: results missing or incomplete: {e}")
        return 2
    for line in lines:
        print(line)
    print(final_line(ratios))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
