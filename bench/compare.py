#!/usr/bin/python3
"""Checks one bench scenario's results (DIR/SCENARIO) against its expect.json.

Prints one line per expectation, "PASS <scenario>: <what>" or "FAIL <scenario>: <what>: <why>",
and exits 0 only when every expectation held. Standard library only, plus Debian's
python3-jsonschema for the schema expectations and xmllint (libxml2-utils) for JUnit files.

expect.json keys (each optional; the guest-ran expectation is always checked):
  exit         {"STEP": CODE}: STEP.rc written by the guest's `step` helper
  stderr       {"STEP": ["TEXT", ...]}: STEP.err is one line containing every TEXT
  stdout       {"STEP": ["TEXT", ...]}: STEP.txt contains every TEXT
  sysfs        {"BUSPORT": {"ATTR": "VALUE"}}: sysfs-BUSPORT.txt, what the guest kernel saw
  files        {"NAME": "TEXT"}: the file's stripped content
  scan         {"file": F, "devices": [IDENTITY + optional "checks"/"summary" as in reports]}:
               each device listed in the scan JSON, with its verdicts
  reports      {"FILE": {"device": IDENTITY, "checks": {"ID": "STATUS" or ["STATUS", ...]}, "error": BOOL,
                         "summary": {"fail": N, ...}, "device_count": N,
                         "measurements": {"PATH": VALUE | {"min": X, "max": Y}}}}: usbcheck report JSON;
               PATH is dotted into devices[0].measurements ("throughput.streams.0.bytes")
  schemas      {"FILE": "REPO-RELATIVE SCHEMA"}: JSON Schema validation
  junit        ["FILE", ...]: xmllint --schema tests/schemas/junit-ant.xsd
  benchmark    "throughput": every figure of bench/throughput_benchmark.py is there; its ratios and
               targets are printed as INFO lines (TCG timing is too noisy to gate on; the standalone
               bench/throughput-benchmark exits 1 when a target is missed)
  junit_errors {"FILE": N}: at least N <error> elements in the JUnit file
  replay_identical  ["LIVE.json", "REPLAY.json"]: same identity (but source) and checks arrays
  same_files   [["A", "B"], ...]: both written, not empty, byte for byte equal (e.g. power
               settings saved before and after a run)
  json_values  {"FILE": {"DOTTED.PATH": VALUE}}: the value at the path (list indexes as numbers)
               equals VALUE; "<number>" accepts any number, {"min": X, "max": Y} a range
  describe     [{"file": F, "device": {"FIELD": N}, "hid_interfaces": N,
                 "hid_report_descriptor_length": N, "hid_report_lengths": [N],
                 "config_bmAttributes": N, "msos": {"vendor_code", "compat_id", "sub_compat_id",
                 "property"}, "same_as": "OTHER.json"}]
IDENTITY: {"vid": "0x1209", "pid": "0x0001", "product": "...", "manufacturer": "...",
           "serial": "...", "speed": "high"}
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys


class Checker:
    def __init__(self, scenario, sdir, repo):
        self.scenario = scenario
        self.sdir = sdir
        self.repo = repo
        self.passed = 0
        self.failed = 0
        self.lines = []

    def result(self, ok, what, why=""):
        if ok:
            self.passed += 1
            line = f"PASS {self.scenario}: {what}"
        else:
            self.failed += 1
            line = f"FAIL {self.scenario}: {what}: {why}"
        print(line, flush=True)

    def path(self, name):
        return os.path.join(self.sdir, name)

    def read_text(self, name):
        try:
            with open(self.path(name), encoding="utf-8", errors="replace") as f:
                return f.read()
        except OSError:
            return None

    def load_json(self, name):
        """(data, None) or (None, reason)."""
        text = self.read_text(name)
        if text is None:
            return None, f"{name} was not written{self.step_hint(name)}"
        try:
            return json.loads(text), None
        except ValueError as e:
            return None, f"{name} is not JSON ({e})"

    def step_hint(self, name):
        """Why a step's output may be missing: its exit code and first stderr line."""
        step = name.rsplit(".", 1)[0]
        rc = self.read_text(step + ".rc")
        if rc is None:
            return ""
        err = (self.read_text(step + ".err") or "").strip().splitlines()
        return f" (`{step}` exited {rc.strip()}" + (f": {err[0]}" if err else "") + ")"


