// `usbcheck suspend` options and runner, shared with `check --suite suspend`.
#pragma once

#include <optional>
#include <string>

#include <tl/expected.hpp>

#include "cli/app.h"
#include "cli/report_output.h"
#include "usb/model.h"
#include "usb/suspend_engine.h"

namespace usbcheck::cli {

struct SuspendOptions {
    DeviceOptions device;
    ReportOptions report;
    unsigned cycles = 5;
    unsigned delay_ms = 100;
    std::string stimulus = "none";
    std::string expect_key;
    std::string expect_report;
    std::optional<double> max_resume_ms;  // default: the host's Linux resume floor + 50 ms
    std::optional<unsigned> wake_timeout_ms;
};

// The plan from the options and the probed device (the report descriptor decodes
// --expect-report); a one-line usage error otherwise.
tl::expected<usb::SuspendPlan, std::string> suspend_plan(const SuspendOptions& options, const usb::DescriptorSet& set);

// Probes the device, runs the procedure, writes the reports; the exit code.
int run_suspend_command(const SuspendOptions& options);

}  // namespace usbcheck::cli
