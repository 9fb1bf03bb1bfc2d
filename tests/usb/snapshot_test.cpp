// Tests of the snapshot JSON format (parse, write, schema) and of replaying a snapshot as a device.
#include "usb/snapshot.h"

#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <gtest/gtest.h>

#include "test_util.h"

namespace usbcheck::usb {
namespace {

using test::hex;

ControlSetup setup_of(std::string_view text) {
    auto setup = ControlSetup::from_bytes(hex(text));
    if (!setup) ADD_FAILURE() << "bad setup in test: " << text;
    return setup.value_or(ControlSetup{});
}

RecordedTransfer transfer(std::string_view setup, TransferStatus status, std::string_view data = "") {
    return RecordedTransfer{setup_of(setup), TransferResult{status, hex(data)}};
}

Snapshot sample_snapshot() {
    Snapshot s;
    s.source = "live:1-1.2";
    s.speed = Speed::high;
    s.created = "2026-11-24T05:00:00Z";
    s.tool = "usbcheck 0.1.0";
    s.complete = true;
    s.sysfs = {{"power/control", "on"}, {"speed", "480"}};
    s.control = {
        transfer("80 06 00 01 00 00 12 00", TransferStatus::ok,
                 "12 01 00 02 00 00 00 40 34 12 78 56 00 01 01 02 03 01"),
        transfer("80 06 00 02 00 00 09 00", TransferStatus::ok, "09 02 19 00 01 01 00 80 32"),
        transfer("80 06 00 0f 00 00 05 00", TransferStatus::stall),
        transfer("80 06 00 03 00 00 ff 00", TransferStatus::timeout),
        transfer("80 06 01 03 09 04 ff 00", TransferStatus::error),
        transfer("80 06 02 03 09 04 ff 00", TransferStatus::disconnected),
        transfer("c0 20 00 00 07 00 00 00", TransferStatus::ok),
    };
    return s;
}

void expect_same(const Snapshot& a, const Snapshot& b) {
    EXPECT_EQ(a.version, b.version);
    EXPECT_EQ(a.source, b.source);
    EXPECT_EQ(a.speed, b.speed);
    EXPECT_EQ(a.created, b.created);
    EXPECT_EQ(a.tool, b.tool);
    EXPECT_EQ(a.complete, b.complete);
    EXPECT_EQ(a.sysfs, b.sysfs);
    ASSERT_EQ(a.control.size(), b.control.size());
    for (size_t i = 0; i < a.control.size(); ++i) {
        SCOPED_TRACE("control[" + std::to_string(i) + "]");
        EXPECT_EQ(a.control[i].setup.to_hex(), b.control[i].setup.to_hex());
        EXPECT_EQ(a.control[i].setup.wLength, b.control[i].setup.wLength);
        EXPECT_EQ(a.control[i].result.status, b.control[i].result.status);
        EXPECT_EQ(a.control[i].result.data, b.control[i].result.data);
    }
}

std::string minimal(std::string_view control) {
    return std::string(R"({"format": "usbcheck-snapshot", "version": 1, "control": )") + std::string(control) + "}";
}

TEST(Snapshot, RoundTripKeepsEveryField) {
    const Snapshot original = sample_snapshot();
    const std::string text = write_snapshot(original);
    const auto parsed = parse_snapshot(text);
    ASSERT_TRUE(parsed) << parsed.error().message;
    expect_same(original, *parsed);
    EXPECT_EQ(write_snapshot(*parsed), text);
}

TEST(Snapshot, RoundTripOfIncompleteUnknownSpeedEmptySnapshot) {
    Snapshot original;
    original.complete = false;
    const auto parsed = parse_snapshot(write_snapshot(original));
    ASSERT_TRUE(parsed) << parsed.error().message;
    expect_same(original, *parsed);
}

TEST(Snapshot, RoundTripOfEverySpeed) {
    for (Speed speed : {Speed::unknown, Speed::low, Speed::full, Speed::high, Speed::super, Speed::super_plus}) {
        Snapshot original;
        original.speed = speed;
        const auto parsed = parse_snapshot(write_snapshot(original));
        ASSERT_TRUE(parsed) << parsed.error().message;
        EXPECT_EQ(parsed->speed, speed) << to_string(speed);
    }
}

TEST(Snapshot, WriteUsesStableKeyOrderSpacedLowerCaseHexAndTrailingNewline) {
    Snapshot s;
    s.source = "x";
    s.speed = Speed::full;
    s.created = "2026-11-24T05:00:00Z";
    s.tool = "usbcheck 0.1.0";
    s.sysfs = {{"power/control", "auto"}};
    s.control = {transfer("80 06 00 01 00 00 12 00", TransferStatus::ok, "12 01 AB CD"),
                 transfer("80 06 00 0F 00 00 05 00", TransferStatus::stall)};
    const std::string expected = R"({
  "format": "usbcheck-snapshot",
  "version": 1,
  "source": "x",
  "speed": "full",
  "created": "2026-11-24T05:00:00Z",
  "tool": "usbcheck 0.1.0",
  "complete": true,
  "sysfs": {
    "power/control": "auto"
  },
  "control": [
    {
      "setup": "80 06 00 01 00 00 12 00",
      "status": "ok",
      "data": "12 01 ab cd"
    },
    {
      "setup": "80 06 00 0f 00 00 05 00",
      "status": "stall"
    }
  ]
}
)";
    EXPECT_EQ(write_snapshot(s), expected);
}

