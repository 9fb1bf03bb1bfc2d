// Finding communications functions and their functional descriptors for the cdc. checks.
#include "checks/cdc_util.h"

#include <algorithm>

#include <fmt/format.h>

namespace usbcheck::checks::cdc {

const usb::ExtraDescriptor* CommFunction::first(uint8_t sub) const {
    for (const auto* e : cs)
        if (e->bDescriptorSubType == sub) return e;
    return nullptr;
}

size_t CommFunction::count(uint8_t sub) const {
    return static_cast<size_t>(std::count_if(cs.begin(), cs.end(), [&](const auto* e) { return e->bDescriptorSubType == sub; }));
}

std::optional<uint8_t> CommFunction::union_control() const {
    const auto* u = first(subtype::union_);
    if (!u) return std::nullopt;
    const auto* f = u->field("bControlInterface");
    if (!f) return std::nullopt;
    return static_cast<uint8_t>(f->value);
}

std::vector<uint8_t> CommFunction::union_subordinates() const {
    std::vector<uint8_t> out;
    const auto* u = first(subtype::union_);
    if (!u) return out;
    for (const auto& field : u->fields)
        if (field.name.starts_with("bSubordinateInterface")) out.push_back(static_cast<uint8_t>(field.value));
    return out;
}

std::vector<const usb::ExtraDescriptor*> cs_descriptors(const usb::Interface& interface) {
    std::vector<const usb::ExtraDescriptor*> out;
    for (const auto& e : interface.extra)
        if (e.bDescriptorType == k_cs_interface) out.push_back(&e);
    for (const auto& ep : interface.endpoints)
        for (const auto& e : ep.extra)
            if (e.bDescriptorType == k_cs_interface) out.push_back(&e);
    std::sort(out.begin(), out.end(), [](const auto* a, const auto* b) { return a->offset < b->offset; });
    return out;
}

std::vector<CommFunction> comm_functions(const usb::DescriptorSet& set) {
    std::vector<CommFunction> out;
    for (const auto* config : all_configurations(set))
        for (const auto& interface : config->interfaces) {
            if (interface.bInterfaceClass != k_comm_class || interface.bAlternateSetting != 0) continue;
            CommFunction f;
            f.config = config;
            f.comm = &interface;
            f.iad = interface.iad;
            f.cs = cs_descriptors(interface);
            out.push_back(std::move(f));
        }
    return out;
}

bool has_bulk_pair(const usb::Interface& interface) {
    bool in = false, out = false;
    for (const auto& ep : interface.endpoints)
        if (ep.type() == usb::TransferType::bulk) (ep.is_in() ? in : out) = true;
    return in && out;
}

bool acm_shaped(const CommFunction& f) {
    if (f.is_rndis()) return false;
    if (f.first(subtype::ethernet) || f.first(subtype::ncm) || f.first(subtype::mbim)) return false;
    const auto subs = f.union_subordinates();
    if (subs.empty()) return false;
    const usb::Interface* data = f.config->find_interface(subs.front());
    return data && data->bInterfaceClass == k_data_class && has_bulk_pair(*data);
}

std::string hex2(unsigned value) { return fmt::format("{:02X}", value); }

}  // namespace usbcheck::checks::cdc
