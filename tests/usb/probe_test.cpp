// Tests for the probe: what it asks a device for, in which order, and how it treats stalls,
// data that was never captured, and a device that disappears.
#include <gtest/gtest.h>

#include "test_util.h"
#include "usb/input.h"
#include "usb/probe.h"

using namespace usbcheck;

namespace {

test::FakeDevice acm_device() {
    test::FakeDevice d;
    d.device = "12 01 00 02 ef 02 01 40 3a 30 01 40 00 01 01 02 03 01";
    d.configs = {"09 02 4b 00 02 01 00 a0 32 08 0b 00 02 02 02 00 00 09 04 00 00 01 02 02 00 04 05 24 00 20 01"
                 " 05 24 01 00 01 04 24 02 02 05 24 06 00 01 07 05 81 03 08 00 10 09 04 01 00 02 0a 00 00 00"
                 " 07 05 02 02 40 00 00 07 05 82 02 40 00 00"};
    d.strings = {{0, "04 03 09 04"}, {1, test::string_descriptor_hex("Espressif")},
                 {2, test::string_descriptor_hex("Serial")}, {3, test::string_descriptor_hex("123456")},
                 {4, test::string_descriptor_hex("CDC")}};
    d.speed = usb::Speed::full;
    return d;
}

class Disconnecting final : public usb::UsbDevice {
public:
    explicit Disconnecting(usb::Snapshot s, size_t after) : m_replay(std::move(s)), m_after(after) {}
    usb::TransferResult control_in(const usb::ControlSetup& setup) override {
        if (m_count++ >= m_after) return {usb::TransferStatus::disconnected, {}};
        return m_replay.control_in(setup);
    }
    usb::Speed speed() const override { return usb::Speed::full; }
    std::string source() const override { return "test"; }

private:
    usb::ReplayDevice m_replay;
    size_t m_after;
    size_t m_count = 0;
};

}  // namespace

TEST(Probe, ReadsEverythingTheDeviceOffers) {
    usb::ReplayDevice replay(test::snapshot_of(acm_device()));
    const auto set = usb::probe(replay);
    ASSERT_TRUE(set.device);
    EXPECT_EQ(set.device_availability, usb::Availability::present);
    ASSERT_EQ(set.configurations.size(), 1u);
    EXPECT_EQ(set.configurations[0].bytes_present, 75u);
    EXPECT_EQ(set.bos_availability, usb::Availability::stalled);
    EXPECT_EQ(set.qualifier_availability, usb::Availability::stalled);
    EXPECT_EQ(set.langids.langids, (std::vector<uint16_t>{0x0409}));
    EXPECT_EQ(set.string_text(1), "Espressif");
    EXPECT_EQ(set.string_text(4), "CDC");
    EXPECT_EQ(set.speed, usb::Speed::full);
    EXPECT_EQ(set.speed_origin, "input");

    // The first requests: device, configuration header, then the whole configuration.
    const auto& asked = replay.asked();
    ASSERT_GE(asked.size(), 4u);
    EXPECT_EQ(asked[0].to_hex(), "80 06 00 01 00 00 12 00");
    EXPECT_EQ(asked[1].to_hex(), "80 06 00 02 00 00 09 00");
    EXPECT_EQ(asked[2].to_hex(), "80 06 00 02 00 00 4b 00");
    EXPECT_EQ(asked[3].to_hex(), "80 06 00 0f 00 00 05 00");
}

TEST(Probe, SpeedOverrideWins) {
    usb::ReplayDevice replay(test::snapshot_of(acm_device()));
    usb::ProbeOptions options;
    options.speed_override = usb::Speed::high;
    const auto set = usb::probe(replay, options);
    EXPECT_EQ(set.speed, usb::Speed::high);
    EXPECT_EQ(set.speed_origin, "--speed");
}

TEST(Probe, NotCapturedIsNotAStall) {
    auto fake = acm_device();
    fake.bos_not_captured = true;
    auto snapshot = test::snapshot_of(fake);
    snapshot.complete = false;
    usb::ReplayDevice replay(snapshot);
    const auto set = usb::probe(replay);
    EXPECT_EQ(set.bos_availability, usb::Availability::not_captured);
    EXPECT_EQ(set.qualifier_availability, usb::Availability::not_captured);
}

