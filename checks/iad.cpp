// Chapter 9 checks of interface association descriptors (IADs): the device class that announces
// them, and each IAD's interface range, position, overlap and function class.
#include <algorithm>
#include <array>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "checks/check.h"

namespace usbcheck::checks {
namespace {

constexpr uint8_t k_misc_class = 0xEF;
constexpr uint8_t k_common_subclass = 0x02;
constexpr uint8_t k_iad_protocol = 0x01;

bool is_iad_class(const usb::DeviceDescriptor& d) {
    return d.bDeviceClass == k_misc_class && d.bDeviceSubClass == k_common_subclass && d.bDeviceProtocol == k_iad_protocol;
}

std::string class_triple(const usb::DeviceDescriptor& d) {
    return fmt::format("{:02X}/{:02X}/{:02X}", d.bDeviceClass, d.bDeviceSubClass, d.bDeviceProtocol);
}

bool has_interface(const usb::Configuration& config, unsigned number) {
    return std::any_of(config.interfaces.begin(), config.interfaces.end(),
                       [&](const usb::Interface& i) { return i.bInterfaceNumber == number; });
}

// Calls fn(config, iad_index) for every IAD; skips with a reason when no configuration has one.
template <typename Fn>
void for_each_iad(const usb::DescriptorSet& set, Reporter& r, Fn fn) {
    const auto configs = all_configurations(set);
    if (configs.empty()) return r.skip("no configuration descriptor was read");
    bool any = false;
    for (const auto* config : configs)
        for (size_t k = 0; k < config->iads.size(); ++k) {
            any = true;
            fn(*config, k);
        }
    if (!any) r.not_applicable("no configuration has an interface association descriptor");
}

// MSDocs usb-interface-association-descriptor.md: a device with IADs reports class EF/02/01.
void device_class(const usb::DescriptorSet& set, Reporter& r) {
    if (!set.device) return r.skip("no device descriptor was read");
    size_t iads = 0;
    std::string where;
    for (const auto* config : all_configurations(set))
        if (!config->iads.empty()) {
            if (where.empty()) where = config->blob;
            iads += config->iads.size();
        }
    if (iads == 0) return r.not_applicable("no configuration has an interface association descriptor");
    if (!is_iad_class(*set.device))
        r.violation(
            fmt::format("device class is {} but {} has {} IAD(s); expected EF/02/01", class_triple(*set.device), where, iads),
            at_device(4));
}

// MSDocs usb-interface-association-descriptor.md: EF/02/01 "notifies the operating system that one or more IADs are present".
void class_without_iad(const usb::DescriptorSet& set, Reporter& r) {
    if (!set.device) return r.skip("no device descriptor was read");
    if (!is_iad_class(*set.device))
        return r.not_applicable(fmt::format("device class is {}, not EF/02/01", class_triple(*set.device)));
    const auto configs = all_configurations(set);
    if (configs.empty()) return r.skip("no configuration descriptor was read");
    const bool any = std::any_of(configs.begin(), configs.end(), [](const auto* c) { return !c->iads.empty(); });
    if (!any)
        r.violation(fmt::format("device class is EF/02/01 but none of the {} configuration(s) has an IAD; expected at least one",
                                configs.size()),
                    at_device(4));
}

// USB IAD ECN (UNVERIFIED: spec not in corpus): an IAD associates at least one interface.
void interface_count(const usb::DescriptorSet& set, Reporter& r) {
    for_each_iad(set, r, [&](const usb::Configuration& config, size_t k) {
        const auto& iad = config.iads[k];
        if (iad.bInterfaceCount == 0) r.violation("bInterfaceCount is 0 but expected at least 1", at_iad(config, k, 3));
    });
}

// MSDocs usb-interface-association-descriptor.md: the associated interfaces are contiguous and all present.
void interfaces_exist(const usb::DescriptorSet& set, Reporter& r) {
    for_each_iad(set, r, [&](const usb::Configuration& config, size_t k) {
        const auto& iad = config.iads[k];
        const unsigned last = iad.bFirstInterface + iad.bInterfaceCount;  // one past the end
        std::vector<unsigned> missing;
        for (unsigned n = iad.bFirstInterface; n < last; ++n)
            if (!has_interface(config, n)) missing.push_back(n);
        if (!missing.empty())
            r.violation(
                fmt::format("the IAD covers interfaces {}..{} but {} has no interface {}; expected every interface in the range",
                            iad.bFirstInterface, last - 1, config.blob, fmt::join(missing, ", ")),
                at_iad(config, k, 2));
    });
}

// MSDocs usb-interface-association-descriptor.md: "each IAD must be located immediately before the interfaces it describes".
void position(const usb::DescriptorSet& set, Reporter& r) {
    for_each_iad(set, r, [&](const usb::Configuration& config, size_t k) {
        const auto& iad = config.iads[k];
        if (iad.position >= config.interfaces.size())
            return r.violation(fmt::format("the IAD at offset {} is followed by no interface; expected interface {} next",
                                           iad.offset, iad.bFirstInterface),
                               at_iad(config, k, 2));
        const auto& next = config.interfaces[iad.position];
        if (next.bInterfaceNumber != iad.bFirstInterface)
            r.violation(
                fmt::format("the IAD at offset {} is followed by interface {} but bFirstInterface is {}; expected the IAD "
                            "immediately before its first interface",
                            iad.offset, next.bInterfaceNumber, iad.bFirstInterface),
                at_iad(config, k, 2));
    });
}

// MSDocs enumeration-of-interface-collections-on-devices-that-have-iads.md: an interface belongs to one function (no nesting).
void overlap(const usb::DescriptorSet& set, Reporter& r) {
    for_each_iad(set, r, [&](const usb::Configuration& config, size_t k) {
        const auto& iad = config.iads[k];
        for (size_t j = 0; j < k; ++j) {
            const auto& earlier = config.iads[j];
            const unsigned lo = std::max<unsigned>(iad.bFirstInterface, earlier.bFirstInterface);
            const unsigned hi =
                std::min<unsigned>(iad.bFirstInterface + iad.bInterfaceCount, earlier.bFirstInterface + earlier.bInterfaceCount);
            if (lo < hi)
                r.violation(
                    fmt::format("iad[{}] covers interfaces {}..{} and iad[{}] covers {}..{}; expected no interface in two IADs",
                                k, iad.bFirstInterface, iad.bFirstInterface + iad.bInterfaceCount - 1, j, earlier.bFirstInterface,
                                earlier.bFirstInterface + earlier.bInterfaceCount - 1),
                    at_iad(config, k, 2));
        }
    });
}

// MSDocs usb-interface-association-descriptor.md: Microsoft recommends bFunctionClass equal to the first interface's class.
void function_class(const usb::DescriptorSet& set, Reporter& r) {
    for_each_iad(set, r, [&](const usb::Configuration& config, size_t k) {
        const auto& iad = config.iads[k];
        const usb::Interface* first = config.find_interface(iad.bFirstInterface);
        if (!first)
            return r.skip(fmt::format("{} has no interface {} to compare with (see ch9.iad.interfaces-exist)", config.blob,
                                      iad.bFirstInterface));
        if (first->bInterfaceClass != iad.bFunctionClass)
            r.violation(
                fmt::format("bFunctionClass is {} but first interface {} has bInterfaceClass {}; expected them equal",
                            usb::hex_byte(iad.bFunctionClass), iad.bFirstInterface, usb::hex_byte(first->bInterfaceClass)),
                at_iad(config, k, 4));
    });
}

const std::array k_checks = {
    CheckDef{"ch9.iad.device-class", "a device with IADs reports class EF/02/01", Severity::error,
             "MSDocs usbcon/usb-interface-association-descriptor.md",
             "otherwise Windows does not detect the IADs or group the interfaces of a function",
             "set bDeviceClass/SubClass/Protocol to EF/02/01", device_class},
    CheckDef{"ch9.iad.class-without-iad", "a device of class EF/02/01 has at least one IAD", Severity::warning,
             "MSDocs usbcon/usb-interface-association-descriptor.md", "the EF/02/01 code announces IADs that are not there",
             "add the IADs or use class 00/00/00", class_without_iad},
    CheckDef{"ch9.iad.interface-count", "bInterfaceCount is at least 1", Severity::error,
             "USB IAD ECN (UNVERIFIED: spec not in corpus); MSDocs usb-interface-association-descriptor.md",
             "an IAD of no interfaces describes no function", "set bInterfaceCount to the number of interfaces of the function",
             interface_count},
    CheckDef{"ch9.iad.interfaces-exist", "every interface an IAD covers exists", Severity::error,
             "MSDocs usbcon/usb-interface-association-descriptor.md (interfaces contiguous)",
             "Windows builds the function from bFirstInterface..+bInterfaceCount-1", "fix bFirstInterface or bInterfaceCount",
             interfaces_exist},
    CheckDef{"ch9.iad.position", "each IAD comes immediately before its first interface", Severity::error,
             "MSDocs usbcon/usb-interface-association-descriptor.md",
             "the IAD must be located immediately before the interfaces it describes",
             "move the IAD in front of interface bFirstInterface", position},
    CheckDef{"ch9.iad.overlap", "no interface belongs to two IADs", Severity::error,
             "MSDocs usbcon/enumeration-of-interface-collections-on-devices-that-have-iads.md (no recursive IADs)",
             "an interface can be part of only one function", "make the IAD ranges disjoint", overlap},
    CheckDef{"ch9.iad.function-class", "bFunctionClass equals the first interface's class", Severity::warning,
             "MSDocs usbcon/usb-interface-association-descriptor.md (recommendation)",
             "Windows matches compatible IDs from the IAD; a different class from its interface is usually a mistake",
             "copy the first interface's bInterfaceClass into bFunctionClass", function_class},
};

}  // namespace

std::span<const CheckDef> iad_checks() { return k_checks; }

}  // namespace usbcheck::checks
