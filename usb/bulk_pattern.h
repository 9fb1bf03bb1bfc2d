// Data patterns for bulk transfers: what a Linux gadget source/sink sends (zeros, mod63), a
// counter for loopback, and the verifier that checks every received byte against them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace usbcheck::usb {

// none: nothing checked. zero: every byte 0 (f_sourcesink pattern=0, its configfs default).
// mod63: byte i of each packet is i % 63, restarting at every wMaxPacketSize boundary
// (f_sourcesink pattern=1: (i % maxpacket) % 63 over the request buffer). counter: byte k of the
// stream is byte (k % 4) of the little-endian 32-bit word number k / 4, so a lost, repeated or
// reordered chunk shows at its offset (for loopback, where the host writes what it reads back).
enum class Pattern { none, zero, mod63, counter };
std::optional<Pattern> parse_pattern(std::string_view text);
std::string_view to_string(Pattern pattern);

// Fills and checks transfer buffers. A transfer starts at a packet boundary (every bulk transfer
// does), at `stream_offset` bytes into its endpoint's stream. mod63 is compared packet by packet
// with one packet of reference bytes, zero without any: verification is one pass over the data.
class PatternVerifier {
public:
    PatternVerifier(Pattern pattern, size_t max_packet, size_t max_transfer);

    Pattern pattern() const { return m_pattern; }
    // Writes the expected bytes of a transfer of buffer.size() bytes at stream_offset.
    void fill(std::span<uint8_t> buffer, uint64_t stream_offset) const;
    // The index in `data` of the first byte that differs from the pattern; nullopt when all match
    // (always for none).
    std::optional<size_t> first_mismatch(std::span<const uint8_t> data, uint64_t stream_offset);
    uint8_t expected_at(size_t index_in_transfer, uint64_t stream_offset) const;

private:
    Pattern m_pattern;
    size_t m_max_packet;
    std::vector<uint8_t> m_reference;  // mod63: one packet's expected bytes
    std::vector<uint8_t> m_scratch;    // counter: filled per transfer
};

}  // namespace usbcheck::usb
