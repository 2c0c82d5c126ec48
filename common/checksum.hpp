// CRC-32C (Castagnoli) for detecting torn or bit-flipped files. Uses the
// SSE 4.2 crc32 instruction when the CPU has it (several GB/s), else a table.
#pragma once
#include <cstdint>
#include <string_view>

namespace kg {

std::uint32_t crc32c(std::string_view data, std::uint32_t crc = 0);

}  // namespace kg
