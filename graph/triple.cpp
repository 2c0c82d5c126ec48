#include "graph/triple.hpp"

#include <cmath>
#include <sstream>

#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "common/atomic_file.hpp"
#include "common/text.hpp"

namespace kg {

namespace {

// Attributes whose meaning the graph knows; the rest pass through as typed values.
Value json_to_value(const rapidjson::Value& v) {
  if (v.IsBool()) return v.GetBool();
  if (v.IsInt64()) return static_cast<std::int64_t>(v.GetInt64());
  if (v.IsNumber()) return v.GetDouble();
  if (v.IsString()) return std::string(v.GetString(), v.GetStringLength());
  if (v.IsNull()) return Null{};
  // Arrays and objects are kept as their JSON text.
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

std::string upper(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

}  // namespace

AttrMap attrs_from_json(const rapidjson::Value& obj) {
  AttrMap out;
  if (!obj.IsObject()) return out;
  std::optional<double> amount_value;
  std::string currency;
  for (auto it = obj.MemberBegin(); it != obj.MemberEnd(); ++it) {
    std::string key(it->name.GetString(), it->name.GetStringLength());
    const auto& v = it->value;
    if (key == "amount_value" && v.IsNumber()) {
      amount_value = v.GetDouble();
    } else if (key == "amount" && v.IsNumber()) {
      amount_value = v.GetDouble();
    } else if (key == "amount" && v.IsString()) {
      out["amount_text"] = std::string(v.GetString(), v.GetStringLength());
    } else if (key == "currency" && v.IsString()) {
      currency = upper(v.GetString());
    } else if (key == "date" && v.IsString()) {
      if (auto d = Date::parse(v.GetString())) out["date"] = *d;
      else out["date_text"] = std::string(v.GetString());
    } else {
      out[key] = json_to_value(v);
    }
  }
  if (amount_value && !currency.empty()) out["amount"] = Money{*amount_value, currency};
  else if (amount_value) out["amount_value"] = *amount_value;
  else if (!currency.empty()) out["currency"] = currency;
  return out;
}

void attrs_to_json(const AttrMap& attrs, rapidjson::Value& out, rapidjson::Document::AllocatorType& a) {
  out.SetObject();
  auto put = [&](const std::string& k, rapidjson::Value v) {
    out.AddMember(rapidjson::Value(k.c_str(), static_cast<rapidjson::SizeType>(k.size()), a), v, a);
  };
  for (const auto& [key, val] : attrs) {
    if (const Money* m = std::get_if<Money>(&val)) {
      if (key == "amount") {
        if (!attrs.count("amount_text"))
          put("amount", rapidjson::Value(to_display(val).c_str(), a));
        put("amount_value", rapidjson::Value(m->value));
        put("currency", rapidjson::Value(m->currency.c_str(), a));
      } else {
        put(key, rapidjson::Value(to_display(val).c_str(), a));
      }
      continue;
    }
    if (key == "amount_text") {
      put("amount", rapidjson::Value(std::get<std::string>(val).c_str(), a));
      continue;
    }
    struct V {
      rapidjson::Document::AllocatorType& a;
      rapidjson::Value operator()(const Null&) const { return rapidjson::Value(); }
      rapidjson::Value operator()(bool b) const { return rapidjson::Value(b); }
      rapidjson::Value operator()(std::int64_t i) const { return rapidjson::Value(static_cast<int64_t>(i)); }
      rapidjson::Value operator()(double d) const {
        return std::isfinite(d) ? rapidjson::Value(d) : rapidjson::Value();
      }
      rapidjson::Value operator()(const std::string& s) const {
        return rapidjson::Value(s.c_str(), static_cast<rapidjson::SizeType>(s.size()), a);
      }
      rapidjson::Value operator()(const Date& d) const { return rapidjson::Value(d.iso().c_str(), a); }
      rapidjson::Value operator()(const Money& m) const { return rapidjson::Value(to_display(m).c_str(), a); }
    };
    put(key, std::visit(V{a}, val));
  }
}

namespace {

[[noreturn]] void fail(const std::string& file, std::size_t line_no, const std::string& line, std::size_t col_offset,
                       const std::string& msg, const std::string& pointer = "") {
  SourcePos pos = locate(file, line, col_offset);
  pos.line = line_no;
  pos.pointer = pointer;
  throw DataError(msg, pos);
}

// Byte offset of the value of `key` in `line`, for error carets; 0 if not found.
std::size_t offset_of_key(const std::string& line, const std::string& key) {
  std::string needle = "\"" + key + "\"";
  std::size_t p = line.find(needle);
  if (p == std::string::npos) return 0;
  p = line.find(':', p + needle.size());
  if (p == std::string::npos) return 0;
  ++p;
  while (p < line.size() && (line[p] == ' ' || line[p] == '\t')) ++p;
  return p;
}

std::string get_name(const rapidjson::Value& obj, const char* key, bool required, const std::string& file,
                     std::size_t line_no, const std::string& line) {
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd() || it->value.IsNull()) {
    if (required) fail(file, line_no, line, 0, std::string("missing \"") + key + "\"", std::string("/") + key);
    return {};
  }
  if (!it->value.IsString())
    fail(file, line_no, line, offset_of_key(line, key), std::string("\"") + key + "\" must be a string",
         std::string("/") + key);
  std::string s = trim(sanitize_utf8(std::string_view(it->value.GetString(), it->value.GetStringLength())));
  if (required && s.empty())
    fail(file, line_no, line, offset_of_key(line, key), std::string("\"") + key + "\" is empty", std::string("/") + key);
  return s;
}

}  // namespace

Triple parse_triple_line(const std::string& file, std::size_t line_no, const std::string& line) {
  rapidjson::Document d;
  d.Parse(line.c_str(), line.size());
  if (d.HasParseError())
    fail(file, line_no, line, d.GetErrorOffset(), std::string("invalid JSON: ") + rapidjson::GetParseError_En(d.GetParseError()));
  if (!d.IsObject()) fail(file, line_no, line, 0, "a triple must be a JSON object");
  Triple t;
  t.subject = get_name(d, "subject", true, file, line_no, line);
  t.relation = ascii_lower(get_name(d, "relation", true, file, line_no, line));
  t.object = get_name(d, "object", true, file, line_no, line);
  t.subject_type = get_name(d, "subject_type", false, file, line_no, line);
  t.object_type = get_name(d, "object_type", false, file, line_no, line);
  t.rule = get_name(d, "rule", false, file, line_no, line);
  for (char c : t.relation)
    if (c == ' ' || c == '\t')
      fail(file, line_no, line, offset_of_key(line, "relation"), "relation type '" + t.relation + "' has white space; use dashes (invests-in)",
           "/relation");
  auto attrs = d.FindMember("attrs");
  if (attrs != d.MemberEnd() && !attrs->value.IsNull()) {
    if (!attrs->value.IsObject()) fail(file, line_no, line, offset_of_key(line, "attrs"), "\"attrs\" must be an object", "/attrs");
    t.attrs = attrs_from_json(attrs->value);
  }
  auto src = d.FindMember("source");
  if (src != d.MemberEnd() && !src->value.IsNull()) {
    const auto& s = src->value;
    if (!s.IsObject()) fail(file, line_no, line, offset_of_key(line, "source"), "\"source\" must be an object", "/source");
    auto doc = s.FindMember("doc");
    if (doc != s.MemberEnd()) {
      if (doc->value.IsString()) t.source.doc = sanitize_utf8(doc->value.GetString());
      else if (doc->value.IsInt64()) t.source.doc = std::to_string(doc->value.GetInt64());
      else fail(file, line_no, line, offset_of_key(line, "doc"), "\"source.doc\" must be a string", "/source/doc");
    }
    for (const char* k : {"sentence", "start", "end"}) {
      auto m = s.FindMember(k);
      if (m == s.MemberEnd() || m->value.IsNull()) continue;
      // The graph keeps offsets and sentence numbers in 32 bits: a larger one would wrap on save.
      if (!m->value.IsInt64() || m->value.GetInt64() < 0 || m->value.GetInt64() > 2147483647)
        fail(file, line_no, line, offset_of_key(line, k),
             std::string("\"source.") + k + "\" must be an integer from 0 to 2147483647", std::string("/source/") + k);
      std::int64_t v = m->value.GetInt64();
      if (k[0] == 's' && k[1] == 'e') t.source.sentence = v;
      else if (k[1] == 't') t.source.start = v;
      else t.source.end = v;
    }
    if (t.source.start >= 0 && t.source.end >= 0 && t.source.end < t.source.start)
      fail(file, line_no, line, offset_of_key(line, "end"), "\"source.end\" is before \"source.start\"", "/source/end");
    auto text = s.FindMember("text");
    if (text != s.MemberEnd() && text->value.IsString()) t.source.text = sanitize_utf8(text->value.GetString());
  }
  return t;
}

void read_triples_file(const std::string& path, const std::function<void(const Triple&)>& sink) {
  read_triples_file(path, std::string::npos, sink);
}

void read_triples_file(const std::string& path, std::size_t max_line_bytes,
                       const std::function<void(const Triple&)>& sink) {
  std::string data = read_file(path);
  std::string name = path == "-" ? "<stdin>" : path;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos < data.size()) {
    std::size_t nl = data.find('\n', pos);
    if (nl == std::string::npos) nl = data.size();
    ++line_no;
    if (nl - pos > max_line_bytes) {
      SourcePos at = SourcePos::of_file(name);
      at.line = line_no;
      at.column = 1;
      throw LimitError("line " + std::to_string(line_no) + " is " + std::to_string(nl - pos) +
                           " bytes, over the line size limit (" + std::to_string(max_line_bytes) +
                           " bytes); raise it with --max-line-bytes N",
                       at);
    }
    std::string line = data.substr(pos, nl - pos);
    pos = nl + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (trim(line).empty()) continue;
    Triple t = parse_triple_line(name, line_no, line);
    // Evidence always names a document: a line without one is credited to the file.
    if (t.source.doc.empty()) t.source.doc = path == "-" ? "stdin" : path.substr(path.find_last_of('/') + 1);
    sink(t);
  }
}

std::string triple_to_json_line(const Triple& t) {
  rapidjson::Document d;
  d.SetObject();
  auto& a = d.GetAllocator();
  auto str = [&](const std::string& s) {
    return rapidjson::Value(s.c_str(), static_cast<rapidjson::SizeType>(s.size()), a);
  };
  d.AddMember("subject", str(t.subject), a);
  if (!t.subject_type.empty()) d.AddMember("subject_type", str(t.subject_type), a);
  d.AddMember("relation", str(t.relation), a);
  d.AddMember("object", str(t.object), a);
  if (!t.object_type.empty()) d.AddMember("object_type", str(t.object_type), a);
  rapidjson::Value attrs;
  attrs_to_json(t.attrs, attrs, a);
  d.AddMember("attrs", attrs, a);
  rapidjson::Value src(rapidjson::kObjectType);
  src.AddMember("doc", str(t.source.doc), a);
  if (t.source.sentence >= 0) src.AddMember("sentence", static_cast<int64_t>(t.source.sentence), a);
  if (t.source.start >= 0) src.AddMember("start", static_cast<int64_t>(t.source.start), a);
  if (t.source.end >= 0) src.AddMember("end", static_cast<int64_t>(t.source.end), a);
  src.AddMember("text", str(t.source.text), a);
  d.AddMember("source", src, a);
  if (!t.rule.empty()) d.AddMember("rule", str(t.rule), a);
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  d.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

Edge add_triple(KnowledgeGraph& g, const Triple& t, const Document* doc_meta) {
  Vertex s = g.add_entity(t.subject, t.subject_type.empty() ? "Other" : t.subject_type);
  Vertex o = g.add_entity(t.object, t.object_type.empty() ? "Other" : t.object_type);
  std::uint32_t type = g.find_relation_type(t.relation).value_or(static_cast<std::uint32_t>(-1));
  if (type == static_cast<std::uint32_t>(-1)) {
    bool symmetric = t.relation == "partners-with" || t.relation == "competes-with";
    type = g.add_relation_type(t.relation, symmetric);
  }
  Edge e = g.add_relation(s, type, o);
  Evidence ev;
  Document doc;
  if (doc_meta) doc = *doc_meta;
  if (doc.id.empty()) doc.id = t.source.doc;
  if (doc.id.empty()) doc.id = "unknown";  // the graph file requires a non-empty id
  ev.doc = g.add_document(doc);
  ev.sentence = static_cast<std::int32_t>(t.source.sentence);
  ev.start = t.source.start;
  ev.end = t.source.end;
  ev.text = g.intern_text(t.source.text);
  ev.rule = g.intern_rule(t.rule.empty() ? "import" : t.rule);
  ev.attrs = t.attrs;
  g.add_evidence(e, std::move(ev));
  return e;
}

}  // namespace kg
