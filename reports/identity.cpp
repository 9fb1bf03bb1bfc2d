// Who a report is about: the identity of a device as its descriptors and strings give it.
#include "reports/report.h"

#include <cstdio>

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
