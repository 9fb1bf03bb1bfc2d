// The INF reader: decoding, physical -> logical lines, tokens, sections and string substitution.
#include "inf/inf_reader.h"

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "usb/utf16.h"

namespace usbcheck::inf {

std::string lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool iequals(std::string_view a, std::string_view b) { return lower(a) == lower(b); }

const Section* Inf::find(std::string_view name) const {
    for (const auto& s : sections)
        if (iequals(s.name, name)) return &s;
    return nullptr;
}

std::string Inf::value(std::string_view section, std::string_view key) const {
    if (const auto* s = find(section))
        for (const auto& l : s->lines)
            if (l.has_key && iequals(l.key, key)) return l.values.empty() ? "" : l.values.front();
    return "";
}

namespace {

bool valid_utf8(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const size_t n = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : 4;
        if (n == 4 || n > s.size() - i - 1) return false;
        for (size_t k = 1; k <= n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        i += n + 1;
    }
    return true;
}

// Text as UTF-8, with the encoding it came in.
std::string decode(std::string_view bytes, std::string& encoding, std::vector<Note>& notes) {
    std::string out;
    if (bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0xFF && static_cast<unsigned char>(bytes[1]) == 0xFE) {
        encoding = "utf-16le-bom";
        if (bytes.size() % 2) notes.push_back({0, "UTF-16LE text has an odd number of bytes; the last byte is ignored"});
        const std::span<const uint8_t> units(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
        auto decoded = usb::decode_utf16le(units, 2, bytes.size(), false);
        if (!decoded.valid) notes.push_back({0, "UTF-16LE text has unpaired surrogates (shown as U+FFFD)"});
        return std::move(decoded.text);
    }
    if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") {
        encoding = "utf-8-bom";
        bytes.remove_prefix(3);
        if (!valid_utf8(bytes)) notes.push_back({0, "the file has a UTF-8 BOM but is not valid UTF-8"});
        return std::string(bytes);
    }
    if (bytes.size() >= 2 && bytes[0] != 0 && bytes[1] == 0)
        notes.push_back({0, "the text looks like UTF-16LE without a byte order mark; Windows writes FF FE first"});
    if (valid_utf8(bytes)) {
        encoding = "utf-8";
        return std::string(bytes);
    }
    // ANSI: read as Windows-1252's Latin-1 subset, enough for names and IDs.
    encoding = "ansi";
    for (char c : bytes) usb::append_utf8(out, static_cast<unsigned char>(c));
    return out;
}

std::string trim(std::string_view s) {
    size_t b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r')) ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r')) --e;
    return std::string(s.substr(b, e - b));
}

// One physical line split into key / values; `continued` when it ends in a backslash.
struct Tokens {
    std::vector<std::string> fields;  // key (if any) then values
    bool has_key = false;
    bool continued = false;
    bool unterminated_quote = false;
};

Tokens tokenize(std::string_view text, bool allow_key) {
    Tokens t;
    std::string current;
    bool quoted = false, any_quote = false;
    size_t end = text.size();
    // Find the comment start outside quotes.
    {
        bool q = false;
        for (size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '"') q = !q;
            else if (text[i] == ';' && !q) {
                end = i;
                break;
            }
        }
    }
    std::string_view body = text.substr(0, end);
    // A backslash ending the line (outside quotes) continues it.
    std::string b = trim(body);
    if (!b.empty() && b.back() == '\\') {
        size_t quotes = std::count(b.begin(), b.end(), '"');
        if (quotes % 2 == 0) {
            t.continued = true;
            b.pop_back();
        }
    }
    auto flush = [&] {
        t.fields.push_back(any_quote ? current : trim(current));
        current.clear();
        any_quote = false;
    };
    std::string pending_ws;
    for (size_t i = 0; i < b.size(); ++i) {
        const char c = b[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < b.size() && b[i + 1] == '"') {
                    current += '"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                current += c;
            }
        } else if (c == '"') {
            quoted = true;
            if (!any_quote) current = trim(current);
            any_quote = true;
        } else if (c == '=' && allow_key && !t.has_key && t.fields.empty()) {
            t.has_key = true;
            flush();
        } else if (c == ',') {
            flush();
        } else if (any_quote && (c == ' ' || c == '\t')) {
            // spaces after a closing quote are not part of the value
        } else {
            current += c;
        }
    }
    t.unterminated_quote = quoted;
    flush();
    return t;
}

bool blank(std::string_view s) { return trim(s).empty(); }

}  // namespace

