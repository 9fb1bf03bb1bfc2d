// umockdev-record text: blank-line separated device blocks of P:/E:/A:/H:/L:/N:/S: lines.
#include "usb/umockdev.h"

#include <algorithm>
#include <array>
#include <map>

#include "usb/hex_text.h"
#include "usb/input.h"

namespace usbcheck::usb {

namespace {

// Text attributes worth keeping besides power/*: what the suspend checks and reports show.
constexpr std::array<std::string_view, 8> k_kept_attributes = {
    "speed", "version", "busnum", "devnum", "devpath", "manufacturer", "product", "serial"};

struct Block {
    std::string path;
    std::map<std::string, std::string, std::less<>> properties;  // E:
    std::map<std::string, std::string, std::less<>> text;        // A:, unescaped
    std::map<std::string, std::string, std::less<>> binary;      // H:, still hex
};

// Splits "name=value" at the first '='; false when there is none.
bool split_assignment(std::string_view line, std::string& name, std::string& value) {
    const size_t eq = line.find('=');
    if (eq == std::string_view::npos) return false;
    name.assign(line.substr(0, eq));
    value.assign(line.substr(eq + 1));
    return true;
}

std::vector<Block> read_blocks(std::string_view text) {
    std::vector<Block> blocks;
    bool in_block = false;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);

        if (line.empty()) {
            in_block = false;
            continue;
        }
        if (line.size() < 3 || line[1] != ':' || line[2] != ' ') continue;
        const char kind = line[0];
        const std::string_view rest = line.substr(3);
        if (kind == 'P') {
            blocks.push_back(Block{std::string(rest), {}, {}, {}});
            in_block = true;
            continue;
        }
        if (!in_block) continue;
        Block& block = blocks.back();
        std::string name;
        std::string value;
        if (!split_assignment(rest, name, value)) continue;
        if (kind == 'E')
            block.properties[name] = std::move(value);
        else if (kind == 'A')
            block.text[name] = unescape_umockdev(value);
        else if (kind == 'H')
            block.binary[name] = std::move(value);
        // L: links, N: device nodes and S: symlinks carry nothing a check needs.
    }
    return blocks;
}

std::string_view find_or_empty(const std::map<std::string, std::string, std::less<>>& map, std::string_view key) {
    const auto it = map.find(key);
    return it == map.end() ? std::string_view{} : std::string_view(it->second);
}

bool keep_attribute(std::string_view name) {
    if (name.substr(0, 6) == "power/") return true;
    return std::find(k_kept_attributes.begin(), k_kept_attributes.end(), name) != k_kept_attributes.end();
}

int octal_value(char c) {
    return c >= '0' && c <= '7' ? c - '0' : -1;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

bool looks_like_umockdev(std::string_view text) {
    size_t pos = 0;
    while (pos < text.size()) {
        if (text.substr(pos, 3) == "P: ") return true;
        const size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) break;
        pos = end + 1;
    }
    return false;
}

std::string unescape_umockdev(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    size_t i = 0;
    while (i < value.size()) {
        const char c = value[i];
        if (c != '\\' || i + 1 >= value.size()) {
            out += c;
            ++i;
            continue;
        }
        const char e = value[i + 1];
        i += 2;
        switch (e) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'a': out += '\a'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'v': out += '\v'; break;
        case '\\': out += '\\'; break;
        case '"': out += '"'; break;
        case '\'': out += '\''; break;
        case 'x': {
            int v = 0;
            int digits = 0;
            while (digits < 2 && i < value.size() && hex_digit(value[i]) >= 0) {
                v = v * 16 + hex_digit(value[i]);
                ++i;
                ++digits;
            }
            if (digits == 0)
                out += "\\x";
            else
                out += static_cast<char>(v);
            break;
        }
        default:
            if (octal_value(e) >= 0) {
                int v = octal_value(e);
                for (int digits = 1; digits < 3 && i < value.size() && octal_value(value[i]) >= 0; ++digits) {
                    v = v * 8 + octal_value(value[i]);
                    ++i;
                }
                out += static_cast<char>(v & 0xFF);
            } else {
                out += '\\';
                out += e;
            }
        }
    }
    return out;
}

tl::expected<std::vector<Snapshot>, InputError> parse_umockdev(std::string_view text, const std::string& name) {
    std::vector<Snapshot> devices;
    for (const Block& block : read_blocks(text)) {
        const auto descriptors_hex = block.binary.find("descriptors");
        if (descriptors_hex == block.binary.end()) continue;
        const auto descriptors = parse_hex_pairs(descriptors_hex->second);
        if (!descriptors) continue;
        if (block.properties.count("DEVTYPE")) {
            if (find_or_empty(block.properties, "DEVTYPE") != "usb_device" ||
                find_or_empty(block.properties, "SUBSYSTEM") != "usb")
                continue;
        } else if (descriptors->size() < 2 || (*descriptors)[1] != dt::device) {
            continue;
        }

        Snapshot snapshot = snapshot_from_sysfs_descriptors(*descriptors, "umockdev:" + name + ":" + block.path);
        if (const auto bos_hex = block.binary.find("bos_descriptors"); bos_hex != block.binary.end()) {
            auto bos = parse_hex_pairs(bos_hex->second);
            if (bos && !bos->empty()) {
                if (bos->size() > 0xFFFF) bos->resize(0xFFFF);
                RecordedTransfer transfer;
                transfer.setup = ControlSetup{0x80, 0x06, static_cast<uint16_t>(dt::bos << 8), 0,
                                              static_cast<uint16_t>(bos->size())};
                transfer.result = TransferResult{TransferStatus::ok, std::move(*bos)};
                snapshot.control.push_back(std::move(transfer));
            }
        }
        snapshot.speed = parse_speed(find_or_empty(block.text, "speed")).value_or(Speed::unknown);
        for (const auto& [attribute, value] : block.text) {
            if (!keep_attribute(attribute)) continue;
            std::string kept = value;
            // sysfs values end with a newline (recorded as a literal \n): not part of the value.
            if (!kept.empty() && kept.back() == '\n') kept.pop_back();
            snapshot.sysfs[attribute] = std::move(kept);
        }
        devices.push_back(std::move(snapshot));
    }
    if (devices.empty())
        return tl::unexpected(InputError{"umockdev recording has no USB device with a descriptors attribute"});
    return devices;
}

}  // namespace usbcheck::usb
