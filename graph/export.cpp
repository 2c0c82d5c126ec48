// Export entry points: format names, the shared flattened model, escaping
// helpers and the entity-type palette. The writers themselves live in
// export_xml.cpp (GraphML, GEXF), export_json.cpp and export_dot.cpp.
#include "graph/export.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

#include "common/atomic_file.hpp"
#include "common/error.hpp"
#include "common/text.hpp"
#include "graph/export_model.hpp"
#include "graph/export_text.hpp"

namespace kg {

std::optional<ExportFormat> parse_export_format(const std::string& name) {
  std::string n = ascii_lower(trim(name));
  if (n == "graphml") return ExportFormat::graphml;
  if (n == "gexf") return ExportFormat::gexf;
  if (n == "json") return ExportFormat::json;
  if (n == "dot" || n == "gv") return ExportFormat::dot;
  if (n == "ntriples" || n == "n-triples" || n == "nt") return ExportFormat::ntriples;
  if (n == "neo4j") return ExportFormat::neo4j;
  return std::nullopt;
}

std::optional<ExportFormat> export_format_from_path(const std::string& path) {
  auto slash = path.find_last_of('/');
  auto dot = path.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return std::nullopt;
  return parse_export_format(path.substr(dot + 1));
}

const char* export_format_name(ExportFormat f) {
  switch (f) {
    case ExportFormat::graphml: return "graphml";
    case ExportFormat::gexf: return "gexf";
    case ExportFormat::json: return "json";
    case ExportFormat::dot: return "dot";
    case ExportFormat::ntriples: return "ntriples";
    case ExportFormat::neo4j: return "neo4j";
  }
  return "graphml";
}

void export_graph(const KnowledgeGraph& g, const Subgraph* selection, ExportFormat format, std::ostream& out) {
  if (format == ExportFormat::neo4j)
    throw UsageError("neo4j export writes a directory (nodes.csv, relationships.csv), not a stream; give a directory");
  export_detail::ExportModel m = export_detail::build_model(g, selection);
  export_detail::TextOut text(out);
  switch (format) {
    case ExportFormat::graphml: export_detail::write_graphml(m, text); break;
    case ExportFormat::gexf: export_detail::write_gexf(m, text); break;
    case ExportFormat::json: export_detail::write_json(g, m, text); break;
    case ExportFormat::dot: export_detail::write_dot(m, out); break;
    case ExportFormat::ntriples: export_detail::write_ntriples(g, m, out); break;
    case ExportFormat::neo4j: break;  // refused above
  }
  text.flush();
}

void export_graph_to_file(const KnowledgeGraph& g, const Subgraph* selection, ExportFormat format,
                          const std::string& path) {
  // The formats for graphs that outgrow memory stream into their files.
  if (format == ExportFormat::neo4j || format == ExportFormat::ntriples) {
    export_detail::ExportModel m = export_detail::build_model(g, selection);
    if (format == ExportFormat::neo4j) export_detail::write_neo4j_directory(g, m, path);
    else export_detail::write_streamed(path, [&](std::ostream& out) { export_detail::write_ntriples(g, m, out); });
    return;
  }
  if (format == ExportFormat::dot) {  // for pictures of small graphs: render, then write
    std::ostringstream text;
    export_graph(g, selection, format, text);
    write_file_atomic(path, text.str());
    return;
  }
  // GraphML, GEXF and JSON stream in 1 MiB blocks into the temporary file;
  // the target is replaced only when the whole text is written, so a failure
  // leaves it as it was (AtomicFile discards the temporary file).
  export_detail::ExportModel m = export_detail::build_model(g, selection);
  AtomicFile file(path);
  export_detail::TextOut text([&file](std::string_view block) { file.write(block); });
  switch (format) {
    case ExportFormat::graphml: export_detail::write_graphml(m, text); break;
    case ExportFormat::gexf: export_detail::write_gexf(m, text); break;
    default: export_detail::write_json(g, m, text); break;
  }
  text.flush();
  file.commit();
}

namespace export_detail {

static std::string join_aliases(const std::vector<std::string>& aliases) {
  std::string out;
  for (const auto& a : aliases) {
    std::string clean = trim(sanitize_utf8(a));
    if (clean.empty()) continue;
    if (!out.empty()) out += "; ";
    out += clean;
  }
  return out;
}

ExportModel build_model(const KnowledgeGraph& g, const Subgraph* selection) {
  const Graph& gr = g.graph();
  const std::size_t n = boost::num_vertices(gr);
  std::vector<bool> keep_vertex(n, selection == nullptr);
  std::vector<Edge> edges;
  if (selection) {
    for (Vertex v : selection->vertices) {
      if (v >= n) throw DataError("export: the selection names entity #" + std::to_string(v) + ", but the graph has " +
                                  std::to_string(n) + " entities");
      keep_vertex[v] = true;
    }
    // Keep relation id order and drop duplicates, whatever order the selection had.
    std::vector<std::pair<std::uint32_t, Edge>> ordered;
    for (Edge e : selection->edges) {
      Vertex s = boost::source(e, gr), t = boost::target(e, gr);
      if (s >= n || t >= n) throw DataError("export: the selection names a relation that is not in the graph");
      ordered.emplace_back(gr[e].id, e);
      keep_vertex[s] = keep_vertex[t] = true;
    }
    std::sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    ordered.erase(std::unique(ordered.begin(), ordered.end(),
                              [](const auto& a, const auto& b) { return a.first == b.first; }),
                  ordered.end());
    for (const auto& p : ordered) edges.push_back(p.second);
  } else {
    edges = g.relations();
  }

  // Type names, colours and document ids repeat across many rows: clean
  // each once (sanitised, trimmed) and copy the result.
  struct TypeText {
    bool done = false;
    std::string name, color;
  };
  std::vector<TypeText> entity_types(g.entity_types().size());
  auto entity_type = [&](std::uint32_t t) -> const TypeText& {
    TypeText& tt = entity_types[t];
    if (!tt.done) {
      tt.name = trim(sanitize_utf8(g.entity_types()[t]));
      if (tt.name.empty()) tt.name = "Other";
      tt.color = hex_color(type_color(tt.name));
      tt.done = true;
    }
    return tt;
  };

  ExportModel m;
  std::vector<std::size_t> row_of(n, 0);
  m.nodes.reserve(selection ? std::min(n, selection->vertices.size() + 2 * edges.size()) : n);
  for (Vertex v = 0; v < n; ++v) {
    if (!keep_vertex[v]) continue;
    const Entity& ent = gr[v];
    NodeRow row;
    row.id = "n" + std::to_string(m.nodes.size());
    row.vertex = v;
    row.label = trim(sanitize_utf8(ent.name));
    if (row.label.empty()) row.label = row.id;  // Gephi would show the id anyway; say so explicitly
    const TypeText& type = entity_type(ent.type);
    row.type = type.name;
    row.aliases = join_aliases(ent.aliases);
    row.color = type.color;
    row_of[v] = m.nodes.size();
    m.nodes.push_back(std::move(row));
  }

  std::vector<TypeText> relation_types(g.relation_types().size());
  const auto& docs = g.documents();
  struct DocText {
    bool done = false;
    std::string id, url;
  };
  std::vector<DocText> doc_texts(docs.size());
  m.edges.reserve(edges.size());
  for (Edge e : edges) {
    const Relation& rel = gr[e];
    EdgeRow row;
    row.id = "e" + std::to_string(m.edges.size());
    row.edge = e;
    row.source = row_of[boost::source(e, gr)];
    row.target = row_of[boost::target(e, gr)];
    TypeText& rt = relation_types[rel.type];
    if (!rt.done) {
      rt.name = trim(sanitize_utf8(g.relation_types()[rel.type].name));
      rt.done = true;
    }
    row.relation = rt.name;
    row.symmetric = g.relation_types()[rel.type].symmetric;
    // A relation asserted without any evidence still exists once.
    row.weight = static_cast<double>(std::max<std::size_t>(1, rel.evidence.size()));
    for (const auto& ev : rel.evidence) {
      auto it = ev.attrs.find("amount");
      if (it == ev.attrs.end()) continue;
      const Money* money = std::get_if<Money>(&it->second);
      if (!money || !std::isfinite(money->value)) continue;  // never write NaN/INF
      row.amount = money->value;
      row.currency = trim(sanitize_utf8(money->currency));
      auto txt = ev.attrs.find("amount_text");
      if (txt != ev.attrs.end())
        if (const auto* s = std::get_if<std::string>(&txt->second)) row.amount_text = trim(sanitize_utf8(*s));
      break;  // the first amount seen, as KnowledgeGraph::relation_amount
    }
    row.date = g.relation_date(e);
    if (!rel.evidence.empty()) {
      const Evidence& first = rel.evidence.front();
      if (first.doc < docs.size()) {
        DocText& dt = doc_texts[first.doc];
        if (!dt.done) {
          dt.id = trim(sanitize_utf8(docs[first.doc].id));
          dt.url = trim(sanitize_utf8(docs[first.doc].url));
          dt.done = true;
        }
        if (!dt.id.empty() && first.sentence >= 0) {
          char digits[24];
          auto end = std::to_chars(digits, digits + sizeof digits, first.sentence).ptr;
          row.first_source.reserve(dt.id.size() + 1 + static_cast<std::size_t>(end - digits));
          row.first_source += dt.id;
          row.first_source += '#';
          row.first_source.append(digits, end);
        } else {
          row.first_source = dt.id;
        }
        row.first_url = dt.url;
      }
    }
    row.hedged = g.relation_hedged(e);
    m.edges.push_back(std::move(row));
  }
  return m;
}

std::string xml_escape(std::string_view s, bool attribute) {
  std::string clean = sanitize_utf8(s);
  std::string out;
  out.reserve(clean.size() + 8);
  for (char c : clean) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\r': out += "&#13;"; break;
      case '\n': out += attribute ? "&#10;" : "\n"; break;
      case '\t': out += attribute ? "&#9;" : "\t"; break;
      default: out += c;
    }
  }
  return out;
}

