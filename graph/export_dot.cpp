// DOT export for Graphviz (`dot -Tpng g.dot -o g.png`): nodes filled with
// their type's colour, edges labelled with the relation and, where known, the
// amount and date; a legend node lists the entity types shown.
#include <cmath>
#include <set>

#include "common/value.hpp"
#include "graph/export_model.hpp"

namespace kg::export_detail {

namespace {

// 15000000 -> "15M", 2100000000 -> "2.1bn": edge labels stay short.
std::string compact_number(double v) {
  struct Scale {
    double factor;
    const char* suffix;
  };
  for (Scale s : {Scale{1e9, "bn"}, Scale{1e6, "M"}, Scale{1e3, "k"}}) {
    if (std::fabs(v) >= s.factor) return format_double(std::round(v / s.factor * 10) / 10) + s.suffix;
  }
  return format_double(v);
}

// Dark text on light fills, white text on dark ones.
const char* font_color_for(Rgb c) {
  double luminance = 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b;
  return luminance > 140 ? "#1a1a1a" : "#ffffff";
}

}  // namespace

void write_dot(const ExportModel& m, std::ostream& out) {
  out << "digraph kg {\n"
         "  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=11, nodesep=0.35, ranksep=0.6, pad=0.2];\n"
         "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=11, penwidth=0];\n"
         "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#666666\", fontcolor=\"#333333\", arrowsize=0.7];\n";
  std::set<std::string> types;
  for (const auto& n : m.nodes) {
    Rgb c = type_color(n.type);
    types.insert(n.type);
    std::string tooltip = n.type;
    if (!n.aliases.empty()) tooltip += " (also: " + n.aliases + ")";
    out << "  " << n.id << " [label=\"" << dot_escape(n.label) << "\", fillcolor=\"" << hex_color(c)
        << "\", fontcolor=\"" << font_color_for(c) << "\", tooltip=\"" << dot_escape(tooltip) << "\"];\n";
  }
  for (const auto& e : m.edges) {
    std::string label = e.relation;
    if (e.amount) {
      label += "\n" + (e.currency.empty() ? std::string() : e.currency + " ") + compact_number(*e.amount);
    }
    if (e.date) label += "\n" + e.date->iso();
    out << "  " << m.nodes[e.source].id << " -> " << m.nodes[e.target].id << " [label=\"" << dot_escape(label)
        << "\"";
    if (e.weight > 1) out << ", penwidth=" << format_double(std::min(1 + 0.5 * (e.weight - 1), 4.0));
    if (e.symmetric) out << ", dir=none";  // partners-with, competes-with: no direction to show
    if (e.hedged) out << ", style=dashed";
    out << "];\n";
  }
  if (!types.empty()) {
    // One HTML-table node keeps the legend compact whatever the layout.
    out << "  legend [shape=plaintext, fillcolor=\"#f3f3f3\", fontsize=9, label=<<table border=\"0\" cellborder=\"0\" cellspacing=\"2\">"
           "<tr><td><font color=\"#555555\">entity types</font></td></tr>";
    for (const auto& t : types) {
      Rgb c = type_color(t);
      out << "<tr><td bgcolor=\"" << hex_color(c) << "\"><font color=\"" << font_color_for(c) << "\">"
          << xml_escape(t) << "</font></td></tr>";
    }
    out << "</table>>];\n";
  }
  out << "}\n";
}

}  // namespace kg::export_detail
