// Shared test helpers.
#include "test_util.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace usbcheck::test {

usb::Bytes hex(std::string_view text) {
    usb::Bytes out;
    int nibble = -1;
    for (char c : text) {
        int v;
        if (c >= '0' && c <= '9') v = c - '0';
        else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
        else if (c == ' ' || c == '\n' || c == '\t') {
            if (nibble >= 0) { std::fprintf(stderr, "test hex: odd digit count\n"); std::abort(); }
            continue;
        } else {
            std::fprintf(stderr, "test hex: bad character '%c'\n", c);
            std::abort();
        }
        if (nibble < 0) nibble = v;
        else { out.push_back(static_cast<uint8_t>(nibble << 4 | v)); nibble = -1; }
    }
    if (nibble >= 0) { std::fprintf(stderr, "test hex: odd digit count\n"); std::abort(); }
    return out;
}

std::string make_temp_dir(std::string_view prefix) {
    std::string pattern = ::testing::TempDir() + std::string(prefix) + "_XXXXXX";
    return ::mkdtemp(pattern.data()) ? pattern : std::string();
}

std::string source_path(std::string_view relative) {
    return std::string(USBCHECK_SOURCE_DIR) + "/" + std::string(relative);
}

}  // namespace usbcheck::test

#include <fmt/format.h>

#include "usb/probe.h"

namespace usbcheck::test {

namespace {
void add(usb::Snapshot& s, uint8_t rt, uint16_t wvalue, uint16_t windex, const usb::Bytes& data) {
    usb::ControlSetup setup{rt, 0x06, wvalue, windex, static_cast<uint16_t>(data.size())};
    s.control.push_back({setup, {usb::TransferStatus::ok, data}});
}
}  // namespace

usb::Snapshot snapshot_of(const FakeDevice& d) {
    usb::Snapshot s;
    s.source = "test";
    s.speed = d.speed;
    s.complete = true;
    add(s, 0x80, 0x0100, 0, hex(d.device));
    for (size_t i = 0; i < d.configs.size(); ++i) add(s, 0x80, static_cast<uint16_t>(0x0200 | i), 0, hex(d.configs[i]));
    if (d.bos) add(s, 0x80, 0x0F00, 0, hex(*d.bos));
    else if (d.bos_not_captured)
        s.control.push_back({{0x80, 0x06, 0x0F00, 0, 5}, {usb::TransferStatus::not_captured, {}}});
    if (d.qualifier) add(s, 0x80, 0x0600, 0, hex(*d.qualifier));
    for (size_t i = 0; i < d.other_speed.size(); ++i) add(s, 0x80, static_cast<uint16_t>(0x0700 | i), 0, hex(d.other_speed[i]));
    for (const auto& [index, bytes] : d.strings)
        add(s, 0x80, static_cast<uint16_t>(0x0300 | index), index == 0 ? 0 : 0x0409, hex(bytes));
    return s;
}

usb::DescriptorSet probe_fake(const FakeDevice& device) {
    usb::ReplayDevice replay(snapshot_of(device));
    return usb::probe(replay);
}

std::string string_descriptor_hex(std::string_view text) {
    std::string out = fmt::format("{:02x} 03", 2 + 2 * text.size());
    for (unsigned char c : text) out += fmt::format(" {:02x} 00", c);
    return out;
}

}  // namespace usbcheck::test

namespace usbcheck::test {

namespace {

int shell(const std::string& command) {
    const int status = std::system(command.c_str());
    if (status == -1 || !WIFEXITED(status)) return -1;
    return WEXITSTATUS(status);
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

bool have_validators() {
    return shell("/usr/bin/python3 -c 'import jsonschema' >/dev/null 2>&1") == 0 &&
           shell("command -v xmllint >/dev/null 2>&1") == 0;
}

bool validate_json_schema(const std::string& json_path, const std::string& schema_path, std::string& why) {
    const std::string log = json_path + ".schema.log";
    const std::string command =
        "/usr/bin/python3 -c \"import json,sys,jsonschema; s=json.load(open(sys.argv[1])); "
        "jsonschema.Draft202012Validator.check_schema(s); "
        "errs=list(jsonschema.Draft202012Validator(s).iter_errors(json.load(open(sys.argv[2])))); "
        "[print(list(e.path), e.message) for e in errs[:5]]; sys.exit(1 if errs else 0)\" '" +
        schema_path + "' '" + json_path + "' >'" + log + "' 2>&1";
    const bool ok = shell(command) == 0;
    if (!ok) why = slurp(log);
    return ok;
}

bool validate_junit(const std::string& xml_path, std::string& why) {
    const std::string log = xml_path + ".xsd.log";
    const std::string command = "xmllint --noout --schema '" + source_path("tests/schemas/junit-ant.xsd") + "' '" +
                                xml_path + "' >'" + log + "' 2>&1";
    const bool ok = shell(command) == 0;
    if (!ok) why = slurp(log);
    return ok;
}

}  // namespace usbcheck::test
