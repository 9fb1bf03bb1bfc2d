// The `inf.` checks: rules for a Windows INF driver package (syntax, [Version], referenced
// sections, models, strings, usbser for Windows 8.1, HID selective suspend, device match). They
// judge an inf::Inf, not a DescriptorSet, so they have their own small table and runner, and
// return ordinary CheckResults so that every report writer handles them unchanged.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "checks/check.h"
#include "checks/windows.h"
#include "inf/inf_reader.h"

namespace usbcheck::checks {

struct InfContext {
    std::string driver_ver_floor = "06/21/2006";       // --driver-ver-floor (HID selective suspend)
    std::vector<WindowsPrediction> devices;           // --device / --from: the devices to match
    std::vector<std::string> device_names;            // one per device, for messages
};

using InfCheckFn = void (*)(const inf::Inf&, const InfContext&, Reporter&);

// def carries id, title, severity, spec, rationale and fix (def.fn is null); fn judges the INF.
struct InfCheckDef {
    CheckDef def;
    InfCheckFn fn;
};

std::span<const InfCheckDef> inf_checks();
std::vector<CheckResult> run_inf_checks(const inf::Inf& inf, const InfContext& context);

// "mm/dd/yyyy" -> yyyymmdd; -1 when malformed (month 1-12, day 1-31, four-digit year).
long parse_inf_date(const std::string& text);

}  // namespace usbcheck::checks
