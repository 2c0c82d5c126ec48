// Entity slots of a pattern: one item (determiner, descriptive premodifiers, possessives, titles), lists that fan out, appositions and the parties of a deal.
#include "ingest/doc_run.hpp"

#include <algorithm>
#include <cmath>

#include "common/text.hpp"

namespace kg::ingest {

bool DocRun::mention_ok(const Mention& m, const Elem& e) const {
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
void DocRun::item_candidates(const Elem& e, std::uint32_t pos) {
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
    // "the proposed acquisition of GRAIL by Illumina": up to two modifiers before the deal noun
    for (int n = 0; n < 2 && q < se && !lex_at(L_DEAL_NOUN, q) && mention_at[q - sb] < 0 &&
                    (tt.tokens[q].flags & kTokWord) && !(tt.tokens[q].flags & kTokCap);
         ++n)
      ++q;
    if (std::uint32_t dl = lex_at(L_DEAL_NOUN, q)) {
      q += dl;
      if (is(q, "between") || is(q, "involving")) heads.push_back(q + 1);
      if (is(q, "of")) heads.push_back(at(L_DET, q + 1) ? q + 2 : q + 1);  // the target; slot_finish adds "by" the buyer
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
    if (ms[mi].tb != s) continue;
    // "Hydrogen Vehicle Co. Hyzon Motors": a company-type description with its legal form, then the name
    if (ms[mi].te > ms[mi].tb + 1 && is(ms[mi].te - 1, ".") && at(L_LEGAL_SUFFIX, ms[mi].te - 2) && ms[mi].te < se &&
        mention_at[ms[mi].te - sb] >= 0 && ms[mention_at[ms[mi].te - sb]].how != How::pronoun)
      mi = mention_at[ms[mi].te - sb];
    const Mention& m = ms[mi];
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

DocRun::ItemCache& DocRun::item_entry(const Elem& e, std::uint32_t pos) {
  ItemCache& ce = item_cache[static_cast<std::size_t>(e.sig) * (se - sb) + (pos - sb)];
  if (ce.off < 0) {
    ce.off = static_cast<std::int32_t>(item_pool.size());
    item_candidates(e, pos);
    ce.n = static_cast<std::int32_t>(item_pool.size()) - ce.off;
  }
  return ce;
}

bool DocRun::item(const Elem& e, std::uint32_t pos, FnRef<bool(int, std::uint32_t)> cb) {
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

bool DocRun::slot_finish(const SlotCtx& c, std::uint32_t p) {
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
          if (is(q, "with") || is(q, "in") || is(q, "to") || is(q, "on") || is(q, "for")) {
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
    // "... the acquisition of GRAIL by Illumina": a deal's target is followed by its buyer, a party too
    if (e.parties && e.role >= 0 && slot_items.size() > c.base && is(end, "by") && end + 1 < se) {
      std::uint32_t q = ms[slot_items[c.base]].tb;
      if (q > sb && at(L_DET, q - 1)) --q;
      if (q >= sb + 2 && is(q - 1, "of") && lex_at(L_DEAL_NOUN, q - 2) && mention_at[end + 1 - sb] >= 0) {
        int mb = mention_at[end + 1 - sb];
        if (ms[mb].tb == end + 1 && mention_ok(ms[mb], e)) {
          binds.push_back({e.role, false, mb});
          end = ms[mb].te;
          // "by Telecom Italia and Vodafone"
          if ((is(end, "and") || is(end, ",")) && end + 1 < se && mention_at[end + 1 - sb] >= 0) {
            int mc = mention_at[end + 1 - sb];
            if (ms[mc].tb == end + 1 && mention_ok(ms[mc], e)) {
              binds.push_back({e.role, false, mc});
              end = ms[mc].te;
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

bool DocRun::slot_extend(const SlotCtx& c, std::uint32_t p) {
  const Elem& e = c.e;
  const std::uint32_t pos = c.pos;
  {
    if (e.list && p < se && slot_items.size() - c.base < 12 && !cited_source(ms[slot_items[c.base]].tb)) {
      std::uint32_t q = p;
      bool sep = false;
      // "Craig M. Knight, Hyzon's former CEO, and Max C.B. Holthausen": an apposition between two list
      // members (a possessor or a lower-case description, no verb group, closed by ", and" or ", or").
      if (is(q, ",") && q + 1 < se) {
        std::uint32_t a = q + 1;
        bool opens = (mention_at[a - sb] >= 0 && ms[mention_at[a - sb]].how != How::pronoun &&
                      (is(ms[mention_at[a - sb]].te, "'s") || is(ms[mention_at[a - sb]].te, "'"))) ||
                     ((tt.tokens[a].flags & kTokWord) && !(tt.tokens[a].flags & (kTokCap | kTokDigit)) &&
                      !is(a, "and") && !is(a, "or") && !(wclass(a) & (kWcPrep | kWcConj | kWcClause)));
        if (opens)
          if (std::uint32_t z = apposition_close(a, 12); z && (is(z + 1, "and") || is(z + 1, "or"))) q = z;
      }
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
            // "Electrolyx, its chief executive said": a possessive pronoun before a noun is no list member
            if (ms[mi].how == How::pronoun && pe < se && (tt.tokens[pe].flags & kTokWord) && mention_at[pe - sb] < 0)
              return false;
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

bool DocRun::slot(const Elem& e, int index, std::uint32_t pos, const K& k) {
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

}  // namespace kg::ingest
