// The `inf.` check family: a Windows INF driver package judged on its own and against a device.
#include "checks/inf.h"

#include <cstdlib>
#include <exception>
#include <map>
#include <regex>
#include <set>

#include <fmt/format.h>

namespace usbcheck::checks {

namespace {

using inf::iequals;
using inf::Inf;
using inf::lower;
using inf::Section;

Location at_line(std::string_view section, size_t line) {
    return {"inf", line ? fmt::format("[{}] line {}", section, line) : fmt::format("[{}]", section), std::nullopt};
}

std::string normal_guid(std::string g) {
    g = lower(g);
    if (!g.empty() && g.front() == '{') g.erase(0, 1);
    if (!g.empty() && g.back() == '}') g.pop_back();
    return g;
}

// Setup classes and their GUIDs (Microsoft "System-defined device setup classes").
struct ClassGuid {
    std::string_view name, guid;
};
constexpr ClassGuid k_classes[] = {
    {"Modem", "4d36e96d-e325-11ce-bfc1-08002be10318"},     {"Ports", "4d36e978-e325-11ce-bfc1-08002be10318"},
    {"HIDClass", "745a17a0-74d3-11d0-b6fe-00a0c90f57da"},  {"USBDevice", "88bae032-5a81-49f0-bc3d-a4ff138216d6"},
    {"Net", "4d36e972-e325-11ce-bfc1-08002be10318"},       {"USB", "36fc9e60-c465-11cf-8056-444553540000"},
    {"Keyboard", "4d36e96b-e325-11ce-bfc1-08002be10318"},  {"Mouse", "4d36e96f-e325-11ce-bfc1-08002be10318"},
    {"Image", "6bdd1fc6-810f-11d0-bec7-08002be2092f"},     {"Media", "4d36e96c-e325-11ce-bfc1-08002be10318"},
    {"DiskDrive", "4d36e967-e325-11ce-bfc1-08002be10318"},
};
constexpr std::string_view k_modem_guid = "{4d36e96d-e325-11ce-bfc1-08002be10318}";
constexpr std::string_view k_hid_guid = "{745a17a0-74d3-11d0-b6fe-00a0c90f57da}";

// Sections the system INFs provide to Include/Needs. mdmcpq.inf: Microsoft KB 837637 ("How to use
// or reference the Usbser.sys driver"); input.inf: "Selective suspend for HID over USB devices";
// winusb.inf: the WinUSB installation page (Include=winusb.inf, Needs=WINUSB.NT).
struct SystemInf {
    std::string_view inf;
    std::vector<std::string_view> sections;
};
const std::vector<SystemInf>& system_infs() {
    static const std::vector<SystemInf> table = {
        {"mdmcpq.inf", {"FakeModemCopyFileSection", "LowerFilter_Service_Inst", "LowerFilterAddReg"}},
        {"input.inf",
         {"HID_Inst.NT", "HID_Inst.NT.HW", "HID_Inst.NT.Services", "HID_SelSus_Inst.NT", "HID_SelSus_Inst.NT.HW",
          "HID_SelSus_Inst.NT.Services"}},
        {"winusb.inf", {"WINUSB.NT", "WINUSB.NT.Services"}},
    };
    return table;
}

// All values of `key` in a section, across repeated lines.
std::vector<std::string> values_of(const Section* s, std::string_view key) {
    std::vector<std::string> out;
    if (!s) return out;
    for (const auto& l : s->lines)
        if (l.has_key && iequals(l.key, key))
            for (const auto& v : l.values)
                if (!v.empty()) out.push_back(v);
    return out;
}

bool contains_i(const std::vector<std::string>& list, std::string_view item) {
    for (const auto& v : list)
        if (iequals(v, item)) return true;
    return false;
}

struct Model {
    std::string section;  // models section name
    size_t line = 0;
    std::string description, install;
    std::vector<std::string> ids;  // hardware ID then compatible IDs
};

struct Manufacturer {
    std::string base;
    std::vector<std::string> decorations;
    size_t line = 0;
};

std::vector<Manufacturer> manufacturers(const Inf& inf) {
    std::vector<Manufacturer> out;
    if (const auto* m = inf.find("Manufacturer"))
        for (const auto& l : m->lines) {
            if (l.values.empty() || l.values[0].empty()) continue;
            Manufacturer entry{l.values[0], {}, l.number};
            for (size_t i = 1; i < l.values.size(); ++i)
                if (!l.values[i].empty()) entry.decorations.push_back(l.values[i]);
            out.push_back(std::move(entry));
        }
    return out;
}

std::vector<Model> models(const Inf& inf) {
    std::vector<Model> out;
    std::set<std::string> seen;
    for (const auto& m : manufacturers(inf)) {
        std::vector<std::string> names = {m.base};
        for (const auto& d : m.decorations) names.push_back(m.base + "." + d);
        for (const auto& name : names) {
            const auto* s = inf.find(name);
            if (!s || !seen.insert(lower(name)).second) continue;
            for (const auto& l : s->lines) {
                Model model{s->name, l.number, l.has_key ? l.key : "", "", {}};
                if (!l.values.empty()) model.install = l.values[0];
                for (size_t i = 1; i < l.values.size(); ++i) model.ids.push_back(l.values[i]);
                out.push_back(std::move(model));
            }
        }
    }
    return out;
}

// The DDInstall sections Windows may use for install section X: each X.NT<arch>, X.NT, else X.
std::vector<const Section*> ddinstalls(const Inf& inf, const std::string& install) {
    std::vector<const Section*> out;
    const auto prefix = lower(install) + ".nt";
    for (const auto& s : inf.sections) {
        const auto l = lower(s.name);
        if (l.size() >= prefix.size() && l.rfind(prefix, 0) == 0 && l.find('.', prefix.size()) == std::string::npos)
            out.push_back(&s);
    }
    if (out.empty())
        if (const auto* s = inf.find(install)) out.push_back(s);
    return out;
}

const Section* ddinstall(const Inf& inf, const std::string& install) {
    const auto all = ddinstalls(inf, install);
    return all.empty() ? nullptr : all.front();
}

std::vector<std::string> install_sections(const Inf& inf) {
    std::vector<std::string> out;
    for (const auto& m : models(inf))
        if (!m.install.empty() && !contains_i(out, m.install)) out.push_back(m.install);
    return out;
}

bool includes(const Section* s, std::string_view system_inf) { return contains_i(values_of(s, "Include"), system_inf); }

bool any_include(const Inf& inf, std::string_view system_inf) {
    for (const auto& s : inf.sections)
        if (includes(&s, system_inf)) return true;
    return false;
}

bool installs_usbser(const Inf& inf) {
    for (const auto& s : inf.sections)
        for (const auto& l : s.lines)
            if (l.has_key && iequals(l.key, "AddService") && !l.values.empty() && iequals(l.values[0], "usbser")) return true;
    return any_include(inf, "mdmcpq.inf");
}

bool is_hid(const Inf& inf) { return iequals(inf.value("Version", "Class"), "HIDClass") || any_include(inf, "input.inf"); }

// A section named from `from` exists here, or in a system INF `from` includes (an unknown
// included INF cannot be judged, so it is trusted).
bool section_available(const Inf& inf, const Section& from, const std::string& name) {
    if (inf.find(name)) return true;
    for (const auto& included : values_of(&from, "Include")) {
        bool known = false;
        for (const auto& system : system_infs())
            if (iequals(system.inf, included)) {
                known = true;
                for (const auto& s : system.sections)
                    if (iequals(s, name)) return true;
            }
        if (!known) return true;
    }
    return false;
}

// ---- checks ----

// INF syntax: sections, key = value lines, quotes, continuations, encoding.
void check_syntax(const Inf& inf, const InfContext&, Reporter& r) {
    for (const auto& n : inf.notes)
        r.violation(n.line ? fmt::format("line {}: {}", n.line, n.message) : n.message,
                    {"inf", n.line ? fmt::format("line {}", n.line) : "file", std::nullopt});
}

// INF Version section: Signature is "$Windows NT$" or "$Chicago$".
void check_signature(const Inf& inf, const InfContext&, Reporter& r) {
    const auto* v = inf.find("Version");
    if (!v) return r.violation("the INF has no [Version] section", at_line("Version", 0));
    const auto sig = inf.value("Version", "Signature");
    if (!iequals(sig, "$Windows NT$") && !iequals(sig, "$Chicago$"))
        r.violation(sig.empty() ? "[Version] has no Signature" : fmt::format("Signature is '{}' but must be $Windows NT$ or $Chicago$", sig),
                    at_line("Version", v->line));
}

// INF Version section: Class and ClassGuid name the same setup class.
void check_class_guid(const Inf& inf, const InfContext&, Reporter& r) {
    const auto cls = inf.value("Version", "Class"), guid = inf.value("Version", "ClassGuid");
    if (cls.empty()) r.violation("[Version] has no Class", at_line("Version", 0));
    if (guid.empty()) return r.violation("[Version] has no ClassGuid", at_line("Version", 0));
    for (const auto& c : k_classes) {
        if (iequals(c.name, cls) && normal_guid(guid) != c.guid)
            r.violation(fmt::format("Class {} has ClassGuid {} but that class is {{{}}}", cls, guid, c.guid), at_line("Version", 0));
        else if (!iequals(c.name, cls) && normal_guid(guid) == c.guid)
            r.violation(fmt::format("ClassGuid {} belongs to class {}, not {}", guid, c.name, cls), at_line("Version", 0));
    }
}

// INF Version section: Provider names who wrote the package.
void check_provider(const Inf& inf, const InfContext&, Reporter& r) {
    if (inf.value("Version", "Provider").empty()) r.violation("[Version] has no Provider", at_line("Version", 0));
}

bool well_formed_version(const std::string& v) {
    static const std::regex k_version(R"(^\d{1,5}(\.\d{1,5}){0,3}$)");
    if (!std::regex_match(v, k_version)) return false;
    size_t start = 0;
    while (start <= v.size()) {
        const auto dot = v.find('.', start);
        if (std::stoul(v.substr(start, dot - start)) > 65535) return false;
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return true;
}

// INF DriverVer directive: DriverVer = mm/dd/yyyy[,w.x.y.z].
void check_driver_ver(const Inf& inf, const InfContext&, Reporter& r) {
    const auto* v = inf.find("Version");
    std::vector<std::string> parts;
    size_t line = 0;
    if (v)
        for (const auto& l : v->lines)
            if (l.has_key && iequals(l.key, "DriverVer")) parts = l.values, line = l.number;
    if (parts.empty() || parts[0].empty()) return r.violation("[Version] has no DriverVer", at_line("Version", 0));
    if (parse_inf_date(parts[0]) < 0)
        r.violation(fmt::format("DriverVer date '{}' is not mm/dd/yyyy", parts[0]), at_line("Version", line));
    if (parts.size() < 2 || !well_formed_version(parts[1]))
        r.violation(fmt::format("DriverVer version '{}' is not w.x.y.z (each 0-65535)", parts.size() < 2 ? "" : parts[1]),
                    at_line("Version", line));
}

// INF Version section: CatalogFile names the signed catalog of the package.
void check_catalog(const Inf& inf, const InfContext&, Reporter& r) {
    const auto* v = inf.find("Version");
    if (v)
        for (const auto& l : v->lines)
            if (l.has_key && lower(l.key).rfind("catalogfile", 0) == 0 && !l.values.empty() && !l.values[0].empty()) return;
    r.violation("[Version] has no CatalogFile (a package without a catalog cannot be signed)", at_line("Version", 0));
}

// Every section a Models line, Needs, AddService, CopyFiles or AddReg names exists here or in
// the system INF the section includes.
void check_sections(const Inf& inf, const InfContext&, Reporter& r) {
    for (const auto& m : manufacturers(inf))
        if (m.decorations.empty() && !inf.find(m.base))
            r.violation(fmt::format("[Manufacturer] names models section [{}], which does not exist", m.base),
                        at_line("Manufacturer", m.line));
    for (const auto& m : models(inf))
        if (!m.install.empty() && !ddinstall(inf, m.install))
            r.violation(fmt::format("install section [{}] (or [{}.NT]) does not exist", m.install, m.install), at_line(m.section, m.line));
    for (const auto& s : inf.sections)
        for (const auto& l : s.lines) {
            if (!l.has_key) continue;
            const auto key = lower(l.key);
            std::vector<std::string> names;
            if (key == "copyfiles") {
                for (const auto& v : l.values)
                    if (!v.empty() && v[0] != '@') names.push_back(v);
            } else if (key == "addreg" || key == "delreg" || key == "needs") {
                names = l.values;
            } else if (key == "addservice" && l.values.size() >= 3) {
                names.push_back(l.values[2]);
            }
            for (const auto& name : names)
                if (!name.empty() && !section_available(inf, s, name))
                    r.violation(fmt::format("{} names section [{}], which is neither here nor in an included system INF", l.key, name),
                                at_line(s.name, l.number));
        }
}

// INF Manufacturer section: each TargetOSVersion decoration has its [Models.decoration] section.
void check_decorations(const Inf& inf, const InfContext&, Reporter& r) {
    for (const auto& m : manufacturers(inf))
        for (const auto& d : m.decorations)
            if (!inf.find(m.base + "." + d))
                r.violation(fmt::format("[Manufacturer] claims {} for {} but [{}.{}] does not exist", d, m.base, m.base, d),
                            at_line("Manufacturer", m.line));
}

bool well_formed_usb_id(const std::string& id) {
    static const std::regex k_forms[] = {
        std::regex(R"(^USB\\VID_[0-9A-F]{4}&PID_[0-9A-F]{4}(&REV_[0-9A-F]{4})?(&MI_[0-9A-F]{2})?$)", std::regex::icase),
        std::regex(R"(^USB\\Class_[0-9A-F]{2}(&SubClass_[0-9A-F]{2}(&Prot_[0-9A-F]{2})?)?$)", std::regex::icase),
        std::regex(R"(^USB\\MS_COMP_[A-Z0-9_]+(&MS_SUBCOMP_[A-Z0-9_]+)?$)", std::regex::icase),
        std::regex(R"(^USB\\(COMPOSITE|UNKNOWN)$)", std::regex::icase),
    };
    for (const auto& f : k_forms)
        if (std::regex_match(id, f)) return true;
    return false;
}

// Standard USB identifiers: USB\VID_vvvv&PID_pppp[&REV_rrrr][&MI_zz], hex digits.
void check_hardware_ids(const Inf& inf, const InfContext&, Reporter& r) {
    for (const auto& m : models(inf)) {
        if (m.install.empty() || m.ids.empty() || m.ids[0].empty()) {
            r.violation("models line needs 'description = install-section, hardware-id'", at_line(m.section, m.line));
            continue;
        }
        for (const auto& id : m.ids)
            if (lower(id).rfind("usb\\", 0) == 0 && !well_formed_usb_id(id))
                r.violation(fmt::format("'{}' is not a USB ID (USB\\VID_vvvv&PID_pppp[&REV_rrrr][&MI_zz], hex digits)", id),
                            at_line(m.section, m.line));
    }
}

// One hardware ID maps to one device description and install section per models section.
void check_duplicate_ids(const Inf& inf, const InfContext&, Reporter& r) {
    std::map<std::string, const Model*> seen;
    const auto all = models(inf);
    for (const auto& m : all) {
        if (m.ids.empty() || m.ids[0].empty()) continue;
        const auto key = lower(m.section) + "|" + lower(m.ids[0]);
        auto [it, added] = seen.emplace(key, &m);
        if (added) continue;
        const Model& first = *it->second;
        if (!iequals(first.install, m.install) || first.description != m.description)
            r.violation(fmt::format("{} is mapped twice: '{}' -> [{}] at line {} and '{}' -> [{}]", m.ids[0], first.description,
                                    first.install, first.line, m.description, m.install),
                        at_line(m.section, m.line));
    }
}

// INF Strings section: every %strkey% used is defined.
void check_strings(const Inf& inf, const InfContext&, Reporter& r) {
    for (const auto& u : inf.undefined)
        r.violation(fmt::format("{} is used but not defined in [{}]", u.token, inf.strings_section.empty() ? "Strings" : inf.strings_section),
                    {"inf", fmt::format("line {}", u.line), std::nullopt});
}

// Which Strings section supplied %strkey% values (the neutral one unless --language chose one).
void check_language(const Inf& inf, const InfContext&, Reporter& r) {
    std::string present;
    for (const auto& l : inf.languages) present += (present.empty() ? "" : ", ") + l;
    r.violation(fmt::format("strings from [{}]; localised sections present: {}; text encoding {}",
                            inf.strings_section.empty() ? "none" : inf.strings_section, present.empty() ? "none" : present,
                            inf.encoding),
                at_line(inf.strings_section.empty() ? "Strings" : inf.strings_section, 0));
}

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

#define INF_CHECK(id, title, severity, spec, rationale, fix, fn) \
    InfCheckDef { CheckDef{id, title, Severity::severity, spec, rationale, fix, nullptr}, fn }

const InfCheckDef k_inf_checks[] = {
    INF_CHECK("inf.syntax", "the INF reads without syntax errors", error, "INF file sections and directives (General syntax rules)",
              "Windows skips or misreads malformed lines", "fix the line named in the message", check_syntax),
    INF_CHECK("inf.version.signature", "[Version] has Signature $Windows NT$ or $Chicago$", error, "INF Version section",
              "Windows rejects an INF without a valid signature", "add Signature=\"$Windows NT$\"", check_signature),
    INF_CHECK("inf.version.class-guid", "Class and ClassGuid name the same setup class", error, "INF Version section; system-defined device setup classes",
              "a mismatched class installs the device under the wrong class installer", "use the GUID of the named class", check_class_guid),
    INF_CHECK("inf.version.provider", "[Version] names a Provider", warning, "INF Version section",
              "Device Manager shows the provider; the signing checks expect one", "add Provider=%ProviderName%", check_provider),
    INF_CHECK("inf.version.driver-ver", "DriverVer is mm/dd/yyyy,w.x.y.z", error, "INF DriverVer directive",
              "Windows ranks drivers by DriverVer date and version", "write DriverVer=mm/dd/yyyy,w.x.y.z", check_driver_ver),
    INF_CHECK("inf.version.catalog-file", "[Version] names a CatalogFile", warning, "INF Version section",
              "a package needs a signed catalog to install on 64-bit Windows", "add CatalogFile=name.cat", check_catalog),
    INF_CHECK("inf.sections.referenced", "every referenced section exists", error, "INF Include, Needs, AddService, CopyFiles, AddReg directives",
              "a missing section stops the installation", "add the section or include the system INF that has it", check_sections),
    INF_CHECK("inf.models.decorations", "each claimed architecture has its models section", error, "INF Manufacturer section; INF Models section",
              "without [Models.NTamd64] the package offers nothing on x64", "add [Models.decoration] for every decoration listed", check_decorations),
    INF_CHECK("inf.models.hardware-id", "hardware IDs are well formed", error, "Standard USB identifiers",
              "a malformed or placeholder ID never matches a device", "write USB\\VID_vvvv&PID_pppp with hex digits", check_hardware_ids),
    INF_CHECK("inf.models.duplicate-id", "a hardware ID maps to one description and install section", error, "INF Models section",
              "Windows picks one of the duplicates arbitrarily", "remove or merge the duplicate lines", check_duplicate_ids),
    INF_CHECK("inf.strings.defined", "every %string% is defined", error, "INF Strings section",
              "an undefined token shows up literally in names and paths", "add the key to [Strings]", check_strings),
    INF_CHECK("inf.strings.language", "which Strings section supplied the text", info, "INF Strings section (localised Strings.LanguageID)",
              "localised packages read different text per language", "use --language to judge another language", check_language),
    INF_CHECK("inf.usbser.class", "a usbser package uses the Modem class", error, "USB serial driver (Usbser.sys): Windows 8.1 and earlier",
              "usbser on Windows 8.1 and earlier is installed as a modem lower filter", "Class=Modem, ClassGuid={4d36e96d-e325-11ce-bfc1-08002be10318}",
              check_usbser_class),
    INF_CHECK("inf.usbser.include", "DDInstall.NT includes mdmcpq.inf and copies FakeModemCopyFileSection", error,
              "Microsoft KB 837637 (Usbser.sys from USB modem INF files)", "usbser.sys is installed by mdmcpq.inf's file section",
              "include=mdmcpq.inf and CopyFiles=FakeModemCopyFileSection in [DDInstall.NT]", check_usbser_include),
    INF_CHECK("inf.usbser.services", "DDInstall.NT.Services adds usbser as a lower filter", error,
              "Microsoft KB 837637 (Usbser.sys from USB modem INF files)", "without the service usbser never loads",
              "AddService=usbser, 0x00000000, LowerFilter_Service_Inst in [DDInstall.NT.Services]", check_usbser_services),
    INF_CHECK("inf.usbser.hw", "DDInstall.NT.HW adds LowerFilterAddReg", error, "Microsoft KB 837637 (Usbser.sys from USB modem INF files)",
              "the LowerFilters registry value attaches usbser to the device", "AddReg=LowerFilterAddReg in [DDInstall.NT.HW]", check_usbser_hw),
    INF_CHECK("inf.usbser.windows10", "Windows 10 and later need no INF for CDC ACM", info, "USB serial driver (Usbser.sys)",
              "the in-box usbser.inf matches class 02/02 by compatible ID", "ship the INF only for Windows 8.1 and earlier", check_usbser_windows10),
    INF_CHECK("inf.hid.class", "a HID selective-suspend package uses HIDClass", error, "Selective suspend for HID over USB devices",
              "the package must bind in the HID class like input.inf", "Class=HIDClass, ClassGuid={745a17a0-74d3-11d0-b6fe-00a0c90f57da}", check_hid_class),
    INF_CHECK("inf.hid.driver-ver", "DriverVer is newer than the system input.inf", error, "Selective suspend for HID over USB devices",
              "an older or equal date loses the ranking to input.inf", "date DriverVer after the floor (--driver-ver-floor)", check_hid_driver_ver),
    INF_CHECK("inf.hid.selsus", "DDInstall uses Include=input.inf, Needs=HID_SelSus_Inst.NT (+.HW, .Services)", error,
              "Selective suspend for HID over USB devices", "HID_Inst installs the HID driver without selective suspend",
              "Needs=HID_SelSus_Inst.NT, .NT.HW and .NT.Services in the matching sections", check_hid_selsus),
    INF_CHECK("inf.device.match", "the INF's IDs match the device", error, "Standard USB identifiers; reference section 10",
              "a package that matches no ID of the device never installs", "add the device's hardware ID to the models section", check_device_match),
};

#undef INF_CHECK

}  // namespace

long parse_inf_date(const std::string& text) {
    static const std::regex k_date(R"(^\s*(\d{1,2})[/-](\d{1,2})[/-](\d{4})\s*$)");
    std::smatch m;
    if (!std::regex_match(text, m, k_date)) return -1;
    const long month = std::stol(m[1]), day = std::stol(m[2]), year = std::stol(m[3]);
    if (month < 1 || month > 12 || day < 1 || day > 31) return -1;
    return year * 10000 + month * 100 + day;
}

std::span<const InfCheckDef> inf_checks() { return k_inf_checks; }

std::vector<CheckResult> run_inf_checks(const inf::Inf& inf, const InfContext& context) {
    std::vector<CheckResult> results;
    for (const auto& check : inf_checks()) {
        CheckResult result;
        result.def = &check.def;
        Reporter reporter;
        try {
            check.fn(inf, context, reporter);
            result.findings = reporter.findings();
            if (!result.findings.empty()) {
                result.status = check.def.severity == Severity::error     ? Status::fail
                                : check.def.severity == Severity::warning ? Status::warn
                                                                          : Status::pass;
            } else if (reporter.skip_reason()) {
                result.status = Status::skip;
                result.skip_reason = *reporter.skip_reason();
            }
        } catch (const std::exception& e) {
            result.status = Status::error;
            result.error = fmt::format("the check failed: {}", e.what());
        }
        results.push_back(std::move(result));
    }
    return results;
}

}  // namespace usbcheck::checks
