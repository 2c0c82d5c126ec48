// Fuzzes the binary .kgb decoder (kg::parse_graph_binary). The input's
// trailing CRC-32C is rewritten first, so mutations reach the decoder's own
// checks instead of stopping at the checksum. Whatever loads must save to the
// same graph again (binary and JSON forms agree).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "common/checksum.hpp"
#include "common/error.hpp"
#include "fuzz_util.hpp"
#include "graph/graph_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 256 * 1024) return 0;
  std::string bytes(reinterpret_cast<const char*>(data), size);
  if (bytes.size() >= 16) {
    std::uint32_t sum = kg::crc32c(std::string_view(bytes).substr(0, bytes.size() - 8));
    std::memcpy(&bytes[bytes.size() - 4], &sum, 4);
  }
  kg::KnowledgeGraph g;
  try {
    g = kg::parse_graph_binary(bytes, "fuzz.kgb");
  } catch (const kg::Error& e) {
    (void)kg::format_error(e);
    return 0;
  }
  const std::string saved = kg::serialize_graph_binary(g);
  kg::KnowledgeGraph again;
  try {
    again = kg::parse_graph_binary(saved, "saved.kgb");
  } catch (const kg::Error& e) {
    std::fprintf(stderr, "%s", kg::format_error(e).c_str());
    fuzz_check(false, "a graph kg loaded saves to a binary file kg can load");
  }
  fuzz_check(kg::serialize_graph_binary(again) == saved, "load + save round-trips byte for byte");
  fuzz_check(kg::serialize_graph(again) == kg::serialize_graph(g), "the JSON form of the reloaded graph is the same");
  return 0;
}
