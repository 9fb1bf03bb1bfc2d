// hid.suspend.*: what a HID device's descriptors say about selective suspend before anything is
// measured: remote wakeup in the configuration, the boot interface of keyboards and mice, and the
// Microsoft OS property that lets Windows suspend a HID device (usb-reference 3.6, 6).
#include <algorithm>
#include <array>
#include <strings.h>

#include <fmt/format.h>

#include "checks/check.h"
#include "usb/hid_report.h"
#include "usb/msos.h"

namespace usbcheck::checks {
namespace {

constexpr uint8_t k_hid_class = 0x03;
constexpr uint8_t k_remote_wakeup = 0x20;
constexpr size_t k_bm_attributes_offset = 7;  // in the configuration descriptor
constexpr uint32_t k_keyboard = 0x00010006;
constexpr uint32_t k_mouse = 0x00010002;
constexpr uint16_t k_registry_property = 4;   // MS OS 2.0 feature descriptor type
constexpr std::string_view k_enable = "SelectiveSuspendEnabled";

bool has_hid(const usb::Configuration& config) {
    for (const auto& i : config.interfaces)
        if (i.bInterfaceClass == k_hid_class) return true;
    return false;
}

// A keyboard or mouse interface: the boot protocol (03/01/01, 03/01/02), or a Keyboard or Mouse
// application collection in its report descriptor when it was read.
bool input_device(const usb::DescriptorSet& set, const usb::Interface& intf) {
    if (intf.bInterfaceClass != k_hid_class) return false;
    if (intf.bInterfaceSubClass == 1 && (intf.bInterfaceProtocol == 1 || intf.bInterfaceProtocol == 2)) return true;
    for (const auto& raw : set.hid_reports) {
        if (raw.interface_number != intf.bInterfaceNumber || raw.availability != usb::Availability::present) continue;
        for (const auto& col : usb::hid::parse_report_descriptor(raw.bytes).collections)
            if (!col.parent && (col.usage == k_keyboard || col.usage == k_mouse)) return true;
    }
    return false;
}

// USB 2.0 9.6.3 (bmAttributes D5): a keyboard or mouse must be able to signal remote wakeup to
// wake from selective suspend on input (Microsoft, Selective suspend for HID over USB devices).
// HID interfaces of other devices (a camera's buttons, a dongle's controls) are not judged.
void remote_wakeup(const usb::DescriptorSet& set, Reporter& r) {
    bool any = false;
    for (const auto& config : set.configurations) {
        const bool input = std::any_of(config.interfaces.begin(), config.interfaces.end(),
                                       [&](const usb::Interface& i) { return input_device(set, i); });
        if (!input) continue;
        any = true;
        if (!(config.bmAttributes & k_remote_wakeup))
            r.violation(fmt::format("configuration {} has a keyboard or mouse interface but bmAttributes is 0x{:02x} "
                                    "without Remote Wakeup (0x20): input cannot wake it from selective suspend",
                                    config.bConfigurationValue, config.bmAttributes),
                        at_config(config, k_bm_attributes_offset));
    }
    if (!any) r.not_applicable("no configuration with a keyboard or mouse interface");
}

// HID 1.11 4.2, 4.3: a keyboard or mouse (by its report descriptor) declares the boot interface
// (subclass 1, protocol 1 keyboard / 2 mouse), so firmware and wake-up screens can use it.
void boot_protocol(const usb::DescriptorSet& set, Reporter& r) {
    bool any = false;
    for (const auto& raw : set.hid_reports) {
        if (raw.availability != usb::Availability::present || set.configurations.empty()) continue;
        const auto* intf = set.configurations.front().find_interface(raw.interface_number);
        if (!intf) continue;
        const auto parsed = usb::hid::parse_report_descriptor(raw.bytes);
        for (const auto& col : parsed.collections) {
            if (col.parent || (col.usage != k_keyboard && col.usage != k_mouse)) continue;
            any = true;
            const bool keyboard = col.usage == k_keyboard;
            const uint8_t protocol = keyboard ? 1 : 2;
            if (intf->bInterfaceSubClass != 1 || intf->bInterfaceProtocol != protocol)
                r.violation(fmt::format("interface {} is a {} (report descriptor) but is {:02x}/{:02x}/{:02x}, expected "
                                        "the boot interface 03/01/{:02x}",
                                        raw.interface_number, keyboard ? "keyboard" : "mouse", intf->bInterfaceClass,
                                        intf->bInterfaceSubClass, intf->bInterfaceProtocol, protocol),
                            at_interface(set.configurations.front(), *intf, 6));
            break;
        }
    }
    if (!any) r.not_applicable("no keyboard or mouse application collection in a report descriptor that was read");
}

struct Property {
    std::string name;
    uint32_t type = 0;
    usb::Bytes data;
    std::string where;  // "MS OS 1.0 interface 0", "MS OS 2.0"
};

void collect20(const usb::msos::Set20Descriptor& d, std::vector<Property>& out) {
    if (d.wDescriptorType == k_registry_property)
        out.push_back({d.property_name, d.wPropertyDataType, d.property_data, "MS OS 2.0"});
    for (const auto& c : d.children) collect20(c, out);
}

// usb-reference 3.6 and 6: Windows disables selective suspend for HID unless the device's MS OS
// extended properties (or an INF with HID_SelSus_Inst) enable it; QEMU's HID devices send
// SelectiveSuspendEnabled = DWORD 1 (the Microsoft-side name is UNVERIFIED).
void msos_enable(const usb::DescriptorSet& set, Reporter& r) {
    if (set.configurations.empty() || !has_hid(set.configurations.front()))
        return r.not_applicable("no HID interface in the first configuration");
    const auto& msos = set.msos;
    if (msos.os_string.availability == usb::Availability::not_captured &&
        msos.msos20_set.availability == usb::Availability::not_captured)
        return r.skip("Microsoft OS descriptors were not captured by this input");
    std::vector<Property> props;
    std::vector<usb::msos::Note> notes;
    for (const auto& e : msos.extended_properties)
        if (e.blob.availability == usb::Availability::present)
            if (auto p = usb::msos::parse_extended_properties(e.blob.bytes, notes))
                for (const auto& prop : p->properties)
                    props.push_back({prop.name, prop.dwPropertyDataType, prop.data,
                                     fmt::format("MS OS 1.0 interface {}", e.interface_number)});
    if (msos.msos20_set.availability == usb::Availability::present)
        if (auto s = usb::msos::parse_set20(msos.msos20_set.bytes, notes); s && s->header) collect20(*s->header, props);
    bool enabled = false;
    for (const auto& p : props) {
        if (strcasecmp(p.name.c_str(), "IdleUsbSelectiveSuspendPolicy") == 0)
            r.violation(p.where + ": IdleUsbSelectiveSuspendPolicy is read by usbser.sys, not by the HID stack");
        if (strcasecmp(p.name.c_str(), std::string(k_enable).c_str()) != 0) continue;
        const bool one = p.type == 4 && p.data.size() == 4 && p.data[0] == 1 && p.data[1] == 0 && p.data[2] == 0 && p.data[3] == 0;
        if (one) enabled = true;
        else r.violation(fmt::format("{}: {} is not DWORD 1 (type {}, {} bytes): it does not enable selective suspend",
                                     p.where, k_enable, p.type, p.data.size()));
    }
    if (!enabled && r.findings().empty())
        r.violation(fmt::format("no Microsoft OS property {} = 1 ({} properties read): Windows keeps selective suspend "
                                "off for this HID device unless its INF includes HID_SelSus_Inst",
                                k_enable, props.size()));
}

const std::array<CheckDef, 3> k_checks{{
    {"hid.suspend.remote-wakeup", "a configuration with a keyboard or mouse supports remote wakeup", Severity::warning,
     "USB 2.0 9.6.3 (bmAttributes D5); Microsoft, Selective suspend for HID over USB devices",
     "without remote wakeup a suspended keyboard or mouse ignores input, so the host never suspends it",
     "set bit 5 (0x20) of bmAttributes and answer SET_FEATURE(DEVICE_REMOTE_WAKEUP)", remote_wakeup},
    {"hid.suspend.boot-protocol", "a keyboard or mouse declares the boot interface", Severity::info,
     "HID 1.11 4.2, 4.3, appendix B",
     "firmware, boot loaders and wake-up screens use keyboards and mice only through the boot protocol",
     "use bInterfaceSubClass 1 with bInterfaceProtocol 1 (keyboard) or 2 (mouse) and the boot report layout",
     boot_protocol},
    {"hid.suspend.msos-enable", "Microsoft OS properties enable HID selective suspend (SelectiveSuspendEnabled = 1)",
     Severity::info,
     "Microsoft, Selective suspend for HID over USB devices; usb-reference 3.6 (property name from QEMU, UNVERIFIED "
     "for Windows)",
     "Windows disables selective suspend for HID devices unless the device or its INF enables it",
     "add an MS OS extended property SelectiveSuspendEnabled, REG_DWORD 1, or ship an INF with HID_SelSus_Inst",
     msos_enable},
}};

}  // namespace

std::span<const CheckDef> hid_suspend_checks() { return k_checks; }

}  // namespace usbcheck::checks
