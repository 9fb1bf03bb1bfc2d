// `usbcheck checks [--json]`: prints the check catalog, the source of the documentation.
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "checks/check.h"
#include "checks/inf.h"
#include "cli/app.h"

namespace usbcheck::cli {

namespace {

// Checks judged from measurements, by the command that measures.
std::vector<std::span<const checks::CheckDef>> measured_tables() { return {checks::throughput_checks(), checks::suspend_checks()}; }

// The device catalog, the measured checks, then the INF rules (`usbcheck inf`), in their fixed order.
std::vector<const checks::CheckDef*> all_checks() {
    std::vector<const checks::CheckDef*> defs;
    for (const auto& def : checks::catalog()) defs.push_back(&def);
    for (auto table : measured_tables())
        for (const auto& def : table) defs.push_back(&def);
    for (const auto& inf : checks::inf_checks()) defs.push_back(&inf.def);
    return defs;
}

}  // namespace

Command register_checks(CLI::App& app) {
    auto* command = app.add_subcommand("checks", "print the catalog of checks (id, severity, title, spec reference)");
    auto json = std::make_shared<bool>(false);
    command->add_flag("--json", *json, "print the catalog as JSON");
    return {command, [json] {
                if (*json) {
                    nlohmann::json out = nlohmann::json::array();
                    for (const auto* d : all_checks()) {
                        const auto& def = *d;
                        out.push_back({{"id", def.id},
                                       {"family", def.family()},
                                       {"title", def.title},
                                       {"severity", checks::to_string(def.severity)},
                                       {"spec", def.spec},
                                       {"rationale", def.rationale},
                                       {"fix", def.fix}});
                    }
                    std::cout << out.dump(2) << '\n';
                    return static_cast<int>(k_exit_ok);
                }
                const auto defs = all_checks();
                for (const auto* def : defs)
                    std::cout << fmt::format("{:<44} {:<8} {}\n{:<44} {:<8} [{}]\n", def->id,
                                             checks::to_string(def->severity), def->title, "", "", def->spec);
                size_t measured = 0;
                for (auto table : measured_tables()) measured += table.size();
                std::cout << fmt::format("{} checks ({} for devices, {} for measurements, {} for INF files)\n",
                                         defs.size(), checks::catalog().size(), measured,
                                         checks::inf_checks().size());
                return static_cast<int>(k_exit_ok);
            }};
}

}  // namespace usbcheck::cli
