#include "cli/shell_ingest.hpp"

#include <fstream>

#include "common/error.hpp"
#include "common/text.hpp"
#include "graph/triple.hpp"

namespace kg::cli {

// A triples file is JSON Lines whose first object has a "subject".
static bool looks_like_triples(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw IoError("cannot open '" + path + "'", SourcePos::of_file(path));
  std::string line;
  while (std::getline(in, line))
    if (!trim(line).empty()) return line.find("\"subject\"") != std::string::npos;
  return false;
}

std::size_t ingest_into(KnowledgeGraph& g, const std::string& path) {
  if (path != "-" && !looks_like_triples(path))
    throw UsageError(".ingest: '" + path + "' is not a triples file; to add documents run 'kg ingest --append'");
  std::size_t n = 0;
  // Read everything first so a bad line leaves the graph as it was.
  std::vector<Triple> triples;
  read_triples_file(path, [&](const Triple& t) { triples.push_back(t); });
  for (const auto& t : triples) {
    add_triple(g, t);
    ++n;
  }
  return n;
}

}  // namespace kg::cli