std::string dot_escape(std::string_view s) {
  std::string clean = sanitize_utf8(s);
  std::string out;
  out.reserve(clean.size() + 4);
  for (char c : clean) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': break;
      case '\t': out += ' '; break;
      default: out += c;
    }
  }
  return out;
}

Rgb type_color(std::string_view type_name) {
  // Tableau 10: distinct, colour-blind-friendly, pleasant on white and black.
  struct Named {
    const char* name;
    Rgb color;
  };
  static const Named named[] = {
      {"organization", {78, 121, 167}},  // blue
      {"person", {242, 142, 43}},        // orange
      {"regulator", {225, 87, 89}},      // red
      {"place", {89, 161, 79}},          // green
      {"product", {237, 201, 72}},       // yellow
      {"model", {176, 122, 161}},        // purple
      {"other", {186, 176, 172}},        // grey
  };
  static const Rgb spare[] = {{118, 183, 178}, {255, 157, 167}, {156, 117, 95}, {31, 119, 180},
                              {148, 103, 189}, {23, 190, 207},  {188, 189, 34}, {140, 86, 75}};
  std::string key = ascii_lower(type_name);
  for (const auto& n : named)
    if (key == n.name) return n.color;
  // FNV-1a: the same type name gets the same colour on every run and machine.
  std::uint32_t h = 2166136261u;
  for (unsigned char c : key) h = (h ^ c) * 16777619u;
  return spare[h % (sizeof spare / sizeof spare[0])];
}

std::string hex_color(Rgb c) {
  static const char* digits = "0123456789abcdef";
  std::string s = "#";
  for (int v : {c.r, c.g, c.b}) {
    v = std::clamp(v, 0, 255);
    s += digits[v / 16];
    s += digits[v % 16];
  }
  return s;
}

std::string date_to_day(const Date& d) {
  Date full = d;
  if (full.month == 0) full.month = 1;
  if (full.day == 0) full.day = 1;
  return full.iso();
}

}  // namespace export_detail
}  // namespace kg
