// Offline inputs: a file's format is detected from its content and turned into snapshots.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "usb/snapshot.h"

namespace usbcheck::usb {

enum class InputFormat { snapshot, umockdev, sysfs_binary, sysfs_hex, annotated_hex };
std::string_view to_string(InputFormat format);

struct LoadedInput {
    InputFormat format;
    std::vector<Snapshot> devices;  // one per device (a umockdev recording may hold several)
};

// Detection order: JSON object with "format": "usbcheck-snapshot"; annotated hex (`# hex.NAME: HEX`
// lines, the corpus format); umockdev ("P: " lines);
// hex text (only hex digits, whitespace, commas, 0x prefixes and # comment lines); otherwise
// binary bytes that start with a device descriptor. Anything else is an InputError.
tl::expected<LoadedInput, InputError> load_input_bytes(const Bytes& content, const std::string& name);
tl::expected<LoadedInput, InputError> load_input_file(const std::string& path);

// A sysfs `descriptors` blob (device descriptor then each full configuration) as transfers:
// GET_DESCRIPTOR(DEVICE) and GET_DESCRIPTOR(CONFIGURATION, i) for every configuration found.
Snapshot snapshot_from_sysfs_descriptors(const Bytes& descriptors, const std::string& source);

// Hex text: whitespace, commas, optional 0x prefixes, `#` comment lines. nullopt if not hex text.
std::optional<Bytes> parse_hex_text(std::string_view text);

}  // namespace usbcheck::usb
