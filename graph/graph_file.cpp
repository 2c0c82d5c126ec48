#include "graph/graph_file.hpp"

#include <cmath>
#include <vector>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "common/atomic_file.hpp"
#include "common/error.hpp"
#include "common/text.hpp"

namespace kg {

namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void write_string(Writer& w, const std::string& s) { w.String(s.c_str(), static_cast<rapidjson::SizeType>(s.size())); }

// Typed values: JSON scalars for bool/int/double/string (doubles always carry
// a fraction or exponent, so they read back as doubles), tagged objects for
// dates and money.
void write_value(Writer& w, const Value& v) {
  struct V {
    Writer& w;
    void operator()(const Null&) const { w.Null(); }
    void operator()(bool b) const { w.Bool(b); }
    void operator()(std::int64_t i) const { w.Int64(i); }
    void operator()(double d) const {
      if (std::isfinite(d)) w.Double(d);
      else w.Null();
    }
    void operator()(const std::string& s) const { write_string(w, s); }
    void operator()(const Date& d) const {
      w.StartObject();
      w.Key("$date");
      write_string(w, d.iso());
      w.EndObject();
    }
    void operator()(const Money& m) const {
      w.StartObject();
      w.Key("$money");
      w.Double(m.value);
      w.Key("currency");
      write_string(w, m.currency);
      w.EndObject();
    }
  };
  std::visit(V{w}, v);
}

void write_attrs(Writer& w, const AttrMap& attrs) {
  w.StartObject();
  for (const auto& [k, v] : attrs) {
    write_string(w, k);
    write_value(w, v);
  }
  w.EndObject();
}

// Each table element goes on its own line so load errors point at a useful line.
template <typename Range, typename Fn>
void write_array(std::string& out, const char* name, const Range& items, Fn write_one, bool last = false) {
  out += "\"";
  out += name;
  out += "\": [";
  bool first = true;
  for (const auto& item : items) {
    rapidjson::StringBuffer buf;
    Writer w(buf);
    write_one(w, item);
    out += first ? "\n  " : ",\n  ";
    out.append(buf.GetString(), buf.GetSize());
    first = false;
  }
  out += first ? "]" : "\n]";
  out += last ? "\n" : ",\n";
}

}  // namespace

std::string serialize_graph(const KnowledgeGraph& g) {
  const Graph& gr = g.graph();
  std::string out = "{\"format\": \"kg-graph\", \"version\": " + std::to_string(kGraphFormatVersion) + ",\n";
  out += "\"counts\": {\"entities\": " + std::to_string(g.entity_count()) +
         ", \"relations\": " + std::to_string(g.relation_count()) +
         ", \"evidence\": " + std::to_string(g.evidence_count()) + "},\n";
  write_array(out, "entity_types", g.entity_types(), [](Writer& w, const std::string& t) { write_string(w, t); });
  write_array(out, "relation_types", g.relation_types(), [](Writer& w, const RelationType& t) {
    w.StartObject();
    w.Key("name");
    write_string(w, t.name);
    w.Key("symmetric");
    w.Bool(t.symmetric);
    w.EndObject();
  });
  write_array(out, "documents", g.documents(), [](Writer& w, const Document& d) {
    w.StartObject();
    w.Key("id");
    write_string(w, d.id);
    if (!d.title.empty()) {
      w.Key("title");
      write_string(w, d.title);
    }
    if (!d.url.empty()) {
      w.Key("url");
      write_string(w, d.url);
    }
    if (d.date) {
      w.Key("date");
      write_string(w, d.date->iso());
    }
    w.EndObject();
  });
  write_array(out, "rules", g.rules(), [](Writer& w, const std::string& r) { write_string(w, r); });
  write_array(out, "texts", g.texts(), [](Writer& w, const std::string& t) { write_string(w, t); });
  std::vector<Vertex> vs;
  for (Vertex v : boost::make_iterator_range(boost::vertices(gr))) vs.push_back(v);
  write_array(out, "entities", vs, [&](Writer& w, Vertex v) {
    const Entity& e = gr[v];
    w.StartObject();
    w.Key("name");
    write_string(w, e.name);
    w.Key("type");
    write_string(w, g.entity_types()[e.type]);
    if (!e.aliases.empty()) {
      w.Key("aliases");
      w.StartArray();
      for (const auto& a : e.aliases) write_string(w, a);
      w.EndArray();
    }
    if (!e.attrs.empty()) {
      w.Key("attrs");
      write_attrs(w, e.attrs);
    }
    w.EndObject();
  });
  write_array(
      out, "relations", g.relations(),
      [&](Writer& w, Edge e) {
        const Relation& r = gr[e];
        w.StartObject();
        w.Key("subject");
        w.Uint64(boost::source(e, gr));
        w.Key("type");
        write_string(w, g.relation_types()[r.type].name);
        w.Key("object");
        w.Uint64(boost::target(e, gr));
        w.Key("evidence");
        w.StartArray();
        for (const Evidence& ev : r.evidence) {
          w.StartObject();
          w.Key("doc");
          w.Uint(ev.doc);
          w.Key("sentence");
          w.Int(ev.sentence);
          w.Key("start");
          w.Int64(ev.start);
          w.Key("end");
          w.Int64(ev.end);
          w.Key("text");
          w.Uint(ev.text);
          w.Key("rule");
          w.Uint(ev.rule);
          if (!ev.attrs.empty()) {
            w.Key("attrs");
            write_attrs(w, ev.attrs);
          }
          w.EndObject();
        }
        w.EndArray();
        w.EndObject();
      },
      true);
  out += "}\n";
  return out;
}

