// Fuzzes triple import: each input line goes through kg::parse_triple_line
// and kg::add_triple into one graph (as `kg ingest --triples` does). The
// graph built must save and load back to the same bytes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/error.hpp"
#include "fuzz_util.hpp"
#include "graph/graph_file.hpp"
#include "graph/triple.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return 0;
  const std::string text(reinterpret_cast<const char*>(data), size);
  kg::KnowledgeGraph g;
  std::size_t pos = 0, line_no = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    const std::string line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    try {
      kg::Triple t = kg::parse_triple_line("fuzz.jsonl", line_no, line);
      kg::add_triple(g, t);
      (void)kg::triple_to_json_line(t);
    } catch (const kg::Error& e) {
      (void)kg::format_error(e);
    }
  }
  const std::string saved = kg::serialize_graph(g);
  kg::KnowledgeGraph again;
  try {
    again = kg::parse_graph(saved, "saved.kg");
  } catch (const kg::Error& e) {
    std::fprintf(stderr, "%s", kg::format_error(e).c_str());
    fuzz_check(false, "a graph built from triples saves to a file kg can load");
  }
  fuzz_check(kg::serialize_graph(again) == saved, "load + save round-trips byte for byte");
  return 0;
}
