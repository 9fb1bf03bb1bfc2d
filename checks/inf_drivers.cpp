// The `inf.` rules for driver packages: usbser on Windows 8.1 and earlier, HID selective
// suspend, and whether the package matches a device's predicted Windows IDs.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "checks/inf_util.h"

namespace usbcheck::checks::inf_rules {

using inf::iequals;
using inf::lower;

namespace {

bool usbser_applies(const Inf& inf, Reporter& r) {
    if (installs_usbser(inf)) return true;
    r.not_applicable("the INF does not install usbser (no AddService=usbser, no Include=mdmcpq.inf)");
    return false;
}

bool hid_applies(const Inf& inf, Reporter& r) {
    if (is_hid(inf)) return true;
    r.not_applicable("the INF is not a HIDClass package and does not include input.inf");
    return false;
}

void expect_class(const Inf& inf, Reporter& r, std::string_view cls, std::string_view guid) {
    const auto have_cls = inf.value("Version", "Class"), have_guid = inf.value("Version", "ClassGuid");
    if (!iequals(have_cls, cls) || normal_guid(have_guid) != normal_guid(std::string(guid)))
        r.violation(fmt::format("Class {} ClassGuid {} but this package needs Class {} ClassGuid {}", have_cls.empty() ? "(none)" : have_cls,
                                have_guid.empty() ? "(none)" : have_guid, cls, guid),
                    at_line("Version", 0));
}

}  // namespace

// Usbser.sys on Windows 8.1 and earlier: a Modem-class INF.
void check_usbser_class(const Inf& inf, const InfContext&, Reporter& r) {
    if (usbser_applies(inf, r)) expect_class(inf, r, "Modem", k_modem_guid);
}

// Usbser.sys: [DDInstall.NT] include=mdmcpq.inf, CopyFiles=FakeModemCopyFileSection.
void check_usbser_include(const Inf& inf, const InfContext&, Reporter& r) {
    if (!usbser_applies(inf, r)) return;
    for (const auto& x : install_sections(inf))
        for (const auto* s : ddinstalls(inf, x)) {
        if (!includes(s, "mdmcpq.inf")) r.violation(fmt::format("[{}] does not include mdmcpq.inf", s->name), at_line(s->name, s->line));
        if (!contains_i(values_of(s, "CopyFiles"), "FakeModemCopyFileSection"))
            r.violation(fmt::format("[{}] lacks CopyFiles=FakeModemCopyFileSection", s->name), at_line(s->name, s->line));
        }
}

// Usbser.sys: [DDInstall.NT.Services] AddService=usbser, 0x00000000, LowerFilter_Service_Inst.
void check_usbser_services(const Inf& inf, const InfContext&, Reporter& r) {
    if (!usbser_applies(inf, r)) return;
    for (const auto& x : install_sections(inf))
        for (const auto* base : ddinstalls(inf, x)) {
        const auto name = base->name + ".Services";
        const auto* s = inf.find(name);
        bool ok = false;
        if (s)
            for (const auto& l : s->lines)
                if (l.has_key && iequals(l.key, "AddService") && l.values.size() >= 3 && iequals(l.values[0], "usbser") &&
                    std::strtoul(l.values[1].c_str(), nullptr, 0) == 0 && iequals(l.values[2], "LowerFilter_Service_Inst"))
                    ok = true;
        if (!ok)
            r.violation(fmt::format("[{}] lacks AddService=usbser, 0x00000000, LowerFilter_Service_Inst", name),
                        at_line(name, s ? s->line : 0));
        else if (!includes(s, "mdmcpq.inf") && !inf.find("LowerFilter_Service_Inst"))
            r.violation(fmt::format("[{}] uses LowerFilter_Service_Inst without include=mdmcpq.inf", name), at_line(name, s->line));
    }
}

// Usbser.sys: [DDInstall.NT.HW] include=mdmcpq.inf, AddReg=LowerFilterAddReg.
void check_usbser_hw(const Inf& inf, const InfContext&, Reporter& r) {
    if (!usbser_applies(inf, r)) return;
    for (const auto& x : install_sections(inf))
        for (const auto* base : ddinstalls(inf, x)) {
        const auto name = base->name + ".HW";
        const auto* s = inf.find(name);
        if (!contains_i(values_of(s, "AddReg"), "LowerFilterAddReg"))
            r.violation(fmt::format("[{}] lacks AddReg=LowerFilterAddReg", name), at_line(name, s ? s->line : 0));
        else if (!includes(s, "mdmcpq.inf") && !inf.find("LowerFilterAddReg"))
            r.violation(fmt::format("[{}] uses LowerFilterAddReg without include=mdmcpq.inf", name), at_line(name, s->line));
    }
}

// Windows 10 and later load usbser for class 02/02 by compatible ID without any INF.
void check_usbser_windows10(const Inf& inf, const InfContext&, Reporter& r) {
    if (!usbser_applies(inf, r)) return;
    r.violation("Windows 10 and later bind usbser to USB\\Class_02&SubClass_02 without an INF; this package matters for Windows 8.1 and earlier",
                at_line("Version", 0));
}

// HID selective suspend INF: HIDClass with its GUID.
void check_hid_class(const Inf& inf, const InfContext&, Reporter& r) {
    if (hid_applies(inf, r)) expect_class(inf, r, "HIDClass", k_hid_guid);
}

// HID selective suspend INF: DriverVer newer than the system's input.inf, so it outranks it.
void check_hid_driver_ver(const Inf& inf, const InfContext& context, Reporter& r) {
    if (!hid_applies(inf, r)) return;
    const auto date = inf.value("Version", "DriverVer");
    const long have = parse_inf_date(date), floor = parse_inf_date(context.driver_ver_floor);
    if (have < 0) return r.skip("DriverVer is missing or malformed (see inf.version.driver-ver)");
    if (have <= floor)
        r.violation(fmt::format("DriverVer date {} is not newer than {} (the floor for input.inf)", date, context.driver_ver_floor),
                    at_line("Version", 0));
}

// HID selective suspend INF: Include=input.inf, Needs=HID_SelSus_Inst.NT (.HW, .Services).
void check_hid_selsus(const Inf& inf, const InfContext&, Reporter& r) {
    if (!hid_applies(inf, r)) return;
    const auto list = install_sections(inf);
    if (list.empty()) r.violation("no models line names an install section", at_line("Manufacturer", 0));
    for (const auto& x : list)
        for (const auto* base : ddinstalls(inf, x)) {
        const std::pair<std::string, std::string> parts[] = {{"", "HID_SelSus_Inst.NT"},
                                                            {".HW", "HID_SelSus_Inst.NT.HW"},
                                                            {".Services", "HID_SelSus_Inst.NT.Services"}};
        for (const auto& [suffix, needed] : parts) {
            const auto name = base->name + suffix;
            const auto* s = inf.find(name);
            const auto needs = values_of(s, "Needs");
            if (!s) {
                r.violation(fmt::format("[{}] is missing (Include=input.inf, Needs={})", name, needed), at_line(name, 0));
                continue;
            }
            if (!includes(s, "input.inf")) r.violation(fmt::format("[{}] does not include input.inf", name), at_line(name, s->line));
            if (!contains_i(needs, needed)) {
                const bool plain = contains_i(needs, "HID_Inst.NT" + std::string(suffix.empty() ? "" : suffix));
                r.violation(plain ? fmt::format("[{}] needs HID_Inst, which does not enable selective suspend; use {}", name, needed)
                                  : fmt::format("[{}] lacks Needs={}", name, needed),
                            at_line(name, s->line));
            }
        }
    }
}

// The package matches the device: one of its IDs is a hardware or compatible ID Windows gives the device.
void check_device_match(const Inf& inf, const InfContext& context, Reporter& r) {
    if (context.devices.empty()) return r.skip("no device given (--device or --from)");
    std::vector<std::string> inf_ids;
    for (const auto& m : models(inf))
        for (const auto& id : m.ids)
            if (!id.empty()) inf_ids.push_back(id);
    for (size_t i = 0; i < context.devices.size(); ++i) {
        const auto& p = context.devices[i];
        const auto name = i < context.device_names.size() ? context.device_names[i] : fmt::format("device {}", i);
        if (!p.known) {
            r.violation(fmt::format("{}: no device descriptor or configuration to predict its Windows IDs from", name), at_line("Manufacturer", 0));
            continue;
        }
        std::vector<std::string> ids = p.hardware_ids;
        ids.insert(ids.end(), p.compatible_ids.begin(), p.compatible_ids.end());
        for (const auto& f : p.functions) {
            ids.insert(ids.end(), f.hardware_ids.begin(), f.hardware_ids.end());
            ids.insert(ids.end(), f.compatible_ids.begin(), f.compatible_ids.end());
        }
        bool matched = false, function_matched = false;
        for (const auto& id : inf_ids) {
            matched |= contains_i(ids, id);
            for (const auto& f : p.functions)
                function_matched |= contains_i(f.hardware_ids, id) || contains_i(f.compatible_ids, id);
        }
        // A function driver package bound to the composite parent replaces usbccgp (reference section 10).
        if (matched && p.composite && !function_matched && (installs_usbser(inf) || is_hid(inf)))
            r.violation(fmt::format("{} is composite but the INF matches only its parent node, replacing usbccgp; "
                                    "match the function (USB\\VID_vvvv&PID_pppp&MI_xx)",
                                    name),
                        at_line("Manufacturer", 0));
        if (!matched)
            r.violation(fmt::format("no INF ID matches {} (its hardware IDs: {})", name,
                                    ids.empty() ? std::string("none") : fmt::format("{}", fmt::join(p.hardware_ids, " "))),
                        at_line("Manufacturer", 0));
    }
}

}  // namespace usbcheck::checks::inf_rules
