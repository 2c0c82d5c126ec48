// The versioned graph files (docs/graph-format.md): the JSON .kg file
// (written and read with RapidJSON; the interchange format) and the binary
// .kgb file (the same tables as fixed-width columns; the fast one to open).
// Saves are atomic; loads validate everything and report the file and
// line:column (JSON) or byte offset (binary) of any error.
#pragma once
#include <string>
#include <string_view>

#include "graph/graph.hpp"

namespace kg {

constexpr int kGraphFormatVersion = 1;

enum class GraphFormat { json, binary };

// Binary when the name ends in ".kgb", else JSON.
GraphFormat graph_format_for(const std::string& path);

// Saves in the format the file name asks for (graph_format_for).
void save_graph(const KnowledgeGraph& g, const std::string& path);
void save_graph(const KnowledgeGraph& g, const std::string& path, GraphFormat format);
std::string serialize_graph(const KnowledgeGraph& g);         // JSON
std::string serialize_graph_binary(const KnowledgeGraph& g);  // binary

// Reads either format, told apart by the file's first bytes (not its name).
// Throws DataError (file:line:col, or byte offset for binary files) for
// malformed or inconsistent files, IoError when the file cannot be read.
KnowledgeGraph load_graph(const std::string& path);
KnowledgeGraph parse_graph(const std::string& text, const std::string& file_name);
KnowledgeGraph parse_graph_binary(std::string_view data, const std::string& file_name);
// Whether these first bytes are the binary format's signature.
bool is_binary_graph(std::string_view head);

}  // namespace kg
