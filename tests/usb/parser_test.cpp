// Tests for the total descriptor parser: the model it builds, the offsets it keeps, and the
// notes it writes for malformed bytes.
#include <gtest/gtest.h>

#include "test_util.h"
#include "usb/parser.h"

using namespace usbcheck;
using test::hex;

namespace {

// TinyUSB CDC-ACM (esp32s3 corpus file): IAD + comm interface with CDC functional descriptors.
constexpr const char* k_acm_config =
    "09 02 4b 00 02 01 00 a0 32"
    " 08 0b 00 02 02 02 00 00"
    " 09 04 00 00 01 02 02 00 04"
    " 05 24 00 20 01  05 24 01 00 01  04 24 02 02  05 24 06 00 01"
    " 07 05 81 03 08 00 10"
    " 09 04 01 00 02 0a 00 00 00"
    " 07 05 02 02 40 00 00  07 05 82 02 40 00 00";

usb::Configuration parse_config(const std::string& text, std::vector<usb::ParseNote>& notes) {
    auto c = usb::parse_configuration(hex(text), "config[0]", usb::dt::configuration, notes);
    EXPECT_TRUE(c.has_value());
    return c.value_or(usb::Configuration{});
}

bool has_note(const std::vector<usb::ParseNote>& notes, usb::NoteKind kind, size_t offset) {
    for (const auto& n : notes)
        if (n.kind == kind && n.offset == offset) return true;
    return false;
}

}  // namespace

TEST(Parser, DeviceDescriptorFields) {
    std::vector<usb::ParseNote> notes;
    auto d = usb::parse_device(hex("12 01 10 02 ef 02 01 40 fe ca 1f 40 00 01 01 02 03 01"), notes);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->bcdUSB, 0x0210);
    EXPECT_EQ(d->bDeviceClass, 0xEF);
    EXPECT_EQ(d->bMaxPacketSize0, 64);
    EXPECT_EQ(d->idVendor, 0xCAFE);
    EXPECT_EQ(d->idProduct, 0x401F);
    EXPECT_EQ(d->iSerialNumber, 3);
    EXPECT_EQ(d->bNumConfigurations, 1);
    EXPECT_TRUE(notes.empty());
}

TEST(Parser, ShortDeviceDescriptorIsANoteNotACrash) {
    std::vector<usb::ParseNote> notes;
    EXPECT_FALSE(usb::parse_device(hex("12 01 00 02 00 00 00 40"), notes));
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_EQ(notes[0].kind, usb::NoteKind::truncated);
    EXPECT_NE(notes[0].message.find("8 bytes but needs 18"), std::string::npos);
}

TEST(Parser, AcmConfigurationModel) {
    std::vector<usb::ParseNote> notes;
    auto c = parse_config(k_acm_config, notes);
    EXPECT_TRUE(notes.empty());
    EXPECT_EQ(c.wTotalLength, 75);
    EXPECT_EQ(c.bytes_present, 75u);
    ASSERT_EQ(c.iads.size(), 1u);
    EXPECT_EQ(c.iads[0].offset, 9u);
    EXPECT_EQ(c.iads[0].position, 0u);
    ASSERT_EQ(c.interfaces.size(), 2u);
    const auto& comm = c.interfaces[0];
    EXPECT_EQ(comm.offset, 17u);
    EXPECT_EQ(comm.iad, 0u);
    ASSERT_EQ(comm.extra.size(), 4u);
    EXPECT_EQ(comm.extra[0].name, "CDC Header");
    ASSERT_NE(comm.extra[0].field("bcdCDC"), nullptr);
    EXPECT_EQ(comm.extra[0].field("bcdCDC")->value, 0x0120u);
    EXPECT_EQ(comm.extra[0].field("bcdCDC")->offset, 29u);
    EXPECT_EQ(comm.extra[1].field("bDataInterface")->value, 1u);
    const auto& union_desc = comm.extra[3];
    EXPECT_EQ(union_desc.name, "CDC Union");
    EXPECT_TRUE(union_desc.decoded);
    ASSERT_NE(union_desc.field("bSubordinateInterface0"), nullptr);
    EXPECT_EQ(union_desc.field("bSubordinateInterface0")->value, 1u);
    ASSERT_EQ(comm.endpoints.size(), 1u);
    EXPECT_EQ(comm.endpoints[0].bEndpointAddress, 0x81);
    EXPECT_EQ(comm.endpoints[0].type(), usb::TransferType::interrupt);
    EXPECT_EQ(comm.endpoints[0].bInterval, 16);
    const auto& data = c.interfaces[1];
    EXPECT_EQ(data.bInterfaceClass, 0x0A);
    EXPECT_EQ(data.iad, 0u);
    ASSERT_EQ(data.endpoints.size(), 2u);
    EXPECT_EQ(data.endpoints[1].offset, 68u);
    EXPECT_EQ(data.endpoints[1].max_packet(), 64);
    EXPECT_EQ(c.interface_numbers(), (std::vector<uint8_t>{0, 1}));
    EXPECT_EQ(c.find_interface(1), &c.interfaces[1]);
}

