// The rules loader's state and the helpers that build pattern elements,
// shared by rules.cpp (the file, its schema and hand-written rules) and
// frames.cpp (verb frames compiled into their surface forms). Private to
// ingest/.
#pragma once
#include <rapidjson/document.h>

#include <string>
#include <unordered_map>
#include <vector>

#include "common/error.hpp"
#include "common/text.hpp"
#include "ingest/rules.hpp"
#include "ingest/tokenize.hpp"

namespace kg::ingest::detail {

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
  void frame(const rapidjson::Value& f, const std::string& ptr);
  void load();
};

}  // namespace kg::ingest::detail
