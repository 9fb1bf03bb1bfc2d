// The usb.ids reader: only the vendor/product section, the part a device list needs.
#include "usb/usb_ids.h"

#include <fstream>
#include <iterator>

#include "usb/hex_text.h"

namespace usbcheck::usb {

namespace {

// The four hex digits at the start of a usb.ids line.
std::optional<uint16_t> hex4(std::string_view text) {
    if (text.size() < 4) return std::nullopt;
    return parse_hex16(text.substr(0, 4));
}

// "1d6b  Linux Foundation" -> id and name; the id must be followed by whitespace and a name.
std::optional<std::pair<uint16_t, std::string>> entry(std::string_view line) {
    const auto id = hex4(line);
    if (!id || line.size() < 6 || (line[4] != ' ' && line[4] != '\t')) return std::nullopt;
    std::string_view name = line.substr(4);
    name.remove_prefix(std::min(name.find_first_not_of(" \t"), name.size()));
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t' || name.back() == '\r')) name.remove_suffix(1);
    if (name.empty()) return std::nullopt;
    return std::make_pair(*id, std::string(name));
}

}  // namespace

UsbIds UsbIds::parse(std::string_view text) {
    UsbIds ids;
    std::optional<uint16_t> vendor;
    size_t pos = 0;
    while (pos < text.size()) {
        const size_t end = std::min(text.find('\n', pos), text.size());
        const std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        if (line.empty() || line[0] == '#' || line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
        if (line.rfind("\t\t", 0) == 0) continue;  // interface of a product
        if (line[0] == '\t') {
            if (!vendor) continue;
            if (auto product = entry(line.substr(1))) ids.m_products.emplace(uint32_t{*vendor} << 16 | product->first,
                                                                              std::move(product->second));
            continue;
        }
        if (!hex4(line)) break;  // "C 00  (Defined at Interface level)": the next section begins
        auto v = entry(line);
        if (!v) {
            vendor.reset();  // a malformed vendor line: its products cannot be attributed
            continue;
        }
        vendor = v->first;
        ids.m_vendors.emplace(v->first, std::move(v->second));
    }
    return ids;
}

std::vector<std::string> UsbIds::default_paths() { return {"/usr/share/hwdata/usb.ids", "/var/lib/usbutils/usb.ids"}; }

std::optional<UsbIds> UsbIds::load(const std::vector<std::string>& paths) {
    for (const auto& path : paths) {
        std::ifstream in(path, std::ios::binary);
        if (!in) continue;
        const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (in.bad()) continue;
        return parse(text);
    }
    return std::nullopt;
}

std::string UsbIds::vendor(uint16_t vid) const {
    const auto it = m_vendors.find(vid);
    return it == m_vendors.end() ? "" : it->second;
}

std::string UsbIds::product(uint16_t vid, uint16_t pid) const {
    const auto it = m_products.find(uint32_t{vid} << 16 | pid);
    return it == m_products.end() ? "" : it->second;
}

}  // namespace usbcheck::usb
