// Shared MS OS 1.0 / 2.0 property and compatible ID rules (see msos_util.h).
#include "checks/msos_util.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "usb/msos.h"

namespace usbcheck::checks::msos_util {
namespace {

uint16_t unit_at(std::span<const uint8_t> b, size_t i) { return static_cast<uint16_t>(b[i] | (b[i + 1] << 8)); }

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

// "{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}" with hex digits.
bool braced_guid(std::string_view s) {
    if (s.size() != 38 || s.front() != '{' || s.back() != '}') return false;
    for (size_t i = 1; i < 37; ++i) {
        const bool dash = i == 9 || i == 14 || i == 19 || i == 24;
        if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
    }
    return true;
}

std::vector<std::string> split_multi(const std::string& text) {
    std::vector<std::string> out;
    size_t at = 0;
    while (at <= text.size()) {
        const size_t semi = text.find("; ", at);
        out.push_back(text.substr(at, semi == std::string::npos ? std::string::npos : semi - at));
        if (semi == std::string::npos) break;
        at = semi + 2;
    }
    return out;
}

}  // namespace

std::string name_length_problem(uint32_t name_length, std::span<const uint8_t> name) {
    if (name_length % 2 != 0) return fmt::format("wPropertyNameLength is {} but must be even (UTF-16LE)", name_length);
    if (name_length < 4)
        return fmt::format("wPropertyNameLength is {} but must be at least 4 (one character + NUL, UTF-16LE)", name_length);
    size_t chars = 0;
    bool nul = false;
    for (size_t i = 0; i + 1 < name.size(); i += 2, ++chars)
        if (unit_at(name, i) == 0) {
            nul = true;
            break;
        }
    if (!nul)
        return fmt::format("wPropertyNameLength is {} but no UTF-16LE NUL ends the name within it ({} characters present)",
                           name_length, chars);
    if (chars == 0) return "the property name is empty (its first character is NUL)";
    const size_t needed = 2 * (chars + 1);
    if (needed != name_length)
        return fmt::format("wPropertyNameLength is {} but the name needs {} bytes ({} characters + NUL, UTF-16LE)", name_length,
                           needed, chars);
    return "";
}

std::string data_problem(uint32_t type, const usb::Bytes& data) {
    const auto type_name = usb::msos::registry_type_name(type);
    switch (type) {
    case 4:
    case 5:
        if (data.size() != 4) return fmt::format("{} data is {} bytes but expected 4", type_name, data.size());
        return "";
    case 1:
    case 2:
    case 6:
        if (data.size() % 2 != 0 || data.size() < 2)
            return fmt::format("{} data is {} bytes but expected an even length of at least 2 (UTF-16LE)", type_name,
                               data.size());
        if (data[data.size() - 1] != 0 || data[data.size() - 2] != 0)
            return fmt::format("{} data does not end with a UTF-16LE NUL (00 00)", type_name);
        return "";
    case 7:
        if (data.size() % 2 != 0 || data.size() < 4)
            return fmt::format("REG_MULTI_SZ data is {} bytes but expected an even length of at least 4 (UTF-16LE)",
                               data.size());
        if (std::any_of(data.end() - 4, data.end(), [](uint8_t b) { return b != 0; }))
            return "REG_MULTI_SZ data does not end with two UTF-16LE NULs (00 00 00 00)";
        return "";
    default:
        return "";
    }
}

std::string known_property_problem(const std::string& name, uint32_t type, const usb::Bytes& data) {
    static constexpr std::string_view k_boolean[] = {"IdleUsbSelectiveSuspendPolicy", "DeviceIdleEnabled",
                                                     "UserSetDeviceIdleEnabled",      "SystemWakeEnabled",
                                                     "SelectiveSuspendEnabled",       "DefaultIdleState"};
    const auto dword = [&](std::string_view canonical) -> std::string {
        if (type != 4)
            return fmt::format("{} has type {} ({}) but Windows reads it as REG_DWORD_LITTLE_ENDIAN (4)", canonical, type,
                               usb::msos::registry_type_name(type));
        if (data.size() != 4) return fmt::format("{} holds {} bytes but a DWORD is 4", canonical, data.size());
        return "";
    };
    for (auto known : k_boolean)
        if (iequals(name, known)) {
            if (auto p = dword(known); !p.empty()) return p;
            const uint32_t v = data[0] | (data[1] << 8) | (data[2] << 16) | (static_cast<uint32_t>(data[3]) << 24);
            if (v > 1) return fmt::format("{} is {} but expected 0 or 1", known, v);
            return "";
        }
    if (iequals(name, "DefaultIdleTimeout")) return dword("DefaultIdleTimeout");
    if (iequals(name, "DeviceInterfaceGUID")) {
        if (type != 1)
            return fmt::format("DeviceInterfaceGUID has type {} ({}) but expected REG_SZ (1)", type,
                               usb::msos::registry_type_name(type));
        const auto text = usb::msos::property_value_text(type, data);
        if (!braced_guid(text))
            return fmt::format("DeviceInterfaceGUID is \"{}\" but expected {{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}}", text);
        return "";
    }
    if (iequals(name, "DeviceInterfaceGUIDs")) {
        if (type != 7)
            return fmt::format("DeviceInterfaceGUIDs has type {} ({}) but expected REG_MULTI_SZ (7)", type,
                               usb::msos::registry_type_name(type));
        const auto text = usb::msos::property_value_text(type, data);
        for (const auto& guid : split_multi(text))
            if (!braced_guid(guid))
                return fmt::format("DeviceInterfaceGUIDs holds \"{}\" but expected {{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}}",
                                   guid);
        return "";
    }
    return "";
}

std::string compatible_id_problem(std::string_view field, std::span<const uint8_t> id) {
    bool ended = false;
    for (size_t i = 0; i < id.size(); ++i) {
        const uint8_t c = id[i];
        if (c == 0) {
            ended = true;
            continue;
        }
        if (ended)
            return fmt::format("{} has byte {:#04x} at position {} after its NUL; expected NUL padding", field, c, i);
        if (!(std::isupper(c) || std::isdigit(c) || c == '_'))
            return fmt::format("{} has byte {:#04x} at position {}; expected uppercase letters, digits or underscore", field, c,
                               i);
    }
    return "";
}

size_t function_count(const usb::Configuration& config) {
    size_t count = config.iads.size();
    for (uint8_t n : config.interface_numbers())
        if (!iad_covering(config, n)) ++count;
    return count;
}

const usb::InterfaceAssociation* iad_covering(const usb::Configuration& config, uint8_t interface_number) {
    for (const auto& iad : config.iads)
        if (interface_number >= iad.bFirstInterface && interface_number < iad.bFirstInterface + iad.bInterfaceCount)
            return &iad;
    return nullptr;
}

}  // namespace usbcheck::checks::msos_util
