// kg stats: what a graph file holds, by entity type and relation type.
#include <algorithm>
#include <iostream>
#include <map>

#include "cli/commands.hpp"
#include "graph/graph_file.hpp"

namespace kg::cli {

static const CommandSpec kStatsSpec{
    "stats", "GRAPH [--json]", "Count entities per type, relations per type, evidence and documents.", "",
    {{"json", 0, "", "Print the counts as one JSON object"}}, 1, 1};

int cmd_stats(int argc, char** argv) {
  ParsedArgs args;
  if (parse_or_help(kStatsSpec, argc, argv, args)) return 0;
  KnowledgeGraph g = load_graph(args.positional[0]);
  const Graph& gr = g.graph();
  std::map<std::string, std::size_t> by_etype, by_rtype, ev_by_rtype;
  for (Vertex v : boost::make_iterator_range(boost::vertices(gr))) ++by_etype[g.entity_type_name(v)];
  for (Edge e : g.relations()) {
    ++by_rtype[g.relation_type_name(e)];
    ev_by_rtype[g.relation_type_name(e)] += gr[e].evidence.size();
  }
  if (args.has("json")) {
    auto obj = [](const std::map<std::string, std::size_t>& m) {
      std::string s = "{";
      for (const auto& [k, n] : m) s += (s.size() > 1 ? ", \"" : "\"") + k + "\": " + std::to_string(n);
      return s + "}";
    };
    std::cout << "{\"entities\": " << g.entity_count() << ", \"relations\": " << g.relation_count()
              << ", \"evidence\": " << g.evidence_count() << ", \"documents\": " << g.documents().size()
              << ", \"entity_types\": " << obj(by_etype) << ", \"relation_types\": " << obj(by_rtype)
              << ", \"evidence_by_relation_type\": " << obj(ev_by_rtype) << "}\n";
    exit_without_cleanup(0);
  }
  std::size_t width = 16;
  for (const auto& [k, n] : by_etype) width = std::max(width, k.size() + 2);
  for (const auto& [k, n] : by_rtype) width = std::max(width, k.size() + 2);
  auto row = [&](const std::string& k, std::size_t n, const std::string& extra = "") {
    std::cout << "  " << k << std::string(width - k.size(), ' ') << n << extra << "\n";
  };
  std::cout << "entities   " << g.entity_count() << "\nrelations  " << g.relation_count() << "\nevidence   "
            << g.evidence_count() << "\ndocuments  " << g.documents().size() << "\n\nentities by type\n";
  for (const auto& [k, n] : by_etype) row(k, n);
  std::cout << "\nrelations by type (evidence)\n";
  for (const auto& [k, n] : by_rtype) row(k, n, "  (" + std::to_string(ev_by_rtype[k]) + ")");
  exit_without_cleanup(0);
}

}  // namespace kg::cli
