// The rules of one sentence: trigger-driven rule selection, prefilters, matching at each start, near-miss reports and conflict resolution.
#include "ingest/doc_run.hpp"

#include <algorithm>
#include <cmath>

#include "common/text.hpp"

namespace kg::ingest {

void DocRun::run_rules(std::size_t si) {
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
      std::string where = "end of sentence";
      if (fail_tok < se) {
        // the token, and the chunk it stands in: where the frame stopped in the sentence's structure
        ensure_chunks();
        where = "\"" + raw(fail_tok, fail_tok + 1) + "\"";
        const int c = chunk_at[fail_tok - sb];
        if (c >= 0 && chunks[c].kind != ChunkKind::word && chunks[c].kind != ChunkKind::punct &&
            chunks[c].kind != ChunkKind::conj)
          where += " in " + chunk_text(chunks[c]);
      }
      *explain += "  MISS " + r.id + ": element " + std::to_string(fail_index) + " " + fail_elem->desc + " failed at " +
                  where + "\n";
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

}  // namespace kg::ingest