# ---- identity matching, tolerant of how a JSON writer names and spells the fields ----

ALIASES = {
    "vid": ["vid", "idvendor", "vendorid", "vendor"],
    "pid": ["pid", "idproduct", "productid"],
    "bcdDevice": ["bcddevice"],
    "product": ["product", "productname", "productstring", "iproduct"],
    "manufacturer": ["manufacturer", "manufacturername", "manufacturerstring", "imanufacturer"],
    "serial": ["serial", "serialnumber", "iserialnumber"],
    "speed": ["speed"],
    "path": ["path", "port", "busport", "location", "sysfsname", "name"],
}
SPEEDS = {"1.5": "low", "12": "full", "480": "high", "5000": "super", "10000": "super-plus",
          "20000": "super-plus", "low": "low", "full": "full", "high": "high", "super": "super",
          "super-plus": "super-plus", "superplus": "super-plus"}


def norm_key(k):
    return re.sub(r"[^a-z0-9]", "", str(k).lower())


def norm_hex(v):
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v
    if isinstance(v, str):
        s = v.strip().lower()
        try:
            return int(s, 16)
        except ValueError:
            return None
    return None


def norm_speed(v):
    s = str(v).strip().lower()
    s = re.sub(r"[- _]?(speed|mbps|mb/s|m)$", "", s)
    return SPEEDS.get(s, s)


def values_match(field, expected, actual):
    if field in ("vid", "pid", "bcdDevice"):
        return norm_hex(expected) is not None and norm_hex(expected) == norm_hex(actual)
    if field == "speed":
        return norm_speed(expected) == norm_speed(actual)
    return str(expected) == str(actual)


def flat_fields(obj):
    """A dict's scalar fields plus those of the dicts directly inside it (e.g. "identity"),
    keyed by normalised name. A descriptor field {"value": V} counts as V."""
    out = {}
    for k, v in obj.items():
        if isinstance(v, dict):
            if "value" in v and not isinstance(v["value"], (dict, list)):
                out.setdefault(norm_key(k), v["value"])
                continue
            for k2, v2 in v.items():
                if not isinstance(v2, (dict, list)):
                    out.setdefault(norm_key(k2), v2)
                elif isinstance(v2, dict) and "value" in v2 and not isinstance(v2["value"], (dict, list)):
                    out.setdefault(norm_key(k2), v2["value"])
        elif not isinstance(v, list):
            out[norm_key(k)] = v
    return out


def identity_diff(expected, obj):
    """[] when obj matches every expected field, else the mismatches as text."""
    fields = flat_fields(obj)
    problems = []
    for field, want in expected.items():
        got = None
        found = False
        for alias in ALIASES.get(field, [norm_key(field)]):
            if alias in fields:
                got, found = fields[alias], True
                if values_match(field, want, got):
                    break
        if not found:
            problems.append(f"no {field}")
        elif not values_match(field, want, got):
            problems.append(f"{field} {got!r}, expected {want!r}")
    return problems


def nodes(obj):
    """Every value in a JSON tree, the tree itself first (pre-order)."""
    yield obj
    children = obj.values() if isinstance(obj, dict) else obj if isinstance(obj, list) else ()
    for v in children:
        yield from nodes(v)


def all_dicts(obj):
    return (n for n in nodes(obj) if isinstance(n, dict))


def find_device(data, expected):
    """The dict in data that best matches the identity: (dict, []) or (None, problems of the
    closest candidate that had the vid/pid)."""
    key = {k: expected[k] for k in ("vid", "pid", "path") if k in expected}
    best = None
    for d in all_dicts(data):
        if identity_diff(key, d):
            continue
        problems = identity_diff(expected, d)
        if not problems:
            return d, []
        if best is None or len(problems) < len(best):
            best = problems
    return None, best


def describe_identity(expected):
    parts = []
    if "vid" in expected or "pid" in expected:
        parts.append(f"{str(expected.get('vid', '?')).replace('0x', '')}:{str(expected.get('pid', '?')).replace('0x', '')}")
    for k in ("path", "product", "manufacturer", "serial", "speed"):
        if k in expected:
            parts.append(f"{k} {expected[k]!r}")
    return " ".join(parts)


