#include "cli/shell_ingest.hpp"

#include <sys/stat.h>

#include <fstream>
#include <memory>
#include <thread>

#include "common/error.hpp"
#include "common/text.hpp"
#include "graph/triple.hpp"
#include "ingest/bundle.hpp"
#include "ingest/inputs.hpp"

namespace kg::cli {

// A triples file is JSON Lines whose first object has a "subject".
static bool looks_like_triples(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw IoError("cannot open '" + path + "'", SourcePos::of_file(path));
  if (S_ISDIR(st.st_mode) || path.size() < 6 || path.compare(path.size() - 6, 6, ".jsonl") != 0) return false;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line))
    if (!trim(line).empty()) return line.find("\"subject\"") != std::string::npos;
  return false;
}

std::size_t ingest_into(KnowledgeGraph& g, const std::string& path,
                        const std::function<void(const std::string&)>& warn) {
  if (looks_like_triples(path)) {
    // Read everything first so a bad line leaves the graph as it was.
    std::vector<Triple> triples;
    read_triples_file(path, [&](const Triple& t) { triples.push_back(t); });
    for (const auto& t : triples) add_triple(g, t);
    return triples.size();
  }
  // Documents: the rules and gazetteer load once per shell session.
  static std::unique_ptr<ingest::Bundle> bundle;
  if (!bundle) bundle = ingest::load_bundle("", "");
  auto docs = ingest::read_inputs({path}, warn);
  struct Extracted {
    Document meta;
    std::vector<Triple> triples;
  };
  std::vector<Extracted> all(docs.size());
  unsigned jobs = std::max(1u, std::min(4u, std::thread::hardware_concurrency()));
  ingest::extract_all(*bundle->extractor, docs, jobs, false,
                      [&](std::size_t i, std::vector<Triple>& triples, const std::string&) {
                        all[i].meta.id = docs[i].id;
                        all[i].meta.title = docs[i].title;
                        all[i].meta.url = docs[i].url;
                        all[i].meta.date = docs[i].date;
                        all[i].triples = std::move(triples);
                      });
  for (const auto& rel : bundle->rules.relations) g.add_relation_type(rel.name, rel.symmetric);
  std::size_t n = 0;
  for (auto& d : all) {
    g.add_document(d.meta);
    for (const auto& t : d.triples) {
      add_triple(g, t, &d.meta);
      ++n;
    }
  }
  // Known aliases of the entities found, as kg ingest does.
  for (const auto& entry : bundle->gazetteer.entries())
    if (auto v = g.find_entity(entry.name))
      for (const auto& a : entry.aliases) g.add_alias(*v, a);
  return n;
}

}  // namespace kg::cli