TEST(Snapshot, ParsesTheDocumentedExample) {
    const auto s = parse_snapshot(R"({"format": "usbcheck-snapshot", "version": 1, "source": "live:1-2", "speed": "high",
        "created": "2026-11-24T05:00:00Z", "tool": "usbcheck 0.1.0", "complete": true,
        "sysfs": {"power/control": "on"},
        "control": [ {"setup": "80 06 00 01 00 00 12 00", "status": "ok", "data": "12 01 00 02"},
                     {"setup": "80 06 00 0f 00 00 05 00", "status": "stall"} ] })");
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(s->source, "live:1-2");
    EXPECT_EQ(s->speed, Speed::high);
    EXPECT_EQ(s->created, "2026-11-24T05:00:00Z");
    EXPECT_EQ(s->tool, "usbcheck 0.1.0");
    EXPECT_TRUE(s->complete);
    EXPECT_EQ(s->sysfs.at("power/control"), "on");
    ASSERT_EQ(s->control.size(), 2u);
    EXPECT_EQ(s->control[0].setup.wValue, 0x0100);
    EXPECT_EQ(s->control[0].setup.wLength, 18);
    EXPECT_EQ(s->control[0].result.data, hex("12 01 00 02"));
    EXPECT_EQ(s->control[1].result.status, TransferStatus::stall);
    EXPECT_TRUE(s->control[1].result.data.empty());
}

TEST(Snapshot, OptionalFieldsTakeDefaults) {
    const auto s = parse_snapshot(minimal("[]"));
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(s->version, 1);
    EXPECT_EQ(s->source, "");
    EXPECT_EQ(s->speed, Speed::unknown);
    EXPECT_TRUE(s->complete);
    EXPECT_TRUE(s->sysfs.empty());
    EXPECT_TRUE(s->control.empty());
}

TEST(Snapshot, HexAcceptsNoSpacesAndEitherCase) {
    const auto s = parse_snapshot(minimal(R"([
        {"setup": "8006000100001200", "status": "ok", "data": "1201ABcd"},
        {"setup": "  80 06 00 02 00 00 FF 00  ", "status": "ok", "data": " 09 02\t19 00\n"},
        {"setup": "80 06 00 03 00 00 ff 00", "status": "ok"}])"));
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(s->control[0].result.data, hex("12 01 ab cd"));
    EXPECT_EQ(s->control[1].setup.wLength, 0xff);
    EXPECT_EQ(s->control[1].result.data, hex("09 02 19 00"));
    EXPECT_TRUE(s->control[2].result.data.empty());
}

