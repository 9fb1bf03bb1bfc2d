// Reads every descriptor a device offers through UsbDevice and parses it into a DescriptorSet.
#pragma once

#include "usb/device.h"
#include "usb/model.h"

namespace usbcheck::usb {

struct ProbeOptions {
    std::optional<Speed> speed_override;  // --speed wins over what the device says
    // Strings are read in every LANGID the table lists (at most 126 fit in string 0).
    size_t max_langids = 126;
};

// Request order: device (18), each configuration (9 then wTotalLength), BOS (5 then
// wTotalLength) when bcdUSB >= 0x0201 (always tried when bcdUSB is malformed), device qualifier
// and other-speed configurations when bcdUSB >= 0x0200 (or unknown), string 0, every string index referenced
// in every LANGID (up to max_langids), the Microsoft OS 1.0 string (0xEE) and, when it says
// MSFT100, the extended compat ID and each interface's extended properties, the MS OS 2.0
// descriptor set named by the BOS, and each HID interface's report descriptor.
DescriptorSet probe(UsbDevice& device, const ProbeOptions& options = {});

}  // namespace usbcheck::usb