TEST(Parser, HidDescriptorOnlyInHidInterfaces) {
    std::vector<usb::ParseNote> notes;
    // HID keyboard interface, then the EasySMX XInput vendor interface with its own type-0x21 descriptor.
    auto c = parse_config(
        "09 02 40 00 02 01 00 a0 32"
        " 09 04 00 00 01 03 01 01 00  09 21 10 01 00 01 22 3e 00  07 05 81 03 08 00 0a"
        " 09 04 01 00 02 ff 5d 01 00  11 21 00 01 01 25 81 14 00 00 00 00 13 02 08 00 00"
        " 07 05 82 03 20 00 04",
        notes);
    ASSERT_EQ(c.interfaces.size(), 2u);
    ASSERT_TRUE(c.interfaces[0].hid);
    EXPECT_EQ(c.interfaces[0].hid->bcdHID, 0x0110);
    ASSERT_EQ(c.interfaces[0].hid->entries.size(), 1u);
    EXPECT_EQ(c.interfaces[0].hid->entries[0].bDescriptorType, 0x22);
    EXPECT_EQ(c.interfaces[0].hid->entries[0].wDescriptorLength, 62);
    EXPECT_FALSE(c.interfaces[1].hid);
    ASSERT_EQ(c.interfaces[1].extra.size(), 1u);
    EXPECT_EQ(c.interfaces[1].extra[0].bDescriptorType, 0x21);
    EXPECT_EQ(c.interfaces[1].extra[0].bytes.size(), 17u);
}

TEST(Parser, SuperSpeedCompanionAndAudioEndpoint) {
    std::vector<usb::ParseNote> notes;
    auto c = parse_config(
        "09 02 2f 00 02 01 00 80 70"
        " 09 04 00 00 01 08 06 50 00  07 05 81 02 00 04 00  06 30 0f 00 00 00"
        " 09 04 01 00 01 01 02 00 00  09 05 03 09 c0 00 01 00 00  07 25 01 00 00 00 00",
        notes);
    EXPECT_TRUE(notes.empty()) << (notes.empty() ? "" : notes[0].message);
    const auto& ep = c.interfaces[0].endpoints.at(0);
    ASSERT_TRUE(ep.ss_companion);
    EXPECT_EQ(ep.ss_companion->bMaxBurst, 15);
    EXPECT_EQ(ep.ss_companion->offset, 25u);
    const auto& audio = c.interfaces[1].endpoints.at(0);
    EXPECT_EQ(audio.bLength, 9);
    EXPECT_EQ(audio.bRefresh, 0);
    EXPECT_EQ(audio.bSynchAddress, 0);
    ASSERT_EQ(audio.extra.size(), 1u);
    EXPECT_EQ(audio.extra[0].bDescriptorType, 0x25);
}