TEST(Probe, HidReportDescriptorsAreRead) {
    test::FakeDevice d;
    d.device = "12 01 10 01 00 00 00 08 d9 04 03 16 10 03 00 00 00 01";
    d.configs = {"09 02 22 00 01 01 00 a0 32 09 04 00 00 01 03 01 01 00 09 21 10 01 00 01 22 05 00 07 05 81 03 08 00 0a"};
    auto snapshot = test::snapshot_of(d);
    snapshot.control.push_back({{0x81, 0x06, 0x2200, 0, 5}, {usb::TransferStatus::ok, test::hex("05 01 09 06 a1")}});
    usb::ReplayDevice replay(snapshot);
    const auto set = usb::probe(replay);
    ASSERT_EQ(set.hid_reports.size(), 1u);
    EXPECT_EQ(set.hid_reports[0].interface_number, 0);
    EXPECT_EQ(set.hid_reports[0].bytes.size(), 5u);
}

TEST(Probe, DisconnectStopsAndIsRecorded) {
    Disconnecting device(test::snapshot_of(acm_device()), 3);
    const auto set = usb::probe(device);
    EXPECT_TRUE(set.device_lost);
    ASSERT_TRUE(set.device);
    EXPECT_EQ(set.configurations.size(), 1u);
    EXPECT_FALSE(set.bos);
}

TEST(Probe, RecordingDeviceKeepsEveryTransfer) {
    usb::ReplayDevice replay(test::snapshot_of(acm_device()));
    usb::RecordingDevice recorder(replay);
    usb::probe(recorder);
    EXPECT_EQ(recorder.transfers().size(), replay.asked().size());
    EXPECT_EQ(recorder.transfers()[0].result.data.size(), 18u);
    EXPECT_EQ(recorder.transfers()[3].result.status, usb::TransferStatus::stall);
}

TEST(Probe, ReplayPrefersTheRecordingThatCoversTheRequest) {
    // What `capture` records for a configuration: the 9-byte header read, then the full read.
    auto fake = acm_device();
    auto snapshot = test::snapshot_of(fake);
    const auto full = test::hex(fake.configs[0]);
    snapshot.control.insert(snapshot.control.begin() + 1,
                            usb::RecordedTransfer{{0x80, 0x06, 0x0200, 0, 9},
                                                  {usb::TransferStatus::ok, usb::Bytes(full.begin(), full.begin() + 9)}});
    usb::ReplayDevice replay(snapshot);
    const auto set = usb::probe(replay);
    ASSERT_EQ(set.configurations.size(), 1u);
    EXPECT_EQ(set.configurations[0].bytes_present, 75u);
    EXPECT_EQ(set.configurations[0].interfaces.size(), 2u);
}

// tests/usb/data/snapshot-v1.json is frozen: version 1 snapshots stay readable forever, so this
// file is never regenerated, and what it decodes to must not change.
TEST(Probe, FrozenVersionOneSnapshotStaysReadable) {
    auto input = usb::load_input_file(test::source_path("tests/usb/data/snapshot-v1.json"));
    ASSERT_TRUE(input) << input.error().message;
    ASSERT_EQ(input->format, usb::InputFormat::snapshot);
    ASSERT_EQ(input->devices.size(), 1u);
    EXPECT_TRUE(input->devices[0].complete);
    usb::ReplayDevice replay(std::move(input->devices[0]));
    const auto set = usb::probe(replay);
    ASSERT_TRUE(set.device);
    EXPECT_EQ(set.device->idVendor, 0x303A);
    EXPECT_EQ(set.speed, usb::Speed::high);
    ASSERT_EQ(set.configurations.size(), 1u);
    EXPECT_EQ(set.configurations[0].interfaces.size(), 2u);
    ASSERT_EQ(set.other_speed.size(), 1u);
    EXPECT_EQ(set.other_speed[0].interfaces[1].endpoints[0].max_packet(), 64);
    ASSERT_TRUE(set.qualifier);
    EXPECT_EQ(set.bos_availability, usb::Availability::stalled);
    EXPECT_EQ(set.string_text(2), "ESP32-P4 CDC");
    EXPECT_EQ(set.string_text(4), "TinyUSB CDC");
}

