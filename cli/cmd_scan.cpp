// `usbcheck scan`: every attached device on one line (path, VID:PID, names, speed, classes) with
// the verdict of the full descriptor checks; devices usbcheck may not open are judged from sysfs.
#include <algorithm>
#include <iostream>
#include <memory>
#include <optional>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/app.h"
#include "cli/devices.h"
#include "usb/input.h"
#include "usb/linux/sysfs.h"
#include "usb/probe.h"
#include "usb/usb_ids.h"

namespace usbcheck::cli {

namespace {

struct ScanOptions {
    DeviceOptions live;
    std::string json;
};

const char* class_short_name(uint8_t code) {
    switch (code) {
    case 0x01: return "audio";
    case 0x02: return "CDC";
    case 0x03: return "HID";
    case 0x05: return "physical";
    case 0x06: return "image";
    case 0x07: return "printer";
    case 0x08: return "mass storage";
    case 0x09: return "hub";
    case 0x0A: return "CDC data";
    case 0x0B: return "smart card";
    case 0x0D: return "content security";
    case 0x0E: return "video";
    case 0x0F: return "personal healthcare";
    case 0x10: return "audio/video";
    case 0x11: return "billboard";
    case 0x12: return "USB-C bridge";
    case 0xDC: return "diagnostic";
    case 0xE0: return "wireless controller";
    case 0xEF: return "miscellaneous";
    case 0xFE: return "application specific";
    case 0xFF: return "vendor specific";
    default: return "";
    }
}

std::string class_name_or_code(uint8_t code) {
    const char* name = class_short_name(code);
    return *name ? name : fmt::format("class {:02X}", code);
}

std::string plural(size_t n, const char* word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

// Names for the text line: the device's strings, else the usb.ids database (read once, lazily).
class Names {
public:
    std::string of(const reports::DeviceIdentity& identity) {
        std::string names = join(identity.manufacturer, identity.product);
        if (!names.empty() || !identity.vid || !identity.pid) return names;
        if (!m_loaded) {
            m_ids = usb::UsbIds::load();
            m_loaded = true;
        }
        if (!m_ids) return "";
        return join(m_ids->vendor(*identity.vid), m_ids->product(*identity.vid, *identity.pid));
    }

private:
    static std::string join(const std::string& a, const std::string& b) {
        return a.empty() ? b : b.empty() ? a : a + " " + b;
    }
    bool m_loaded = false;
    std::optional<usb::UsbIds> m_ids;
};

struct Scanned {
    reports::DeviceReport report;
    std::string note;     // "(sysfs only, no access)"
    bool lost = false;
    bool checked = false;
    bool root_hub = false;
    std::string class_text;
};

// A root hub is the host controller driver's software model of a hub, not a device anyone
// designed or can fix: it is listed but not judged (Linux root hubs stall the device qualifier
// request at high speed, for one).
bool is_root_hub(const usb::LiveDeviceInfo& info) { return info.path.rfind("usb", 0) == 0; }

Scanned root_hub(const usb::LiveDeviceInfo& info) {
    Scanned scanned;
    scanned.root_hub = true;
    auto& identity = scanned.report.identity;
    identity.vid = info.idVendor;
    identity.pid = info.idProduct;
    identity.speed = info.speed;
    identity.source = "live:" + info.path;
    identity.path = info.path;
    identity.manufacturer = usb::sysfs::read_attribute(info.path, "manufacturer").value_or("");
    identity.product = usb::sysfs::read_attribute(info.path, "product").value_or("");
    scanned.class_text = "hub";
    return scanned;
}

// A device usbcheck cannot open is judged from the descriptors the kernel read at enumeration.
std::optional<usb::DescriptorSet> probe_sysfs(const usb::LiveDeviceInfo& info, std::string& error) {
    auto bytes = usb::sysfs::read_descriptors(info.path);
    if (!bytes) {
        error = bytes.error();
        return std::nullopt;
    }
    auto snapshot = usb::snapshot_from_sysfs_descriptors(
        *bytes, fmt::format("sysfs:{}/{}/descriptors", usb::sysfs::k_usb_devices, info.path));
    snapshot.speed = info.speed;
    usb::ReplayDevice replay(std::move(snapshot));
    return usb::probe(replay);
}

Scanned scan_device(usb::LiveBus& bus, const usb::LiveDeviceInfo& info, const usb::LiveOptions& live) {
    if (is_root_hub(info)) return root_hub(info);
    Scanned scanned;
    std::optional<usb::DescriptorSet> set;
    auto device = bus.open(info, live);
    if (device) {
        set = usb::probe(**device);
    } else if (device.error().kind == usb::OpenFailure::disconnected) {
        scanned.lost = true;
        scanned.report.error = "the device disconnected before it could be read";
    } else {
        scanned.note = device.error().kind == usb::OpenFailure::access ? "(sysfs only, no access)"
                                                                       : "(sysfs only, cannot open it)";
        std::string error;
        set = probe_sysfs(info, error);
        if (!set) scanned.report.error = device.error().message + "; " + error;
    }

    auto& identity = scanned.report.identity;
    if (set) {
        identity = reports::identity_of(*set);
        if (!scanned.note.empty()) {
            // The kernel's copies of the strings, read at enumeration (sysfs gives no string descriptors).
            if (identity.manufacturer.empty()) identity.manufacturer = usb::sysfs::read_attribute(info.path, "manufacturer").value_or("");
            if (identity.product.empty()) identity.product = usb::sysfs::read_attribute(info.path, "product").value_or("");
            if (identity.serial.empty()) identity.serial = usb::sysfs::read_attribute(info.path, "serial").value_or("");
        }
        scanned.report.checks = checks::run_checks(*set);
        scanned.report.windows = checks::predict_windows(*set);
        scanned.checked = true;
        scanned.class_text = class_summary(*set);
        if (set->device_lost) {
            scanned.lost = true;
            scanned.report.error = "the device disconnected during the scan; checks cover what was read before";
        }
    } else {
        identity.vid = info.idVendor;
        identity.pid = info.idProduct;
        identity.speed = info.speed;
        identity.source = "live:" + info.path;
    }
    if (!identity.vid) {  // no device descriptor came back: the one libusb read at enumeration
        identity.vid = info.idVendor;
        identity.pid = info.idProduct;
    }
    if (scanned.class_text.empty())  // from the device descriptor libusb read at enumeration
        scanned.class_text = info.bDeviceClass != 0x00 && info.bDeviceClass != 0xEF
                                 ? class_name_or_code(info.bDeviceClass)
                                 : fmt::format("class {:02X}/{:02X}/{:02X}", info.bDeviceClass, info.bDeviceSubClass,
                                               info.bDeviceProtocol);
    identity.path = info.path;
    return scanned;
}

std::string line_of(const Scanned& scanned, const usb::LiveDeviceInfo& info, size_t path_width, Names& names) {
    std::string text = names.of(scanned.report.identity);
    if (text.empty()) text = "(no name)";
    std::string result;
    if (scanned.root_hub) result = "root hub, not judged";
    else if (!scanned.checked) result = (scanned.lost ? "LOST " : "not checked: ") + scanned.report.error;
    else if (scanned.lost) result = "LOST (disconnected during the scan) " + verdict(reports::summarize_device(scanned.report));
    else result = verdict(reports::summarize_device(scanned.report));
    std::string line = fmt::format("{:<{}}  {}  {}  {}  {}  {}", info.path, path_width, info.vid_pid(),
                                   reports::terminal_safe(text), usb::to_string(info.speed), scanned.class_text, result);
    if (!scanned.note.empty()) line += " " + scanned.note;
    return line;
}

bool failing(const reports::DeviceReport& device) {
    return std::any_of(device.checks.begin(), device.checks.end(), [](const checks::CheckResult& r) {
        return r.status == checks::Status::fail || r.status == checks::Status::error;
    });
}

int scan(const ScanOptions& options) {
    usb::LiveBus bus;
    const bool text = options.json != "-";
    reports::Report report;
    bool lost = false;
    if (bus.devices().empty()) {
        const std::string line = "no USB devices: " + bus.reason();
        if (text) std::cout << line << "\n";
        else print_error(line);
    }
    size_t width = 0;
    for (const auto& info : bus.devices()) width = std::max(width, info.path.size());
    Names names;
    const usb::LiveOptions live = live_options(options.live);
    for (const auto& info : bus.devices()) {
        Scanned scanned = scan_device(bus, info, live);
        if (text) std::cout << line_of(scanned, info, width, names) << std::endl;
        lost = lost || scanned.lost;
        report.devices.push_back(std::move(scanned.report));
    }

    bool write_failed = false;
    if (!options.json.empty())
        if (auto w = reports::write_output(options.json, reports::to_json(report).dump(2) + "\n"); !w) {
            print_error(w.error());
            write_failed = true;
        }
    if (lost) {
        print_error("a device disconnected during the scan");
        return k_exit_device_lost;
    }
    if (write_failed) return k_exit_usage;
    return std::any_of(report.devices.begin(), report.devices.end(), failing) ? k_exit_findings : k_exit_ok;
}

}  // namespace

std::string class_summary(const usb::DescriptorSet& set) {
    if (!set.device) return "";
    const auto& d = *set.device;
    const std::string triple = fmt::format("{:02X}/{:02X}/{:02X}", d.bDeviceClass, d.bDeviceSubClass, d.bDeviceProtocol);
    // A device-level class other than "per interface" (00) and "miscellaneous" (EF, IADs) says it all.
    if (d.bDeviceClass != 0x00 && d.bDeviceClass != 0xEF) return class_name_or_code(d.bDeviceClass);
    if (set.configurations.empty()) return "class " + triple;
    std::vector<const usb::Interface*> interfaces;
    for (const auto& i : set.configurations.front().interfaces)
        if (i.bAlternateSetting == 0) interfaces.push_back(&i);
    if (interfaces.empty()) return "class " + triple;
    if (interfaces.size() == 1) return class_name_or_code(interfaces.front()->bInterfaceClass);
    std::string text = "composite " + triple + ":";
    for (size_t n = 0; n < interfaces.size(); ++n) {
        const uint8_t code = interfaces[n]->bInterfaceClass;
        const char* name = class_short_name(code);
        text += fmt::format("{} {:02X}{}{}", n ? "," : "", code, *name ? " " : "", name);
    }
    return text;
}

std::string verdict(const reports::Summary& summary) {
    std::vector<std::string> parts;
    if (summary.fail) parts.push_back(fmt::format("{} failed", summary.fail));
    if (summary.error) parts.push_back(plural(summary.error, "check error"));
    if (summary.warn) parts.push_back(plural(summary.warn, "warning"));
    std::string text = summary.fail || summary.error ? "FAIL" : "ok";
    for (size_t i = 0; i < parts.size(); ++i) text += (i == 0 && (summary.fail || summary.error) ? " " : ", ") + parts[i];
    return text;
}

Command register_scan(CLI::App& app) {
    auto* command = app.add_subcommand(
        "scan", "list every attached USB device with the verdict of the descriptor checks (root hubs are listed, not judged)");
    auto options = std::make_shared<ScanOptions>();
    add_live_options(*command, options->live, false);
    command->add_option("--json", options->json, "write the JSON report of every device to FILE (- for stdout)")
        ->type_name("FILE");
    return {command, [options] { return scan(*options); }};
}

}  // namespace usbcheck::cli