# ---- the expectations ----

def check_guest(c):
    host, err = c.load_json("host.json")
    if host is None:
        c.result(False, "guest ran to completion", err)
        return
    console = c.read_text("console.log") or ""
    status = (c.read_text("guest-status") or "").strip()
    secs = host.get("wall_ms", 0) / 1000
    if host.get("timed_out"):
        c.result(False, "guest ran to completion", f"killed by the host after {host.get('timeout_s')} s")
    elif "BENCH-GUEST-UP" not in console:
        c.result(False, "guest ran to completion", f"/init never started (qemu exit {host.get('qemu_exit')})")
    elif "BENCH-GUEST-ERROR" in console:
        line = next(l for l in console.splitlines() if "BENCH-GUEST-ERROR" in l)
        c.result(False, "guest ran to completion", line.strip())
    elif status != "0":
        c.result(False, "guest ran to completion",
                 f"scenario script status {status or 'missing'} (124: the guest's 150 s limit)")
    else:
        c.result(True, f"guest ran to completion ({secs:.1f} s)")
    errors = c.read_text("guest-errors.txt")
    if status == "":
        c.result(False, "gadget/device setup without errors", "the scenario did not finish")
    else:
        c.result(not errors, "gadget/device setup without errors",
                 "; ".join((errors or "").strip().splitlines()))


def check_exit(c, steps):
    for step, want in steps.items():
        allowed = [str(w) for w in (want if isinstance(want, list) else [want])]
        rc = c.read_text(step + ".rc")
        what = f"`{step}` exits {' or '.join(allowed)}"
        if rc is None:
            c.result(False, what, "it did not run")
            continue
        got = rc.strip()
        if got in allowed:
            c.result(True, what)
        else:
            err = (c.read_text(step + ".err") or "").strip().splitlines()
            c.result(False, what, f"exit {got}" + (f" ({err[0]})" if err else ""))


def check_stderr(c, spec):
    """A step's stderr: exactly one line, containing every expected text."""
    for step, texts in spec.items():
        err = c.read_text(step + ".err")
        if err is None:
            c.result(False, f"`{step}` stderr", "it did not run")
            continue
        lines = err.strip().splitlines()
        c.result(len(lines) == 1, f"`{step}` prints one error line", f"{len(lines)} lines: {lines[:3]}")
        for text in texts:
            c.result(text in err, f"`{step}` stderr names {text!r}", err.strip()[:300])


def check_stdout(c, spec):
    """A step's stdout contains every expected text."""
    for step, texts in spec.items():
        out = c.read_text(step + ".txt")
        for text in texts:
            c.result(out is not None and text in out, f"`{step}` output has {text!r}",
                     "it did not run" if out is None else out.strip()[:300])


def check_sysfs(c, ports):
    for port, attrs in ports.items():
        text = c.read_text(f"sysfs-{port}.txt")
        what = f"guest kernel enumerated {port} as " + " ".join(f"{k}={v}" for k, v in attrs.items())
        if text is None:
            c.result(False, what, f"no sysfs-{port}.txt (device not enumerated)")
            continue
        seen = dict(l.split("=", 1) for l in text.splitlines() if "=" in l)
        bad = [f"{k}={seen.get(k)!r}" for k, v in attrs.items() if seen.get(k) != str(v)]
        c.result(not bad, what, "got " + ", ".join(bad))


def check_files(c, files):
    for name, want in files.items():
        got = c.read_text(name)
        what = f"{name} says {want!r}"
        if got is None:
            c.result(False, what, "not written")
        else:
            c.result(got.strip() == want, what, f"it says {got.strip()!r}")