TEST(Snapshot, UnknownKeysAreIgnored) {
    const auto s = parse_snapshot(R"({"format": "usbcheck-snapshot", "version": 1, "future": {"x": [1, 2]},
        "control": [{"setup": "80 06 00 01 00 00 12 00", "status": "ok", "data": "12", "duration_us": 120}]})");
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(s->control.size(), 1u);
}

struct BadSnapshot {
    const char* name;
    std::string json;
    std::string expected;  // substring of the message
};

class SnapshotErrors : public testing::TestWithParam<BadSnapshot> {};

TEST_P(SnapshotErrors, GiveOneLineInputError) {
    const auto s = parse_snapshot(GetParam().json);
    ASSERT_FALSE(s) << "accepted: " << GetParam().json;
    EXPECT_NE(s.error().message.find(GetParam().expected), std::string::npos) << s.error().message;
    EXPECT_EQ(s.error().message.find('\n'), std::string::npos) << s.error().message;
    ASSERT_FALSE(s.error().message.empty());
    EXPECT_TRUE(std::islower(static_cast<unsigned char>(s.error().message[0]))) << s.error().message;
}

std::string entry(std::string_view fields) {
    return minimal("[" + std::string(fields) + "]");
}

const std::string k_ok_entry = R"({"setup": "80 06 00 01 00 00 12 00", "status": "ok", "data": "12 01"})";

