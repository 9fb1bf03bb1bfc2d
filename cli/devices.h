// Turns --from and --speed into probed DescriptorSets, with one-line errors for bad input.
#pragma once

#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "cli/app.h"
#include "usb/model.h"

namespace usbcheck::cli {

tl::expected<std::vector<usb::DescriptorSet>, std::string> load_devices(const DeviceOptions& options);

// Prints "usbcheck: MESSAGE" on stderr.
void print_error(const std::string& message);

// Colour on a terminal unless NO_COLOR is set (https://no-color.org).
bool use_colour();

}  // namespace usbcheck::cli
