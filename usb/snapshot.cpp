// Reads and writes usbcheck snapshot JSON (version 1) and replays a snapshot as a device.
#include "usb/snapshot.h"

#include <algorithm>
#include <array>

#include <nlohmann/json.hpp>

#include "usb/hex_text.h"

namespace usbcheck::usb {

namespace {

using Json = nlohmann::json;

constexpr std::string_view k_format = "usbcheck-snapshot";
constexpr int k_version = 1;
constexpr std::array<std::string_view, 6> k_speed_names = {"low", "full", "high", "super", "super-plus",
                                                           "unknown"};
constexpr std::array<std::string_view, 5> k_status_names = {"ok", "stall", "timeout", "error",
                                                            "disconnected"};

InputError fail(const std::string& what) {
    return InputError{"snapshot: " + what};
}

// A user-supplied string shortened and escaped so that a message stays on one line.
std::string shown_string(const std::string& text) {
    constexpr size_t k_max = 40;
    std::string shown = text.size() > k_max ? text.substr(0, k_max) : text;
    std::string out = Json(shown).dump(-1, ' ', true, Json::error_handler_t::replace);
    if (text.size() > k_max) out += "...";
    return out;
}

template <size_t N>
std::string join(const std::array<std::string_view, N>& names) {
    std::string out;
    for (size_t i = 0; i < N; ++i) {
        if (i) out += ", ";
        out += names[i];
    }
    return out;
}

// Reads an optional string member; missing or null keeps the default.
tl::expected<void, InputError> read_string(const Json& object, const char* key, const std::string& path,
                                           std::string& out) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return {};
    if (!it->is_string())
        return tl::unexpected(fail(path + " must be a string, got " + it->type_name()));
    out = it->get<std::string>();
    return {};
}

tl::expected<void, InputError> read_version(const Json& root) {
    const auto it = root.find("version");
    if (it == root.end()) return tl::unexpected(fail("version is missing"));
    if (!it->is_number_integer())
        return tl::unexpected(fail(std::string("version must be an integer, got ") +
                                   (it->is_number() ? "a fraction" : it->type_name())));
    if (it->is_number_unsigned()) {
        const auto v = it->get<uint64_t>();
        if (v > static_cast<uint64_t>(k_version))
            return tl::unexpected(InputError{"snapshot version " + std::to_string(v) +
                                             " is newer than this usbcheck understands (1)"});
        if (v == static_cast<uint64_t>(k_version)) return {};
        return tl::unexpected(fail("version must be 1 or higher, got " + std::to_string(v)));
    }
    const auto v = it->get<int64_t>();
    if (v == k_version) return {};
    return tl::unexpected(fail("version must be 1 or higher, got " + std::to_string(v)));
}

tl::expected<RecordedTransfer, InputError> read_transfer(const Json& entry, const std::string& path) {
    if (!entry.is_object())
        return tl::unexpected(fail(path + " must be an object, got " + entry.type_name()));
    RecordedTransfer transfer;

    const auto setup_it = entry.find("setup");
    if (setup_it == entry.end()) return tl::unexpected(fail(path + ".setup is missing"));
    if (!setup_it->is_string())
        return tl::unexpected(fail(path + ".setup must be a string, got " + setup_it->type_name()));
    const auto setup_bytes = parse_hex_pairs(setup_it->get_ref<const std::string&>());
    if (!setup_bytes) return tl::unexpected(fail(path + ".setup " + setup_bytes.error()));
    const auto setup = ControlSetup::from_bytes(*setup_bytes);
    if (!setup)
        return tl::unexpected(
            fail(path + ".setup must be 8 hex bytes, got " + std::to_string(setup_bytes->size())));
    if (!setup->is_in())
        return tl::unexpected(fail(path + ".setup bmRequestType " + hex_byte(setup->bmRequestType) +
                                   " is host-to-device; a snapshot records only device-to-host requests"));
    transfer.setup = *setup;

    const auto status_it = entry.find("status");
    if (status_it == entry.end()) return tl::unexpected(fail(path + ".status is missing"));
    if (!status_it->is_string())
        return tl::unexpected(fail(path + ".status must be a string, got " + status_it->type_name()));
    const auto& status_text = status_it->get_ref<const std::string&>();
    const auto status = parse_transfer_status(status_text);
    if (!status || *status == TransferStatus::not_captured)
        return tl::unexpected(fail(path + ".status must be one of " + join(k_status_names) + ", got " +
                                   shown_string(status_text)));
    transfer.result.status = *status;

    const auto data_it = entry.find("data");
    if (data_it != entry.end() && !data_it->is_null()) {
        if (!data_it->is_string())
            return tl::unexpected(fail(path + ".data must be a string, got " + data_it->type_name()));
        auto data = parse_hex_pairs(data_it->get_ref<const std::string&>());
        if (!data) return tl::unexpected(fail(path + ".data " + data.error()));
        transfer.result.data = std::move(*data);
    }
    return transfer;
}

tl::expected<Snapshot, InputError> read_snapshot(const Json& root) {
    if (!root.is_object())
        return tl::unexpected(fail(std::string("top level must be a JSON object, got ") + root.type_name()));
    Snapshot snapshot;

    const auto format_it = root.find("format");
    if (format_it == root.end()) return tl::unexpected(fail("format is missing"));
    if (!format_it->is_string() || format_it->get_ref<const std::string&>() != k_format)
        return tl::unexpected(fail("format must be \"usbcheck-snapshot\", got " +
                                   (format_it->is_string() ? shown_string(format_it->get<std::string>())
                                                           : std::string(format_it->type_name()))));
    if (auto ok = read_version(root); !ok) return tl::unexpected(ok.error());
    snapshot.version = k_version;

    if (auto ok = read_string(root, "source", "source", snapshot.source); !ok) return tl::unexpected(ok.error());
    std::string speed_text;
    if (auto ok = read_string(root, "speed", "speed", speed_text); !ok) return tl::unexpected(ok.error());
    if (!speed_text.empty()) {
        if (std::find(k_speed_names.begin(), k_speed_names.end(), speed_text) == k_speed_names.end())
            return tl::unexpected(
                fail("speed must be one of " + join(k_speed_names) + ", got " + shown_string(speed_text)));
        snapshot.speed = parse_speed(speed_text).value_or(Speed::unknown);
    }
    if (auto ok = read_string(root, "created", "created", snapshot.created); !ok) return tl::unexpected(ok.error());
    if (auto ok = read_string(root, "tool", "tool", snapshot.tool); !ok) return tl::unexpected(ok.error());

    if (const auto it = root.find("complete"); it != root.end() && !it->is_null()) {
        if (!it->is_boolean())
            return tl::unexpected(fail(std::string("complete must be a boolean, got ") + it->type_name()));
        snapshot.complete = it->get<bool>();
    }

    if (const auto it = root.find("sysfs"); it != root.end() && !it->is_null()) {
        if (!it->is_object())
            return tl::unexpected(fail(std::string("sysfs must be an object, got ") + it->type_name()));
        for (const auto& [key, value] : it->items()) {
            if (!value.is_string())
                return tl::unexpected(
                    fail("sysfs[" + shown_string(key) + "] must be a string, got " + value.type_name()));
            snapshot.sysfs[key] = value.get<std::string>();
        }
    }

    const auto control_it = root.find("control");
    if (control_it == root.end()) return tl::unexpected(fail("control is missing"));
    if (!control_it->is_array())
        return tl::unexpected(fail(std::string("control must be an array, got ") + control_it->type_name()));
    snapshot.control.reserve(control_it->size());
    for (size_t i = 0; i < control_it->size(); ++i) {
        auto transfer = read_transfer((*control_it)[i], "control[" + std::to_string(i) + "]");
        if (!transfer) return tl::unexpected(transfer.error());
        snapshot.control.push_back(std::move(*transfer));
    }
    return snapshot;
}

}  // namespace

