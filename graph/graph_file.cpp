#include "graph/graph_file.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <vector>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "common/atomic_file.hpp"
#include "common/checksum.hpp"
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
  // The checksum covers every byte before the comma that precedes it, so a
  // torn write or a flipped bit anywhere in the tables is caught on load.
  out.pop_back();  // the newline after the last table: the comma goes right after "]"
  char sum[64];
  std::snprintf(sum, sizeof sum, ",\n\"checksum\": \"crc32c:%08x\"\n}\n", crc32c(out));
  out += sum;
  return out;
}

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

  // `text` must start at the value the target path is relative to.
  PointerLocator(const char* text, std::vector<std::string> target) : stream_(text), target_(std::move(target)) {}

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

// Reads the file one table row at a time: a small scanner walks the top-level
// object and arrays, and each row is parsed on its own into a reused
// document. No DOM of the whole file is built, so loading needs little more
// memory than the graph itself, and every error knows the row it is in.
class Loader {
  // Where a value sits, as a chain of stack frames: built for free while
  // reading and turned into a JSON pointer only when reporting an error.
  struct Path {
    const Path* parent = nullptr;
    std::string_view key;  // member name; empty for an array index
    long index = -1;
    std::vector<std::string> parts() const {
      std::vector<std::string> out = parent ? parent->parts() : std::vector<std::string>{};
      out.push_back(index >= 0 ? std::to_string(index) : std::string(key));
      return out;
    }
  };
  static Path append(const Path& p, std::string_view key) { return Path{&p, key, -1}; }
  static Path element(const Path& p, long index) { return Path{&p, {}, index}; }

 public:
  Loader(const std::string& text, const std::string& file) : text_(text), file_(file), row_(&pool_) {}

  KnowledgeGraph load() {
    verify_checksum();
    skip_ws();
    if (pos_ >= text_.size()) syntax_error(pos_, "the file is empty");
    expect('{', "'{' at the start of the file");
    bool first = true;
    for (;;) {
      skip_ws();
      if (peek() == '}') {
        ++pos_;
        break;
      }
      if (!first) expect(',', "',' or '}' after a member of the top-level object");
      first = false;
      skip_ws();
      std::string key = parse_key();
      skip_ws();
      expect(':', "':' after a member name");
      skip_ws();
      member(key);
    }
    skip_ws();
    if (pos_ < text_.size()) syntax_error(pos_, "unexpected text after the graph object");
    finish();
    return std::move(g_);
  }

