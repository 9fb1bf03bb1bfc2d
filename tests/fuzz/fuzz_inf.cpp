// Fuzzes the INF reader and the `inf.` checks. Input: the bytes of an INF file; the first byte's
// low bit also picks whether to read the [Strings.0407] language.
#include <cstddef>
#include <cstdint>
#include <string>

#include "checks/inf.h"
#include "inf/inf_reader.h"

using namespace usbcheck;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string bytes(reinterpret_cast<const char*>(data), size);  // exact-size copy: ASan sees overreads
    inf::ReadOptions options;
    if (size > 0 && (data[0] & 1)) options.language = "0407";
    const auto parsed = inf::parse_inf(bytes, options);
    checks::InfContext context;
    context.devices.push_back({});
    context.devices.back().known = true;
    context.devices.back().hardware_ids = {"USB\\VID_303A&PID_4001"};
    (void)checks::run_inf_checks(parsed, context);
    return 0;
}
