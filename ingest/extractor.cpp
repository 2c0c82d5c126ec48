#include "ingest/doc_run.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <type_traits>
#include <unordered_set>

#include "common/error.hpp"
#include "common/text.hpp"
#include "ingest/values.hpp"

#ifndef KG_DATA_DIR
#define KG_DATA_DIR "samples"
#endif

namespace kg::ingest {

void ExtractStats::add(const ExtractStats& o) {
  documents += o.documents;
  sentences += o.sentences;
  tokens += o.tokens;
  triples += o.triples;
  bytes += o.bytes;
  for (const auto& [k, v] : o.rule_hits) rule_hits[k] += v;
}

static std::string data_dir() {
  if (const char* env = std::getenv("KG_DATA_DIR"); env && *env) return env;
  return KG_DATA_DIR;
}
std::string default_rules_path() { return data_dir() + "/rules/default.json"; }
std::string default_entities_path() { return data_dir() + "/entities.json"; }


void DocRun::run() {
  tokenize(doc.text, tt);
  wid.resize(tt.tokens.size());
  whash.resize(tt.tokens.size());
  for (std::size_t i = 0; i < tt.tokens.size(); ++i) {
    std::string_view w = tt.fold(i);
    whash[i] = Extractor::hash_word(w);
    wid[i] = x.word_id(w, whash[i]);
  }
  if (stats) {
    stats->documents++;
    stats->tokens += tt.tokens.size();
    stats->sentences += tt.sentences.size();
    stats->bytes += doc.text.size();
  }
  for (std::size_t si = 0; si < tt.sentences.size(); ++si) {
    sb = tt.sentences[si].tok_begin;
    se = tt.sentences[si].tok_end;
    find_mentions(si);
    chunks_ready = false;
    if (explain) explain_sentence(si);
    run_rules(si);
  }
  if (stats) stats->triples += out.size();
}

std::vector<Triple> Extractor::extract(const InputDocument& doc, std::string* explain, ExtractStats* stats) const {
  DocRun run(*this, doc, explain, stats);
  run.run();
  return std::move(run.out);
}

}  // namespace kg::ingest