TEST(Probe, MicrosoftOsDescriptorsAreReadRaw) {
    auto fake = acm_device();
    auto snapshot = test::snapshot_of(fake);
    auto add = [&](usb::ControlSetup setup, const std::string& hex) {
        snapshot.control.push_back({setup, {usb::TransferStatus::ok, test::hex(hex)}});
    };
    add({0x80, 0x06, 0x03EE, 0, 0x12}, "12 03 4d 00 53 00 46 00 54 00 31 00 30 00 30 00 cd 00");
    const std::string compat = "28 00 00 00 00 01 04 00 01 00 00 00 00 00 00 00 00 01 57 49 4e 55 53 42 00 00"
                               " 00 00 00 00 00 00 00 00 00 00 00 00 00 00";
    add({0xC0, 0xCD, 0, 4, 0x28}, compat);
    // Interface 1 answers only with its number in the low byte of wValue (a Linux gadget).
    add({0xC1, 0xCD, 0x0001, 5, 0x0A}, "0a 00 00 00 00 01 05 00 00 00");
    usb::ReplayDevice replay(snapshot);
    const auto set = usb::probe(replay);
    EXPECT_EQ(set.msos.os_string.availability, usb::Availability::present);
    ASSERT_TRUE(set.msos.vendor_code);
    EXPECT_EQ(*set.msos.vendor_code, 0xCD);
    EXPECT_EQ(set.msos.compat_id.bytes.size(), 40u);
    ASSERT_EQ(set.msos.extended_properties.size(), 2u);
    EXPECT_EQ(set.msos.extended_properties[0].blob.availability, usb::Availability::stalled);
    EXPECT_EQ(set.msos.extended_properties[1].wvalue_byte, "low");
    EXPECT_EQ(set.msos.extended_properties[1].blob.bytes.size(), 10u);
    EXPECT_EQ(set.msos.msos20_set.availability, usb::Availability::not_captured);
}

TEST(Probe, NoMicrosoftOsRequestsWithoutTheOsString) {
    usb::ReplayDevice replay(test::snapshot_of(acm_device()));
    const auto set = usb::probe(replay);
    EXPECT_EQ(set.msos.os_string.availability, usb::Availability::stalled);
    EXPECT_FALSE(set.msos.vendor_code);
    for (const auto& setup : replay.asked()) EXPECT_EQ(setup.bmRequestType & 0x60, 0) << setup.to_hex();
}

TEST(Probe, MsOs20SetIsReadThroughTheBosVendorCode) {
    auto input = usb::load_input_file(test::source_path("tests/corpus/tinyusb_webusb-serial-example_cafe-401f.firmware.txt"));
    ASSERT_TRUE(input) << input.error().message;
    usb::ReplayDevice replay(std::move(input->devices.at(0)));
    const auto set = usb::probe(replay);
    ASSERT_TRUE(set.msos.msos20_vendor_code);
    EXPECT_EQ(*set.msos.msos20_vendor_code, 2);
    EXPECT_EQ(set.msos.msos20_set.availability, usb::Availability::present);
    EXPECT_EQ(set.msos.msos20_set.bytes.size(), 0xB2u);
}

TEST(Probe, StringsAreReadInEveryLangId) {
    auto fake = acm_device();
    fake.strings = {{0, "06 03 09 04 07 04"}, {1, test::string_descriptor_hex("Espressif")}};
    auto snapshot = test::snapshot_of(fake);
    snapshot.control.push_back({{0x80, 0x06, 0x0301, 0x0407, 255},
                                {usb::TransferStatus::ok, test::hex(test::string_descriptor_hex("Espressif DE"))}});
    usb::ReplayDevice replay(snapshot);
    const auto set = usb::probe(replay);
    ASSERT_NE(set.find_string(1, 0x0407), nullptr);
    EXPECT_EQ(set.find_string(1, 0x0407)->text, "Espressif DE");
    EXPECT_EQ(set.find_string(1, 0x0409)->text, "Espressif");
    // Index 2 exists in neither language: both requests were made and stalled.
    ASSERT_NE(set.find_string(2, 0x0407), nullptr);
    EXPECT_EQ(set.find_string(2, 0x0407)->availability, usb::Availability::stalled);
}
