// kg merge: combine graph files (e.g. shards ingested separately) into one,
// alias-aware, keeping all evidence.
#include <iostream>

#include "cli/commands.hpp"
#include "common/error.hpp"
#include "graph/graph_file.hpp"

namespace kg::cli {

static const CommandSpec kMergeSpec{
    "merge", "GRAPH... -o OUT.kg|OUT.kgb", "Merge graph files into one: entities by name and alias, relations by (subject, type, object), all evidence kept.", "",
    {{"output", 'o', "GRAPH", "Graph file to write (required; binary .kgb when the name ends so, else JSON)"}}, 1};

int cmd_merge(int argc, char** argv) {
  ParsedArgs args;
  if (parse_or_help(kMergeSpec, argc, argv, args)) return 0;
  if (!args.has("output")) throw UsageError("kg merge: -o GRAPH is required");
  KnowledgeGraph merged;
  for (const auto& path : args.positional) merged.merge(load_graph(path));
  save_graph(merged, args.get("output"));
  return 0;
}

}  // namespace kg::cli
