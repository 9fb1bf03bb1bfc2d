// Reads a device's descriptors through UsbDevice with standard GET_DESCRIPTOR requests and
// hands the raw bytes to the parser; a disconnect stops the probe and is recorded.
#include "usb/probe.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "usb/parser.h"

namespace usbcheck::usb {
namespace {

constexpr uint8_t k_get_descriptor = 0x06;
constexpr uint16_t k_default_langid = 0x0409;
constexpr size_t k_max_configurations = 32;

class Prober {
public:
    Prober(UsbDevice& device, DescriptorSet& set) : m_device(device), m_set(set) {}

    // GET_DESCRIPTOR; returns nullopt when the device is gone (the caller stops).
    std::optional<TransferResult> get(uint8_t recipient_type, uint8_t type, uint8_t index,
                                      uint16_t windex, uint16_t length) {
        if (m_set.device_lost) return std::nullopt;
        const ControlSetup setup{recipient_type, k_get_descriptor,
                                 static_cast<uint16_t>(type << 8 | index), windex, length};
        TransferResult r = m_device.control_in(setup);
        if (r.status == TransferStatus::disconnected) {
            m_set.device_lost = true;
            return std::nullopt;
        }
        return r;
    }

    // Header first, then the whole thing at the length the header claims (config, BOS).
    std::optional<TransferResult> get_total(uint8_t type, uint8_t index, uint16_t header_length) {
        auto head = get(0x80, type, index, 0, header_length);
        if (!head || head->status != TransferStatus::ok || head->data.size() < 4) return head;
        const uint16_t total = static_cast<uint16_t>(head->data[2] | (head->data[3] << 8));
        if (total <= head->data.size()) return head;
        auto full = get(0x80, type, index, 0, total);
        if (!full) return full;
        if (full->status != TransferStatus::ok) return head;  // keep what the header read gave
        return full;
    }

private:
    UsbDevice& m_device;
    DescriptorSet& m_set;
};

std::vector<uint8_t> referenced_strings(const DescriptorSet& set) {
    std::set<uint8_t> indices;
    if (set.device) {
        indices.insert({set.device->iManufacturer, set.device->iProduct, set.device->iSerialNumber});
    }
    for (const auto* configs : {&set.configurations, &set.other_speed})
        for (const auto& c : *configs) {
            indices.insert(c.iConfiguration);
            for (const auto& i : c.interfaces) indices.insert(i.iInterface);
            for (const auto& a : c.iads) indices.insert(a.iFunction);
        }
    indices.erase(0);
    return {indices.begin(), indices.end()};
}

void read_configurations(Prober& p, DescriptorSet& set, uint8_t type, size_t count,
                         std::vector<Configuration>& out, bool record_availability) {
    for (size_t i = 0; i < std::min(count, k_max_configurations); ++i) {
        auto r = p.get_total(type, static_cast<uint8_t>(i), 9);
        if (!r) return;
        if (record_availability) set.configuration_availability.push_back(availability_from(r->status));
        if (r->status != TransferStatus::ok) continue;
        const std::string blob = fmt::format("{}[{}]", type == dt::configuration ? "config" : "other-speed", i);
        if (auto c = parse_configuration(r->data, blob, type, set.notes)) out.push_back(std::move(*c));
    }
}

}  // namespace

DescriptorSet probe(UsbDevice& device, const ProbeOptions& options) {
    DescriptorSet set;
    set.source = device.source();
    set.speed = device.speed();
    if (set.speed != Speed::unknown) set.speed_origin = "input";
    if (options.speed_override) {
        set.speed = *options.speed_override;
        set.speed_origin = "--speed";
    }
    Prober p(device, set);

    auto dev = p.get(0x80, dt::device, 0, 0, 18);
    if (!dev) return set;
    set.device_availability = availability_from(dev->status);
    if (dev->status == TransferStatus::ok) set.device = parse_device(dev->data, set.notes);

    // Without a device descriptor the probe still reads what it can (configuration 0, the BOS,
    // the qualifier, the LANGID table): a partial input or a broken device is judged on the rest.
    const uint16_t bcd = set.device ? set.device->bcdUSB : 0xFFFF;
    // At least one configuration is asked for even when bNumConfigurations is 0.
    read_configurations(p, set, dt::configuration,
                        std::max<size_t>(1, set.device ? set.device->bNumConfigurations : 1), set.configurations,
                        true);

    // The BOS is asked for whatever bcdUSB says: a BOS on a bcdUSB < 0x0201 device is a finding.
    if (auto bos = p.get_total(dt::bos, 0, 5)) {
        set.bos_availability = availability_from(bos->status);
        if (bos->status == TransferStatus::ok) set.bos = parse_bos(bos->data, set.notes);
    }

    if (bcd >= 0x0200) {
        if (auto q = p.get(0x80, dt::device_qualifier, 0, 0, 10)) {
            set.qualifier_availability = availability_from(q->status);
            if (q->status == TransferStatus::ok) set.qualifier = parse_qualifier(q->data, set.notes);
            if (set.qualifier)
                read_configurations(p, set, dt::other_speed_configuration,
                                    std::max<size_t>(1, set.qualifier->bNumConfigurations), set.other_speed, false);
        }
    }

    const auto indices = referenced_strings(set);
    if (auto s0 = p.get(0x80, dt::string, 0, 0, 255)) {
        set.langids.availability = availability_from(s0->status);
        if (s0->status == TransferStatus::ok) {
            set.langids = parse_langids(s0->data, set.notes);
        }
    }
    std::vector<uint16_t> langids(set.langids.langids.begin(),
                                  set.langids.langids.begin() +
                                      static_cast<std::ptrdiff_t>(std::min(options.max_langids, set.langids.langids.size())));
    if (langids.empty() && !indices.empty()) langids.push_back(k_default_langid);  // what Linux falls back to
    for (uint16_t langid : langids)
        for (uint8_t index : indices) {
            auto s = p.get(0x80, dt::string, index, langid, 255);
            if (!s) return set;
            StringDescriptor str;
            if (s->status == TransferStatus::ok) {
                str = parse_string(index, langid, s->data, set.notes);
            } else {
                str.index = index;
                str.langid = langid;
                str.availability = availability_from(s->status);
            }
            set.strings.push_back(std::move(str));
        }

    if (!set.configurations.empty())
        for (const auto& i : set.configurations.front().interfaces) {
            if (i.bAlternateSetting != 0 || !i.hid) continue;
            for (const auto& e : i.hid->entries) {
                if (e.bDescriptorType != dt::hid_report) continue;
                auto r = p.get(0x81, dt::hid_report, 0, i.bInterfaceNumber, e.wDescriptorLength);
                if (!r) return set;
                set.hid_reports.push_back({i.bInterfaceNumber, availability_from(r->status), r->data});
                break;
            }
        }
    return set;
}

}  // namespace usbcheck::usb
