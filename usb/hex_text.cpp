// Hex byte strings: strict pairs for snapshots and umockdev, lenient hex dumps for sysfs text.
#include "usb/hex_text.h"

#include "usb/input.h"

#include <cstdio>

namespace usbcheck::usb {

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// One hex-text token ("12", "120100", "0x12", "0x1") appended to out; false if it is not hex.
bool append_token(std::string_view token, Bytes& out) {
    bool prefixed = false;
    if (token.size() >= 2 && token[0] == '0' && (token[1] == 'x' || token[1] == 'X')) {
        prefixed = true;
        token.remove_prefix(2);
    }
    if (token.empty()) return false;
    for (char c : token)
        if (hex_value(c) < 0) return false;
    if (token.size() == 1) {
        // "0x1" is one byte; a bare single digit is too ambiguous to be a byte dump.
        if (!prefixed) return false;
        out.push_back(static_cast<uint8_t>(hex_value(token[0])));
        return true;
    }
    if (token.size() % 2 != 0) return false;
    for (size_t i = 0; i < token.size(); i += 2)
        out.push_back(static_cast<uint8_t>(hex_value(token[i]) * 16 + hex_value(token[i + 1])));
    return true;
}

}  // namespace

std::string describe_char(char c) {
    const auto u = static_cast<unsigned char>(c);
    char buf[8];
    if (u >= 0x20 && u < 0x7F && c != '\'')
        std::snprintf(buf, sizeof buf, "'%c'", c);
    else
        std::snprintf(buf, sizeof buf, "\\x%02x", u);
    return buf;
}

tl::expected<Bytes, std::string> parse_hex_pairs(std::string_view text) {
    Bytes out;
    out.reserve(text.size() / 2);
    size_t i = 0;
    while (i < text.size()) {
        if (is_space(text[i])) {
            ++i;
            continue;
        }
        const int high = hex_value(text[i]);
        if (high < 0)
            return tl::unexpected("has a non-hex character " + describe_char(text[i]) + " at position " +
                                  std::to_string(i));
        if (i + 1 >= text.size() || hex_value(text[i + 1]) < 0) {
            if (i + 1 < text.size() && !is_space(text[i + 1]))
                return tl::unexpected("has a non-hex character " + describe_char(text[i + 1]) +
                                      " at position " + std::to_string(i + 1));
            return tl::unexpected("has an unpaired hex digit at position " + std::to_string(i));
        }
        out.push_back(static_cast<uint8_t>(high * 16 + hex_value(text[i + 1])));
        i += 2;
    }
    return out;
}

std::string format_hex(const Bytes& bytes) {
    static constexpr char k_digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 3);
    for (size_t i = 0; i < bytes.size(); ++i) {
        if (i) out += ' ';
        out += k_digits[bytes[i] >> 4];
        out += k_digits[bytes[i] & 0x0F];
    }
    return out;
}

std::optional<Bytes> parse_hex_text(std::string_view text) {
    Bytes out;
    size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (is_space(c) || c == ',') {
            ++i;
            continue;
        }
        if (c == '#') {
            while (i < text.size() && text[i] != '\n') ++i;
            continue;
        }
        size_t end = i;
        while (end < text.size() && !is_space(text[end]) && text[end] != ',' && text[end] != '#') ++end;
        if (!append_token(text.substr(i, end - i), out)) return std::nullopt;
        i = end;
    }
    if (out.empty()) return std::nullopt;
    return out;
}

std::optional<uint16_t> parse_hex16(std::string_view text) {
    if (text.empty() || text.size() > 4) return std::nullopt;
    uint16_t value = 0;
    for (char c : text) {
        int digit;
        if (c >= '0' && c <= '9') digit = c - '0';
        else if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
        else return std::nullopt;
        value = static_cast<uint16_t>(value << 4 | digit);
    }
    return value;
}

}  // namespace usbcheck::usb
