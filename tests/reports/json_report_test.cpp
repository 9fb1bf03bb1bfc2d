// The JSON report: every field, the message and location rules, and validity against
// reports/report.schema.json (checked by Python's jsonschema, Draft 2020-12).
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <functional>

#include <unistd.h>

#include "reports/report.h"
#include "test_util.h"

namespace usbcheck::reports {
namespace {

using checks::CheckDef;
using checks::CheckResult;
using checks::Severity;
using checks::Status;

const CheckDef k_total_length{"ch9.config.total-length", "wTotalLength matches the bytes returned",
                              Severity::error, "USB 2.0 9.6.3", "hosts read wTotalLength bytes",
                              "set wTotalLength to the bundle size", nullptr};
const CheckDef k_langid{"string.langid.valid", "LANGIDs are valid", Severity::warning, "USB 2.0 9.6.7",
                        "hosts pick a language", "use 0x0409", nullptr};
const CheckDef k_bos{"bos.present", "a USB 2.1+ device has a BOS", Severity::warning, "USB 3.2 9.6.2",
                     "Windows asks for it", "add a BOS", nullptr};
const CheckDef k_note{"ch9.device.class-info", "device class noted", Severity::info, "USB 2.0 9.6.1", "why",
                      "nothing", nullptr};
const CheckDef k_crash{"hid.report.parse", "the report descriptor parses", Severity::error, "HID 1.11 6.2.2",
                       "hosts parse it", "fix the items", nullptr};
const CheckDef k_clean{"ch9.device.length", "bLength is 18", Severity::error, "USB 2.0 9.6.1", "why", "fix",
                       nullptr};

DeviceReport sample_device() {
    DeviceReport device;
    device.identity.vid = 0x303a;
    device.identity.pid = 0x4001;
    device.identity.bcdDevice = 0x0100;
    device.identity.manufacturer = "Espressif \"Systems\"\nGmbH \xC3\x9C";  // quote, newline, Ü
    device.identity.product = "ESP32-S3";
    device.identity.speed = usb::Speed::high;
    device.identity.source = "snapshot:foo.json";
    device.checks.push_back({&k_clean, Status::pass, {}, "", ""});
    device.checks.push_back({&k_total_length, Status::fail,
                             {{"wTotalLength is 41 but 34 bytes were returned <&>\"'\x01",
                               {"config[0]", "config[0]", 2}},
                              {"second finding", {"config[0]", "config[0]/interface[0.0]", std::nullopt}}},
                             "", ""});
    device.checks.push_back({&k_langid, Status::warn, {{"LANGID 0x0000 is not valid", {"string[0]", "", 2}}}, "", ""});
    device.checks.push_back({&k_bos, Status::skip, {}, "no BOS captured", ""});
    device.checks.push_back({&k_crash, Status::error, {}, "", "std::out_of_range: vector"});
    device.checks.push_back({&k_note, Status::pass, {{"device class 0xef (IAD)", {}}}, "", ""});
    return device;
}

Report sample_report() {
    Report report;
    report.devices.push_back(sample_device());
    DeviceReport unknown;
    usb::DescriptorSet empty;
    empty.source = "sysfs:/sys/bus/usb/devices/1-1";
    unknown.identity = identity_of(empty);
    unknown.error = "device disconnected during the run";
    report.devices.push_back(unknown);
    return report;
}

// Writes text to a fresh file under the test temp directory and returns its path.
std::string save_temp(const std::string& name, const std::string& content) {
    const std::string path = ::testing::TempDir() + "usbcheck_reports_" + std::to_string(::getpid()) + "_" + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
}

// Runs a shell command; returns its exit status and puts stdout+stderr into `output`.
int run(const std::string& command, std::string& output) {
    output.clear();
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    if (!pipe) return -1;
    char buf[4096];
    for (size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) output.append(buf, n);
    return ::pclose(pipe);
}

bool have_jsonschema() {
    std::string out;
    return run("/usr/bin/python3 -c 'import jsonschema; jsonschema.Draft202012Validator'", out) == 0;
}

// 0 when the document validates; the validator's messages in `output` otherwise.
int validate(const nlohmann::json& document, std::string& output) {
    const std::string file = save_temp("report.json", document.dump(2));
    const std::string script = save_temp("validate.py",
        "import json, sys, jsonschema\n"
        "schema = json.load(open(sys.argv[1]))\n"
        "jsonschema.Draft202012Validator.check_schema(schema)\n"
        "errors = list(jsonschema.Draft202012Validator(schema).iter_errors(json.load(open(sys.argv[2]))))\n"
        "for e in errors: print(list(e.absolute_path), e.message)\n"
        "sys.exit(1 if errors else 0)\n");
    const int status = run("/usr/bin/python3 " + script + " " + test::source_path("reports/report.schema.json") +
                               " " + file, output);
    std::remove(file.c_str());
    std::remove(script.c_str());
    return status;
}

TEST(JsonReport, HasEveryField) {
    const auto j = to_json(sample_report());
    EXPECT_EQ(j["schema_version"], 1);
    EXPECT_EQ(j["tool"]["name"], "usbcheck");
    EXPECT_EQ(j["tool"]["version"], "0.1.0");
    ASSERT_EQ(j["devices"].size(), 2u);
    const auto& d = j["devices"][0];
    EXPECT_EQ(d["identity"]["vid"], "0x303a");
    EXPECT_EQ(d["identity"]["pid"], "0x4001");
    EXPECT_EQ(d["identity"]["bcdDevice"], "0x0100");
    EXPECT_EQ(d["identity"]["manufacturer"], "Espressif \"Systems\"\nGmbH \xC3\x9C");
    EXPECT_EQ(d["identity"]["product"], "ESP32-S3");
    EXPECT_TRUE(d["identity"]["serial"].is_null());
    EXPECT_EQ(d["identity"]["speed"], "high");
    EXPECT_EQ(d["identity"]["source"], "snapshot:foo.json");
    EXPECT_FALSE(d.contains("error"));
    EXPECT_EQ(d["summary"], (nlohmann::json{{"pass", 2}, {"fail", 1}, {"warn", 1}, {"skip", 1}, {"error", 1}}));
    ASSERT_EQ(d["checks"].size(), 6u);

    const auto& fail = d["checks"][1];
    EXPECT_EQ(fail["id"], "ch9.config.total-length");
    EXPECT_EQ(fail["family"], "ch9");
    EXPECT_EQ(fail["title"], "wTotalLength matches the bytes returned");
    EXPECT_EQ(fail["status"], "fail");
    EXPECT_EQ(fail["severity"], "error");
    EXPECT_EQ(fail["spec"], "USB 2.0 9.6.3");
    EXPECT_EQ(fail["message"], "wTotalLength is 41 but 34 bytes were returned <&>\"'\x01 (and 1 more)");
    EXPECT_EQ(fail["location"], (nlohmann::json{{"blob", "config[0]"}, {"path", "config[0]"}, {"offset", 2}}));
    ASSERT_EQ(fail["findings"].size(), 2u);
    EXPECT_EQ(fail["findings"][1]["message"], "second finding");
    EXPECT_FALSE(fail["findings"][1]["location"].contains("offset"));
    EXPECT_EQ(fail["rationale"], "hosts read wTotalLength bytes");
    EXPECT_EQ(fail["fix"], "set wTotalLength to the bundle size");

    EXPECT_EQ(d["checks"][0]["message"], "");
    EXPECT_TRUE(d["checks"][0]["location"].is_null());
    EXPECT_EQ(d["checks"][2]["message"], "LANGID 0x0000 is not valid");
    EXPECT_EQ(d["checks"][2]["severity"], "warning");
    EXPECT_EQ(d["checks"][3]["status"], "skip");
    EXPECT_EQ(d["checks"][3]["message"], "no BOS captured");
    EXPECT_TRUE(d["checks"][3]["location"].is_null());
    EXPECT_EQ(d["checks"][4]["status"], "error");
    EXPECT_EQ(d["checks"][4]["message"], "std::out_of_range: vector");
    EXPECT_EQ(d["checks"][5]["status"], "pass");
    EXPECT_EQ(d["checks"][5]["severity"], "info");
    EXPECT_EQ(d["checks"][5]["message"], "device class 0xef (IAD)");
    EXPECT_TRUE(d["checks"][5]["location"].is_null());  // the note points nowhere
    EXPECT_TRUE(d["checks"][5]["findings"][0]["location"].is_null());

    const auto& unknown = j["devices"][1];
    EXPECT_TRUE(unknown["identity"]["vid"].is_null());
    EXPECT_TRUE(unknown["identity"]["pid"].is_null());
    EXPECT_TRUE(unknown["identity"]["bcdDevice"].is_null());
    EXPECT_TRUE(unknown["identity"]["manufacturer"].is_null());
    EXPECT_EQ(unknown["identity"]["speed"], "unknown");
    EXPECT_EQ(unknown["error"], "device disconnected during the run");
    EXPECT_TRUE(unknown["checks"].empty());
    EXPECT_EQ(j["summary"], d["summary"]);
}

TEST(JsonReport, InvalidUtf8BecomesReplacementCharacters) {
    Report report;
    report.devices.push_back(sample_device());
    report.devices[0].identity.product = "bad \xff\xc3 text";
    const auto j = to_json(report);
    EXPECT_EQ(j["devices"][0]["identity"]["product"], "bad \xEF\xBF\xBD\xEF\xBF\xBD text");
    EXPECT_NO_THROW((void)j.dump());
}

TEST(JsonReport, IdentityOfReadsDescriptorAndStrings) {
    usb::DescriptorSet set;
    set.source = "snapshot:foo.json";
    set.speed = usb::Speed::full;
    usb::DeviceDescriptor d;
    d.idVendor = 0x303a;
    d.idProduct = 0x4001;
    d.bcdDevice = 0x0101;
    d.iManufacturer = 1;
    d.iProduct = 2;
    d.iSerialNumber = 3;
    set.device = d;
    set.strings.push_back({1, 0x0409, usb::Availability::present, 20, 3, {}, "Espressif", true});
    set.strings.push_back({2, 0x0409, usb::Availability::present, 18, 3, {}, "ESP32-S3", true});
    set.strings.push_back({3, 0x0409, usb::Availability::stalled, 0, 0, {}, "", true});
    const auto identity = identity_of(set);
    EXPECT_EQ(identity.vid, 0x303a);
    EXPECT_EQ(identity.pid, 0x4001);
    EXPECT_EQ(identity.bcdDevice, 0x0101);
    EXPECT_EQ(identity.manufacturer, "Espressif");
    EXPECT_EQ(identity.product, "ESP32-S3");
    EXPECT_EQ(identity.serial, "");
    EXPECT_EQ(identity.speed, usb::Speed::full);
    EXPECT_EQ(identity.source, "snapshot:foo.json");
    EXPECT_EQ(display_name(identity), "303a:4001 Espressif ESP32-S3");
}

TEST(JsonReport, SummarizeCountsEveryDevice) {
    const auto report = sample_report();
    Report twice = report;
    twice.devices.push_back(sample_device());
    const Summary s = summarize(twice.devices);
    EXPECT_EQ(s.pass, 4u);
    EXPECT_EQ(s.fail, 2u);
    EXPECT_EQ(s.warn, 2u);
    EXPECT_EQ(s.skip, 2u);
    EXPECT_EQ(s.error, 2u);
}

TEST(JsonReportSchema, EveryPropertyHasADescription) {
    std::ifstream in(test::source_path("reports/report.schema.json"));
    ASSERT_TRUE(in) << "reports/report.schema.json missing";
    const auto schema = nlohmann::json::parse(in);
    EXPECT_EQ(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    std::vector<std::string> missing;
    std::function<void(const nlohmann::json&, const std::string&)> walk = [&](const nlohmann::json& node,
                                                                              const std::string& where) {
        if (!node.is_object()) return;
        if (node.contains("properties"))
            for (const auto& [name, property] : node["properties"].items()) {
                if (!property.contains("description")) missing.push_back(where + "/" + name);
                walk(property, where + "/" + name);
            }
        for (const char* key : {"$defs", "items"})
            if (node.contains(key)) {
                if (std::string(key) == "$defs")
                    for (const auto& [name, def] : node[key].items()) walk(def, "$defs/" + name);
                else
                    walk(node[key], where + "[]");
            }
    };
    walk(schema, "");
    EXPECT_TRUE(missing.empty()) << "no description: " << ::testing::PrintToString(missing);
}

TEST(JsonReportSchema, ReportValidates) {
    if (!have_jsonschema()) GTEST_SKIP() << "/usr/bin/python3 with jsonschema is not available";
    std::string output;
    EXPECT_EQ(validate(to_json(sample_report()), output), 0) << output;
    Report empty;
    EXPECT_EQ(validate(to_json(empty), output), 0) << output;
}

TEST(JsonReportSchema, DriftIsRejected) {
    if (!have_jsonschema()) GTEST_SKIP() << "/usr/bin/python3 with jsonschema is not available";
    std::string output;
    const auto good = to_json(sample_report());

    auto extra_check_field = good;
    extra_check_field["devices"][0]["checks"][0]["extra"] = 1;
    EXPECT_NE(validate(extra_check_field, output), 0) << "an unknown check property must fail";

    auto extra_identity_field = good;
    extra_identity_field["devices"][0]["identity"]["name"] = "x";
    EXPECT_NE(validate(extra_identity_field, output), 0);

    auto bad_status = good;
    bad_status["devices"][0]["checks"][0]["status"] = "ok";
    EXPECT_NE(validate(bad_status, output), 0);

    auto bad_vid = good;
    bad_vid["devices"][0]["identity"]["vid"] = "303a";
    EXPECT_NE(validate(bad_vid, output), 0);

    auto bad_id = good;
    bad_id["devices"][0]["checks"][0]["id"] = "Ch9_config";
    EXPECT_NE(validate(bad_id, output), 0);

    auto device_extension = good;
    device_extension["devices"][0]["measurements"] = nlohmann::json::object();
    EXPECT_EQ(validate(device_extension, output), 0) << "devices stay open for later sections: " << output;
}

}  // namespace
}  // namespace usbcheck::reports
