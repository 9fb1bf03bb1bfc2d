// Offline inputs: detects a file's format from its content and turns it into snapshots.
#include "usb/input.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "usb/annotated_hex.h"
#include "usb/umockdev.h"

namespace usbcheck::usb {

namespace {

constexpr size_t k_max_input = 16 * 1024 * 1024;
constexpr size_t k_max_configurations = 32;
constexpr size_t k_device_descriptor_size = 18;
constexpr size_t k_config_header_size = 9;

InputError too_large() {
    return InputError{"input is larger than 16 MiB"};
}

std::string_view as_text(const Bytes& content) {
    return {reinterpret_cast<const char*>(content.data()), content.size()};
}

std::string_view skip_bom(std::string_view text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    return text;
}

bool starts_with_brace(std::string_view text) {
    const size_t first = text.find_first_not_of(" \t\r\n\f\v");
    return first != std::string_view::npos && text[first] == '{';
}

RecordedTransfer get_descriptor(uint8_t type, uint8_t index, uint16_t wLength, Bytes data) {
    RecordedTransfer transfer;
    transfer.setup = ControlSetup{0x80, 0x06, static_cast<uint16_t>((type << 8) | index), 0, wLength};
    transfer.result = TransferResult{TransferStatus::ok, std::move(data)};
    return transfer;
}

tl::expected<LoadedInput, InputError> load_snapshot_text(std::string_view text, const std::string& name) {
    // Parsed once here only to tell "some other JSON" apart from a broken snapshot.
    const auto json = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    if (!json.is_discarded()) {
        const auto format = json.is_object() ? json.find("format") : json.end();
        if (!json.is_object() || format == json.end() || !format->is_string() ||
            format->get_ref<const std::string&>() != "usbcheck-snapshot")
            return tl::unexpected(InputError{"unrecognised JSON input: no \"format\": \"usbcheck-snapshot\""});
    }
    auto snapshot = parse_snapshot(text);
    if (!snapshot) return tl::unexpected(snapshot.error());
    if (snapshot->source.empty()) snapshot->source = "snapshot:" + name;
    LoadedInput loaded{InputFormat::snapshot, {}};
    loaded.devices.push_back(std::move(*snapshot));
    return loaded;
}

}  // namespace

std::string_view to_string(InputFormat format) {
    switch (format) {
    case InputFormat::snapshot: return "snapshot";
    case InputFormat::umockdev: return "umockdev";
    case InputFormat::sysfs_binary: return "sysfs-binary";
    case InputFormat::sysfs_hex: return "sysfs-hex";
    case InputFormat::annotated_hex: return "annotated-hex";
    }
    return "unknown";
}

Snapshot snapshot_from_sysfs_descriptors(const Bytes& descriptors, const std::string& source) {
    Snapshot snapshot;
    snapshot.source = source;
    snapshot.speed = Speed::unknown;
    snapshot.complete = false;

    const size_t device_size = std::min(k_device_descriptor_size, descriptors.size());
    // The request the kernel made is always the full 18 bytes, however many came back.
    snapshot.control.push_back(get_descriptor(
        dt::device, 0, k_device_descriptor_size,
        Bytes(descriptors.begin(), descriptors.begin() + static_cast<std::ptrdiff_t>(device_size))));

    size_t pos = device_size;
    for (size_t index = 0; index < k_max_configurations && pos < descriptors.size(); ++index) {
        const size_t remaining = descriptors.size() - pos;
        size_t length = remaining;
        if (remaining >= 4) {
            // wTotalLength at offset 2; a value below the 9-byte header still takes the header.
            const size_t total = descriptors[pos + 2] | (descriptors[pos + 3] << 8);
            length = std::min(std::max(total, k_config_header_size), remaining);
        }
        length = std::max<size_t>(length, 1);  // always advance, so the walk ends
        const auto begin = descriptors.begin() + static_cast<std::ptrdiff_t>(pos);
        snapshot.control.push_back(get_descriptor(dt::configuration, static_cast<uint8_t>(index),
                                                  static_cast<uint16_t>(std::min<size_t>(length, 0xFFFF)),
                                                  Bytes(begin, begin + static_cast<std::ptrdiff_t>(length))));
        pos += length;
    }
    return snapshot;
}

tl::expected<LoadedInput, InputError> load_input_bytes(const Bytes& content, const std::string& name) {
    if (content.empty()) return tl::unexpected(InputError{"empty input"});
    if (content.size() > k_max_input) return tl::unexpected(too_large());

    const std::string_view text = skip_bom(as_text(content));
    if (starts_with_brace(text)) return load_snapshot_text(text, name);

    // `# hex.NAME: HEX` lines are explicit, curated bytes (strings and report descriptors too), so
    // they win over a umockdev recording that may follow them in a corpus file.
    try {
        if (auto annotated = load_annotated_hex(text, name)) return std::move(*annotated);
    } catch (const std::exception& e) {
        // The no-throw promise of this function holds even if a reader below it throws.
        std::string what = e.what();
        std::replace(what.begin(), what.end(), '\n', ' ');
        return tl::unexpected(InputError{"annotated hex: cannot read " + name + ": " + what});
    }

    if (looks_like_umockdev(text)) {
        auto devices = parse_umockdev(text, name);
        if (!devices) return tl::unexpected(devices.error());
        return LoadedInput{InputFormat::umockdev, std::move(*devices)};
    }

    if (auto bytes = parse_hex_text(text)) {
        LoadedInput loaded{InputFormat::sysfs_hex, {}};
        loaded.devices.push_back(snapshot_from_sysfs_descriptors(*bytes, "sysfs:" + name));
        return loaded;
    }

    if (content.size() >= 2 && content[1] == dt::device) {
        LoadedInput loaded{InputFormat::sysfs_binary, {}};
        loaded.devices.push_back(snapshot_from_sysfs_descriptors(content, "sysfs:" + name));
        return loaded;
    }
    return tl::unexpected(InputError{
        "unrecognised input: not a usbcheck snapshot, umockdev recording, or sysfs descriptors file (binary or hex)"});
}

tl::expected<LoadedInput, InputError> load_input_file(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        return tl::unexpected(InputError{"cannot read " + path + ": " + std::strerror(EISDIR)});
    std::ifstream file(path, std::ios::binary);
    if (!file) return tl::unexpected(InputError{"cannot read " + path + ": " + std::strerror(errno)});
    Bytes content;
    char buffer[65536];
    // Read in chunks and stop past the limit, so a huge (or endless, e.g. /dev/zero) file is refused.
    while (file) {
        file.read(buffer, sizeof buffer);
        const auto got = static_cast<size_t>(file.gcount());
        content.insert(content.end(), buffer, buffer + got);
        if (content.size() > k_max_input) return tl::unexpected(too_large());
    }
    if (file.bad()) return tl::unexpected(InputError{"cannot read " + path + ": " + std::strerror(errno)});
    return load_input_bytes(content, path);
}

}  // namespace usbcheck::usb
