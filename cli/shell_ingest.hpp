// .ingest in the shell: adds a triples file (JSON Lines with "subject") to
// the graph in memory. Documents go through the ingest pipeline once it is
// available to the shell (see shell_ingest.cpp).
#pragma once
#include <cstddef>
#include <string>

#include "graph/graph.hpp"

namespace kg::cli {

// Adds what `path` holds to `g`; returns the number of triples added.
// Throws DataError / IoError naming the file.
std::size_t ingest_into(KnowledgeGraph& g, const std::string& path);

}  // namespace kg::cli
