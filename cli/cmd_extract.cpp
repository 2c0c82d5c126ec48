// kg extract: run the ingest pipeline over documents and print the triples
// as JSON Lines (one per line), or with --explain a trace per sentence.
#include <chrono>
#include <ctime>
#include <iostream>
#include <thread>

#include "cli/commands.hpp"
#include "common/error.hpp"
#include "graph/triple.hpp"
#include "ingest/bundle.hpp"
#include "ingest/inputs.hpp"

namespace kg::cli {

ingest::InputLimits input_limits(const ParsedArgs& args);  // cmd_ingest.cpp
unsigned worker_jobs(const ParsedArgs& args);

static const CommandSpec kExtractSpec{
    "extract",
    "[-r RULES.json] [-e ENTITIES.json] [--explain] [--jobs N] INPUT...",
    "Print the triples found in documents as JSON Lines.",
    "INPUT is a .txt/.md file (id = file name), a directory (searched recursively; id =\n"
    "relative path), a .jsonl file of {\"id\", \"text\", optional \"date\", \"url\", \"title\"},\n"
    "or - for stdin (id \"-\"). Each output line has subject, subject_type, relation,\n"
    "object, object_type, attrs, source {doc, sentence, start, end, text} and rule;\n"
    "start/end are byte offsets of the evidence span in the document's UTF-8 text.\n"
    "--explain prints, per sentence, the entities found (and how aliases resolved),\n"
    "the rules that fired with their bindings, dropped matches and near misses.",
    {
        {"rules", 'r', "RULES.json", "Rules file (default: the bundled samples/rules/default.json)"},
        {"entities", 'e', "ENTITIES.json", "Gazetteer (default: the bundled samples/entities.json)"},
        {"explain", 'x', "", "Explain each sentence instead of printing JSON Lines"},
        {"jobs", 'j', "N", "Worker threads (output order stays the document order)"},
        {"max-doc-bytes", 0, "N", "Skip (with a warning) documents larger than N bytes (default 16777216)"},
        {"max-line-bytes", 0, "N", "Skip (with a warning) .jsonl lines longer than N bytes (default 33554432)"},
        {"stats", 's', "", "Print per-rule hit counts and throughput to stderr at the end"},
    },
    1};

// A one-line progress display on stderr, only when stderr is a terminal.
struct Progress {
  bool on;
  std::size_t total_docs;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now(), last = start;
  void update(std::size_t docs, std::size_t bytes, bool force = false) {
    if (!on) return;
    auto now = std::chrono::steady_clock::now();
    if (!force && now - last < std::chrono::milliseconds(200)) return;
    last = now;
    double secs = std::chrono::duration<double>(now - start).count();
    double mb = bytes / 1e6;
    int width = 30, filled = total_docs ? static_cast<int>(width * docs / total_docs) : width;
    std::cerr << "\r[" << std::string(filled, '#') << std::string(width - filled, '.') << "] " << docs << "/"
              << total_docs << " docs, " << static_cast<long>(mb) << " MB, "
              << (secs > 0 ? static_cast<long>(mb / secs) : 0) << " MB/s" << std::flush;
    if (force) std::cerr << "\n";
  }
};

int cmd_extract(int argc, char** argv) {
  ParsedArgs args;
  if (parse_or_help(kExtractSpec, argc, argv, args)) return 0;
  auto bundle = ingest::load_bundle(args.get("rules"), args.get("entities"));
  auto warn = [](const std::string& m) { std::cerr << "kg extract: warning: " << m << "\n"; };
  unsigned jobs = worker_jobs(args);
  auto docs = ingest::read_inputs(args.positional, warn, input_limits(args));
  bool explain = args.has("explain");
  std::size_t total_bytes = 0;
  for (const auto& d : docs) total_bytes += d.text.size();
  Progress progress{stderr_is_tty() && !explain && total_bytes > (8u << 20), docs.size()};
  ingest::ExtractStats stats;
  std::size_t done_bytes = 0;
  std::string buf;
  auto t0 = std::chrono::steady_clock::now();
  const std::clock_t cpu0 = std::clock();  // process CPU time, all threads
  ingest::extract_all(*bundle->extractor, docs, jobs, explain,
                      [&](std::size_t i, std::vector<Triple>& triples, const std::string& ex) {
                        if (explain) {
                          std::cout << "== document " << docs[i].id << "\n" << ex;
                          for (const auto& t : triples)
                            std::cout << "TRIPLE " << triple_to_json_line(t) << "\n";
                        } else {
                          buf.clear();
                          for (const auto& t : triples) {
                            buf += triple_to_json_line(t);
                            buf += '\n';
                          }
                          std::cout << buf;
                        }
                        done_bytes += docs[i].text.size();
                        progress.update(i + 1, done_bytes);
                      },
                      &stats);
  progress.update(docs.size(), done_bytes, true);
  std::cout.flush();
  if (args.has("stats")) {
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::cerr << "kg extract: " << stats.documents << " documents, " << stats.sentences << " sentences, " << stats.tokens
              << " tokens, " << stats.triples << " triples in " << secs << " s ("
              << (secs > 0 ? static_cast<long long>(stats.tokens / secs) : 0) << " tokens/s";
    double cpu = static_cast<double>(std::clock() - cpu0) / CLOCKS_PER_SEC;
    std::cerr << "; " << cpu << " s CPU, " << (cpu > 0 ? static_cast<long long>(stats.tokens / cpu) : 0)
              << " tokens per CPU-second)\n";
    for (const auto& [rule, n] : stats.rule_hits) std::cerr << "  " << n << "\t" << rule << "\n";
  }
  return 0;
}

}  // namespace kg::cli
