#include "ingest/rules.hpp"

#include <algorithm>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>
#include <rapidjson/schema.h>
#include <rapidjson/stringbuffer.h>

#include "common/atomic_file.hpp"
#include "common/error.hpp"
#include "common/text.hpp"
#include "ingest/tokenize.hpp"

namespace kg::ingest {

// ---------------------------------------------------------------- types
std::optional<int> TypeSystem::find(const std::string& name) const {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (ascii_lower(names[i]) == ascii_lower(name)) return static_cast<int>(i);
  return std::nullopt;
}
bool TypeSystem::is_a(int t, int ancestor) const {
  for (int guard = 0; t >= 0 && guard < 64; ++guard, t = parent[t])
    if (t == ancestor) return true;
  return false;
}
int TypeSystem::add(const std::string& name, int p) {
  if (auto f = find(name)) return *f;
  names.push_back(name);
  parent.push_back(p);
  return static_cast<int>(names.size() - 1);
}

std::optional<int> RuleSet::find_relation(const std::string& name) const {
  for (std::size_t i = 0; i < relations.size(); ++i)
    if (relations[i].name == name) return static_cast<int>(i);
  return std::nullopt;
}
const std::vector<std::vector<std::string>>& RuleSet::lexicon(const std::string& name) const {
  static const std::vector<std::vector<std::string>> empty;
  auto it = lexicons.find(name);
  return it == lexicons.end() ? empty : it->second;
}
bool RuleSet::in_lexicon(const std::string& lex, std::string_view tok) const {
  auto it = lexicons.find(lex);
  if (it == lexicons.end()) return false;
  for (const auto& seq : it->second)
    if (seq.size() == 1 && seq[0] == tok) return true;
  return false;
}

std::vector<std::string> regular_inflections(const std::string& lemma) {
  auto vowel = [](char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; };
  std::string w = lemma;
  std::vector<std::string> out{w};
  std::size_t n = w.size();
  if (n == 0) return out;
  char last = w[n - 1];
  // 3rd person singular
  if (last == 's' || last == 'x' || last == 'z' || (n > 1 && (w.substr(n - 2) == "ch" || w.substr(n - 2) == "sh")))
    out.push_back(w + "es");
  else if (last == 'y' && n > 1 && !vowel(w[n - 2]))
    out.push_back(w.substr(0, n - 1) + "ies");
  else
    out.push_back(w + "s");
  // past / participle
  if (last == 'e') out.push_back(w + "d");
  else if (last == 'y' && n > 1 && !vowel(w[n - 2])) out.push_back(w.substr(0, n - 1) + "ied");
  else out.push_back(w + "ed");
  // -ing
  if (last == 'e' && n > 2 && w[n - 2] != 'e') out.push_back(w.substr(0, n - 1) + "ing");
  else out.push_back(w + "ing");
  return out;
}

std::vector<std::string> RuleSet::verb_forms(const std::string& lemma) const {
  // Multi-word verbs ("take over", "roll out") inflect their first word.
  std::string head = lemma, rest;
  if (auto sp = lemma.find(' '); sp != std::string::npos) {
    head = lemma.substr(0, sp);
    rest = lemma.substr(sp);
  }
  std::vector<std::string> forms;
  auto it = lemma_forms.find(head);
  if (it != lemma_forms.end()) forms = it->second;
  else forms = regular_inflections(head);
  for (auto& f : forms) f += rest;
  return forms;
}

namespace {

// ------------------------------------------------- JSON value positions
// A SAX pass records, for every JSON pointer, the byte offset where its
// value starts, so errors found after parsing still get file:line:col.
struct PositionRecorder : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, PositionRecorder> {
  struct Level {
    bool array;
    std::size_t index;
    std::string key;
  };
  std::vector<Level> stack;
  std::unordered_map<std::string, std::size_t>* out;
  const rapidjson::StringStream* ss;
  const char* begin;
  std::size_t pending_start = 0;

