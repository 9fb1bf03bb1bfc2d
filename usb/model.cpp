// Lookups over the descriptor model.
#include "usb/model.h"

#include <algorithm>

namespace usbcheck::usb {

std::string_view to_string(Availability availability) {
    switch (availability) {
    case Availability::present: return "present";
    case Availability::stalled: return "stalled";
    case Availability::failed: return "failed";
    case Availability::not_captured: return "not-captured";
    }
    return "failed";
}

Availability availability_from(TransferStatus status) {
    switch (status) {
    case TransferStatus::ok: return Availability::present;
    case TransferStatus::stall: return Availability::stalled;
    case TransferStatus::not_captured: return Availability::not_captured;
    case TransferStatus::timeout:
    case TransferStatus::error:
    case TransferStatus::disconnected: return Availability::failed;
    }
    return Availability::failed;
}

std::string_view to_string(TransferType type) {
    switch (type) {
    case TransferType::control: return "control";
    case TransferType::isochronous: return "isochronous";
    case TransferType::bulk: return "bulk";
    case TransferType::interrupt: return "interrupt";
    }
    return "control";
}

std::string_view to_string(NoteKind kind) {
    switch (kind) {
    case NoteKind::truncated: return "truncated";
    case NoteKind::zero_length: return "zero-length";
    case NoteKind::length_too_short: return "length-too-short";
    case NoteKind::length_overrun: return "length-overrun";
    case NoteKind::wrong_type: return "wrong-type";
    case NoteKind::unexpected_descriptor: return "unexpected-descriptor";
    case NoteKind::orphan_descriptor: return "orphan-descriptor";
    case NoteKind::trailing_bytes: return "trailing-bytes";
    case NoteKind::total_length_mismatch: return "total-length-mismatch";
    case NoteKind::cap_count_mismatch: return "cap-count-mismatch";
    case NoteKind::odd_length: return "odd-length";
    }
    return "truncated";
}

const DecodedField* ExtraDescriptor::field(std::string_view field_name) const {
    for (const auto& f : fields)
        if (f.name == field_name) return &f;
    return nullptr;
}

const DecodedField* BosCapability::field(std::string_view field_name) const {
    for (const auto& f : fields)
        if (f.name == field_name) return &f;
    return nullptr;
}

const BosCapability* Bos::find(uint8_t capability_type) const {
    for (const auto& c : caps)
        if (c.bDevCapabilityType == capability_type) return &c;
    return nullptr;
}

std::vector<uint8_t> Configuration::interface_numbers() const {
    std::vector<uint8_t> numbers;
    for (const auto& i : interfaces)
        if (std::find(numbers.begin(), numbers.end(), i.bInterfaceNumber) == numbers.end())
            numbers.push_back(i.bInterfaceNumber);
    std::sort(numbers.begin(), numbers.end());
    return numbers;
}

const Interface* Configuration::find_interface(uint8_t number, uint8_t alternate) const {
    for (const auto& i : interfaces)
        if (i.bInterfaceNumber == number && i.bAlternateSetting == alternate) return &i;
    return nullptr;
}

const StringDescriptor* DescriptorSet::find_string(uint8_t index, std::optional<uint16_t> langid) const {
    for (const auto& s : strings)
        if (s.index == index && (!langid || s.langid == *langid)) {
            if (!langid && s.availability != Availability::present) continue;
            return &s;
        }
    if (!langid)
        for (const auto& s : strings)
            if (s.index == index) return &s;
    return nullptr;
}

std::string DescriptorSet::string_text(uint8_t index) const {
    if (index == 0) return "";
    const auto* s = find_string(index);
    return s && s->availability == Availability::present ? s->text : "";
}

}  // namespace usbcheck::usb
