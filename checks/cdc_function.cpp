// CDC checks of a whole function (cdc.*): the IAD that keeps an ACM pair together in a composite
// device, Union interfaces inside the IAD, CDC descriptors in vendor interfaces, and the subclass
// of an ACM-shaped function (reference sections 2.4 and 10).
#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "checks/cdc_util.h"

namespace usbcheck::checks {
namespace {

using namespace cdc;

std::string where(const CommFunction& f) {
    return fmt::format("{} interface {}", f.config->blob, f.comm->bInterfaceNumber);
}

bool composite_class(const usb::DeviceDescriptor& d) {
    return d.bDeviceClass == 0x00 ||
           (d.bDeviceClass == 0xEF && d.bDeviceSubClass == 0x02 && d.bDeviceProtocol == 0x01);
}

// MSDocs usbcon/support-for-interface-collections.md + enumeration-of-the-composite-parent-device.md
// (reference 10): without an IAD usbccgp splits the ACM pair; usbser fails with Code 10 on MI_00
// (observed: dmitrystu/libusb_stm32 #45, zephyrproject-rtos/zephyr #17266).
void acm_iad(const usb::DescriptorSet& set, Reporter& r) {
    if (!set.device) return r.skip("no device descriptor was read");
    const auto& d = *set.device;
    if (d.bDeviceClass != 0x00 && d.bDeviceClass != 0xEF)
        return r.not_applicable(fmt::format("device class is {:02X}, not a composite device (00 or EF)", d.bDeviceClass));
    for_each_function(set, r, true, [&](const CommFunction& f) {
        const auto subs = f.union_subordinates();
        const unsigned data = subs.empty() ? f.comm->bInterfaceNumber + 1u : subs.front();
        if (!f.iad)
            return r.violation(fmt::format("{} (ACM) in a device of class {:02X} has no IAD; expected an IAD 02/02 covering "
                                           "interfaces {} and {} (without it Windows splits the pair: usbser fails with "
                                           "Code 10 on MI_{:02X})",
                                           where(f), d.bDeviceClass, f.comm->bInterfaceNumber, data,
                                           f.comm->bInterfaceNumber),
                               at_interface(*f.config, *f.comm, 2));
        const auto& iad = f.config->iads[*f.iad];
        if (data < iad.bFirstInterface || data >= iad.bFirstInterface + iad.bInterfaceCount)
            r.violation(fmt::format("{}: the IAD covers interfaces {}..{} but not the data interface {}; expected both "
                                    "interfaces of the function",
                                    where(f), iad.bFirstInterface, iad.bFirstInterface + iad.bInterfaceCount - 1, data),
                        at_iad(*f.config, *f.iad, 3));
        if (iad.bFunctionClass != k_comm_class || iad.bFunctionSubClass != k_acm_subclass)
            r.violation(fmt::format("{}: the IAD has function class {:02X}/{:02X}; expected 02/02", where(f),
                                    iad.bFunctionClass, iad.bFunctionSubClass),
                        at_iad(*f.config, *f.iad, 4));
        if (!composite_class(d) || d.bDeviceClass == 0x00)
            r.violation(fmt::format("device class is {:02X}/{:02X}/{:02X} with an IAD for {}; expected EF/02/01",
                                    d.bDeviceClass, d.bDeviceSubClass, d.bDeviceProtocol, where(f)),
                        at_device(4));
    });
}

// MSDocs usbcon/handling-cdc-and-wmcdc-interface-collections.md (reference 2.4): the Union's
// interfaces lie inside the IAD that covers the function.
void union_in_iad(const usb::DescriptorSet& set, Reporter& r) {
    for_each_function(set, r, false, [&](const CommFunction& f) {
        if (!f.iad || !f.union_control()) return;
        const auto& iad = f.config->iads[*f.iad];
        std::vector<uint8_t> all{*f.union_control()};
        for (auto s : f.union_subordinates()) all.push_back(s);
        for (auto n : all)
            if (n < iad.bFirstInterface || n >= iad.bFirstInterface + iad.bInterfaceCount)
                r.violation(fmt::format("{}: the Union names interface {} but the IAD covers {}..{}; expected every Union "
                                        "interface inside the IAD",
                                        where(f), n, iad.bFirstInterface, iad.bFirstInterface + iad.bInterfaceCount - 1),
                            at_iad(*f.config, *f.iad, 2));
    });
}

// Reference 2.5/10: class drivers bind by class code; CDC descriptors in a vendor (FF) interface
// are ignored by them. Vendor serial bridges (FTDI, CP210x) carry none and are not judged.
void vendor_functional(const usb::DescriptorSet& set, Reporter& r) {
    const auto configs = all_configurations(set);
    if (configs.empty()) return r.skip("no configuration descriptor was read");
    bool any = false;
    for (const auto* config : configs)
        for (const auto& i : config->interfaces) {
            if (i.bInterfaceClass != k_vendor_class) continue;
            for (const auto* e : cs_descriptors(i)) {
                const auto sub = e->bDescriptorSubType.value_or(0xFF);
                if (!e->decoded || (sub != subtype::header && sub != subtype::union_ && sub != subtype::acm &&
                                    sub != subtype::call_management))
                    continue;
                any = true;
                r.violation(fmt::format("{} interface {}.{} is vendor class FF but carries a {}; no class driver binds "
                                        "to it (a vendor driver or INF is needed)",
                                        config->blob, i.bInterfaceNumber, i.bAlternateSetting, e->name),
                            Location{config->blob,
                                     fmt::format("{}/interface[{}.{}]/{}", config->blob, i.bInterfaceNumber,
                                                 i.bAlternateSetting, e->name),
                                     e->offset});
                break;
            }
        }
    if (!any && r.findings().empty()) r.not_applicable("no vendor-class interface with CDC functional descriptors");
}

// MSDocs usb-driver-installation-based-on-compatible-ids.md, "USB serial driver (Usbser.sys)"
// (reference 2.5, 10): usbser loads automatically only for class 02 subclass 02.
void acm_shaped_subclass(const usb::DescriptorSet& set, Reporter& r) {
    for_each_function(set, r, false, [&](const CommFunction& f) {
        if (!acm_shaped(f)) return;
        const usb::InterfaceAssociation* iad = f.iad ? &f.config->iads[*f.iad] : nullptr;
        if (f.comm->bInterfaceSubClass != k_acm_subclass)
            r.violation(fmt::format("{} has a Union and a CDC Data interface with a bulk pair (ACM-shaped) but subclass "
                                    "{:02X}; Windows 10 and later load usbser.sys automatically only for class 02 subclass "
                                    "02 (from the first interface or the IAD); this function will have no driver without "
                                    "an INF",
                                    where(f), f.comm->bInterfaceSubClass),
                        at_interface(*f.config, *f.comm, 6));
        else if (iad && (iad->bFunctionClass != k_comm_class || iad->bFunctionSubClass != k_acm_subclass))
            r.violation(fmt::format("{} is ACM but its IAD says {:02X}/{:02X}; Windows 10 and later load usbser.sys "
                                    "automatically only for class 02 subclass 02 (from the first interface or the IAD); "
                                    "this function will have no driver without an INF",
                                    where(f), iad->bFunctionClass, iad->bFunctionSubClass),
                        at_iad(*f.config, *f.iad, 4));
    });
}

const std::array k_checks = {
    CheckDef{"cdc.acm.iad", "an ACM function in a composite device has an IAD 02/02 covering both interfaces",
             Severity::error,
             "MSDocs usbcon/support-for-interface-collections.md, usbcon/usb-interface-association-descriptor.md (reference 10)",
             "without an IAD Windows splits the pair: usbser fails with Code 10 on MI_00 and MI_01 has no driver (observed)",
             "add IAD 08 0b cc 02 02 02 01 00 before the communications interface and use device class EF/02/01", acm_iad},
    CheckDef{"cdc.union.iad-range", "the Union's interfaces lie inside the IAD of the function", Severity::error,
             "MSDocs usbcon/handling-cdc-and-wmcdc-interface-collections.md (reference 2.4)",
             "Windows gives the function only the interfaces of its IAD", "make the IAD cover every Union interface",
             union_in_iad},
    CheckDef{"cdc.vendor-class", "CDC functional descriptors in a vendor-class interface are noted", Severity::warning,
             "reference 2.5 and 10 (class drivers match class codes)",
             "class FF with CDC descriptors looks like ACM, but neither cdc-acm nor usbser binds to it",
             "use class 02/02 if the function is a CDC serial port; keep FF only with a vendor driver", vendor_functional},
    CheckDef{"cdc.acm.subclass", "an ACM-shaped function declares class 02 subclass 02", Severity::error,
             "MSDocs usbcon/usb-driver-installation-based-on-compatible-ids.md; learn.microsoft.com \"USB serial driver "
             "(Usbser.sys)\" (reference 2.5, 10)",
             "Windows 10+ loads usbser only for 02/02; any other subclass leaves the port without a driver",
             "set the communications interface (and its IAD) to class 02 subclass 02", acm_shaped_subclass},
};

}  // namespace

std::span<const CheckDef> cdc_function_checks() { return k_checks; }

}  // namespace usbcheck::checks
