// Reads umockdev recordings (umockdev-record text) into one snapshot per USB device.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "usb/snapshot.h"

namespace usbcheck::usb {

// True when some line starts with "P: " (a umockdev device block).
bool looks_like_umockdev(std::string_view text);

// One snapshot per `usb_device` block (or DEVTYPE-less block whose `descriptors` attribute starts
// with a device descriptor), in file order. `name` goes into each source: "umockdev:NAME:/devices/...".
tl::expected<std::vector<Snapshot>, InputError> parse_umockdev(std::string_view text, const std::string& name);

// Undoes umockdev's C-style escapes in `A:` values (\n, \\, \xHH, octal, ...).
std::string unescape_umockdev(std::string_view value);

}  // namespace usbcheck::usb
