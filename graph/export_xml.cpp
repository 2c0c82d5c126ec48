// GraphML and GEXF writers. Written by hand rather than with Boost's
// write_graphml, which prints doubles with 6 digits in the global locale and
// leaves names unescaped; see docs/gephi.md for what Gephi makes of each part.
// Both run once per row with no per-row allocation: which attributes exist
// is decided once for the whole model, and text goes straight into TextOut.
#include <string>

#include "common/value.hpp"
#include "graph/export_model.hpp"
#include "graph/export_text.hpp"

namespace kg::export_detail {

namespace {

enum class Domain { node, edge };

// Every attribute an export can carry, in output order (the order of the
// key declarations and of the values in each element). Only the ones some
// row actually uses are declared.
enum Key {
  node_label,    // Gephi's node label property
  node_type,     // entity type: partition on it in Gephi
  node_aliases,  // other surface forms, "; "-separated
  node_color,    // Gephi's node colour property (#rrggbb by type)
  edge_label,    // Gephi's edge label property
  edge_relation, // the same, as a column to filter and partition on
  edge_weight,   // number of supporting sentences
  edge_symmetric,// partners-with, competes-with: direction carries no meaning
  edge_amount,
  edge_currency,
  edge_amount_text,  // the amount as the article wrote it
  edge_date,         // ISO 8601 day or month: Gephi has no date attr.type
  edge_first_source, // document id of the first evidence, #sentence
  edge_first_url,
  edge_hedged,       // every supporting sentence hedges ("reportedly")
  key_count
};

struct KeySpec {
  Domain domain;
  const char* name;  // attr.name: a plain token, so it is a valid NMTOKEN and needs no escaping
  const char* type;  // GraphML attr.type / GEXF attribute type
};

const KeySpec kKeys[key_count] = {
    {Domain::node, "label", "string"},        {Domain::node, "type", "string"},
    {Domain::node, "aliases", "string"},      {Domain::node, "color", "string"},
    {Domain::edge, "label", "string"},        {Domain::edge, "relation", "string"},
    {Domain::edge, "weight", "double"},       {Domain::edge, "symmetric", "boolean"},
    {Domain::edge, "amount", "double"},       {Domain::edge, "currency", "string"},
    {Domain::edge, "amount_text", "string"},  {Domain::edge, "date", "string"},
    {Domain::edge, "first_source", "string"}, {Domain::edge, "first_url", "string"},
    {Domain::edge, "hedged", "boolean"},
};

// Which keys at least one row has a value for. Missing values are left out
// of a row, never written as empty strings, so a key no row has is not declared.
struct UsedKeys {
  bool used[key_count] = {};
};

UsedKeys used_keys(const ExportModel& m, bool with_edge_label_and_weight, bool with_node_label, bool with_node_color) {
  UsedKeys u;
  if (!m.nodes.empty()) {
    u.used[node_label] = with_node_label;
    u.used[node_type] = true;
    u.used[node_color] = with_node_color;
  }
  for (const auto& n : m.nodes)
    if (!n.aliases.empty()) {
      u.used[node_aliases] = true;
      break;
    }
  if (!m.edges.empty()) {
    u.used[edge_label] = u.used[edge_weight] = with_edge_label_and_weight;
    u.used[edge_relation] = true;
  }
  for (const auto& e : m.edges) {
    u.used[edge_symmetric] |= e.symmetric;
    u.used[edge_amount] |= e.amount.has_value();
    u.used[edge_currency] |= !e.currency.empty();
    u.used[edge_amount_text] |= !e.amount_text.empty();
    u.used[edge_date] |= e.date.has_value();
    u.used[edge_first_source] |= !e.first_source.empty();
    u.used[edge_first_url] |= !e.first_url.empty();
    u.used[edge_hedged] |= e.hedged;
  }
  return u;
}

void put_node_id(TextOut& out, std::size_t index) {
  out.put('n');
  out.put_uint(index);
}

void put_edge_id(TextOut& out, std::size_t index) {
  out.put('e');
  out.put_uint(index);
}

}  // namespace

void write_graphml(const ExportModel& m, TextOut& out) {
  UsedKeys used = used_keys(m, true, true, true);
  out.put(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
      "         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
      "         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
      "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");
  // Key ids k0, k1, ...: unique across both domains (the XSD wants that) and
  // never networkx's d3/d7, which old Gephi read as labels. `data_open[k]` is
  // the whole opening tag of that key's data element.
  std::string data_open[key_count];
  std::size_t next_id = 0;
  for (int k = 0; k < key_count; ++k) {
    if (!used.used[k]) continue;
    std::string id = "k" + std::to_string(next_id++);
    data_open[k] = "      <data key=\"" + id + "\">";
    out.put("  <key id=\"");
    out.put(id);
    out.put(kKeys[k].domain == Domain::node ? "\" for=\"node\" attr.name=\"" : "\" for=\"edge\" attr.name=\"");
    out.put(kKeys[k].name);
    out.put("\" attr.type=\"");
    out.put(kKeys[k].type);
    out.put("\"/>\n");
  }
  out.put("  <graph id=\"G\" edgedefault=\"directed\">\n");
  auto text = [&](Key k, std::string_view value) {
    out.put(data_open[k]);
    out.put_xml(value, false);
    out.put("</data>\n");
  };
  auto literal = [&](Key k, std::string_view value) {
    out.put(data_open[k]);
    out.put(value);
    out.put("</data>\n");
  };

  for (std::size_t i = 0; i < m.nodes.size(); ++i) {
    const NodeRow& n = m.nodes[i];
    out.put("    <node id=\"");
    put_node_id(out, i);
    out.put("\">\n");
    text(node_label, n.label);
    text(node_type, n.type);
    if (!n.aliases.empty()) text(node_aliases, n.aliases);
    text(node_color, n.color);
    out.put("    </node>\n");
  }
  for (std::size_t i = 0; i < m.edges.size(); ++i) {
    const EdgeRow& e = m.edges[i];
    out.put("    <edge id=\"");
    put_edge_id(out, i);
    out.put("\" source=\"");
    put_node_id(out, e.source);
    out.put("\" target=\"");
    put_node_id(out, e.target);
    out.put("\">\n");
    text(edge_label, e.relation);
    text(edge_relation, e.relation);
    out.put(data_open[edge_weight]);
    out.put_number(e.weight);
    out.put("</data>\n");
    if (e.symmetric) literal(edge_symmetric, "true");
    if (e.amount) {
      out.put(data_open[edge_amount]);
      out.put_number(*e.amount);
      out.put("</data>\n");
    }
    if (!e.currency.empty()) text(edge_currency, e.currency);
    if (!e.amount_text.empty()) text(edge_amount_text, e.amount_text);
    if (e.date) {
      out.put(data_open[edge_date]);
      out.put_date(*e.date);
      out.put("</data>\n");
    }
    if (!e.first_source.empty()) text(edge_first_source, e.first_source);
    if (!e.first_url.empty()) text(edge_first_url, e.first_url);
    if (e.hedged) literal(edge_hedged, "true");
    out.put("    </edge>\n");
  }
  out.put("  </graph>\n</graphml>\n");
}

void write_gexf(const ExportModel& m, TextOut& out) {
  // Label, weight and colour are GEXF built-ins (label=, weight=, viz:color);
  // everything else is a declared attribute.
  UsedKeys used = used_keys(m, false, false, false);
  bool dynamic = false;
  for (const auto& e : m.edges) dynamic = dynamic || e.date.has_value();

  out.put(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\"\n"
      "      xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
      "      xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n"
      "  <meta>\n    <creator>kg</creator>\n"
      "    <description>Knowledge graph from news articles: entities and the relations sentences state "
      "between them</description>\n  </meta>\n");
  if (dynamic)
    out.put("  <graph mode=\"dynamic\" timeformat=\"date\" defaultedgetype=\"directed\">\n");
  else
    out.put("  <graph mode=\"static\" defaultedgetype=\"directed\">\n");
  for (Domain d : {Domain::node, Domain::edge}) {
    bool any = false;
    for (int k = 0; k < key_count; ++k) any = any || (used.used[k] && kKeys[k].domain == d);
    if (!any) continue;
    out.put(d == Domain::node ? "    <attributes class=\"node\" mode=\"static\">\n"
                              : "    <attributes class=\"edge\" mode=\"static\">\n");
    for (int k = 0; k < key_count; ++k)
      if (used.used[k] && kKeys[k].domain == d) {
        out.put("      <attribute id=\"");
        out.put(kKeys[k].name);
        out.put("\" title=\"");
        out.put(kKeys[k].name);
        out.put("\" type=\"");
        out.put(kKeys[k].type);
        out.put("\"/>\n");
      }
    out.put("    </attributes>\n");
  }
  // Every row has at least one attribute value (type, relation), so the
  // <attvalues> element is never empty.
  auto open_value = [&](Key k) {
    out.put("          <attvalue for=\"");
    out.put(kKeys[k].name);
    out.put("\" value=\"");
  };
  auto text = [&](Key k, std::string_view value) {
    open_value(k);
    out.put_xml(value, true);
    out.put("\"/>\n");
  };

  out.put("    <nodes>\n");
  std::string color_of_type[2];  // cache of the last type's viz:color line
  for (std::size_t i = 0; i < m.nodes.size(); ++i) {
    const NodeRow& n = m.nodes[i];
    out.put("      <node id=\"");
    put_node_id(out, i);
    out.put("\" label=\"");
    out.put_xml(n.label, true);
    out.put("\">\n        <attvalues>\n");
    text(node_type, n.type);
    if (!n.aliases.empty()) text(node_aliases, n.aliases);
    out.put("        </attvalues>\n");
    if (color_of_type[0] != n.type || color_of_type[1].empty()) {
      Rgb c = type_color(n.type);
      color_of_type[0] = n.type;
      color_of_type[1] = "        <viz:color r=\"" + std::to_string(c.r) + "\" g=\"" + std::to_string(c.g) +
                         "\" b=\"" + std::to_string(c.b) + "\" a=\"1.0\"/>\n      </node>\n";
    }
    out.put(color_of_type[1]);
  }
  out.put("    </nodes>\n    <edges>\n");
  for (std::size_t i = 0; i < m.edges.size(); ++i) {
    const EdgeRow& e = m.edges[i];
    // kind = relation: Gephi never merges edges of different kinds, so
    // invests-in and partners-with between one pair stay two edges.
    out.put("      <edge id=\"");
    put_edge_id(out, i);
    out.put("\" source=\"");
    put_node_id(out, e.source);
    out.put("\" target=\"");
    put_node_id(out, e.target);
    out.put("\" label=\"");
    out.put_xml(e.relation, true);
    out.put("\" kind=\"");
    out.put_xml(e.relation, true);
    out.put("\" weight=\"");
    out.put_number(e.weight);
    out.put('"');
    if (e.date) {
      // Month or year precision becomes the first day (date_to_day).
      out.put(" start=\"");
      out.put_date(Date{e.date->year, e.date->month == 0 ? 1 : e.date->month, e.date->day == 0 ? 1 : e.date->day});
      out.put('"');
    }
    out.put(">\n        <attvalues>\n");
    text(edge_relation, e.relation);
    if (e.symmetric) {
      open_value(edge_symmetric);
      out.put("true\"/>\n");
    }
    if (e.amount) {
      open_value(edge_amount);
      out.put_number(*e.amount);
      out.put("\"/>\n");
    }
    if (!e.currency.empty()) text(edge_currency, e.currency);
    if (!e.amount_text.empty()) text(edge_amount_text, e.amount_text);
    if (e.date) {
      open_value(edge_date);
      out.put_date(*e.date);
      out.put("\"/>\n");
    }
    if (!e.first_source.empty()) text(edge_first_source, e.first_source);
    if (!e.first_url.empty()) text(edge_first_url, e.first_url);
    if (e.hedged) {
      open_value(edge_hedged);
      out.put("true\"/>\n");
    }
    out.put("        </attvalues>\n      </edge>\n");
  }
  out.put("    </edges>\n  </graph>\n</gexf>\n");
}

}  // namespace kg::export_detail