TEST(Parser, ZeroLengthStopsTheWalkWithANote) {
    std::vector<usb::ParseNote> notes;
    auto c = parse_config("09 02 20 00 01 01 00 80 32 09 04 00 00 02 ff 00 00 00 00 05 02 02 40 00 00 07 05 82 02 40 00 00",
                          notes);
    EXPECT_TRUE(has_note(notes, usb::NoteKind::zero_length, 18));
    EXPECT_EQ(c.interfaces.size(), 1u);
    EXPECT_TRUE(c.interfaces[0].endpoints.empty());
}

TEST(Parser, OverrunTrailingUnexpectedAndOrphans) {
    std::vector<usb::ParseNote> notes;
    parse_config("09 02 20 00 01 01 00 80 32 07 05 81 02 40 00 00 09 04 00 00 01 ff 00 00 00 12 01 00 02 07 05 02 02 40", notes);
    EXPECT_TRUE(has_note(notes, usb::NoteKind::orphan_descriptor, 9));
    EXPECT_TRUE(has_note(notes, usb::NoteKind::length_overrun, 25));
    notes.clear();
    parse_config("09 02 0e 00 01 01 00 80 32 04 02 00 00 aa", notes);
    EXPECT_TRUE(has_note(notes, usb::NoteKind::unexpected_descriptor, 9));
    EXPECT_TRUE(has_note(notes, usb::NoteKind::trailing_bytes, 13));
    notes.clear();
    parse_config("09 02 10 00 01 01 00 80 32 06 30 00 00 00 00 05", notes);
    EXPECT_TRUE(has_note(notes, usb::NoteKind::orphan_descriptor, 9));
    notes.clear();
    parse_config("09 02 10 00 01 01 00 80 32 05 04 00 00 01 01 00", notes);
    EXPECT_TRUE(has_note(notes, usb::NoteKind::length_too_short, 9));
}

TEST(Parser, ConfigurationHeaderShorterThanNine) {
    std::vector<usb::ParseNote> notes;
    EXPECT_FALSE(usb::parse_configuration(hex("09 02 20 00"), "config[0]", usb::dt::configuration, notes));
    EXPECT_TRUE(has_note(notes, usb::NoteKind::truncated, 0));
}

TEST(Parser, BosCapabilitiesAndPlatformUuids) {
    std::vector<usb::ParseNote> notes;
    // TinyUSB webusb_serial BOS: WebUSB platform capability + MS OS 2.0 platform capability.
    auto b = usb::parse_bos(hex("05 0f 39 00 02"
                                " 18 10 05 00 38 b6 08 34 a9 09 a0 47 8b fd a0 76 88 15 b6 65 00 01 01 01"
                                " 1c 10 05 00 df 60 dd d8 89 45 c7 4c 9c d2 65 9d 9e 64 8a 9f 00 00 03 06 b2 00 02 00"),
                            notes);
    ASSERT_TRUE(b);
    EXPECT_TRUE(notes.empty());
    EXPECT_EQ(b->wTotalLength, 57);
    ASSERT_EQ(b->caps.size(), 2u);
    EXPECT_EQ(b->caps[0].platform, usb::PlatformKind::webusb);
    EXPECT_EQ(usb::uuid_string(*b->caps[0].uuid), "3408b638-09a9-47a0-8bfd-a0768815b665");
    EXPECT_EQ(b->caps[0].field("iLandingPage")->value, 1u);
    EXPECT_EQ(b->caps[1].platform, usb::PlatformKind::ms_os_20);
    EXPECT_EQ(usb::uuid_string(*b->caps[1].uuid), "d8dd60df-4589-4cc7-9cd2-659d9e648a9f");
    ASSERT_EQ(b->caps[1].msos20.size(), 1u);
    EXPECT_EQ(b->caps[1].msos20[0].dwWindowsVersion, 0x06030000u);
    EXPECT_EQ(b->caps[1].msos20[0].wMSOSDescriptorSetTotalLength, 0xB2);
    EXPECT_EQ(b->caps[1].msos20[0].bMS_VendorCode, 2);
    EXPECT_EQ(b->caps[1].msos20[0].offset, 49u);
}

