#include "ingest/rule_tests.hpp"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include "common/error.hpp"
#include "common/text.hpp"

namespace kg::ingest {

std::size_t RuleTestReport::failed() const {
  std::size_t n = 0;
  for (const auto& c : cases) n += !c.passed;
  return n;
}

namespace {
std::string str(const rapidjson::Value& o, const char* k) {
  return o.HasMember(k) && o[k].IsString() ? std::string(o[k].GetString()) : std::string();
}
bool same(const std::string& want, const std::string& got) { return want.empty() || fold_name(want) == fold_name(got); }
bool matches(const rapidjson::Value& pat, const Triple& t, bool symmetric) {
  std::string s = str(pat, "subject"), r = str(pat, "relation"), o = str(pat, "object"), rule = str(pat, "rule");
  if (!same(r, t.relation) || !same(rule, t.rule)) return false;
  if (same(s, t.subject) && same(o, t.object)) return true;
  return symmetric && same(s, t.object) && same(o, t.subject);
}
std::string show(const rapidjson::Value& pat) {
  auto v = [&](const char* k) {
    std::string s = str(pat, k);
    return s.empty() ? std::string("*") : s;
  };
  return "(" + v("subject") + ", " + v("relation") + ", " + v("object") + ")";
}
}  // namespace

RuleTestReport run_rule_tests(const Extractor& x, const std::string& text, const std::string& file) {
  rapidjson::Document d;
  d.Parse(text.c_str(), text.size());
  if (d.HasParseError())
    throw DataError(std::string("malformed rule tests file: ") + rapidjson::GetParseError_En(d.GetParseError()),
                    locate(file, text, d.GetErrorOffset()));
  if (!d.IsObject() || !d.HasMember("cases") || !d["cases"].IsArray())
    throw DataError("rule tests file needs {\"cases\": [...]}", locate(file, text, 0));
  RuleTestReport report;
  const auto& cases = d["cases"];
  for (rapidjson::SizeType i = 0; i < cases.Size(); ++i) {
    const auto& c = cases[i];
    RuleTestResult res;
    res.id = str(c, "id");
    if (res.id.empty()) res.id = "case " + std::to_string(i);
    InputDocument doc;
    doc.id = res.id;
    if (c.HasMember("text") && c["text"].IsString()) doc.text = c["text"].GetString();
    else if (c.HasMember("text") && c["text"].IsArray())
      for (const auto& s : c["text"].GetArray()) doc.text += std::string(s.GetString()) + "\n\n";
    else {
      SourcePos p;
      p.file = file;
      p.pointer = "/cases/" + std::to_string(i);
      throw DataError("rule test '" + res.id + "' has no \"text\"", p);
    }
    if (c.HasMember("date") && c["date"].IsString()) doc.date = Date::parse(c["date"].GetString());
    ExtractStats stats;
    auto triples = x.extract(doc, nullptr, &stats);
    for (const auto& [k, v] : stats.rule_hits) report.rule_hits[k] += v;
    auto symmetric = [&](const std::string& rel) {
      auto r = x.rules().find_relation(rel);
      return r && x.rules().relations[*r].symmetric;
    };
    std::vector<bool> used(triples.size(), false);
    if (c.HasMember("expect") && c["expect"].IsArray())
      for (const auto& e : c["expect"].GetArray()) {
        bool found = false;
        for (std::size_t k = 0; k < triples.size() && !found; ++k)
          if (matches(e, triples[k], symmetric(str(e, "relation")))) found = used[k] = true;
        if (!found) res.problems.push_back("missing " + show(e));
      }
    if (c.HasMember("forbid") && c["forbid"].IsArray())
      for (const auto& e : c["forbid"].GetArray())
        for (const auto& t : triples)
          if (matches(e, t, symmetric(t.relation)))
            res.problems.push_back("forbidden (" + t.subject + ", " + t.relation + ", " + t.object + ") by " + t.rule);
    if (c.HasMember("exact") && c["exact"].IsBool() && c["exact"].GetBool())
      for (std::size_t k = 0; k < triples.size(); ++k)
        if (!used[k])
          res.problems.push_back("unexpected (" + triples[k].subject + ", " + triples[k].relation + ", " +
                                 triples[k].object + ") by " + triples[k].rule);
    res.passed = res.problems.empty();
    report.cases.push_back(std::move(res));
  }
  return report;
}

}  // namespace kg::ingest
