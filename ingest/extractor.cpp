#include "ingest/extractor.hpp"

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

Extractor::Extractor(const RuleSet& rules, const Gazetteer& gaz) : rules_(rules), gaz_(gaz) {
  for (const auto& seq : rules_.lexicon("NAME_STOP"))
    if (seq.size() == 1) stop_words_[seq[0]] = 1;
  auto t = [&](const char* n) { return rules_.types.find(n).value_or(-1); };
  org_type_ = t("Organization");
  person_type_ = t("Person");
  regulator_type_ = t("Regulator");
  place_type_ = t("Place");
  product_type_ = t("Product");
  other_type_ = t("Other");
  money_type_ = t("Money");
  // Trigger words (verb and noun forms) never start or continue an unknown
  // name: title-case headlines ("Mistral Unveils Mixtral 8x7B").
  for (const auto& [w, ids] : rules_.trigger_index)
    if (w.size() > 3) stop_words_.emplace(w, 2);
  // Calendar words are never names ("in November", "on Monday"), whatever the rules file says.
  for (const char* w : {"january", "february", "march", "april", "june", "july", "august", "september", "october",
                        "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
                        "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                        "today", "yesterday", "tomorrow", "week", "month", "year", "quarter"})
    stop_words_.emplace(w, 1);
  // Function words and verbs of the rule lexicons neither start nor continue a
  // name: title-case headlines ("FTC Opens Inquiry Into Microsoft's Deal").
  for (const char* lexname : {"AUX", "BE", "LIGHT", "NEG", "SPEC", "HEDGE", "REL_PRONOUN", "PREP"})
    for (const auto& seq : rules_.lexicon(lexname))
      if (seq.size() == 1 && seq[0].size() > 1 && seq[0][0] != '\'') stop_words_.emplace(seq[0], 2);
  for (const char* w : {"into", "onto", "upon", "with", "from", "over", "under", "about", "after", "before", "against",
                        "amid", "among", "across", "toward", "towards", "within", "without", "despite", "during",
                        "including", "regarding", "via", "by", "at", "in", "to", "as", "than", "says", "said"})
    stop_words_.emplace(w, 2);
  for (const auto& [w, v] : stop_words_) stop_view_.emplace(w, v);
  for (const auto& [w, ids] : rules_.trigger_index) triggers_.emplace(w, &ids);
  for (const auto& [name, seqs] : rules_.lexicons) {
    LexIndex& li = lex_index_[name];
    for (const auto& seq : seqs) {
      if (seq.size() == 1) li.single.insert(seq[0]);
      else if (seq.size() > 1) {
        li.multi.push_back(&seq);
        li.multi_first.insert(seq[0]);
      }
    }
  }
  // Vocabulary: rule words first (in rule order, so every Extractor of a rule set gives them the same ids),
  // then lexicons, stop words and triggers.
  std::map<std::pair<std::vector<int>, bool>, int> signatures;
  std::function<void(const std::vector<Elem>&)> walk = [&](const std::vector<Elem>& pat) {
    for (const Elem& e : pat) {
      e.ids.clear();
      if (e.kind == ElemKind::ent) {
        auto key = std::make_pair(e.types, e.parties);
        auto it = signatures.find(key);
        if (it == signatures.end()) it = signatures.emplace(key, static_cast<int>(signatures.size())).first;
        e.sig = it->second;
      }
      if (e.kind == ElemKind::word)
        for (const auto& w : e.words) e.ids.push_back(intern(w));
      for (const auto& b : e.alts) walk(b);
    }
  };
  for (const Rule& r : rules_.rules) {
    walk(r.pattern);
    walk(r.not_before);
    walk(r.not_after);
  }
  for (const auto& [name, seqs] : rules_.lexicons)
    for (const auto& seq : seqs)
      for (const auto& w : seq) intern(w);
  for (const auto& [w, v] : stop_words_) intern(w);
  for (const auto& [w, ids] : rules_.trigger_index) intern(w);
  slot_signatures_ = std::max<int>(1, static_cast<int>(signatures.size()));
  build_vocab_table();
  const std::size_t nw = words_.size();
  lex_single_.assign(nw, 0);
  lex_first_.assign(nw, 0);
  stop_kind_.assign(nw, 0);
  trig_.assign(nw, nullptr);
  int bit = 0;
  for (auto& [name, li] : lex_index_) {
    if (bit >= 64) break;
    li.bit = bit++;
    for (const auto& seq : rules_.lexicon(name)) {
      if (seq.empty()) continue;
      std::uint32_t first = word_index_.at(seq[0]);
      if (seq.size() == 1) lex_single_[first] |= 1ull << li.bit;
      else {
        lex_first_[first] |= 1ull << li.bit;
        std::vector<std::uint32_t> ids;
        for (const auto& w : seq) ids.push_back(word_index_.at(w));
        li.multi_ids.push_back(std::move(ids));
      }
    }
  }
  for (const auto& [w, v] : stop_words_) stop_kind_[word_index_.at(w)] = static_cast<std::uint8_t>(v);
  for (const auto& [w, ids] : rules_.trigger_index) trig_[word_index_.at(w)] = &ids;
}

std::uint32_t Extractor::intern(std::string_view w) {
  auto it = word_index_.find(std::string(w));
  if (it != word_index_.end()) return it->second;
  std::uint32_t id = static_cast<std::uint32_t>(words_.size());
  words_.emplace_back(w);
  word_index_.emplace(std::string(w), id);
  return id;
}

void Extractor::build_vocab_table() {
  std::size_t size = 16;
  while (size < words_.size() * 3) size *= 2;
  vocab_table_.assign(size, VocabSlot{});
  vocab_mask_ = size - 1;
  for (std::uint32_t id = 1; id < words_.size(); ++id) {
    std::uint64_t h = hash_word(words_[id]);
    std::size_t s = h & vocab_mask_;
    while (vocab_table_[s].id != 0) s = (s + 1) & vocab_mask_;
    vocab_table_[s] = VocabSlot{h, id};
  }
}

const Extractor::LexIndex& Extractor::lex(const std::string& name) const {
  static const LexIndex empty;
  auto it = lex_index_.find(name);
  return it == lex_index_.end() ? empty : it->second;
}

namespace {

enum class How { gazetteer, name, alias, descriptor, pronoun };
const char* how_name(How h) {
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

}  // namespace

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
      &L_ORG_SUFFIX, &L_ORG_CUE, &L_REG_CUE, &L_NEG, &L_SPEC, &L_HEDGE, &L_REPORT, &L_PERSON_DESCRIPTOR, &L_PREMOD_HEAD,
      &L_SENTENCE_VERB;

  DocRun(const Extractor& e, const InputDocument& d, std::string* ex, ExtractStats* st)
      : x(e), rs(e.rules_), doc(d), explain(ex), stats(st), L_PERSON_TITLE(e.lex("PERSON_TITLE")),
        L_ORG_DESCRIPTOR(e.lex("ORG_DESCRIPTOR")), L_REG_DESCRIPTOR(e.lex("REG_DESCRIPTOR")), L_DEAL_NOUN(e.lex("DEAL_NOUN")),
        L_DET(e.lex("DET")), L_DESC_DET(e.lex("DESC_DET")), L_PRONOUN(e.lex("PRONOUN")), L_ORG_SUFFIX(e.lex("ORG_SUFFIX")),
        L_ORG_CUE(e.lex("ORG_CUE")), L_REG_CUE(e.lex("REG_CUE")), L_NEG(e.lex("NEG")), L_SPEC(e.lex("SPEC")),
        L_HEDGE(e.lex("HEDGE")), L_REPORT(e.lex("REPORT")), L_PERSON_DESCRIPTOR(e.lex("PERSON_DESCRIPTOR")),
        L_PREMOD_HEAD(e.lex("PREMOD_HEAD")), L_SENTENCE_VERB(e.lex("SENTENCE_VERB")) {}
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

  int entity(const std::string& name, int type) {
    std::string key = fold_name(name);
    auto it = ent_by_name.find(key);
    if (it != ent_by_name.end()) {
      auto& e = ents[it->second];
      if (e.type == x.other_type_ && type != x.other_type_) e.type = type;
      return it->second;
    }
    ents.push_back({name, type});
    int id = static_cast<int>(ents.size() - 1);
    ent_by_name[key] = id;
    return id;
  }
  void register_short_forms(int id, const std::vector<std::string>& toks) {
    if (toks.size() < 2) return;
    int type = ents[id].type;
    auto add = [&](const std::string& k) {
      if (!x.stop_words_.count(k)) alias.emplace(k, id);
    };
    if (rs.types.is_a(type, x.person_type_)) add(toks.back());
    else if (rs.types.is_a(type, x.regulator_type_)) add(toks.back());
    else if (orgish(type) || rs.types.is_a(type, x.product_type_)) {
      if (toks[0].size() > 2) add(toks[0]);
    }
  }

  // ------------------------------------------------------------ entities
  bool title_before(std::uint32_t i) const {
    // "CEO Satya Nadella", "co-founder Arthur Mensch", "chief executive Sam Altman"
    for (std::uint32_t back = 1; back <= 3 && i >= sb + back; ++back)
      if (lex_at(L_PERSON_TITLE, i - back) == back || lex_at(L_PERSON_DESCRIPTOR, i - back) == back) return true;
    return false;
  }

  // Words the document also uses in lower case are common words, not names
  // ("Round", "Opens" in a title-case headline). Built on first use.
  bool common_word(std::uint32_t i) {
    if (i >= se) return false;
    if (!lower_words_ready) {
      std::size_t size = 64;
      while (size < tt.tokens.size() * 2) size *= 2;
      lower_table.assign(size, 0);
      lower_mask = size - 1;
      for (std::size_t q = 0; q < tt.tokens.size(); ++q)
        if ((tt.tokens[q].flags & kTokWord) && !(tt.tokens[q].flags & (kTokCap | kTokDigit | kTokInnerCap))) {
          std::uint64_t h = whash[q] | 1;  // 0 marks an empty slot
          std::size_t s = h & lower_mask;
          while (lower_table[s] != 0 && lower_table[s] != h) s = (s + 1) & lower_mask;
          lower_table[s] = h;
        }
      lower_words_ready = true;
    }
    std::uint64_t h = whash[i] | 1;
    for (std::size_t s = h & lower_mask;; s = (s + 1) & lower_mask) {
      if (lower_table[s] == 0) return false;
      if (lower_table[s] == h) return true;
    }
  }
  // Words that describe rather than name: "Startup", "Regulator", "Chief".
  bool descriptive_word(std::uint32_t i) const {
    return at(L_ORG_DESCRIPTOR, i) || at(L_REG_DESCRIPTOR, i) || at(L_PERSON_TITLE, i) || at(L_PERSON_DESCRIPTOR, i) ||
           at(L_PREMOD_HEAD, i);
  }
  // A lone capitalised word opening a sentence is a name only when it looks
  // like one: inner capitals ("ServiceNow"), or a verb, possessive or
  // relative clause right after it ("Snowflake agreed", "Stripe, which").
  bool lone_start_name(std::uint32_t b, std::uint32_t e) {
    if (tt.tokens[b].flags & kTokInnerCap) return true;
    std::string_view w = f(b);
    if (w.size() < 3 || w.back() == 's' || common_word(b) || descriptive_word(b)) return false;
    if (e >= se) return false;
    if (is(e, ",") && e + 1 < se && lex_at(x.lex("REL_PRONOUN"), e + 1)) return true;
    if (is(e, "'s")) return true;
    return at(L_SENTENCE_VERB, e) || trig_at(e) != nullptr;
  }

  void find_mentions(std::size_t sentence_index) {
    ms.clear();
    recent_before = recent.size();
    {
      // A title-case headline: most words capitalised.
      std::uint32_t words = 0, caps = 0;
      for (std::uint32_t q = sb; q < se; ++q)
        if ((tt.tokens[q].flags & kTokWord) && !(tt.tokens[q].flags & kTokDigit)) {
          ++words;
          if (tt.tokens[q].flags & kTokCap) ++caps;
        }
      headline = words >= 4 && caps * 10 >= words * 7;
    }
    mention_at.assign(se - sb, -1);
    value_at.assign(se - sb, -1);
    vals.clear();
    find_values(tt, sb, se, doc.date, vals);
    for (std::size_t v = 0; v < vals.size(); ++v)
      for (std::uint32_t k = vals[v].tok_begin; k < vals[v].tok_end; ++k) value_at[k - sb] = static_cast<int>(v);
    std::vector<int> orgs_here;
    auto add = [&](Mention m) {
      for (std::uint32_t k = m.tb; k < m.te; ++k) mention_at[k - sb] = static_cast<int>(ms.size());
      if (m.ent >= 0) {
        recent.push_back({m.ent, ents[m.ent].type});
        int et = ents[m.ent].type;
        bool modifier = is(m.te, "-");
        if (!modifier && m.how != How::pronoun && (rs.types.is_a(et, x.org_type_) || rs.types.is_a(et, x.regulator_type_)))
          orgs_here.push_back(m.ent);
      }
      ms.push_back(std::move(m));
    };
    for (std::uint32_t i = sb; i < se;) {
      const Token& t = tt.tokens[i];
      if (value_at[i - sb] >= 0 && vals[value_at[i - sb]].kind != ValueKind::percent) {
        i = vals[value_at[i - sb]].tok_end;
        continue;
      }
      // 1. gazetteer, leftmost-longest; a name starts with a capital or digit.
      if (t.flags & (kTokCap | kTokDigit | kTokInnerCap)) {
        std::uint32_t len = 0;
        int g = x.gaz_.match(tt, i, se, len);
        if (g >= 0) {
          const auto& ge = x.gaz_.entries()[g];
          int id;
          if (auto it = gaz_ent.find(g); it != gaz_ent.end()) id = it->second;
          else {
            id = entity(ge.name, ge.type);
            gaz_ent[g] = id;
            register_short_forms(id, fold_tokens(ge.name));
          }
          std::uint32_t end = i + len;
          // Absorb a trailing company word: "Mistral AI Company", "OpenAI Inc."
          while (end < se && (tt.tokens[end].flags & kTokCap) && at(L_ORG_SUFFIX, end) &&
                 orgish(ge.type))
            ++end;
          // A brand followed by more capitalised words names something else:
          // "Apple Intelligence", "Google Play Store" (not in headlines).
          if (end == i + len && orgish(ge.type) && !headline) {
            std::uint32_t k2 = end;
            while (k2 < se && (tt.tokens[k2].flags & kTokCap) && !stop_at(k2) && value_at[k2 - sb] < 0 &&
                   !descriptive_word(k2) && !common_word(k2)) {
              std::uint32_t gl = 0;
              if (x.gaz_.match(tt, k2, se, gl) >= 0) break;
              ++k2;
            }
            if (k2 > end) {
              int bid = entity(raw(i, k2), x.other_type_);
              add(Mention{i, k2, bid, ents[bid].type, How::name, {}, "brand " + ge.name + " and more"});
              i = k2;
              continue;
            }
          }
          Mention m{i, end, id, ge.type, How::gazetteer, {}, ""};
          add(m);
          i = end;
          continue;
        }
      }
      // 2. descriptions: "the Paris-based company", "the startup", "the body"
      if (at(L_DESC_DET, i)) {
        std::uint32_t k = i + 1;
        int place = -1;
        std::uint32_t place_at = 0, place_len = 0;
        std::uint32_t head_len = 0;
        int head_type = -1;
        for (int mods = 0; k < se && mods <= 5; ++mods) {
          if ((head_len = lex_at(L_ORG_DESCRIPTOR, k))) {
            head_type = x.org_type_;
          } else if ((head_len = lex_at(L_REG_DESCRIPTOR, k))) {
            head_type = x.regulator_type_;
          } else if ((head_len = lex_at(L_DEAL_NOUN, k)) && last_deal.size() == 2) {
            std::uint32_t after = k + head_len;
            bool complement = is(after, "with") || is(after, "between") || is(after, "in") || is(after, "of") ||
                              is(after, "to") || is(after, "into") || is(after, "-");
            if (!complement && !(tt.tokens[k].flags & kTokCap)) {
              // "the deal": the parties of the document's first deal
              Mention m{i, after, last_deal[0], ents[last_deal[0]].type, How::descriptor, {}, ""};
              m.note = "the document's most-mentioned deal, with " + ents[last_deal[1]].name;
              Mention shadow{i, after, last_deal[1], ents[last_deal[1]].type, How::descriptor, {}, "second party"};
              m.partner = static_cast<int>(ms.size()) + 1;
              add(m);
              ms.push_back(shadow);
              i = after;
              goto next_token;
            }
            head_len = 0;
          }
          if (head_type >= 0) break;
          const Token& mt = tt.tokens[k];
          if (mention_at[k - sb] >= 0) break;
          // Place-based: a known place followed by "-based"
          std::uint32_t plen = 0;
          int g = (mt.flags & kTokCap) ? x.gaz_.match(tt, k, se, plen) : -1;
          if (g >= 0 && x.gaz_.entries()[g].type == x.place_type_ && is(k + plen, "-") && is(k + plen + 1, "based")) {
            auto it = gaz_ent.find(g);
            place = it != gaz_ent.end() ? it->second : entity(x.gaz_.entries()[g].name, x.place_type_);
            place_at = k;
            place_len = plen;
            k += plen + 2;
            continue;
          }
          // Names are not modifiers of a description ("the Microsoft-OpenAI partnership"),
          // nationality words are ("the French startup").
          if ((mt.flags & kTokCap) && !stop_at(k)) break;
          if ((mt.flags & kTokWord) || f(k) == "-") {
            ++k;
            continue;
          }
          break;
        }
        if (head_type >= 0) {
          std::uint32_t end = k + head_len;
          bool names_follow = end < se && ((tt.tokens[end].flags & kTokCap) || is(end, ","));
          bool cap_next = end < se && (tt.tokens[end].flags & kTokCap);
          bool cap_head = (tt.tokens[k].flags & kTokCap) != 0;  // "the Commission" is a name, not a description
          (void)names_follow;
          if (!cap_next && !cap_head) {
            Mention m{i, end, -1, head_type, How::descriptor, {}, ""};
            // "Aleph Alpha, the Heidelberg-based AI company": the place stays a mention of its own
            // (headquartered-in rules see it) and the description is the rest.
            if (place >= 0) {
              add(Mention{place_at, place_at + place_len, place, x.place_type_, How::gazetteer, {}, ""});
              m.tb = place_at + place_len + 2;
            }
            // Apposition: "xAI, the artificial intelligence startup, ..." names the entity just before it.
            if (i >= sb + 2 && is(i - 1, ",") && mention_at[i - 2 - sb] >= 0) {
              const Mention& ap = ms[mention_at[i - 2 - sb]];
              if (ap.ent >= 0 && ap.how != How::pronoun && ap.partner < 0 &&
                  (rs.types.is_a(ents[ap.ent].type, head_type) ||
                   (head_type == x.org_type_ && ents[ap.ent].type == x.other_type_))) {
                m.ent = ap.ent;
                m.note = "apposition to " + ents[ap.ent].name;
              }
            }
            // A description opening a sentence ("The startup also released ...") is the previous
            // sentence's subject: its first entity of the described type.
            if (m.ent < 0 && place < 0 && i == sb && !sentence_orgs.empty() && !is(i, "a") && !is(i, "an")) {
              for (int c : sentence_orgs.back())
                if (rs.types.is_a(ents[c].type, head_type)) {
                  m.ent = c;
                  m.note = "subject of the previous sentence";
                  break;
                }
            }
            if (m.ent >= 0) {
            } else if (is(i, "a") || is(i, "an")) {
              // An indefinite description introduces something; it names an entity only in apposition.
            } else if (place >= 0 && hq.count(place)) {
              m.ent = hq[place];
              m.note = "the organisation based in " + ents[place].name;
            } else if (place < 0) {
              for (auto r = recent.rbegin(); r != recent.rend(); ++r)
                if (rs.types.is_a(r->second, head_type) ||
                    (head_type == x.org_type_ && r->second == x.other_type_)) {
                  m.ent = r->first;
                  m.note = "most recent " + rs.types.names[head_type];
                  break;
                }
            }
            if (m.ent >= 0) m.type = ents[m.ent].type;
            add(m);
            i = end;
            continue;
          }
        }
      }
      // 3. pronouns: antecedents are organisations earlier in this sentence, then the previous one.
      if (at(L_PRONOUN, i) && !(t.flags & kTokCap && false)) {
        Mention m{i, i + 1, -1, x.org_type_, How::pronoun, {}, ""};
        // "CoreWeave said it had raised": the speaker comes first.
        {
          std::uint32_t q = i;
          if (q > sb && is(q - 1, "that")) --q;
          if (q > sb + 1 && at(L_REPORT, q - 1)) {
            if (mention_at[q - 2 - sb] >= 0) {
              const Mention& sp = ms[mention_at[q - 2 - sb]];
              if (sp.ent >= 0 && sp.how != How::pronoun) m.cands.push_back(sp.ent);
            } else if (tt.tokens[q - 2].flags & kTokWord) {
              // "Britain's competition regulator said it ...": an unnamed speaker; no guess.
              add(m);
              ++i;
              continue;
            }
          }
        }
        // Clause subjects come first in English news prose, so antecedents are
        // tried in order of appearance: this sentence, then the previous one.
        for (int c : orgs_here)
          if (std::find(m.cands.begin(), m.cands.end(), c) == m.cands.end()) m.cands.push_back(c);
        if (!sentence_orgs.empty())
          for (int c : sentence_orgs.back())
            if (std::find(m.cands.begin(), m.cands.end(), c) == m.cands.end()) m.cands.push_back(c);
        add(m);
        ++i;
        continue;
      }
      // 4. unknown names: runs of capitalised tokens.
      if ((t.flags & (kTokCap | kTokInnerCap)) && !stop_at(i) && !(headline && common_word(i))) {
        std::uint32_t k = i;
        std::vector<std::uint32_t> connectors;
        while (k < se) {
          const Token& c = tt.tokens[k];
          std::string_view w = f(k);
          int sk = stop_kind_at(k);
          bool cap = (c.flags & (kTokCap | kTokInnerCap)) && !(k > i && sk == 2);
          bool stop = sk == 1 && k > i && !(c.flags & kTokAllCaps);
          if (k > i && headline && common_word(k)) break;
          if (k > i && c.flags & kTokCap) {
            std::uint32_t gl = 0;
            int g2 = x.gaz_.match(tt, k, se, gl);
            if (g2 >= 0) {
              // "Thomson Reuters": an unknown word before a known company name is part of a longer name.
              bool absorb = !headline && connectors.empty() && orgish(x.gaz_.entries()[g2].type) &&
                            (k + gl >= se || !(tt.tokens[k + gl].flags & kTokCap)) && !title_before(i);
              for (std::uint32_t q = i; absorb && q < k; ++q)
                absorb = (tt.tokens[q].flags & kTokCap) && !stop_kind_at(q) && !descriptive_word(q) &&
                         !common_word(q) && !trig_at(q);
              if (absorb) k += gl;
              break;
            }
          }
          if (cap && !stop && value_at[k - sb] < 0) {
            ++k;
            continue;
          }
          // "Mixtral 8x7B", "GPT 4": an alphanumeric token after a name
          if (k > i && (c.flags & kTokDigit) && value_at[k - sb] < 0 && tt.tokens[k].end - tt.tokens[k].start <= 6 &&
              f(k).find_first_of("abcdefghijklmnopqrstuvwxyz") != std::string_view::npos) {
            ++k;
            continue;
          }
          // "Hewlett-Packard": a hyphen between capitalised words, no spaces
          if (k > i && w == "-" && !(c.flags & kTokSpaceBefore) && k + 1 < se &&
              !(tt.tokens[k + 1].flags & kTokSpaceBefore) && (tt.tokens[k + 1].flags & kTokCap)) {
            ++k;
            continue;
          }
          // "Competition and Markets Authority", "Bank of England"
          if (k > i && (w == "and" || w == "of" || w == "for" || w == "&" || w == "de" || w == "on") && k + 1 < se &&
              (tt.tokens[k + 1].flags & kTokCap)) {
            connectors.push_back(k);
            ++k;
            continue;
          }
          break;
        }
        std::uint32_t b = i, e = k;
        while (e > b && (f(e - 1) == "-" || std::find(connectors.begin(), connectors.end(), e - 1) != connectors.end())) --e;
        bool cue_end = e > b && (at(L_ORG_CUE, e - 1) || at(L_REG_CUE, e - 1));
        if (!cue_end)
          for (std::uint32_t c : connectors)
            if (c < e) {
              e = c;
              break;
            }
        // Leading titles: "CEO Satya Nadella", "President Joe Biden"
        bool person_cue = title_before(b);
        while (b < e) {
          std::uint32_t tl = lex_at(L_PERSON_TITLE, b);
          if (!tl || b + tl >= e) break;
          b += tl;
          person_cue = true;
        }
        if (b >= e) {
          i = std::max(k, i + 1);
          continue;
        }
        std::vector<std::string> toks;
        for (std::uint32_t q = b; q < e; ++q) toks.emplace_back(f(q));
        std::string key;
        for (const auto& s : toks) key += (key.empty() ? "" : " ") + s;
        bool sentence_start = b == sb || (tt.tokens[b].flags & kTokLineStart) ||
                              (b > sb && (f(b - 1) == "\"" || f(b - 1) == ":" || f(b - 1) == "-"));
        auto al = alias.find(key);
        int id = -1;
        How how = How::name;
        std::string note;
        if (al != alias.end()) {
          id = al->second;
          how = How::alias;
          note = "short for " + ents[id].name;
        } else if (auto byname = ent_by_name.find(key); byname != ent_by_name.end()) {
          id = byname->second;
        } else if (toks.size() == 1 &&
                   ((sentence_start && !lone_start_name(b, e)) || x.stop_words_.count(toks[0]) || toks[0].size() < 2 ||
                    (headline && common_word(b)))) {
          // A lone capitalised word at the start of a sentence is usually not a name.
          i = std::max(k, i + 1);
          continue;
        } else {
          int type = x.other_type_;
          const std::string& last = toks.back();
          bool digits = false;
          for (const auto& s : toks)
            if (!s.empty() && std::isdigit(static_cast<unsigned char>(s[0]))) digits = true;
          if (in(L_REG_CUE, last)) type = x.regulator_type_;
          else if (in(L_ORG_CUE, last)) type = x.org_type_;
          else if (person_cue && toks.size() <= 3) type = x.person_type_;
          else if (digits) type = x.product_type_;
          id = entity(raw(b, e), type);
          register_short_forms(id, toks);
        }
        // "Federal Trade Commission (FTC)": the acronym becomes an alias.
        if (is(e, "(") && e + 2 < se && is(e + 2, ")") && (tt.tokens[e + 1].flags & kTokAllCaps))
          alias.emplace(std::string(f(e + 1)), id);
        Mention m{b, e, id, ents[id].type, how, {}, note};
        add(m);
        i = e;
        continue;
      }
      ++i;
    next_token:;
    }
    // "Patrick and John Collison", "Dario and Daniela Amodei": the lone first name shares the family name.
    for (std::size_t mi = 0; mi + 1 < ms.size(); ++mi) {
      Mention& a = ms[mi];
      const Mention& b2 = ms[mi + 1];
      if (a.ent < 0 || b2.ent < 0 || a.how != How::name || a.te - a.tb != 1 || b2.te - b2.tb < 2 || b2.te - b2.tb > 3)
        continue;
      if (b2.tb != a.te + 1 || !(is(a.te, "and") || is(a.te, "&"))) continue;
      if (ents[a.ent].type != x.other_type_ && ents[a.ent].type != x.person_type_) continue;
      int bt = ents[b2.ent].type;
      if (!(rs.types.is_a(bt, x.person_type_) || (bt == x.other_type_ && title_before(a.tb)))) continue;
      a.ent = entity(raw(a.tb, a.te) + " " + raw(b2.te - 1, b2.te), x.person_type_);
      a.type = x.person_type_;
      a.note = "shares the family name of " + ents[b2.ent].name;
    }
    // "Paris-based Mistral", "Mistral AI, a France-based startup": remember the place.
    for (std::size_t mi = 0; mi < ms.size(); ++mi) {
      const Mention& pm = ms[mi];
      if (pm.ent < 0 || pm.type != x.place_type_ || !is(pm.te, "-") || !is(pm.te + 1, "based")) continue;
      int org = -1;
      for (std::size_t n = mi + 1; n < ms.size() && ms[n].tb <= pm.te + 8; ++n)
        if (ms[n].ent >= 0 && orgish(ms[n].type)) {
          org = ms[n].ent;
          break;
        }
      if (org < 0 && mi > 0 && ms[mi - 1].ent >= 0 && orgish(ms[mi - 1].type) && pm.tb <= ms[mi - 1].te + 3)
        org = ms[mi - 1].ent;
      if (org >= 0) hq.emplace(pm.ent, org);
    }
    sentence_orgs.push_back(orgs_here);
    (void)sentence_index;
  }

  // ------------------------------------------------------------ matcher
  using K = FnRef<bool(std::uint32_t)>;
  static constexpr std::size_t kStepBudget = 50000;

  void miss(const Elem& e, int index, std::uint32_t pos) {
    if (pos > fail_tok || !fail_elem) {
      fail_tok = pos;
      fail_elem = &e;
      fail_index = index;
    }
  }
  bool sentence_break(std::uint32_t i) const {
    if (i >= se || !(tt.tokens[i].flags & kTokPunct)) return false;
    std::string_view w = f(i);
    return w == "." || w == ";" || w == "!" || w == "?" || w == ":";
  }
  bool name_at(std::uint32_t i) const {
    int m = mention_at[i - sb];
    return m >= 0 && (ms[m].how == How::gazetteer || ms[m].how == How::name || ms[m].how == How::alias);
  }

  bool seq(const std::vector<Elem>& s, std::size_t i, std::uint32_t pos, const K& k) {
    if (++steps > kStepBudget) return false;
    if (i == s.size()) return k(pos);
    const Elem& e = s[i];
    if (e.kind == ElemKind::gap) {
      // Lazy: the shortest gap that lets the rest match.
      for (int n = 0; n <= e.max; ++n) {
        std::uint32_t p = pos + n;
        if (n > 0) {
          std::uint32_t t = p - 1;
          if (t >= se || sentence_break(t) || (!e.gap_ents && name_at(t))) {
            miss(e, static_cast<int>(i), t);
            return false;
          }
        }
        if (n >= e.min && seq(s, i + 1, p, k)) return true;
        if (steps > kStepBudget) return false;
      }
      return false;
    }
    return rep(e, static_cast<int>(i), 0, pos, [&](std::uint32_t p) { return seq(s, i + 1, p, k); });
  }
  bool rep(const Elem& e, int index, int count, std::uint32_t pos, const K& k) {
    if (count < e.max) {
      bool r = one(e, index, pos, [&](std::uint32_t p) {
        if (p == pos) return false;
        return rep(e, index, count + 1, p, k);
      });
      if (r) return true;
    }
    if (count >= e.min) return k(pos);
    return false;
  }
  bool one(const Elem& e, int index, std::uint32_t pos, const K& k) {
    switch (e.kind) {
      case ElemKind::word:
        if (pos < se) {
          const std::uint32_t w = wid[pos];
          for (std::uint32_t id : e.ids)
            if (id == w) return k(pos + 1);
        }
        miss(e, index, pos);
        return false;
      case ElemKind::text:
        if (pos < se) {
          std::string r = raw(pos, pos + 1);
          for (const auto& x_ : e.words)
            if (x_ == r) return k(pos + 1);
        }
        miss(e, index, pos);
        return false;
      case ElemKind::regex:
        if (pos < se && std::regex_match(raw(pos, pos + 1), *e.re)) return k(pos + 1);
        miss(e, index, pos);
        return false;
      case ElemKind::any:
        if (pos < se && !sentence_break(pos)) return k(pos + 1);
        return false;
      case ElemKind::money:
      case ElemKind::date:
      case ElemKind::percent: {
        ValueKind want = e.kind == ElemKind::money ? ValueKind::money
                         : e.kind == ElemKind::date ? ValueKind::date : ValueKind::percent;
        if (pos < se && value_at[pos - sb] >= 0) {
          int v = value_at[pos - sb];
          if (vals[v].kind == want && vals[v].tok_begin == pos) {
            if (e.role >= 0) binds.push_back({e.role, true, v});
            bool r = k(vals[v].tok_end);
            if (e.role >= 0) binds.pop_back();
            return r;
          }
        }
        miss(e, index, pos);
        return false;
      }
      case ElemKind::alt:
        for (const auto& b : e.alts)
          if (seq(b, 0, pos, k)) return true;
        if (steps > kStepBudget) return false;
        miss(e, index, pos);
        return false;
      case ElemKind::gap: {
        std::vector<Elem> one_gap{e};
        return seq(one_gap, 0, pos, k);
      }
      case ElemKind::ent:
        return slot(e, index, pos, k);
    }
    return false;
  }

  bool mention_ok(const Mention& m, const Elem& e) const {
    if (m.how == How::pronoun) {
      for (int c : m.cands)
        if (type_ok(ents[c].type, e.types) || ents[c].type == x.other_type_) return true;
      return false;
    }
    if (m.ent < 0) return false;
    if (m.partner >= 0 && !e.parties) return false;
    int t = ents[m.ent].type;
    if (type_ok(t, e.types)) return true;
    // Unknown names take the type their slot asks for ("founded by Jane Doe") -- except that a
    // regulator-only slot takes an unknown name only when it is an acronym ("antitrust regulator
    // CADE"): companies sue each other too ("Getty Images sued Stability AI").
    if (t != x.other_type_ || m.how == How::descriptor) return false;
    if (!type_ok(x.org_type_, e.types) && !type_ok(x.person_type_, e.types) && type_ok(x.regulator_type_, e.types)) {
      for (std::uint32_t q = m.tb; q < m.te; ++q)
        if (!(tt.tokens[q].flags & kTokAllCaps)) return false;
    }
    return true;
  }

  // One item of a slot: optional determiner, descriptive premodifiers ("the
  // French startup", "San Francisco-based"), a place possessive ("the UK's"),
  // then an entity; "OpenAI's GPT-4" gives GPT-4 when the slot wants a model.
  // The candidates of one slot item at `pos`, in the order they are tried,
  // appended to item_pool (they depend only on the slot's types and parties
  // flag, so they are computed once per sentence, position and signature).
  void item_candidates(const Elem& e, std::uint32_t pos) {
    auto cb = [&](int mi, std::uint32_t end) {
      item_pool.push_back({mi, end});
      return false;
    };
    std::vector<std::uint32_t>& starts = item_starts;
    std::vector<std::uint32_t>& heads = item_heads;
    starts.clear();
    heads.clear();
    std::uint32_t p = pos;
    bool pronoun_det = false;
    if (p < se && at(L_DET, p)) {
      if (mention_at[p - sb] < 0) ++p;
      else if (ms[mention_at[p - sb]].how == How::pronoun && p + 1 < se) {
        // "its Blackwell chips": the possessive pronoun is a determiner when a name follows;
        // the pronoun itself is tried last.
        pronoun_det = true;
        ++p;
      }
    }
    starts.push_back(p);
    const bool wants_person = type_ok(x.person_type_, e.types);
    const bool wants_org = type_ok(x.org_type_, e.types) || type_ok(x.product_type_, e.types);
    // "Mistral rival Cohere", "former Google engineers Noam Shazeer", "Google advertising chief
    // Sridhar Ramaswamy": a name, a few words ending in a descriptor noun, then the head name.
    auto head_after = [&](std::uint32_t r) {
      if (is(r, "'s") || is(r, "'")) ++r;
      for (int n = 0; n < 3 && r < se && mention_at[r - sb] < 0 && (tt.tokens[r].flags & kTokWord); ++n) {
        std::uint32_t dp = wants_person ? std::max(lex_at(L_PERSON_TITLE, r), lex_at(L_PERSON_DESCRIPTOR, r)) : 0;
        std::uint32_t dorg = wants_org ? std::max(lex_at(L_PREMOD_HEAD, r), lex_at(L_ORG_DESCRIPTOR, r)) : 0;
        for (std::uint32_t d : {dp, dorg}) {
          std::uint32_t h = r + d;
          if (d && h < se && mention_at[h - sb] >= 0 && ms[mention_at[h - sb]].tb == h &&
              ms[mention_at[h - sb]].how != How::descriptor && ms[mention_at[h - sb]].how != How::pronoun) {
            const Mention& hm = ms[mention_at[h - sb]];
            bool person_head = d == dp && (rs.types.is_a(hm.type, x.person_type_) || hm.type == x.other_type_);
            bool org_head = d == dorg && !rs.types.is_a(hm.type, x.person_type_);
            if (person_head || org_head) {
              heads.push_back(h);
              return;
            }
          }
        }
        if (tt.tokens[r].flags & (kTokCap | kTokDigit)) return;
        ++r;
      }
    };
    // "a probe into the deal between Microsoft and Activision": the parties of the deal.
    if (e.parties && p < se) {
      std::uint32_t q = p;
      if (std::uint32_t dl = lex_at(L_DEAL_NOUN, q)) {
        q += dl;
        if (is(q, "between") || is(q, "involving")) heads.push_back(q + 1);
      }
    }
    // place possessive
    if (p < se && mention_at[p - sb] >= 0) {
      const Mention& m = ms[mention_at[p - sb]];
      if (m.ent >= 0 && m.type == x.place_type_ && (is(m.te, "'s") || is(m.te, "'"))) starts.push_back(m.te + 1);
    }
    // descriptive premodifiers ending in a descriptor noun or "-based"
    for (std::uint32_t q = p, n = 0; q < se && n < 6; ++n) {
      if (mention_at[q - sb] >= 0 && ms[mention_at[q - sb]].how != How::pronoun &&
          ms[mention_at[q - sb]].how != How::descriptor)
        head_after(ms[mention_at[q - sb]].te);
      if (sentence_break(q) || f(q) == "," || (mention_at[q - sb] >= 0 && ms[mention_at[q - sb]].type != x.place_type_ &&
                                               !rs.types.is_a(ms[mention_at[q - sb]].type, x.product_type_)))
        break;
      std::uint32_t next = q + 1;
      if (mention_at[q - sb] >= 0) next = ms[mention_at[q - sb]].te;
      std::uint32_t dl = std::max(lex_at(L_ORG_DESCRIPTOR, q), lex_at(L_REG_DESCRIPTOR, q));
      if (dl) next = q + dl;
      if (!dl && wants_person) dl = std::max(lex_at(L_PERSON_TITLE, q), lex_at(L_PERSON_DESCRIPTOR, q));
      if (dl) next = q + dl;
      bool desc_end = dl > 0 || (f(q) == "based" && q > p && f(q - 1) == "-");
      if (desc_end && next < se && mention_at[next - sb] >= 0 && ms[mention_at[next - sb]].how != How::descriptor)
        starts.push_back(next);
      if (!(tt.tokens[q].flags & (kTokWord)) && f(q) != "-" && mention_at[q - sb] < 0) break;
      q = next;
    }
    if (pronoun_det) starts.push_back(pos);
    heads.insert(heads.end(), starts.begin(), starts.end());
    for (std::uint32_t s : heads) {
      if (s >= se || mention_at[s - sb] < 0) continue;
      int mi = mention_at[s - sb];
      const Mention& m = ms[mi];
      if (m.tb != s) continue;
      // possessive: "OpenAI's GPT-4"
      if ((is(m.te, "'s") || is(m.te, "'")) && m.te + 1 < se && mention_at[m.te + 1 - sb] >= 0) {
        int m2 = mention_at[m.te + 1 - sb];
        // "OpenAI's GPT-4": the possessed entity is the head; the possessor only when the head does not
        // fit, or when the head is an unknown name and the known possessor fits ("Google's Play Store").
        if (ms[m2].tb == m.te + 1 && ms[m2].how != How::pronoun && mention_ok(ms[m2], e)) {
          bool unknown_head = ms[m2].ent >= 0 && ents[ms[m2].ent].type == x.other_type_;
          bool typed_owner = m.ent >= 0 && m.how != How::pronoun && ents[m.ent].type != x.other_type_ &&
                             type_ok(ents[m.ent].type, e.types);
          if (unknown_head && typed_owner) cb(mi, m.te);
          cb(m2, ms[m2].te);
          continue;
        }
      }
      if (mention_ok(m, e)) cb(mi, m.te);
    }
  }

  ItemCache& item_entry(const Elem& e, std::uint32_t pos) {
    ItemCache& ce = item_cache[static_cast<std::size_t>(e.sig) * (se - sb) + (pos - sb)];
    if (ce.off < 0) {
      ce.off = static_cast<std::int32_t>(item_pool.size());
      item_candidates(e, pos);
      ce.n = static_cast<std::int32_t>(item_pool.size()) - ce.off;
    }
    return ce;
  }
  bool item_possible(const Elem& e, std::uint32_t pos) { return pos < se && item_entry(e, pos).n > 0; }

  bool item(const Elem& e, std::uint32_t pos, FnRef<bool(int, std::uint32_t)> cb) {
    if (pos >= se) return false;
    ItemCache& ce = item_cache[static_cast<std::size_t>(e.sig) * (se - sb) + (pos - sb)];
    if (ce.off < 0) {
      ce.off = static_cast<std::int32_t>(item_pool.size());
      item_candidates(e, pos);
      ce.n = static_cast<std::int32_t>(item_pool.size()) - ce.off;
    }
    for (std::int32_t c = 0; c < ce.n; ++c) {
      const auto cand = item_pool[ce.off + c];  // a copy: cb may grow the pool
      if (cb(cand.first, cand.second)) return true;
    }
    return false;
  }

  // A slot's items live on slot_items from `base` up (nested slots push above them).
  struct SlotCtx {
    const Elem& e;
    std::uint32_t pos;
    const K& k;
    std::size_t base;
  };
  bool slot_finish(const SlotCtx& c, std::uint32_t p) {
    const Elem& e = c.e;
    const K& k = c.k;
    {
      std::size_t mark = binds.size();
      if (e.role >= 0)
        for (std::size_t it = c.base; it < slot_items.size(); ++it) {
          int mi = slot_items[it];
          binds.push_back({e.role, false, mi});
          if (ms[mi].partner >= 0) binds.push_back({e.role, false, ms[mi].partner});
        }
      std::uint32_t end = p;
      // parties: "Microsoft's relationship with OpenAI", "the Microsoft-OpenAI partnership"
      if (e.parties && end < se) {
        std::uint32_t q = end;
        if (is(q, "-") && q + 1 < se && mention_at[q + 1 - sb] >= 0 && mention_ok(ms[mention_at[q + 1 - sb]], e)) {
          int m2 = mention_at[q + 1 - sb];
          if (e.role >= 0) binds.push_back({e.role, false, m2});
          end = ms[m2].te;
        } else {
          if (is(q, "'s") || is(q, "'")) ++q;
          for (int n = 0; n < 5 && q < se && !lex_at(L_DEAL_NOUN, q) &&
                          ((tt.tokens[q].flags & kTokWord) || value_at[q - sb] >= 0) &&
                          mention_at[q - sb] < 0;
               ++n)
            ++q;
          if (std::uint32_t dl = lex_at(L_DEAL_NOUN, q)) {
            q += dl;
            if (is(q, "with") || is(q, "in") || is(q, "to") || is(q, "on")) {
              std::uint32_t r = q + 1;
              if (r < se && at(L_DET, r)) ++r;
              if (r < se && mention_at[r - sb] >= 0 && ms[mention_at[r - sb]].tb == r &&
                  mention_ok(ms[mention_at[r - sb]], e)) {
                int m2 = mention_at[r - sb];
                if (e.role >= 0) binds.push_back({e.role, false, m2});
                end = ms[m2].te;
              }
            }
          }
        }
      }
      bool r = k(end);
      // Apposition: "Mistral AI, the Paris-based startup, said ..." (up to two)
      std::uint32_t q = end;
      for (int n = 0; !r && e.appos && n < 2 && q < se && (is(q, ",") || is(q, "-") || is(q, "(")); ++n) {
        std::string_view open = f(q);
        std::string_view close = open == "(" ? ")" : open;
        if (is(q + 1, "and") || is(q + 1, "or")) break;
        std::uint32_t c = q + 1;
        while (c < se && c <= q + 14 && f(c) != close && !sentence_break(c)) ++c;
        if (c >= se || f(c) != close || c == q + 1) break;
        q = c + 1;
        r = k(q);
      }
      binds.resize(mark);
      return r;
    }
  }
  bool slot_extend(const SlotCtx& c, std::uint32_t p) {
    const Elem& e = c.e;
    const std::uint32_t pos = c.pos;
    {
      if (e.list && p < se && slot_items.size() - c.base < 12) {
        std::uint32_t q = p;
        bool sep = false;
        if (is(q, ",")) {
          ++q;
          sep = true;
          if (is(q, "and") || is(q, "or")) ++q;
        } else if (is(q, "and") || is(q, "or") || is(q, "&")) {
          ++q;
          sep = true;
        }
        // ", as well as", "as well as"
        if ((sep || q == p) && is(q, "as") && is(q + 1, "well") && is(q + 2, "as")) {
          q += 3;
          sep = true;
        }
        // A repeated preposition: "on Amazon Bedrock and on Vertex AI", "in Cohere, as well as in Reka AI".
        if (sep && (is(q, "in") || is(q, "on") || is(q, "into") || is(q, "with") || is(q, "from") || is(q, "via")) &&
            p > pos && q > p) {
          std::uint32_t first = pos;
          if (first > sb && f(first - 1) == f(q)) ++q;
        }
        if (sep && item(e, q, [&](int mi, std::uint32_t pe) {
              slot_items.push_back(mi);
              bool r = slot_extend(c, pe);
              slot_items.pop_back();
              return r;
            }))
          return true;
      }
      return slot_finish(c, p);
    }
  }
  bool slot(const Elem& e, int index, std::uint32_t pos, const K& k) {
    SlotCtx c{e, pos, k, slot_items.size()};
    bool r = item(e, pos, [&](int mi, std::uint32_t pe) {
      slot_items.push_back(mi);
      bool rr = slot_extend(c, pe);
      slot_items.pop_back();
      return rr;
    });
    if (!r) miss(e, index, pos);
    return r;
  }

  // ------------------------------------------------------------ triples
  bool lookaround_ok(const Rule& r, std::uint32_t start, std::uint32_t end) {
    std::vector<Bind> saved = binds;
    auto matches_at = [&](const std::vector<Elem>& p, std::uint32_t at) {
      return seq(p, 0, at, [](std::uint32_t) { return true; });
    };
    bool ok = true;
    if (!r.not_after.empty() && matches_at(r.not_after, end)) ok = false;
    if (ok && !r.not_before.empty()) {
      std::uint32_t n = static_cast<std::uint32_t>(r.not_before.size());
      if (start >= sb + n && matches_at(r.not_before, start - n)) ok = false;
    }
    binds = saved;
    return ok;
  }

  int resolve(const Mention& m, const std::vector<int>& avoid, const std::vector<int>& types) const {
    if (m.how != How::pronoun) return m.ent;
    for (int c : m.cands) {
      if (std::find(avoid.begin(), avoid.end(), c) != avoid.end()) continue;
      if (type_ok(ents[c].type, types) || ents[c].type == x.other_type_) return c;
    }
    return -1;
  }

  // A negation or speculation cue in the match or up to `before` words before it in the same clause.
  std::string cue_in(const Rule& r, std::uint32_t start, std::uint32_t end, const LexIndex& lex, int before) const {
    std::uint32_t from = start;
    for (int n = 0; n < before && from > sb && !sentence_break(from - 1) && f(from - 1) != ","; ++n) --from;
    for (std::uint32_t i = from; i < end; ++i) {
      if (mention_at[i - sb] >= 0 || value_at[i - sb] >= 0) continue;
      if (!in(lex, f(i))) continue;
      // "said it would examine": a reported plan is a statement, not speculation.
      if (f(i) == "would" || f(i) == "will") {
        bool reported = false;
        for (std::uint32_t b = 1; b <= 3 && i >= sb + b && !reported; ++b) reported = at(L_REPORT, i - b);
        if (reported) continue;
      }
      return std::string(f(i));
    }
    (void)r;
    return "";
  }

  void on_match(const Rule& r, std::uint32_t start, std::uint32_t end, std::size_t si, std::vector<Candidate>& cands) {
    const RelationSpec& spec = rs.relations[r.relation];
    std::vector<const Bind*> subj, obj;
    const ValueMention* amount = nullptr;
    const ValueMention* date = nullptr;
    for (const auto& b : binds) {
      if (b.role == 0) subj.push_back(&b);
      else if (b.role == 1) obj.push_back(&b);
      else if (b.role == 2 && b.value) amount = &vals[b.idx];
      else if (b.role == 3 && b.value) date = &vals[b.idx];
    }
    for (std::uint32_t i = start; i < end; ++i) {
      int v = value_at[i - sb];
      if (v < 0) continue;
      if (!amount && vals[v].kind == ValueKind::money && !spec.object_is_amount) amount = &vals[v];
      if (!date && vals[v].kind == ValueKind::date && vals[v].full_date) date = &vals[v];
    }
    // A full date stated elsewhere in the sentence ("On Monday, February 26, 2024, X announced ...").
    if (!date) {
      std::uint32_t best = ~0u;
      for (const auto& v : vals) {
        if (v.kind != ValueKind::date || !v.full_date) continue;
        std::uint32_t dist = v.tok_end <= start ? start - v.tok_end : v.tok_begin >= end ? v.tok_begin - end : 0;
        if (dist < best) best = dist, date = &v;
      }
    }
    // Negation two words back ("has not invested"; "decided not to review X's investment" keeps the
    // investment); speculation four ("is in talks to invest in X at a valuation of ...").
    std::string neg = r.check_negation ? cue_in(r, start, end, L_NEG, 2) : "";
    std::string spec_cue = r.check_negation ? cue_in(r, start, end, L_SPEC, 4) : "";
    if (!neg.empty() || !spec_cue.empty()) {
      if (explain)
        *explain += "  DROP " + r.id + ": " + (neg.empty() ? "speculation '" + spec_cue + "'" : "negation '" + neg + "'") +
                    " in \"" + raw(start, end) + "\"\n";
      return;
    }
    std::vector<int> subj_ents, obj_ents;
    for (const Bind* b : subj)
      if (!b->value && ms[b->idx].how != How::pronoun && ms[b->idx].ent >= 0) subj_ents.push_back(ms[b->idx].ent);
    for (const Bind* b : obj)
      if (!b->value && ms[b->idx].how != How::pronoun && ms[b->idx].ent >= 0) obj_ents.push_back(ms[b->idx].ent);
    for (const Bind* sb_ : subj) {
      if (sb_->value) continue;
      const Mention& sm = ms[sb_->idx];
      int s = resolve(sm, obj_ents, spec.subject_types);
      if (s < 0) continue;
      if (sm.how == How::descriptor && std::find(obj_ents.begin(), obj_ents.end(), s) != obj_ents.end()) continue;
      for (const Bind* ob : obj) {
        Triple t;
        int o = -1;
        const Mention* om = nullptr;
        if (ob->value) {
          const ValueMention& v = vals[ob->idx];
          if (!spec.object_is_amount || v.kind != ValueKind::money) continue;
          t.object = raw(v.tok_begin, v.tok_end);
          t.object_type = "Money";
          amount = &v;
        } else {
          om = &ms[ob->idx];
          o = resolve(*om, subj_ents, spec.object_types);
          if (o < 0 || o == s) continue;
          // A description never names one of the other side's entities ("X, Y and Z put $415 million
          // into the company" is not an investment of X in Z).
          if (om->how == How::descriptor && std::find(subj_ents.begin(), subj_ents.end(), o) != subj_ents.end()) continue;
          int ot = ents[o].type;
          if (ot == x.other_type_ && !spec.object_types.empty()) ot = spec.object_types[0];
          if (!type_ok(ot, spec.object_types)) continue;
          t.object = ents[o].name;
          t.object_type = rs.types.names[ot];
        }
        int st = ents[s].type;
        if (st == x.other_type_ && !spec.subject_types.empty()) st = spec.subject_types[0];
        if (!type_ok(st, spec.subject_types)) continue;
        t.subject = ents[s].name;
        t.subject_type = rs.types.names[st];
        t.relation = spec.name;
        // Hedging: "reportedly", "estimated", third-party "according to X".
        bool hedged = false;
        for (std::uint32_t i = sb; i < se && !hedged; ++i) {
          if (mention_at[i - sb] >= 0 || !at(L_HEDGE, i)) continue;
          if (f(i) == "according" && is(i + 1, "to") && i + 2 < se && mention_at[i + 2 - sb] >= 0) {
            int src = ms[mention_at[i + 2 - sb]].ent;
            if (src == s || src == o) continue;  // first-party statement
          }
          hedged = true;
        }
        bool coref = sm.how == How::pronoun || sm.how == How::descriptor ||
                     (om && (om->how == How::pronoun || om->how == How::descriptor));
        if (amount) {
          t.attrs["amount"] = amount->money;
          t.attrs["amount_text"] = raw(amount->tok_begin, amount->tok_end);
        }
        if (date) t.attrs["date"] = date->date;
        if (hedged) t.attrs["hedged"] = true;
        if (coref) t.attrs["coref"] = true;
        double conf = r.confidence * (hedged ? rs.hedge_factor : 1.0) * (coref ? 0.9 : 1.0);
        t.attrs["confidence"] = std::round(conf * 1000) / 1000;
        t.source.doc = doc.id;
        t.source.sentence = static_cast<std::int64_t>(si);
        t.source.start = tt.tokens[start].start;
        t.source.end = tt.tokens[end - 1].end;
        t.source.text = raw(sb, se);
        t.rule = r.id;
        cands.push_back({std::move(t), &r, end - start});
      }
    }
  }

  void run_rules(std::size_t si) {
    item_cache.assign(static_cast<std::size_t>(x.slot_signatures_) * (se - sb), ItemCache{});
    item_pool.clear();
    todo.assign(rs.untriggered.begin(), rs.untriggered.end());
    // A match contains its rule's trigger word, so it starts at or before the trigger's last occurrence.
    if (rule_last.size() != rs.rules.size()) rule_last.assign(rs.rules.size(), 0);
    for (std::uint32_t ri : rs.untriggered) rule_last[ri] = se;
    for (std::uint32_t i = sb; i < se; ++i) {
      if (const auto* rules_here = x.trig_[wid[i]]) {
        todo.insert(todo.end(), rules_here->begin(), rules_here->end());
        for (std::uint32_t ri : *rules_here) rule_last[ri] = i;
      }
    }
    std::sort(todo.begin(), todo.end());
    todo.erase(std::unique(todo.begin(), todo.end()), todo.end());
    std::vector<Candidate> cands;
    bool has_money = false;
    for (const auto& v : vals) has_money |= v.kind == ValueKind::money;
    for (std::uint32_t ri : todo) {
      const Rule& r = rs.rules[ri];
      // Prefilter: every mandatory slot needs a mention that could fill it.
      if (r.needs_money && !has_money) continue;
      bool possible = true;
      for (const auto& types : r.required_types) {
        bool any = false;
        for (const auto& m : ms)
          if (m.how == How::pronoun || m.partner >= 0 || (m.ent >= 0 && (type_ok(ents[m.ent].type, types) ||
                                                                         ents[m.ent].type == x.other_type_))) {
            any = true;
            break;
          }
        if (!any) {
          possible = false;
          break;
        }
      }
      if (!possible) continue;
      fail_tok = 0;
      fail_elem = nullptr;
      fail_index = -1;
      bool fired = false;
      const Elem& first = r.pattern[0];
      // (--explain tries every start, so its near-miss report stays the furthest point reached.)
      const std::uint32_t last_start = explain ? se : std::min(se, rule_last[ri] + 1);
      for (std::uint32_t start = sb; start < last_start; ++start) {
        if ((tt.tokens[start].flags & kTokPunct) && first.kind != ElemKind::word && first.kind != ElemKind::text)
          continue;
        // Quick rejections of the first element (the matcher would fail there too).
        if (first.min >= 1 && first.kind == ElemKind::word &&
            std::find(first.ids.begin(), first.ids.end(), wid[start]) == first.ids.end()) {
          miss(first, 0, start);
          continue;
        }
        if (r.clause_start && start > sb && !(tt.tokens[start].flags & kTokLineStart) && !is(start - 1, ";") &&
            !is(start - 1, ":") && !is(start - 1, "\""))
          continue;
        if (first.min >= 1 && first.kind == ElemKind::ent && !item_possible(first, start)) {
          miss(first, 0, start);
          continue;
        }
        steps = 0;
        binds.clear();
        std::uint32_t end = 0;
        std::vector<Bind> got;
        bool ok = seq(r.pattern, 0, start, [&](std::uint32_t e) {
          if (e <= start) return false;
          bool has_s = false, has_o = false;
          for (const auto& b : binds) {
            has_s |= b.role == 0;
            has_o |= b.role == 1;
          }
          if (!has_s || !has_o) return false;
          end = e;
          got = binds;
          return true;
        });
        if (!ok) continue;
        binds = got;
        if (!lookaround_ok(r, start, end)) continue;
        std::size_t before = cands.size();
        if (explain) {
          *explain += "  FIRE " + r.id + " (" + r.origin + ") on \"" + raw(start, end) + "\":";
          for (const auto& b : binds) {
            *explain += " " + rs.roles[b.role] + "=";
            if (b.value) *explain += raw(vals[b.idx].tok_begin, vals[b.idx].tok_end);
            else {
              const Mention& m = ms[b.idx];
              *explain += "\"" + raw(m.tb, m.te) + "\"";
              if (m.how == How::pronoun) *explain += "(pronoun)";
              else if (m.ent >= 0 && raw(m.tb, m.te) != ents[m.ent].name) *explain += "->" + ents[m.ent].name;
            }
          }
          *explain += "\n";
        }
        on_match(r, start, end, si, cands);
        fired |= cands.size() > before;
        binds.clear();
      }
      if (explain && !fired && fail_elem && fail_index >= 1) {
        *explain += "  MISS " + r.id + ": element " + std::to_string(fail_index) + " " + fail_elem->desc + " failed at " +
                    (fail_tok < se ? "\"" + raw(fail_tok, fail_tok + 1) + "\"" : std::string("end of sentence")) + "\n";
      }
    }
    // Conflict resolution: one triple per (subject, relation, object) per
    // sentence; the best rule wins by priority, specificity, span length, file order.
    std::vector<std::size_t> order(cands.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    auto better = [&](const Candidate& a, const Candidate& b) {
      if (a.rule->priority != b.rule->priority) return a.rule->priority > b.rule->priority;
      if (a.rule->specificity != b.rule->specificity) return a.rule->specificity > b.rule->specificity;
      if (a.len != b.len) return a.len > b.len;
      return a.rule->order < b.rule->order;
    };
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return better(cands[a], cands[b]); });
    std::vector<std::string> keys;
    std::vector<std::size_t> kept;
    for (std::size_t i : order) {
      const Triple& t = cands[i].t;
      std::string s = t.subject, o = t.object;
      if (rs.relations[cands[i].rule->relation].symmetric && o < s) std::swap(s, o);
      std::string key = s + '\x1f' + t.relation + '\x1f' + o;
      if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
      keys.push_back(key);
      kept.push_back(i);
    }
    std::sort(kept.begin(), kept.end(), [&](std::size_t a, std::size_t b) {
      if (cands[a].t.source.start != cands[b].t.source.start) return cands[a].t.source.start < cands[b].t.source.start;
      return a < b;
    });
    for (std::size_t i : kept) {
      if (explain) {
        const Triple& t = cands[i].t;
        *explain += "  => (" + t.subject + ", " + t.relation + ", " + t.object + ") by " + t.rule + "\n";
      }
      if (stats) stats->rule_hits[cands[i].t.rule]++;
      const Triple& t = cands[i].t;
      if (t.relation == "partners-with" || t.relation == "invests-in" || t.relation == "acquires") {
        auto a = ent_by_name.find(fold_name(t.subject)), b = ent_by_name.find(fold_name(t.object));
        if (a != ent_by_name.end() && b != ent_by_name.end()) {
          // "the deal" is the deal the document talks about most (the first one on a tie).
          std::pair<int, int> parties{a->second, b->second};
          auto same = [&](const std::pair<int, int>& d) {
            return (d.first == parties.first && d.second == parties.second) ||
                   (d.first == parties.second && d.second == parties.first);
          };
          auto it = std::find_if(deal_counts.begin(), deal_counts.end(), [&](const auto& d) { return same(d.first); });
          if (it == deal_counts.end()) deal_counts.push_back({parties, 1});
          else it->second++;
          std::size_t best = 0;
          for (std::size_t d = 1; d < deal_counts.size(); ++d)
            if (deal_counts[d].second > deal_counts[best].second) best = d;
          last_deal = {deal_counts[best].first.first, deal_counts[best].first.second};
        }
      }
      out.push_back(std::move(cands[i].t));
    }
  }

  void run() {
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
      if (explain) {
        *explain += "S" + std::to_string(si) + " [" + std::to_string(tt.sentences[si].start) + "," +
                    std::to_string(tt.sentences[si].end) + ") \"" + raw(sb, se) + "\"\n";
        for (const auto& m : ms) {
          *explain += "  ENT [" + std::to_string(tt.tokens[m.tb].start) + "," + std::to_string(tt.tokens[m.te - 1].end) +
                      ") \"" + raw(m.tb, m.te) + "\" -> ";
          if (m.how == How::pronoun) {
            *explain += "pronoun, candidates:";
            for (int c : m.cands) *explain += " " + ents[c].name;
            if (m.cands.empty()) *explain += " none";
          } else if (m.ent >= 0) {
            *explain += ents[m.ent].name + " (" + rs.types.names[ents[m.ent].type] + ", " + how_name(m.how) +
                        (m.note.empty() ? "" : ": " + m.note) + ")";
          } else {
            *explain += "unresolved description";
          }
          *explain += "\n";
        }
        for (const auto& v : vals) {
          *explain += "  VAL [" + std::to_string(tt.tokens[v.tok_begin].start) + "," +
                      std::to_string(tt.tokens[v.tok_end - 1].end) + ") \"" + raw(v.tok_begin, v.tok_end) + "\" -> ";
          if (v.kind == ValueKind::money) *explain += to_display(Value(v.money));
          else if (v.kind == ValueKind::date) *explain += v.date.iso();
          else *explain += format_double(v.percent) + "%";
          *explain += "\n";
        }
      }
      run_rules(si);
    }
    if (stats) stats->triples += out.size();
  }
};

std::vector<Triple> Extractor::extract(const InputDocument& doc, std::string* explain, ExtractStats* stats) const {
  DocRun run(*this, doc, explain, stats);
  run.run();
  return std::move(run.out);
}

}  // namespace kg::ingest
