// Helpers for the check tests.
#include "check_test_util.h"

#include <fmt/format.h>

namespace usbcheck::test {

checks::CheckResult result_of(const usb::DescriptorSet& set, std::string_view id) {
    const checks::CheckDef* def = checks::find_check(id);
    EXPECT_NE(def, nullptr) << "no check " << id;
    for (auto& r : checks::run_checks(set))
        if (r.def == def) return r;
    ADD_FAILURE() << id << " did not run";
    return {};
}

checks::CheckResult result_of(const FakeDevice& fake, std::string_view id) { return result_of(probe_fake(fake), id); }

std::string message_of(const checks::CheckResult& r) {
    return r.findings.empty() ? std::string() : r.findings.front().message;
}

::testing::AssertionResult is(const checks::CheckResult& r, checks::Status status, std::string_view text) {
    std::string seen = fmt::format("status {}", to_string(r.status));
    for (const auto& f : r.findings) seen += fmt::format("\n  finding: {} @ {}", f.message, f.location.to_string());
    if (!r.skip_reason.empty()) seen += "\n  skip: " + r.skip_reason;
    if (!r.error.empty()) seen += "\n  error: " + r.error;
    if (r.status != status)
        return ::testing::AssertionFailure() << "expected " << to_string(status) << ", got " << seen;
    if (text.empty()) return ::testing::AssertionSuccess();
    if (status == checks::Status::skip && r.skip_reason.find(text) != std::string::npos)
        return ::testing::AssertionSuccess();
    for (const auto& f : r.findings)
        if (f.message.find(text) != std::string::npos) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "no message with \"" << text << "\": " << seen;
}

}  // namespace usbcheck::test
