// Reads `# hex.<name>: HEX` annotation lines into snapshots of control transfers.
#include "usb/annotated_hex.h"

#include <cctype>
#include <charconv>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "usb/parser.h"

namespace usbcheck::usb {
namespace {

struct Entry {
    std::string key;
    Bytes bytes;
};

void add_transfer(Snapshot& s, uint8_t request_type, uint8_t request, uint16_t value, uint16_t index, Bytes data) {
    const auto length = static_cast<uint16_t>(std::min<size_t>(data.size(), 0xFFFF));
    s.control.push_back({{request_type, request, value, index, length}, {TransferStatus::ok, std::move(data)}});
}

// "config.fs_2" -> variant "fs", index 1; "config" -> variant "", index 0.
std::pair<std::string, uint8_t> config_variant(const std::string& key) {
    if (key == "config") return {"", 0};
    std::string suffix = key.substr(std::string("config.").size());
    uint8_t index = 0;
    if (auto us = suffix.find('_'); us != std::string::npos) {
        index = static_cast<uint8_t>(std::max(0, std::atoi(suffix.c_str() + us + 1) - 1));
        suffix = suffix.substr(0, us);
    }
    return {suffix, index};
}

// The MS OS 2.0 set is fetched with the vendor code the BOS platform capability names.
std::optional<uint8_t> msos20_vendor_code(const Bytes& bos_bytes) {
    std::vector<ParseNote> notes;
    auto bos = parse_bos(bos_bytes, notes);
    if (!bos) return std::nullopt;
    for (const auto& cap : bos->caps)
        if (!cap.msos20.empty()) return cap.msos20.front().bMS_VendorCode;
    return std::nullopt;
}

// "2" or "0xEE"; nullopt for anything that is not a byte value.
std::optional<uint8_t> string_index(std::string_view text) {
    int base = 10;
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        text.remove_prefix(2);
        base = 16;
    }
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
    if (ec != std::errc{} || end != text.data() + text.size() || text.empty() || value > 0xFF) return std::nullopt;
    return static_cast<uint8_t>(value);
}

// "# hex.NAME: HEX" -> {NAME, HEX}; nullopt for any other line. A plain scan: no regex, whose
// recursion overflows the stack on long lines.
std::optional<std::pair<std::string, std::string_view>> annotation(std::string_view line) {
    if (line.empty() || line[0] != '#') return std::nullopt;
    line.remove_prefix(1);
    while (!line.empty() && (line[0] == ' ' || line[0] == '\t')) line.remove_prefix(1);
    if (line.rfind("hex.", 0) != 0) return std::nullopt;
    line.remove_prefix(4);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return std::nullopt;
    const std::string_view name = line.substr(0, colon);
    for (char ch : name)
        if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_' && ch != '.') return std::nullopt;
    return std::pair{std::string(name), line.substr(colon + 1)};
}

void add_common(Snapshot& s, const Entry& e, const std::optional<Bytes>& bos) {
    const std::string& key = e.key;
    if (key == "device") {
        add_transfer(s, 0x80, 0x06, 0x0100, 0, e.bytes);
    } else if (key == "descriptors") {
        auto from_sysfs = snapshot_from_sysfs_descriptors(e.bytes, s.source);
        for (auto& t : from_sysfs.control) s.control.push_back(std::move(t));
    } else if (key == "bos") {
        add_transfer(s, 0x80, 0x06, 0x0F00, 0, e.bytes);
    } else if (key.rfind("string_", 0) == 0) {
        const auto parsed = string_index(key.substr(7));
        if (!parsed) return;
        const uint8_t index = *parsed;
        // String 0 and the Microsoft OS string (0xEE) are asked for with wIndex 0.
        const uint16_t langid = (index == 0 || index == 0xEE) ? 0 : 0x0409;
        add_transfer(s, 0x80, 0x06, static_cast<uint16_t>(0x0300 | index), langid, e.bytes);
    } else if (key.rfind("report_descriptor", 0) == 0) {
        std::string suffix = key.size() > 18 ? key.substr(18) : "";
        if (suffix.rfind("if", 0) == 0) suffix = suffix.substr(2);
        const auto interface = static_cast<uint16_t>(suffix.empty() ? 0 : std::atoi(suffix.c_str()));
        add_transfer(s, 0x81, 0x06, 0x2200, interface, e.bytes);
    } else if (key == "msos20_set" && bos) {
        if (auto code = msos20_vendor_code(*bos)) add_transfer(s, 0xC0, *code, 0, 0x0007, e.bytes);
    }
}

}  // namespace

std::optional<tl::expected<LoadedInput, InputError>> load_annotated_hex(std::string_view text,
                                                                        const std::string& name) {
    std::vector<Entry> entries;
    std::istringstream in{std::string(text)};
    std::string line;
    size_t line_number = 0;
    while (std::getline(in, line)) {
        ++line_number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const auto found = annotation(line);
        if (!found) continue;
        auto bytes = parse_hex_text(found->second);
        if (!bytes)
            return tl::unexpected(InputError{fmt::format("{}:{}: hex.{} is not a run of hex byte pairs", name,
                                                         line_number, found->first)});
        entries.push_back({found->first, std::move(*bytes)});
    }
    if (entries.empty()) return std::nullopt;

    std::optional<Bytes> bos;
    std::map<std::string, std::vector<std::pair<uint8_t, const Entry*>>> variants;
    for (const auto& e : entries) {
        if (e.key == "bos") bos = e.bytes;
        if (e.key == "config" || e.key.rfind("config.", 0) == 0) {
            auto [variant, index] = config_variant(e.key);
            variants[variant].push_back({index, &e});
        }
    }
    if (variants.empty()) variants[""] = {};

    LoadedInput loaded{InputFormat::annotated_hex, {}};
    for (const auto& [variant, configs] : variants) {
        Snapshot s;
        s.source = variant.empty() ? "corpus:" + name : fmt::format("corpus:{}#{}", name, variant);
        s.complete = false;
        s.speed = variant == "fs" ? Speed::full : variant == "hs" ? Speed::high : Speed::unknown;
        for (const auto& e : entries)
            if (e.key != "config" && e.key.rfind("config.", 0) != 0) add_common(s, e, bos);
        for (const auto& [index, e] : configs)
            add_transfer(s, 0x80, 0x06, static_cast<uint16_t>(0x0200 | index), 0, e->bytes);
        loaded.devices.push_back(std::move(s));
    }
    return loaded;
}

}  // namespace usbcheck::usb