def check_scan(c, spec):
    name = spec.get("file", "scan.json")
    data, err = c.load_json(name)
    for dev in spec.get("devices", []):
        if data is None:
            what = f"{name} lists {describe_identity(dev)}"
            c.result(False, what, err)
            continue
        ident = {k: v for k, v in dev.items() if k not in ("checks", "summary")}
        what = f"{name} lists {describe_identity(ident)}"
        found, problems = find_device(data, ident)
        if found is not None:
            c.result(True, what)
            check_verdicts(c, f"{name} {describe_identity({k: ident[k] for k in ('vid', 'pid', 'path') if k in ident})}",
                           found, dev)
        elif problems:
            c.result(False, what, "the device is listed with " + "; ".join(problems))
        else:
            c.result(False, what, "no such device in the list")


def check_verdicts(c, name, dev, spec):
    """spec["checks"] {"ID": "STATUS"} and spec["summary"] {"fail": N} against a report device."""
    by_id = {ch.get("id"): ch for ch in dev.get("checks", []) if isinstance(ch, dict)}
    for cid, want in spec.get("checks", {}).items():
        ch = by_id.get(cid)
        allowed = want if isinstance(want, list) else [want]
        want = " or ".join(allowed)
        if ch is None:
            c.result(False, f"{name}: {cid} is {want}", "no such check in the report")
        else:
            c.result(ch.get("status") in allowed, f"{name}: {cid} is {want}",
                     f"it is {ch.get('status')}" + (f" ({ch.get('message')})" if ch.get("message") else ""))
    for key, want in spec.get("summary", {}).items():
        got = dev.get("summary", {}).get(key) if isinstance(dev.get("summary"), dict) else None
        c.result(got == want, f"{name}: {want} {key} check(s)", f"{got} {key}: " + ", ".join(
            f"{ch.get('id')} ({ch.get('message')})" for ch in by_id.values() if ch.get("status") == key)[:300])


def check_measurements(c, name, dev, spec):
    """spec {"PATH": WANT} against devices[0].measurements (see judge_value)."""
    for path, want in spec.items():
        judge_value(c, f"{name}: measurements.{path}", dev.get("measurements", {}), path, want)


def check_reports(c, reports):
    for name, spec in reports.items():
        data, err = c.load_json(name)
        devices = data.get("devices") if isinstance(data, dict) else None
        if data is None or not isinstance(devices, list) or not devices:
            c.result(False, f"{name} is a report with a device", err or "no devices[]")
            for cid in spec.get("checks", {}):
                c.result(False, f"{name}: {cid} is {spec['checks'][cid]}", "no report")
            continue
        if "device_count" in spec:
            c.result(len(devices) == spec["device_count"], f"{name} has {spec['device_count']} device(s)",
                     f"it has {len(devices)}")
        dev = devices[0]
        if "device" in spec:
            problems = identity_diff(spec["device"], dev.get("identity", {}))
            c.result(not problems, f"{name} identity: {describe_identity(spec['device'])}", "; ".join(problems))
        check_verdicts(c, name, dev, spec)
        check_measurements(c, name, dev, spec.get("measurements", {}))
        if "error" in spec:
            error = dev.get("error")
            if spec["error"]:
                c.result(isinstance(error, str) and error != "", f"{name}: the device has an error (run stopped early)",
                         "no \"error\" on the device")
            else:
                c.result(error is None, f"{name}: the device has no error", f"error {error!r}")


def check_schemas(c, schemas):
    try:
        import jsonschema
    except ImportError:
        jsonschema = None
    for name, schema_rel in schemas.items():
        what = f"{name} validates against {schema_rel}"
        if jsonschema is None:
            c.result(False, what, "python3-jsonschema is not installed (apt-get install python3-jsonschema)")
            continue
        data, err = c.load_json(name)
        if data is None:
            c.result(False, what, err)
            continue
        try:
            with open(os.path.join(c.repo, schema_rel), encoding="utf-8") as f:
                schema = json.load(f)
        except (OSError, ValueError) as e:
            c.result(False, what, f"cannot read the schema: {e}")
            continue
        cls = jsonschema.validators.validator_for(schema)
        errors = sorted(cls(schema).iter_errors(data), key=lambda e: list(e.absolute_path))
        if errors:
            e = errors[0]
            where = "/".join(str(p) for p in e.absolute_path) or "(root)"
            c.result(False, what, f"{len(errors)} error(s), first at {where}: {e.message[:200]}")
        else:
            c.result(True, what)


