// Internal to the exporters: the graph (or a selection of it) flattened into
// the rows every output format writes, with all strings already sanitised to
// valid, XML-1.0-safe UTF-8 and all derived values (weight, amount, date,
// first source) computed once. Also the small escaping helpers and the
// entity-type palette the writers share. Not part of the public API, but
// unit tests include it to check the helpers directly.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "common/value.hpp"
#include "graph/export.hpp"
#include "graph/graph.hpp"

namespace kg::export_detail {

struct NodeRow {
  std::string id;       // synthetic: n0, n1, ... in export order
  Vertex vertex = 0;
  std::string label;    // entity name; never empty (falls back to the id)
  std::string type;     // entity type name
  std::string aliases;  // joined with "; ", "" when none
  std::string color;    // "#rrggbb" from the type palette
};

struct EdgeRow {
  std::string id;  // e0, e1, ... in relation id order
  Edge edge;
  std::size_t source = 0;  // index into ExportModel::nodes
  std::size_t target = 0;
  std::string relation;
  bool symmetric = false;   // exported once, in stored direction, flagged
  double weight = 1;        // number of evidence sentences (at least 1)
  std::optional<double> amount;
  std::string currency;     // "" when unknown
  std::string amount_text;  // the amount as written, "" when unknown
  std::optional<Date> date; // earliest evidence date
  std::string first_source; // "doc-id" or "doc-id#sentence", "" when no evidence
  std::string first_url;    // URL of that document, "" when unknown
  bool hedged = false;      // every supporting sentence hedges
};

struct ExportModel {
  std::vector<NodeRow> nodes;
  std::vector<EdgeRow> edges;
};

// Flattens the whole graph (`selection` null) or the selected vertices and
// edges plus the endpoints of those edges. Nodes keep vertex order, edges
// relation id order, so output is deterministic. Throws DataError when the
// selection names a vertex that is not in the graph.
ExportModel build_model(const KnowledgeGraph& g, const Subgraph* selection);

// Sanitises (kg::sanitize_utf8) and escapes & < > " ' for XML. In attribute
// values tab, newline and carriage return become character references so a
// parser's attribute normalisation keeps them; in text only \r needs that.
std::string xml_escape(std::string_view s, bool attribute = false);
// Sanitises and escapes for a double-quoted DOT string: \" and \\, newlines as \n.
std::string dot_escape(std::string_view s);

// Fixed, deterministic colour per entity type name: a hand-picked colour for
// the default types, a hash-chosen one from a spare palette for others.
struct Rgb {
  int r, g, b;
};
Rgb type_color(std::string_view type_name);
std::string hex_color(Rgb c);  // "#4e79a7"

// Month or year precision becomes the first day of the month or year:
// 2024-02 -> 2024-02-01 (GEXF's timeformat="date" wants full dates).
std::string date_to_day(const Date& d);

class TextOut;  // export_text.hpp: the buffered output the big writers append to
void write_graphml(const ExportModel& m, TextOut& out);
void write_gexf(const ExportModel& m, TextOut& out);
void write_json(const KnowledgeGraph& g, const ExportModel& m, TextOut& out);
void write_dot(const ExportModel& m, std::ostream& out);

// RDF N-Triples (export_ntriples.cpp). iri_segment percent-encodes one IRI
// path segment (unreserved ASCII kept, space -> '_', everything else %XX,
// so the mapping is injective); ntriples_literal quotes and escapes a string
// literal (\" \\ \n \r \t, other controls as \u00XX, UTF-8 kept).
std::string iri_segment(std::string_view s);
std::string ntriples_literal(std::string_view s);
void write_ntriples(const KnowledgeGraph& g, const ExportModel& m, std::ostream& out);

// Neo4j bulk-import CSV (export_neo4j.cpp). csv_field quotes a string field
// (inner quotes doubled, line breaks and tabs as spaces); neo4j_array_field
// joins a string[] with ';' (';' inside an element becomes ','; "" when no
// element); neo4j_relationship_type: invests-in -> INVESTS_IN.
std::string csv_field(std::string_view s);
std::string neo4j_array_field(const std::vector<std::string>& items);
std::string neo4j_relationship_type(std::string_view relation);
void write_neo4j_nodes(const KnowledgeGraph& g, const ExportModel& m, std::ostream& out);
void write_neo4j_relationships(const KnowledgeGraph& g, const ExportModel& m, std::ostream& out);
// Writes nodes.csv and relationships.csv into a temporary sibling directory
// and renames it to `dir` (replacing an earlier export there, never a
// directory with other files in it).
void write_neo4j_directory(const KnowledgeGraph& g, const ExportModel& m, const std::string& dir);
// Streams `writer`'s output into an AtomicFile at `path` ("-" = stdout)
// without holding the whole text in memory.
void write_streamed(const std::string& path, const std::function<void(std::ostream&)>& writer);

}  // namespace kg::export_detail
