// Tests of the msos2 check family: the TinyUSB webusb set passes, a synthetic set passes, and a
// broken variant of each rule fails.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include <fmt/format.h>

#include "check_test_util.h"
#include "checks/check.h"
#include "test_util.h"
#include "usb/input.h"
#include "usb/probe.h"

namespace usbcheck {
namespace {

using checks::Status;
using test::is;
using test::result_of;

size_t size_of(const std::string& hex) { return test::hex(hex).size(); }
std::string le16(size_t v) { return fmt::format("{:02x} {:02x}", v & 0xFF, (v >> 8) & 0xFF); }
std::string utf16(std::string_view text) {
    std::string out;
    for (char c : text) out += fmt::format("{:02x} 00 ", static_cast<uint8_t>(c));
    return out + "00 00";
}

std::string set_of(const std::string& body, uint32_t windows = 0x06030000, std::optional<size_t> total = {}) {
    return fmt::format("0a 00 00 00 {:02x} {:02x} {:02x} {:02x} {} {}", windows & 0xFF, (windows >> 8) & 0xFF, (windows >> 16) & 0xFF,
                       windows >> 24, le16(total.value_or(10 + size_of(body))), body);
}
std::string config_subset(const std::string& body, uint8_t value = 0, std::optional<size_t> total = {}) {
    return fmt::format("08 00 01 00 {:02x} 00 {} {}", value, le16(total.value_or(8 + size_of(body))), body);
}
std::string function_subset(uint8_t first, const std::string& body, std::optional<size_t> total = {}) {
    return fmt::format("08 00 02 00 {:02x} 00 {} {}", first, le16(total.value_or(8 + size_of(body))), body);
}
constexpr const char* k_winusb = "14 00 03 00 57 49 4e 55 53 42 00 00 00 00 00 00 00 00 00 00";
std::string property(uint16_t type, const std::string& name, const std::string& data, std::optional<size_t> nl = {}) {
    const size_t n = nl.value_or(size_of(name)), d = size_of(data);
    return fmt::format("{} 04 00 {} {} {} {} {}", le16(10 + size_of(name) + d), le16(type), le16(n), name, le16(d), data);
}
const std::string k_guids = property(7, utf16("DeviceInterfaceGUIDs"), utf16("{975F44D9-0D08-43FD-8B3E-127CA8AFFF9D}") + " 00 00");

struct Ms2 {
    std::optional<std::string> set = set_of(std::string(k_winusb) + " " + k_guids);
    std::optional<size_t> cap_total;  // default: the set's size
    uint32_t cap_windows = 0x06030000;
    std::string config = "09 02 12 00 01 01 00 80 32  09 04 00 00 00 ff 00 00 00";
};

usb::DescriptorSet probe(const Ms2& m) {
    const size_t total = m.cap_total.value_or(m.set ? size_of(*m.set) : 0xB2);
    test::FakeDevice fake;
    fake.device = "12 01 10 02 00 00 00 40 34 12 78 56 00 01 00 00 00 01";
    fake.configs = {m.config};
    fake.bos = fmt::format("05 0f 28 00 02  07 10 02 06 00 00 00  1c 10 05 00 df 60 dd d8 89 45 c7 4c 9c d2 65 9d 9e 64 8a 9f"
                           " {:02x} {:02x} {:02x} {:02x} {} 01 00",
                           m.cap_windows & 0xFF, (m.cap_windows >> 8) & 0xFF, (m.cap_windows >> 16) & 0xFF, m.cap_windows >> 24,
                           le16(total));
    auto snapshot = test::snapshot_of(fake);
    if (m.set) snapshot.control.push_back({{0xC0, 0x01, 0, 7, 0xFFFF}, {usb::TransferStatus::ok, test::hex(*m.set)}});
    usb::ReplayDevice replay(snapshot);
    return usb::probe(replay);
}

void expect_all_pass(const usb::DescriptorSet& set) {
    for (const auto& def : checks::msos2_checks()) {
        const auto r = result_of(set, def.id);
        EXPECT_TRUE(r.status == Status::pass || (r.status == Status::skip && r.skip_reason.find("has no") != std::string::npos))
            << def.id << ": " << test::message_of(r) << r.skip_reason;
    }
}

TEST(Msos2, TinyUsbWebUsbSetPasses) {
    auto input = usb::load_input_file(test::source_path("tests/corpus/tinyusb_webusb-serial-example_cafe-401f.firmware.txt"));
    ASSERT_TRUE(input) << input.error().message;
    usb::ReplayDevice replay(std::move(input->devices.at(0)));
    const auto set = usb::probe(replay);
    expect_all_pass(set);
    EXPECT_TRUE(is(result_of(set, "msos2.subset.length"), Status::pass));
    EXPECT_TRUE(is(result_of(set, "msos2.function.first-interface"), Status::pass));
    EXPECT_TRUE(is(result_of(set, "msos2.property.known"), Status::pass));
}

TEST(Msos2, DeviceLevelSetPasses) { expect_all_pass(probe({})); }

TEST(Msos2, NoCapabilityIsNotApplicable) {
    test::FakeDevice fake;
    fake.device = "12 01 00 02 00 00 00 40 34 12 78 56 00 01 00 00 00 01";
    fake.configs = {"09 02 12 00 01 01 00 80 32  09 04 00 00 00 ff 00 00 00"};
    EXPECT_TRUE(is(result_of(test::probe_fake(fake), "msos2.set.answered"), Status::skip));
}

TEST(Msos2, SetRules) {
    Ms2 m;
    m.set.reset();
    EXPECT_TRUE(is(result_of(probe(m), "msos2.set.answered"), Status::fail, "stalled"));
    m = {};
    m.cap_total = size_of(*m.set) + 2;
    EXPECT_TRUE(is(result_of(probe(m), "msos2.set.length"), Status::fail, "wMSOSDescriptorSetTotalLength is"));
    m = {};
    m.set = set_of(k_winusb, 0x06030000, 40);
    EXPECT_TRUE(is(result_of(probe(m), "msos2.set.length"), Status::fail, "the set header wTotalLength is 40"));
    m = {};
    m.cap_windows = 0x0A000000;
    EXPECT_TRUE(is(result_of(probe(m), "msos2.set.header"), Status::fail, "dwWindowsVersion is 0x06030000 but the BOS capability says 0x0a000000"));
    m = {};
    m.set = std::string(k_winusb);
    EXPECT_TRUE(is(result_of(probe(m), "msos2.set.header"), Status::fail, "expected the set header"));
}

TEST(Msos2, DescriptorRules) {
    Ms2 m;
    m.set = set_of("04 00 09 00");
    EXPECT_TRUE(is(result_of(probe(m), "msos2.descriptor.type"), Status::fail, "wDescriptorType is 9"));
    m.set = set_of("16 00 03 00 57 49 4e 55 53 42 00 00 00 00 00 00 00 00 00 00 00 00");
    EXPECT_TRUE(is(result_of(probe(m), "msos2.descriptor.length"), Status::fail, "compatible ID wLength is 22 but expected 20"));
    m.set = set_of("06 00 08 00 00 00");
    EXPECT_TRUE(is(result_of(probe(m), "msos2.vendor-revision"), Status::fail, "VendorRevision is 0x0000"));
    m.set = set_of("06 00 05 00 0b 00");
    EXPECT_TRUE(is(result_of(probe(m), "msos2.min-resume-time"), Status::fail, "bResumeRecoveryTime is 11"));
    EXPECT_TRUE(is(result_of(probe(m), "msos2.min-resume-time"), Status::fail, "bResumeSignalingTime is 0"));
    m.set = set_of("06 00 05 00 0a 14  06 00 08 00 01 00  04 00 07 00  14 00 06 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10");
    expect_all_pass(probe(m));
    m.set = set_of("14 00 03 00 57 69 6e 55 53 42 00 00 00 00 00 00 00 00 00 00");
    EXPECT_TRUE(is(result_of(probe(m), "msos2.compatible-id"), Status::fail, "CompatibleID has byte 0x69"));
}

TEST(Msos2, SubsetsAndNesting) {
    Ms2 m;
    const std::string two = "09 02 2c 00 03 01 00 80 32  08 0b 00 02 ff 00 00 00  09 04 00 00 00 ff 00 00 00  09 04 01 00 00 ff 00 00 00"
                            "  09 04 02 00 00 ff 00 00 00";
    m.config = two;
    m.set = set_of(config_subset(function_subset(2, k_winusb)));
    expect_all_pass(probe(m));
    m.set = set_of(config_subset(function_subset(2, k_winusb), 0, 16));
    EXPECT_TRUE(is(result_of(probe(m), "msos2.subset.length"), Status::fail, "wSubsetLength is 28 but"));
    m.set = set_of(config_subset(function_subset(2, k_winusb, 30)));
    EXPECT_TRUE(is(result_of(probe(m), "msos2.subset.length"), Status::fail, "function subset wSubsetLength is 30"));
    m.set = set_of(config_subset(function_subset(2, k_winusb), 1));
    EXPECT_TRUE(is(result_of(probe(m), "msos2.configuration-index"), Status::warn, "bConfigurationValue is 1 but this is configuration subset 0"));
    m.set = set_of(config_subset(function_subset(7, k_winusb)));
    EXPECT_TRUE(is(result_of(probe(m), "msos2.function.first-interface"), Status::fail, "bFirstInterface is 7"));
    m.set = set_of(config_subset(function_subset(1, k_winusb)));
    EXPECT_TRUE(is(result_of(probe(m), "msos2.function.first-interface"), Status::fail, "its function starts at interface 0"));
    m.set = set_of(function_subset(2, k_winusb));
    EXPECT_TRUE(is(result_of(probe(m), "msos2.nesting"), Status::fail, "a function subset is inside a set header"));
    m.set = set_of(config_subset(function_subset(2, "06 00 05 00 0a 14")));
    EXPECT_TRUE(is(result_of(probe(m), "msos2.nesting"), Status::fail, "a minimum resume time is inside a function subset"));
    m.set = set_of(config_subset(k_winusb));
    EXPECT_TRUE(is(result_of(probe(m), "msos2.nesting"), Status::fail, "a compatible ID is inside a configuration subset"));
    m = {};
    m.set = set_of(config_subset(function_subset(0, k_winusb)));
    EXPECT_TRUE(is(result_of(probe(m), "msos2.function.single-function"), Status::warn, "single-function device"));
}

TEST(Msos2, RegistryProperties) {
    Ms2 m;
    const std::string guid = utf16("{975F44D9-0D08-43FD-8B3E-127CA8AFFF9D}");
    m.set = set_of(property(0, utf16("Foo"), "01 00 00 00"));
    EXPECT_TRUE(is(result_of(probe(m), "msos2.property.data-type"), Status::fail, "wPropertyDataType is 0"));
    m.set = set_of(property(7, utf16("DeviceInterfaceGUIDs"), guid + " 00 00", 44));
    EXPECT_TRUE(is(result_of(probe(m), "msos2.property.name-length"), Status::fail,
                   "wPropertyNameLength is 44 but the name needs 42 bytes (20 characters + NUL, UTF-16LE)"));
    m.set = set_of(property(7, utf16("DeviceInterfaceGUIDs"), guid));
    EXPECT_TRUE(is(result_of(probe(m), "msos2.property.data"), Status::fail, "two UTF-16LE NULs"));
    m.set = set_of(property(1, utf16("DeviceInterfaceGUIDs"), guid));
    EXPECT_TRUE(is(result_of(probe(m), "msos2.property.known"), Status::fail, "expected REG_MULTI_SZ (7)"));
    m.set = set_of(property(4, utf16("IdleUsbSelectiveSuspendPolicy"), "05 00 00 00"));
    EXPECT_TRUE(is(result_of(probe(m), "msos2.property.known"), Status::fail, "IdleUsbSelectiveSuspendPolicy is 5"));
    m.set = set_of(property(4, utf16("IdleUsbSelectiveSuspendPolicy"), "01 00 00 00"));
    expect_all_pass(probe(m));
}

}  // namespace
}  // namespace usbcheck