INSTANTIATE_TEST_SUITE_P(
    All, SnapshotErrors,
    testing::Values(
        BadSnapshot{"invalid_json", R"({"format": "usbcheck-snapshot", )", "snapshot: invalid JSON at byte "},
        BadSnapshot{"not_json", "hello", "snapshot: invalid JSON at byte 1"},
        BadSnapshot{"empty_text", "", "snapshot: invalid JSON at byte"},
        BadSnapshot{"top_level_array", "[1, 2]", "snapshot: top level must be a JSON object, got array"},
        BadSnapshot{"format_missing", R"({"version": 1, "control": []})", "snapshot: format is missing"},
        BadSnapshot{"format_wrong", R"({"format": "other", "version": 1, "control": []})",
                    "format must be \"usbcheck-snapshot\", got \"other\""},
        BadSnapshot{"format_number", R"({"format": 1, "version": 1, "control": []})", "got number"},
        BadSnapshot{"version_missing", R"({"format": "usbcheck-snapshot", "control": []})", "version is missing"},
        BadSnapshot{"version_string", R"({"format": "usbcheck-snapshot", "version": "1", "control": []})",
                    "snapshot: version must be an integer, got string"},
        BadSnapshot{"version_fraction", R"({"format": "usbcheck-snapshot", "version": 1.5, "control": []})",
                    "version must be an integer, got a fraction"},
        BadSnapshot{"version_newer", R"({"format": "usbcheck-snapshot", "version": 2, "control": []})",
                    "snapshot version 2 is newer than this usbcheck understands (1)"},
        BadSnapshot{"version_huge",
                    R"({"format": "usbcheck-snapshot", "version": 18446744073709551615, "control": []})",
                    "snapshot version 18446744073709551615 is newer"},
        BadSnapshot{"version_zero", R"({"format": "usbcheck-snapshot", "version": 0, "control": []})",
                    "version must be 1 or higher, got 0"},
        BadSnapshot{"version_negative", R"({"format": "usbcheck-snapshot", "version": -3, "control": []})",
                    "got -3"},
        BadSnapshot{"control_missing", R"({"format": "usbcheck-snapshot", "version": 1})", "control is missing"},
        BadSnapshot{"control_object", minimal("{}"), "snapshot: control must be an array, got object"},
        BadSnapshot{"entry_number", minimal("[" + k_ok_entry + ", 7]"), "control[1] must be an object, got number"},
        BadSnapshot{"setup_missing", entry(R"({"status": "ok"})"), "control[0].setup is missing"},
        BadSnapshot{"setup_number", entry(R"({"setup": 128, "status": "ok"})"),
                    "control[0].setup must be a string, got number"},
        BadSnapshot{"setup_short",
                    minimal("[" + k_ok_entry + ", " + k_ok_entry + ", " + k_ok_entry +
                            R"(, {"setup": "80 06 00 01 00", "status": "ok"}])"),
                    "snapshot: control[3].setup must be 8 hex bytes, got 5"},
        BadSnapshot{"setup_long", entry(R"({"setup": "80 06 00 01 00 00 12 00 00", "status": "ok"})"),
                    "control[0].setup must be 8 hex bytes, got 9"},
        BadSnapshot{"setup_empty", entry(R"({"setup": "", "status": "ok"})"), "must be 8 hex bytes, got 0"},
        BadSnapshot{"setup_not_hex", entry(R"({"setup": "80 06 zz 01 00 00 12 00", "status": "ok"})"),
                    "control[0].setup has a non-hex character 'z' at position 6"},
        BadSnapshot{"setup_split_pair", entry(R"({"setup": "80 0 6 01 00 00 12 00", "status": "ok"})"),
                    "control[0].setup has an unpaired hex digit at position 3"},
        BadSnapshot{"setup_0x", entry(R"({"setup": "0x80 06 00 01 00 00 12 00", "status": "ok"})"),
                    "non-hex character 'x'"},
        BadSnapshot{"setup_out", entry(R"({"setup": "00 09 01 00 00 00 00 00", "status": "ok"})"),
                    "control[0].setup bmRequestType 0x00 is host-to-device"},
        BadSnapshot{"status_missing", entry(R"({"setup": "80 06 00 01 00 00 12 00"})"), "control[0].status is missing"},
        BadSnapshot{"status_number", entry(R"({"setup": "80 06 00 01 00 00 12 00", "status": 0})"),
                    "control[0].status must be a string, got number"},
        BadSnapshot{"status_unknown", entry(R"({"setup": "80 06 00 01 00 00 12 00", "status": "nak"})"),
                    "control[0].status must be one of ok, stall, timeout, error, disconnected, got \"nak\""},
        BadSnapshot{"status_not_captured",
                    entry(R"({"setup": "80 06 00 01 00 00 12 00", "status": "not-captured"})"),
                    "got \"not-captured\""},
        BadSnapshot{"status_multiline", entry(R"({"setup": "80 06 00 01 00 00 12 00", "status": "a\nb"})"),
                    "got \"a\\nb\""},
        BadSnapshot{"data_number", entry(R"({"setup": "80 06 00 01 00 00 12 00", "status": "ok", "data": 18})"),
                    "control[0].data must be a string, got number"},
        BadSnapshot{"data_bad_hex", entry(R"({"setup": "80 06 00 01 00 00 12 00", "status": "ok", "data": "12 0g"})"),
                    "control[0].data has a non-hex character 'g' at position 4"},
        BadSnapshot{"data_odd", entry(R"({"setup": "80 06 00 01 00 00 12 00", "status": "ok", "data": "12 0"})"),
                    "control[0].data has an unpaired hex digit at position 3"},
        BadSnapshot{"source_number",
                    R"({"format": "usbcheck-snapshot", "version": 1, "source": 3, "control": []})",
                    "snapshot: source must be a string, got number"},
        BadSnapshot{"speed_unknown_name",
                    R"({"format": "usbcheck-snapshot", "version": 1, "speed": "fast", "control": []})",
                    "speed must be one of low, full, high, super, super-plus, unknown, got \"fast\""},
        BadSnapshot{"speed_megabits",
                    R"({"format": "usbcheck-snapshot", "version": 1, "speed": "480", "control": []})",
                    "speed must be one of"},
        BadSnapshot{"speed_number",
                    R"({"format": "usbcheck-snapshot", "version": 1, "speed": 480, "control": []})",
                    "speed must be a string, got number"},
        BadSnapshot{"created_bool",
                    R"({"format": "usbcheck-snapshot", "version": 1, "created": true, "control": []})",
                    "created must be a string, got boolean"},
        BadSnapshot{"tool_array",
                    R"({"format": "usbcheck-snapshot", "version": 1, "tool": ["a"], "control": []})",
                    "tool must be a string, got array"},
        BadSnapshot{"complete_string",
                    R"({"format": "usbcheck-snapshot", "version": 1, "complete": "yes", "control": []})",
                    "complete must be a boolean, got string"},
        BadSnapshot{"sysfs_array",
                    R"({"format": "usbcheck-snapshot", "version": 1, "sysfs": [], "control": []})",
                    "sysfs must be an object, got array"},
        BadSnapshot{"sysfs_value_number",
                    R"({"format": "usbcheck-snapshot", "version": 1, "sysfs": {"power/control": 1}, "control": []})",
                    "sysfs[\"power/control\"] must be a string, got number"}),
    [](const testing::TestParamInfo<BadSnapshot>& info) { return std::string(info.param.name); });

