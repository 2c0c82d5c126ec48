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
  // A lexicon prepared for the hot path: one bit per lexicon in the
  // per-word tables below, multi-token entries as word-id sequences.
  struct LexIndex {
    std::unordered_set<std::string_view> single;
    std::vector<const std::vector<std::string>*> multi;
    std::unordered_set<std::string_view> multi_first;
    int bit = -1;                                    // bit in lex_single_/lex_first_ (-1: more than 64 lexicons)
    std::vector<std::vector<std::uint32_t>> multi_ids;
  };
  // The vocabulary: every folded word a rule, lexicon, stop list or trigger
  // mentions gets an id (0 = any other word). Documents map each token to
  // its id once; the matcher then compares integers.
  struct VocabSlot {
    std::uint64_t hash = 0;
    std::uint32_t id = 0;
  };
  std::uint32_t intern(std::string_view w);
  void build_vocab_table();
 public:
  static std::uint64_t hash_word(std::string_view w) {
    std::uint64_t h = 1469598103934665603ull;  // FNV-1a
    for (unsigned char c : w) h = (h ^ c) * 1099511628211ull;
    return h;
  }
  std::uint32_t word_id(std::string_view w, std::uint64_t h) const {
    for (std::size_t s = h & vocab_mask_;; s = (s + 1) & vocab_mask_) {
      const VocabSlot& slot = vocab_table_[s];
      if (slot.id == 0) return 0;
      if (slot.hash == h && words_[slot.id] == w) return slot.id;
    }
  }
 private:
  std::vector<std::string> words_{""};
  std::unordered_map<std::string, std::uint32_t> word_index_;
  std::vector<VocabSlot> vocab_table_;
  std::size_t vocab_mask_ = 0;
  std::vector<std::uint64_t> lex_single_, lex_first_;  // word id -> lexicon bits
  std::vector<std::uint8_t> stop_kind_;                // word id -> 0 (none), 1 (stop word), 2 (never in a name)
  std::vector<std::uint16_t> word_class_;              // word id -> kWc* bits (the chunker's lexical layer, lexicon.cpp)
  std::vector<std::uint32_t> lemma_of_;                // word id -> word id of its lemma (frame verbs and nouns), 0 if none
  std::vector<const std::vector<std::uint32_t>*> trig_;  // word id -> rules it triggers
  int slot_signatures_ = 1;                            // distinct (types, parties) of entity slots
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
