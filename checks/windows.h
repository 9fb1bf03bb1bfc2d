// Windows driver prediction: the device IDs Windows 10/11 builds from a device's descriptors, the
// device nodes it creates (composite or not, children by IAD or interface), the in-box driver each
// node gets by its first matching compatible ID, and the registry values MS OS descriptors create.
// Computed from the model only (reference section 10); the `windows.` checks judge it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "usb/model.h"

namespace usbcheck::checks {

struct WindowsPrediction {
    struct Function {
        std::string interface;              // "MI_00" for a child of a composite device, "device" otherwise
        uint8_t first_interface = 0;
        uint8_t interface_count = 1;        // interfaces this node owns (an IAD's bInterfaceCount)
        std::vector<std::string> hardware_ids, compatible_ids;
        std::string driver;                 // usbser, winusb, hidusb, usbhub, ..., "none"
        std::string rule;                   // which rule and source decided
        std::string windows81;              // what Windows 8.1 and earlier need instead; "" when the same
        bool ms_compat = false;             // a compatible ID came from an MS OS descriptor
    };
    struct RegistryValue {
        std::string key;                    // the Device Parameters key of the device node
        std::string name, type, value;
        std::string source;                 // "MS OS 1.0 extended properties, interface 0"
    };
    bool known = false;                     // false: no device descriptor or configuration to predict from
    std::vector<std::string> hardware_ids, compatible_ids;  // of the device node (the parent when composite)
    bool composite = false;
    std::string composite_rule;
    std::vector<Function> functions;
    std::vector<RegistryValue> registry;
    std::vector<std::string> notes;
};

WindowsPrediction predict_windows(const usb::DescriptorSet& set);

// One line: "composite (usbccgp): MI_00 usbser (USB\Class_02&SubClass_02&Prot_01), MI_02 usbstor (...)".
std::string windows_summary(const WindowsPrediction& prediction);

}  // namespace usbcheck::checks