TEST(Snapshot, InvalidJsonNamesTheByte) {
    const auto s = parse_snapshot("{\"format\": \"usbcheck-snapshot\", \"version\": 1,, }");
    ASSERT_FALSE(s);
    // The second comma is the 46th byte (1-based, as nlohmann counts).
    EXPECT_EQ(s.error().message, "snapshot: invalid JSON at byte 46");
}

TEST(Snapshot, LongBadValuesAreShortenedInMessages) {
    const std::string long_status(500, 'q');
    const auto s = parse_snapshot(entry(R"({"setup": "80 06 00 01 00 00 12 00", "status": ")" + long_status + "\"}"));
    ASSERT_FALSE(s);
    EXPECT_LT(s.error().message.size(), 200u) << s.error().message;
}

TEST(Replay, ReturnsRecordedDataCutToWLength) {
    ReplayDevice device(sample_snapshot());
    const auto full = device.control_in(setup_of("80 06 00 01 00 00 12 00"));
    EXPECT_EQ(full.status, TransferStatus::ok);
    EXPECT_EQ(full.data.size(), 18u);
    const auto first8 = device.control_in(setup_of("80 06 00 01 00 00 08 00"));
    EXPECT_EQ(first8.status, TransferStatus::ok);
    EXPECT_EQ(first8.data, hex("12 01 00 02 00 00 00 40"));
    // Asking for more than was recorded gives what was recorded (a short read), never padding.
    const auto more = device.control_in(setup_of("80 06 00 02 00 00 ff 00"));
    EXPECT_EQ(more.data, hex("09 02 19 00 01 01 00 80 32"));
    const auto none = device.control_in(setup_of("80 06 00 02 00 00 00 00"));
    EXPECT_EQ(none.status, TransferStatus::ok);
    EXPECT_TRUE(none.data.empty());
}

TEST(Replay, ReturnsRecordedFailureStatusesWithoutData) {
    Snapshot s = sample_snapshot();
    s.control.push_back(transfer("80 00 00 00 00 00 02 00", TransferStatus::stall, "01 00"));
    ReplayDevice device(s);
    EXPECT_EQ(device.control_in(setup_of("80 06 00 0f 00 00 05 00")).status, TransferStatus::stall);
    EXPECT_EQ(device.control_in(setup_of("80 06 00 03 00 00 ff 00")).status, TransferStatus::timeout);
    EXPECT_EQ(device.control_in(setup_of("80 06 01 03 09 04 ff 00")).status, TransferStatus::error);
    EXPECT_EQ(device.control_in(setup_of("80 06 02 03 09 04 ff 00")).status, TransferStatus::disconnected);
    const auto stalled = device.control_in(setup_of("80 00 00 00 00 00 02 00"));
    EXPECT_EQ(stalled.status, TransferStatus::stall);
    EXPECT_TRUE(stalled.data.empty());
}

