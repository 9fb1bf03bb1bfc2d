// The usb.ids reader on an inline sample in the file's own layout.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "usb/usb_ids.h"

using usbcheck::usb::UsbIds;

namespace {

// Tabs matter: products are indented by one, interfaces by two.
const char* const k_sample =
    "#\n"
    "#\tList of USB ID's\n"
    "#\n"
    "# Syntax:\n"
    "# vendor  vendor_name\n"
    "#\tdevice  device_name\t\t\t\t<-- single tab\n"
    "\n"
    "0001  Fry's Electronics\n"
    "\t7778  Counterfeit flash drive [Kingston]\n"
    "1d6b  Linux Foundation\n"
    "\t0002  2.0 root hub\n"
    "\t0104  Multifunction Composite Gadget\n"
    "\t\t00  interface line, not a product\n"
    "303A  Espressif  \n"
    "\t4001  Espressif Device\r\n"
    "zz12  not a vendor line\n"
    "abcd\n"
    "\tffff  product of a malformed vendor\n"
    "\n"
    "# List of known device classes, subclasses and protocols\n"
    "C 00  (Defined at Interface level)\n"
    "\t01  Audio\n"
    "dead  after the class section\n";

}  // namespace

TEST(UsbIds, VendorsAndProducts) {
    const UsbIds ids = UsbIds::parse(k_sample);
    EXPECT_EQ(ids.vendor(0x0001), "Fry's Electronics");
    EXPECT_EQ(ids.product(0x0001, 0x7778), "Counterfeit flash drive [Kingston]");
    EXPECT_EQ(ids.vendor(0x1d6b), "Linux Foundation");
    EXPECT_EQ(ids.product(0x1d6b, 0x0002), "2.0 root hub");
    EXPECT_EQ(ids.product(0x1d6b, 0x0104), "Multifunction Composite Gadget");
    EXPECT_EQ(ids.product(0x1d6b, 0x0000), "") << "the interface line is not a product";
    EXPECT_EQ(ids.vendor(0x303a), "Espressif") << "upper-case hex, trailing spaces trimmed";
    EXPECT_EQ(ids.product(0x303a, 0x4001), "Espressif Device") << "CR trimmed";
    EXPECT_EQ(ids.product(0x0001, 0x0002), "");
    EXPECT_EQ(ids.vendor(0x9999), "");
}

TEST(UsbIds, StopsAtTheFirstOtherSection) {
    const UsbIds ids = UsbIds::parse(k_sample);
    // "zz12" is not a vendor id: the vendor section ended there.
    EXPECT_EQ(ids.vendor_count(), 3u);
    EXPECT_EQ(ids.vendor(0xdead), "");
    EXPECT_EQ(ids.vendor(0xabcd), "");
    EXPECT_EQ(ids.product(0xabcd, 0xffff), "");
}

TEST(UsbIds, ClassSectionEndsTheVendors) {
    const UsbIds ids = UsbIds::parse("1234  Vendor\n\t0001  Product\nC 00  (Defined at Interface level)\n\t01  Audio\n"
                                     "dead  Not a vendor\n");
    EXPECT_EQ(ids.vendor_count(), 1u);
    EXPECT_EQ(ids.product(0x1234, 0x0001), "Product");
    EXPECT_EQ(ids.vendor(0xdead), "");
}

TEST(UsbIds, MalformedVendorDropsItsProducts) {
    const UsbIds ids = UsbIds::parse("1234  Vendor\n5678\n\t0001  Orphan\n9abc  Next\n\t0002  Kept\n");
    EXPECT_EQ(ids.vendor(0x5678), "");
    EXPECT_EQ(ids.product(0x5678, 0x0001), "");
    EXPECT_EQ(ids.product(0x1234, 0x0001), "");
    EXPECT_EQ(ids.product(0x9abc, 0x0002), "Kept");
}

TEST(UsbIds, LoadTakesTheFirstReadableFile) {
    EXPECT_FALSE(UsbIds::load({"/nonexistent/usb.ids"}));
    const auto path = std::filesystem::temp_directory_path() / ("usbcheck-usb-ids-" + std::to_string(::getpid()));
    std::ofstream(path) << "cafe  Example\n\t401f  WebUSB serial\n";
    const auto ids = UsbIds::load({"/nonexistent/usb.ids", path.string()});
    ASSERT_TRUE(ids);
    EXPECT_EQ(ids->product(0xcafe, 0x401f), "WebUSB serial");
    std::filesystem::remove(path);
}