def check_benchmark(c, kind):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import throughput_benchmark as tb
    try:
        lines, ratios, _ = tb.evaluate(c.sdir)
    except (tb.Missing, OSError, ValueError) as e:
        c.result(False, f"{kind} benchmark figures complete", str(e))
        return
    c.result(True, f"{kind} benchmark figures complete")
    for line in lines + [tb.final_line(ratios)]:
        print(f"INFO {c.scenario}: {line}")


def check_junit(c, files):
    xsd = os.path.join(c.repo, "tests/schemas/junit-ant.xsd")
    for name in files:
        what = f"{name} validates against tests/schemas/junit-ant.xsd"
        if not os.path.exists(c.path(name)):
            c.result(False, what, f"{name} was not written{c.step_hint(name)}")
            continue
        if shutil.which("xmllint") is None:
            c.result(False, what, "xmllint is not installed (apt-get install libxml2-utils)")
            continue
        p = subprocess.run(["xmllint", "--noout", "--schema", xsd, c.path(name)],
                           capture_output=True, text=True)
        c.result(p.returncode == 0, what, " ".join(p.stderr.strip().splitlines()[:2])[:300])


def check_junit_errors(c, files):
    """{"FILE": N}: the JUnit file has at least N <error> elements (a device lost is one)."""
    import xml.etree.ElementTree as ET
    for name, want in files.items():
        what = f"{name} reports at least {want} <error> (device lost)"
        try:
            root = ET.parse(c.path(name)).getroot()
        except (OSError, ET.ParseError) as e:
            c.result(False, what, f"cannot parse {name}: {e}")
            continue
        errors = root.findall(".//error")
        c.result(len(errors) >= want, what, f"{len(errors)} <error> element(s)")


def check_replay(c, pair):
    live_name, replay_name = pair
    what = f"{replay_name} (replay of the capture) has the same checks as {live_name}"
    live, err1 = c.load_json(live_name)
    replay, err2 = c.load_json(replay_name)
    if live is None or replay is None:
        c.result(False, what, err1 or err2)
        return
    ld, rd = live.get("devices", []), replay.get("devices", [])
    if len(ld) != len(rd):
        c.result(False, what, f"{len(ld)} device(s) live, {len(rd)} replayed")
        return
    diffs = []
    for i, (a, b) in enumerate(zip(ld, rd)):
        ia = {k: v for k, v in a.get("identity", {}).items() if k != "source"}
        ib = {k: v for k, v in b.get("identity", {}).items() if k != "source"}
        if ia != ib:
            keys = sorted(k for k in set(ia) | set(ib) if ia.get(k) != ib.get(k))
            diffs.append(f"device {i} identity differs in " + ", ".join(f"{k} ({ia.get(k)!r} vs {ib.get(k)!r})" for k in keys))
        ca, cb = a.get("checks", []), b.get("checks", [])
        if [x.get("id") for x in ca] != [x.get("id") for x in cb]:
            diffs.append(f"device {i}: the check ids differ")
            continue
        for x, y in zip(ca, cb):
            if x != y:
                keys = sorted(k for k in set(x) | set(y) if x.get(k) != y.get(k))
                diffs.append(f"{x.get('id')}: " + ", ".join(
                    f"{k} {json.dumps(x.get(k))[:80]} vs {json.dumps(y.get(k))[:80]}" for k in keys))
    if diffs:
        c.result(False, what, f"{len(diffs)} difference(s): " + "; ".join(diffs[:3]))
    else:
        n = sum(len(d.get("checks", [])) for d in ld)
        c.result(True, what + f" ({n} checks)")


def check_same_files(c, pairs):
    for a, b in pairs:
        ta, tb = c.read_text(a), c.read_text(b)
        what = f"{a} and {b} are equal"
        if ta is None or tb is None:
            c.result(False, what, f"{a if ta is None else b} was not written")
        elif not ta.strip():
            c.result(False, what, f"{a} is empty")
        else:
            c.result(ta == tb, what, f"{ta.strip()!r} vs {tb.strip()!r}"[:300])


def value_at(data, path):
    for part in path.split("."):
        if isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        elif isinstance(data, dict) and part in data:
            data = data[part]
        else:
            raise KeyError(part)
    return data


