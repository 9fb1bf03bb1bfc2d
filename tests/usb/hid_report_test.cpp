// Tests of the HID report descriptor parser and the report decoder (usb/hid_report.h).
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include <filesystem>
#include <fstream>

#include "test_util.h"
#include "usb/hid_report.h"
#include "usb/linux/sysfs.h"

namespace usbcheck {
namespace {

using usb::hid::NoteKind;
using usb::hid::ReportType;

constexpr std::string_view k_keyboard =
    "05 01 09 06 a1 01 05 07 19 e0 29 e7 15 00 25 01 75 01 95 08 81 02 95 01 75 08 81 03 95 05 75 01 05 08 19 01 "
    "29 05 91 02 95 01 75 03 91 03 95 06 75 08 15 00 25 65 05 07 19 00 29 65 81 00 c0";
constexpr std::string_view k_mouse =
    "05 01 09 02 a1 01 09 01 a1 00 05 09 19 01 29 03 15 00 25 01 95 03 75 01 81 02 95 01 75 05 81 01 05 01 09 30 "
    "09 31 15 81 25 7f 75 08 95 02 81 06 c0 c0";

usb::hid::ReportDescriptor parse(std::string_view text) {
    const auto bytes = test::hex(text);
    return usb::hid::parse_report_descriptor(bytes);
}

bool has_note(const usb::hid::ReportDescriptor& d, NoteKind kind) {
    for (const auto& n : d.notes)
        if (n.kind == kind) return true;
    return false;
}

TEST(HidReport, BootKeyboardReportsAndFields) {
    const auto d = parse(k_keyboard);
    EXPECT_TRUE(d.notes.empty());
    EXPECT_EQ(test::hex(k_keyboard).size(), 63u);
    ASSERT_EQ(d.reports.size(), 2u);
    const auto* in = d.find(ReportType::input, 0);
    ASSERT_NE(in, nullptr);
    EXPECT_EQ(in->size_bits, 64u);
    EXPECT_EQ(in->size_bytes(), 8u);
    ASSERT_EQ(in->fields.size(), 3u);
    EXPECT_EQ(in->fields[0].item_offset, 0x14u);
    EXPECT_EQ(in->fields[0].usage_at(1), 0x000700E1u);
    EXPECT_EQ(in->fields[1].bit_offset, 8u);
    EXPECT_TRUE(in->fields[1].constant());
    EXPECT_EQ(in->fields[2].bit_offset, 16u);
    EXPECT_EQ(in->fields[2].report_count, 6u);
    EXPECT_EQ(in->fields[2].logical_maximum, 0x65);
    EXPECT_EQ(in->fields[2].flags_text(), "Data,Arr,Abs");
    const auto* out = d.find(ReportType::output, 0);
    ASSERT_NE(out, nullptr);
    EXPECT_EQ(out->size_bits, 8u);
    ASSERT_EQ(d.collections.size(), 1u);
    EXPECT_EQ(d.collections[0].usage, 0x00010006u);
    EXPECT_EQ(in->fields[0].application, std::optional<size_t>(0));
}

TEST(HidReport, ItemsCarryNamesValuesAndDepth) {
    const auto d = parse(k_mouse);
    ASSERT_GE(d.items.size(), 5u);
    EXPECT_EQ(d.items[0].name, "Usage Page");
    EXPECT_EQ(d.items[0].value, "Generic Desktop");
    EXPECT_EQ(d.items[2].value, "Application (Mouse)");
    EXPECT_EQ(d.items[4].depth, 1u);
    EXPECT_EQ(d.items[5].depth, 2u);  // inside the Physical collection
    EXPECT_EQ(d.items.back().name, "End Collection");
    EXPECT_EQ(d.items.back().depth, 0u);
    // Logical Minimum 15 81 is -127.
    EXPECT_EQ(d.reports[0].fields[2].logical_minimum, -127);
}

TEST(HidReport, LongItemsAreSkippedWhole) {
    const auto d = parse("fe 02 10 aa bb 05 01");
    ASSERT_EQ(d.items.size(), 2u);
    EXPECT_TRUE(d.items[0].long_item);
    EXPECT_EQ(d.items[0].length, 5u);
    EXPECT_EQ(d.items[1].offset, 5u);
    EXPECT_TRUE(d.notes.empty());
    EXPECT_TRUE(has_note(parse("fe 05 10 aa"), NoteKind::item));
}

TEST(HidReport, FourByteItemsAndExtendedUsages) {
    const auto d = parse("0b 06 00 01 00 a1 01 15 00 27 ff ff 00 00 75 10 95 01 81 02 c0");
    ASSERT_EQ(d.collections.size(), 1u);
    EXPECT_EQ(d.collections[0].usage, 0x00010006u);
    EXPECT_EQ(d.reports[0].fields[0].logical_maximum, 65535);
    EXPECT_TRUE(d.notes.empty());
}

TEST(HidReport, PushPopRestoresGlobals) {
    const auto d = parse("05 01 09 00 a1 01 15 00 25 01 75 01 95 08 a4 75 08 95 02 81 02 b4 81 02 c0");
    ASSERT_EQ(d.reports.size(), 1u);
    ASSERT_EQ(d.reports[0].fields.size(), 2u);
    EXPECT_EQ(d.reports[0].fields[0].report_size, 8u);
    EXPECT_EQ(d.reports[0].fields[1].report_size, 1u);
    EXPECT_EQ(d.reports[0].fields[1].bit_offset, 16u);
    EXPECT_TRUE(d.notes.empty());
    EXPECT_TRUE(has_note(parse("b4"), NoteKind::push_pop));
    EXPECT_TRUE(has_note(parse("a4"), NoteKind::push_pop));
}

TEST(HidReport, NotesForEachRule) {
    EXPECT_TRUE(has_note(parse("05 01 09 06 a1 01 26 ff"), NoteKind::item));
    EXPECT_TRUE(has_note(parse("0c"), NoteKind::item));
    EXPECT_TRUE(has_note(parse("a1 01"), NoteKind::collection));
    EXPECT_TRUE(has_note(parse("c0"), NoteKind::collection));
    EXPECT_TRUE(has_note(parse("81 02"), NoteKind::missing_global));
    EXPECT_FALSE(has_note(parse("75 08 95 01 81 01"), NoteKind::missing_global));
    EXPECT_TRUE(has_note(parse("15 00 25 ff 75 08 95 01 81 02"), NoteKind::logical_range));
    EXPECT_FALSE(has_note(parse("15 81 25 7f 75 08 95 01 81 02"), NoteKind::logical_range));
    EXPECT_TRUE(has_note(parse("85 00"), NoteKind::report_id));
    EXPECT_TRUE(has_note(parse("15 00 25 01 75 08 95 01 81 02 85 01 81 02"), NoteKind::report_id));
    EXPECT_FALSE(has_note(parse("85 01 15 00 25 01 75 08 95 01 81 02 85 02 81 02"), NoteKind::report_id));
}

TEST(HidReport, ReportIdsSeparateReports) {
    const auto d = parse("85 01 15 00 25 01 75 08 95 01 81 02 85 02 95 03 81 02 b1 02");
    EXPECT_TRUE(d.uses_report_ids);
    ASSERT_EQ(d.reports.size(), 3u);
    EXPECT_EQ(d.find(ReportType::input, 2)->size_bits, 24u);
    EXPECT_EQ(d.find(ReportType::input, 2)->size_bytes(), 4u);
    EXPECT_EQ(d.find(ReportType::feature, 2)->size_bits, 24u);
}

TEST(HidReport, AnyBytesParseWithoutCrashing) {
    const auto keyboard = test::hex(k_keyboard);
    for (size_t n = 0; n <= keyboard.size(); ++n) {
        const std::vector<uint8_t> prefix(keyboard.begin(), keyboard.begin() + static_cast<std::ptrdiff_t>(n));
        const auto d = usb::hid::parse_report_descriptor(prefix);
        EXPECT_LE(d.items.size(), n);
    }
    std::vector<uint8_t> noise(512);
    uint32_t x = 12345;
    for (auto& b : noise) b = static_cast<uint8_t>((x = x * 1103515245 + 12345) >> 16);
    const auto d = usb::hid::parse_report_descriptor(noise);
    EXPECT_FALSE(d.items.empty());
}

TEST(HidDecode, KeyboardReportNamesKeys) {
    const auto d = parse(k_keyboard);
    const auto r = usb::hid::decode_report(d, test::hex("12 00 04 1e 28 29 2a 2c"));
    ASSERT_TRUE(r);
    ASSERT_EQ(r->pressed.size(), 8u);
    EXPECT_EQ(r->to_string(), "pressed Left Shift, Right Control, A, 1, Enter, Escape, Backspace, Space");
    const auto more = usb::hid::decode_report(d, test::hex("00 00 2b 3a 45 4f 50 52"));
    ASSERT_TRUE(more);
    EXPECT_EQ(more->to_string(), "pressed Tab, F1, F12, Right Arrow, Left Arrow, Up Arrow");
    const auto none = usb::hid::decode_report(d, test::hex("00 00 00 00 00 00 00 00"));
    EXPECT_EQ(none->to_string(), "nothing pressed");
    EXPECT_EQ(usb::hid::usage_name(0x00070027), "0");
    EXPECT_EQ(usb::hid::usage_name(0x00070051), "Down Arrow");
    EXPECT_EQ(usb::hid::usage_name(0x00070006), "C");
}

TEST(HidDecode, LedsAndMouse) {
    const auto leds = usb::hid::decode_report(parse(k_keyboard), test::hex("03"), ReportType::output);
    ASSERT_TRUE(leds);
    EXPECT_EQ(leds->to_string(), "pressed Num Lock, Caps Lock");
    const auto mouse = usb::hid::decode_report(parse(k_mouse), test::hex("05 05 fb"));
    ASSERT_TRUE(mouse);
    EXPECT_EQ(mouse->to_string(), "pressed Button 1, Button 3; X=5 Y=-5");
}

TEST(HidDecode, ReportIdSelectsTheReport) {
    const auto d = parse("05 01 09 00 a1 01 85 01 05 09 19 01 29 08 15 00 25 01 75 01 95 08 81 02 "
                         "85 02 05 01 09 30 15 00 26 ff 00 75 08 95 01 81 02 c0");
    const auto one = usb::hid::decode_report(d, test::hex("01 80"));
    ASSERT_TRUE(one);
    EXPECT_EQ(one->to_string(), "report 1: pressed Button 8");
    const auto two = usb::hid::decode_report(d, test::hex("02 c8"));
    ASSERT_TRUE(two);
    EXPECT_EQ(two->values.at(0).value, 200);
    EXPECT_FALSE(usb::hid::decode_report(d, test::hex("03 00")));
    EXPECT_FALSE(usb::hid::decode_report(d, {}));
}

// Live devices: the kernel's copy of the report descriptor under the interface's HID device.
TEST(HidSysfs, ReportDescriptorFromTheInterfaceDirectory) {
    namespace fs = std::filesystem;
    const fs::path root = fs::temp_directory_path() / "usbcheck-hid-sysfs";
    fs::remove_all(root);
    fs::create_directories(root / "1-1" );
    fs::create_directories(root / "1-1:1.0" / "0003:1209:0002.0001");
    std::ofstream(root / "1-1" / "bConfigurationValue") << "1\n";
    const auto bytes = test::hex(k_keyboard);
    std::ofstream(root / "1-1:1.0" / "0003:1209:0002.0001" / "report_descriptor", std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    const auto read = usb::sysfs::read_hid_report_descriptor("1-1", 0, root.string());
    ASSERT_TRUE(read);
    EXPECT_EQ(*read, bytes);
    EXPECT_FALSE(usb::sysfs::read_hid_report_descriptor("1-1", 1, root.string()));  // no such interface
    EXPECT_FALSE(usb::sysfs::read_hid_report_descriptor("1-2", 0, root.string()));  // no such device
    fs::remove_all(root);
}

}  // namespace
}  // namespace usbcheck