TEST(Parser, BosKnownUnknownAndRepeatedFields) {
    std::vector<usb::ParseNote> notes;
    // USB 2.0 ext, SuperSpeed, SuperSpeedPlus with two sublink attributes, and type 0x11.
    auto b = usb::parse_bos(hex("05 0f 35 00 04  07 10 02 06 00 00 00  0a 10 03 00 0e 00 01 0a ff 07"
                                " 14 10 0a 00 01 00 00 00 00 11 00 00 30 40 0a 00 b0 40 0a 00"
                                " 08 10 11 01 03 00 00 00"),
                            notes);
    ASSERT_TRUE(b);
    EXPECT_TRUE(notes.empty()) << (notes.empty() ? "" : notes[0].message);
    ASSERT_EQ(b->caps.size(), 4u);
    EXPECT_EQ(b->caps[0].field("bmAttributes")->value, 6u);
    EXPECT_EQ(b->caps[1].field("wU2DevExitLat")->value, 0x07FFu);
    EXPECT_NE(b->caps[2].field("bmSublinkSpeedAttr[1]"), nullptr);
    EXPECT_TRUE(b->caps[2].decoded);
    EXPECT_FALSE(b->caps[3].known);
    EXPECT_EQ(b->caps[3].name, "unknown (0x11)");
    EXPECT_EQ(b->find(usb::cap::superspeed), &b->caps[1]);
}

TEST(Parser, BosOverrunAndZeroLength) {
    std::vector<usb::ParseNote> notes;
    auto b = usb::parse_bos(hex("05 0f 16 00 02 07 10 02 06 00 00 00 0a 10 03 02"), notes);
    ASSERT_TRUE(b);
    EXPECT_TRUE(has_note(notes, usb::NoteKind::length_overrun, 12));
    ASSERT_EQ(b->caps.size(), 2u);
    EXPECT_FALSE(b->caps[1].decoded);
    notes.clear();
    usb::parse_bos(hex("05 0f 0a 00 01 00 10 02 06 00"), notes);
    EXPECT_TRUE(has_note(notes, usb::NoteKind::zero_length, 5));
    notes.clear();
    EXPECT_FALSE(usb::parse_bos(hex("05 0f 0a"), notes));
    EXPECT_TRUE(has_note(notes, usb::NoteKind::truncated, 0));
}

TEST(Parser, StringsDecodeUtf16) {
    std::vector<usb::ParseNote> notes;
    auto s = usb::parse_string(2, 0x0409, hex("0e 03 55 00 53 00 42 00 e9 00 3d d8 0a de"), notes);
    EXPECT_EQ(s.text, "USB\xc3\xa9\xf0\x9f\x98\x8a");
    EXPECT_TRUE(s.valid_utf16);
    auto bad = usb::parse_string(3, 0x0409, hex("06 03 41 00 00 d8"), notes);
    EXPECT_FALSE(bad.valid_utf16);
    EXPECT_EQ(bad.text, "A\xef\xbf\xbd");
    auto langs = usb::parse_langids(hex("06 03 09 04 07 04"), notes);
    EXPECT_EQ(langs.langids, (std::vector<uint16_t>{0x0409, 0x0407}));
    EXPECT_TRUE(notes.empty());
    usb::parse_string(1, 0x0409, hex("03"), notes);
    EXPECT_TRUE(has_note(notes, usb::NoteKind::truncated, 0));
}

TEST(Parser, CdcAndCapabilityTables) {
    EXPECT_STREQ(usb::cdc_functional_name(0x06), "CDC Union");
    EXPECT_STREQ(usb::cdc_functional_name(0x1B), "CDC Mobile Broadband Interface Model");
    EXPECT_EQ(usb::cdc_functional_name(0x40), nullptr);
    EXPECT_STREQ(usb::capability_name(0x04), "Container ID");
    EXPECT_EQ(usb::capability_name(0x11), nullptr);
}
