// GraphML and GEXF writers. Written by hand rather than with Boost's
// write_graphml, which prints doubles with 6 digits in the global locale and
// leaves names unescaped; see docs/gephi.md for what Gephi makes of each part.
#include <map>
#include <utility>

#include "common/value.hpp"
#include "graph/export_model.hpp"

namespace kg::export_detail {

namespace {

enum class Domain { node, edge };

struct KeySpec {
  Domain domain;
  const char* name;  // attr.name: a plain token, so it is a valid NMTOKEN and needs no escaping
  const char* type;  // GraphML attr.type / GEXF attribute type
};

// Every attribute an export can carry, in output order. Only the ones some
// row actually uses are declared.
const KeySpec kKeys[] = {
    {Domain::node, "label", "string"},        // Gephi's node label property
    {Domain::node, "type", "string"},         // entity type: partition on it in Gephi
    {Domain::node, "aliases", "string"},      // other surface forms, "; "-separated
    {Domain::node, "color", "string"},        // Gephi's node colour property (#rrggbb by type)
    {Domain::edge, "label", "string"},        // Gephi's edge label property
    {Domain::edge, "relation", "string"},     // the same, as a column to filter and partition on
    {Domain::edge, "weight", "double"},       // number of supporting sentences
    {Domain::edge, "symmetric", "boolean"},   // partners-with, competes-with: direction carries no meaning
    {Domain::edge, "amount", "double"},
    {Domain::edge, "currency", "string"},
    {Domain::edge, "amount_text", "string"},  // the amount as the article wrote it
    {Domain::edge, "date", "string"},         // ISO 8601 day or month: Gephi has no date attr.type
    {Domain::edge, "first_source", "string"}, // document id of the first evidence, #sentence
    {Domain::edge, "first_url", "string"},
    {Domain::edge, "hedged", "boolean"},      // every supporting sentence hedges ("reportedly")
};

using Values = std::vector<std::pair<std::string, std::string>>;  // attr.name -> raw (unescaped) text

Values node_values(const NodeRow& n) {
  Values v{{"label", n.label}, {"type", n.type}, {"color", n.color}};
  if (!n.aliases.empty()) v.emplace_back("aliases", n.aliases);
  return v;
}

// Missing values are left out, never written as empty strings.
Values edge_values(const EdgeRow& e, bool with_label_and_weight) {
  Values v;
  if (with_label_and_weight) {
    v.emplace_back("label", e.relation);
    v.emplace_back("weight", format_double(e.weight));
  }
  v.emplace_back("relation", e.relation);
  if (e.symmetric) v.emplace_back("symmetric", "true");
  if (e.amount) v.emplace_back("amount", format_double(*e.amount));
  if (!e.currency.empty()) v.emplace_back("currency", e.currency);
  if (!e.amount_text.empty()) v.emplace_back("amount_text", e.amount_text);
  if (e.date) v.emplace_back("date", e.date->iso());
  if (!e.first_source.empty()) v.emplace_back("first_source", e.first_source);
  if (!e.first_url.empty()) v.emplace_back("first_url", e.first_url);
  if (e.hedged) v.emplace_back("hedged", "true");
  return v;
}

// The keys used by at least one row, in kKeys order.
std::vector<const KeySpec*> used_keys(const ExportModel& m, bool with_edge_label_and_weight, bool with_node_label,
                                      bool with_node_color) {
  std::map<std::pair<Domain, std::string>, bool> used;
  for (const auto& n : m.nodes)
    for (const auto& kv : node_values(n)) used[{Domain::node, kv.first}] = true;
  for (const auto& e : m.edges)
    for (const auto& kv : edge_values(e, with_edge_label_and_weight)) used[{Domain::edge, kv.first}] = true;
  std::vector<const KeySpec*> out;
  for (const auto& k : kKeys) {
    if (k.domain == Domain::node && std::string(k.name) == "label" && !with_node_label) continue;
    if (k.domain == Domain::node && std::string(k.name) == "color" && !with_node_color) continue;
    if (used.count({k.domain, k.name})) out.push_back(&k);
  }
  return out;
}

}  // namespace

void write_graphml(const ExportModel& m, std::ostream& out) {
  std::vector<const KeySpec*> keys = used_keys(m, true, true, true);
  // Key ids k0, k1, ...: unique across both domains (the XSD wants that) and
  // never networkx's d3/d7, which old Gephi read as labels.
  std::map<std::pair<Domain, std::string>, std::string> key_id;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
         "         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
         "         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
         "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n";
  for (std::size_t i = 0; i < keys.size(); ++i) {
    std::string id = "k" + std::to_string(i);
    key_id[{keys[i]->domain, keys[i]->name}] = id;
    out << "  <key id=\"" << id << "\" for=\"" << (keys[i]->domain == Domain::node ? "node" : "edge")
        << "\" attr.name=\"" << keys[i]->name << "\" attr.type=\"" << keys[i]->type << "\"/>\n";
  }
  out << "  <graph id=\"G\" edgedefault=\"directed\">\n";
  auto write_data = [&](Domain d, const Values& values) {
    // Same order as the key declarations, so output does not depend on row layout.
    for (const auto* k : keys) {
      if (k->domain != d) continue;
      for (const auto& kv : values)
        if (kv.first == k->name) {
          out << "      <data key=\"" << key_id[{d, kv.first}] << "\">" << xml_escape(kv.second) << "</data>\n";
          break;
        }
    }
  };
  for (const auto& n : m.nodes) {
    out << "    <node id=\"" << n.id << "\">\n";
    write_data(Domain::node, node_values(n));
    out << "    </node>\n";
  }
  for (const auto& e : m.edges) {
    out << "    <edge id=\"" << e.id << "\" source=\"" << m.nodes[e.source].id << "\" target=\""
        << m.nodes[e.target].id << "\">\n";
    write_data(Domain::edge, edge_values(e, true));
    out << "    </edge>\n";
  }
  out << "  </graph>\n</graphml>\n";
}

void write_gexf(const ExportModel& m, std::ostream& out) {
  // Label, weight and colour are GEXF built-ins (label=, weight=, viz:color);
  // everything else is a declared attribute.
  std::vector<const KeySpec*> keys = used_keys(m, false, false, false);
  bool dynamic = false;
  for (const auto& e : m.edges) dynamic = dynamic || e.date.has_value();

  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\"\n"
         "      xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
         "      xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n"
         "  <meta>\n    <creator>kg</creator>\n"
         "    <description>Knowledge graph from news articles: entities and the relations sentences state "
         "between them</description>\n  </meta>\n";
  if (dynamic)
    out << "  <graph mode=\"dynamic\" timeformat=\"date\" defaultedgetype=\"directed\">\n";
  else
    out << "  <graph mode=\"static\" defaultedgetype=\"directed\">\n";
  for (Domain d : {Domain::node, Domain::edge}) {
    bool any = false;
    for (const auto* k : keys) any = any || k->domain == d;
    if (!any) continue;
    out << "    <attributes class=\"" << (d == Domain::node ? "node" : "edge") << "\" mode=\"static\">\n";
    for (const auto* k : keys)
      if (k->domain == d)
        out << "      <attribute id=\"" << k->name << "\" title=\"" << k->name << "\" type=\"" << k->type << "\"/>\n";
    out << "    </attributes>\n";
  }
  auto write_attvalues = [&](Domain d, const Values& values) {
    bool open = false;
    for (const auto* k : keys) {
      if (k->domain != d) continue;
      for (const auto& kv : values)
        if (kv.first == k->name) {
          if (!open) out << "        <attvalues>\n";
          open = true;
          out << "          <attvalue for=\"" << k->name << "\" value=\"" << xml_escape(kv.second, true) << "\"/>\n";
          break;
        }
    }
    if (open) out << "        </attvalues>\n";
  };

  out << "    <nodes>\n";
  for (const auto& n : m.nodes) {
    out << "      <node id=\"" << n.id << "\" label=\"" << xml_escape(n.label, true) << "\">\n";
    write_attvalues(Domain::node, node_values(n));
    Rgb c = type_color(n.type);
    out << "        <viz:color r=\"" << c.r << "\" g=\"" << c.g << "\" b=\"" << c.b << "\" a=\"1.0\"/>\n";
    out << "      </node>\n";
  }
  out << "    </nodes>\n    <edges>\n";
  for (const auto& e : m.edges) {
    // kind = relation: Gephi never merges edges of different kinds, so
    // invests-in and partners-with between one pair stay two edges.
    out << "      <edge id=\"" << e.id << "\" source=\"" << m.nodes[e.source].id << "\" target=\""
        << m.nodes[e.target].id << "\" label=\"" << xml_escape(e.relation, true) << "\" kind=\""
        << xml_escape(e.relation, true) << "\" weight=\"" << format_double(e.weight) << "\"";
    if (e.date) out << " start=\"" << date_to_day(*e.date) << "\"";
    out << ">\n";
    write_attvalues(Domain::edge, edge_values(e, false));
    out << "      </edge>\n";
  }
  out << "    </edges>\n  </graph>\n</gexf>\n";
}

}  // namespace kg::export_detail
