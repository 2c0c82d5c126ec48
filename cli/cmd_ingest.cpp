// kg ingest: build or extend a graph file from a triples file (JSON Lines).
// Text input is handled by the ingest pipeline (see ingest/).
#include <algorithm>
#include <iostream>
#include <optional>

#include "cli/commands.hpp"
#include "common/error.hpp"
#include "common/shard.hpp"
#include "graph/graph_file.hpp"
#include "graph/triple.hpp"
#include "ingest/bundle.hpp"
#include "ingest/inputs.hpp"

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
        {"output", 'o', "GRAPH", "Graph file to write (required; binary .kgb when the name ends so, else JSON)"},
        {"append", 'a', "", "Add to the existing graph file instead of replacing it"},
        {"triples", 't', "FILE", "Import triples from a JSON Lines file (- for stdin)", true},
        {"rules", 'r', "RULES.json", "Rules file for text input (default: the bundled rules)"},
        {"entities", 'e', "ENTITIES.json", "Gazetteer for text input (default: the bundled entities)"},
        {"jobs", 'j', "N", "Worker threads for text input"},
        {"shard", 0, "I/N", "Only the documents of shard I of N (1-based, by a hash of the document id; see docs/scale.md)"},
        {"max-doc-bytes", 0, "N", "Skip (with a warning) documents larger than N bytes (default 16777216)"},
        {"max-line-bytes", 0, "N", "Longest .jsonl line: a longer document line is skipped, a longer triples line is an error (default 33554432)"},
    },
    0};

// Input size limits and worker count from --max-doc-bytes, --max-line-bytes
// and --jobs (shared with kg extract).
ingest::InputLimits input_limits(const ParsedArgs& args) {
  ingest::InputLimits limits;
  limits.max_document_bytes = static_cast<std::size_t>(args.get_int("max-doc-bytes", static_cast<long long>(limits.max_document_bytes)));
  limits.max_line_bytes = static_cast<std::size_t>(args.get_int("max-line-bytes", static_cast<long long>(limits.max_line_bytes)));
  return limits;
}

unsigned worker_jobs(const ParsedArgs& args) {
  long long jobs = args.get_int("jobs", 1);
  // Each worker is a thread; thousands would fail to start, not run faster.
  if (jobs < 1 || jobs > 256) throw UsageError("--jobs takes a number from 1 to 256, not '" + args.get("jobs") + "'");
  return static_cast<unsigned>(jobs);
}

int cmd_ingest(int argc, char** argv) {
  ParsedArgs args;
  if (parse_or_help(kIngestSpec, argc, argv, args)) return 0;
  if (!args.has("output")) throw UsageError("kg ingest: -o GRAPH is required");
  if (!args.has("triples") && args.positional.empty())
    throw UsageError("kg ingest: give INPUT files/directories or --triples FILE");
  if (args.has("triples") && !args.positional.empty())
    throw UsageError("kg ingest: text inputs and --triples cannot be mixed in one run");
  std::string out = args.get("output");
  const ingest::InputLimits limits = input_limits(args);
  const unsigned jobs = worker_jobs(args);
  // Sharding: each document (for triples, each source.doc) goes to exactly one shard.
  std::optional<ShardSpec> shard;
  if (args.has("shard")) shard = parse_shard(args.get("shard"));
  KnowledgeGraph g = args.has("append") ? load_graph(out) : KnowledgeGraph();
  std::size_t n = 0;
  for (const auto& file : args.all("triples"))
    read_triples_file(file, limits.max_line_bytes, [&](const Triple& t) {
      if (shard && !in_shard(t.source.doc, *shard)) return;
      add_triple(g, t);
      ++n;
    });
  if (!args.positional.empty()) {
    // Text input: the ingest pipeline, then every triple with its document.
    auto bundle = ingest::load_bundle(args.get("rules"), args.get("entities"));
    for (const auto& rel : bundle->rules.relations) g.add_relation_type(rel.name, rel.symmetric);
    auto warn = [](const std::string& m) { std::cerr << "kg ingest: warning: " << m << "\n"; };
    auto docs = ingest::read_inputs(args.positional, warn, limits);
    if (shard)
      docs.erase(std::remove_if(docs.begin(), docs.end(), [&](const auto& d) { return !in_shard(d.id, *shard); }),
                 docs.end());
    ingest::extract_all(*bundle->extractor, docs, jobs, false,
                        [&](std::size_t i, std::vector<Triple>& triples, const std::string&) {
                          Document meta;
                          meta.id = docs[i].id;
                          meta.title = docs[i].title;
                          meta.url = docs[i].url;
                          meta.date = docs[i].date;
                          g.add_document(meta);
                          for (const auto& t : triples) {
                            add_triple(g, t, &meta);
                            ++n;
                          }
                        });
    // Known aliases of the entities found, so "Mistral" and "Mistral AI" stay one entity later.
    for (const auto& entry : bundle->gazetteer.entries())
      if (auto v = g.find_entity(entry.name))
        for (const auto& a : entry.aliases) g.add_alias(*v, a);
  }
  // Canonical evidence order, so a sharded ingest merges to this same graph.
  g.sort_evidence();
  save_graph(g, out);
  std::cerr << "kg ingest: " << n << " triples -> " << out << " (" << g.entity_count() << " entities, "
            << g.relation_count() << " relations, " << g.evidence_count() << " evidence)\n";
  return 0;
}

}  // namespace kg::cli
