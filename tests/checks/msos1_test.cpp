// Tests of the msos1 check family: the reference's vectors pass, a broken variant of each rule
// fails, and the corpus OS strings (EasySMX 0x90, NZXT 0xA7) pass.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include <fmt/format.h>

#include "check_test_util.h"
#include "checks/check.h"
#include "reports/report.h"
#include "test_util.h"
#include "usb/input.h"
#include "usb/probe.h"

namespace usbcheck {
namespace {

using checks::Status;
using test::is;
using test::result_of;

constexpr const char* k_os = "12 03 4d 00 53 00 46 00 54 00 31 00 30 00 30 00 cd 00";
constexpr const char* k_compat =
    "28 00 00 00 00 01 04 00 01 00 00 00 00 00 00 00 00 01 57 49 4e 55 53 42 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00";
constexpr const char* k_name = "49 00 64 00 6c 00 65 00 55 00 73 00 62 00 53 00 65 00 6c 00 65 00 63 00 74 00 69 00 76 00 65 00"
                               " 53 00 75 00 73 00 70 00 65 00 6e 00 64 00 50 00 6f 00 6c 00 69 00 63 00 79 00 00 00";
const std::string k_props = fmt::format("58 00 00 00 00 01 05 00 01 00  4e 00 00 00 04 00 00 00 3c 00 {} 04 00 00 00 01 00 00 00", k_name);

struct Ms1 {
    std::optional<std::string> os = k_os;  // nullopt: 0xEE stalls
    std::optional<std::string> compat = k_compat;
    std::optional<std::string> props0 = k_props;
    std::optional<std::string> props1_low;  // interface 1 answering with its number in the low byte
    bool two_interfaces = false;
};

usb::DescriptorSet probe(const Ms1& m) {
    test::FakeDevice fake;
    fake.device = "12 01 00 02 00 00 00 40 34 12 78 56 00 01 00 00 00 01";
    fake.configs = {m.two_interfaces ? "09 02 1b 00 02 01 00 80 32  09 04 00 00 00 ff 00 00 00  09 04 01 00 00 ff 00 00 00"
                                     : "09 02 12 00 01 01 00 80 32  09 04 00 00 00 ff 00 00 00"};
    auto snapshot = test::snapshot_of(fake);
    auto add = [&](usb::ControlSetup setup, const std::string& hex) {
        snapshot.control.push_back({setup, {usb::TransferStatus::ok, test::hex(hex)}});
    };
    if (m.os) add({0x80, 0x06, 0x03EE, 0, 0x12}, *m.os);
    if (m.compat) add({0xC0, 0xCD, 0, 4, 0xFFFF}, *m.compat);
    if (m.props0) add({0xC1, 0xCD, 0, 5, 0xFFFF}, *m.props0);
    if (m.props1_low) add({0xC1, 0xCD, 0x0001, 5, 0xFFFF}, *m.props1_low);
    usb::ReplayDevice replay(snapshot);
    return usb::probe(replay);
}

// Extended properties with one section: name and data as hex, lengths computed unless given.
std::string props(uint32_t type, const std::string& name, uint16_t nl, const std::string& data, std::optional<uint32_t> size = {},
                  std::optional<uint16_t> count = {}) {
    const size_t name_bytes = test::hex(name).size(), data_bytes = test::hex(data).size();
    const uint32_t dw_size = size.value_or(static_cast<uint32_t>(14 + name_bytes + data_bytes));
    const uint32_t dw_length = 10 + dw_size;
    return fmt::format("{:02x} {:02x} 00 00 00 01 05 00 {:02x} 00  {:02x} {:02x} 00 00 {:02x} 00 00 00 {:02x} {:02x} {} {:02x} {:02x} 00 00 {}",
                       dw_length & 0xFF, dw_length >> 8, count.value_or(1), dw_size & 0xFF, dw_size >> 8, type, nl & 0xFF, nl >> 8,
                       name, data_bytes & 0xFF, data_bytes >> 8, data);
}

std::string utf16(std::string_view text) {
    std::string out;
    for (char c : text) out += fmt::format("{:02x} 00 ", static_cast<uint8_t>(c));
    return out + "00 00";
}

void expect_all_pass(const usb::DescriptorSet& set) {
    for (const auto& def : checks::msos1_checks()) {
        const auto r = result_of(set, def.id);
        if (def.id == "msos1.ext-props.wvalue" && r.status == Status::skip) continue;
        EXPECT_EQ(r.status, Status::pass) << def.id << ": " << test::message_of(r) << r.skip_reason;
    }
}

TEST(Msos1, ReferenceVectorsPass) { expect_all_pass(probe({})); }

TEST(Msos1, NameLength62WithAdjustedLengthsFailsNaming60) {
    Ms1 m;
    // 60 name bytes plus two more, dwSize 0x50 and dwLength 0x5a adjusted to the 62.
    m.props0 = fmt::format("5a 00 00 00 00 01 05 00 01 00  50 00 00 00 04 00 00 00 3e 00 {} 00 00 04 00 00 00 01 00 00 00", k_name);
    const auto set = probe(m);
    EXPECT_TRUE(is(result_of(set, "msos1.ext-props.name-length"), Status::fail,
                   "wPropertyNameLength is 62 but the name needs 60 bytes (29 characters + NUL, UTF-16LE)"));
    EXPECT_TRUE(is(result_of(set, "msos1.ext-props.section-size"), Status::pass));
    EXPECT_TRUE(is(result_of(set, "msos1.ext-props.length"), Status::pass));
}

TEST(Msos1, NameLength62WithoutAdjustedLengthsFailsNaming60) {
    Ms1 m;
    m.props0 = fmt::format("58 00 00 00 00 01 05 00 01 00  4e 00 00 00 04 00 00 00 3e 00 {} 04 00 00 00 01 00 00 00", k_name);
    const auto set = probe(m);
    EXPECT_TRUE(is(result_of(set, "msos1.ext-props.name-length"), Status::fail, "the name needs 60 bytes (29 characters + NUL"));
    EXPECT_TRUE(is(result_of(set, "msos1.ext-props.section-size"), Status::fail));
}

TEST(Msos1, QemuDwSizeSixBytesTooLargeFails) {
    // QEMU desc-msos.c: SelectiveSuspendEnabled = DWORD 1, dwSize 72 (66 + 6), dwLength 82, 82 bytes sent.
    Ms1 m;
    m.props0 = "52 00 00 00 00 01 05 00 01 00  48 00 00 00 04 00 00 00 30 00 " + utf16("SelectiveSuspendEnabled") +
               " 04 00 00 00 01 00 00 00  00 00 00 00 00 00";
    const auto set = probe(m);
    EXPECT_TRUE(is(result_of(set, "msos1.ext-props.section-size"), Status::fail,
                   "dwSize is 72 but 14 + wPropertyNameLength 48 + dwPropertyDataLength 4 is 66"));
    EXPECT_TRUE(is(result_of(set, "msos1.ext-props.length"), Status::pass));
    EXPECT_TRUE(is(result_of(set, "msos1.ext-props.name-length"), Status::pass));
    EXPECT_TRUE(is(result_of(set, "msos1.ext-props.known"), Status::pass));
}

TEST(Msos1, OsStringRules) {
    Ms1 m;
    m.os = "14 03 4d 00 53 00 46 00 54 00 31 00 30 00 30 00 cd 00 00 00";
    EXPECT_TRUE(is(result_of(probe(m), "msos1.os-string.length"), Status::fail, "bLength is 20"));
    m.os = "12 04 4d 00 53 00 46 00 54 00 31 00 30 00 30 00 cd 00";
    EXPECT_TRUE(is(result_of(probe(m), "msos1.os-string.type"), Status::fail, "0x04"));
    m.os = "12 03 4d 00 53 00 46 00 54 00 31 00 30 00 31 00 cd 00";
    EXPECT_TRUE(is(result_of(probe(m), "msos1.os-string.signature"), Status::fail, "MSFT100"));
    m.os = "12 03 4d 00 53 00 46 00 54 00 31 00 30 00 30 00 cd 02";
    EXPECT_TRUE(is(result_of(probe(m), "msos1.os-string.pad"), Status::warn, "bPad is 0x02"));
}

TEST(Msos1, NoOsStringSkips) {
    Ms1 m;
    m.os.reset();
    EXPECT_TRUE(is(result_of(probe(m), "msos1.os-string.length"), Status::skip,
                   "the device has no Microsoft OS 1.0 string (0xEE stalled)"));
    EXPECT_TRUE(is(result_of(probe(m), "msos1.ext-props.name-length"), Status::skip, "0xEE stalled"));
}

TEST(Msos1, NotCapturedSkips) {
    test::FakeDevice fake;
    fake.device = "12 01 00 02 00 00 00 40 34 12 78 56 00 01 00 00 00 01";
    fake.configs = {"09 02 12 00 01 01 00 80 32  09 04 00 00 00 ff 00 00 00"};
    auto set = test::probe_fake(fake);
    set.msos = {};
    EXPECT_TRUE(is(result_of(set, "msos1.os-string.signature"), Status::skip, "not captured"));
}

std::string compat(const std::string& header_tail, const std::string& sections, uint8_t count, size_t length = 0) {
    const size_t total = length ? length : 16 + test::hex(sections).size();
    return fmt::format("{:02x} 00 00 00 {} {:02x} 00 00 00 00 00 00 00 {}", total, header_tail, count, sections);
}
constexpr const char* k_winusb0 = "00 01 57 49 4e 55 53 42 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00";
constexpr const char* k_winusb1 = "01 01 57 49 4e 55 53 42 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00";

TEST(Msos1, CompatIdRules) {
    Ms1 m;
    m.compat = compat("00 01 04 00", k_winusb0, 2, 40);
    EXPECT_TRUE(is(result_of(probe(m), "msos1.compat-id.length"), Status::fail, "16 + 24 x bCount (2) is 64"));
    m.compat = compat("10 01 04 00", k_winusb0, 1);
    EXPECT_TRUE(is(result_of(probe(m), "msos1.compat-id.header"), Status::fail, "bcdVersion is 0x0110"));
    m.compat = compat("00 01 05 00", k_winusb0, 1);
    EXPECT_TRUE(is(result_of(probe(m), "msos1.compat-id.header"), Status::fail, "wIndex is 0x0005"));
    m.compat = "28 00 00 00 00 01 04 00 01 00 00 07 00 00 00 00 " + std::string(k_winusb0);
    EXPECT_TRUE(is(result_of(probe(m), "msos1.compat-id.reserved"), Status::fail, "reserved byte 2"));
    m.compat = compat("00 01 04 00", k_winusb1, 1);
    EXPECT_TRUE(is(result_of(probe(m), "msos1.compat-id.interface"), Status::fail, "bFirstInterfaceNumber is 1"));
    m.compat = compat("00 01 04 00", "00 00 57 49 4e 55 53 42 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00", 1);
    EXPECT_TRUE(is(result_of(probe(m), "msos1.compat-id.reserved1"), Status::warn, "reserved1 is 0x00"));
    m.compat = compat("00 01 04 00", "00 01 57 69 6e 55 53 42 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00", 1);
    EXPECT_TRUE(is(result_of(probe(m), "msos1.compat-id.ids"), Status::fail, "compatibleID has byte 0x69"));
    m.compat = compat("00 01 04 00", "00 01 57 49 4e 55 53 42 00 00 00 00 00 58 00 00 00 00 00 00 00 00 00 00", 1);
    EXPECT_TRUE(is(result_of(probe(m), "msos1.compat-id.ids"), Status::fail, "subCompatibleID has byte 0x58 at position 3 after its NUL"));
    m.compat = compat("00 01 04 00", "00 01 57 49 4e 55 53 42 00 00 00 00 00 00 00 00 00 00 00 00 01 00 00 00", 1);
    EXPECT_TRUE(is(result_of(probe(m), "msos1.compat-id.reserved2"), Status::fail, "reserved2 byte 2"));
    m.two_interfaces = true;
    m.compat = compat("00 01 04 00", std::string(k_winusb1) + " " + k_winusb0, 2);
    EXPECT_TRUE(is(result_of(probe(m), "msos1.compat-id.order"), Status::fail, "expected ascending order"));
    m.compat = compat("00 01 04 00", std::string(k_winusb0) + " " + k_winusb0, 2);
    EXPECT_TRUE(is(result_of(probe(m), "msos1.compat-id.order"), Status::fail, "second function section"));
    m.compat = compat("00 01 04 00", std::string(k_winusb0) + " " + k_winusb1, 2);
    expect_all_pass(probe(m));
}

TEST(Msos1, ExtendedPropertiesRules) {
    Ms1 m;
    const std::string dword1 = "01 00 00 00";
    m.props0 = props(4, utf16("DeviceIdleEnabled"), 36, dword1, {}, 2);
    EXPECT_TRUE(is(result_of(probe(m), "msos1.ext-props.header"), Status::fail, "wCount is 2 but 1 property sections"));
    m.props0 = props(4, utf16("DeviceIdleEnabled"), 36, dword1, 60);
    EXPECT_TRUE(is(result_of(probe(m), "msos1.ext-props.section-size"), Status::fail, "dwSize is 60"));
    m.props0 = props(4, utf16("DeviceIdleEnabled"), 36, dword1);
    m.props0->replace(0, 2, "ff");
    EXPECT_TRUE(is(result_of(probe(m), "msos1.ext-props.length"), Status::fail, "dwLength is 255"));
    m.props0 = props(0, utf16("Foo"), 8, dword1);
    EXPECT_TRUE(is(result_of(probe(m), "msos1.ext-props.data-type"), Status::fail, "dwPropertyDataType is 0"));
    m.props0 = props(4, utf16("Foo"), 8, "01 00");
    EXPECT_TRUE(is(result_of(probe(m), "msos1.ext-props.data"), Status::fail, "REG_DWORD_LITTLE_ENDIAN data is 2 bytes"));
    m.props0 = props(1, utf16("Label"), 12, "41 00 42 00");
    EXPECT_TRUE(is(result_of(probe(m), "msos1.ext-props.data"), Status::fail, "does not end with a UTF-16LE NUL"));
    m.props0 = props(7, utf16("Labels"), 14, "41 00 00 00 42 00 00 00");
    EXPECT_TRUE(is(result_of(probe(m), "msos1.ext-props.data"), Status::fail, "two UTF-16LE NULs"));
    m.props0 = props(7, utf16("Labels"), 14, "41 00 00 00 42 00 00 00 00 00");
    expect_all_pass(probe(m));
    m.props0 = props(4, utf16("Foo"), 9, dword1);
    EXPECT_TRUE(is(result_of(probe(m), "msos1.ext-props.name-length"), Status::fail, "must be even"));
    m.props0 = props(4, "46 00 6f 00 6f 00", 6, dword1);
    EXPECT_TRUE(is(result_of(probe(m), "msos1.ext-props.name-length"), Status::fail, "no UTF-16LE NUL ends the name"));
    m.props0 = props(4, "46 00 00 00 6f 00 00 00", 8, dword1);
    EXPECT_TRUE(is(result_of(probe(m), "msos1.ext-props.name-length"), Status::fail, "the name needs 4 bytes (1 characters + NUL"));
    m.props0 = props(3, utf16("Blob"), 10, "00");
    m.props0->replace(0, 5, "9a 10");  // dwLength 4250 declared
    EXPECT_TRUE(is(result_of(probe(m), "msos1.ext-props.max-size"), Status::fail, "at most 4096"));
}

TEST(Msos1, KnownProperties) {
    Ms1 m;
    m.props0 = fmt::format("58 00 00 00 00 01 05 00 01 00  4e 00 00 00 04 00 00 00 3c 00 {} 04 00 00 00 02 00 00 00", k_name);
    EXPECT_TRUE(is(result_of(probe(m), "msos1.ext-props.known"), Status::fail, "IdleUsbSelectiveSuspendPolicy is 2 but expected 0 or 1"));
    m.props0 = props(1, utf16("deviceidleenabled"), 36, "31 00 00 00");
    EXPECT_TRUE(is(result_of(probe(m), "msos1.ext-props.known"), Status::fail, "DeviceIdleEnabled has type 1 (REG_SZ)"));
    m.props0 = props(1, utf16("DeviceInterfaceGUID"), 40, utf16("8FE6D4D7-49DD-41E7-9486-49AFC6BFE475"));
    EXPECT_TRUE(is(result_of(probe(m), "msos1.ext-props.known"), Status::fail, "expected {xxxxxxxx"));
    m.props0 = props(1, utf16("DeviceInterfaceGUID"), 40, utf16("{8FE6D4D7-49DD-41E7-9486-49AFC6BFE475}"));
    expect_all_pass(probe(m));
    m.props0 = props(7, utf16("DeviceInterfaceGUIDs"), 42, utf16("{8FE6D4D7-49DD-41E7-9486-49AFC6BFE475}") + " 00 00");
    expect_all_pass(probe(m));
    m.props0 = props(4, utf16("DefaultIdleTimeout"), 38, "88 13 00 00");
    expect_all_pass(probe(m));
}

TEST(Msos1, WValueByteOrderIsInformation) {
    Ms1 m;
    m.two_interfaces = true;
    m.compat = compat("00 01 04 00", std::string(k_winusb0) + " " + k_winusb1, 2);
    m.props1_low = k_props;
    const auto r = result_of(probe(m), "msos1.ext-props.wvalue");
    EXPECT_TRUE(is(r, Status::pass, "interface 1 answered with its number in the low byte of wValue"));
    EXPECT_TRUE(is(result_of(probe({}), "msos1.ext-props.wvalue"), Status::skip));
}

TEST(Msos1, EveryRuleNamesTheOsvcCache) {
    for (const auto& def : checks::msos1_checks())
        if (def.severity != checks::Severity::info) {
            EXPECT_NE(def.rationale.find("osvc"), std::string_view::npos) << def.id;
        }
}

// The describe tree keeps the raw bytes and adds the decoded fields (reports/describe_parts.cpp).
TEST(Msos1, DescribeShowsDecodedDescriptors) {
    const auto node = reports::describe_msos(probe({}));
    const auto field = [](const reports::DescribeNode& n, std::string_view name) -> std::string {
        for (const auto& f : n.fields)
            if (f.name == name) return f.text;
        return "(missing)";
    };
    const reports::DescribeNode* compat = nullptr;
    const reports::DescribeNode* props = nullptr;
    for (const auto& c : node.children) {
        if (c.kind == "os_string") {
            EXPECT_EQ(field(c, "qwSignature"), "MSFT100");
        }
        if (c.kind == "compat_id") compat = &c;
        if (c.kind == "extended_properties") props = &c;
    }
    ASSERT_TRUE(compat && props);
    EXPECT_FALSE(compat->raw.empty());
    ASSERT_EQ(compat->children.size(), 1u);
    EXPECT_EQ(field(compat->children[0], "compatibleID"), "WINUSB");
    ASSERT_EQ(props->children.size(), 1u);
    EXPECT_EQ(field(props->children[0], "name"), "IdleUsbSelectiveSuspendPolicy");
    EXPECT_EQ(field(props->children[0], "value"), "1 (0x00000001)");
    EXPECT_EQ(field(props->children[0], "wPropertyNameLength"), "60");
}

TEST(Msos1, CorpusOsStringsPass) {
    for (const char* file : {"tests/corpus/easysmx_pc-joystick-xinput_2f24-00ba.usbtreeview.txt",
                             "tests/corpus/nzxt_kraken-lcd-aio_1e71-3012.msos10-partial.txt"}) {
        SCOPED_TRACE(file);
        auto input = usb::load_input_file(test::source_path(file));
        ASSERT_TRUE(input) << input.error().message;
        usb::ReplayDevice replay(std::move(input->devices.at(0)));
        const auto set = usb::probe(replay);
        for (const char* id : {"msos1.os-string.length", "msos1.os-string.type", "msos1.os-string.signature", "msos1.os-string.pad"})
            EXPECT_TRUE(is(result_of(set, id), Status::pass)) << id;
    }
}

}  // namespace
}  // namespace usbcheck