Inf parse_inf(std::string_view bytes, const ReadOptions& options) {
    Inf inf;
    const std::string text = decode(bytes, inf.encoding, inf.notes);

    struct RawLine {
        size_t number;
        Tokens tokens;
        size_t section;
    };
    std::vector<RawLine> raw;
    std::map<std::string, size_t> index;  // lower name -> section index
    constexpr size_t k_none = static_cast<size_t>(-1);
    size_t current = k_none;
    std::optional<RawLine> pending;       // a line still being continued

    size_t number = 0, pos = 0;
    while (pos <= text.size()) {
        size_t nl = text.find('\n', pos);
        if (nl == std::string::npos) nl = text.size();
        std::string_view physical(text.data() + pos, nl - pos);
        ++number;
        pos = nl + 1;
        if (physical.find('\0') != std::string_view::npos)
            inf.notes.push_back({number, "line contains a NUL character"});

        const std::string stripped = trim(physical);
        if (!pending && !stripped.empty() && stripped[0] == '[') {
            const auto close = stripped.find(']');
            if (close == std::string::npos) {
                inf.notes.push_back({number, fmt::format("section header '{}' has no closing ']'", stripped)});
                current = k_none;
                continue;
            }
            const std::string name = trim(std::string_view(stripped).substr(1, close - 1));
            const std::string rest = trim(std::string_view(stripped).substr(close + 1));
            if (!rest.empty() && rest[0] != ';')
                inf.notes.push_back({number, fmt::format("text after the section header: '{}'", rest)});
            if (name.empty()) {
                inf.notes.push_back({number, "empty section name '[]'"});
                current = k_none;
                continue;
            }
            auto [it, added] = index.emplace(lower(name), inf.sections.size());
            if (added) inf.sections.push_back({name, number, {}});
            current = it->second;
            continue;
        }
        Tokens t = tokenize(physical, !pending);
        if (pending) {
            // Continuation: the first field joins the last one of the pending line.
            auto& pf = pending->tokens.fields;
            if (!t.fields.empty()) {
                if (!pf.empty() && pf.back().empty()) {
                    pf.back() = t.fields.front();
                } else if (!pf.empty()) {
                    pf.back() += t.fields.front();
                }
                pf.insert(pf.end(), t.fields.begin() + 1, t.fields.end());
            }
            pending->tokens.unterminated_quote |= t.unterminated_quote;
            if (!t.continued) {
                raw.push_back(std::move(*pending));
                pending.reset();
            }
            continue;
        }
        if (t.fields.size() == 1 && t.fields[0].empty() && !t.has_key && !t.continued) continue;  // blank/comment
        if (current == k_none) {
            inf.notes.push_back({number, "text outside any section"});
            continue;
        }
        if (t.unterminated_quote) inf.notes.push_back({number, "a quoted string is not closed"});
        if (t.has_key && blank(t.fields[0])) inf.notes.push_back({number, "'=' with no key before it"});
        RawLine line{number, std::move(t), current};
        if (line.tokens.continued) pending = std::move(line);
        else raw.push_back(std::move(line));
    }
    if (pending) {
        inf.notes.push_back({pending->number, "the last line ends in a continuation backslash"});
        raw.push_back(std::move(*pending));
    }

    // Strings: the neutral section, overlaid by the chosen language's.
    for (const auto& s : inf.sections) {
        const auto l = lower(s.name);
        if (l.rfind("strings.", 0) == 0) inf.languages.push_back(s.name.substr(8));
    }
    auto load_strings = [&](std::string_view name) {
        const auto found = index.find(lower(name));
        if (found == index.end()) return false;
        for (const auto& r : raw)
            if (r.section == found->second) {
                if (!r.tokens.has_key || r.tokens.fields.size() < 2) {
                    inf.notes.push_back({r.number, fmt::format("a [{}] line is not 'key = \"value\"'", inf.sections[found->second].name)});
                    continue;
                }
                std::string v = r.tokens.fields[1];
                for (size_t i = 2; i < r.tokens.fields.size(); ++i) v += "," + r.tokens.fields[i];
                inf.strings[lower(r.tokens.fields[0])] = v;
            }
        return true;
    };
    if (load_strings("Strings")) inf.strings_section = "Strings";
    if (!options.language.empty()) {
        const std::string want = "Strings." + options.language;
        if (load_strings(want)) inf.strings_section = inf.find(want)->name;
        else inf.notes.push_back({0, fmt::format("no [{}] section; using [{}]", want, inf.strings_section.empty() ? "none" : inf.strings_section)});
    }

    auto substitute = [&](const std::string& in, size_t line) {
        std::string out;
        size_t i = 0;
        while (i < in.size()) {
            if (in[i] != '%') {
                out += in[i++];
                continue;
            }
            const auto close = in.find('%', i + 1);
            if (close == std::string::npos) {
                out += in.substr(i);
                break;
            }
            const std::string key = in.substr(i + 1, close - i - 1);
            if (key.empty()) {
                out += '%';  // %% is a literal percent sign
            } else if (std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; })) {
                out += in.substr(i, close - i + 1);  // %12% is a DIRID, resolved at install time
            } else if (auto it = inf.strings.find(lower(key)); it != inf.strings.end()) {
                out += it->second;
            } else {
                inf.undefined.push_back({line, "%" + key + "%"});
                out += in.substr(i, close - i + 1);
            }
            i = close + 1;
        }
        return out;
    };

    for (auto& r : raw) {
        auto& section = inf.sections[r.section];
        const bool is_strings = lower(section.name).rfind("strings", 0) == 0;
        Line line;
        line.number = r.number;
        line.has_key = r.tokens.has_key;
        size_t first = 0;
        if (line.has_key) {
            line.key = is_strings ? r.tokens.fields[0] : substitute(r.tokens.fields[0], r.number);
            first = 1;
        }
        for (size_t i = first; i < r.tokens.fields.size(); ++i) {
            line.raw_values.push_back(r.tokens.fields[i]);
            line.values.push_back(is_strings ? r.tokens.fields[i] : substitute(r.tokens.fields[i], r.number));
        }
        section.lines.push_back(std::move(line));
    }
    return inf;
}

tl::expected<Inf, std::string> read_inf_file(const std::string& path, const ReadOptions& options) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return tl::make_unexpected(fmt::format("cannot read {}", path));
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) return tl::make_unexpected(fmt::format("cannot read {}", path));
    return parse_inf(buffer.str(), options);
}

}  // namespace usbcheck::inf
