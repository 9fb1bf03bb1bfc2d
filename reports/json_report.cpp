// The machine report: the check results as JSON in the shape of reports/report.schema.json.
#include "reports/report.h"

namespace usbcheck::reports {

namespace {

using nlohmann::json;

json hex_or_null(const std::optional<uint16_t>& value) {
    return value ? json(usb::hex_word(*value)) : json(nullptr);
}

json text_or_null(const std::string& text) {
    return text.empty() ? json(nullptr) : json(valid_utf8(text));
}

json identity_json(const DeviceIdentity& identity) {
    json out = {
        {"vid", hex_or_null(identity.vid)},
        {"pid", hex_or_null(identity.pid)},
        {"bcdDevice", hex_or_null(identity.bcdDevice)},
        {"manufacturer", text_or_null(identity.manufacturer)},
        {"product", text_or_null(identity.product)},
        {"serial", text_or_null(identity.serial)},
        {"speed", std::string(usb::to_string(identity.speed))},
        {"source", valid_utf8(identity.source)},
    };
    if (!identity.path.empty()) out["path"] = valid_utf8(identity.path);
    return out;
}

json summary_json(const Summary& summary) {
    return {{"pass", summary.pass}, {"fail", summary.fail}, {"warn", summary.warn},
            {"skip", summary.skip}, {"error", summary.error}};
}

json location_json(const checks::Location& location) {
    json out = {{"blob", valid_utf8(location.blob)}, {"path", valid_utf8(location.path)}};
    if (location.offset) out["offset"] = *location.offset;
    return out;
}

json check_json(const checks::CheckResult& result) {
    const checks::CheckDef* def = result.def;
    const auto text = [&](std::string_view checks::CheckDef::*member) {
        return def ? valid_utf8(def->*member) : std::string();
    };
    json findings = json::array();
    for (const auto& finding : result.findings) {
        const auto& l = finding.location;
        const bool points = !l.blob.empty() || !l.path.empty() || l.offset.has_value();
        findings.push_back({{"message", valid_utf8(finding.message)},
                            {"location", points ? location_json(l) : json(nullptr)}});
    }
    const checks::Location* location = first_location(result);
    return {
        {"id", def ? valid_utf8(def->id) : "unknown"},
        {"family", def ? valid_utf8(def->family()) : "unknown"},
        {"title", text(&checks::CheckDef::title)},
        {"status", std::string(checks::to_string(result.status))},
        {"severity", std::string(checks::to_string(def ? def->severity : checks::Severity::error))},
        {"spec", text(&checks::CheckDef::spec)},
        {"message", valid_utf8(headline(result))},
        {"location", location ? location_json(*location) : json(nullptr)},
        {"findings", std::move(findings)},
        {"rationale", text(&checks::CheckDef::rationale)},
        {"fix", text(&checks::CheckDef::fix)},
    };
}

json windows_json(const checks::WindowsPrediction& p) {
    const auto strings = [](const std::vector<std::string>& v) {
        json out = json::array();
        for (const auto& s : v) out.push_back(valid_utf8(s));
        return out;
    };
    json functions = json::array();
    for (const auto& f : p.functions)
        functions.push_back({{"interface", f.interface},
                             {"first_interface", f.first_interface},
                             {"hardware_ids", strings(f.hardware_ids)},
                             {"compatible_ids", strings(f.compatible_ids)},
                             {"driver", f.driver},
                             {"rule", valid_utf8(f.rule)},
                             {"windows81", valid_utf8(f.windows81)}});
    json registry = json::array();
    for (const auto& v : p.registry)
        registry.push_back({{"key", valid_utf8(v.key)},
                            {"name", valid_utf8(v.name)},
                            {"type", valid_utf8(v.type)},
                            {"value", valid_utf8(v.value)},
                            {"source", valid_utf8(v.source)}});
    return {{"hardware_ids", strings(p.hardware_ids)},
            {"compatible_ids", strings(p.compatible_ids)},
            {"composite", p.composite},
            {"composite_rule", valid_utf8(p.composite_rule)},
            {"functions", std::move(functions)},
            {"registry", std::move(registry)},
            {"notes", strings(p.notes)}};
}

}  // namespace

nlohmann::json to_json(const Report& report) {
    json devices = json::array();
    for (const auto& device : report.devices) {
        json entry = {{"identity", identity_json(device.identity)}};
        if (!device.error.empty()) entry["error"] = valid_utf8(device.error);
        entry["summary"] = summary_json(summarize_device(device));
        json results = json::array();
        for (const auto& result : device.checks) results.push_back(check_json(result));
        entry["checks"] = std::move(results);
        if (device.windows) entry["windows"] = windows_json(*device.windows);
        if (!device.measurements.empty()) {
            json measurements = json::object();
            for (const auto& m : device.measurements) measurements[m.family] = m.data;
            entry["measurements"] = std::move(measurements);
        }
        devices.push_back(std::move(entry));
    }
    return {
        {"schema_version", k_schema_version},
        {"tool", {{"name", report.tool.name}, {"version", report.tool.version}}},
        {"devices", std::move(devices)},
        {"summary", summary_json(summarize(report.devices))},
    };
}

}  // namespace usbcheck::reports
