// Shared by the live CLI tests: recorded CDC and HID devices, a LiveDevice stand-in, and
// the assertions both test files use.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>

#include "cli_runner.h"
#include "test_util.h"
#include "usb/device.h"
#include "usb/snapshot.h"

namespace usbcheck::test::live {

using namespace usbcheck;

inline std::string quoted(const std::string& path) { return "'" + path + "'"; }

inline bool machine_has_usb() { return std::filesystem::exists("/sys/bus/usb"); }

inline void expect_one_line_error(const test::RunResult& r, const std::string& message = "") {
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    EXPECT_EQ(r.err.rfind("usbcheck: ", 0), 0u) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    if (!message.empty()) {
        EXPECT_EQ(r.err, "usbcheck: " + message + "\n");
    }
}

inline const std::string k_no_bus = "no USB bus on this machine (/sys/bus/usb is missing)";

// A CDC ACM composite (IAD, device class EF/02/01) and a HID keyboard, as spaced hex.
inline const char* const k_cdc_device = "12 01 00 02 ef 02 01 40 6b 1d 04 01 00 01 01 02 03 01";
inline const char* const k_cdc_config =
    "09 02 4b 00 02 01 00 80 32  08 0b 00 02 02 02 01 00  09 04 00 00 01 02 02 01 00"
    "  05 24 00 10 01  05 24 01 00 01  04 24 02 02  05 24 06 00 01  07 05 81 03 08 00 10"
    "  09 04 01 00 02 0a 00 00 00  07 05 02 02 40 00 00  07 05 82 02 40 00 00";
inline const char* const k_hid_device = "12 01 00 02 00 00 00 40 ac 05 56 02 00 01 00 00 00 01";
inline const char* const k_hid_config =
    "09 02 22 00 01 01 00 a0 32  09 04 00 00 01 03 01 01 00  09 21 11 01 00 01 22 3f 00  07 05 81 03 08 00 0a";

// MS OS 1.0: the 0xEE string (vendor code 0x20) and an extended compat ID naming WINUSB.
inline const char* const k_os_string = "12 03 4d 00 53 00 46 00 54 00 31 00 30 00 30 00 20 00";
inline const char* const k_compat_id =
    "28 00 00 00 00 01 04 00 01 00 00 00 00 00 00 00  00 01 57 49 4e 55 53 42 00 00 00 00 00 00 00 00 00 00"
    " 00 00 00 00 00 00";

inline void add(usb::Snapshot& snapshot, usb::ControlSetup setup, const std::string& hex) {
    const auto data = test::hex(hex);
    setup.wLength = static_cast<uint16_t>(data.size());
    snapshot.control.push_back({setup, {usb::TransferStatus::ok, data}});
}

inline usb::Snapshot cdc_snapshot() {
    test::FakeDevice fake;
    fake.device = k_cdc_device;
    fake.configs = {k_cdc_config};
    fake.qualifier = "0a 06 00 02 ef 02 01 40 01 00";
    fake.strings = {{0, "04 03 09 04"},
                    {1, test::string_descriptor_hex("Linux Foundation")},
                    {2, test::string_descriptor_hex("Gadget")},
                    {3, test::string_descriptor_hex("GADGET-A")}};
    fake.speed = usb::Speed::high;
    auto snapshot = test::snapshot_of(fake);
    add(snapshot, {0x80, 0x06, 0x03EE, 0, 0}, k_os_string);
    add(snapshot, {0xC0, 0x20, 0x0000, 0x0004, 0}, k_compat_id);
    snapshot.source = "live:1-1";
    return snapshot;
}

inline usb::Snapshot hid_snapshot() {
    test::FakeDevice fake;
    fake.device = k_hid_device;
    fake.configs = {k_hid_config};
    fake.speed = usb::Speed::full;
    auto snapshot = test::snapshot_of(fake);
    snapshot.source = "live:1-2";
    return snapshot;
}

// Answers as a LiveDevice would in front of the recorded device: requests that would make usbfs
// claim an interface are not sent, and after `lose_after` requests the device is gone.
class LiveLike final : public usb::UsbDevice {
public:
    LiveLike(usb::UsbDevice& inner, std::optional<size_t> lose_after = std::nullopt)
        : m_inner(inner), m_lose_after(lose_after) {}
    usb::TransferResult control_in(const usb::ControlSetup& setup) override {
        if (usb::request_claims_interface(setup)) return {usb::TransferStatus::not_captured, {}};
        if (m_lose_after && m_count++ >= *m_lose_after) return {usb::TransferStatus::disconnected, {}};
        return m_inner.control_in(setup);
    }
    usb::Speed speed() const override { return m_inner.speed(); }
    std::string source() const override { return m_inner.source(); }

private:
    usb::UsbDevice& m_inner;
    std::optional<size_t> m_lose_after;
    size_t m_count = 0;
};

}  // namespace usbcheck::test::live