void save_graph(const KnowledgeGraph& g, const std::string& path) { write_file_atomic(path, serialize_graph(g)); }

namespace {

// Finds the byte offset where the value at a JSON pointer starts, by
// re-reading the text with a SAX handler that tracks the current path. Used
// only on the error path, so the DOM need not carry positions.
class PointerLocator {
 public:
  struct Stream {
    rapidjson::StringStream inner;
    typedef char Ch;
    explicit Stream(const char* s) : inner(s) {}
    Ch Peek() const { return inner.Peek(); }
    Ch Take() { return inner.Take(); }
    size_t Tell() const { return inner.Tell(); }
    Ch* PutBegin() { return nullptr; }
    void Put(Ch) {}
    void Flush() {}
    size_t PutEnd(Ch*) { return 0; }
  };

  PointerLocator(const std::string& text, std::vector<std::string> target) : stream_(text.c_str()), target_(std::move(target)) {}

  std::size_t find() {
    rapidjson::Reader reader;
    reader.Parse<rapidjson::kParseStopWhenDoneFlag>(stream_, *this);
    return found_ ? offset_ : 0;
  }

  // SAX events.
  bool Null() { return scalar(); }
  bool Bool(bool) { return scalar(); }
  bool Int(int) { return scalar(); }
  bool Uint(unsigned) { return scalar(); }
  bool Int64(int64_t) { return scalar(); }
  bool Uint64(uint64_t) { return scalar(); }
  bool Double(double) { return scalar(); }
  bool RawNumber(const char*, rapidjson::SizeType, bool) { return scalar(); }
  bool String(const char*, rapidjson::SizeType, bool) { return scalar(); }
  bool StartObject() { return open(false); }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    path_.back() = std::string(s, n);
    if (matches()) return hit(stream_.Tell());
    return true;
  }
  bool EndObject(rapidjson::SizeType) { return close(); }
  bool StartArray() { return open(true); }
  bool EndArray(rapidjson::SizeType) { return close(); }

 private:
  void advance_index() {
    if (!is_array_.empty() && is_array_.back()) {
      index_.back()++;
      path_.back() = std::to_string(index_.back());
    }
  }
  bool scalar() {
    advance_index();
    if (matches()) return hit(stream_.Tell());
    return true;
  }
  bool open(bool array) {
    advance_index();
    if (matches()) return hit(stream_.Tell() - 1);
    is_array_.push_back(array);
    index_.push_back(-1);
    path_.emplace_back();
    return true;
  }
  bool close() {
    is_array_.pop_back();
    index_.pop_back();
    path_.pop_back();
    return true;
  }
  bool matches() const { return path_ == target_; }
  bool hit(std::size_t off) {
    found_ = true;
    offset_ = off;
    return false;  // stop parsing
  }

  Stream stream_;
  std::vector<std::string> target_;
  std::vector<std::string> path_;
  std::vector<bool> is_array_;
  std::vector<long> index_;
  bool found_ = false;
  std::size_t offset_ = 0;
};

class Loader {
 public:
  Loader(const std::string& text, const std::string& file) : text_(text), file_(file) {}

