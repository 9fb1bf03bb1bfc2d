// Windows binding checks (windows.*): judge the driver prediction of checks/windows.h — a CDC ACM
// function that would not get usbser, a function with no in-box driver, an MS OS 2.0 set Windows
// never reads — and carry the prediction summary as an info note.
#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "checks/cdc_util.h"
#include "checks/windows.h"

namespace usbcheck::checks {
namespace {

const WindowsPrediction::Function* owner_of(const WindowsPrediction& p, uint8_t number) {
    for (const auto& f : p.functions)
        if (f.interface == "device" || (number >= f.first_interface && number < f.first_interface + f.interface_count))
            return &f;
    return nullptr;
}

// Reference section 10: the prediction itself, as a note.
void prediction(const usb::DescriptorSet& set, Reporter& r) {
    const auto p = predict_windows(set);
    if (!p.known) return r.skip(windows_summary(p));
    r.violation("Windows 10+: " + windows_summary(p), at_device(4));
}

// MSDocs usb-driver-installation-based-on-compatible-ids.md, "USB serial driver (Usbser.sys)",
// support-for-interface-collections.md (reference 10): an ACM function gets usbser, whole.
void usbser_autoload(const usb::DescriptorSet& set, Reporter& r) {
    const auto p = predict_windows(set);
    if (!p.known) return r.skip("no device or configuration descriptor to predict from");
    bool any = false;
    for (const auto& f : cdc::comm_functions(set)) {
        if (f.config != &set.configurations.front()) continue;  // Windows selects the first configuration
        if (!f.is_acm() && !cdc::acm_shaped(f)) continue;
        any = true;
        const auto* node = owner_of(p, f.comm->bInterfaceNumber);
        if (!node) continue;
        const auto subs = f.union_subordinates();
        const unsigned data = subs.empty() ? f.comm->bInterfaceNumber + 1u : subs.front();
        const Location at = at_interface(*f.config, *f.comm, 5);
        if (node->driver != "usbser")
            r.violation(fmt::format("the CDC ACM function at interface {} gets {} on Windows 10+ ({}); expected usbser "
                                    "({})",
                                    f.comm->bInterfaceNumber, node->driver == "none" ? "no driver" : node->driver,
                                    node->compatible_ids.empty() ? "no compatible IDs" : node->compatible_ids.front(),
                                    node->ms_compat ? "an MS OS compatible ID ranks before the class IDs"
                                                    : "Windows 10 and later load usbser.sys automatically only for class "
                                                      "02 subclass 02 from the first interface or the IAD"),
                        at);
        else if (node->interface != "device" && (data < node->first_interface ||
                                                 data >= node->first_interface + node->interface_count))
            r.violation(fmt::format("Windows splits the ACM pair: usbser loads on {} alone and fails (Code 10), and "
                                    "interface {} becomes a separate child with no driver; expected an IAD covering both "
                                    "(observed: dmitrystu/libusb_stm32 #45, zephyrproject-rtos/zephyr #17266)",
                                    node->interface, data),
                        at);
    }
    if (!any && r.findings().empty()) r.not_applicable("no CDC ACM function in the first configuration");
}

// Reference 10 (ranking; no match -> "Other devices", Code 28): every node should get a driver.
void driver_none(const usb::DescriptorSet& set, Reporter& r) {
    const auto p = predict_windows(set);
    if (!p.known) return r.skip("no device or configuration descriptor to predict from");
    for (const auto& f : p.functions)
        if (f.driver == "none" && !f.ms_compat)
            r.violation(fmt::format("{} ({}) matches no in-box driver and has no MS OS compatible ID: Windows shows it "
                                    "under \"Other devices\" (Code 28) unless a vendor INF matches {}",
                                    f.interface, f.compatible_ids.empty() ? "no compatible IDs" : f.compatible_ids.front(),
                                    f.hardware_ids.empty() ? "its hardware ID" : f.hardware_ids.back()),
                        f.interface == "device" ? at_device(4) : Location{});
}

// Reference 10 (hathach/tinyusb #435; Microsoft USB blog, UNVERIFIED excerpt): Windows reads the
// BOS, and so the MS OS 2.0 set, only when bcdUSB > 0x0200.
void bcdusb_msos20(const usb::DescriptorSet& set, Reporter& r) {
    if (!set.device) return r.skip("no device descriptor was read");
    if (!set.bos) return r.not_applicable("no BOS was read");
    const bool has = std::any_of(set.bos->caps.begin(), set.bos->caps.end(), [](const usb::BosCapability& c) {
        return c.platform == usb::PlatformKind::ms_os_20;
    });
    if (!has) return r.not_applicable("no MS OS 2.0 platform capability");
    if (set.device->bcdUSB <= 0x0200)
        r.violation(fmt::format("bcdUSB is {:#06x} but the BOS has an MS OS 2.0 platform capability; Windows reads the "
                                "BOS only when bcdUSB > 0x0200 (e.g. 0x0210)",
                                set.device->bcdUSB),
                    at_device(2));
}

const std::array k_checks = {
    CheckDef{"windows.prediction", "the Windows 10+ driver prediction", Severity::info,
             "reference section 10; MSDocs install/standard-usb-identifiers.md, "
             "usbcon/enumeration-of-the-composite-parent-device.md, usbcon/support-for-interface-collections.md",
             "shows which device nodes and in-box drivers Windows would give the device",
             "nothing to fix: read the JSON windows section for IDs, drivers and registry values", prediction},
    CheckDef{"windows.cdc.usbser-autoload", "a CDC ACM function gets usbser on Windows 10+", Severity::warning,
             "MSDocs usbcon/usb-driver-installation-based-on-compatible-ids.md; learn.microsoft.com \"USB serial driver "
             "(Usbser.sys)\"; usbcon/support-for-interface-collections.md (reference 10)",
             "otherwise the serial port needs a vendor INF on every Windows machine",
             "use class 02/02 on the first interface or the IAD, and an IAD in composite devices", usbser_autoload},
    CheckDef{"windows.driver.none", "every device node gets an in-box driver or names one by MS OS descriptor",
             Severity::warning, "reference 10 (in-box drivers by compatible ID; ranking)",
             "a node without a driver shows as \"Other devices\" (Code 28) until a vendor INF is installed",
             "use a standard class, or an MS OS compatible ID such as WINUSB", driver_none},
    CheckDef{"windows.bcdusb.msos20", "an MS OS 2.0 descriptor set comes with bcdUSB > 0x0200", Severity::warning,
             "reference 10 (hathach/tinyusb #435, observed; Microsoft USB blog excerpt UNVERIFIED)",
             "Windows never reads the BOS of a bcdUSB 0x0200 device, so the MS OS 2.0 set is ignored",
             "declare bcdUSB 0x0210", bcdusb_msos20},
};

}  // namespace

std::span<const CheckDef> windows_checks() { return k_checks; }

}  // namespace usbcheck::checks
