// Entity mentions of one sentence: gazetteer names, unknown capitalised names with type cues, in-document short aliases, descriptions ("the Paris-based company") and pronouns.
#include "ingest/doc_run.hpp"

#include <algorithm>
#include <cmath>

#include "common/text.hpp"

namespace kg::ingest {

int DocRun::entity(const std::string& name, int type) {
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

void DocRun::register_short_forms(int id, const std::vector<std::string>& toks) {
  if (toks.size() < 2) return;
  int type = ents[id].type;
  auto add = [&](const std::string& k) {
    if (!x.stop_words_.count(k)) alias.emplace(k, id);
  };
  if (rs.types.is_a(type, x.person_type_)) add(toks.back());
  else if (rs.types.is_a(type, x.regulator_type_)) add(toks.back());
  else if (orgish(type) || rs.types.is_a(type, x.product_type_)) {
    if (toks[0].size() > 2) add(toks[0]);
    // "Amazon Bedrock" ... "Bedrock": a brand and a product name; the product's own name is its head.
    bool alpha = toks.back().size() > 3;
    for (char ch : toks.back()) alpha = alpha && std::isalpha(static_cast<unsigned char>(ch));
    if (rs.types.is_a(type, x.product_type_) && toks.size() == 2 && alpha && !x.stop_words_.count(toks.back()))
      add(toks.back());
  }
}

// ------------------------------------------------------------ entities
bool DocRun::title_before(std::uint32_t i) const {
  // "CEO Satya Nadella", "co-founder Arthur Mensch", "chief executive Sam Altman"
  for (std::uint32_t back = 1; back <= 3 && i >= sb + back; ++back)
    if (lex_at(L_PERSON_TITLE, i - back) == back || lex_at(L_PERSON_DESCRIPTOR, i - back) == back) return true;
  return false;
}

// Words the document also uses in lower case are common words, not names
// ("Round", "Opens" in a title-case headline). Built on first use.
bool DocRun::common_word(std::uint32_t i) {
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
bool DocRun::descriptive_word(std::uint32_t i) const {
  return at(L_ORG_DESCRIPTOR, i) || at(L_REG_DESCRIPTOR, i) || at(L_PERSON_TITLE, i) || at(L_PERSON_DESCRIPTOR, i) ||
         at(L_PREMOD_HEAD, i);
}

// A lone capitalised word opening a sentence is a name only when it looks
// like one: inner capitals ("ServiceNow"), or a verb, possessive or
// relative clause right after it ("Snowflake agreed", "Stripe, which").
bool DocRun::lone_start_name(std::uint32_t b, std::uint32_t e) {
  if (tt.tokens[b].flags & kTokInnerCap) return true;
  std::string_view w = f(b);
  // "Commission opens in-depth investigation ...", "Ministry approves ...": a regulator's own word opening
  // a headline, followed by its verb, names that regulator.
  if (e == b + 1 && e < se && at(L_REG_CUE, b) && (tt.tokens[e].flags & kTokWord) &&
      !(tt.tokens[e].flags & (kTokCap | kTokDigit)) && !(wclass(e) & (kWcDet | kWcPrep | kWcConj | kWcNoun)))
    return true;
  if (w.size() < 3 || w.back() == 's' || common_word(b) || descriptive_word(b)) return false;
  if (e >= se) return false;
  if (is(e, ",") && e + 1 < se && lex_at(x.lex("REL_PRONOUN"), e + 1)) return true;
  if (is(e, "'s") || is(e, "'")) return true;
  // "Norbank took ...", "Rivenna reportedly invested ...", "Rivenna could ...", "Rivenna and Norbank ...": a verb
  // group (by the lexical layer) or a coordinated name follows.
  if (verb_like(e) || (wclass(e) & (kWcModal | kWcAux))) return true;
  if (adverb_like(e) && (verb_like(e + 1) || (wclass(e + 1) & (kWcModal | kWcAux)))) return true;
  if ((is(e, "and") || is(e, "&")) && e + 1 < se && (tt.tokens[e + 1].flags & kTokCap) && !stop_at(e + 1)) return true;
  return at(L_SENTENCE_VERB, e) || trig_at(e) != nullptr;
}

void DocRun::find_mentions(std::size_t sentence_index) {
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
  std::vector<std::uint32_t> orgs_here_at;  // token of each entry of orgs_here
  auto add = [&](Mention m) {
    for (std::uint32_t k = m.tb; k < m.te; ++k) mention_at[k - sb] = static_cast<int>(ms.size());
    if (m.ent >= 0) {
      recent.push_back({m.ent, ents[m.ent].type});
      int et = ents[m.ent].type;
      bool modifier = is(m.te, "-");
      if (!modifier && m.how != How::pronoun && (rs.types.is_a(et, x.org_type_) || rs.types.is_a(et, x.regulator_type_))) {
        orgs_here.push_back(m.ent);
        orgs_here_at.push_back(m.tb);
      }
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
        while (end < se && (tt.tokens[end].flags & kTokCap) && (at(L_ORG_SUFFIX, end) || at(L_LEGAL_SUFFIX, end)) &&
               orgish(ge.type))
          ++end;
        if (end > i + len && end + 1 < se && is(end, ".") && !(tt.tokens[end].flags & kTokSpaceBefore)) ++end;
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
      // A new clause after ", so", ", but", "; " ... has its own subjects: "X is Y's rival, so this is a move
      // by Z to ... its stake" looks for Z first.
      std::uint32_t clause = sb;
      for (std::uint32_t q = i; q > sb + 1; --q)
        if (is(q - 1, ";") || (is(q - 2, ",") && (is(q - 1, "so") || is(q - 1, "but") || is(q - 1, "while") ||
                                                  is(q - 1, "whereas") || is(q - 1, "although") || is(q - 1, "yet")))) {
          clause = q;
          break;
        }
      for (std::size_t o = 0; o < orgs_here.size(); ++o)
        if (orgs_here_at[o] >= clause && std::find(m.cands.begin(), m.cands.end(), orgs_here[o]) == m.cands.end())
          m.cands.push_back(orgs_here[o]);
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
        // "Kestrel Partners", "Orbis Capital": a company word that is also a trigger ("partners") continues a name
        if (sk == 2 && k > i && !headline && (c.flags & kTokCap) && at(L_ORG_CUE, k)) sk = 0;
        // "Zentra CEO Lena Ortiz": a title, even in capitals, ends the name before it
        if (k > i && lex_at(L_PERSON_TITLE, k) && (c.flags & kTokAllCaps)) break;
        bool cap = (c.flags & (kTokCap | kTokInnerCap)) && !(k > i && sk == 2);
        bool stop = sk == 1 && k > i && !(c.flags & kTokAllCaps);
        if (k > i && headline && common_word(k)) break;
        // "Acme Holdings plc", "Beta Energy inc": a lower-case legal form closes the name
        if (k > i && !(c.flags & kTokCap) && tt.tokens[k].end - tt.tokens[k].start <= 4 &&
            tt.tokens[k].end - tt.tokens[k].start >= 3 && at(L_LEGAL_SUFFIX, k) && !is(k + 1, "-")) {
          ++k;
          break;
        }
        // "Craig M. Knight", "Max C.B. Holthausen": an initial and its period inside a name
        if (k > i && (c.flags & kTokCap) && tt.tokens[k].end - tt.tokens[k].start <= 3 && is(k + 1, ".") &&
            !at(L_LEGAL_SUFFIX, k) &&
            k + 2 < se && (tt.tokens[k + 2].flags & kTokCap) && !(tt.tokens[k + 1].flags & kTokSpaceBefore)) {
          k += 2;
          continue;
        }
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
        // ... but "Pinecrest Capital and Orbis Ventures" is two names (the first already ends in a company word),
        // and so is "Zentra, Molvex and Tarrow Labs" (the end of a list).
        bool two_names = (w == "and" || w == "&") &&
                         (at(L_ORG_CUE, k - 1) || at(L_REG_CUE, k - 1) ||
                          (i >= sb + 2 && is(i - 1, ",") && mention_at[i - 2 - sb] >= 0));
        if (k > i && !two_names && (w == "and" || w == "of" || w == "for" || w == "&" || w == "de" || w == "on") &&
            k + 1 < se && (tt.tokens[k + 1].flags & kTokCap)) {
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
      // "Norbank Invests In Portuguese Fintech Rivenna": in a headline (or where the document also writes the
      // word in lower case) a leading company descriptor is not part of the name.
      while (b + 1 < e && (headline || common_word(b)) && (at(L_ORG_DESCRIPTOR, b) == 1 || at(L_REG_DESCRIPTOR, b)) &&
             (tt.tokens[b + 1].flags & kTokCap) && !is(b + 1, "of") && !is(b + 1, "and"))
        ++b;
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
      // "Price-Fixing", "Bid-Rigging" (title case): a hyphenated compound ending in a gerund names an
      // activity, not an organisation.
      if (e >= b + 3 && is(e - 2, "-") && f(e - 1).size() > 4 && f(e - 1).substr(f(e - 1).size() - 3) == "ing") {
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
        bool digits = false, has_initial = false;  // "Craig M. Knight": a middle initial makes a person's name
        for (std::uint32_t q = b + 1; q + 2 < e && !has_initial; ++q)
          has_initial = tt.tokens[q].end - tt.tokens[q].start == 1 && (tt.tokens[q].flags & kTokCap) && is(q + 1, ".");
        for (const auto& s : toks)
          if (!s.empty() && std::isdigit(static_cast<unsigned char>(s[0]))) digits = true;
        if (in(L_REG_CUE, last)) type = x.regulator_type_;
        else if (in(L_ORG_CUE, last)) type = x.org_type_;
        else if ((person_cue && toks.size() <= 3) || has_initial) type = x.person_type_;
        else if (digits) type = x.product_type_;
        // "Voltaris Energy Inc.", "WestVerkehr GmbH", "Wells Fargo & Company": the legal form is part of the
        // mention, not of the name.
        std::uint32_t ne = e;
        while (ne > b + 1 && at(L_LEGAL_SUFFIX, ne - 1)) --ne;
        if (ne > b + 1 && ne < e && (is(ne - 1, "&") || is(ne - 1, ",") || is(ne - 1, "and"))) --ne;
        if (ne > b + 1 && ne < e && is(ne - 1, ",")) --ne;
        id = entity(raw(b, ne), type);
        register_short_forms(id, toks);
      }
      // "Inc.", "Corp.", "Co.": the abbreviation's period belongs to the mention
      if (e < se && is(e, ".") && e > b + 1 && at(L_LEGAL_SUFFIX, e - 1) && !(tt.tokens[e].flags & kTokSpaceBefore) &&
          e + 1 < se)
        ++e;
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
  // "Charlotte, North Carolina": an unknown name, a comma and a known region name one place.
  bool shadows = false;  // "the deal" keeps its second party by index: no merging then
  for (const auto& m : ms) shadows |= m.partner >= 0;
  for (std::size_t mi = 0; !shadows && mi + 1 < ms.size(); ++mi) {
    Mention& a = ms[mi];
    const Mention& r = ms[mi + 1];
    if (a.ent < 0 || r.ent < 0 || a.how != How::name || ents[a.ent].type != x.other_type_ || r.how != How::gazetteer ||
        r.type != x.place_type_ || !is(a.te, ",") || r.tb != a.te + 1 || is(r.te, "-") || is(r.te, "'s") ||
        is(r.te, "'") || is(r.te, "and"))
      continue;
    a.ent = entity(raw(a.tb, r.te), x.place_type_);
    a.type = x.place_type_;
    a.te = r.te;
    a.note = "a place in " + ents[r.ent].name;
    ms.erase(ms.begin() + static_cast<std::ptrdiff_t>(mi) + 1);
    mention_at.assign(se - sb, -1);
    for (std::size_t q = 0; q < ms.size(); ++q)
      for (std::uint32_t k = ms[q].tb; k < ms[q].te; ++k) mention_at[k - sb] = static_cast<int>(q);
  }
  // "an upstate New York-based company", "a northern California-based startup": the region word is part of the place.
  for (auto& pm : ms) {
    if (pm.ent < 0 || pm.type != x.place_type_ || pm.tb <= sb || !is(pm.te, "-") || !is(pm.te + 1, "based")) continue;
    const std::uint32_t q = pm.tb - 1;
    if (mention_at[q - sb] >= 0 || (tt.tokens[q].flags & kTokCap)) continue;
    static const char* const kRegionWords[] = {"upstate", "downstate", "northern", "southern", "eastern", "western",
                                               "central", "northeast", "northwest", "southeast", "southwest"};
    bool region = false;
    for (const char* w : kRegionWords) region |= f(q) == w;
    if (!region) continue;
    pm.ent = entity(raw(q, pm.te), x.place_type_);
    pm.tb = q;
    mention_at[q - sb] = mention_at[q + 1 - sb];
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

}  // namespace kg::ingest
