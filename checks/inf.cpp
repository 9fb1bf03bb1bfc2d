// The `inf.` check family: a Windows INF driver package judged on its own and against a device.
#include "checks/inf.h"

#include <cstdlib>
#include <map>
#include <regex>
#include <set>

#include <fmt/format.h>

#include "checks/inf_util.h"

namespace usbcheck::checks {

namespace {

using inf::iequals;
using inf::Inf;
using inf::lower;
using inf::Section;
using namespace inf_rules;

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
    for (const auto& check : inf_checks())
        results.push_back(run_check(check.def, [&](Reporter& r) { check.fn(inf, context, r); }));
    return results;
}

}  // namespace usbcheck::checks