  KnowledgeGraph load() {
    rapidjson::Document d;
    d.Parse<rapidjson::kParseFullPrecisionFlag>(text_.c_str(), text_.size());
    if (d.HasParseError()) {
      std::string msg = std::string("not a valid graph file: ") + rapidjson::GetParseError_En(d.GetParseError());
      if (d.GetParseError() == rapidjson::kParseErrorDocumentEmpty) msg = "not a valid graph file: the file is empty";
      SourcePos pos = locate(file_, text_, d.GetErrorOffset());
      throw DataError(msg + " (byte " + std::to_string(d.GetErrorOffset()) + ")", pos);
    }
    if (!d.IsObject()) fail({}, "not a graph file: the top level must be an object");
    auto fmt = d.FindMember("format");
    if (fmt == d.MemberEnd() || !fmt->value.IsString() || std::string(fmt->value.GetString()) != "kg-graph")
      fail({"format"}, "not a kg graph file: \"format\" must be \"kg-graph\"");
    auto ver = d.FindMember("version");
    if (ver == d.MemberEnd() || !ver->value.IsInt()) fail({"version"}, "\"version\" must be an integer");
    if (ver->value.GetInt() > kGraphFormatVersion || ver->value.GetInt() < 1)
      fail({"version"}, "graph file version " + std::to_string(ver->value.GetInt()) +
                            " is not supported by this kg (it reads version " + std::to_string(kGraphFormatVersion) + ")");

    KnowledgeGraph g;
    const auto& entity_types = array(d, "entity_types");
    std::vector<std::uint32_t> etype_map;
    for (rapidjson::SizeType i = 0; i < entity_types.Size(); ++i)
      g.add_entity_type(string_at(entity_types[i], {"entity_types", std::to_string(i)}));

    const auto& relation_types = array(d, "relation_types");
    std::vector<std::uint32_t> rtype_map;
    for (rapidjson::SizeType i = 0; i < relation_types.Size(); ++i) {
      Path p{"relation_types", std::to_string(i)};
      const auto& rt = object_at(relation_types[i], p);
      std::string name = member_string(rt, p, "name");
      bool symmetric = false;
      auto s = rt.FindMember("symmetric");
      if (s != rt.MemberEnd()) {
        if (!s->value.IsBool()) fail(append(p, "symmetric"), "\"symmetric\" must be true or false");
        symmetric = s->value.GetBool();
      }
      if (g.find_relation_type(name)) fail(append(p, "name"), "relation type '" + name + "' is listed twice");
      g.add_relation_type(name, symmetric);
    }

    const auto& documents = array(d, "documents");
    std::vector<std::uint32_t> doc_map;
    for (rapidjson::SizeType i = 0; i < documents.Size(); ++i) {
      Path p{"documents", std::to_string(i)};
      const auto& jd = object_at(documents[i], p);
      Document doc;
      doc.id = member_string(jd, p, "id");
      doc.title = optional_string(jd, p, "title");
      doc.url = optional_string(jd, p, "url");
      std::string date = optional_string(jd, p, "date");
      if (!date.empty()) {
        doc.date = Date::parse(date);
        if (!doc.date) fail(append(p, "date"), "\"date\" must be an ISO date (2024, 2024-02 or 2024-02-26)");
      }
      if (g.find_document(doc.id)) fail(append(p, "id"), "document '" + doc.id + "' is listed twice");
      doc_map.push_back(g.add_document(doc));
    }

    const auto& rules = array(d, "rules");
    std::vector<std::uint32_t> rule_map;
    for (rapidjson::SizeType i = 0; i < rules.Size(); ++i)
      rule_map.push_back(g.intern_rule(string_at(rules[i], {"rules", std::to_string(i)})));

    const auto& texts = array(d, "texts");
    std::vector<std::uint32_t> text_map;
    for (rapidjson::SizeType i = 0; i < texts.Size(); ++i)
      text_map.push_back(g.intern_text(string_at(texts[i], {"texts", std::to_string(i)})));

    const auto& entities = array(d, "entities");
    for (rapidjson::SizeType i = 0; i < entities.Size(); ++i) {
      Path p{"entities", std::to_string(i)};
      const auto& je = object_at(entities[i], p);
      std::string name = member_string(je, p, "name");
      std::string type = member_string(je, p, "type");
      if (!g.find_entity_type(type)) fail(append(p, "type"), "unknown entity type '" + type + "' (not in \"entity_types\")");
      if (g.find_entity(name)) fail(append(p, "name"), "entity '" + name + "' is listed twice (or is another entity's alias)");
      Vertex v = g.add_entity(name, type);
      if (v != i) fail(append(p, "name"), "entity '" + name + "' duplicates another entity");
      auto al = je.FindMember("aliases");
      if (al != je.MemberEnd()) {
        if (!al->value.IsArray()) fail(append(p, "aliases"), "\"aliases\" must be an array of strings");
        for (rapidjson::SizeType k = 0; k < al->value.Size(); ++k) {
          Path ap = append(append(p, "aliases"), std::to_string(k));
          std::string alias = string_at(al->value[k], ap);
          if (!g.add_alias(v, alias)) fail(ap, "alias '" + alias + "' already names another entity");
        }
      }
      auto at = je.FindMember("attrs");
      if (at != je.MemberEnd()) {
        AttrMap attrs = read_attrs(at->value, append(p, "attrs"));
        for (auto& [k, val] : attrs) g.set_entity_attr(v, k, std::move(val));
      }
    }

    const auto& relations = array(d, "relations");
    const std::size_t n_entities = g.entity_count();
    for (rapidjson::SizeType i = 0; i < relations.Size(); ++i) {
      Path p{"relations", std::to_string(i)};
      const auto& jr = object_at(relations[i], p);
      std::size_t s = member_index(jr, p, "subject", n_entities, "entities");
      std::size_t o = member_index(jr, p, "object", n_entities, "entities");
      std::string type = member_string(jr, p, "type");
      auto t = g.find_relation_type(type);
      if (!t) fail(append(p, "type"), "unknown relation type '" + type + "' (not in \"relation_types\")");
      if (g.find_relation(s, *t, o)) fail(p, "relation is listed twice");
      Edge e = g.add_relation(s, *t, o);
      auto ev = jr.FindMember("evidence");
      if (ev == jr.MemberEnd() || !ev->value.IsArray()) fail(append(p, "evidence"), "\"evidence\" must be an array");
      for (rapidjson::SizeType k = 0; k < ev->value.Size(); ++k) {
        Path ep = append(append(p, "evidence"), std::to_string(k));
        const auto& je = object_at(ev->value[k], ep);
        Evidence x;
        x.doc = doc_map.at(member_index(je, ep, "doc", doc_map.size(), "documents"));
        x.text = text_map.at(member_index(je, ep, "text", text_map.size(), "texts"));
        x.rule = rule_map.at(member_index(je, ep, "rule", rule_map.size(), "rules"));
        x.sentence = static_cast<std::int32_t>(member_int(je, ep, "sentence", -1, INT32_MAX));
        x.start = member_int(je, ep, "start", -1, INT64_MAX);
        x.end = member_int(je, ep, "end", -1, INT64_MAX);
        auto at = je.FindMember("attrs");
        if (at != je.MemberEnd()) x.attrs = read_attrs(at->value, append(ep, "attrs"));
        g.add_evidence(e, std::move(x));
      }
    }
    auto counts = d.FindMember("counts");
    if (counts != d.MemberEnd() && counts->value.IsObject()) {
      // The counts line is written first; a file cut and "repaired" by hand
      // would disagree with it.
      check_count(counts->value, "entities", g.entity_count());
      check_count(counts->value, "relations", g.relation_count());
      check_count(counts->value, "evidence", g.evidence_count());
    }
    return g;
  }

