// The per-document state of one extraction run and the stages that work on
// it, one file each: mentions.cpp (entities and descriptions), chunker.cpp
// (chunks and verb groups), matcher.cpp (pattern elements), slots.cpp
// (entity slots: lists, appositions, premodifiers, deal parties),
// triples.cpp (a match becomes triples: roles, attributes, negation,
// hedging), rule_runner.cpp (rules per sentence and conflict resolution),
// explain.cpp (--explain text), extractor.cpp (the driver). Private to
// ingest/: nothing outside includes it.
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "ingest/chunker.hpp"
#include "ingest/extractor.hpp"
#include "ingest/tokenize.hpp"
#include "ingest/values.hpp"

namespace kg::ingest {

enum class How { gazetteer, name, alias, descriptor, pronoun };
inline const char* how_name(How h) {
  switch (h) {
    case How::gazetteer: return "gazetteer";
    case How::name: return "unknown name";
    case How::alias: return "short alias";
    case How::descriptor: return "description";
    case How::pronoun: return "pronoun";
  }
  return "";
}

struct DocEntity {
  std::string name;
  int type;
};

struct Mention {
  std::uint32_t tb = 0, te = 0;
  int ent = -1;  // -1: unresolved description / pronoun
  int type = 0;
  How how = How::gazetteer;
  std::vector<int> cands;  // pronoun antecedents, best first
  std::string note;        // explain: alias resolution
  int partner = -1;        // "the deal": shadow mention of the second party (slots with parties only)
};

struct Bind {
  int role;
  bool value;  // value mention instead of entity mention
  int idx;
};

// A non-owning reference to a callable: continuations in the matcher are
// called many times per sentence, and std::function would allocate.
template <typename Sig>
class FnRef;
template <typename R, typename... A>
class FnRef<R(A...)> {
 public:
  template <typename F, typename = std::enable_if_t<!std::is_same_v<std::decay_t<F>, FnRef>>>
  FnRef(const F& f) : obj_(&f), call_([](const void* o, A... a) -> R { return (*static_cast<const F*>(o))(a...); }) {}
  R operator()(A... a) const { return call_(obj_, a...); }

 private:
  const void* obj_;
  R (*call_)(const void*, A...);
};

struct Candidate {
  Triple t;
  const Rule* rule;
  std::uint32_t len;
};


struct DocRun {
  const Extractor& x;
  const RuleSet& rs;
  const InputDocument& doc;
  std::string* explain;
  ExtractStats* stats;
  TokenizedText tt;
  std::vector<DocEntity> ents;
  std::unordered_map<std::string, int> ent_by_name;   // folded canonical name -> entity
  std::unordered_map<std::string, int> alias;         // folded short form -> entity (first seen wins)
  std::unordered_map<int, int> gaz_ent;               // gazetteer entry -> entity
  std::unordered_map<int, int> hq;                    // place entity -> organization entity ("Paris-based X")
  std::vector<std::pair<int, int>> recent;            // (entity, type) mentions in document order
  std::size_t recent_before = 0;                      // recent.size() when this sentence began
  std::vector<std::vector<int>> sentence_orgs;        // organisation-like entities per sentence
  std::vector<int> last_deal;                         // parties of the document's main deal so far ("the deal")
  std::vector<std::pair<std::pair<int, int>, int>> deal_counts;  // deal parties -> sentences mentioning them, first seen first
  std::vector<std::uint32_t> wid;                     // token -> vocabulary id (0: not a rule word)
  std::vector<std::uint64_t> whash;                   // token -> hash of its folded form
  std::vector<std::uint64_t> lower_table;             // hashes of words seen in lower case (open addressing)
  std::size_t lower_mask = 0;
  bool lower_words_ready = false;
  bool headline = false;                              // this sentence is a title-case headline

  // per sentence
  std::uint32_t sb = 0, se = 0;
  std::vector<Mention> ms;
  std::vector<int> mention_at;  // token - sb -> mention index or -1
  std::vector<ValueMention> vals;
  std::vector<int> value_at;
  std::vector<Bind> binds;
  std::vector<int> slot_items;
  struct ItemCache {
    std::int32_t off = -1, n = 0;
  };
  std::vector<ItemCache> item_cache;                 // (slot signature, position) -> candidates in item_pool
  std::vector<std::pair<int, std::uint32_t>> item_pool;
  std::vector<std::uint32_t> item_starts, item_heads;
  std::vector<std::uint32_t> todo;
  std::vector<std::uint32_t> rule_last;              // rule -> last token of its trigger in this sentence
  std::size_t steps = 0;
  std::uint32_t fail_tok = 0;
  const Elem* fail_elem = nullptr;
  int fail_index = -1;
  std::vector<Triple> out;