TEST(Replay, FirstMatchingTransferWins) {
    Snapshot s;
    s.control = {transfer("80 06 00 03 00 00 ff 00", TransferStatus::timeout),
                 transfer("80 06 00 03 00 00 04 00", TransferStatus::ok, "04 03 09 04")};
    ReplayDevice device(s);
    EXPECT_EQ(device.control_in(setup_of("80 06 00 03 00 00 04 00")).status, TransferStatus::timeout);
}

TEST(Replay, MatchesOnRequestTypeRequestValueAndIndex) {
    Snapshot s;
    s.control = {transfer("80 06 01 03 09 04 ff 00", TransferStatus::ok, "04 03 41 00")};
    ReplayDevice device(s);
    EXPECT_EQ(device.control_in(setup_of("80 06 01 03 09 04 02 00")).status, TransferStatus::ok);
    EXPECT_EQ(device.control_in(setup_of("80 06 01 03 07 04 ff 00")).status, TransferStatus::stall);  // wIndex
    EXPECT_EQ(device.control_in(setup_of("80 06 02 03 09 04 ff 00")).status, TransferStatus::stall);  // wValue
    EXPECT_EQ(device.control_in(setup_of("80 07 01 03 09 04 ff 00")).status, TransferStatus::stall);  // bRequest
    EXPECT_EQ(device.control_in(setup_of("c0 06 01 03 09 04 ff 00")).status, TransferStatus::stall);  // type
}

TEST(Replay, UnrecordedRequestStallsInCompleteSnapshot) {
    ReplayDevice device(sample_snapshot());
    const auto r = device.control_in(setup_of("80 06 00 06 00 00 0a 00"));
    EXPECT_EQ(r.status, TransferStatus::stall);
    EXPECT_TRUE(r.data.empty());
}

TEST(Replay, UnrecordedRequestIsNotCapturedInIncompleteSnapshot) {
    Snapshot s = sample_snapshot();
    s.complete = false;
    ReplayDevice device(s);
    EXPECT_EQ(device.control_in(setup_of("80 06 00 06 00 00 0a 00")).status, TransferStatus::not_captured);
    // Recorded requests still answer as recorded.
    EXPECT_EQ(device.control_in(setup_of("80 06 00 0f 00 00 05 00")).status, TransferStatus::stall);
}

TEST(Replay, KeepsEveryRequestAskedInOrderAndExposesTheSnapshot) {
    ReplayDevice device(sample_snapshot());
    EXPECT_TRUE(device.asked().empty());
    device.control_in(setup_of("80 06 00 01 00 00 12 00"));
    device.control_in(setup_of("80 06 00 06 00 00 0a 00"));
    device.control_in(setup_of("80 06 00 01 00 00 12 00"));
    ASSERT_EQ(device.asked().size(), 3u);
    EXPECT_EQ(device.asked()[0].to_hex(), "80 06 00 01 00 00 12 00");
    EXPECT_EQ(device.asked()[1].to_hex(), "80 06 00 06 00 00 0a 00");
    EXPECT_EQ(device.asked()[2].to_hex(), "80 06 00 01 00 00 12 00");
    EXPECT_EQ(device.speed(), Speed::high);
    EXPECT_EQ(device.source(), "live:1-1.2");
    EXPECT_EQ(device.snapshot().control.size(), sample_snapshot().control.size());
}

// Runs python3's jsonschema (Debian python3-jsonschema) on `document`; "" when valid, else the errors.
bool have_jsonschema() {
    return std::system("/usr/bin/python3 -c 'import jsonschema' >/dev/null 2>&1") == 0;
}

