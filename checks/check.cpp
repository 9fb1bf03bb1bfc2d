// The check framework: reporter, location helpers, and running the catalog.
#include "checks/check.h"

#include <exception>

#include <fmt/format.h>

namespace usbcheck::checks {

std::string_view to_string(Severity severity) {
    switch (severity) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::info: return "info";
    }
    return "error";
}

std::string_view to_string(Status status) {
    switch (status) {
    case Status::pass: return "pass";
    case Status::fail: return "fail";
    case Status::warn: return "warn";
    case Status::skip: return "skip";
    case Status::error: return "error";
    }
    return "error";
}

std::string Location::to_string() const {
    std::string out = path.empty() ? blob : path;
    if (offset) out += fmt::format(" @ {}+{:#04x}", blob, *offset);
    return out;
}

void Reporter::violation(std::string message, Location location) {
    m_findings.push_back({std::move(message), std::move(location)});
}

void Reporter::skip(std::string reason) {
    if (!m_skip) m_skip = std::move(reason);
}

std::string_view CheckDef::family() const {
    const auto dot = id.find('.');
    return dot == std::string_view::npos ? id : id.substr(0, dot);
}

namespace {

std::string interface_path(const usb::Configuration& config, const usb::Interface& interface) {
    return fmt::format("{}/interface[{}.{}]", config.blob, interface.bInterfaceNumber, interface.bAlternateSetting);
}

}  // namespace

Location at_device(size_t field_offset) { return {"device", "device", field_offset}; }

Location at_config(const usb::Configuration& config, size_t absolute_offset) {
    return {config.blob, config.blob, absolute_offset};
}

Location at_interface(const usb::Configuration& config, const usb::Interface& interface, size_t field_offset) {
    return {config.blob, interface_path(config, interface), interface.offset + field_offset};
}

Location at_endpoint(const usb::Configuration& config, const usb::Interface& interface,
                     const usb::Endpoint& endpoint, size_t field_offset) {
    return {config.blob,
            fmt::format("{}/endpoint[{}]", interface_path(config, interface), usb::hex_byte(endpoint.bEndpointAddress)),
            endpoint.offset + field_offset};
}

Location at_iad(const usb::Configuration& config, size_t iad_index, size_t field_offset) {
    const auto& iad = config.iads.at(iad_index);
    return {config.blob, fmt::format("{}/iad[{}]", config.blob, iad_index), iad.offset + field_offset};
}

Location at_bos(size_t absolute_offset, std::string path) { return {"bos", std::move(path), absolute_offset}; }

Location at_string(const usb::StringDescriptor& string, size_t field_offset) {
    std::string blob = fmt::format("string[{}][{}]", usb::hex_word(string.langid), string.index);
    return {blob, blob, field_offset};
}

std::vector<const usb::Configuration*> all_configurations(const usb::DescriptorSet& set) {
    std::vector<const usb::Configuration*> out;
    for (const auto& c : set.configurations) out.push_back(&c);
    for (const auto& c : set.other_speed) out.push_back(&c);
    return out;
}

CheckResult run_check(const CheckDef& def, const std::function<void(Reporter&)>& body) {
    CheckResult result;
    result.def = &def;
    Reporter reporter;
    try {
        body(reporter);
        result.findings = reporter.findings();
        if (!result.findings.empty()) {
            result.status = def.severity == Severity::error     ? Status::fail
                            : def.severity == Severity::warning ? Status::warn
                                                                : Status::pass;
        } else if (reporter.skip_reason()) {
            result.status = Status::skip;
            result.skip_reason = *reporter.skip_reason();
        }
    } catch (const std::exception& e) {
        result.status = Status::error;
        result.error = fmt::format("the check failed: {}", e.what());
    }
    return result;
}

std::vector<CheckResult> run_checks(const usb::DescriptorSet& set) {
    std::vector<CheckResult> results;
    for (const CheckDef& def : catalog()) results.push_back(run_check(def, [&](Reporter& r) { def.fn(set, r); }));
    return results;
}

}  // namespace usbcheck::checks
