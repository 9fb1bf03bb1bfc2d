// Section lookups, models and install sections shared by the `inf.` rules.
#include "checks/inf_util.h"

#include <set>

#include <fmt/format.h>

namespace usbcheck::checks::inf_rules {

using inf::iequals;
using inf::lower;

namespace {

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

}  // namespace

Location at_line(std::string_view section, size_t line) {
    return {"inf", line ? fmt::format("[{}] line {}", section, line) : fmt::format("[{}]", section), std::nullopt};
}

std::string normal_guid(std::string g) {
    g = lower(g);
    if (!g.empty() && g.front() == '{') g.erase(0, 1);
    if (!g.empty() && g.back() == '}') g.pop_back();
    return g;
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

}  // namespace usbcheck::checks::inf_rules
