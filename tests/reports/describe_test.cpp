// `describe` output on a hand-built model: offsets, decoded meanings, availability, both formats.
#include <gtest/gtest.h>

#include <sstream>

#include "reports/report.h"
#include "test_util.h"

namespace usbcheck::reports {
namespace {

using test::hex;

// A composite CDC ACM device at high speed: IAD, CDC header, interrupt and bulk endpoints, a BOS
// with an MS OS 2.0 platform capability, two strings and a parse note.
usb::DescriptorSet sample_set() {
    usb::DescriptorSet set;
    set.source = "snapshot:esp32.json";
    set.speed = usb::Speed::high;
    set.speed_origin = "input";

    set.device_availability = usb::Availability::present;
    usb::DeviceDescriptor d;
    d.bLength = 18;
    d.bDescriptorType = 1;
    d.bcdUSB = 0x0210;
    d.bDeviceClass = 0xEF;
    d.bDeviceSubClass = 0x02;
    d.bDeviceProtocol = 0x01;
    d.bMaxPacketSize0 = 64;
    d.idVendor = 0x303a;
    d.idProduct = 0x4001;
    d.bcdDevice = 0x0100;
    d.iManufacturer = 1;
    d.iProduct = 2;
    d.bNumConfigurations = 1;
    d.bytes = hex("12 01 10 02 ef 02 01 40 3a 30 01 40 00 01 01 02 00 01");
    d.bytes_present = d.bytes.size();
    set.device = d;

    usb::Configuration c;
    c.blob = "config[0]";
    c.bLength = 9;
    c.bDescriptorType = 2;
    c.wTotalLength = 75;
    c.bytes_present = 75;
    c.bNumInterfaces = 2;
    c.bConfigurationValue = 1;
    c.bmAttributes = 0xA0;
    c.bMaxPower = 250;
    c.iads.push_back({9, 8, 0, 2, 0x02, 0x02, 0x00, 0, 0});

    usb::Interface comm;
    comm.offset = 17;
    comm.bLength = 9;
    comm.bInterfaceNumber = 0;
    comm.bNumEndpoints = 1;
    comm.bInterfaceClass = 0x02;
    comm.bInterfaceSubClass = 0x02;
    usb::ExtraDescriptor header;
    header.offset = 26;
    header.bLength = 5;
    header.bDescriptorType = 0x24;
    header.bDescriptorSubType = 0x00;
    header.name = "CDC Header";
    header.decoded = true;
    header.fields.push_back({"bcdCDC", 29, 2, 0x0120});
    header.bytes = hex("05 24 00 20 01");
    comm.extra.push_back(header);
    usb::ExtraDescriptor odd;
    odd.offset = 31;
    odd.bLength = 4;
    odd.bDescriptorType = 0x24;
    odd.bDescriptorSubType = 0x7e;
    odd.bytes = hex("04 24 7e 55");
    comm.extra.push_back(odd);
    usb::Endpoint notify;
    notify.offset = 35;
    notify.bLength = 7;
    notify.bEndpointAddress = 0x83;
    notify.bmAttributes = 0x03;
    notify.wMaxPacketSize = 8;
    notify.bInterval = 4;
    comm.endpoints.push_back(notify);
    comm.iad = 0;
    c.interfaces.push_back(comm);

    usb::Interface data;
    data.offset = 42;
    data.bLength = 9;
    data.bInterfaceNumber = 1;
    data.bNumEndpoints = 2;
    data.bInterfaceClass = 0x0A;
    for (uint8_t address : {uint8_t{0x01}, uint8_t{0x81}}) {
        usb::Endpoint bulk;
        bulk.offset = address == 0x01 ? 51 : 58;
        bulk.bLength = 7;
        bulk.bEndpointAddress = address;
        bulk.bmAttributes = 0x02;
        bulk.wMaxPacketSize = 512;
        data.endpoints.push_back(bulk);
    }
    data.iad = 0;
    c.interfaces.push_back(data);
    set.configuration_availability.push_back(usb::Availability::present);
    set.configurations.push_back(c);

    set.qualifier_availability = usb::Availability::stalled;

    set.bos_availability = usb::Availability::present;
    usb::Bos bos;
    bos.bLength = 5;
    bos.bDescriptorType = 0x0F;
    bos.wTotalLength = 33;
    bos.bNumDeviceCaps = 1;
    bos.bytes_present = 33;
    usb::BosCapability platform;
    platform.offset = 5;
    platform.bLength = 28;
    platform.bDescriptorType = 0x10;
    platform.bDevCapabilityType = usb::cap::platform;
    platform.name = "Platform";
    platform.known = true;
    platform.decoded = true;
    platform.fields.push_back({"bReserved", 8, 1, 0});
    platform.uuid = std::array<uint8_t, 16>{0xDF, 0x60, 0xDD, 0xD8, 0x89, 0x45, 0xC7, 0x4C,
                                            0x9C, 0xD2, 0x65, 0x9D, 0x9E, 0x64, 0x8A, 0x9F};
    platform.platform = usb::PlatformKind::ms_os_20;
    platform.msos20.push_back({25, 0x06030000, 0x00B2, 0x01, 0x00});
    bos.caps.push_back(platform);
    set.bos = bos;

    set.langids.availability = usb::Availability::present;
    set.langids.bLength = 4;
    set.langids.bDescriptorType = 3;
    set.langids.langids = {0x0409};
    set.strings.push_back({1, 0x0409, usb::Availability::present, 20, 3, {}, "Espressif", true});
    set.strings.push_back({2, 0x0409, usb::Availability::present, 18, 3, {}, "ESP32-S3", true});
    set.hid_reports.push_back({0, usb::Availability::not_captured, {}});
    set.notes.push_back({usb::NoteKind::trailing_bytes, "config[0]", 66, "9 bytes after the last descriptor"});
    return set;
}

std::string text_of(const usb::DescriptorSet& set) {
    std::ostringstream out;
    describe_text(out, set);
    return out.str();
}

void expect_contains(const std::string& text, const std::string& needle) {
    EXPECT_NE(text.find(needle), std::string::npos) << "missing: " << needle << "\n--- in ---\n" << text;
}

TEST(DescribeText, ShowsOffsetsAndMeanings) {
    const std::string text = text_of(sample_set());
    expect_contains(text, "source       snapshot:esp32.json\n");
    expect_contains(text, "speed        high\n");
    expect_contains(text, "Device descriptor  @device+0x00\n");
    expect_contains(text, "  0x02   bcdUSB                 0x0210     USB 2.10\n");
    expect_contains(text, "  0x04   bDeviceClass           0xef       Miscellaneous (interface association)\n");
    expect_contains(text, "  0x08   idVendor               0x303a\n");
    expect_contains(text, "  0x0e   iManufacturer          1          \"Espressif\"\n");
    expect_contains(text, "Configuration 1 (75 bytes)  @config[0]+0x00\n");
    expect_contains(text, "bmAttributes           0xa0       bus-powered, remote wakeup\n");
    expect_contains(text, "bMaxPower              250        500 mA\n");
    expect_contains(text, "  Interface association: interfaces 0..1  @config[0]+0x09\n");
    expect_contains(text, "  Interface 0 alt 0  @config[0]+0x11\n");
    expect_contains(text, "bInterfaceClass        0x02       Communications (CDC)\n");
    expect_contains(text, "    CDC Header  @config[0]+0x1a\n");
    expect_contains(text, "      0x1d   bcdCDC                 0x0120     1.20\n");
    expect_contains(text, "    Descriptor type 0x24  @config[0]+0x1f\n");
    expect_contains(text, "      raw    04 24 7e 55\n");  // not decoded: the bytes are shown
    expect_contains(text, "    Endpoint 0x83 IN interrupt  @config[0]+0x23\n");
    expect_contains(text, "bInterval              4          1 ms\n");
    expect_contains(text, "    Endpoint 0x81 IN bulk  @config[0]+0x3a\n");
    expect_contains(text, "wMaxPacketSize         0x0200     512 bytes\n");
    expect_contains(text, "Device qualifier: stalled\n");
    expect_contains(text, "BOS  @bos+0x00\n");
    expect_contains(text, "  Platform  @bos+0x05\n");
    expect_contains(text, "PlatformCapabilityUUID d8dd60df-4589-4cc7-9cd2-659d9e648a9f MS OS 2.0\n");
    expect_contains(text, "    MS OS 2.0 descriptor set information 0  @bos+0x19\n");
    expect_contains(text, "dwWindowsVersion       0x06030000 Windows 8.1\n");
    expect_contains(text, "wLANGID[0]             0x0409     English (United States)\n");
    expect_contains(text, "String 2 (0x0409)  @string[0x0409][2]+0x00\n");
    expect_contains(text, "bString                ESP32-S3\n");
    expect_contains(text, "HID report descriptor, interface 0: not captured\n");
    expect_contains(text, "Parse note  @config[0]+0x42\n");
    expect_contains(text, "message                9 bytes after the last descriptor\n");
}

TEST(DescribeText, MissingPartsSayWhy) {
    usb::DescriptorSet set;
    set.source = "sysfs:1-1";
    set.configuration_availability = {usb::Availability::failed};
    const std::string text = text_of(set);
    expect_contains(text, "Device descriptor: not captured\n");
    expect_contains(text, "Configuration index 0: failed\n");
    expect_contains(text, "BOS: not captured\n");
    expect_contains(text, "Device qualifier: not captured\n");
    expect_contains(text, "LANGID table (string 0): not captured\n");
}

TEST(DescribeText, TruncatedDescriptorShowsOnlyPresentFields) {
    usb::DescriptorSet set = sample_set();
    set.device->bytes = hex("12 01 10 02 ef 02 01 40");
    set.device->bytes_present = 8;
    const std::string text = text_of(set);
    expect_contains(text, "bMaxPacketSize0        64         64 bytes\n");
    EXPECT_EQ(text.find("idVendor"), std::string::npos);
}

TEST(DescribeJson, SameDataAsObjects) {
    const auto j = describe_json(sample_set());
    EXPECT_EQ(j["source"], "snapshot:esp32.json");
    EXPECT_EQ(j["speed"], "high");
    EXPECT_EQ(j["speed_origin"], "input");
    const auto& device = j["device"];
    EXPECT_EQ(device["availability"], "present");
    EXPECT_EQ(device["blob"], "device");
    EXPECT_EQ(device["offset"], 0);
    EXPECT_EQ(device["fields"]["bcdUSB"], (nlohmann::json{{"value", 0x0210}, {"offset", 2}, {"meaning", "USB 2.10"}}));
    EXPECT_EQ(device["fields"]["idProduct"]["value"], 0x4001);
    EXPECT_EQ(device["raw"], "12 01 10 02 ef 02 01 40 3a 30 01 40 00 01 01 02 00 01");

    ASSERT_EQ(j["configurations"].size(), 1u);
    const auto& config = j["configurations"][0];
    EXPECT_EQ(config["fields"]["wTotalLength"]["value"], 75);
    EXPECT_EQ(config["iads"][0]["fields"]["bFunctionClass"]["meaning"], "Communications (CDC)");
    ASSERT_EQ(config["interfaces"].size(), 2u);
    const auto& comm = config["interfaces"][0];
    EXPECT_EQ(comm["offset"], 17);
    EXPECT_EQ(comm["extra"][0]["title"], "CDC Header");
    EXPECT_EQ(comm["extra"][0]["fields"]["bcdCDC"]["offset"], 29);
    EXPECT_EQ(comm["extra"][1]["raw"], "04 24 7e 55");
    EXPECT_EQ(comm["endpoints"][0]["fields"]["bInterval"]["meaning"], "1 ms");
    EXPECT_EQ(config["interfaces"][1]["endpoints"][1]["fields"]["bEndpointAddress"]["meaning"], "EP 1 IN");
    EXPECT_EQ(config["interfaces"][1]["endpoints"][1]["offset"], 58);

    EXPECT_EQ(j["qualifier"]["availability"], "stalled");
    EXPECT_FALSE(j["qualifier"].contains("fields"));
    const auto& platform = j["bos"]["capabilities"][0];
    EXPECT_EQ(platform["fields"]["PlatformCapabilityUUID"]["value"], "d8dd60df-4589-4cc7-9cd2-659d9e648a9f");
    EXPECT_EQ(platform["fields"]["PlatformCapabilityUUID"]["meaning"], "MS OS 2.0");
    EXPECT_EQ(platform["msos20_sets"][0]["fields"]["bMS_VendorCode"]["offset"], 31);
    EXPECT_EQ(j["langids"]["fields"]["wLANGID[0]"]["value"], 0x0409);
    ASSERT_EQ(j["strings"].size(), 2u);
    EXPECT_EQ(j["strings"][0]["fields"]["bString"]["value"], "Espressif");
    EXPECT_EQ(j["strings"][0]["blob"], "string[0x0409][1]");
    EXPECT_EQ(j["hid_reports"][0]["availability"], "not-captured");
    EXPECT_EQ(j["notes"][0]["fields"]["kind"]["value"], "trailing-bytes");
    EXPECT_EQ(j["notes"][0]["offset"], 66);
    EXPECT_TRUE(j["other_speed"].empty());
    EXPECT_NO_THROW((void)j.dump());
}

TEST(DescribeJson, IntervalsFollowTheSpeed) {
    usb::DescriptorSet set = sample_set();
    set.speed = usb::Speed::full;
    auto j = describe_json(set);
    EXPECT_EQ(j["configurations"][0]["interfaces"][0]["endpoints"][0]["fields"]["bInterval"]["meaning"], "4 ms");
    set.configurations[0].interfaces[0].endpoints[0].bInterval = 1;
    set.speed = usb::Speed::high;
    j = describe_json(set);
    EXPECT_EQ(j["configurations"][0]["interfaces"][0]["endpoints"][0]["fields"]["bInterval"]["meaning"],
              "125 \xC2\xB5s");
}

}  // namespace
}  // namespace usbcheck::reports

