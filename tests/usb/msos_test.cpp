// Tests of the Microsoft OS descriptor parsers: the reference's byte-exact vectors, truncated and
// malformed inputs (a model plus notes, never a crash), and the registry value texts.
#include <gtest/gtest.h>

#include "test_util.h"
#include "usb/input.h"
#include "usb/msos.h"
#include "usb/probe.h"

namespace usbcheck {
namespace {

namespace msos = usb::msos;

// usb-reference 3.3: one WINUSB function on interface 0, 40 bytes.
constexpr const char* k_compat =
    "28 00 00 00 00 01 04 00 01 00 00 00 00 00 00 00 00 01 57 49 4e 55 53 42 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00";
// usb-reference 3.5: IdleUsbSelectiveSuspendPolicy = DWORD 1 (dwLength 0x58, dwSize 0x4E, NL 0x3C).
constexpr const char* k_props =
    "58 00 00 00 00 01 05 00 01 00  4e 00 00 00 04 00 00 00 3c 00"
    " 49 00 64 00 6c 00 65 00 55 00 73 00 62 00 53 00 65 00 6c 00 65 00 63 00 74 00 69 00 76 00 65 00"
    " 53 00 75 00 73 00 70 00 65 00 6e 00 64 00 50 00 6f 00 6c 00 69 00 63 00 79 00 00 00"
    " 04 00 00 00 01 00 00 00";

TEST(MsOs, OsStringReferenceVector) {
    std::vector<msos::Note> notes;
    auto s = msos::parse_os_string(test::hex("12 03 4d 00 53 00 46 00 54 00 31 00 30 00 30 00 cd 00"), notes);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->bLength, 0x12);
    EXPECT_EQ(s->bDescriptorType, 3);
    EXPECT_TRUE(s->signature_ok);
    EXPECT_EQ(s->bMS_VendorCode, 0xCD);
    EXPECT_EQ(s->bPad, 0);
    EXPECT_TRUE(notes.empty());
}

TEST(MsOs, ShortOsStringGivesANote) {
    std::vector<msos::Note> notes;
    auto s = msos::parse_os_string(test::hex("12 03 4d 00"), notes);
    ASSERT_TRUE(s);
    EXPECT_FALSE(s->signature_ok);
    EXPECT_EQ(notes.size(), 1u);
    EXPECT_FALSE(msos::parse_os_string({}, notes));
}

TEST(MsOs, CompatIdReferenceVector) {
    std::vector<msos::Note> notes;
    auto c = msos::parse_compat_id(test::hex(k_compat), notes);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->dwLength, 40u);
    EXPECT_EQ(c->bcdVersion, 0x0100);
    EXPECT_EQ(c->wIndex, 4);
    EXPECT_EQ(c->bCount, 1);
    ASSERT_EQ(c->functions.size(), 1u);
    EXPECT_EQ(c->functions[0].offset, 16u);
    EXPECT_EQ(c->functions[0].reserved1, 1);
    EXPECT_EQ(c->functions[0].compatible_id(), "WINUSB");
    EXPECT_EQ(c->functions[0].sub_compatible_id(), "");
    EXPECT_TRUE(notes.empty());
}

TEST(MsOs, TruncatedCompatIdKeepsTheHeader) {
    std::vector<msos::Note> notes;
    auto c = msos::parse_compat_id(test::hex("28 00 00 00 00 01 04 00 01 00 00 00 00 00 00 00 00 01 57"), notes);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->bCount, 1);
    EXPECT_TRUE(c->functions.empty());
    EXPECT_FALSE(notes.empty());
}

TEST(MsOs, ExtendedPropertiesReferenceVector) {
    std::vector<msos::Note> notes;
    auto e = msos::parse_extended_properties(test::hex(k_props), notes);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->dwLength, 0x58u);
    EXPECT_EQ(e->wCount, 1);
    ASSERT_EQ(e->properties.size(), 1u);
    const auto& p = e->properties[0];
    EXPECT_EQ(p.offset, 10u);
    EXPECT_EQ(p.dwSize, 0x4Eu);
    EXPECT_EQ(p.dwPropertyDataType, 4u);
    EXPECT_EQ(p.wPropertyNameLength, 60);
    EXPECT_EQ(p.name, "IdleUsbSelectiveSuspendPolicy");
    EXPECT_EQ(p.dwPropertyDataLength, 4u);
    EXPECT_TRUE(p.complete);
    EXPECT_EQ(msos::property_value_text(p.dwPropertyDataType, p.data), "1 (0x00000001)");
    EXPECT_TRUE(notes.empty());
}