def judge_value(c, what, data, path, want):
    """The value at a dotted path against WANT: a value (equal), "<number>", or {"min": X, "max": Y}."""
    what = f"{what} is {want if not isinstance(want, dict) else json.dumps(want)}"
    try:
        got = value_at(data, path)
    except KeyError as e:
        c.result(False, what, f"no {e.args[0]!r} on the path")
        return
    number = isinstance(got, (int, float)) and not isinstance(got, bool)
    if want == "<number>":
        c.result(number, what, f"it is {got!r}")
    elif isinstance(want, dict):
        ok = number and got >= want.get("min", got) and got <= want.get("max", got)
        c.result(ok, what + f" ({got!r})", f"it is {got!r}")
    else:
        c.result(got == want, what, f"it is {json.dumps(got)[:200]}")


def check_json_values(c, files):
    for name, values in files.items():
        data, err = c.load_json(name)
        for path, want in values.items():
            if data is None:
                c.result(False, f"{name}: {path}", err)
                continue
            judge_value(c, f"{name}: {path}", data, path, want)


def hex_norm(s):
    return re.sub(r"[^0-9a-f]", "", s.lower().replace("0x", ""))


def strings_in(obj):
    return (n for n in nodes(obj) if isinstance(n, str))


def ints_named(obj, pattern):
    """Values of fields whose name matches pattern (descriptor fields {"value": V} too)."""
    for d in all_dicts(obj):
        for k, v in d.items():
            if re.search(pattern, k, re.I):
                if isinstance(v, dict):
                    v = v.get("value")
                n = norm_hex(v) if isinstance(v, str) else v
                if isinstance(n, int) and not isinstance(n, bool):
                    yield n


def contains_bytes(section, data):
    """data (bytes) appear in a hex string of the section, or as text."""
    want = data.hex()
    text = data.rstrip(b"\0").decode("latin-1")
    for s in strings_in(section):
        if want in hex_norm(s) or (text and text in s):
            return True
    return False


def check_msos(c, name, dev, spec):
    sections = [v for k, v in dev.items() if re.search(r"msos|microsoft|os_?desc", k, re.I)
                and not re.search(r"msos20|msos2", k, re.I)]
    section = sections[0] if sections else None
    base = f"{name}: Microsoft OS 1.0 section"
    if section is None:
        c.result(False, f"{base} present", f"no msos/microsoft key in the device (keys: {', '.join(sorted(dev))})")
        return
    c.result(True, f"{base} present")
    def part(pattern):
        """The sub-section whose key matches (e.g. os_string, compat_id), else the whole section."""
        if isinstance(section, dict):
            for k, v in section.items():
                if re.search(pattern, k, re.I):
                    return v, k
        return section, "the section"

    if "vendor_code" in spec:
        vc = norm_hex(spec["vendor_code"])
        sub, where = part(r"os.?string")
        os_string = b"\x12\x03" + "MSFT100".encode("utf-16-le") + bytes([vc, 0])
        ok = contains_bytes(sub, os_string) or (
            vc in list(ints_named(sub, r"vendor.?code")) and contains_bytes(sub, "MSFT100".encode("utf-16-le")))
        c.result(ok, f"{base}: OS string 0xEE present, MSFT100, vendor code {spec['vendor_code']}",
                 f"no OS string {os_string.hex(' ')} in {where}")
    if "compat_id" in spec:
        sub, where = part(r"compat")
        ok = contains_bytes(sub, spec["compat_id"].encode("ascii"))
        c.result(ok, f"{base}: extended compat ID contains {spec['compat_id']!r}", f"not found in {where}")
    if "sub_compat_id" in spec:
        sub, where = part(r"compat")
        ok = contains_bytes(sub, spec["sub_compat_id"].encode("ascii"))
        c.result(ok, f"{base}: extended compat ID contains sub-compatible ID {spec['sub_compat_id']!r}",
                 f"not found in {where}")
    if "property" in spec:
        sub, where = part(r"propert")
        ok = contains_bytes(sub, spec["property"].encode("utf-16-le"))
        c.result(ok, f"{base}: extended properties carry {spec['property']!r}", f"not found in {where}")


