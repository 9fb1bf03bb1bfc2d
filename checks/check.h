// The check framework: a catalog entry per rule, a reporter each check writes its findings to,
// and the result of running the catalog over one DescriptorSet.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "usb/model.h"

namespace usbcheck::checks {

enum class Severity { error, warning, info };
enum class Status { pass, fail, warn, skip, error };
std::string_view to_string(Severity severity);
std::string_view to_string(Status status);

// Where a finding points: a descriptor path and the absolute byte offset in its blob.
struct Location {
    std::string blob;                  // "device", "config[0]", "bos", "string[0x0409][2]"
    std::string path;                  // "config[0]/interface[1.0]/endpoint[0x81]"
    std::optional<size_t> offset;      // byte offset of the field within the blob
    std::string to_string() const;     // "config[0]/interface[1.0]/endpoint[0x81] @ config[0]+0x1c"
};

struct Finding {
    std::string message;  // one line, lower case start, actual and expected values
    Location location;
};

class Reporter {
public:
    // A violation of this check's rule; the check's severity decides fail/warn/pass(info).
    void violation(std::string message, Location location = {});
    // The rule cannot be judged on this input (no BOS captured, speed unknown, ...).
    void skip(std::string reason);
    // The rule does not apply to this device (no IAD, no strings referenced, ...): skip as well.
    void not_applicable(std::string reason) { skip(std::move(reason)); }

    const std::vector<Finding>& findings() const { return m_findings; }
    const std::optional<std::string>& skip_reason() const { return m_skip; }

private:
    std::vector<Finding> m_findings;
    std::optional<std::string> m_skip;
};

using CheckFn = void (*)(const usb::DescriptorSet&, Reporter&);

struct CheckDef {
    std::string_view id;         // stable, dotted, lower case: "ch9.config.total-length"
    std::string_view title;      // short sentence
    Severity severity;
    std::string_view spec;       // "USB 2.0 9.6.3, table 9-10"
    std::string_view rationale;  // why it matters, one line
    std::string_view fix;        // what to change, one line
    CheckFn fn;

    std::string_view family() const;  // "ch9" for "ch9.config.total-length"
};

struct CheckResult {
    const CheckDef* def = nullptr;
    Status status = Status::pass;
    std::vector<Finding> findings;    // violations (fail/warn) or notes (info -> pass)
    std::string skip_reason;          // status skip
    std::string error;                // status error: the check itself failed (a bug)
};

// The whole catalog in its fixed order (families concatenated: ch9, bos, string, ...).
std::span<const CheckDef> catalog();
const CheckDef* find_check(std::string_view id);

// Runs every check of the catalog; an exception inside a check becomes status error.
std::vector<CheckResult> run_checks(const usb::DescriptorSet& set);

// Runs one check's body against a fresh Reporter and turns what it reported into a result (the
// def's severity decides fail/warn/pass; an exception becomes status error). Shared by every
// runner, so devices and INF files get the same status rules.
CheckResult run_check(const CheckDef& def, const std::function<void(Reporter&)>& body);

// Family tables, each defined in its own file (checks/<family>.cpp).
std::span<const CheckDef> parse_checks();
std::span<const CheckDef> ch9_device_checks();
std::span<const CheckDef> ch9_config_checks();
std::span<const CheckDef> ch9_endpoint_checks();
std::span<const CheckDef> iad_checks();
std::span<const CheckDef> bos_checks();
std::span<const CheckDef> string_checks();
std::span<const CheckDef> msos1_checks();
std::span<const CheckDef> msos2_checks();
std::span<const CheckDef> cdc_checks();
std::span<const CheckDef> windows_checks();
std::span<const CheckDef> hid_checks();
std::span<const CheckDef> hid_suspend_checks();

// Checks judged from a measurement rather than from descriptors (their fn is null): `usbcheck
// checks` lists them after the device catalog; the measuring command runs them through run_check
// with the measurement in its body. Each table lives in checks/<family>.cpp.
std::span<const CheckDef> throughput_checks();
std::span<const CheckDef> suspend_checks();

// Location helpers shared by the family files.
Location at_device(size_t field_offset);
Location at_config(const usb::Configuration& config, size_t absolute_offset);
Location at_interface(const usb::Configuration& config, const usb::Interface& interface,
                      size_t field_offset);
Location at_endpoint(const usb::Configuration& config, const usb::Interface& interface,
                     const usb::Endpoint& endpoint, size_t field_offset);
Location at_iad(const usb::Configuration& config, size_t iad_index, size_t field_offset);
Location at_bos(size_t absolute_offset, std::string path = "bos");
Location at_string(const usb::StringDescriptor& string, size_t field_offset);

// Every configuration, including other-speed ones, for rules that apply to both.
std::vector<const usb::Configuration*> all_configurations(const usb::DescriptorSet& set);

}  // namespace usbcheck::checks
