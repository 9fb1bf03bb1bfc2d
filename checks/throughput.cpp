// throughput.*: judged from a bulk throughput measurement (usbcheck throughput), not from descriptors.
#include <array>

#include "checks/check.h"

namespace usbcheck::checks {

std::span<const CheckDef> throughput_checks() {
    static const std::array<CheckDef, 0> table{};
    return table;
}

}  // namespace usbcheck::checks
