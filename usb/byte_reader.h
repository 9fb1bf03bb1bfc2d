// A bounds-checked little-endian reader over descriptor bytes: reads past the end give 0 and
// the caller decides what that means (the parser checks `has` before trusting a field).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace usbcheck::usb {

class ByteReader {
public:
    explicit ByteReader(std::span<const uint8_t> bytes) : m_bytes(bytes) {}

    size_t size() const { return m_bytes.size(); }
    bool has(size_t offset, size_t count) const {
        return offset <= m_bytes.size() && count <= m_bytes.size() - offset;
    }
    uint8_t u8(size_t offset) const { return offset < m_bytes.size() ? m_bytes[offset] : 0; }
    uint16_t u16(size_t offset) const {
        return static_cast<uint16_t>(u8(offset) | (u8(offset + 1) << 8));
    }
    uint32_t u32(size_t offset) const {
        return static_cast<uint32_t>(u16(offset)) | (static_cast<uint32_t>(u16(offset + 2)) << 16);
    }
    std::span<const uint8_t> slice(size_t offset, size_t count) const {
        if (offset >= m_bytes.size()) return {};
        return m_bytes.subspan(offset, std::min(count, m_bytes.size() - offset));
    }

private:
    std::span<const uint8_t> m_bytes;
};

}  // namespace usbcheck::usb