tl::expected<Snapshot, InputError> parse_snapshot(std::string_view json_text) {
    try {
        const Json root = Json::parse(json_text.begin(), json_text.end());
        return read_snapshot(root);
    } catch (const Json::parse_error& e) {
        return tl::unexpected(fail("invalid JSON at byte " + std::to_string(e.byte)));
    } catch (const std::exception& e) {
        // Not expected (every access above is type-checked); keep the no-throw promise anyway.
        std::string what = e.what();
        std::replace(what.begin(), what.end(), '\n', ' ');
        return tl::unexpected(fail("cannot read JSON: " + what));
    }
}

std::string write_snapshot(const Snapshot& snapshot) {
    nlohmann::ordered_json root;
    root["format"] = k_format;
    root["version"] = k_version;
    if (!snapshot.source.empty()) root["source"] = snapshot.source;
    root["speed"] = to_string(snapshot.speed);
    if (!snapshot.created.empty()) root["created"] = snapshot.created;
    if (!snapshot.tool.empty()) root["tool"] = snapshot.tool;
    root["complete"] = snapshot.complete;
    root["sysfs"] = nlohmann::ordered_json::object();
    for (const auto& [key, value] : snapshot.sysfs) root["sysfs"][key] = value;
    root["control"] = nlohmann::ordered_json::array();
    for (const auto& transfer : snapshot.control) {
        nlohmann::ordered_json entry;
        entry["setup"] = transfer.setup.to_hex();
        entry["status"] = to_string(transfer.result.status);
        // An ok answer always carries data (possibly empty); other statuses only when recorded.
        if (transfer.result.status == TransferStatus::ok || !transfer.result.data.empty())
            entry["data"] = format_hex(transfer.result.data);
        root["control"].push_back(std::move(entry));
    }
    // Invalid UTF-8 (e.g. a sysfs value with \xff escapes) becomes U+FFFD rather than throwing.
    return root.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

TransferResult ReplayDevice::control_in(const ControlSetup& setup) {
    m_asked.push_back(setup);
    // A recording often holds the same request twice (a header read, then the full length): the
    // first one recorded with a wLength at least as large as the one asked answers it, else the
    // one recorded with the largest wLength, as a device would answer a longer request.
    const RecordedTransfer* best = nullptr;
    for (const auto& transfer : m_snapshot.control) {
        if (!transfer.setup.same_request(setup)) continue;
        if (transfer.setup.wLength >= setup.wLength) {
            best = &transfer;
            break;
        }
        if (!best || transfer.setup.wLength > best->setup.wLength) best = &transfer;
    }
    if (!best) return TransferResult{m_snapshot.complete ? TransferStatus::stall : TransferStatus::not_captured, {}};
    TransferResult result;
    result.status = best->result.status;
    if (result.status == TransferStatus::ok) {
        const size_t n = std::min<size_t>(best->result.data.size(), setup.wLength);
        result.data.assign(best->result.data.begin(), best->result.data.begin() + static_cast<std::ptrdiff_t>(n));
    }
    return result;
}

}  // namespace usbcheck::usb
