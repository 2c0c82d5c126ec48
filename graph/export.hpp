// Writers that turn a graph (or a selected subgraph) into files other tools
// read: GraphML and GEXF for Gephi, JSON node-link, DOT for Graphviz, and for
// graphs that outgrow one machine RDF N-Triples and a Neo4j bulk-import CSV
// directory (docs/scale.md).
#pragma once
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "graph/graph.hpp"

namespace kg {

enum class ExportFormat { graphml, gexf, json, dot, ntriples, neo4j };

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
// neo4j is a directory, not a stream: export_graph throws UsageError for it.
void export_graph(const KnowledgeGraph& g, const Subgraph* selection, ExportFormat format, std::ostream& out);
// Writes atomically to `path` ("-" = stdout). For neo4j `path` is a directory
// (nodes.csv, relationships.csv), written as a temporary directory + rename.
void export_graph_to_file(const KnowledgeGraph& g, const Subgraph* selection, ExportFormat format,
                          const std::string& path);

}  // namespace kg
