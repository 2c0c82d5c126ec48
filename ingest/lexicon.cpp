// The Extractor's vocabulary: every word a rule, lexicon, stop list or trigger
// mentions gets an id, and each lexicon a bit, so the matcher compares integers.
#include "ingest/extractor.hpp"

#include <functional>

#include "ingest/chunker.hpp"
#include "ingest/tokenize.hpp"

namespace kg::ingest {

namespace {
// Closed-class English words, the part of the lexical layer no rules file
// needs to repeat. Open-class words (verbs and nouns of the frames, the
// rules' lexicons) come from the rules file.
struct ClosedClass {
  std::uint16_t bits;
  std::vector<const char*> words;
};
const std::vector<ClosedClass>& closed_classes() {
  static const std::vector<ClosedClass> classes = {
      {kWcModal, {"can", "could", "may", "might", "must", "shall", "should", "will", "would", "'ll", "'d", "ought"}},
      {kWcAux | kWcBe, {"be", "is", "are", "was", "were", "been", "being", "am", "'re"}},
      {kWcAux | kWcHave, {"has", "have", "had", "having", "'ve"}},
      {kWcAux, {"do", "does", "did"}},
      {kWcNeg, {"not", "n't", "never", "no", "neither", "nor"}},
      {kWcPrep, {"in", "into", "of", "by", "with", "from", "against", "on", "to", "at", "for", "over", "under", "about",
                 "after", "before", "between", "among", "through", "via", "toward", "towards", "within", "without",
                 "upon", "onto", "across", "amid", "including", "regarding", "involving", "concerning", "like",
                 "alongside", "behind", "beyond", "during", "since", "until", "than", "as", "per"}},
      {kWcConj, {"and", "or", "but", "&", "while", "whereas", "although", "though", "because"}},
      {kWcClause, {"that", "which", "who", "whom", "whose", "where", "when", "because", "while", "whereas", "although",
                   "though", "if", "unless", "after", "before", "but"}},
      {kWcAdv, {"also", "already", "now", "still", "just", "further", "then", "again", "once", "even", "soon", "yet",
                "only", "first", "ever", "too", "jointly", "recently", "previously", "reportedly", "allegedly"}},
      {kWcDet, {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our", "some", "any",
                "each", "every", "both", "all", "another", "other"}},
  };
  return classes;
}
}  // namespace

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
  for (const char* lexname : {"AUX", "BE", "LIGHT", "NEG", "SPEC", "HEDGE", "REL_PRONOUN", "PREP", "SENTENCE_VERB"})
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
  for (const auto& cc : closed_classes())
    for (const char* w : cc.words) intern(w);
  for (const auto& [form, lemma] : rules_.form_lemma) {
    intern(form);
    intern(lemma);
  }
  slot_signatures_ = std::max<int>(1, static_cast<int>(signatures.size()));
  build_vocab_table();
  const std::size_t nw = words_.size();
  lex_single_.assign(nw, 0);
  lex_first_.assign(nw, 0);
  stop_kind_.assign(nw, 0);
  trig_.assign(nw, nullptr);
  word_class_.assign(nw, 0);
  lemma_of_.assign(nw, 0);
  for (const auto& cc : closed_classes())
    for (const char* w : cc.words) word_class_[word_index_.at(w)] |= cc.bits;
  for (const auto& [form, lemma] : rules_.form_lemma) {
    std::uint32_t id = word_index_.at(form);
    lemma_of_[id] = word_index_.at(lemma);
    auto cls = rules_.form_class.find(form);
    const int bits = cls == rules_.form_class.end() ? 1 : cls->second;
    if (bits & 1) word_class_[id] |= kWcVerb;
    if (bits & 2) word_class_[id] |= kWcNoun;
  }
  for (const char* lexname : {"LIGHT", "REPORT", "SENTENCE_VERB", "KILL"})
    for (const auto& seq : rules_.lexicon(lexname))
      if (seq.size() == 1 && !(word_class_[word_index_.at(seq[0])] & (kWcAux | kWcModal | kWcAdv)))
        word_class_[word_index_.at(seq[0])] |= kWcVerb;
  for (const char* lexname : {"ADV", "HEDGE"})
    for (const auto& seq : rules_.lexicon(lexname))
      if (seq.size() == 1) word_class_[word_index_.at(seq[0])] |= kWcAdv;
  for (const auto& seq : rules_.lexicon("SPEC"))
    if (seq.size() == 1) word_class_[word_index_.at(seq[0])] |= kWcSpec;
  for (const auto& seq : rules_.lexicon("NEG"))
    if (seq.size() == 1) word_class_[word_index_.at(seq[0])] |= kWcNegWord;
  for (const auto& seq : rules_.lexicon("KILL"))
    if (seq.size() == 1) word_class_[word_index_.at(seq[0])] |= kWcKill;
  for (const auto& seq : rules_.lexicon("REPORT"))
    if (seq.size() == 1) word_class_[word_index_.at(seq[0])] |= kWcReport;
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

}  // namespace kg::ingest
