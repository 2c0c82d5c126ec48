// A rule match becomes triples: roles resolved (pronouns, descriptions), types checked, amount and date attached, negation and speculation dropped, hedging and confidence.
#include "ingest/doc_run.hpp"

#include <algorithm>
#include <cmath>

#include "common/text.hpp"

namespace kg::ingest {

// ------------------------------------------------------------ triples
bool DocRun::lookaround_ok(const Rule& r, std::uint32_t start, std::uint32_t end) {
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

int DocRun::resolve(const Mention& m, const std::vector<int>& avoid, const std::vector<int>& types) const {
  if (m.how != How::pronoun) return m.ent;
  for (int c : m.cands) {
    if (std::find(avoid.begin(), avoid.end(), c) != avoid.end()) continue;
    if (type_ok(ents[c].type, types) || ents[c].type == x.other_type_) return c;
  }
  return -1;
}

const ValueMention* DocRun::trailing_amount(std::uint32_t end) {
  std::uint32_t q = end;
  if (is(q, ",") && q + 1 < se && !(tt.tokens[q + 1].flags & kTokCap) && !is(q + 1, "for")) {
    // skip an apposition: ", a maker of industrial sensors,"
    if (std::uint32_t z = apposition_close(q + 1, 14)) q = z + 1;
  }
  auto money_at = [&](std::uint32_t p) -> const ValueMention* {
    if (p < se && value_at[p - sb] >= 0 && vals[value_at[p - sb]].kind == ValueKind::money &&
        vals[value_at[p - sb]].tok_begin == p)
      return &vals[value_at[p - sb]];
    return nullptr;
  };
  if (is(q, "for") || is(q, "worth")) return money_at(q + 1);
  // "in a deal valued at", "in a transaction worth", ", valued at"
  std::uint32_t p = q;
  if (is(p, ",")) ++p;
  if (is(p, "in") && (is(p + 1, "a") || is(p + 1, "an"))) {
    // "in a $1 billion deal"
    if (const ValueMention* v = money_at(p + 2))
      if (is(v->tok_end, "deal") || is(v->tok_end, "transaction") || is(v->tok_end, "acquisition")) return v;
    if (is(p + 2, "deal") || is(p + 2, "transaction")) p += 3;
  }
  if (p > q && (is(p, "valued") || is(p, "worth"))) {
    if (is(p, "valued") && is(p + 1, "at")) return money_at(p + 2);
    if (is(p, "worth")) return money_at(p + 1);
  }
  return nullptr;
}

// Negation and speculation, decided on chunks: a verb group inside the match with the feature ("has not
// invested", "could acquire", "plans to invest", "denied investing"), or a cue word outside any verb group,
// inside the match or in the few chunks before it in the same clause ("no investment in", "in talks to",
// "a potential acquisition of"). The verb group governing a nominal match is not searched: "decided not to
// review X's investment" keeps the investment. Returns the cue, or "".
std::string DocRun::polarity_cue(std::uint32_t start, std::uint32_t end, bool negation) {
  ensure_chunks();
  const std::uint16_t vg_bits = negation ? kVgNeg : (kVgSpec | kVgModal);
  const std::uint16_t word_bits = negation ? (kWcNeg | kWcNegWord) : kWcSpec;
  int from = chunk_at[start - sb], last = chunk_at[end - 1 - sb];
  for (int back = 0; from > 0 && back < (negation ? 2 : 4); ++back) {
    const Chunk& ch = chunks[from - 1];
    // A speculative verb group before the match makes its complement speculative too ("is in talks to invest
    // in X at a valuation of ..."); a negated one does not negate a noun phrase after it.
    if (ch.kind == ChunkKind::vg) {
      if (!negation && (ch.features & (kVgSpec | kVgModal))) --from;
      break;
    }
    if ((ch.kind == ChunkKind::punct && !is(ch.tb, "-")) || (wclass(ch.tb) & kWcClause)) break;
    --from;
  }
  for (int c = from; c <= last; ++c) {
    const Chunk& ch = chunks[c];
    if (ch.kind == ChunkKind::vg) {
      if (!(ch.features & vg_bits)) continue;
      // "said it would examine": a reported plan is a statement, not speculation.
      bool reported = false;  // the nearest verb group before it reports ("said on Tuesday it would invest")
      for (int b = c - 1; !negation && b >= 0 && b >= c - 6; --b)
        if (chunks[b].kind == ChunkKind::vg) {
          reported = (chunks[b].features & kVgReport) != 0;
          break;
        }
      if (!reported) return raw(ch.tb, ch.te);
      continue;
    }
    if (ch.kind == ChunkKind::np || ch.kind == ChunkKind::value || ch.kind == ChunkKind::desc || ch.kind == ChunkKind::pron)
      continue;
    for (std::uint32_t q = ch.tb; q < ch.te; ++q)
      if (wclass(q) & word_bits) return std::string(f(q));
  }
  return "";
}

void DocRun::on_match(const Rule& r, std::uint32_t start, std::uint32_t end, std::size_t si, std::vector<Candidate>& cands) {
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
    if (!amount && vals[v].kind == ValueKind::money && !spec.object_is_amount && spec.takes_amount) amount = &vals[v];
    if (!date && vals[v].kind == ValueKind::date && vals[v].full_date && spec.takes_date) date = &vals[v];
  }
  // "acquired Molvex, a maker of sensors, for $400 million", "in a deal valued at $400 million": a price in
  // the phrase that closes the match belongs to it.
  if (!amount && spec.takes_amount && !spec.object_is_amount) amount = trailing_amount(end);
  // A full date stated elsewhere in the sentence ("On Monday, February 26, 2024, X announced ...").
  if (!date && spec.takes_date) {
    std::uint32_t best = ~0u;
    for (const auto& v : vals) {
      if (v.kind != ValueKind::date || !v.full_date) continue;
      // "X said on May 17, 2024, that Y's partnership ...": a date governed by a reporting verb dates the
      // statement, not the fact reported.
      ensure_chunks();  // (built once per sentence)
      int g = governing_vg(v.tok_begin);
      if (g >= 0 && (chunks[g].features & kVgReport) && chunks[g].te <= v.tok_begin && v.tok_end <= start) continue;
      std::uint32_t dist = v.tok_end <= start ? start - v.tok_end : v.tok_begin >= end ? v.tok_begin - end : 0;
      if (dist < best) best = dist, date = &v;
    }
  }
  if (r.premod_nominal && !subj.empty() && !subj[0]->value) {
    // "under the EU Merger Regulation the acquisition of X": a determiner between a name and the noun
    // starts a new noun phrase, so the name is not the noun's agent (a possessive would make it one).
    const Mention& am = ms[subj[0]->idx];
    for (std::uint32_t q = am.te; q < end && !(wclass(q) & kWcNoun); ++q) {
      if (is(q, "'s") || is(q, "'")) break;
      if ((wclass(q) & kWcDet) && am.how != How::pronoun) {
        if (explain) *explain += "  DROP " + r.id + ": '" + std::string(f(q)) + "' between agent and noun\n";
        return;
      }
    }
  }
  if (r.check_negation) {
    // A deal stopped by its verb group: "prohibited the proposed acquisition of X by Y", "Hungary's
    // decision to veto the acquisition", "called off its purchase". Decided on chunks: the verb group
    // governing the match and those inside it.
    ensure_chunks();
    int g = r.form == "nominal" ? governing_vg(start) : -1;  // a clause's own verb governs the rest
    auto killed = [&](int c) {
      if (c < 0 || chunks[c].kind != ChunkKind::vg || !(wclass(chunks[c].head) & kWcKill)) return false;
      for (std::uint32_t q = chunks[c].tb; q < chunks[c].te; ++q)
        if (wclass(q) & kWcNeg) return false;  // "did not block the acquisition"
      return true;
    };
    std::string why = killed(g) ? raw(chunks[g].tb, chunks[g].te) : "";
    for (std::uint32_t q = start; q < end && why.empty(); ++q)
      if (chunk_at[q - sb] >= 0 && killed(chunk_at[q - sb])) why = raw(chunks[chunk_at[q - sb]].tb, chunks[chunk_at[q - sb]].te);
    if (!why.empty()) {
      if (explain) *explain += "  DROP " + r.id + ": stopped by [VG " + why + "] in \"" + raw(start, end) + "\"\n";
      return;
    }
  }
  std::string neg = r.check_negation ? polarity_cue(start, end, true) : "";
  std::string spec_cue = r.check_negation && neg.empty() ? polarity_cue(start, end, false) : "";
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

}  // namespace kg::ingest
