// Windows driver prediction from the descriptor model (reference section 10; sources cited in each
// rule string). IDs follow MSDocs install/standard-usb-identifiers.md; composite detection
// usbcon/enumeration-of-the-composite-parent-device.md; children usbcon/support-for-interface-collections.md.
#include "checks/windows.h"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "usb/msos.h"

namespace usbcheck::checks {
namespace {

using Function = WindowsPrediction::Function;

struct MsCompat {
    std::optional<uint8_t> first_interface;  // nullopt: the whole device (MS OS 2.0 set or configuration level)
    std::string compatible_id, sub_compatible_id;
    std::string source;
};

struct MsProperty {
    std::optional<uint8_t> interface;
    std::string name, type, value, source;
};

std::string trim_nul(std::string s) {
    const auto nul = s.find('\0');
    if (nul != std::string::npos) s.resize(nul);
    return s;
}

std::vector<std::string> class_ids(uint8_t cls, uint8_t sub, uint8_t prot) {
    return {fmt::format("USB\\Class_{:02X}&SubClass_{:02X}&Prot_{:02X}", cls, sub, prot),
            fmt::format("USB\\Class_{:02X}&SubClass_{:02X}", cls, sub), fmt::format("USB\\Class_{:02X}", cls)};
}

std::vector<std::string> ms_ids(const MsCompat& c) {
    std::vector<std::string> out;
    const std::string id = trim_nul(c.compatible_id);
    if (id.empty()) return out;
    const std::string sub = trim_nul(c.sub_compatible_id);
    if (!sub.empty()) out.push_back(fmt::format("USB\\MS_COMP_{}&MS_SUBCOMP_{}", id, sub));
    out.push_back(fmt::format("USB\\MS_COMP_{}", id));
    return out;
}

std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return s;
}

struct Match {
    std::string driver, rule, windows81;
};

// The in-box table of reference section 10, by compatible ID (INF matching ignores case).
std::optional<Match> inbox_driver(const std::string& compatible_id) {
    const std::string id = upper(compatible_id);
    const auto is = [&](std::string_view s) { return id == s; };
    const auto starts = [&](std::string_view s) { return id.starts_with(s); };
    const std::string how = "compatible ID " + compatible_id + " matches ";
    if (is("USB\\USB20_HUB") || is("USB\\USB30_HUB"))
        return Match{"usbhub", how + "usb.inf / usbhub3.inf (reference 10)", ""};
    if (is("USB\\MS_COMP_WINUSB"))
        return Match{"winusb", how + "winusb.inf (Windows 8+; MSDocs usbcon/automatic-installation-of-winusb.md)",
                     ""};
    if (is("USB\\MS_COMP_RNDIS&MS_SUBCOMP_5162001"))
        return Match{"rndis", how + "the RNDIS INF (rndiscmp.inf; reference 10)", ""};
    if (is("USB\\MS_COMP_WINNCM"))
        return Match{"usbncm", how + "UsbNcm (microsoft/NCM-Driver-for-Windows #8, observed)", "no in-box NCM driver"};
    if (is("USB\\MS_COMP_MTP") || is("USB\\MS_COMP_PTP"))
        return Match{"wpdmtp", how + "wpdmtp.inf (observed)", ""};
    if (is("USB\\CLASS_02&SUBCLASS_02&PROT_01") || is("USB\\CLASS_02&SUBCLASS_02"))
        return Match{"usbser",
                     how + "usbser.inf (Windows 10+; MSDocs usbcon/usb-driver-installation-based-on-compatible-ids.md; "
                           "the in-box usbser.inf lists only 02/02/01 and 02/02, observed)",
                     "an INF that includes mdmcpq.inf (Modem class), Windows 8.1 and earlier load no usbser by themselves"};
    if (is("USB\\CLASS_02&SUBCLASS_0D"))
        return Match{"usbncm", how + "UsbNcm on Windows 11 (microsoft/NCM-Driver-for-Windows #8, observed); Windows 10 "
                                     "binds it only through USB\\MS_COMP_WINNCM",
                     "no in-box NCM driver"};
    if (is("USB\\CLASS_02&SUBCLASS_0E"))
        return Match{"mbim", how + "the in-box MBIM class driver (MSDocs usbcon/supported-usb-classes.md)", ""};
    if (is("USB\\CLASS_EF&SUBCLASS_04&PROT_01")) return Match{"rndis", how + "rndiscmp.inf (reference 10)", ""};
    if (starts("USB\\CLASS_01&") && id.ends_with("&PROT_20"))
        return Match{"usbaudio2", how + "usbaudio2 (Windows 10 1703+; MSDocs audio/usb-2-0-audio-drivers.md)",
                     "no in-box USB Audio 2.0 driver before Windows 10 1703"};
    if (is("USB\\CLASS_01")) return Match{"usbaudio", how + "usbaudio (MSDocs usbcon/supported-usb-classes.md)", ""};
    if (is("USB\\CLASS_03")) return Match{"hidusb", how + "input.inf (hidusb; MSDocs usbcon/supported-usb-classes.md)", ""};
    if (is("USB\\CLASS_08&SUBCLASS_06&PROT_50") || is("USB\\CLASS_08&SUBCLASS_05&PROT_50") ||
        is("USB\\CLASS_08&SUBCLASS_02&PROT_50"))
        return Match{"usbstor", how + "usbstor.inf (MSDocs usbcon/supported-usb-classes.md)", ""};
    if (is("USB\\CLASS_08&SUBCLASS_06&PROT_62"))
        return Match{"uaspstor", how + "uaspstor.inf (MSDocs usbcon/supported-usb-classes.md)", "Windows 7: no UAS driver"};
    if (is("USB\\CLASS_07")) return Match{"usbprint", how + "usbprint.inf (MSDocs usbcon/supported-usb-classes.md)", ""};
    if (is("USB\\CLASS_06&SUBCLASS_01&PROT_01"))
        return Match{"wpdmtp", how + "wpdmtp.inf (observed; Microsoft's class table names Usbscan.sys for class 06)", ""};
    if (is("USB\\CLASS_0E&SUBCLASS_03&PROT_00"))
        return Match{"usbvideo", how + "usbvideo.inf (MSDocs usbcon/supported-usb-classes.md)", ""};
    if (is("USB\\CLASS_0B")) return Match{"usbccid", how + "the in-box CCID driver (MSDocs usbcon/supported-usb-classes.md)", ""};
    if (is("USB\\CLASS_E0&SUBCLASS_01&PROT_01"))
        return Match{"bthusb", how + "bth.inf (bthusb; MSDocs usbcon/supported-usb-classes.md)", ""};
    return std::nullopt;
}

// Compatible IDs from MS OS 1.0 (extended compat ID) and MS OS 2.0 (compatible ID features).
std::vector<MsCompat> ms_compat_ids(const usb::DescriptorSet& set, std::vector<MsProperty>& properties,
                                    std::vector<std::string>& notes) {
    std::vector<MsCompat> out;
    std::vector<usb::msos::Note> parse_notes;
    if (set.msos.compat_id.availability == usb::Availability::present)
        if (auto c = usb::msos::parse_compat_id(set.msos.compat_id.bytes, parse_notes))
            for (const auto& f : c->functions)
                out.push_back({f.bFirstInterfaceNumber, f.compatible_id(), f.sub_compatible_id(),
                               "MS OS 1.0 extended compat ID"});
    for (const auto& ep : set.msos.extended_properties) {
        if (ep.blob.availability != usb::Availability::present) continue;
        if (auto p = usb::msos::parse_extended_properties(ep.blob.bytes, parse_notes))
            for (const auto& prop : p->properties)
                properties.push_back({ep.interface_number, prop.name, usb::msos::registry_type_name(prop.dwPropertyDataType),
                                      usb::msos::property_value_text(prop.dwPropertyDataType, prop.data),
                                      fmt::format("MS OS 1.0 extended properties, interface {}", ep.interface_number)});
    }
    if (set.msos.msos20_set.availability != usb::Availability::present) return out;
    const bool reads_bos = set.device && set.device->bcdUSB > 0x0200;
    if (!reads_bos) {
        notes.push_back("the MS OS 2.0 descriptor set is ignored: Windows reads the BOS only when bcdUSB > 0x0200 "
                        "(hathach/tinyusb #435, observed)");
        return out;
    }
    auto s = usb::msos::parse_set20(set.msos.msos20_set.bytes, parse_notes);
    if (!s || !s->header) return out;
    // Depth-first: a function subset (type 2) scopes the features it holds to its bFirstInterface.
    const auto walk = [&](const auto& self, const usb::msos::Set20Descriptor& d, std::optional<uint8_t> scope) -> void {
        if (d.wDescriptorType == 0x02) scope = d.bFirstInterface;
        if (d.wDescriptorType == 0x03)
            out.push_back({scope, d.compatible_id, d.sub_compatible_id, "MS OS 2.0 compatible ID feature"});
        if (d.wDescriptorType == 0x04)
            properties.push_back({scope, d.property_name, usb::msos::registry_type_name(d.wPropertyDataType),
                                  usb::msos::property_value_text(d.wPropertyDataType, d.property_data),
                                  scope ? fmt::format("MS OS 2.0 registry property, function subset {}", *scope)
                                        : std::string("MS OS 2.0 registry property")});
        for (const auto& child : d.children) self(self, child, scope);
    };
    walk(walk, *s->header, std::nullopt);
    return out;
}

// Decide the driver of a node from its compatible IDs (earlier IDs win; reference 10 "Ranking").
void bind(Function& f, std::vector<std::string>& notes) {
    for (const auto& id : f.compatible_ids)
        if (auto m = inbox_driver(id)) {
            f.driver = m->driver;
            f.rule = m->rule;
            f.windows81 = m->windows81;
            const std::string disagree =
                "sources disagree on usbser: usbcon/usb-driver-installation-based-on-compatible-ids.md says to set 02/02 "
                "in the device descriptor and lists USB\\Class_02; observed, the first interface or the IAD decides and "
                "USB\\Class_02 alone does not bind (reference 10)";
            if (m->driver == "usbser" && std::find(notes.begin(), notes.end(), disagree) == notes.end())
                notes.push_back(disagree);
            if (m->driver == "usbser" && f.compatible_ids.front() == "USB\\Class_02&SubClass_02&Prot_FF")
                notes.push_back(f.interface + ": class 02/02/FF looks like RNDIS but matches usbser: the wrong driver "
                                "(RNDIS needs EF/04/01 or USB\\MS_COMP_RNDIS&MS_SUBCOMP_5162001; reference 10)");
            return;
        }
    f.driver = "none";
    f.rule = "no compatible ID matches an in-box INF: \"Other devices\", Code 28, unless a vendor INF matches its "
             "hardware ID (reference 10)";
    if (std::find(f.compatible_ids.begin(), f.compatible_ids.end(), "USB\\Class_02") != f.compatible_ids.end())
        f.rule += "; USB\\Class_02 alone does not match usbser.inf (observed; "
                  "usbcon/usb-driver-installation-based-on-compatible-ids.md lists it)";
}

std::string device_id(const usb::DeviceDescriptor& d, const Function* child) {
    std::string id = fmt::format("VID_{:04X}&PID_{:04X}", d.idVendor, d.idProduct);
    if (child) id += "&" + child->interface;
    return id;
}

}  // namespace