 private:
  // --- scanning ------------------------------------------------------------
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  void skip_ws() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\r' || text_[pos_] == '\t'))
      ++pos_;
  }
  void expect(char c, const char* what) {
    if (peek() != c) syntax_error(pos_, std::string("expected ") + what + (pos_ >= text_.size() ? " (the file ends early)" : ""));
    ++pos_;
  }
  [[noreturn]] void syntax_error(std::size_t offset, const std::string& msg) {
    SourcePos pos = locate(file_, text_, offset);
    throw DataError("not a valid graph file: " + msg + " (byte " + std::to_string(offset) + ")", pos);
  }
  // Parses one JSON value at pos_ into row_ and advances past it.
  void parse_value() {
    row_.SetNull();
    pool_.Clear();
    rapidjson::StringStream in(text_.c_str() + pos_);
    rapidjson::Reader reader;
    rapidjson::ParseResult result;
    NumberConverter conv{row_, {}};
    auto generate = [&](rapidjson::Document&) {
      result = reader.Parse<rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseStopWhenDoneFlag>(in, conv);
      return !result.IsError();
    };
    row_.Populate(generate);
    if (result.IsError()) {
      std::size_t at = pos_ + result.Offset();
      std::string msg = conv.error.empty() ? rapidjson::GetParseError_En(result.Code()) : conv.error;
      if (at >= text_.size()) msg += " (the file ends early: is it truncated?)";
      syntax_error(at, msg);
    }
    row_start_ = pos_;
    pos_ += in.Tell();
  }
  // Numbers reach the document through strtod/strtoll rather than RapidJSON
  // 1.1's own conversion: glibc rounds correctly (exact round trips of
  // doubles), and RapidJSON's full-precision path has undefined behaviour on
  // inputs such as 0e308 (clz of zero; found by fuzzing).
  struct NumberConverter {
    rapidjson::Document& d;
    std::string error;
    bool Null() { return d.Null(); }
    bool Bool(bool b) { return d.Bool(b); }
    bool Int(int i) { return d.Int(i); }
    bool Uint(unsigned u) { return d.Uint(u); }
    bool Int64(int64_t i) { return d.Int64(i); }
    bool Uint64(uint64_t u) { return d.Uint64(u); }
    bool Double(double x) { return d.Double(x); }
    bool String(const char* s, rapidjson::SizeType n, bool copy) { return d.String(s, n, copy); }
    bool Key(const char* s, rapidjson::SizeType n, bool copy) { return d.Key(s, n, copy); }
    bool StartObject() { return d.StartObject(); }
    bool EndObject(rapidjson::SizeType n) { return d.EndObject(n); }
    bool StartArray() { return d.StartArray(); }
    bool EndArray(rapidjson::SizeType n) { return d.EndArray(n); }
    bool RawNumber(const char* s, rapidjson::SizeType n, bool) {
      std::string text(s, n);  // not NUL-terminated in the reader's buffer
      bool integral = text.find_first_of(".eE") == std::string::npos;
      errno = 0;
      if (integral && text[0] == '-') {
        long long v = std::strtoll(text.c_str(), nullptr, 10);
        if (errno == 0) return d.Int64(v);
      } else if (integral) {
        unsigned long long v = std::strtoull(text.c_str(), nullptr, 10);
        if (errno == 0) return d.Uint64(v);
      }
      errno = 0;
      double v = std::strtod(text.c_str(), nullptr);
      if (errno == ERANGE && std::isinf(v)) {
        error = "number too big to store: " + text.substr(0, 40);
        return false;
      }
      return d.Double(v);
    }
  };
  std::string parse_key() {
    if (peek() != '"') syntax_error(pos_, "expected a member name in double quotes");
    parse_value();
    return std::string(row_.GetString(), row_.GetStringLength());
  }

  // --- the top-level members ----------------------------------------------
  void member(const std::string& key) {
    static const char* const order[] = {"entity_types", "relation_types", "documents", "rules", "texts", "entities", "relations"};
    int table = -1;
    for (int i = 0; i < 7; ++i)
      if (key == order[i]) table = i;
    if (table < 0) {
      std::size_t at = pos_;
      parse_value();
      if (key == "format") {
        if (!row_.IsString() || std::string(row_.GetString()) != "kg-graph")
          fail_at(at, "/format", "not a kg graph file: \"format\" must be \"kg-graph\"");
        seen_format_ = true;
      } else if (key == "version") {
        if (!row_.IsInt()) fail_at(at, "/version", "\"version\" must be an integer");
        int v = row_.GetInt();
        if (v > kGraphFormatVersion || v < 1)
          fail_at(at, "/version", "graph file version " + std::to_string(v) + " is not supported by this kg (it reads version " +
                                      std::to_string(kGraphFormatVersion) + ")");
        seen_version_ = true;
      } else if (key == "checksum") {
        if (last_table_ < 6) fail_at(at, "/checksum", "\"checksum\" must be the last member, after \"relations\"");
      } else if (key == "counts") {
        if (row_.IsObject())
          for (const char* k : {"entities", "relations", "evidence"}) {
            auto it = row_.FindMember(k);
            if (it != row_.MemberEnd() && it->value.IsUint64()) counts_.emplace_back(k, it->value.GetUint64());
          }
        counts_at_ = at;
        // Reserve what the counts announce (each row takes more than one
        // byte, so a count beyond the file size is damage, not a size).
        if (counts_.size() == 3 && counts_[0].second <= text_.size() && counts_[1].second <= text_.size())
          g_.reserve(counts_[0].second, counts_[0].second, counts_[1].second);
      }
      // Unknown members are skipped: a newer kg may add some.
      return;
    }
    if (!seen_format_ || !seen_version_)
      syntax_error(pos_, "\"format\" and \"version\" must come before \"" + key + "\"");
    if (table <= last_table_)
      syntax_error(pos_, "\"" + key + "\" is out of order or repeated (tables come in the order entity_types, "
                         "relation_types, documents, rules, texts, entities, relations)");
    for (int i = last_table_ + 1; i < table; ++i)
      syntax_error(pos_, std::string("missing \"") + order[i] + "\" before \"" + key + "\"");
    last_table_ = table;
    table_name_ = key;
    expect('[', ("'[': \"" + key + "\" must be an array").c_str());
    long index = 0;
    for (;;) {
      skip_ws();
      if (peek() == ']') {
        ++pos_;
        break;
      }
      if (index > 0) {
        expect(',', "',' or ']' between table rows");
        skip_ws();
      }
      parse_value();
      Path root{nullptr, table_name_, -1};
      Path p{&root, {}, index};
      switch (table) {
        case 0: g_.add_entity_type(string_at(row_, p)); break;
        case 1: relation_type(row_, p); break;
        case 2: document(row_, p); break;
        case 3: rule_map_.push_back(g_.append_rule(string_at(row_, p))); break;
        case 4: text_map_.push_back(g_.append_text(string_at(row_, p))); break;
        case 5: entity(row_, p); break;
        case 6: relation(row_, p); break;
      }
      ++index;
    }
  }

  void finish() {
    if (!seen_format_) fail_pointer(0, {}, "not a kg graph file: \"format\" is missing");
    if (last_table_ < 6) {
      static const char* const order[] = {"entity_types", "relation_types", "documents", "rules", "texts", "entities", "relations"};
      syntax_error(text_.size(), std::string("missing \"") + order[last_table_ + 1] + "\" (is the file truncated?)");
    }
    if (auto dup = g_.find_duplicate_relation())
      fail_pointer(0, {"relations", std::to_string(*dup)}, "relation repeats an earlier one with the same subject, type and object");
    // The counts are written first; a file cut short and closed by hand disagrees with them.
    for (const auto& [key, n] : counts_) {
      std::size_t actual = key == std::string("entities") ? g_.entity_count()
                         : key == std::string("relations") ? g_.relation_count() : g_.evidence_count();
      if (n != actual)
        fail_pointer(counts_at_, {key}, std::string("the file says it holds ") + std::to_string(n) + " " + key + " but " +
                                            std::to_string(actual) + " were read (the file is damaged or truncated)");
    }
  }

  // kg writes `,"checksum": "crc32c:XXXXXXXX"}` last, over every byte before
  // that comma. It is checked before anything is read, so a damaged file is
  // reported as damaged rather than by whatever the damage looks like.
  // A file without it (made by hand or another tool) is read unchecked.
  void verify_checksum() {
    static const std::string key = "\"checksum\"";
    std::size_t tail = text_.size() > 200 ? text_.size() - 200 : 0;
    std::size_t at = text_.rfind(key);
    if (at == std::string::npos || at < tail) return;
    std::size_t comma = text_.find_last_not_of(" \t\r\n", at == 0 ? 0 : at - 1);
    if (comma == std::string::npos || text_[comma] != ',') return;
    std::size_t open = text_.find('"', at + key.size());
    std::size_t close = open == std::string::npos ? open : text_.find('"', open + 1);
    if (close == std::string::npos) return;  // torn inside the checksum: the scanner reports it
    std::string want = text_.substr(open + 1, close - open - 1);
    if (want.rfind("crc32c:", 0) != 0 || want.size() != 15)
      fail_at(open, "/checksum", "\"checksum\" must look like \"crc32c:89abcdef\"");
    char got[16];
    std::snprintf(got, sizeof got, "%08x", crc32c(std::string_view(text_).substr(0, comma)));
    if (want.compare(7, 8, got) != 0)
      fail_at(open, "/checksum", "checksum mismatch: the file is damaged (computed crc32c:" + std::string(got) +
                                     ", the file says " + want + "); if you edited it by hand, delete the \"checksum\" member");
  }

  // --- rows -----------------------------------------------------------------
  void relation_type(const rapidjson::Value& v, const Path& p) {
    object_at(v, p);
    std::string name = member_string(v, p, "name");
    bool symmetric = false;
    auto s = v.FindMember("symmetric");
    if (s != v.MemberEnd()) {
      if (!s->value.IsBool()) fail(append(p, "symmetric"), "\"symmetric\" must be true or false");
      symmetric = s->value.GetBool();
    }
    if (g_.find_relation_type(name)) fail(append(p, "name"), "relation type '" + name + "' is listed twice");
    g_.add_relation_type(name, symmetric);
  }

  void document(const rapidjson::Value& v, const Path& p) {
    object_at(v, p);
    Document doc;
    doc.id = member_string(v, p, "id");
    doc.title = optional_string(v, p, "title");
    doc.url = optional_string(v, p, "url");
    std::string date = optional_string(v, p, "date");
    if (!date.empty()) {
      doc.date = Date::parse(date);
      if (!doc.date) fail(append(p, "date"), "\"date\" must be an ISO date (2024, 2024-02 or 2024-02-26)");
    }
    if (g_.find_document(doc.id)) fail(append(p, "id"), "document '" + doc.id + "' is listed twice");
    doc_map_.push_back(g_.add_document(doc));
  }

  void entity(const rapidjson::Value& v, const Path& p) {
    object_at(v, p);
    std::string name = member_string(v, p, "name");
    std::string type = member_string(v, p, "type");
    if (!g_.find_entity_type(type)) fail(append(p, "type"), "unknown entity type '" + type + "' (not in \"entity_types\")");
    if (g_.find_entity(name)) fail(append(p, "name"), "entity '" + name + "' is listed twice (or is another entity's alias)");
    Vertex vx = g_.add_entity(name, type);
    // Names are stored trimmed; one of only blanks would save as "" and not load again.
    if (g_.entity(vx).name.empty()) fail(append(p, "name"), "\"name\" is blank");
    auto al = v.FindMember("aliases");
    if (al != v.MemberEnd()) {
      Path aliases = append(p, "aliases");
      if (!al->value.IsArray()) fail(aliases, "\"aliases\" must be an array of strings");
      for (rapidjson::SizeType k = 0; k < al->value.Size(); ++k) {
        Path ap = element(aliases, static_cast<long>(k));
        std::string alias = string_at(al->value[k], ap);
        if (!g_.add_alias(vx, alias)) fail(ap, "alias '" + alias + "' already names another entity");
      }
    }
    auto at = v.FindMember("attrs");
    if (at != v.MemberEnd()) {
      AttrMap attrs = read_attrs(at->value, append(p, "attrs"));
      for (auto& [k, val] : attrs) g_.set_entity_attr(vx, k, std::move(val));
    }
  }

  void relation(const rapidjson::Value& v, const Path& p) {
    object_at(v, p);
    const std::size_t n_entities = g_.entity_count();
    std::size_t s = member_index(v, p, "subject", n_entities, "entities");
    std::size_t o = member_index(v, p, "object", n_entities, "entities");
    std::string type = member_string(v, p, "type");
    auto t = g_.find_relation_type(type);
    if (!t) fail(append(p, "type"), "unknown relation type '" + type + "' (not in \"relation_types\")");
    Edge e = g_.append_relation(s, *t, o);
    auto ev = v.FindMember("evidence");
    Path evidence = append(p, "evidence");
    if (ev == v.MemberEnd() || !ev->value.IsArray()) fail(evidence, "\"evidence\" must be an array");
    for (rapidjson::SizeType k = 0; k < ev->value.Size(); ++k) {
      Path ep = element(evidence, static_cast<long>(k));
      const auto& je = ev->value[k];
      object_at(je, ep);
      Evidence x;
      x.doc = doc_map_[member_index(je, ep, "doc", doc_map_.size(), "documents")];
      x.text = text_map_[member_index(je, ep, "text", text_map_.size(), "texts")];
      x.rule = rule_map_[member_index(je, ep, "rule", rule_map_.size(), "rules")];
      x.sentence = static_cast<std::int32_t>(member_int(je, ep, "sentence", -1, INT32_MAX));
      x.start = member_int(je, ep, "start", -1, INT64_MAX);
      x.end = member_int(je, ep, "end", -1, INT64_MAX);
      auto at = je.FindMember("attrs");
      if (at != je.MemberEnd()) x.attrs = read_attrs(at->value, append(ep, "attrs"));
      g_.append_evidence(e, std::move(x));
    }
  }

  // --- paths and errors -----------------------------------------------------

  // An error in the current row: the row's own text locates the value.
  [[noreturn]] void fail(const Path& at, const std::string& msg) {
    std::vector<std::string> parts = at.parts();
    std::vector<std::string> inside(parts.begin() + std::min<std::size_t>(2, parts.size()), parts.end());
    std::size_t off = row_start_ + (inside.empty() ? 0 : PointerLocator(text_.c_str() + row_start_, inside).find());
    std::string pointer;
    for (const auto& s : parts) pointer += "/" + s;
    SourcePos pos = locate(file_, text_, off);
    pos.pointer = pointer;
    throw DataError(msg, pos);
  }
  // An error about a value outside the current row (`offset` is where it starts).
  [[noreturn]] void fail_at(std::size_t offset, const std::string& pointer, const std::string& msg) {
    SourcePos pos = locate(file_, text_, offset);
    pos.pointer = pointer;
    throw DataError(msg, pos);
  }
  [[noreturn]] void fail_pointer(std::size_t offset, const std::vector<std::string>& path, const std::string& msg) {
    std::string pointer;
    for (const auto& s : path) pointer += "/" + s;
    if (offset == 0 && !path.empty()) offset = PointerLocator(text_.c_str(), path).find();
    fail_at(offset, pointer, msg);
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

  const std::string& text_;
  std::string file_;
  std::size_t pos_ = 0;
  std::size_t row_start_ = 0;
  rapidjson::MemoryPoolAllocator<> pool_;
  rapidjson::Document row_;
  KnowledgeGraph g_;
  bool seen_format_ = false, seen_version_ = false;
  int last_table_ = -1;
  std::string table_name_;
  std::vector<std::pair<const char*, std::uint64_t>> counts_;
  std::size_t counts_at_ = 0;
  std::vector<std::uint32_t> doc_map_, rule_map_, text_map_;
};

}  // namespace

KnowledgeGraph parse_graph(const std::string& text, const std::string& file_name) {
  return Loader(text, file_name).load();
}

}  // namespace kg