  static std::string escape(const std::string& k) {
    std::string r;
    for (char c : k) {
      if (c == '~') r += "~0";
      else if (c == '/') r += "~1";
      else r += c;
    }
    return r;
  }
  std::string path() const {
    std::string p;
    for (const auto& l : stack) p += "/" + (l.array ? std::to_string(l.index) : escape(l.key));
    return p;
  }
  std::size_t here() const { return ss->Tell(); }
  void value_at(std::size_t end_off, bool container) {
    std::size_t start = end_off;
    if (container) start = end_off ? end_off - 1 : 0;
    else {
      // Walk back over the scalar to its first byte.
      std::size_t i = end_off;
      while (i > 0 && (begin[i - 1] == ' ' || begin[i - 1] == '\n' || begin[i - 1] == '\t' || begin[i - 1] == '\r')) --i;
      if (i > 0 && begin[i - 1] == '"') {
        --i;
        while (i > 0) {
          --i;
          if (begin[i] == '"' && (i == 0 || begin[i - 1] != '\\')) break;
        }
      } else {
        while (i > 0 && std::string_view(",:[{ \n\t\r").find(begin[i - 1]) == std::string_view::npos) --i;
      }
      start = i;
    }
    (*out)[path()] = start;
  }
  void scalar() {
    value_at(here(), false);
    if (!stack.empty() && stack.back().array) ++stack.back().index;
  }
  bool Null() { scalar(); return true; }
  bool Bool(bool) { scalar(); return true; }
  bool Int(int) { scalar(); return true; }
  bool Uint(unsigned) { scalar(); return true; }
  bool Int64(int64_t) { scalar(); return true; }
  bool Uint64(uint64_t) { scalar(); return true; }
  bool Double(double) { scalar(); return true; }
  bool String(const char*, rapidjson::SizeType, bool) { scalar(); return true; }
  bool StartObject() { value_at(here(), true); stack.push_back({false, 0, ""}); return true; }
  bool Key(const char* s, rapidjson::SizeType n, bool) { stack.back().key.assign(s, n); return true; }
  bool EndObject(rapidjson::SizeType) { stack.pop_back(); if (!stack.empty() && stack.back().array) ++stack.back().index; return true; }
  bool StartArray() { value_at(here(), true); stack.push_back({true, 0, ""}); return true; }
  bool EndArray(rapidjson::SizeType) { stack.pop_back(); if (!stack.empty() && stack.back().array) ++stack.back().index; return true; }
};

struct Loader {
  const std::string& text;
  const std::string& file;
  std::unordered_map<std::string, std::size_t> positions;
  RuleSet rs;

  [[noreturn]] void fail(const std::string& pointer, const std::string& msg) {
    std::size_t off = 0;
    std::string p = pointer;
    while (true) {  // the nearest recorded ancestor
      auto it = positions.find(p);
      if (it != positions.end()) {
        off = it->second;
        break;
      }
      auto slash = p.rfind('/');
      if (slash == std::string::npos) break;
      p = p.substr(0, slash);
    }
    SourcePos pos = locate(file, text, off);
    pos.pointer = pointer.empty() ? "/" : pointer;
    throw DataError(msg, pos);
  }

  std::vector<std::string> strings(const rapidjson::Value& v) {
    std::vector<std::string> out;
    if (v.IsString()) out.emplace_back(v.GetString(), v.GetStringLength());
    else if (v.IsArray())
      for (const auto& x : v.GetArray())
        if (x.IsString()) out.emplace_back(x.GetString(), x.GetStringLength());
    return out;
  }

