// Tests of the chapter 9 device and device-qualifier checks, and of all three chapter 9
// families over real devices from the corpus.
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "checks/check.h"
#include "check_test_util.h"
#include "test_util.h"
#include "usb/probe.h"
#include "usb/snapshot.h"

namespace usbcheck::checks {
namespace {

using test::is;
using test::message_of;
using test::result_of;

using test::FakeDevice;
using test::probe_fake;
using usb::Speed;

constexpr std::string_view k_speed_unknown = "speed unknown: give --speed or use an input that records it";

// Silicon Labs CP210x (corpus, full speed): conformant.
FakeDevice cp210x() {
    FakeDevice f;
    f.device = "12 01 00 02 00 00 00 40 c4 10 60 ea 00 01 01 02 03 01";
    f.configs = {"09 02 20 00 01 01 00 80 32  09 04 00 00 02 ff 00 00 00  07 05 02 02 40 00 00  07 05 82 02 40 00 00"};
    f.speed = Speed::full;
    return f;
}

// Google Pixel 3a fastboot (corpus, high speed) with a plausible device qualifier added.
FakeDevice pixel() {
    FakeDevice f;
    f.device = "12 01 00 02 00 00 00 40 d1 18 e0 4e 00 01 01 02 03 01";
    f.configs = {"09 02 20 00 01 01 00 80 50  09 04 00 00 02 ff 42 03 04  07 05 81 02 00 02 00  07 05 01 02 00 02 01"};
    f.qualifier = "0a 06 00 02 00 00 00 40 01 00";
    f.speed = Speed::high;
    return f;
}

// SanDisk Ultra Fit (corpus, SuperSpeed).
FakeDevice sandisk() {
    FakeDevice f;
    f.device = "12 01 20 03 00 00 00 09 81 07 83 55 00 01 01 02 03 01";
    f.configs = {"09 02 2c 00 01 01 00 80 70  09 04 00 00 02 08 06 50 00  07 05 81 02 00 04 00  06 30 01 00 00 00"
                 "  07 05 02 02 00 04 00  06 30 0f 00 00 00"};
    f.speed = Speed::super;
    return f;
}

// Holtek keyboard (corpus, low speed, USB 1.10).
FakeDevice holtek() {
    FakeDevice f;
    f.device = "12 01 10 01 00 00 00 08 d9 04 03 16 10 03 01 02 00 01";
    f.configs = {"09 02 3b 00 02 01 00 a0 32  09 04 00 00 01 03 01 01 00  09 21 10 01 00 01 22 3e 00"
                 "  07 05 81 03 08 00 0a  09 04 01 00 01 03 00 00 00  09 21 10 01 00 01 22 65 00  07 05 82 03 08 00 0a"};
    f.speed = Speed::low;
    return f;
}

FakeDevice with_device(FakeDevice f, std::string device) {
    f.device = std::move(device);
    return f;
}

FakeDevice at_speed(FakeDevice f, Speed speed) {
    f.speed = speed;
    return f;
}

// Probes `fake` with the answer to GET_DESCRIPTOR(DEVICE) removed from the recording.
usb::DescriptorSet probe_without_device(const FakeDevice& fake, bool complete) {
    auto snapshot = test::snapshot_of(fake);
    snapshot.control.erase(snapshot.control.begin());
    snapshot.complete = complete;
    usb::ReplayDevice replay(std::move(snapshot));
    return usb::probe(replay);
}

TEST(Ch9Device, ReadableFailsWhenStalledAndDeviceChecksSkip) {
    const auto set = probe_without_device(cp210x(), true);
    const auto r = result_of(set, "ch9.device.readable");
    EXPECT_EQ(r.status, Status::fail);
    EXPECT_NE(message_of(r).find("stalled"), std::string::npos) << message_of(r);
    const auto length = result_of(set, "ch9.device.length");
    EXPECT_EQ(length.status, Status::skip);
    EXPECT_NE(length.skip_reason.find("stalled"), std::string::npos) << length.skip_reason;
    // The probe goes on without a device descriptor: the configuration is still read and judged.
    EXPECT_EQ(result_of(set, "ch9.config.total-length").status, Status::pass);
    EXPECT_EQ(result_of(set, "ch9.device.num-configurations").status, Status::skip);
}

TEST(Ch9Device, ReadableFailsWhenTruncatedSkipsWhenNotCapturedPassesOtherwise) {
    const auto truncated = result_of(with_device(cp210x(), "12 01 00 02 00 00 00 40"), "ch9.device.readable");
    EXPECT_EQ(truncated.status, Status::fail);
    EXPECT_NE(message_of(truncated).find("truncated"), std::string::npos) << message_of(truncated);
    const auto missing = result_of(probe_without_device(cp210x(), false), "ch9.device.readable");
    EXPECT_EQ(missing.status, Status::skip);
    EXPECT_NE(missing.skip_reason.find("not captured"), std::string::npos) << missing.skip_reason;
    EXPECT_EQ(result_of(cp210x(), "ch9.device.readable").status, Status::pass);
}

TEST(Ch9Device, Length) {
    const auto r = result_of(with_device(cp210x(), "11 01 00 02 00 00 00 40 c4 10 60 ea 00 01 01 02 03 01"),
                             "ch9.device.length");
    EXPECT_EQ(r.status, Status::fail);
    EXPECT_EQ(message_of(r), "bLength is 17 but a device descriptor is 18 bytes");
    EXPECT_EQ(r.findings.at(0).location.offset, 0u);
    EXPECT_EQ(result_of(cp210x(), "ch9.device.length").status, Status::pass);
}

TEST(Ch9Device, DescriptorType) {
    const auto r = result_of(with_device(cp210x(), "12 02 00 02 00 00 00 40 c4 10 60 ea 00 01 01 02 03 01"),
                             "ch9.device.descriptor-type");
    EXPECT_EQ(r.status, Status::fail);
    EXPECT_NE(message_of(r).find("bDescriptorType is 0x02"), std::string::npos) << message_of(r);
    EXPECT_EQ(result_of(cp210x(), "ch9.device.descriptor-type").status, Status::pass);
}

TEST(Ch9Device, BcdUsbDigits) {
    const auto r = result_of(with_device(cp210x(), "12 01 1a 02 00 00 00 40 c4 10 60 ea 00 01 01 02 03 01"),
                             "ch9.device.bcd-usb-digits");
    EXPECT_EQ(r.status, Status::fail);
    EXPECT_NE(message_of(r).find("0x021a"), std::string::npos) << message_of(r);
    EXPECT_EQ(r.findings.at(0).location.offset, 2u);
    EXPECT_EQ(result_of(cp210x(), "ch9.device.bcd-usb-digits").status, Status::pass);
}

TEST(Ch9Device, BcdUsbVersion) {
    const auto r = result_of(with_device(cp210x(), "12 01 30 02 00 00 00 40 c4 10 60 ea 00 01 01 02 03 01"),
                             "ch9.device.bcd-usb-version");
    EXPECT_EQ(r.status, Status::warn);
    EXPECT_NE(message_of(r).find("bcdUSB is 0x0230"), std::string::npos) << message_of(r);
    EXPECT_EQ(result_of(cp210x(), "ch9.device.bcd-usb-version").status, Status::pass);
    EXPECT_EQ(result_of(sandisk(), "ch9.device.bcd-usb-version").status, Status::pass);
}

TEST(Ch9Device, MaxPacketSize0) {
    const auto r = result_of(with_device(cp210x(), "12 01 00 02 00 00 00 0c c4 10 60 ea 00 01 01 02 03 01"),
                             "ch9.device.max-packet-size0");
    EXPECT_EQ(r.status, Status::fail);
    EXPECT_NE(message_of(r).find("bMaxPacketSize0 is 12"), std::string::npos) << message_of(r);
    EXPECT_EQ(r.findings.at(0).location.offset, 7u);
    // 9 (512 bytes) is legal only from bcdUSB 3.00.
    const auto nine = result_of(with_device(cp210x(), "12 01 00 02 00 00 00 09 c4 10 60 ea 00 01 01 02 03 01"),
                                "ch9.device.max-packet-size0");
    EXPECT_EQ(nine.status, Status::fail);
    EXPECT_EQ(result_of(sandisk(), "ch9.device.max-packet-size0").status, Status::pass);
    EXPECT_EQ(result_of(cp210x(), "ch9.device.max-packet-size0").status, Status::pass);
}

TEST(Ch9Device, MaxPacketSize0Speed) {
    const auto low = result_of(at_speed(cp210x(), Speed::low), "ch9.device.max-packet-size0-speed");
    EXPECT_EQ(low.status, Status::fail);
    EXPECT_NE(message_of(low).find("low-speed device must use 8"), std::string::npos) << message_of(low);
    const auto super = result_of(with_device(sandisk(), "12 01 20 03 00 00 00 40 81 07 83 55 00 01 01 02 03 01"),
                                 "ch9.device.max-packet-size0-speed");
    EXPECT_EQ(super.status, Status::fail);
    EXPECT_NE(message_of(super).find("must use 9"), std::string::npos) << message_of(super);
    EXPECT_EQ(result_of(holtek(), "ch9.device.max-packet-size0-speed").status, Status::pass);
    EXPECT_EQ(result_of(sandisk(), "ch9.device.max-packet-size0-speed").status, Status::pass);
    const auto unknown = result_of(at_speed(cp210x(), Speed::unknown), "ch9.device.max-packet-size0-speed");
    EXPECT_EQ(unknown.status, Status::skip);
    EXPECT_EQ(unknown.skip_reason, k_speed_unknown);
}

TEST(Ch9Device, MaxPacketSize0HighSpeedIsAWarning) {
    const auto r = result_of(with_device(pixel(), "12 01 00 02 00 00 00 08 d1 18 e0 4e 00 01 01 02 03 01"),
                             "ch9.device.max-packet-size0-high-speed");
    EXPECT_EQ(r.status, Status::warn);
    EXPECT_EQ(message_of(r), "bMaxPacketSize0 is 8 but a high-speed device should use 64");
    EXPECT_EQ(result_of(pixel(), "ch9.device.max-packet-size0-high-speed").status, Status::pass);
    EXPECT_EQ(result_of(cp210x(), "ch9.device.max-packet-size0-high-speed").status, Status::skip);
}

TEST(Ch9Device, BcdUsbSpeed) {
    const auto super = result_of(with_device(sandisk(), "12 01 10 02 00 00 00 09 81 07 83 55 00 01 01 02 03 01"),
                                 "ch9.device.bcd-usb-speed");
    EXPECT_EQ(super.status, Status::fail);
    EXPECT_NE(message_of(super).find("bcdUSB is 0x0210"), std::string::npos) << message_of(super);
    const auto high = result_of(with_device(pixel(), "12 01 10 01 00 00 00 40 d1 18 e0 4e 00 01 01 02 03 01"),
                                "ch9.device.bcd-usb-speed");
    EXPECT_EQ(high.status, Status::fail);
    EXPECT_EQ(result_of(pixel(), "ch9.device.bcd-usb-speed").status, Status::pass);
    EXPECT_EQ(result_of(sandisk(), "ch9.device.bcd-usb-speed").status, Status::pass);
    EXPECT_EQ(result_of(at_speed(pixel(), Speed::unknown), "ch9.device.bcd-usb-speed").status, Status::skip);
}

TEST(Ch9Device, NumConfigurations) {
    const auto r = result_of(with_device(cp210x(), "12 01 00 02 00 00 00 40 c4 10 60 ea 00 01 01 02 03 00"),
                             "ch9.device.num-configurations");
    EXPECT_EQ(r.status, Status::fail);
    EXPECT_EQ(r.findings.at(0).location.offset, 17u);
    EXPECT_EQ(result_of(cp210x(), "ch9.device.num-configurations").status, Status::pass);
}

TEST(Ch9Device, NumConfigurationsMaxIsAWarning) {
    const auto r = result_of(with_device(cp210x(), "12 01 00 02 00 00 00 40 c4 10 60 ea 00 01 01 02 03 09"),
                             "ch9.device.num-configurations-max");
    EXPECT_EQ(r.status, Status::warn);
    EXPECT_NE(message_of(r).find("bNumConfigurations is 9"), std::string::npos) << message_of(r);
    EXPECT_EQ(result_of(cp210x(), "ch9.device.num-configurations-max").status, Status::pass);
}

TEST(Ch9Device, ConfigurationsReadable) {
    const auto r = result_of(with_device(cp210x(), "12 01 00 02 00 00 00 40 c4 10 60 ea 00 01 01 02 03 02"),
                             "ch9.device.configurations-readable");
    EXPECT_EQ(r.status, Status::fail);
    EXPECT_NE(message_of(r).find("configuration index 1 stalled"), std::string::npos) << message_of(r);
    EXPECT_EQ(r.findings.at(0).location.blob, "config[1]");
    EXPECT_EQ(result_of(cp210x(), "ch9.device.configurations-readable").status, Status::pass);
    // An incomplete recording without the configuration: not captured, so not judged.
    auto snapshot = test::snapshot_of(cp210x());
    snapshot.control.resize(1);
    snapshot.complete = false;
    usb::ReplayDevice replay(std::move(snapshot));
    EXPECT_EQ(result_of(usb::probe(replay), "ch9.device.configurations-readable").status, Status::skip);
}

TEST(Ch9Device, ClassCode) {
    const auto r = result_of(with_device(cp210x(), "12 01 00 02 08 06 50 40 c4 10 60 ea 00 01 01 02 03 01"),
                             "ch9.device.class-code");
    EXPECT_EQ(r.status, Status::warn);
    EXPECT_NE(message_of(r).find("bDeviceClass is 0x08"), std::string::npos) << message_of(r);
    EXPECT_EQ(r.findings.at(0).location.offset, 4u);
    EXPECT_EQ(result_of(cp210x(), "ch9.device.class-code").status, Status::pass);
    // Bluetooth E0/01/01 at device level (CSR dongle in the corpus) is allowed.
    EXPECT_EQ(result_of(with_device(cp210x(), "12 01 00 02 e0 01 01 40 12 0a 01 00 91 88 00 02 00 01"),
                        "ch9.device.class-code")
                  .status,
              Status::pass);
}

TEST(Ch9Qualifier, Fields) {
    EXPECT_EQ(result_of(pixel(), "ch9.qualifier.fields").status, Status::pass);
    const std::pair<const char*, const char*> bad[] = {
        {"09 06 00 02 00 00 00 40 01 00", "bLength is 9"},
        {"0a 02 00 02 00 00 00 40 01 00", "bDescriptorType is 0x02"},
        {"0a 06 10 01 00 00 00 40 01 00", "bcdUSB is 0x0110"},
        {"0a 06 00 02 00 00 00 0c 01 00", "bMaxPacketSize0 is 12"},
        {"0a 06 00 02 00 00 00 40 00 00", "bNumConfigurations is 0"},
        {"0a 06 00 02 00 00 00 40 01 01", "bReserved is 0x01"},
    };
    for (const auto& [bytes, expected] : bad) {
        auto f = pixel();
        f.qualifier = bytes;
        const auto r = result_of(f, "ch9.qualifier.fields");
        EXPECT_EQ(r.status, Status::fail) << bytes;
        EXPECT_NE(message_of(r).find(expected), std::string::npos) << message_of(r);
        EXPECT_EQ(r.findings.at(0).location.blob, "qualifier");
    }
    auto stalled = pixel();
    stalled.qualifier.reset();
    EXPECT_EQ(result_of(stalled, "ch9.qualifier.fields").status, Status::skip);
    EXPECT_EQ(result_of(holtek(), "ch9.qualifier.fields").status, Status::skip);
}

TEST(Ch9Qualifier, RequiredAtHighSpeed) {
    auto stalled = pixel();
    stalled.qualifier.reset();
    const auto r = result_of(stalled, "ch9.qualifier.required");
    EXPECT_EQ(r.status, Status::fail);
    EXPECT_NE(message_of(r).find("stalled"), std::string::npos) << message_of(r);
    EXPECT_EQ(result_of(pixel(), "ch9.qualifier.required").status, Status::pass);
    EXPECT_EQ(result_of(cp210x(), "ch9.qualifier.required").status, Status::skip);  // full speed
    EXPECT_EQ(result_of(at_speed(stalled, Speed::unknown), "ch9.qualifier.required").status, Status::skip);
}

TEST(Ch9Qualifier, UnexpectedOnUsb1Device) {
    // The probe never asks a bcdUSB 1.x device for a qualifier, so the answer is put in directly.
    auto set = probe_fake(at_speed(holtek(), Speed::full));
    EXPECT_EQ(result_of(set, "ch9.qualifier.unexpected").status, Status::skip);
    set.qualifier_availability = usb::Availability::present;
    const auto r = result_of(set, "ch9.qualifier.unexpected");
    EXPECT_EQ(r.status, Status::warn);
    EXPECT_NE(message_of(r).find("bcdUSB is 0x0110"), std::string::npos) << message_of(r);
    set.qualifier_availability = usb::Availability::stalled;
    EXPECT_EQ(result_of(set, "ch9.qualifier.unexpected").status, Status::pass);
    EXPECT_EQ(result_of(pixel(), "ch9.qualifier.unexpected").status, Status::skip);
}

// ---- Real devices from /work/shared/corpus through the three chapter 9 families ----

// Probes a corpus device whose capture carries no device qualifier: that request is not captured.
usb::DescriptorSet probe_capture(const FakeDevice& fake) {
    auto snapshot = test::snapshot_of(fake);
    snapshot.control.push_back({{0x80, 0x06, 0x0600, 0, 10}, {usb::TransferStatus::not_captured, {}}});
    usb::ReplayDevice replay(std::move(snapshot));
    return usb::probe(replay);
}

std::vector<std::string> ch9_ids_with(const usb::DescriptorSet& set, Status status) {
    std::vector<std::string> ids;
    for (const auto& r : run_checks(set)) {
        const std::string id(r.def->id);
        const bool ours = id.rfind("ch9.device.", 0) == 0 || id.rfind("ch9.qualifier.", 0) == 0 ||
                          id.rfind("ch9.config.", 0) == 0 || id.rfind("ch9.interface.", 0) == 0 ||
                          id.rfind("ch9.endpoint.", 0) == 0;
        if (ours && r.status == status) ids.push_back(id);
    }
    return ids;
}

TEST(Ch9Corpus, ConformantDevicesPassAndCorruptAsixFails) {
    auto esp32_hs = pixel();  // espressif_esp32s3-tinyusb-serial-device, high-speed (esp32p4) configuration
    esp32_hs.device = "12 01 00 02 ef 02 01 40 3a 30 01 40 00 00 01 02 03 01";
    esp32_hs.configs = {
        "09 02 4b 00 02 01 00 a0 32  08 0b 00 02 02 02 00 00  09 04 00 00 01 02 02 00 04  05 24 00 20 01"
        "  05 24 01 00 01  04 24 02 02  05 24 06 00 01  07 05 81 03 08 00 10"
        "  09 04 01 00 02 0a 00 00 00  07 05 02 02 00 02 00  07 05 82 02 00 02 00"};
    auto chicony = pixel();  // UVC camera, high-bandwidth isochronous alternate settings (config abridged:
    chicony.device = "12 01 01 02 ef 02 01 40 f2 04 7d b6 06 04 02 01 00 01";  // class descriptors left out)
    chicony.configs = {
        "09 02 8a 00 02 01 00 80 fa  08 0b 00 02 0e 03 00 05  09 04 00 00 01 0e 01 00 05  07 05 83 03 10 00 06"
        "  09 04 01 00 00 0e 02 00 00"
        "  09 04 01 01 01 0e 02 00 00  07 05 81 05 80 00 01  09 04 01 02 01 0e 02 00 00  07 05 81 05 00 01 01"
        "  09 04 01 03 01 0e 02 00 00  07 05 81 05 20 03 01  09 04 01 04 01 0e 02 00 00  07 05 81 05 20 0b 01"
        "  09 04 01 05 01 0e 02 00 00  07 05 81 05 20 13 01  09 04 01 06 01 0e 02 00 00  07 05 81 05 00 14 01"};

    for (const auto& [name, fake] : {std::pair{"cp210x", cp210x()}, std::pair{"pixel", pixel()},
                                     std::pair{"sandisk", sandisk()}, std::pair{"holtek", holtek()},
                                     std::pair{"esp32-hs", esp32_hs}, std::pair{"chicony", chicony}}) {
        auto capture = fake;
        capture.qualifier.reset();
        const auto set = probe_capture(capture);
        EXPECT_EQ(ch9_ids_with(set, Status::fail), std::vector<std::string>{}) << name;
        EXPECT_EQ(ch9_ids_with(set, Status::error), std::vector<std::string>{}) << name;
    }

    // The esp32 high-speed notification endpoint polls every 4.096 s: an info note, not a failure.
    const auto slow = result_of(probe_capture(esp32_hs), "ch9.endpoint.long-interval");
    EXPECT_EQ(slow.status, Status::pass);
    ASSERT_EQ(slow.findings.size(), 1u);
    EXPECT_NE(slow.findings[0].message.find("4.096 s"), std::string::npos) << slow.findings[0].message;

    FakeDevice asix;  // asix_ax88772b-itec-CORRUPT-test-vector: i_tec_config_desc_fs, known-bad
    asix.device = "12 01 00 02 ff ff 00 08 95 0b 2b 77 02 00 01 02 03 01";
    asix.configs = {"09 02 27 00 95 0b 2b 77 02  09 04 00 00 03 ff ff 00 07  07 05 81 a0 64 00 a0"
                    "  07 05 82 02 40 00 00  07 05 03 02 40 00 00"};
    asix.speed = Speed::full;
    const auto set = probe_capture(asix);
    EXPECT_EQ(ch9_ids_with(set, Status::fail),
              (std::vector<std::string>{"ch9.config.num-interfaces", "ch9.config.attributes-one",
                                        "ch9.endpoint.attributes-reserved", "ch9.endpoint.attributes-usage",
                                        "ch9.endpoint.max-packet-size"}));
    EXPECT_EQ(ch9_ids_with(set, Status::warn),
              (std::vector<std::string>{"ch9.config.attributes-reserved", "ch9.endpoint.control-type"}));
    const auto interfaces = result_of(set, "ch9.config.num-interfaces");
    EXPECT_EQ(message_of(interfaces), "bNumInterfaces is 149 but the configuration has 1 interface (numbers: 0)");
    EXPECT_EQ(interfaces.findings.at(0).location.offset, 4u);
    const auto reserved = result_of(set, "ch9.endpoint.attributes-reserved");
    EXPECT_EQ(reserved.findings.at(0).location.offset, 0x15u);  // endpoint at 0x12, bmAttributes at +3
}

}  // namespace
}  // namespace usbcheck::checks
