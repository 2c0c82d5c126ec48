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
#include "ingest/rules_loader.hpp"
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

}  // namespace

namespace detail {
void Loader::load() {
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
    // Without "attrs" a relation takes both (older rule files); with it, only what it lists: an
    // amount in a probe's sentence belongs to the deal, not to the probe.
    r.takes_amount = r.takes_date = !m.value.HasMember("attrs");
    if (m.value.HasMember("attrs"))
      for (const auto& a : strings(m.value["attrs"])) {
        if (a == "amount") r.takes_amount = true;
        if (a == "date") r.takes_date = true;
      }
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
}  // namespace detail

namespace {
using detail::Loader;

}  // namespace

RuleSet load_rules_text(const std::string& text, const std::string& file_name) {
  Loader l{text, file_name, {}, {}};
  l.load();
  return std::move(l.rs);
}

RuleSet load_rules_file(const std::string& path) { return load_rules_text(read_file(path), path); }

}  // namespace kg::ingest
