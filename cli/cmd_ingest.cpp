// kg ingest: build or extend a graph file from a triples file (JSON Lines).
// Text input is handled by the ingest pipeline (see ingest/).
#include <iostream>

#include "cli/commands.hpp"
#include "common/error.hpp"
#include "graph/graph_file.hpp"
#include "graph/triple.hpp"

namespace kg::cli {

static const CommandSpec kIngestSpec{
    "ingest",
    "[-r RULES.json] [-e ENTITIES.json] -o GRAPH.kg [--append] (INPUT... | --triples FILE.jsonl)",
    "Build a graph file from documents or from a triples file, or add to one with --append.",
    "INPUT is a .txt/.md file (one document), a directory (searched recursively), a .jsonl\n"
    "file of documents ({\"id\", \"text\", optional \"date\", \"url\", \"title\"}), or - for stdin.\n"
    "A triples file has one JSON object per line: subject, relation, object, optional\n"
    "subject_type, object_type, attrs, source {doc, sentence, start, end, text}.\n"
    "The graph file is written atomically: a failed run leaves the old file untouched.",
    {
        {"output", 'o', "GRAPH", "Graph file to write (required)"},
        {"append", 'a', "", "Add to the existing graph file instead of replacing it"},
        {"triples", 't', "FILE", "Import triples from a JSON Lines file (- for stdin)", true},
    },
    0};

int cmd_ingest(int argc, char** argv) {
  ParsedArgs args;
  if (parse_or_help(kIngestSpec, argc, argv, args)) return 0;
  if (!args.has("output")) throw UsageError("kg ingest: -o GRAPH is required");
  if (!args.has("triples")) throw UsageError("kg ingest: give --triples FILE (text ingest is not in this build yet)");
  if (!args.positional.empty())
    throw UsageError("kg ingest: text inputs and --triples cannot be mixed in one run");
  std::string out = args.get("output");
  KnowledgeGraph g = args.has("append") ? load_graph(out) : KnowledgeGraph();
  std::size_t n = 0;
  for (const auto& file : args.all("triples"))
    read_triples_file(file, [&](const Triple& t) {
      add_triple(g, t);
      ++n;
    });
  save_graph(g, out);
  std::cerr << "kg ingest: " << n << " triples -> " << out << " (" << g.entity_count() << " entities, "
            << g.relation_count() << " relations, " << g.evidence_count() << " evidence)\n";
  return 0;
}

}  // namespace kg::cli