  using LexIndex = Extractor::LexIndex;
  const LexIndex &L_PERSON_TITLE, &L_ORG_DESCRIPTOR, &L_REG_DESCRIPTOR, &L_DEAL_NOUN, &L_DET, &L_DESC_DET, &L_PRONOUN,
      &L_ORG_SUFFIX, &L_ORG_CUE, &L_REG_CUE, &L_HEDGE, &L_REPORT, &L_PERSON_DESCRIPTOR, &L_PREMOD_HEAD,
      &L_SENTENCE_VERB, &L_LEGAL_SUFFIX;

  DocRun(const Extractor& e, const InputDocument& d, std::string* ex, ExtractStats* st)
      : x(e), rs(e.rules_), doc(d), explain(ex), stats(st), L_PERSON_TITLE(e.lex("PERSON_TITLE")),
        L_ORG_DESCRIPTOR(e.lex("ORG_DESCRIPTOR")), L_REG_DESCRIPTOR(e.lex("REG_DESCRIPTOR")), L_DEAL_NOUN(e.lex("DEAL_NOUN")),
        L_DET(e.lex("DET")), L_DESC_DET(e.lex("DESC_DET")), L_PRONOUN(e.lex("PRONOUN")), L_ORG_SUFFIX(e.lex("ORG_SUFFIX")),
        L_ORG_CUE(e.lex("ORG_CUE")), L_REG_CUE(e.lex("REG_CUE")),
        L_HEDGE(e.lex("HEDGE")), L_REPORT(e.lex("REPORT")), L_PERSON_DESCRIPTOR(e.lex("PERSON_DESCRIPTOR")),
        L_PREMOD_HEAD(e.lex("PREMOD_HEAD")), L_SENTENCE_VERB(e.lex("SENTENCE_VERB")), L_LEGAL_SUFFIX(e.lex("LEGAL_SUFFIX")) {}
  bool in(const LexIndex& l, std::string_view tok) const { return l.single.count(tok) != 0; }
  // Token-based lookups through the vocabulary ids (i may be past the sentence end).
  bool at(const LexIndex& l, std::uint32_t i) const {
    if (i >= se) return false;
    if (l.bit >= 0) return (x.lex_single_[wid[i]] >> l.bit) & 1;
    return l.single.count(tt.fold(i)) != 0;
  }
  bool stop_at(std::uint32_t i) const { return i < se && x.stop_kind_[wid[i]] != 0; }
  int stop_kind_at(std::uint32_t i) const { return i < se ? x.stop_kind_[wid[i]] : 0; }
  const std::vector<std::uint32_t>* trig_at(std::uint32_t i) const { return i < se ? x.trig_[wid[i]] : nullptr; }
  bool stop(std::string_view w) const { return x.stop_view_.count(w) != 0; }
  int stop_kind(std::string_view w) const {
    auto it = x.stop_view_.find(w);
    return it == x.stop_view_.end() ? 0 : it->second;
  }

  std::string_view f(std::uint32_t i) const { return i < se ? tt.fold(i) : std::string_view(); }
  bool is(std::uint32_t i, std::string_view w) const { return i < se && tt.fold(i) == w; }
  // Literal words: the length is known at compile time (no strlen on the hot path).
  template <std::size_t N>
  bool is(std::uint32_t i, const char (&w)[N]) const {
    if (i >= se) return false;
    const Token& t = tt.tokens[i];
    return t.fold_len == N - 1 && std::memcmp(tt.folded.data() + t.fold_off, w, N - 1) == 0;
  }
  std::string raw(std::uint32_t b, std::uint32_t e) const {
    if (b >= e) return "";
    return std::string(tt.text.substr(tt.tokens[b].start, tt.tokens[e - 1].end - tt.tokens[b].start));
  }
  bool type_ok(int t, const std::vector<int>& accepted) const {
    for (int a : accepted)
      if (rs.types.is_a(t, a)) return true;
    return false;
  }
  bool orgish(int t) const { return rs.types.is_a(t, x.org_type_) || t == x.other_type_; }
  // Does a lexicon sequence start at token i? Returns its length or 0.
  std::uint32_t lex_at(const LexIndex& l, std::uint32_t i) const {
    if (i >= se) return 0;
    if (l.bit >= 0) {
      const std::uint32_t w = wid[i];
      std::uint32_t best = (x.lex_single_[w] >> l.bit) & 1;
      if (!((x.lex_first_[w] >> l.bit) & 1)) return best;
      for (const auto& seq : l.multi_ids) {
        if (seq.size() <= best || i + seq.size() > se) continue;
        bool ok = true;
        for (std::size_t k = 0; k < seq.size() && ok; ++k) ok = wid[i + k] == seq[k];
        if (ok) best = static_cast<std::uint32_t>(seq.size());
      }
      return best;
    }
    std::string_view w = tt.fold(i);
    std::uint32_t best = l.single.count(w) ? 1 : 0;
    if (!l.multi_first.count(w)) return best;
    for (const auto* seq : l.multi) {
      if (seq->size() <= best || i + seq->size() > se) continue;
      bool ok = true;
      for (std::size_t k = 0; k < seq->size() && ok; ++k) ok = tt.fold(i + k) == (*seq)[k];
      if (ok) best = static_cast<std::uint32_t>(seq->size());
    }
    return best;
  }

