// Chunks of one sentence (chunker.hpp): mentions and values become noun
// chunks, auxiliaries + adverbs + negation + modals + main verb become one
// verb group with its features, frame nouns become nominal triggers.
#include <algorithm>

#include "ingest/doc_run.hpp"

namespace kg::ingest {

namespace {
bool ends_with(std::string_view w, std::string_view suffix) {
  return w.size() > suffix.size() + 2 && w.compare(w.size() - suffix.size(), suffix.size(), suffix) == 0;
}
}  // namespace

std::uint16_t DocRun::wclass(std::uint32_t i) const { return i < se ? x.word_class_[wid[i]] : 0; }

// A word that can head a verb group: a known verb form, or a lower-case
// "-ed"/"-ing" word (open-class verbs the rules do not list).
bool DocRun::verb_like(std::uint32_t i) const {
  if (i >= se || mention_at[i - sb] >= 0 || value_at[i - sb] >= 0) return false;
  const Token& t = tt.tokens[i];
  if (!(t.flags & kTokWord) || (t.flags & kTokDigit)) return false;
  const std::uint16_t c = wclass(i);
  if (c & (kWcVerb | kWcAux)) return !(c & kWcNoun) || !(t.flags & kTokCap);
  if (c & (kWcPrep | kWcDet | kWcConj | kWcNoun | kWcModal | kWcNeg)) return false;
  if (t.flags & kTokCap) return false;
  std::string_view w = f(i);
  return ends_with(w, "ed") || ends_with(w, "ing");
}

bool DocRun::adverb_like(std::uint32_t i) const {
  if (i >= se || mention_at[i - sb] >= 0 || value_at[i - sb] >= 0) return false;
  if (wclass(i) & kWcAdv) return true;
  const Token& t = tt.tokens[i];
  return (t.flags & kTokWord) && !(t.flags & (kTokCap | kTokDigit)) && ends_with(f(i), "ly");
}

// One verb group from i: (modal | aux | negation | adverb)* verb, and
// "to" + verb after a verb ("agreed to acquire", "plans to invest"): the
// last verb is the head, the earlier ones give the group its features.
std::uint32_t DocRun::verb_group_at(std::uint32_t i, Chunk& out) const {
  std::uint32_t k = i, head = 0, last_aux = 0;
  bool have_head = false, have_aux = false, be_before = false, have_before = false;
  std::uint16_t feat = 0;
  while (k < se) {
    const std::uint16_t c = wclass(k);
    if (mention_at[k - sb] >= 0 || value_at[k - sb] >= 0) break;
    if (c & kWcModal) {
      if (have_head) break;
      feat |= (is(k, "will") || is(k, "shall") || is(k, "'ll")) ? kVgFuture : kVgModal;
      ++k;
      continue;
    }
    if (c & kWcNeg) {
      feat |= kVgNeg;
      ++k;
      continue;
    }
    if ((c & kWcAux) && !have_head) {
      be_before |= (c & kWcBe) != 0;
      have_before |= (c & kWcHave) != 0;
      have_aux = true;
      last_aux = k++;
      // "is set to", "is going to", "is expected to": future or speculation, the verb follows
      continue;
    }
    if (adverb_like(k) && !(c & kWcVerb)) {
      if (wclass(k) & kWcSpec) feat |= kVgSpec;
      ++k;
      continue;
    }
    if (is(k, "to") && verb_like(k + 1) && (have_head || have_aux || k == i)) {
      feat |= kVgInfinitive;
      if (k == i && i > sb && (wclass(i - 1) & kWcSpec)) feat |= kVgSpec;  // "in talks to invest", "a bid to buy"
      if (have_head) {
        const std::uint16_t hc = wclass(head);
        if (hc & kWcSpec) feat |= kVgSpec;
        if (hc & kWcNegWord) feat |= kVgNeg;
        if (hc & kWcKill) feat |= kVgNeg;
        have_head = false;  // the verb after "to" heads the group
        be_before = have_before = false;
      }
      ++k;
      continue;
    }
    if (!have_head && verb_like(k)) {
      head = k;
      have_head = true;
      ++k;
      continue;
    }
    break;
  }
  while (k > i && !have_head && k - 1 > last_aux && adverb_like(k - 1)) --k;  // trailing adverbs of a bare copula
  if (!have_head && !have_aux) return 0;
  // "the proposed acquisition", "a leading supplier": a bare participle after a determiner is an adjective.
  // So is one right before a frame noun: "prohibits proposed acquisition".
  if (have_head && !have_aux && !(feat & (kVgModal | kVgFuture | kVgInfinitive)) && head == i &&
      ((i > sb && (wclass(i - 1) & kWcDet)) || ((wclass(i + 1) & kWcNoun) && !ends_with(f(i), "ing") && !(wclass(i) & kWcVerb))))
    return 0;
  if (!have_head) head = last_aux;
  std::string_view hw = f(head);
  const std::uint16_t hc = wclass(head);
  bool participle = ends_with(hw, "ed") || ends_with(hw, "en") || ((hc & kWcVerb) && !ends_with(hw, "ing") && hw.back() != 's');
  if (head != last_aux || !have_head) {
    if (be_before && ends_with(hw, "ing")) feat |= kVgProgressive;
    else if (be_before && participle && head != last_aux) feat |= kVgPassive;
    if (have_before && participle) feat |= kVgPerfect;
  }
  if (hc & kWcSpec) feat |= kVgSpec;
  if (hc & kWcNegWord) feat |= kVgNeg;
  if (hc & kWcReport) feat |= kVgReport;
  for (std::uint32_t q = i; q < k; ++q)
    if (at(L_HEDGE, q)) feat |= kVgHedge;
  out.kind = ChunkKind::vg;
  out.tb = i;
  out.te = k;
  out.head = head;
  out.features = feat;
  return k;
}

void DocRun::build_chunks() {
  chunks.clear();
  chunk_at.assign(se - sb, -1);
  auto push = [&](Chunk c) {
    for (std::uint32_t q = c.tb; q < c.te; ++q) chunk_at[q - sb] = static_cast<int>(chunks.size());
    chunks.push_back(c);
  };
  for (std::uint32_t i = sb; i < se;) {
    Chunk c;
    c.tb = i;
    c.head = i;
    if (value_at[i - sb] >= 0) {
      const ValueMention& v = vals[value_at[i - sb]];
      c.kind = ChunkKind::value;
      c.ref = value_at[i - sb];
      c.te = std::max(v.tok_end, i + 1);
      push(c);
      i = c.te;
      continue;
    }
    if (mention_at[i - sb] >= 0) {
      int mi = mention_at[i - sb];
      const Mention& m = ms[mi];
      c.kind = m.how == How::pronoun ? ChunkKind::pron : m.how == How::descriptor ? ChunkKind::desc : ChunkKind::np;
      c.ref = mi;
      c.te = std::max(m.te, i + 1);
      c.head = c.te - 1;
      push(c);
      i = c.te;
      continue;
    }
    const std::uint16_t wc = wclass(i);
    // A frame noun is a nominal trigger, unless it is also a frame verb and follows its subject ("the FTC
    // probes X", "EU Opens Antitrust Probe" stays a noun after its modifier).
    const bool after_subject = !chunks.empty() && (chunks.back().kind == ChunkKind::np ||
                                                   chunks.back().kind == ChunkKind::pron ||
                                                   chunks.back().kind == ChunkKind::desc) &&
                               chunks.back().te == i;
    if ((wc & kWcNoun) && !(tt.tokens[i].flags & kTokCap && !headline) && !((wc & kWcVerb) && after_subject)) {
      c.kind = ChunkKind::nom;
      c.te = i + 1;
      push(c);
      ++i;
      continue;
    }
    if (std::uint32_t e = verb_group_at(i, c)) {
      push(c);
      i = e;
      continue;
    }
    c.te = i + 1;
    if (wc & kWcPrep) c.kind = ChunkKind::pp;
    else if (wc & kWcConj) c.kind = ChunkKind::conj;
    else if (tt.tokens[i].flags & kTokPunct) c.kind = ChunkKind::punct;
    else c.kind = ChunkKind::word;
    push(c);
    ++i;
  }
}

// An apposition from token `a`: words up to a closing comma within `limit` tokens, with no verb group
// other than a passive participle ("a maker of industrial sensors", "Hyzon's former CEO"). Returns the
// closing comma's token, or 0 when there is none.
std::uint32_t DocRun::apposition_close(std::uint32_t a, std::uint32_t limit) {
  ensure_chunks();
  for (std::uint32_t z = a; z < se && z < a + limit; ++z) {
    if (is(z, ",")) return z > a ? z : 0;
    if (sentence_break(z)) return 0;
    const int c = chunk_at[z - sb];
    if (c >= 0 && chunks[c].kind == ChunkKind::vg && !(chunks[c].features & kVgPassive)) return 0;
  }
  return 0;
}

// The verb group that governs the phrase starting at token `tok`: the
// nearest one before it in the same clause (commas and parentheticals
// skipped; a clause opener, ';' or ':' stops the search).
int DocRun::governing_vg(std::uint32_t tok) const {
  if (tok < sb || tok >= se || chunk_at[tok - sb] < 0) return -1;
  int c = chunk_at[tok - sb];
  for (int back = 0; c > 0 && back < 10; ++back) {
    const Chunk& ch = chunks[--c];
    if (ch.kind == ChunkKind::vg) return c;
    if (ch.kind == ChunkKind::punct && (is(ch.tb, ";") || is(ch.tb, ":") || is(ch.tb, "\""))) return -1;
    if (wclass(ch.tb) & kWcClause) return -1;
  }
  return -1;
}

std::string DocRun::chunk_text(const Chunk& c) const {
  auto kind = [&]() -> std::string {
    switch (c.kind) {
      case ChunkKind::np: return "NP";
      case ChunkKind::desc: return "DESC";
      case ChunkKind::pron: return "PRON";
      case ChunkKind::value: {
        const ValueMention& v = vals[c.ref];
        return v.kind == ValueKind::money ? "MONEY" : v.kind == ValueKind::date ? "DATE" : "PCT";
      }
      case ChunkKind::vg: return "VG";
      case ChunkKind::nom: return "NOM";
      case ChunkKind::pp: return "PP";
      default: return "";
    }
  };
  std::string k = kind();
  if (k.empty()) return raw(c.tb, c.te);
  std::string s = "[" + k + " " + raw(c.tb, c.te);
  if (c.kind == ChunkKind::vg) {
    std::uint32_t lemma = x.lemma_of_[wid[c.head]];
    std::string feats = lemma ? std::string(x.words_[lemma]) : std::string(f(c.head));
    const std::pair<std::uint16_t, const char*> names[] = {
        {kVgPassive, "passive"}, {kVgProgressive, "progressive"}, {kVgPerfect, "perfect"}, {kVgFuture, "future"},
        {kVgModal, "modal"},     {kVgNeg, "negated"},             {kVgSpec, "speculative"}, {kVgInfinitive, "to"},
        {kVgHedge, "hedged"},    {kVgReport, "report"}};
    for (const auto& [bit, name] : names)
      if (c.features & bit) feats += std::string(",") + name;
    s += " |" + feats;
  }
  return s + "]";
}

std::string DocRun::chunk_line() const {
  std::string s;
  for (const Chunk& c : chunks) {
    if (!s.empty()) s += ' ';
    s += chunk_text(c);
  }
  return s;
}

}  // namespace kg::ingest
