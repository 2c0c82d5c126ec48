// .ingest in the shell: adds documents (.txt/.md files, directories, .jsonl
// documents, through the ingest pipeline with the bundled rules and
// gazetteer) or a triples file (JSON Lines whose objects have "subject") to
// the graph in memory.
#pragma once
#include <cstddef>
#include <functional>
#include <string>

#include "graph/graph.hpp"

namespace kg::cli {

// Adds what `path` holds to `g`; returns the number of triples added. Nothing
// is added when reading or extraction fails. `warn` gets per-document problems.
// Throws DataError / IoError naming the file.
std::size_t ingest_into(KnowledgeGraph& g, const std::string& path,
                        const std::function<void(const std::string&)>& warn);

}  // namespace kg::cli