WindowsPrediction predict_windows(const usb::DescriptorSet& set) {
    WindowsPrediction p;
    if (!set.device) {
        p.notes.push_back("no device descriptor was read: nothing to predict");
        return p;
    }
    const auto& d = *set.device;
    const std::string vidpid = fmt::format("USB\\VID_{:04X}&PID_{:04X}", d.idVendor, d.idProduct);
    p.hardware_ids = {fmt::format("{}&REV_{:04X}", vidpid, d.bcdDevice), vidpid};
    if (set.configurations.empty()) {
        p.notes.push_back("no configuration was read: nothing to predict beyond the hardware IDs");
        return p;
    }
    p.known = true;
    const auto& config = set.configurations.front();
    const auto numbers = config.interface_numbers();
    const bool composite_class =
        d.bDeviceClass == 0x00 || (d.bDeviceClass == 0xEF && d.bDeviceSubClass == 0x02 && d.bDeviceProtocol == 0x01);
    p.composite = composite_class && numbers.size() > 1 && d.bNumConfigurations == 1;
    const std::string source = " (MSDocs usbcon/enumeration-of-the-composite-parent-device.md)";
    if (p.composite)
        p.composite_rule = fmt::format("device class {:02X}/{:02X}/{:02X}, {} interfaces, one configuration: usbccgp"
                                       " loads as the parent{}",
                                       d.bDeviceClass, d.bDeviceSubClass, d.bDeviceProtocol, numbers.size(), source);
    else if (!composite_class)
        p.composite_rule = fmt::format("device class {:02X}/{:02X}/{:02X} is neither 00 nor EF/02/01: one device node{}",
                                       d.bDeviceClass, d.bDeviceSubClass, d.bDeviceProtocol, source);
    else if (d.bNumConfigurations != 1)
        p.composite_rule = fmt::format("bNumConfigurations is {}: a multi-configuration device is one device node "
                                       "(configuration 1 only){}",
                                       d.bNumConfigurations, source);
    else
        p.composite_rule = fmt::format("{} interface(s): one device node{}", numbers.size(), source);

    std::vector<MsProperty> properties;
    const auto ms = ms_compat_ids(set, properties, p.notes);

    if (p.composite) {
        p.compatible_ids = {"USB\\DevClass_00&SubClass_00&Prot_00", "USB\\DevClass_00&SubClass_00", "USB\\DevClass_00",
                            "USB\\COMPOSITE"};
        for (size_t n = 0; n < numbers.size(); ++n) {
            const uint8_t number = numbers[n];
            const usb::Interface* i = config.find_interface(number);
            if (!i) continue;
            Function f;
            f.first_interface = number;
            uint8_t cls = i->bInterfaceClass, sub = i->bInterfaceSubClass, prot = i->bInterfaceProtocol;
            if (i->iad) {
                const auto& iad = config.iads[*i->iad];
                if (iad.bFirstInterface != number) continue;  // a later interface of an IAD: already in its child
                cls = iad.bFunctionClass, sub = iad.bFunctionSubClass, prot = iad.bFunctionProtocol;
                f.interface_count = iad.bInterfaceCount;
            }
            f.interface = fmt::format("MI_{:02X}", number);
            f.hardware_ids = {fmt::format("{}&REV_{:04X}&{}", vidpid, d.bcdDevice, f.interface),
                              fmt::format("{}&{}", vidpid, f.interface)};
            for (const auto& c : ms)
                if (c.first_interface == number)
                    for (auto& id : ms_ids(c)) f.compatible_ids.push_back(id), f.ms_compat = true;
            for (auto& id : class_ids(cls, sub, prot)) f.compatible_ids.push_back(id);
            bind(f, p.notes);
            if (!i->iad) f.rule += "; one child per interface (no IAD; Union grouping needs a vendor INF, "
                                   "MSDocs usbcon/support-for-interface-collections.md)";
            else f.rule += "; child grouped by its IAD (MSDocs usbcon/support-for-interface-collections.md)";
            p.functions.push_back(std::move(f));
        }
    } else {
        Function f;
        f.interface = "device";
        f.hardware_ids = p.hardware_ids;
        f.interface_count = static_cast<uint8_t>(std::min<size_t>(numbers.size(), 255));
        // The first function section only (observed; reference 10).
        bool seen_v1 = false;
        for (const auto& c : ms) {
            const bool v1 = c.source.starts_with("MS OS 1.0");
            if (v1 && seen_v1) continue;
            seen_v1 = seen_v1 || v1;
            if (auto ids = ms_ids(c); !ids.empty()) {
                f.compatible_ids = ids;
                f.ms_compat = true;
                break;
            }
        }
        if (d.bDeviceClass == 0x09)  // hubs (reference 10)
            f.compatible_ids.push_back(d.bcdUSB >= 0x0300 ? "USB\\USB30_HUB" : "USB\\USB20_HUB");
        const usb::Interface* first = numbers.empty() ? nullptr : config.find_interface(numbers.front());
        if (first) {
            f.first_interface = first->bInterfaceNumber;
            for (auto& id : class_ids(first->bInterfaceClass, first->bInterfaceSubClass, first->bInterfaceProtocol))
                f.compatible_ids.push_back(id);
            p.notes.push_back("non-composite: the class IDs come from the first interface of the first configuration "
                              "(observed: arduino/Arduino #6439, #6998); install/standard-usb-identifiers.md says the "
                              "device descriptor and hid/plug-and-play-support.md the interface descriptor: Microsoft's "
                              "pages disagree");
        } else {
            for (auto& id : class_ids(d.bDeviceClass, d.bDeviceSubClass, d.bDeviceProtocol)) f.compatible_ids.push_back(id);
        }
        p.compatible_ids = f.compatible_ids;
        bind(f, p.notes);
        p.functions.push_back(std::move(f));
    }

    // Registry values: the Device Parameters key of the node that owns the interface.
    for (const auto& prop : properties) {
        const Function* owner = nullptr;
        if (p.composite && prop.interface)
            for (const auto& f : p.functions)
                if (*prop.interface >= f.first_interface && *prop.interface < f.first_interface + f.interface_count) owner = &f;
        p.registry.push_back({fmt::format("HKLM\\SYSTEM\\CurrentControlSet\\Enum\\USB\\{}\\<instance>\\Device Parameters",
                                          device_id(d, owner)),
                              prop.name, prop.type, prop.value, prop.source});
    }
    const bool msos1 = std::any_of(ms.begin(), ms.end(), [](const MsCompat& c) { return c.source.starts_with("MS OS 1.0"); }) ||
                       std::any_of(properties.begin(), properties.end(),
                                   [](const MsProperty& m) { return m.source.starts_with("MS OS 1.0"); });
    if (msos1)
        p.notes.push_back(fmt::format("Windows caches the MS OS 1.0 answer in HKLM\\SYSTEM\\CurrentControlSet\\Control\\"
                                      "usbflags\\{:04X}{:04X}{:04X}: after a change, bump bcdDevice or delete the key "
                                      "(MSDocs usbcon/usb-device-specific-registry-settings.md)",
                                      d.idVendor, d.idProduct, d.bcdDevice));
    return p;
}

std::string windows_summary(const WindowsPrediction& p) {
    if (!p.known) return p.notes.empty() ? std::string("no prediction") : p.notes.front();
    std::string out = p.composite ? "composite (usbccgp):" : "single device node:";
    for (const auto& f : p.functions) {
        std::string matched;
        for (const auto& id : f.compatible_ids)
            if (inbox_driver(id)) {
                matched = id;
                break;
            }
        out += fmt::format(" {} {}", f.interface, f.driver);
        if (!matched.empty()) out += " (" + matched + ")";
        out += ",";
    }
    if (!p.functions.empty()) out.pop_back();
    return out;
}

}  // namespace usbcheck::checks