 private:
  using Path = std::vector<std::string>;
  static Path append(Path p, const std::string& s) {
    p.push_back(s);
    return p;
  }

  [[noreturn]] void fail(const Path& path, const std::string& msg) {
    std::string pointer;
    for (const auto& s : path) pointer += "/" + s;
    std::size_t off = path.empty() ? 0 : PointerLocator(text_, path).find();
    SourcePos pos = locate(file_, text_, off);
    pos.pointer = pointer.empty() ? "" : pointer;
    throw DataError(msg, pos);
  }

  const rapidjson::Value& array(const rapidjson::Value& d, const char* key) {
    auto it = d.FindMember(key);
    if (it == d.MemberEnd()) fail({}, std::string("missing \"") + key + "\" (is the file truncated?)");
    if (!it->value.IsArray()) fail({key}, std::string("\"") + key + "\" must be an array");
    return it->value;
  }
  const rapidjson::Value& object_at(const rapidjson::Value& v, const Path& p) {
    if (!v.IsObject()) fail(p, "expected an object");
    return v;
  }
  std::string string_at(const rapidjson::Value& v, const Path& p) {
    if (!v.IsString()) fail(p, "expected a string");
    return std::string(v.GetString(), v.GetStringLength());
  }
  std::string member_string(const rapidjson::Value& o, const Path& p, const char* key) {
    auto it = o.FindMember(key);
    if (it == o.MemberEnd()) fail(p, std::string("missing \"") + key + "\"");
    std::string s = string_at(it->value, append(p, key));
    if (s.empty()) fail(append(p, key), std::string("\"") + key + "\" is empty");
    return s;
  }
  std::string optional_string(const rapidjson::Value& o, const Path& p, const char* key) {
    auto it = o.FindMember(key);
    if (it == o.MemberEnd()) return {};
    return string_at(it->value, append(p, key));
  }
  std::size_t member_index(const rapidjson::Value& o, const Path& p, const char* key, std::size_t size,
                           const char* table) {
    auto it = o.FindMember(key);
    if (it == o.MemberEnd()) fail(p, std::string("missing \"") + key + "\"");
    if (!it->value.IsUint64() || it->value.GetUint64() >= size)
      fail(append(p, key), std::string("\"") + key + "\" must be an index into \"" + table + "\" (0.." +
                               std::to_string(size == 0 ? 0 : size - 1) + ")");
    return static_cast<std::size_t>(it->value.GetUint64());
  }
  std::int64_t member_int(const rapidjson::Value& o, const Path& p, const char* key, std::int64_t min, std::int64_t max) {
    auto it = o.FindMember(key);
    if (it == o.MemberEnd()) return -1;
    if (!it->value.IsInt64() || it->value.GetInt64() < min || it->value.GetInt64() > max)
      fail(append(p, key), std::string("\"") + key + "\" must be an integer >= " + std::to_string(min));
    return it->value.GetInt64();
  }
  AttrMap read_attrs(const rapidjson::Value& v, const Path& p) {
    if (!v.IsObject()) fail(p, "\"attrs\" must be an object");
    AttrMap out;
    for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) {
      std::string key(it->name.GetString(), it->name.GetStringLength());
      Path kp = append(p, key);
      const auto& x = it->value;
      if (x.IsNull()) out[key] = Null{};
      else if (x.IsBool()) out[key] = x.GetBool();
      else if (x.IsInt64() && !x.IsDouble()) out[key] = static_cast<std::int64_t>(x.GetInt64());
      else if (x.IsNumber()) out[key] = x.GetDouble();
      else if (x.IsString()) out[key] = std::string(x.GetString(), x.GetStringLength());
      else if (x.IsObject() && x.HasMember("$date")) {
        const auto& s = x["$date"];
        std::optional<Date> d = s.IsString() ? Date::parse(s.GetString()) : std::nullopt;
        if (!d) fail(append(kp, "$date"), "\"$date\" must be an ISO date (2024, 2024-02 or 2024-02-26)");
        out[key] = *d;
      } else if (x.IsObject() && x.HasMember("$money")) {
        const auto& m = x["$money"];
        auto c = x.FindMember("currency");
        if (!m.IsNumber()) fail(append(kp, "$money"), "\"$money\" must be a number");
        if (c == x.MemberEnd() || !c->value.IsString()) fail(kp, "money needs a \"currency\" string");
        out[key] = Money{m.GetDouble(), c->value.GetString()};
      } else {
        fail(kp, "attribute values must be null, booleans, numbers, strings, {\"$date\": …} or {\"$money\": …, \"currency\": …}");
      }
    }
    return out;
  }
  void check_count(const rapidjson::Value& counts, const char* key, std::size_t actual) {
    auto it = counts.FindMember(key);
    if (it == counts.MemberEnd()) return;
    if (!it->value.IsUint64() || it->value.GetUint64() != actual)
      fail({"counts", key}, std::string("the file says it holds ") +
                                (it->value.IsUint64() ? std::to_string(it->value.GetUint64()) : "?") + " " + key +
                                " but " + std::to_string(actual) + " were read (the file is damaged or truncated)");
  }

  const std::string& text_;
  std::string file_;
};

}  // namespace

KnowledgeGraph parse_graph(const std::string& text, const std::string& file_name) {
  return Loader(text, file_name).load();
}

KnowledgeGraph load_graph(const std::string& path) { return parse_graph(read_file(path), path == "-" ? "<stdin>" : path); }

}  // namespace kg
