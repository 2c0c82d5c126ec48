// The pattern matcher: sequences, repetition, alternatives, gaps and value elements over one sentence's tokens, with continuations instead of backtracking state.
#include "ingest/doc_run.hpp"

#include <algorithm>
#include <cmath>

#include "common/text.hpp"

namespace kg::ingest {

void DocRun::miss(const Elem& e, int index, std::uint32_t pos) {
  if (pos > fail_tok || !fail_elem) {
    fail_tok = pos;
    fail_elem = &e;
    fail_index = index;
  }
}

bool DocRun::sentence_break(std::uint32_t i) const {
  if (i >= se || !(tt.tokens[i].flags & kTokPunct)) return false;
  std::string_view w = f(i);
  return w == "." || w == ";" || w == "!" || w == "?" || w == ":";
}

bool DocRun::name_at(std::uint32_t i) const {
  int m = mention_at[i - sb];
  return m >= 0 && (ms[m].how == How::gazetteer || ms[m].how == How::name || ms[m].how == How::alias);
}

bool DocRun::seq(const std::vector<Elem>& s, std::size_t i, std::uint32_t pos, const K& k) {
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

bool DocRun::rep(const Elem& e, int index, int count, std::uint32_t pos, const K& k) {
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

bool DocRun::one(const Elem& e, int index, std::uint32_t pos, const K& k) {
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
    case ElemKind::vg_lead: {
      // From inside a verb group to its main verb: frames see "Agrees To Acquire", "is set to buy" and
      // "has quietly agreed to invest" as one step, whatever the rules' AUX lexicon lists.
      if (pos >= se) return false;
      // A lead starts with an auxiliary, modal, negation, adverb, "to" or a catenative verb: anything else fails
      // here without building the sentence's chunks.
      if (!(wclass(pos) & (kWcAux | kWcModal | kWcNeg | kWcAdv | kWcVerb | kWcPrep)) && !adverb_like(pos)) {
        miss(e, index, pos);
        return false;
      }
      ensure_chunks();
      int c = chunk_at[pos - sb];
      if (c >= 0 && chunks[c].kind == ChunkKind::vg && chunks[c].head > pos) return k(chunks[c].head);
      miss(e, index, pos);
      return false;
    }
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

}  // namespace kg::ingest
