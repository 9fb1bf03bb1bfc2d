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

    // Any control-IN request; returns nullopt when the device is gone (the caller stops).
    std::optional<TransferResult> request(const ControlSetup& setup) {
        if (m_set.device_lost) return std::nullopt;
        TransferResult r = m_device.control_in(setup);
        if (r.status == TransferStatus::disconnected) {
            m_set.device_lost = true;
            return std::nullopt;
        }
        return r;
    }

    // GET_DESCRIPTOR.
    std::optional<TransferResult> get(uint8_t recipient_type, uint8_t type, uint8_t index, uint16_t windex,
                                      uint16_t length) {
        return request({recipient_type, k_get_descriptor, static_cast<uint16_t>(type << 8 | index), windex, length});
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

// "MSFT100" in UTF-16LE, bytes 2..15 of the OS string descriptor (MS OS 1.0 specification).
constexpr uint8_t k_msft100[] = {'M', 0, 'S', 0, 'F', 0, 'T', 0, '1', 0, '0', 0, '0', 0};

// A vendor feature request read as header first, then at the length the header's dwLength says.
std::optional<TransferResult> read_feature(Prober& p, uint8_t request_type, uint8_t vendor_code, uint16_t wvalue,
                                           uint16_t windex, uint16_t header_length) {
    auto head = p.request({request_type, vendor_code, wvalue, windex, header_length});
    if (!head || head->status != TransferStatus::ok || head->data.size() < 4) return head;
    const uint32_t total = head->data[0] | (head->data[1] << 8) | (head->data[2] << 16) |
                           (static_cast<uint32_t>(head->data[3]) << 24);
    // Windows limits an MS OS feature descriptor to 4 KiB.
    const auto length = static_cast<uint16_t>(std::min<uint32_t>(total, 4096));
    if (length <= head->data.size()) return head;
    auto full = p.request({request_type, vendor_code, wvalue, windex, length});
    if (!full || full->status != TransferStatus::ok) return full ? head : full;
    return full;
}

RawBlob blob_of(const TransferResult& r) { return {availability_from(r.status), r.status == TransferStatus::ok ? r.data : Bytes{}}; }

void read_microsoft_os(Prober& p, DescriptorSet& set) {
    auto& ms = set.msos;
    // MS OS 1.0: the OS string at index 0xEE, asked with LANGID 0 and wLength 0x12.
    if (auto s = p.get(0x80, dt::string, 0xEE, 0, 0x12)) {
        ms.os_string = blob_of(*s);
        const Bytes& b = ms.os_string.bytes;
        if (b.size() >= 17 && b[1] == dt::string && std::equal(std::begin(k_msft100), std::end(k_msft100), b.begin() + 2))
            ms.vendor_code = b[16];
    } else {
        return;
    }
    if (ms.vendor_code) {
        // Extended compat ID: device recipient, wIndex 4, 16-byte header first.
        if (auto c = read_feature(p, 0xC0, *ms.vendor_code, 0, 0x0004, 0x10)) ms.compat_id = blob_of(*c);
        else return;
        // Extended properties per interface: interface recipient, wIndex 5. Windows puts the
        // interface number in the high byte of wValue, Linux gadgets read the low byte: ask as
        // Windows does and, when that stalls for a non-zero interface, the other way.
        std::vector<uint8_t> numbers;
        if (!set.configurations.empty()) numbers = set.configurations.front().interface_numbers();
        for (uint8_t n : numbers) {
            MsOsDescriptors::ExtendedProperties props{n, {}, ""};
            auto r = read_feature(p, 0xC1, *ms.vendor_code, static_cast<uint16_t>(n << 8), 0x0005, 0x0A);
            if (!r) return;
            if (r->status == TransferStatus::ok) props.wvalue_byte = n == 0 ? "either" : "high";
            if (r->status != TransferStatus::ok && n != 0) {
                auto low = read_feature(p, 0xC1, *ms.vendor_code, n, 0x0005, 0x0A);
                if (!low) return;
                if (low->status == TransferStatus::ok) {
                    r = low;
                    props.wvalue_byte = "low";
                }
            }
            props.blob = blob_of(*r);
            ms.extended_properties.push_back(std::move(props));
        }
    }
    // MS OS 2.0: the descriptor set through the vendor code of the BOS platform capability.
    if (set.bos)
        for (const auto& cap : set.bos->caps)
            for (const auto& info : cap.msos20) {
                ms.msos20_vendor_code = info.bMS_VendorCode;
                auto r = p.request({0xC0, info.bMS_VendorCode, 0, 0x0007, info.wMSOSDescriptorSetTotalLength});
                if (!r) return;
                ms.msos20_set = blob_of(*r);
                return;
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

    read_microsoft_os(p, set);

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
