// The decoded model as a describe tree: the device descriptor and every configuration with its
// interfaces, endpoints and class-specific descriptors, each field with its offset and meaning.
#include "reports/report.h"

#include <fmt/format.h>

#include <algorithm>

#include "usb/parser.h"

namespace usbcheck::reports {

namespace {

const char* class_name(uint8_t code) {
    switch (code) {
    case 0x00: return "defined by each interface";
    case 0x01: return "Audio";
    case 0x02: return "Communications (CDC)";
    case 0x03: return "HID";
    case 0x05: return "Physical";
    case 0x06: return "Image";
    case 0x07: return "Printer";
    case 0x08: return "Mass Storage";
    case 0x09: return "Hub";
    case 0x0A: return "CDC Data";
    case 0x0B: return "Smart Card";
    case 0x0D: return "Content Security";
    case 0x0E: return "Video";
    case 0x0F: return "Personal Healthcare";
    case 0x10: return "Audio/Video";
    case 0x11: return "Billboard";
    case 0x12: return "USB Type-C Bridge";
    case 0xDC: return "Diagnostic";
    case 0xE0: return "Wireless Controller";
    case 0xEF: return "Miscellaneous";
    case 0xFE: return "Application Specific";
    case 0xFF: return "Vendor Specific";
    default: return "";
    }
}

const char* descriptor_type_name(uint8_t type) {
    switch (type) {
    case usb::dt::device: return "DEVICE";
    case usb::dt::configuration: return "CONFIGURATION";
    case usb::dt::string: return "STRING";
    case usb::dt::interface: return "INTERFACE";
    case usb::dt::endpoint: return "ENDPOINT";
    case usb::dt::device_qualifier: return "DEVICE_QUALIFIER";
    case usb::dt::other_speed_configuration: return "OTHER_SPEED_CONFIGURATION";
    case usb::dt::interface_association: return "INTERFACE_ASSOCIATION";
    case usb::dt::bos: return "BOS";
    case usb::dt::device_capability: return "DEVICE_CAPABILITY";
    case usb::dt::hid: return "HID";
    case usb::dt::hid_report: return "REPORT";
    case usb::dt::hid_physical: return "PHYSICAL";
    case usb::dt::cs_interface: return "CS_INTERFACE";
    case usb::dt::cs_endpoint: return "CS_ENDPOINT";
    case usb::dt::ss_endpoint_companion: return "SS_ENDPOINT_COMPANION";
    case usb::dt::ssp_isoc_endpoint_companion: return "SSP_ISOC_ENDPOINT_COMPANION";
    default: return "";
    }
}

bool is_superspeed(usb::Speed speed) { return speed == usb::Speed::super || speed == usb::Speed::super_plus; }

std::string period(uint64_t microseconds) {
    return microseconds % 1000 == 0 ? fmt::format("{} ms", microseconds / 1000)
                                    : fmt::format("{} \xC2\xB5s", microseconds);
}

// bInterval by transfer type and speed (USB 2.0 9.6.6, USB 3.2 9.6.6).
std::string interval_meaning(usb::TransferType type, uint8_t b, usb::Speed speed) {
    using usb::TransferType;
    if (speed == usb::Speed::unknown) return "";
    const bool exponent = speed == usb::Speed::high || is_superspeed(speed) ||
                          type == TransferType::isochronous;
    if (type == TransferType::bulk || type == TransferType::control) {
        if (speed == usb::Speed::high && b) return fmt::format("at most 1 NAK per {} microframes", b);
        return b ? "ignored" : "";
    }
    if (!exponent) return b ? period(b * 1000ULL) : "invalid (0)";
    if (b < 1 || b > 16) return "out of range 1..16";
    const uint64_t unit = speed == usb::Speed::full || speed == usb::Speed::low ? 1000 : 125;
    return period((1ULL << (b - 1)) * unit);
}

std::string attributes_meaning(const usb::Endpoint& ep, usb::Speed speed) {
    std::string text(usb::to_string(ep.type()));
    if (ep.type() == usb::TransferType::isochronous) {
        static const char* const sync[] = {"no synchronisation", "asynchronous", "adaptive", "synchronous"};
        static const char* const usage[] = {"data", "feedback", "implicit feedback data", "reserved usage"};
        text += fmt::format(", {}, {}", sync[(ep.bmAttributes >> 2) & 3], usage[(ep.bmAttributes >> 4) & 3]);
    } else if (ep.type() == usb::TransferType::interrupt && is_superspeed(speed)) {
        text += ((ep.bmAttributes >> 4) & 3) == 1 ? ", notification" : ", periodic";
    }
    return text;
}

std::string power_meaning(uint8_t bMaxPower, usb::Speed speed) {
    if (is_superspeed(speed)) return fmt::format("{} mA", bMaxPower * 8);
    if (speed == usb::Speed::unknown)
        return fmt::format("{} mA below SuperSpeed, {} mA at SuperSpeed", bMaxPower * 2, bMaxPower * 8);
    return fmt::format("{} mA", bMaxPower * 2);
}

std::string config_attributes(uint8_t a) {
    std::string text = a & 0x40 ? "self-powered" : "bus-powered";
    if (a & 0x20) text += ", remote wakeup";
    if (a & 0x10) text += ", battery";
    if (!(a & 0x80)) text += ", bit 7 clear";
    return text;
}

std::string string_meaning(const usb::DescriptorSet& set, uint8_t index) {
    if (index == 0) return "none";
    const auto* s = set.find_string(index);
    if (!s) return "not read";
    if (s->availability != usb::Availability::present) return std::string(usb::to_string(s->availability));
    return "\"" + s->text + "\"";
}

// The speed a configuration runs at: other-speed configurations describe the other of full/high.
usb::Speed config_speed(const usb::DescriptorSet& set, const usb::Configuration& config) {
    if (!config.other_speed) return set.speed;
    if (set.speed == usb::Speed::high) return usb::Speed::full;
    if (set.speed == usb::Speed::full) return usb::Speed::high;
    return usb::Speed::unknown;
}

// Fields inside a configuration bundle end at the descriptor's bLength and at the bytes present.
// A model built without its bytes (tests, other sources) shows every field up to bLength.
size_t end_of(const usb::Configuration& config, size_t offset, uint8_t bLength) {
    return config.bytes.empty() ? offset + bLength : std::min(config.bytes.size(), offset + bLength);
}

void add_header(DescribeNode& node, size_t limit, size_t offset, uint8_t bLength, uint8_t type) {
    add_field(node, limit, "bLength", bLength, 1, false, offset);
    add_field(node, limit, "bDescriptorType", type, 1, true, offset + 1, descriptor_type_name(type));
}

DescribeNode extra_node(const usb::ExtraDescriptor& extra, const std::string& blob, size_t blob_size) {
    std::string title =
        extra.name.empty() ? fmt::format("Descriptor type 0x{:02x}", extra.bDescriptorType) : extra.name;
    auto node = make_node("descriptor", "extra", title, blob, extra.offset);
    const size_t end = extra.offset + extra.bLength;
    const size_t limit = blob_size ? std::min(blob_size, end) : end;
    add_header(node, limit, extra.offset, extra.bLength, extra.bDescriptorType);
    if (extra.bDescriptorSubType) {
        const char* name = extra.bDescriptorType == usb::dt::cs_interface
                               ? usb::cdc_functional_name(*extra.bDescriptorSubType)
                               : nullptr;
        add_field(node, limit, "bDescriptorSubType", *extra.bDescriptorSubType, 1, true, extra.offset + 2,
                  name ? name : "");
    }
    for (const auto& f : extra.fields) {
        if (f.name == "bLength" || f.name == "bDescriptorType" || f.name == "bDescriptorSubType") continue;
        if (f.size == 1 || f.size == 2 || f.size == 4) {
            const bool bcd = f.name.rfind("bcd", 0) == 0 && f.size == 2;
            add_field(node, SIZE_MAX, f.name, f.value, f.size, true, f.offset,
                      bcd ? usb::bcd_string(static_cast<uint16_t>(f.value)) : "");
        } else {
            const size_t rel = f.offset >= extra.offset ? f.offset - extra.offset : extra.bytes.size();
            node.fields.push_back({f.name, std::nullopt, spaced_hex(extra.bytes, rel, f.size), "", f.offset});
        }
    }
    node.raw = spaced_hex(extra.bytes);
    node.raw_in_text = !extra.decoded;
    return node;
}

DescribeNode endpoint_node(const usb::Endpoint& ep, const usb::Configuration& config, usb::Speed speed) {
    const size_t o = ep.offset;
    auto node = make_node("endpoint", "endpoints",
                          fmt::format("Endpoint 0x{:02x} {} {}", ep.bEndpointAddress, ep.is_in() ? "IN" : "OUT",
                                      usb::to_string(ep.type())),
                          config.blob, o);
    const size_t limit = end_of(config, o, ep.bLength);
    add_header(node, limit, o, ep.bLength, usb::dt::endpoint);
    add_field(node, limit, "bEndpointAddress", ep.bEndpointAddress, 1, true, o + 2,
              fmt::format("EP {} {}", ep.number(), ep.is_in() ? "IN" : "OUT"));
    add_field(node, limit, "bmAttributes", ep.bmAttributes, 1, true, o + 3, attributes_meaning(ep, speed));
    add_field(node, limit, "wMaxPacketSize", ep.wMaxPacketSize, 2, true, o + 4,
              ep.mult_bits()
                  ? fmt::format("{} bytes, {} transactions per microframe", ep.max_packet(), ep.mult_bits() + 1)
                  : fmt::format("{} bytes", ep.max_packet()));
    add_field(node, limit, "bInterval", ep.bInterval, 1, false, o + 6,
              interval_meaning(ep.type(), ep.bInterval, speed));
    if (ep.bRefresh) add_field(node, limit, "bRefresh", *ep.bRefresh, 1, false, o + 7);
    if (ep.bSynchAddress) add_field(node, limit, "bSynchAddress", *ep.bSynchAddress, 1, true, o + 8);
    if (const auto& c = ep.ss_companion) {
        auto comp = make_node("ss_companion", "", "SuperSpeed endpoint companion", config.blob, c->offset);
        const size_t climit = end_of(config, c->offset, c->bLength);
        add_header(comp, climit, c->offset, c->bLength, usb::dt::ss_endpoint_companion);
        add_field(comp, climit, "bMaxBurst", c->bMaxBurst, 1, false, c->offset + 2,
                  fmt::format("{} packets per burst", c->bMaxBurst + 1));
        std::string meaning;
        if (ep.type() == usb::TransferType::bulk)
            meaning = (c->bmAttributes & 0x1F) ? fmt::format("{} streams", 1u << (c->bmAttributes & 0x1F))
                                               : "no streams";
        else if (ep.type() == usb::TransferType::isochronous)
            meaning = fmt::format("Mult {}: {} bursts per interval", c->bmAttributes & 3, (c->bmAttributes & 3) + 1);
        add_field(comp, climit, "bmAttributes", c->bmAttributes, 1, true, c->offset + 3, meaning);
        add_field(comp, climit, "wBytesPerInterval", c->wBytesPerInterval, 2, false, c->offset + 4);
        node.children.push_back(std::move(comp));
    }
    for (const auto& extra : ep.extra) node.children.push_back(extra_node(extra, config.blob, config.bytes.size()));
    return node;
}

DescribeNode hid_node(const usb::HidDescriptor& hid, const usb::Configuration& config) {
    const size_t o = hid.offset;
    auto node = make_node("hid", "", "HID descriptor", config.blob, o);
    const size_t limit = end_of(config, o, hid.bLength);
    add_header(node, limit, o, hid.bLength, usb::dt::hid);
    add_field(node, limit, "bcdHID", hid.bcdHID, 2, true, o + 2, "HID " + usb::bcd_string(hid.bcdHID));
    add_field(node, limit, "bCountryCode", hid.bCountryCode, 1, false, o + 4, hid.bCountryCode ? "" : "not localised");
    add_field(node, limit, "bNumDescriptors", hid.bNumDescriptors, 1, false, o + 5);
    for (size_t i = 0; i < hid.entries.size(); ++i) {
        const auto& e = hid.entries[i];
        auto entry = make_node("class_descriptor", "descriptors", fmt::format("Class descriptor {}", i),
                               config.blob, e.offset);
        add_field(entry, limit, "bDescriptorType", e.bDescriptorType, 1, true, e.offset,
                  descriptor_type_name(e.bDescriptorType));
        add_field(entry, limit, "wDescriptorLength", e.wDescriptorLength, 2, false, e.offset + 1);
        node.children.push_back(std::move(entry));
    }
    return node;
}

DescribeNode interface_node(const usb::Interface& intf, const usb::Configuration& config,
                            const usb::DescriptorSet& set) {
    const size_t o = intf.offset;
    auto node = make_node("interface", "interfaces",
                          fmt::format("Interface {} alt {}", intf.bInterfaceNumber, intf.bAlternateSetting),
                          config.blob, o);
    const size_t limit = end_of(config, o, intf.bLength);
    add_header(node, limit, o, intf.bLength, usb::dt::interface);
    add_field(node, limit, "bInterfaceNumber", intf.bInterfaceNumber, 1, false, o + 2);
    add_field(node, limit, "bAlternateSetting", intf.bAlternateSetting, 1, false, o + 3);
    add_field(node, limit, "bNumEndpoints", intf.bNumEndpoints, 1, false, o + 4);
    add_field(node, limit, "bInterfaceClass", intf.bInterfaceClass, 1, true, o + 5, class_name(intf.bInterfaceClass));
    add_field(node, limit, "bInterfaceSubClass", intf.bInterfaceSubClass, 1, true, o + 6);
    add_field(node, limit, "bInterfaceProtocol", intf.bInterfaceProtocol, 1, true, o + 7);
    add_field(node, limit, "iInterface", intf.iInterface, 1, false, o + 8, string_meaning(set, intf.iInterface));
    if (intf.hid) node.children.push_back(hid_node(*intf.hid, config));
    for (const auto& extra : intf.extra) node.children.push_back(extra_node(extra, config.blob, config.bytes.size()));
    const usb::Speed speed = config_speed(set, config);
    for (const auto& ep : intf.endpoints) node.children.push_back(endpoint_node(ep, config, speed));
    return node;
}

DescribeNode iad_node(const usb::InterfaceAssociation& iad, const usb::Configuration& config,
                      const usb::DescriptorSet& set) {
    const size_t o = iad.offset;
    auto node = make_node("iad", "iads",
                          fmt::format("Interface association: interfaces {}..{}", iad.bFirstInterface,
                                      iad.bFirstInterface + std::max(iad.bInterfaceCount, uint8_t{1}) - 1),
                          config.blob, o);
    const size_t limit = end_of(config, o, iad.bLength);
    add_header(node, limit, o, iad.bLength, usb::dt::interface_association);
    add_field(node, limit, "bFirstInterface", iad.bFirstInterface, 1, false, o + 2);
    add_field(node, limit, "bInterfaceCount", iad.bInterfaceCount, 1, false, o + 3);
    add_field(node, limit, "bFunctionClass", iad.bFunctionClass, 1, true, o + 4, class_name(iad.bFunctionClass));
    add_field(node, limit, "bFunctionSubClass", iad.bFunctionSubClass, 1, true, o + 5);
    add_field(node, limit, "bFunctionProtocol", iad.bFunctionProtocol, 1, true, o + 6);
    add_field(node, limit, "iFunction", iad.iFunction, 1, false, o + 7, string_meaning(set, iad.iFunction));
    return node;
}

DescribeNode configuration_node(const usb::Configuration& config, const usb::DescriptorSet& set) {
    auto node = make_node("configuration", config.other_speed ? "other_speed" : "configurations",
                          fmt::format("{} {} ({} bytes)",
                                      config.other_speed ? "Other-speed configuration" : "Configuration",
                                      config.bConfigurationValue, config.bytes_present),
                          config.blob, 0);
    node.availability = "present";
    const size_t limit = config.bytes.empty() ? SIZE_MAX : config.bytes.size();
    add_header(node, limit, 0, config.bLength, config.bDescriptorType);
    add_field(node, limit, "wTotalLength", config.wTotalLength, 2, false, 2,
              config.wTotalLength == config.bytes_present
                  ? ""
                  : fmt::format("{} bytes returned", config.bytes_present));
    add_field(node, limit, "bNumInterfaces", config.bNumInterfaces, 1, false, 4);
    add_field(node, limit, "bConfigurationValue", config.bConfigurationValue, 1, false, 5);
    add_field(node, limit, "iConfiguration", config.iConfiguration, 1, false, 6,
              string_meaning(set, config.iConfiguration));
    add_field(node, limit, "bmAttributes", config.bmAttributes, 1, true, 7, config_attributes(config.bmAttributes));
    add_field(node, limit, "bMaxPower", config.bMaxPower, 1, false, 8,
              power_meaning(config.bMaxPower, config_speed(set, config)));
    node.raw = spaced_hex(config.bytes);
    for (const auto& extra : config.extra) node.children.push_back(extra_node(extra, config.blob, config.bytes.size()));
    // IADs go before the interface they precede, so the text reads in descriptor order.
    for (size_t i = 0; i <= config.interfaces.size(); ++i) {
        for (const auto& iad : config.iads)
            if (iad.position == i) node.children.push_back(iad_node(iad, config, set));
        if (i < config.interfaces.size()) node.children.push_back(interface_node(config.interfaces[i], config, set));
    }
    return node;
}

DescribeNode device_node(const usb::DescriptorSet& set) {
    auto node = make_node("device", "", "Device descriptor", "device", 0);
    node.availability = std::string(usb::to_string(set.device_availability));
    if (!set.device) return node;
    const auto& d = *set.device;
    const size_t present = std::max(d.bytes.size(), d.bytes_present);
    const size_t limit = present ? present : SIZE_MAX;
    add_header(node, limit, 0, d.bLength, d.bDescriptorType);
    add_field(node, limit, "bcdUSB", d.bcdUSB, 2, true, 2, "USB " + usb::bcd_string(d.bcdUSB));
    std::string device_class = class_name(d.bDeviceClass);
    if (d.bDeviceClass == 0xEF && d.bDeviceSubClass == 0x02 && d.bDeviceProtocol == 0x01)
        device_class += " (interface association)";
    add_field(node, limit, "bDeviceClass", d.bDeviceClass, 1, true, 4, device_class);
    add_field(node, limit, "bDeviceSubClass", d.bDeviceSubClass, 1, true, 5);
    add_field(node, limit, "bDeviceProtocol", d.bDeviceProtocol, 1, true, 6);
    // From USB 3.0 on, bMaxPacketSize0 is an exponent (USB 3.2 9.6.1).
    const bool exponent = d.bcdUSB >= 0x0300 && d.bMaxPacketSize0 < 16;
    add_field(node, limit, "bMaxPacketSize0", d.bMaxPacketSize0, 1, false, 7,
              exponent ? fmt::format("2^{} = {} bytes", d.bMaxPacketSize0, 1u << d.bMaxPacketSize0)
                       : fmt::format("{} bytes", d.bMaxPacketSize0));
    add_field(node, limit, "idVendor", d.idVendor, 2, true, 8);
    add_field(node, limit, "idProduct", d.idProduct, 2, true, 10);
    add_field(node, limit, "bcdDevice", d.bcdDevice, 2, true, 12, usb::bcd_string(d.bcdDevice));
    add_field(node, limit, "iManufacturer", d.iManufacturer, 1, false, 14, string_meaning(set, d.iManufacturer));
    add_field(node, limit, "iProduct", d.iProduct, 1, false, 15, string_meaning(set, d.iProduct));
    add_field(node, limit, "iSerialNumber", d.iSerialNumber, 1, false, 16, string_meaning(set, d.iSerialNumber));
    add_field(node, limit, "bNumConfigurations", d.bNumConfigurations, 1, false, 17);
    node.raw = spaced_hex(d.bytes);
    return node;
}

}  // namespace

DescribeNode describe_tree(const usb::DescriptorSet& set) {
    DescribeNode root = make_node("describe", "", "", "", std::nullopt);
    root.fields.push_back({"source", std::nullopt, set.source, "", std::nullopt});
    root.fields.push_back({"speed", std::nullopt, std::string(usb::to_string(set.speed)), "", std::nullopt});
    if (!set.speed_origin.empty())
        root.fields.push_back({"speed_origin", std::nullopt, set.speed_origin, "", std::nullopt});
    if (set.device_lost)
        root.fields.push_back({"device_lost", std::nullopt, "yes", "the device disconnected; the probe stopped there",
                               std::nullopt});
    root.children.push_back(device_node(set));
    std::vector<const usb::Configuration*> shown;
    for (size_t i = 0; i < set.configuration_availability.size(); ++i) {
        const std::string blob = fmt::format("config[{}]", i);
        const auto found = std::find_if(set.configurations.begin(), set.configurations.end(),
                                        [&](const usb::Configuration& c) { return c.blob == blob; });
        if (found != set.configurations.end()) {
            root.children.push_back(configuration_node(*found, set));
            shown.push_back(&*found);
        } else {
            auto missing = make_node("configuration", "configurations", fmt::format("Configuration index {}", i),
                                     blob, std::nullopt);
            missing.availability = std::string(usb::to_string(set.configuration_availability[i]));
            root.children.push_back(std::move(missing));
        }
    }
    // Configurations without an availability entry (hand-built models) are still shown.
    for (const auto& config : set.configurations)
        if (std::find(shown.begin(), shown.end(), &config) == shown.end())
            root.children.push_back(configuration_node(config, set));
    root.children.push_back(describe_qualifier(set));
    for (const auto& config : set.other_speed) root.children.push_back(configuration_node(config, set));
    root.children.push_back(describe_bos(set));
    for (auto& node : describe_strings(set)) root.children.push_back(std::move(node));
    for (auto& node : describe_hid_reports(set)) root.children.push_back(std::move(node));
    root.children.push_back(describe_msos(set));
    for (auto& node : describe_notes(set)) root.children.push_back(std::move(node));
    return root;
}

DescribeNode make_node(std::string kind, std::string group, std::string title, std::string blob,
                       std::optional<size_t> offset, std::string availability) {
    DescribeNode node;
    node.kind = std::move(kind);
    node.group = std::move(group);
    node.title = std::move(title);
    node.blob = std::move(blob);
    node.offset = offset;
    node.availability = std::move(availability);
    return node;
}

}  // namespace usbcheck::reports
