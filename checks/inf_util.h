// Helpers the `inf.` rules share (section lookups, models, install sections) and the rules for
// driver packages (usbser on Windows 8.1, HID selective suspend, matching a device).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "checks/inf.h"

namespace usbcheck::checks::inf_rules {

using inf::Inf;
using inf::Section;

inline constexpr std::string_view k_modem_guid = "{4d36e96d-e325-11ce-bfc1-08002be10318}";
inline constexpr std::string_view k_hid_guid = "{745a17a0-74d3-11d0-b6fe-00a0c90f57da}";

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

Location at_line(std::string_view section, size_t line);
std::string normal_guid(std::string g);
// All values of `key` in a section, across repeated lines.
std::vector<std::string> values_of(const Section* s, std::string_view key);
bool contains_i(const std::vector<std::string>& list, std::string_view item);
std::vector<Manufacturer> manufacturers(const Inf& inf);
std::vector<Model> models(const Inf& inf);
// The DDInstall sections Windows may use for install section X: each X.NT<arch>, X.NT, else X.
std::vector<const Section*> ddinstalls(const Inf& inf, const std::string& install);
const Section* ddinstall(const Inf& inf, const std::string& install);
std::vector<std::string> install_sections(const Inf& inf);
// The section has Include=system_inf; any_include: some section of the INF has.
bool includes(const Section* s, std::string_view system_inf);
bool any_include(const Inf& inf, std::string_view system_inf);
bool installs_usbser(const Inf& inf);
bool is_hid(const Inf& inf);
// A section named from `from` exists here, or in a system INF `from` includes.
bool section_available(const Inf& inf, const Section& from, const std::string& name);

// The driver-package rules (checks/inf_drivers.cpp).
void check_usbser_class(const Inf& inf, const InfContext&, Reporter& r);
void check_usbser_include(const Inf& inf, const InfContext&, Reporter& r);
void check_usbser_services(const Inf& inf, const InfContext&, Reporter& r);
void check_usbser_hw(const Inf& inf, const InfContext&, Reporter& r);
void check_usbser_windows10(const Inf& inf, const InfContext&, Reporter& r);
void check_hid_class(const Inf& inf, const InfContext&, Reporter& r);
void check_hid_driver_ver(const Inf& inf, const InfContext& context, Reporter& r);
void check_hid_selsus(const Inf& inf, const InfContext&, Reporter& r);
void check_device_match(const Inf& inf, const InfContext& context, Reporter& r);

}  // namespace usbcheck::checks::inf_rules