std::string validate_with_schema(const std::string& document, const std::string& tag) {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("usbcheck_snapshot_schema_" + std::to_string(::getpid()) + "_" + tag);
    std::filesystem::create_directories(dir);
    const auto doc_path = dir / "snapshot.json";
    const auto out_path = dir / "errors.txt";
    std::ofstream(doc_path) << document;
    const std::string schema = test::source_path("usb/snapshot.schema.json");
    const std::string command =
        "/usr/bin/python3 -c \"import jsonschema, json, sys\n"
        "schema = json.load(open(sys.argv[1]))\n"
        "jsonschema.Draft202012Validator.check_schema(schema)\n"
        "errors = list(jsonschema.Draft202012Validator(schema).iter_errors(json.load(open(sys.argv[2]))))\n"
        "[print(e.message) for e in errors]\n"
        "sys.exit(1 if errors else 0)\" '" +
        schema + "' '" + doc_path.string() + "' >'" + out_path.string() + "' 2>&1";
    const int rc = std::system(command.c_str());
    std::ifstream in(out_path);
    std::string output((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::filesystem::remove_all(dir);
    if (rc == 0) return "";
    return output.empty() ? "python3 exited with " + std::to_string(rc) : output;
}

TEST(SnapshotSchema, WrittenSnapshotsValidate) {
    if (!have_jsonschema()) GTEST_SKIP() << "/usr/bin/python3 cannot import jsonschema";
    EXPECT_EQ(validate_with_schema(write_snapshot(sample_snapshot()), "sample"), "");
    Snapshot incomplete;
    incomplete.complete = false;
    EXPECT_EQ(validate_with_schema(write_snapshot(incomplete), "minimal"), "");
}

TEST(SnapshotSchema, DocumentedExampleWithExtraKeysValidates) {
    if (!have_jsonschema()) GTEST_SKIP() << "/usr/bin/python3 cannot import jsonschema";
    EXPECT_EQ(validate_with_schema(R"({"format": "usbcheck-snapshot", "version": 1, "source": "x", "speed": "high",
        "created": "2026-11-24T05:00:00Z", "tool": "usbcheck 0.1.0", "complete": true, "future": [1],
        "sysfs": {"power/control": "on"},
        "control": [ {"setup": "8006000100001200", "status": "ok", "data": "12 01 00 02"},
                     {"setup": "80 06 00 0F 00 00 05 00", "status": "stall"} ] })",
                                   "example"),
              "");
}

TEST(SnapshotSchema, RejectsWhatTheParserRejects) {
    if (!have_jsonschema()) GTEST_SKIP() << "/usr/bin/python3 cannot import jsonschema";
    const char* bad[] = {
        R"({"format": "usbcheck-snapshot", "version": 1, "control": [{"setup": "80 06 00 01 00", "status": "ok"}]})",
        R"({"format": "usbcheck-snapshot", "version": 1, "control": [{"setup": "00 09 01 00 00 00 00 00", "status": "ok"}]})",
        R"({"format": "usbcheck-snapshot", "version": 1, "control": [{"setup": "80 06 00 01 00 00 12 00", "status": "not-captured"}]})",
        R"({"format": "usbcheck-snapshot", "version": 1, "control": [{"setup": "80 06 00 01 00 00 12 00", "status": "ok", "data": "1 2"}]})",
        R"({"format": "usbcheck-snapshot", "version": 2, "control": []})",
        R"({"format": "other", "version": 1, "control": []})",
        R"({"format": "usbcheck-snapshot", "version": 1, "speed": "480", "control": []})",
        R"({"format": "usbcheck-snapshot", "version": 1, "sysfs": {"a": 1}, "control": []})",
        R"({"format": "usbcheck-snapshot", "version": 1})",
    };
    int index = 0;
    for (const char* document : bad) {
        EXPECT_NE(validate_with_schema(document, "bad" + std::to_string(index++)), "") << document;
        EXPECT_FALSE(parse_snapshot(document)) << document;
    }
}

}  // namespace
}  // namespace usbcheck::usb