def check_describe(c, spec):
    name = spec.get("file", "describe.json")
    data, err = c.load_json(name)
    devices = data.get("devices") if isinstance(data, dict) else None
    if data is None or not isinstance(devices, list) or not devices:
        c.result(False, f"{name} describes a device", err or "no devices[]")
        return
    dev = devices[0]
    c.result(True, f"{name} describes a device")
    if "device" in spec:
        want = spec["device"]
        fields = dev.get("device", {}).get("fields", {})
        problems = []
        for k, v in want.items():
            got = fields.get(k, {}).get("value") if isinstance(fields.get(k), dict) else None
            if got != v:
                problems.append(f"{k} {got!r}, expected {v!r}")
        c.result(not problems, f"{name}: device descriptor " + " ".join(f"{k}={v}" for k, v in want.items()),
                 "; ".join(problems))
    configs = dev.get("configurations", [])
    if "config_bmAttributes" in spec:
        want = spec["config_bmAttributes"]
        got = [cf.get("fields", {}).get("bmAttributes", {}).get("value") for cf in configs]
        c.result(bool(got) and got[0] == want, f"{name}: configuration bmAttributes {want:#04x}", f"got {got}")
    if "hid_interfaces" in spec:
        want = spec["hid_interfaces"]
        n = sum(1 for cf in configs for itf in cf.get("interfaces", []) if isinstance(itf.get("hid"), dict))
        c.result(n == want, f"{name}: {want} interface(s) with a HID class descriptor", f"found {n}")
    if "hid_report_descriptor_length" in spec:
        want = spec["hid_report_descriptor_length"]
        got = []
        for cf in configs:
            for itf in cf.get("interfaces", []):
                hid = itf.get("hid")
                if not isinstance(hid, dict):
                    continue
                for cd in hid.get("descriptors", []):
                    f = cd.get("fields", {})
                    if f.get("bDescriptorType", {}).get("value") == 0x22:
                        got.append(f.get("wDescriptorLength", {}).get("value"))
        c.result(got == [want], f"{name}: the HID descriptor announces a {want}-byte report descriptor",
                 f"report descriptor lengths {got}")
    if "hid_report_lengths" in spec:
        want = spec["hid_report_lengths"]
        got = [r.get("fields", {}).get("length", {}).get("value") for r in dev.get("hid_reports", [])
               if r.get("availability") == "present"]
        c.result(got == want, f"{name}: HID report descriptor(s) read, lengths {want}", f"got {got}")
    if "msos" in spec:
        check_msos(c, name, dev, spec["msos"])
    if "same_as" in spec:
        other, err = c.load_json(spec["same_as"])
        what = f"{name} describes the same device as {spec['same_as']}"
        if other is None:
            c.result(False, what, err)
        else:
            a = {k: v for k, v in dev.items() if k != "source"}
            b = {k: v for k, v in (other.get("devices") or [{}])[0].items() if k != "source"}
            c.result(a == b, what, "they differ in " + ", ".join(sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repo", required=True)
    ap.add_argument("--scenario", required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--expect", required=True)
    args = ap.parse_args()

    c = Checker(args.scenario, args.dir, args.repo)
    try:
        with open(args.expect, encoding="utf-8") as f:
            expect = json.load(f)
    except (OSError, ValueError) as e:
        c.result(False, "expectations readable", f"{args.expect}: {e}")
        return 1

    check_guest(c)
    handlers = [
        ("sysfs", check_sysfs), ("exit", check_exit), ("stderr", check_stderr), ("stdout", check_stdout),
        ("files", check_files),
        ("scan", check_scan),
        ("reports", check_reports), ("schemas", check_schemas), ("junit", check_junit),
        ("junit_errors", check_junit_errors),
        ("replay_identical", check_replay),
        ("benchmark", check_benchmark),
        ("same_files", check_same_files), ("json_values", check_json_values),
    ]
    for key, fn in handlers:
        if key in expect:
            fn(c, expect[key])
    for spec in expect.get("describe", []):
        check_describe(c, spec)
    unknown = set(expect) - {k for k, _ in handlers} - {"describe", "comment"}
    if unknown:
        c.result(False, "expect.json keys known", ", ".join(sorted(unknown)))
    return 0 if c.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
