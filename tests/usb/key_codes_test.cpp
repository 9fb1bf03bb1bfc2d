// Key names and the keys a HID report presses, as Linux's usbhid reports them.
#include <gtest/gtest.h>

#include "test_util.h"
#include "usb/key_codes.h"

namespace usbcheck {
namespace {

constexpr const char* k_keyboard =
    "05 01 09 06 a1 01 05 07 19 e0 29 e7 15 00 25 01 75 01 95 08 81 02 95 01 75 08 81 03 95 05 75 01 05 08 19 01 "
    "29 05 91 02 95 01 75 03 91 03 95 06 75 08 15 00 25 65 05 07 19 00 29 65 81 00 c0";

TEST(KeyCodes, NamesAndNumbers) {
    EXPECT_EQ(usb::key_code("KEY_A"), 30);
    EXPECT_EQ(usb::key_code("BTN_LEFT"), 0x110);
    EXPECT_EQ(usb::key_code("48"), 48);
    EXPECT_FALSE(usb::key_code("KEY_NOPE"));
    EXPECT_FALSE(usb::key_code("30x"));
    EXPECT_EQ(usb::key_name(48), "KEY_B");
    EXPECT_EQ(usb::key_name(300), "key 300");
}

TEST(KeyCodes, HidKeyboardUsages) {
    EXPECT_EQ(usb::hid_keyboard_key(0x04), 30);  // A
    EXPECT_EQ(usb::hid_keyboard_key(0x28), 28);  // Enter
    EXPECT_EQ(usb::hid_keyboard_key(0xE1), 42);  // Left Shift
    EXPECT_EQ(usb::hid_keyboard_key(0x00), 0);
}

TEST(KeyCodes, KeysOfABootKeyboardReport) {
    const auto d = test::hex(k_keyboard);
    EXPECT_EQ(usb::keys_of_report(d, test::hex("00 00 04 00 00 00 00 00")), std::vector<int>{30});
    EXPECT_EQ(usb::keys_of_report(d, test::hex("02 00 05 04 00 00 00 00")), (std::vector<int>{30, 42, 48}));
    EXPECT_EQ(usb::keys_of_report(d, test::hex("00 00 00 00 00 00 00 00")), std::vector<int>{});
    const auto none = usb::keys_of_report(d, {});
    ASSERT_FALSE(none);
    EXPECT_NE(none.error().find("matches no input report"), std::string::npos);
}

}  // namespace
}  // namespace usbcheck
