// The annotated-hex input: text with `# hex.<name>: HEX` lines, as in the project's real-device
// corpus (descriptors, device, config[.fs|.hs][_N], bos, string_N, report_descriptor[.ifN], msos20_set).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "usb/input.h"

namespace usbcheck::usb {

// nullopt when the text has no `# hex.NAME: HEX` line; otherwise the devices it describes: one
// per speed variant (config.fs*, config.hs*) or a single one. Snapshots are incomplete.
std::optional<tl::expected<LoadedInput, InputError>> load_annotated_hex(std::string_view text,
                                                                        const std::string& name);

}  // namespace usbcheck::usb
