// Shared by the fuzz targets: run one device source through probe, checks and every writer.
#pragma once

#include <sstream>

#include "checks/check.h"
#include "reports/report.h"
#include "usb/probe.h"
#include "usb/snapshot.h"

namespace usbcheck::fuzz {

inline void run_pipeline(usb::UsbDevice& device) {
    const usb::DescriptorSet set = usb::probe(device);
    reports::Report report;
    report.devices.push_back({reports::identity_of(set), checks::run_checks(set), ""});
    (void)reports::to_json(report).dump();
    (void)reports::to_junit_xml(report);
    std::ostringstream text;
    reports::write_text(text, report, true, true);
    reports::describe_text(text, set);
    (void)reports::describe_json(set).dump();
}

}  // namespace usbcheck::fuzz
