// Helpers for the check tests: run the catalog on a device and judge one check's result.
#pragma once

#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "checks/check.h"
#include "test_util.h"

namespace usbcheck::test {

// Runs the whole catalog and returns the result of check `id` (a test failure if there is none).
checks::CheckResult result_of(const usb::DescriptorSet& set, std::string_view id);
checks::CheckResult result_of(const FakeDevice& fake, std::string_view id);

// The first finding's message, "" when there is none.
std::string message_of(const checks::CheckResult& result);

// Status and, for fail/warn/info, a finding whose message contains `text` (for skip: the reason).
::testing::AssertionResult is(const checks::CheckResult& result, checks::Status status, std::string_view text = "");

}  // namespace usbcheck::test
