// The versioned .kg graph file (docs/graph-format.md): JSON written and read
// with RapidJSON. Saves are atomic; loads validate everything and report the
// file and line:column (or byte offset) of any error.
#pragma once
#include <string>

#include "graph/graph.hpp"

namespace kg {

constexpr int kGraphFormatVersion = 1;

void save_graph(const KnowledgeGraph& g, const std::string& path);
std::string serialize_graph(const KnowledgeGraph& g);

// Throws DataError (file:line:col) for malformed or inconsistent files,
// IoError when the file cannot be read.
KnowledgeGraph load_graph(const std::string& path);
KnowledgeGraph parse_graph(const std::string& text, const std::string& file_name);

}  // namespace kg