  int entity(const std::string& name, int type);
  void register_short_forms(int id, const std::vector<std::string>& toks);

  // ------------------------------------------------------------ entities
  bool title_before(std::uint32_t i) const;

  // Words the document also uses in lower case are common words, not names
  // ("Round", "Opens" in a title-case headline). Built on first use.
  bool common_word(std::uint32_t i);
  // Words that describe rather than name: "Startup", "Regulator", "Chief".
  bool descriptive_word(std::uint32_t i) const;
  // A lone capitalised word opening a sentence is a name only when it looks
  // like one: inner capitals ("ServiceNow"), or a verb, possessive or
  // relative clause right after it ("Snowflake agreed", "Stripe, which").
  bool lone_start_name(std::uint32_t b, std::uint32_t e);

  void find_mentions(std::size_t sentence_index);

  // ------------------------------------------------------------ chunks (chunker.cpp)
  std::vector<Chunk> chunks;
  std::vector<int> chunk_at;  // token - sb -> chunk index
  std::uint16_t wclass(std::uint32_t i) const;
  bool verb_like(std::uint32_t i) const;
  bool adverb_like(std::uint32_t i) const;
  std::uint32_t verb_group_at(std::uint32_t i, Chunk& out) const;
  bool chunks_ready = false;  // chunks are built on first use in a sentence (a match, or --explain)
  void build_chunks();
  void ensure_chunks() {
    if (!chunks_ready) build_chunks();
    chunks_ready = true;
  }
  void explain_sentence(std::size_t si);
  int governing_vg(std::uint32_t tok) const;
  std::uint32_t apposition_close(std::uint32_t a, std::uint32_t limit);
  std::string chunk_text(const Chunk& c) const;
  std::string chunk_line() const;

  // ------------------------------------------------------------ matcher
  using K = FnRef<bool(std::uint32_t)>;
  static constexpr std::size_t kStepBudget = 50000;

  void miss(const Elem& e, int index, std::uint32_t pos);
  bool sentence_break(std::uint32_t i) const;
  bool name_at(std::uint32_t i) const;

  bool seq(const std::vector<Elem>& s, std::size_t i, std::uint32_t pos, const K& k);
  bool rep(const Elem& e, int index, int count, std::uint32_t pos, const K& k);
  bool one(const Elem& e, int index, std::uint32_t pos, const K& k);

  bool mention_ok(const Mention& m, const Elem& e) const;

  // One item of a slot: optional determiner, descriptive premodifiers ("the
  // French startup", "San Francisco-based"), a place possessive ("the UK's"),
  // then an entity; "OpenAI's GPT-4" gives GPT-4 when the slot wants a model.
  // The candidates of one slot item at `pos`, in the order they are tried,
  // appended to item_pool (they depend only on the slot's types and parties
  // flag, so they are computed once per sentence, position and signature).
  void item_candidates(const Elem& e, std::uint32_t pos);

  ItemCache& item_entry(const Elem& e, std::uint32_t pos);
  bool item_possible(const Elem& e, std::uint32_t pos) { return pos < se && item_entry(e, pos).n > 0; }

  bool item(const Elem& e, std::uint32_t pos, FnRef<bool(int, std::uint32_t)> cb);

  // A slot's items live on slot_items from `base` up (nested slots push above them).
  struct SlotCtx {
    const Elem& e;
    std::uint32_t pos;
    const K& k;
    std::size_t base;
  };
  // "According to Bloomberg, Rivenna invested ...": a cited source is no list member of what follows it
  bool cited_source(std::uint32_t t0) const {
    return t0 >= sb + 2 && (wclass(t0 - 1) & kWcPrep) && is(t0 - 1, "to") && is(t0 - 2, "according");
  }
  bool slot_finish(const SlotCtx& c, std::uint32_t p);
  bool slot_extend(const SlotCtx& c, std::uint32_t p);
  bool slot(const Elem& e, int index, std::uint32_t pos, const K& k);

  // ------------------------------------------------------------ triples
  bool lookaround_ok(const Rule& r, std::uint32_t start, std::uint32_t end);

  int resolve(const Mention& m, const std::vector<int>& avoid, const std::vector<int>& types) const;

  // A price right after the match ("for $400 million", "in a deal valued at ..."), or nullptr.
  const ValueMention* trailing_amount(std::uint32_t end);
  // A negation (or speculation) cue of a match, decided on its chunks; "" when there is none.
  std::string polarity_cue(std::uint32_t start, std::uint32_t end, bool negation);

  void on_match(const Rule& r, std::uint32_t start, std::uint32_t end, std::size_t si, std::vector<Candidate>& cands);

  void run_rules(std::size_t si);

  void run();
};
}  // namespace kg::ingest
