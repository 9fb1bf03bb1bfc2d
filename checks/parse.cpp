// Checks that report what the parser met while walking the bytes: descriptors that cannot be
// located or do not fit, in any blob (device, configurations, BOS, strings).
#include <array>

#include "checks/check.h"

namespace usbcheck::checks {
namespace {

void report_notes(const usb::DescriptorSet& set, Reporter& r, std::initializer_list<usb::NoteKind> kinds) {
    for (const auto& note : set.notes)
        for (auto kind : kinds)
            if (note.kind == kind) r.violation(note.message, {note.blob, note.blob, note.offset});
}

// USB 2.0 9.5: every descriptor starts with bLength, and a zero length makes the rest unreachable.
void zero_length(const usb::DescriptorSet& set, Reporter& r) {
    report_notes(set, r, {usb::NoteKind::zero_length});
}

// USB 2.0 9.5 / 9.6: a descriptor must fit in the bytes the device returned.
void truncated(const usb::DescriptorSet& set, Reporter& r) {
    report_notes(set, r, {usb::NoteKind::truncated, usb::NoteKind::length_overrun});
}

// USB 2.0 9.6: each standard descriptor has a minimum bLength (interface 9, endpoint 7, IAD 8...).
void too_short(const usb::DescriptorSet& set, Reporter& r) {
    report_notes(set, r, {usb::NoteKind::length_too_short});
}

// USB 2.0 9.6.3: only interface, endpoint and class descriptors follow a configuration descriptor.
void unexpected(const usb::DescriptorSet& set, Reporter& r) {
    report_notes(set, r, {usb::NoteKind::unexpected_descriptor});
}

// USB 2.0 9.6.6 / USB 3.2 9.6.7: endpoints follow their interface, companions their endpoint.
void orphan(const usb::DescriptorSet& set, Reporter& r) {
    report_notes(set, r, {usb::NoteKind::orphan_descriptor});
}

// Linux config.c warns "descriptor has N excess bytes": bytes that form no descriptor.
void trailing(const usb::DescriptorSet& set, Reporter& r) {
    report_notes(set, r, {usb::NoteKind::trailing_bytes});
}

const std::array k_checks = {
    CheckDef{"ch9.descriptor.zero-length", "no descriptor has bLength 0", Severity::error,
             "USB 2.0 9.5; Linux drivers/usb/core/config.c",
             "a zero bLength stops every parser: nothing after it is seen by the host",
             "give every descriptor its real length", zero_length},
    CheckDef{"ch9.descriptor.truncated", "every descriptor fits in the bytes returned", Severity::error,
             "USB 2.0 9.5, 9.6", "hosts drop a descriptor that runs past the data (\"invalid descriptor of length\")",
             "make bLength and wTotalLength agree with the bytes sent", truncated},
    CheckDef{"ch9.descriptor.length-minimum", "standard descriptors are at least their defined size", Severity::error,
             "USB 2.0 tables 9-12, 9-13; USB 3.2 table 9-26", "Linux skips interface, endpoint and IAD descriptors that are too short",
             "use bLength 9 for interfaces, 7 for endpoints, 8 for IADs, 6 for SS companions", too_short},
    CheckDef{"ch9.descriptor.unexpected-type", "no device or configuration descriptor inside a configuration", Severity::error,
             "USB 2.0 9.6.3; Linux config.c \"contains an unexpected descriptor\"",
             "the host treats it as the end of the configuration", "remove the stray descriptor", unexpected},
    CheckDef{"ch9.descriptor.placement", "endpoints follow an interface, SS companions follow their endpoint", Severity::error,
             "USB 2.0 9.6.6; USB 3.2 9.6.7; Linux config.c usb_parse_ss_endpoint_companion",
             "a misplaced descriptor is ignored or attached to the wrong interface",
             "order descriptors as interface, class descriptors, endpoint, companion", orphan},
    CheckDef{"ch9.descriptor.trailing-bytes", "no stray bytes after the last descriptor", Severity::warning,
             "USB 2.0 9.6.3; Linux config.c \"excess byte\"", "stray bytes usually mean a length was miscounted",
             "remove the bytes or fix the length of the descriptor before them", trailing},
};

}  // namespace

std::span<const CheckDef> parse_checks() { return k_checks; }

}  // namespace usbcheck::checks