// describe --json carries the decoded HID report descriptor as data, not only as text lines.
TEST(Describe, HidReportDescriptorIsStructuredInJson) {
    usbcheck::usb::DescriptorSet set;
    // The boot keyboard report descriptor of the kernel's gadget-testing.rst (63 bytes).
    set.hid_reports.push_back(
        {0, usbcheck::usb::Availability::present,
         usbcheck::test::hex("05 01 09 06 a1 01 05 07 19 e0 29 e7 15 00 25 01 75 01 95 08 81 02 95 01 75 08 81 03"
                             " 95 05 75 01 05 08 19 01 29 05 91 02 95 01 75 03 91 03 95 06 75 08 15 00 25 65"
                             " 05 07 19 00 29 65 81 00 c0")});
    const auto doc = usbcheck::reports::describe_json(set);
    ASSERT_EQ(doc["hid_reports"].size(), 1u);
    const auto& decoded = doc["hid_reports"][0]["decoded"];
    ASSERT_EQ(decoded["reports"].size(), 2u);
    const auto& input = decoded["reports"][0];
    EXPECT_EQ(input["type"], "input");
    EXPECT_EQ(input["size_bits"], 64);
    ASSERT_EQ(input["fields"].size(), 3u);
    EXPECT_EQ(input["fields"][0]["usage_minimum"]["name"], "Left Control");
    EXPECT_EQ(input["fields"][2]["bit_offset"], 16);
    EXPECT_EQ(input["fields"][2]["report_count"], 6);
    EXPECT_EQ(input["fields"][2]["logical_maximum"], 101);
    EXPECT_EQ(decoded["reports"][1]["type"], "output");
    EXPECT_EQ(decoded["items"].size(), 32u);
    EXPECT_EQ(doc["hid_reports"][0]["interface_number"], 0);
}
