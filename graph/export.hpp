// Writers that turn a graph (or a selected subgraph) into files other tools
// read: GraphML and GEXF for Gephi, JSON node-link, DOT for Graphviz.
#pragma once
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "graph/graph.hpp"

namespace kg {

enum class ExportFormat { graphml, gexf, json, dot };

// A selection of entities and relations; the endpoints of every selected
// relation are exported even if not listed in `vertices`.
struct Subgraph {
  std::vector<Vertex> vertices;
  std::vector<Edge> edges;
};

std::optional<ExportFormat> parse_export_format(const std::string& name);        // "graphml", "GEXF", ...
std::optional<ExportFormat> export_format_from_path(const std::string& path);    // by extension
const char* export_format_name(ExportFormat f);

// `selection` null = whole graph. Output is deterministic (relation id order).
void export_graph(const KnowledgeGraph& g, const Subgraph* selection, ExportFormat format, std::ostream& out);
// Writes atomically to `path` ("-" = stdout).
void export_graph_to_file(const KnowledgeGraph& g, const Subgraph* selection, ExportFormat format,
                          const std::string& path);

}  // namespace kg