TEST(MsOs, ExtendedPropertiesWalkIsBoundedByTheBytes) {
    std::vector<msos::Note> notes;
    // dwSize 0 and a name length far past the end.
    auto e = msos::parse_extended_properties(test::hex("20 00 00 00 00 01 05 00 02 00 00 00 00 00 01 00 00 00 ff ff 41 00 42 00"), notes);
    ASSERT_TRUE(e);
    ASSERT_EQ(e->properties.size(), 1u);
    EXPECT_FALSE(e->properties[0].complete);
    EXPECT_FALSE(notes.empty());
}

TEST(MsOs, TinyUsbSetTree) {
    auto input = usb::load_input_file(test::source_path("tests/corpus/tinyusb_webusb-serial-example_cafe-401f.firmware.txt"));
    ASSERT_TRUE(input) << input.error().message;
    usb::ReplayDevice replay(std::move(input->devices.at(0)));
    const auto set = usb::probe(replay);
    std::vector<msos::Note> notes;
    auto s = msos::parse_set20(set.msos.msos20_set.bytes, notes);
    ASSERT_TRUE(s && s->header);
    EXPECT_TRUE(notes.empty());
    EXPECT_EQ(s->header->wTotalLength, 0xB2);
    EXPECT_EQ(s->header->dwWindowsVersion, 0x06030000u);
    ASSERT_EQ(s->header->children.size(), 1u);
    const auto& config = s->header->children[0];
    EXPECT_EQ(config.wDescriptorType, 1);
    EXPECT_EQ(config.wTotalLength, 168);
    ASSERT_EQ(config.children.size(), 1u);
    const auto& function = config.children[0];
    EXPECT_EQ(function.bFirstInterface, 2);
    ASSERT_EQ(function.children.size(), 2u);
    EXPECT_EQ(function.children[0].compatible_id, "WINUSB");
    const auto& prop = function.children[1];
    EXPECT_EQ(prop.property_name, "DeviceInterfaceGUIDs");
    EXPECT_EQ(prop.wPropertyNameLength, 0x2A);
    EXPECT_EQ(msos::registry_type_name(prop.wPropertyDataType), "REG_MULTI_SZ");
    EXPECT_EQ(msos::property_value_text(prop.wPropertyDataType, prop.property_data).size(), 38u);
}

TEST(MsOs, SetWithZeroLengthStops) {
    std::vector<msos::Note> notes;
    auto s = msos::parse_set20(test::hex("0a 00 00 00 00 00 03 06 12 00  00 00 01 00 08 00 01 00"), notes);
    ASSERT_TRUE(s && s->header);
    EXPECT_FALSE(notes.empty());
    // A subset nested in itself many times is cut off, not recursed without bound.
    std::string nested = "0a 00 00 00 00 00 03 06 00 01";
    for (int i = 0; i < 30; ++i) nested += " 08 00 01 00 00 00 f0 00";
    notes.clear();
    EXPECT_TRUE(msos::parse_set20(test::hex(nested), notes));
}

TEST(MsOs, ValueTexts) {
    EXPECT_EQ(msos::registry_type_name(1), "REG_SZ");
    EXPECT_EQ(msos::registry_type_name(7), "REG_MULTI_SZ");
    EXPECT_EQ(msos::registry_type_name(9), "");
    EXPECT_EQ(msos::property_value_text(1, test::hex("41 00 42 00 00 00")), "AB");
    EXPECT_EQ(msos::property_value_text(7, test::hex("41 00 00 00 42 00 00 00 00 00")), "A; B");
    EXPECT_EQ(msos::property_value_text(5, test::hex("00 00 13 88")), "5000 (0x00001388)");
    EXPECT_EQ(msos::property_value_text(3, test::hex("01 ab")), "01 ab");
}

}  // namespace
}  // namespace usbcheck
