// Small helpers shared by the unit tests: bytes written as spaced hex, paths into the repo.
#pragma once

#include <string>
#include <string_view>

#include "usb/types.h"

namespace usbcheck::test {

// "12 01 00 02" (spaces optional) -> bytes; aborts the test binary on malformed text.
usb::Bytes hex(std::string_view text);
std::string source_path(std::string_view relative);  // USBCHECK_SOURCE_DIR + "/" + relative
// A new empty directory under the test temp directory ("" when it cannot be made); the caller
// removes it.
std::string make_temp_dir(std::string_view prefix);

}  // namespace usbcheck::test

#include <map>
#include <optional>
#include <vector>

#include "usb/model.h"
#include "usb/snapshot.h"

namespace usbcheck::test {

// A device described by its descriptor bytes (spaced hex), replayed through the real probe.
// Anything not given answers STALL (the snapshot is complete), except `bos_not_captured`.
struct FakeDevice {
    std::string device;                       // 18 bytes
    std::vector<std::string> configs;         // full configuration bundles, index order
    std::optional<std::string> bos;           // nullopt: BOS request stalls
    bool bos_not_captured = false;            // BOS request answers not-captured instead
    std::optional<std::string> qualifier;
    std::vector<std::string> other_speed;
    std::map<uint8_t, std::string> strings;   // index -> descriptor bytes (langid 0x0409); 0 = LANGID table
    usb::Speed speed = usb::Speed::unknown;
};

usb::Snapshot snapshot_of(const FakeDevice& device);
usb::DescriptorSet probe_fake(const FakeDevice& device);

// "12 03 ..." string descriptor bytes for an ASCII text.
std::string string_descriptor_hex(std::string_view text);

}  // namespace usbcheck::test

namespace usbcheck::test {

// Validators from Debian packages (python3-jsonschema, xmllint); false with a reason when they
// reject the file. have_validators() is false when either is missing.
bool validate_json_schema(const std::string& json_path, const std::string& schema_path, std::string& why);
bool validate_junit(const std::string& xml_path, std::string& why);
bool have_validators();

}  // namespace usbcheck::test
