// Fuzzes the HID report descriptor parser, the report decoder and the hid checks: the input is a
// report descriptor; its first bytes double as a report to decode.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "checks/check.h"
#include "reports/report.h"
#include "usb/hid_report.h"

using namespace usbcheck;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::vector<uint8_t> input(data, data + size);  // exact-size copy: ASan sees overreads
    const auto parsed = usb::hid::parse_report_descriptor(input);
    const std::vector<uint8_t> report(input.begin(), input.begin() + static_cast<std::ptrdiff_t>(std::min<size_t>(size, 16)));
    for (auto type : {usb::hid::ReportType::input, usb::hid::ReportType::output, usb::hid::ReportType::feature})
        if (auto decoded = usb::hid::decode_report(parsed, report, type)) (void)decoded->to_string();
    usb::DescriptorSet set;
    set.hid_reports = {{0, usb::Availability::present, input}};
    (void)checks::run_checks(set);
    (void)reports::describe_json(set);
    return 0;
}
