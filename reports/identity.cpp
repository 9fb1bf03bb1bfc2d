// Who a report is about: the identity of a device as its descriptors and strings give it.
#include "reports/report.h"

#include <cstdio>
#include <regex>

namespace usbcheck::reports {

DeviceIdentity identity_of(const usb::DescriptorSet& set) {
    DeviceIdentity identity;
    if (set.device) {
        const auto& d = *set.device;
        identity.vid = d.idVendor;
        identity.pid = d.idProduct;
        identity.bcdDevice = d.bcdDevice;
        identity.manufacturer = set.string_text(d.iManufacturer);
        identity.product = set.string_text(d.iProduct);
        identity.serial = set.string_text(d.iSerialNumber);
    }
    identity.speed = set.speed;
    identity.source = set.source;
    // "live:1-1.2": the path only when it is one (a snapshot's source is free text).
    static const std::regex k_live_path("live:(usb[0-9]+|[0-9]+-[0-9]+(\\.[0-9]+)*)");
    std::smatch match;
    if (std::regex_match(set.source, match, k_live_path)) identity.path = match[1];
    return identity;
}

std::string display_name(const DeviceIdentity& identity) {
    std::string name;
    if (identity.vid && identity.pid) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04x:%04x", *identity.vid, *identity.pid);
        name = buf;
        for (const auto* part : {&identity.manufacturer, &identity.product})
            if (!part->empty()) name += " " + *part;
        return name;
    }
    return identity.source.empty() ? "unknown device" : identity.source;
}

}  // namespace usbcheck::reports
