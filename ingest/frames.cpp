// Verb frames compiled into token patterns: active, passive, reduced
// relative, relative, nominal (of/by, possessive), agent noun, reversed
// and participial forms, each a Rule with its own id ("frame.ID/FORM").
#include <algorithm>

#include "ingest/rules_loader.hpp"

namespace kg::ingest::detail {

void Loader::frame(const rapidjson::Value& f, const std::string& ptr) {
  std::string id = f["id"].GetString();
  int rel = relation_ref(f["relation"].GetString(), ptr + "/relation");
  const RelationSpec& spec = rs.relations[rel];
  bool agent_is_subject = std::string(f["agent"].GetString()) == "subject";
  const auto& agent_types = agent_is_subject ? spec.subject_types : spec.object_types;
  const auto& patient_types = agent_is_subject ? spec.object_types : spec.subject_types;
  int agent_role = agent_is_subject ? 0 : 1, patient_role = agent_is_subject ? 1 : 0;
  auto list = [&](const char* key) { return f.HasMember(key) ? strings(f[key]) : std::vector<std::string>{}; };
  std::vector<std::string> preps = list("prep"), agent_prep = list("agent_prep"), nouns = list("nouns"),
                           noun_prep = list("noun_prep"), agent_nouns = list("agent_nouns"),
                           agent_noun_prep = list("agent_noun_prep"), reverse_prep = list("reverse_prep");
  if (agent_prep.empty()) agent_prep = {"by"};
  if (noun_prep.empty()) noun_prep = preps;
  if (agent_noun_prep.empty()) agent_noun_prep = {"of", "at"};
  if (reverse_prep.empty()) reverse_prep = {"from"};
  int patient_gap = f.HasMember("patient_gap") ? f["patient_gap"].GetInt() : 0;
  bool parties = f.HasMember("parties") && f["parties"].GetBool();
  int priority = f.HasMember("priority") ? f["priority"].GetInt() : 50;
  double conf = f.HasMember("confidence") ? f["confidence"].GetDouble() : 0.85;
  std::vector<std::string> forms = list("forms");
  if (forms.empty()) forms = {"active", "passive", "reduced_relative", "relative", "nominal", "agent_noun", "reversed"};
  auto has_form = [&](const char* n) { return std::find(forms.begin(), forms.end(), n) != forms.end(); };
  for (const char* lex : {"AUX", "BE", "LIGHT", "DET", "REL_PRONOUN"}) lexicon_ref(lex, ptr);
  std::string org = origin(ptr);

  struct Verb {
    std::string lemma;
    std::vector<std::string> prep;
    bool prep_given = false;  // {"lemma": "back", "prep": []}: a direct object, not the frame's prepositions
  };
  auto verbs_of = [&](const char* key) {
    std::vector<Verb> out;
    if (!f.HasMember(key)) return out;
    for (const auto& v : f[key].GetArray()) {
      if (v.IsString()) out.push_back({fold_name(v.GetString()), {}, false});
      else
        out.push_back({fold_name(v["lemma"].GetString()),
                       v.HasMember("prep") ? strings(v["prep"]) : std::vector<std::string>{}, v.HasMember("prep")});
    }
    return out;
  };
  auto A = [&](bool l = true) {
    Elem e = ent(agent_types, agent_role, l);
    e.parties = parties && !agent_is_subject;
    return e;
  };
  auto P = [&](bool l = true) {
    Elem e = ent(patient_types, patient_role, l);
    e.parties = parties && agent_is_subject;
    return e;
  };
  Elem vg_lead;
  vg_lead.kind = ElemKind::vg_lead;
  vg_lead.desc = "verb-group lead";
  Elem aux = rep(alt({{vg_lead}, {lex_elem("AUX")}, {lex_elem("NEG")}, {lex_elem("SPEC")}, {lex_elem("HEDGE")}}, "@AUX*"), 0, 5);
  Elem det = opt(lex_elem("DET"));
  auto emit = [&](const std::string& form, std::vector<Elem> pat, const std::vector<std::string>& trig, int prio_delta = 0) {
    Rule r;
    r.id = "frame." + id + "/" + form;
    r.form = form;
    r.relation = rel;
    r.pattern = std::move(pat);
    r.priority = priority + prio_delta;
    r.confidence = conf;
    for (const auto& t : trig) {
      auto toks = fold_tokens(t);
      if (!toks.empty()) r.triggers.push_back(toks.back());
    }
    r.origin = org;
    r.clause_start = form == "fronted";
    add_rule(std::move(r));
  };
  auto forms_of = [&](const Verb& v, bool participle_only) {
    if (!participle_only) return rs.verb_forms(v.lemma);
    // Past participles: the irregular table's past and participle, else "-ed".
    std::string head = v.lemma, rest;
    if (auto sp = head.find(' '); sp != std::string::npos) {
      rest = head.substr(sp);
      head = head.substr(0, sp);
    }
    std::vector<std::string> pp;
    if (auto it = rs.lemma_forms.find(head); it != rs.lemma_forms.end() && it->second.size() >= 4)
      pp = {it->second[2] + rest, it->second[3] + rest};
    else
      pp = {regular_inflections(head)[2] + rest};
    return pp;
  };
  auto prep_elem = [&](const std::vector<std::string>& p) { return words_elem(p, "prep"); };
  auto pgap = [&]() { return gap(0, patient_gap); };
  auto mid = [&](int n) { return gap(0, n); };

  // The lexical layer's view of this frame: each form of its verbs and nouns and its lemma.
  for (const char* key : {"verbs", "reverse_verbs"})
    for (const auto& v : verbs_of(key))
      for (const auto& form : rs.verb_forms(v.lemma)) {
        std::string first = form.substr(0, form.find(' '));  // "takes over": the chunker sees "takes"
        rs.form_lemma.emplace(first, v.lemma);
        rs.form_class[first] |= 1;
      }
  for (const auto* list : {&nouns, &agent_nouns})
    for (const auto& n : *list) {
      std::string w = fold_name(n);
      w = w.substr(w.rfind(' ') == std::string::npos ? 0 : w.rfind(' ') + 1);  // "joint venture": the head noun
      rs.form_lemma.emplace(w, w);
      rs.form_class[w] |= 2;
    }
  std::vector<Verb> verbs = verbs_of("verbs");
  for (const auto& v : verbs) {
    std::vector<std::string> vp = v.prep_given ? v.prep : preps;
    Elem vf = words_elem(forms_of(v, false), "verb:" + v.lemma);
    Elem vpp = words_elem(forms_of(v, true), "participle:" + v.lemma);
    std::vector<std::string> trig = forms_of(v, false);
    auto active_tail = [&](std::vector<Elem> pat) {
      if (!vp.empty()) {
        pat.push_back(mid(6));
        pat.push_back(prep_elem(vp));
      }
      pat.push_back(pgap());
      pat.push_back(P());
      return pat;
    };
    if (has_form("active")) emit("active", active_tail({A(), aux, vf}), trig);
    if (has_form("symmetric") && spec.symmetric) {
      Elem a = A(false);
      emit("symmetric", {a, words_elem({"and"}, "'and'"), P(false), aux, vf}, trig);
    }
    std::vector<std::string> ptrig = forms_of(v, true);
    if (has_form("passive")) {
      std::vector<Elem> pat{P(), aux, vpp};
      if (!vp.empty()) pat.push_back(opt(prep_elem(vp)));
      pat.push_back(mid(4));
      pat.push_back(prep_elem(agent_prep));
      pat.push_back(A());
      emit("passive", pat, ptrig);
    }
    if (has_form("reduced_relative")) {
      // "xAI, founded by Elon Musk", "a startup founded by ..." (the comma is optional)
      std::vector<Elem> pat{P(), opt(words_elem({",", "-"}, "',' or dash")), opt(lex_elem("ADV")), vpp, mid(4),
                            prep_elem(agent_prep), A()};
      emit("reduced_relative", pat, ptrig);
      // "Rivenna, a Lisbon-based fintech founded in 2018 by Marta Sousa": the participle after an apposition
      std::vector<Elem> appos_pat{P(false), words_elem({","}, "','"), words_elem({"a", "an", "the"}, "determiner"),
                                  gap(0, 5, true), vpp, mid(4), prep_elem(agent_prep), A()};
      emit("reduced_relative", appos_pat, ptrig, -5);
      // "Founded in 2023 by Llion Jones and David Ha, Sakana AI is based in Tokyo."
      std::vector<Elem> fronted{vpp, mid(4), prep_elem(agent_prep), A(), words_elem({","}, "','"), P(false)};
      emit("fronted", fronted, ptrig);
    }
    if (has_form("relative")) {
      emit("relative", active_tail({A(false), opt(words_elem({","}, "','")), lex_elem("REL_PRONOUN"), aux, vf}), trig);
      std::vector<Elem> pat{P(false), opt(words_elem({","}, "','")), lex_elem("REL_PRONOUN"), aux, vpp, mid(4),
                            prep_elem(agent_prep), A()};
      emit("relative", pat, ptrig);
      if (vp.empty()) {
        // "Molvex, which Zentra bought in 2021": the patient fronted as the relative pronoun's object.
        emit("relative", {P(false), words_elem({","}, "','"), words_elem({"which", "that"}, "'which'"), A(false), aux, vf},
             trig);
      }
      if (!vp.empty()) {
        // "OpenAI, with whom it has already invested billions", "Cohere, in which Nvidia invested": the
        // preposition fronted before the relative pronoun.
        std::vector<std::string> fronted_prep = vp;
        fronted_prep.push_back("with");
        emit("relative", {P(false), words_elem({","}, "','"), prep_elem(fronted_prep), words_elem({"which", "whom"}, "'which'"),
                          A(false), aux, vf}, trig);
      }
    }
  }
  for (const auto& v : verbs_of("reverse_verbs")) {
    Elem vf = words_elem(forms_of(v, false), "verb:" + v.lemma);
    std::vector<std::string> rp = v.prep_given && !v.prep.empty() ? v.prep : reverse_prep;
    if (has_form("reversed"))
      // "raised $6 billion from investors including Andreessen Horowitz, Sequoia Capital and ..."
      emit("reversed", {P(false), aux, vf, mid(8), prep_elem(rp), opt(lex_elem("INVESTOR_INTRO")), A()},
           forms_of(v, false));
  }
  if (!nouns.empty() && has_form("nominal")) {
    Elem n = words_elem(nouns, "noun");
    Elem np = prep_elem(noun_prep);
    Elem poss = opt(words_elem({"'s", "'"}, "possessive"));
    // "Microsoft's €15 million investment in Mistral AI" (without the possessive, no determiner may stand
    // between the agent and the noun: "under the EU Merger Regulation the acquisition of X" has no agent)
    emit("nominal", {A(false), poss, mid(4), n, np, pgap(), P()}, nouns);
    rs.rules.back().premod_nominal = true;
    if (!spec.symmetric) {
      // "the acquisition of Gamesa by Siemens", "the acquisition of joint control of INWIT by Telecom Italia and
      // Vodafone", "the acquisition of LM Wind Power of Denmark, by General Electric"
      std::vector<int> places;
      if (auto pt = rs.types.find("Place")) places.push_back(*pt);
      Elem of_place = places.empty() ? opt(words_elem({","}, "','"))
                                     : opt(alt({{words_elem({"of"}, "'of'"), ent(places, -1, false)}}, "of PLACE"));
      Elem inner = opt(alt({{gap(1, 3), words_elem({"of"}, "'of'")}}, "... of"));
      emit("nominal", {n, np, inner, P(), of_place, opt(words_elem({","}, "','")), words_elem(agent_prep, "agent prep"), A()},
           nouns, 5);
    }
    // "an in-depth investigation to assess whether the measures to X ...", "a review to examine X's deal"
    if (f.HasMember("purpose")) {
      Elem purpose = words_elem(strings(f["purpose"]), "purpose verb");
      emit("nominal", {A(false), poss, mid(6), n, words_elem({"to"}, "'to'"), purpose,
                       opt(words_elem({"whether", "if", "how"}, "'whether'")), mid(8), P()}, nouns);
    }
    // "an investment by Microsoft in Mistral AI"
    emit("nominal", {n, opt(words_elem({"of"}, "'of'")), opt(mid(4)), words_elem(agent_prep, "agent prep"), A(false), np, pgap(), P()}, nouns);
    // "Microsoft has made an investment of 15 million euros ... in Mistral"
    emit("nominal", {A(false), opt(words_elem({","}, "','")), opt(lex_elem("REL_PRONOUN")), aux, lex_elem("LIGHT"), mid(6), n,
                     mid(16), np, pgap(), P()}, nouns, -5);
    if (spec.symmetric) {
      // "the partnership between Microsoft and Mistral", "the Microsoft-OpenAI partnership",
      // "Microsoft and Mistral AI reveal partnership"
      emit("nominal", {n, words_elem({"between", "of"}, "'between'"), A(false), words_elem({"and", "&"}, "'and'"), P(false)}, nouns);
      emit("nominal", {A(false), words_elem({"-", "/"}, "'-'"), P(false), mid(2), n}, nouns);
      emit("nominal", {A(false), words_elem({"and", "&"}, "'and'"), P(false), aux, opt(lex_elem("LIGHT")), mid(4), n}, nouns, -5);
    }
  }
  if (!agent_nouns.empty() && has_form("agent_noun")) {
    Elem an = words_elem(agent_nouns, "agent noun");
    Elem poss = opt(words_elem({"'s", "'"}, "possessive"));
    Elem comma = words_elem({",", "-"}, "',' or dash");
    // "Mistral founder Arthur Mensch", "OpenAI's co-founder, Sam Altman"
    emit("agent_noun", {P(false), poss, opt(lex_elem("ADJ")), an, opt(words_elem({","}, "','")), A()}, agent_nouns);
    // "Arthur Mensch, co-founder and chief executive of Mistral"
    emit("agent_noun", {A(false), comma, det, mid(3), an, mid(4), prep_elem(agent_noun_prep), P()}, agent_nouns);
    // "Microsoft remains a dedicated investor in OpenAI", "Mistral is the most direct competitor to OpenAI"
    // "Sequoia Capital and Benchmark are among the early investors in Harvey"
    emit("agent_noun", {A(), aux, lex_elem("BE"), opt(words_elem({"among", "one of"}, "'among'")), det, mid(3), an,
                        prep_elem(agent_noun_prep), P()}, agent_nouns);
    // "Thrive Capital, led by Josh Kushner, is one of OpenAI's largest investors"
    emit("agent_noun", {A(false), aux, lex_elem("BE"), words_elem({"one of", "among"}, "'one of'"), P(false),
                        words_elem({"'s", "'"}, "possessive"), mid(3), an}, agent_nouns);
    // "Molvex is Zentra's main competitor", "Norbank is Rivenna's biggest investor"
    emit("agent_noun", {A(false), aux, lex_elem("BE"), P(false), words_elem({"'s", "'"}, "possessive"), mid(3), an},
         agent_nouns);
    // "Mistral - one of OpenAI's biggest competitors"
    emit("agent_noun", {A(false), comma, words_elem({"one of"}, "'one of'"), P(false), words_elem({"'s", "'"}, "possessive"), mid(3), an}, agent_nouns);
  }
}

}  // namespace kg::ingest::detail
