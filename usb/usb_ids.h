// Vendor and product names from the usb.ids database (the file lsusb reads), for devices whose
// own strings are missing or unreadable.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace usbcheck::usb {

class UsbIds {
public:
    // Vendor lines "vvvv  Name", product lines "\tpppp  Name" under their vendor; comments, blank
    // lines and interface lines ("\t\t") are skipped. Reading stops at the first line of another
    // section (a line starting with neither a hex vendor id, a tab nor '#', e.g. "C 00  ...").
    static UsbIds parse(std::string_view text);
    // The first readable file of `paths`; nullopt when none is.
    static std::optional<UsbIds> load(const std::vector<std::string>& paths = default_paths());
    static std::vector<std::string> default_paths();  // /usr/share/hwdata/usb.ids, /var/lib/usbutils/usb.ids

    std::string vendor(uint16_t vid) const;                // "" when unknown
    std::string product(uint16_t vid, uint16_t pid) const; // "" when unknown
    size_t vendor_count() const { return m_vendors.size(); }

private:
    std::unordered_map<uint16_t, std::string> m_vendors;
    std::unordered_map<uint32_t, std::string> m_products;  // vid << 16 | pid
};

}  // namespace usbcheck::usb
