// A Windows INF reader: bytes (UTF-16LE with BOM, UTF-8 with or without BOM, ANSI) -> sections of
// key = value lines, with line continuations, comments, quoting and %string% substitution. Total:
// any byte string yields an Inf plus syntax notes with line numbers; the reader never judges.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

namespace usbcheck::inf {

// One logical line (continuations joined) of a section.
struct Line {
    size_t number = 0;                   // 1-based physical line where it starts
    bool has_key = false;                // "key = values" rather than a bare value list
    std::string key;                     // as written, substituted
    std::vector<std::string> values;     // comma-separated, unquoted, %string% substituted
    std::vector<std::string> raw_values; // the same before substitution
};

struct Section {
    std::string name;  // as first written
    size_t line = 0;   // line of its first header
    std::vector<Line> lines;
};

struct Note {
    size_t line = 0;  // 0 when it concerns the whole file
    std::string message;
};

struct UndefinedString {
    size_t line = 0;
    std::string token;  // "%Mfg%"
};

struct Inf {
    std::string encoding;                   // "utf-16le-bom", "utf-8-bom", "utf-8", "ansi"
    std::vector<Section> sections;          // file order; repeated headers merged into the first
    std::vector<Note> notes;                // syntax problems
    std::map<std::string, std::string> strings;  // lower-case key -> value
    std::string strings_section;            // "Strings", "Strings.0407", "" when none
    std::vector<std::string> languages;     // the Strings.xxxx suffixes present
    std::vector<UndefinedString> undefined;

    const Section* find(std::string_view name) const;  // case-insensitive
    // The first value of `key` in `section`, "" when absent.
    std::string value(std::string_view section, std::string_view key) const;
};

struct ReadOptions {
    std::string language;  // "0407": use [Strings.0407] over [Strings]; "" the neutral [Strings]
};

Inf parse_inf(std::string_view bytes, const ReadOptions& options = {});
tl::expected<Inf, std::string> read_inf_file(const std::string& path, const ReadOptions& options = {});

std::string lower(std::string_view text);
bool iequals(std::string_view a, std::string_view b);

}  // namespace usbcheck::inf
