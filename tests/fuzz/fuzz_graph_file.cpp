// Fuzzes the .kg loader (kg::parse_graph). Whatever loads must save and load
// again to the same bytes (the format's round-trip promise), and lookups on
// the loaded graph must work.
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/error.hpp"
#include "fuzz_util.hpp"
#include "graph/graph_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 256 * 1024) return 0;
  const std::string text(reinterpret_cast<const char*>(data), size);
  kg::KnowledgeGraph g;
  try {
    g = kg::parse_graph(text, "fuzz.kg");
  } catch (const kg::Error& e) {
    (void)kg::format_error(e);
    return 0;
  }
  const std::string saved = kg::serialize_graph(g);
  kg::KnowledgeGraph again;
  try {
    again = kg::parse_graph(saved, "saved.kg");
  } catch (const kg::Error& e) {
    std::fprintf(stderr, "%s", kg::format_error(e).c_str());
    fuzz_check(false, "a graph kg loaded saves to a file kg can load");
  }
  fuzz_check(kg::serialize_graph(again) == saved, "load + save round-trips byte for byte");
  for (const auto& t : g.entity_types()) (void)g.find_entity_type(t);
  return 0;
}
