// Shared by the CDC check files: finding the communications functions of a configuration and their
// class-specific (CS_INTERFACE) functional descriptors.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "checks/check.h"
#include "usb/model.h"

namespace usbcheck::checks::cdc {

constexpr uint8_t k_comm_class = 0x02;
constexpr uint8_t k_data_class = 0x0A;
constexpr uint8_t k_vendor_class = 0xFF;
constexpr uint8_t k_cs_interface = 0x24;
constexpr uint8_t k_acm_subclass = 0x02;

namespace subtype {
constexpr uint8_t header = 0x00;
constexpr uint8_t call_management = 0x01;
constexpr uint8_t acm = 0x02;
constexpr uint8_t union_ = 0x06;
constexpr uint8_t ethernet = 0x0F;
constexpr uint8_t ncm = 0x1A;
constexpr uint8_t mbim = 0x1B;
}  // namespace subtype

// One communications interface (class 02, alternate setting 0) and what belongs to it.
struct CommFunction {
    const usb::Configuration* config = nullptr;
    const usb::Interface* comm = nullptr;
    std::optional<size_t> iad;                        // IAD covering the comm interface
    std::vector<const usb::ExtraDescriptor*> cs;      // CS_INTERFACE descriptors, in byte order
    const usb::ExtraDescriptor* first(uint8_t sub) const;
    size_t count(uint8_t sub) const;
    // The Union's bControlInterface and subordinates (empty when there is no complete Union).
    std::optional<uint8_t> union_control() const;
    std::vector<uint8_t> union_subordinates() const;
    // Remote NDIS uses the ACM subclass with the vendor protocol (02/02/FF, Microsoft's RNDIS
    // USB specification): it is a network function, so the ACM (serial) rules do not apply.
    bool is_rndis() const { return comm->bInterfaceSubClass == k_acm_subclass && comm->bInterfaceProtocol == 0xFF; }
    bool is_acm() const { return comm->bInterfaceSubClass == k_acm_subclass && !is_rndis(); }
};

// CS_INTERFACE descriptors of an interface (before and after its endpoints), in byte order.
std::vector<const usb::ExtraDescriptor*> cs_descriptors(const usb::Interface& interface);

// Every class-02 interface (alternate setting 0) of every configuration, other-speed included.
std::vector<CommFunction> comm_functions(const usb::DescriptorSet& set);

// Calls fn(function) for each communications function (optionally ACM only); skips with the
// reason when there is none.
template <typename Fn>
void for_each_function(const usb::DescriptorSet& set, Reporter& r, bool acm_only, Fn fn) {
    if (all_configurations(set).empty()) return r.skip("no configuration descriptor was read");
    bool any = false;
    for (const auto& f : comm_functions(set)) {
        if (acm_only && !f.is_acm()) continue;
        any = true;
        fn(f);
    }
    if (!any)
        r.not_applicable(acm_only ? "no communications interface of subclass 02 (ACM)"
                                  : "no communications (class 02) interface");
}

// An interface with one bulk IN and one bulk OUT endpoint.
bool has_bulk_pair(const usb::Interface& interface);
// ACM-shaped: a Union whose first subordinate is a CDC Data interface with a bulk pair in
// alternate setting 0, and no networking (Ethernet, NCM, MBIM) descriptor.
bool acm_shaped(const CommFunction& f);

std::string hex2(unsigned value);  // "02"

}  // namespace usbcheck::checks::cdc

namespace usbcheck::checks {
// The function-level CDC rules (IADs, vendor class, subclass of ACM-shaped functions): cdc_function.cpp.
std::span<const CheckDef> cdc_function_checks();
}  // namespace usbcheck::checks
