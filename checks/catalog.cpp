// The check catalog: one explicit, ordered table built from the family tables. No static
// self-registration, so the order is fixed and nothing can be dropped by the linker.
#include <vector>

#include "checks/check.h"

namespace usbcheck::checks {

std::span<const CheckDef> catalog() {
    static const std::vector<CheckDef> table = [] {
        std::vector<CheckDef> all;
        for (auto family : {parse_checks(), ch9_device_checks(), ch9_config_checks(), ch9_endpoint_checks(),
                            iad_checks(), bos_checks(), string_checks(), cdc_checks(), msos1_checks(), msos2_checks(),
                            windows_checks(), hid_checks(), hid_suspend_checks()})
            all.insert(all.end(), family.begin(), family.end());
        return all;
    }();
    return table;
}

const CheckDef* find_check(std::string_view id) {
    for (const auto& def : catalog())
        if (def.id == id) return &def;
    return nullptr;
}

}  // namespace usbcheck::checks