  int type_ref(const std::string& name, const std::string& ptr) {
    if (auto t = rs.types.find(name)) return *t;
    std::string hint = closest_match(name, rs.types.names);
    fail(ptr, "unknown entity type '" + name + "'" + (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
  }
  std::vector<int> type_list(const rapidjson::Value& v, const std::string& ptr) {
    std::vector<int> out;
    for (const auto& s : strings(v)) out.push_back(type_ref(s, ptr));
    return out;
  }
  int relation_ref(const std::string& name, const std::string& ptr) {
    if (auto r = rs.find_relation(name)) return *r;
    std::vector<std::string> names;
    for (const auto& r : rs.relations) names.push_back(r.name);
    std::string hint = closest_match(name, names);
    fail(ptr, "unknown relation '" + name + "'" + (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
  }
  void lexicon_ref(const std::string& name, const std::string& ptr) {
    if (rs.lexicons.count(name)) return;
    std::vector<std::string> names;
    for (const auto& [k, v] : rs.lexicons) names.push_back(k);
    std::string hint = closest_match(name, names);
    fail(ptr, "unknown lexicon '" + name + "'" + (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
  }

  // ---- element builders (shared by frames and hand-written patterns)
  static Elem words_elem(const std::vector<std::string>& phrases, const std::string& desc) {
    // Single-token phrases become one word element; longer ones an alt of sequences.
    Elem e;
    e.kind = ElemKind::word;
    e.desc = desc;
    std::vector<std::vector<Elem>> seqs;
    for (const auto& p : phrases) {
      auto toks = fold_tokens(p);
      if (toks.size() == 1) e.words.push_back(toks[0]);
      else if (toks.size() > 1) {
        std::vector<Elem> seq;
        for (const auto& t : toks) {
          Elem w;
          w.kind = ElemKind::word;
          w.words = {t};
          w.desc = "'" + t + "'";
          seq.push_back(w);
        }
        seqs.push_back(seq);
      }
    }
    if (seqs.empty()) return e;
    Elem alt;
    alt.kind = ElemKind::alt;
    alt.desc = desc;
    if (!e.words.empty()) alt.alts.push_back({e});
    for (auto& s : seqs) alt.alts.push_back(std::move(s));
    return alt;
  }
  Elem lex_elem(const std::string& name) {
    std::vector<std::string> phrases;
    for (const auto& seq : rs.lexicon(name)) {
      std::string p;
      for (const auto& t : seq) p += (p.empty() ? "" : " ") + t;
      phrases.push_back(p);
    }
    return words_elem(phrases, "@" + name);
  }
  static Elem gap(int lo, int hi, bool ents = false) {
    Elem e;
    e.kind = ElemKind::gap;
    e.min = lo;
    e.max = hi;
    e.gap_ents = ents;
    e.desc = "gap{" + std::to_string(lo) + "," + std::to_string(hi) + "}";
    return e;
  }
  static Elem opt(Elem e) {
    e.min = 0;
    return e;
  }
  static Elem rep(Elem e, int lo, int hi) {
    e.min = lo;
    e.max = hi;
    return e;
  }
  Elem ent(const std::vector<int>& types, int role, bool list = true) {
    Elem e;
    e.kind = ElemKind::ent;
    e.types = types;
    e.role = role;
    e.list = list;
    std::string d;
    for (int t : types) d += (d.empty() ? "" : "|") + rs.types.names[t];
    e.desc = "{" + d + "}" + (role >= 0 ? " as " + rs.roles[role] : "");
    return e;
  }
  static Elem alt(std::vector<std::vector<Elem>> branches, const std::string& desc) {
    Elem e;
    e.kind = ElemKind::alt;
    e.alts = std::move(branches);
    e.desc = desc;
    return e;
  }

  int role_index(const std::string& name) {
    for (std::size_t i = 0; i < rs.roles.size(); ++i)
      if (rs.roles[i] == name) return static_cast<int>(i);
    rs.roles.push_back(name);
    return static_cast<int>(rs.roles.size() - 1);
  }

  Elem element(const rapidjson::Value& v, const std::string& ptr) {
    Elem e;
    bool have = false;
    auto take = [&](const char* key) { return v.HasMember(key); };
    if (take("word")) {
      e = words_elem(strings(v["word"]), "");
      std::string d;
      for (const auto& s : strings(v["word"])) d += (d.empty() ? "'" : "|'") + s + "'";
      e.desc = d;
      have = true;
    } else if (take("text")) {
      e.kind = ElemKind::text;
      e.words = strings(v["text"]);
      e.desc = "text:" + (e.words.empty() ? "" : e.words[0]);
      have = true;
    } else if (take("lemma")) {
      std::vector<std::string> forms;
      for (const auto& l : strings(v["lemma"])) {
        auto f = rs.verb_forms(fold_name(l));
        forms.insert(forms.end(), f.begin(), f.end());
      }
      e = words_elem(forms, "lemma:" + strings(v["lemma"])[0]);
      have = true;
    } else if (take("regex")) {
      e.kind = ElemKind::regex;
      try {
        e.re = std::make_shared<std::regex>(v["regex"].GetString(), std::regex::ECMAScript | std::regex::optimize);
      } catch (const std::regex_error& err) {
        fail(ptr + "/regex", std::string("bad regular expression: ") + err.what());
      }
      e.desc = std::string("/") + v["regex"].GetString() + "/";
      have = true;
    } else if (take("lex")) {
      std::string name = v["lex"].GetString();
      if (!name.empty() && name[0] == '@') name = name.substr(1);
      lexicon_ref(name, ptr + "/lex");
      e = lex_elem(name);
      have = true;
    } else if (take("ent")) {
      e = ent(type_list(v["ent"], ptr + "/ent"), -1);
      have = true;
    } else if (take("money") || take("date") || take("percent")) {
      e.kind = take("money") ? ElemKind::money : take("date") ? ElemKind::date : ElemKind::percent;
      e.desc = take("money") ? "{money}" : take("date") ? "{date}" : "{percent}";
      have = true;
    } else if (take("gap")) {
      const auto& g = v["gap"];
      e = gap(g[0].GetInt(), g[1].GetInt(), take("ents") && v["ents"].GetBool());
      if (e.min > e.max) fail(ptr + "/gap", "gap minimum is larger than its maximum");
      have = true;
    } else if (take("any")) {
      e.kind = ElemKind::any;
      e.desc = "any";
      have = true;
    } else if (take("alt")) {
      std::vector<std::vector<Elem>> branches;
      const auto& a = v["alt"];
      for (rapidjson::SizeType i = 0; i < a.Size(); ++i)
        branches.push_back(pattern(a[i], ptr + "/alt/" + std::to_string(i)));
      e = alt(std::move(branches), "alt");
      have = true;
    } else if (take("group")) {
      e = alt({pattern(v["group"], ptr + "/group")}, "group");
      have = true;
    }
    if (!have) fail(ptr, "pattern element needs one of word, text, lemma, regex, lex, ent, money, date, percent, gap, any, alt, group");
    if (take("as")) {
      e.role = role_index(v["as"].GetString());
      e.desc += std::string(" as ") + v["as"].GetString();
    }
    if (take("list")) e.list = v["list"].GetBool();
    if (take("appos")) e.appos = v["appos"].GetBool();
    if (take("parties")) e.parties = v["parties"].GetBool();
    if (take("op") && e.kind != ElemKind::gap) {
      std::string op = v["op"].GetString();
      if (op == "?") e.min = 0, e.max = 1;
      else if (op == "*") e.min = 0, e.max = 1000;
      else if (op == "+") e.min = 1, e.max = 1000;
      else {
        int lo = 0, hi = 0;
        if (std::sscanf(op.c_str(), "{%d,%d}", &lo, &hi) != 2 || lo > hi) fail(ptr + "/op", "bad quantifier '" + op + "'");
        e.min = lo, e.max = hi;
      }
      e.desc += op;
    }
    return e;
  }
  std::vector<Elem> pattern(const rapidjson::Value& arr, const std::string& ptr) {
    std::vector<Elem> out;
    for (rapidjson::SizeType i = 0; i < arr.Size(); ++i) out.push_back(element(arr[i], ptr + "/" + std::to_string(i)));
    return out;
  }

  // ---- rule bookkeeping
  static int specificity(const std::vector<Elem>& p) {
    int s = 0;
    for (const auto& e : p) {
      if (e.kind == ElemKind::word || e.kind == ElemKind::text || e.kind == ElemKind::regex) s += e.min > 0 ? 2 : 1;
      if (e.kind == ElemKind::ent || e.kind == ElemKind::money) s += 1;
      if (e.kind == ElemKind::alt && !e.alts.empty()) s += specificity(e.alts[0]);
    }
    return s;
  }
  static void collect_triggers(const std::vector<Elem>& p, std::vector<std::string>& out) {
    // The first mandatory literal element: a sentence without one of its words cannot match.
    for (const auto& e : p) {
      if (e.min == 0) continue;
      if (e.kind == ElemKind::word && !e.words.empty()) {
        out = e.words;
        return;
      }
      if (e.kind == ElemKind::alt) {
        std::vector<std::string> all;
        bool ok = true;
        for (const auto& b : e.alts) {
          std::vector<std::string> t;
          collect_triggers(b, t);
          if (t.empty()) {
            ok = false;
            break;
          }
          all.insert(all.end(), t.begin(), t.end());
        }
        if (ok && !all.empty()) {
          out = all;
          return;
        }
      }
    }
  }
  void add_rule(Rule r) {
    r.order = static_cast<int>(rs.rules.size());
    for (const auto& e : r.pattern) {
      if (e.min == 0) continue;
      if (e.kind == ElemKind::ent) r.required_types.push_back(e.types);
      if (e.kind == ElemKind::money) r.needs_money = true;
    }
    r.specificity = specificity(r.pattern);
    // Prefer the verb/noun of a frame as trigger; else a mandatory literal of
    // real words ("based" rather than "," or "-", which are in most sentences);
    // else the first mandatory literal.
    if (r.triggers.empty()) {
      for (const auto& e : r.pattern) {
        if (e.min == 0 || e.kind != ElemKind::word || e.words.empty()) continue;
        bool wordy = true;
        for (const auto& w : e.words)
          wordy = wordy && w.size() >= 3 && std::isalpha(static_cast<unsigned char>(w[0]));
        if (wordy) {
          r.triggers = e.words;
          break;
        }
      }
    }
    if (r.triggers.empty()) collect_triggers(r.pattern, r.triggers);
    std::sort(r.triggers.begin(), r.triggers.end());
    r.triggers.erase(std::unique(r.triggers.begin(), r.triggers.end()), r.triggers.end());
    rs.rules.push_back(std::move(r));
  }

  std::string origin(const std::string& ptr) {
    auto it = positions.find(ptr);
    SourcePos p = locate(file, text, it == positions.end() ? 0 : it->second);
    return file + ":" + std::to_string(p.line);
  }

  // ---- verb frames
  void frame(const rapidjson::Value& f, const std::string& ptr) {
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
    };
    auto verbs_of = [&](const char* key) {
      std::vector<Verb> out;
      if (!f.HasMember(key)) return out;
      for (const auto& v : f[key].GetArray()) {
        if (v.IsString()) out.push_back({fold_name(v.GetString()), {}});
        else out.push_back({fold_name(v["lemma"].GetString()), v.HasMember("prep") ? strings(v["prep"]) : std::vector<std::string>{}});
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
    Elem aux = rep(alt({{lex_elem("AUX")}, {lex_elem("NEG")}, {lex_elem("SPEC")}, {lex_elem("HEDGE")}}, "@AUX*"), 0, 5);
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

    std::vector<Verb> verbs = verbs_of("verbs");
    for (const auto& v : verbs) {
      std::vector<std::string> vp = v.prep.empty() ? preps : v.prep;
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
        // "Founded in 2023 by Llion Jones and David Ha, Sakana AI is based in Tokyo."
        std::vector<Elem> fronted{vpp, mid(4), prep_elem(agent_prep), A(), words_elem({","}, "','"), P(false)};
        emit("fronted", fronted, ptrig);
      }
      if (has_form("relative")) {
        emit("relative", active_tail({A(false), opt(words_elem({","}, "','")), lex_elem("REL_PRONOUN"), aux, vf}), trig);
        std::vector<Elem> pat{P(false), opt(words_elem({","}, "','")), lex_elem("REL_PRONOUN"), aux, vpp, mid(4),
                              prep_elem(agent_prep), A()};
        emit("relative", pat, ptrig);
      }
    }
    for (const auto& v : verbs_of("reverse_verbs")) {
      Elem vf = words_elem(forms_of(v, false), "verb:" + v.lemma);
      std::vector<std::string> rp = v.prep.empty() ? reverse_prep : v.prep;
      if (has_form("reversed"))
        // "raised $6 billion from investors including Andreessen Horowitz, Sequoia Capital and ..."
        emit("reversed", {P(false), aux, vf, mid(8), prep_elem(rp), opt(lex_elem("INVESTOR_INTRO")), A()},
             forms_of(v, false));
    }
    if (!nouns.empty() && has_form("nominal")) {
      Elem n = words_elem(nouns, "noun");
      Elem np = prep_elem(noun_prep);
      Elem poss = opt(words_elem({"'s", "'"}, "possessive"));
      // "Microsoft's €15 million investment in Mistral AI"
      emit("nominal", {A(false), poss, mid(4), n, np, pgap(), P()}, nouns);
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
      // "Mistral - one of OpenAI's biggest competitors"
      emit("agent_noun", {A(false), comma, words_elem({"one of"}, "'one of'"), P(false), words_elem({"'s", "'"}, "possessive"), mid(3), an}, agent_nouns);
    }
  }

  void load() {
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseCommentsFlag | rapidjson::kParseTrailingCommasFlag>(text.c_str(), text.size());
    if (doc.HasParseError()) {
      SourcePos pos = locate(file, text, doc.GetErrorOffset());
      throw DataError(std::string("malformed rules file: ") + rapidjson::GetParseError_En(doc.GetParseError()), pos);
    }
    {
      PositionRecorder rec;
      rec.out = &positions;
      rapidjson::StringStream ss(text.c_str());
      rec.ss = &ss;
      rec.begin = text.c_str();
      rapidjson::Reader reader;
      reader.Parse<rapidjson::kParseCommentsFlag | rapidjson::kParseTrailingCommasFlag>(ss, rec);
    }
    // Schema validation.
    rapidjson::Document sd;
    sd.Parse(rules_schema_text());
    rapidjson::SchemaDocument schema(sd);
    rapidjson::SchemaValidator validator(schema);
    if (!doc.Accept(validator)) {
      rapidjson::StringBuffer ptr_buf;
      // The plain JSON-pointer form: RapidJSON 1.1's URI-fragment form reads
      // past its buffer on some keys (found by fuzzing, tests/unit/regress_*).
      validator.GetInvalidDocumentPointer().Stringify(ptr_buf);
      std::string dec = ptr_buf.GetString();
      std::string keyword = validator.GetInvalidSchemaKeyword();
      std::string msg = "rules file does not match the schema: '" + keyword + "' check failed";
      if (keyword == "additionalProperties") msg = "unknown field in rules file (schema: additionalProperties)";
      else if (keyword == "required") msg = "a required field is missing (schema: required)";
      else if (keyword == "type") msg = "value has the wrong type (schema: type)";
      fail(dec, msg);
    }
    // Types.
    for (auto& m : doc["types"].GetObject()) {
      std::string name = m.name.GetString();
      rs.types.add(name, -1);
    }
    for (auto& m : doc["types"].GetObject()) {
      if (m.value.IsNull()) continue;
      int t = *rs.types.find(m.name.GetString());
      rs.types.parent[t] = type_ref(m.value.GetString(), std::string("/types/") + m.name.GetString());
    }
    for (const char* builtin : {"Money", "Other"})
      if (!rs.types.find(builtin)) rs.types.add(builtin, -1);
    // Lexicons and lemma table before anything refers to them.
    if (doc.HasMember("lexicon"))
      for (auto& m : doc["lexicon"].GetObject()) {
        auto& seqs = rs.lexicons[m.name.GetString()];
        for (const auto& s : m.value.GetArray()) seqs.push_back(fold_tokens(s.GetString()));
      }
    if (doc.HasMember("lemmas"))
      for (auto& m : doc["lemmas"].GetObject()) {
        std::vector<std::string> forms{fold_name(m.name.GetString())};
        for (const auto& s : m.value.GetArray()) forms.push_back(fold_name(s.GetString()));
        rs.lemma_forms[forms[0]] = forms;
      }
    for (const char* needed : {"NEG", "SPEC", "HEDGE", "ADV", "ADJ", "INVESTOR_INTRO"}) rs.lexicons[needed];  // may be empty
    if (doc.HasMember("settings") && doc["settings"].HasMember("hedge_factor"))
      rs.hedge_factor = doc["settings"]["hedge_factor"].GetDouble();
    for (auto& m : doc["relations"].GetObject()) {
      RelationSpec r;
      r.name = m.name.GetString();
      std::string p = std::string("/relations/") + r.name;
      r.subject_types = type_list(m.value["subject"], p + "/subject");
      r.object_types = type_list(m.value["object"], p + "/object");
      r.symmetric = m.value.HasMember("symmetric") && m.value["symmetric"].GetBool();
      r.object_is_amount = m.value.HasMember("object_is_amount") && m.value["object_is_amount"].GetBool();
      rs.relations.push_back(r);
    }
    if (doc.HasMember("frames")) {
      const auto& fr = doc["frames"];
      for (rapidjson::SizeType i = 0; i < fr.Size(); ++i) frame(fr[i], "/frames/" + std::to_string(i));
    }
    if (doc.HasMember("rules")) {
      const auto& ru = doc["rules"];
      std::unordered_map<std::string, int> seen;
      for (rapidjson::SizeType i = 0; i < ru.Size(); ++i) {
        const auto& r = ru[i];
        std::string ptr = "/rules/" + std::to_string(i);
        Rule rule;
        rule.id = r["id"].GetString();
        if (seen.count(rule.id)) fail(ptr + "/id", "duplicate rule id '" + rule.id + "'");
        seen[rule.id] = 1;
        rule.form = "pattern";
        rule.relation = relation_ref(r["relation"].GetString(), ptr + "/relation");
        rule.pattern = pattern(r["pattern"], ptr + "/pattern");
        if (r.HasMember("not_before")) rule.not_before = pattern(r["not_before"], ptr + "/not_before");
        if (r.HasMember("not_after")) rule.not_after = pattern(r["not_after"], ptr + "/not_after");
        if (r.HasMember("priority")) rule.priority = r["priority"].GetInt();
        if (r.HasMember("confidence")) rule.confidence = r["confidence"].GetDouble();
        if (r.HasMember("negation")) rule.check_negation = r["negation"].GetBool();
        bool has_s = false, has_o = false;
        std::function<void(const std::vector<Elem>&)> scan = [&](const std::vector<Elem>& p) {
          for (const auto& e : p) {
            if (e.role == 0) has_s = true;
            if (e.role == 1) has_o = true;
            for (const auto& b : e.alts) scan(b);
          }
        };
        scan(rule.pattern);
        if (!has_s || !has_o) fail(ptr + "/pattern", "the pattern must capture both a subject and an object (\"as\")");
        rule.origin = origin(ptr);
        add_rule(std::move(rule));
      }
    }
    for (std::uint32_t i = 0; i < rs.rules.size(); ++i) {
      if (rs.rules[i].triggers.empty()) rs.untriggered.push_back(i);
      for (const auto& t : rs.rules[i].triggers) rs.trigger_index[t].push_back(i);
    }
    rs.file = file;
  }
};

}  // namespace

RuleSet load_rules_text(const std::string& text, const std::string& file_name) {
  Loader l{text, file_name, {}, {}};
  l.load();
  return std::move(l.rs);
}

RuleSet load_rules_file(const std::string& path) { return load_rules_text(read_file(path), path); }

}  // namespace kg::ingest
