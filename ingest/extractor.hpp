// The text-to-triples pipeline: tokens and sentences, values, entities
// (gazetteer, unknown names with type cues, in-document short aliases,
// descriptions such as "the Paris-based company", pronouns), then the
// compiled rules, with negation/speculation filtering, hedging and
// deterministic conflict resolution. Never prints; --explain output is
// returned as text.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/value.hpp"
#include "graph/triple.hpp"
#include "ingest/gazetteer.hpp"
#include "ingest/rules.hpp"

namespace kg::ingest {

struct InputDocument {
  std::string id;
  std::string text;
  std::string title, url;
  std::optional<Date> date;  // publication date: resolves "in December"
};

struct ExtractStats {
  std::size_t documents = 0, sentences = 0, tokens = 0, triples = 0, bytes = 0;
  std::map<std::string, std::size_t> rule_hits;  // rule id -> triples it produced
  void add(const ExtractStats& o);
};

class Extractor {
 public:
  Extractor(const RuleSet& rules, const Gazetteer& gazetteer);
  // Triples of one document in sentence order. `explain` (optional) receives
  // a human-readable trace: entities per sentence, rules fired with their
  // bindings, dropped matches and near misses.
  std::vector<Triple> extract(const InputDocument& doc, std::string* explain = nullptr,
                              ExtractStats* stats = nullptr) const;
  const RuleSet& rules() const { return rules_; }

 private:
  // A lexicon prepared for the hot path: string_view lookups, no allocation.
  struct LexIndex {
    std::unordered_set<std::string_view> single;
    std::vector<const std::vector<std::string>*> multi;
    std::unordered_set<std::string_view> multi_first;
  };
  const LexIndex& lex(const std::string& name) const;
  const RuleSet& rules_;
  const Gazetteer& gaz_;
  std::unordered_map<std::string, int> stop_words_;  // folded word -> 1 (never a name on its own)
  std::unordered_map<std::string_view, int> stop_view_;
  std::unordered_map<std::string_view, const std::vector<std::uint32_t>*> triggers_;
  std::map<std::string, LexIndex> lex_index_;
  int org_type_ = -1, person_type_ = -1, regulator_type_ = -1, place_type_ = -1, product_type_ = -1,
      other_type_ = -1, money_type_ = -1;
  friend struct DocRun;
};

// The bundled rules and entities: $KG_DATA_DIR, else the directory next to
// the executable's share/, else the source tree's samples/ (compiled in).
std::string default_rules_path();
std::string default_entities_path();

}  // namespace kg::ingest
