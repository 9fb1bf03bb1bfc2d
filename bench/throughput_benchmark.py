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


def rates(d, prefix):
    out = [report_rate(p)["mbps"] for p in sorted(glob.glob(os.path.join(d, f"{prefix}-[0-9].json")))]
    if not out:
        raise Missing(f"no {prefix}-N.json")
    return out


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
    testusb = text_rates(d, "bm-testusb", r"test 28,\s*([0-9.]+) secs",
                         lambda m: iterations * tq * ts / 1e6 / float(m.group(1)))
    none = rates(d, "bm-none")
    mod63 = rates(d, "bm-mod63")
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
