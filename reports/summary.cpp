// What the writers share about check results: counts per status and the one-line message.
#include "reports/report.h"

namespace usbcheck::reports {

namespace {

void count(Summary& summary, checks::Status status) {
    switch (status) {
    case checks::Status::pass: ++summary.pass; break;
    case checks::Status::fail: ++summary.fail; break;
    case checks::Status::warn: ++summary.warn; break;
    case checks::Status::skip: ++summary.skip; break;
    case checks::Status::error: ++summary.error; break;
    }
}

bool points_somewhere(const checks::Location& location) {
    return !location.blob.empty() || !location.path.empty() || location.offset.has_value();
}

}  // namespace

Summary summarize_device(const DeviceReport& device) {
    Summary summary;
    for (const auto& result : device.checks) count(summary, result.status);
    return summary;
}

Summary summarize(const std::vector<DeviceReport>& devices) {
    Summary summary;
    for (const auto& device : devices)
        for (const auto& result : device.checks) count(summary, result.status);
    return summary;
}

std::string headline(const checks::CheckResult& result) {
    switch (result.status) {
    case checks::Status::skip: return result.skip_reason;
    case checks::Status::error: return result.error;
    case checks::Status::pass:
    case checks::Status::fail:
    case checks::Status::warn: break;
    }
    if (result.findings.empty()) return "";
    std::string message = result.findings.front().message;
    if (result.findings.size() > 1)
        message += " (and " + std::to_string(result.findings.size() - 1) + " more)";
    return message;
}

const checks::Location* first_location(const checks::CheckResult& result) {
    if (result.status == checks::Status::skip || result.status == checks::Status::error) return nullptr;
    if (result.findings.empty() || !points_somewhere(result.findings.front().location)) return nullptr;
    return &result.findings.front().location;
}

}  // namespace usbcheck::reports
