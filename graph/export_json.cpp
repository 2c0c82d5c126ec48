// JSON node-link export, in the shape networkx's node_link_graph reads
// ("nodes" with "id", "edges" with "source"/"target"/"key"), with every
// piece of evidence behind each relation.
//
// Written straight into TextOut in exactly the layout RapidJSON's
// PrettyWriter (indent one space) gave when this built a whole Document
// first: the Document doubled the memory and most of the time of an export.
#include <cmath>
#include <stdexcept>
#include <string>
#include <variant>

#include "common/text.hpp"
#include "graph/export_model.hpp"
#include "graph/export_text.hpp"

namespace kg::export_detail {

namespace {

// PrettyWriter's layout: each member or element on its own line, indented
// one space per level; "name": value; empty objects and arrays as {} and [].
class JsonOut {
 public:
  explicit JsonOut(TextOut& out) : out_(out) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }
  // The name of the next member of the current object.
  void key(std::string_view name) {
    separate();
    out_.put_json_string(name);
    out_.put(": ");
    after_key_ = true;
  }
  // The same for our own member names, plain ASCII that needs no escaping.
  template <std::size_t N>
  void key(const char (&name)[N]) {
    separate();
    out_.put('"');
    out_.put(std::string_view(name, N - 1));
    out_.put("\": ");
    after_key_ = true;
  }
  void string(std::string_view s) {
    value_prefix();
    out_.put_json_string(s);
  }
  void boolean(bool b) {
    value_prefix();
    out_.put(b ? "true" : "false");
  }
  // For a value the caller writes itself.
  void raw_value_prefix() { value_prefix(); }
  void date(const Date& d) {  // as a string: "2024-02-26"
    value_prefix();
    out_.put('"');
    out_.put_date(d);
    out_.put('"');
  }
  void null() {
    value_prefix();
    out_.put("null");
  }
  void integer(std::int64_t i) {
    value_prefix();
    out_.put_int(i);
  }
  void unsigned_integer(std::uint64_t i) {
    value_prefix();
    out_.put_uint(i);
  }
  // RapidJSON cannot write NaN or infinity (it stops the whole document
  // there); JSON has no such numbers, so they become null.
  void number(double d) {
    value_prefix();
    if (std::isfinite(d)) out_.put_json_double(d);
    else out_.put("null");
  }
 private:
  // Before a value: nothing after a key, else a new line (and a comma after
  // an earlier element) and the indent, as in an array.
  void value_prefix() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (depth_ > 0) separate();
  }
  void separate() {
    if (count_[depth_] > 0) out_.put(',');
    out_.put('\n');
    indent(depth_);
    ++count_[depth_];
  }
  void indent(std::size_t n) {  // n < kMaxDepth
    static const std::string spaces(kMaxDepth, ' ');
    out_.put(std::string_view(spaces.data(), n));
  }
  void open(char c) {
    value_prefix();
    out_.put(c);
    ++depth_;
    if (depth_ >= kMaxDepth) throw std::length_error("export: JSON nested too deeply");
    count_[depth_] = 0;
  }
  void close(char c) {
    bool empty = count_[depth_] == 0;
    --depth_;
    if (!empty) {
      out_.put('\n');
      indent(depth_);
    }
    out_.put(c);
  }

  static constexpr std::size_t kMaxDepth = 64;
  TextOut& out_;
  std::size_t depth_ = 0;
  std::size_t count_[kMaxDepth] = {};  // members or elements written per open level
  bool after_key_ = false;
};

// Evidence attributes as triples JSONL writes them (kg::attrs_to_json in
// triple.cpp), without building a RapidJSON value per evidence: a Money
// "amount" becomes "amount" (as written, unless "amount_text" gives that),
// "amount_value" and "currency"; "amount_text" becomes "amount"; dates are
// ISO strings; non-finite numbers are null. A unit test holds the two
// conversions to the same output.
// attrs_to_json passes these through c_str(): an embedded NUL ends them.
std::string_view c_string(const std::string& s) { return std::string_view(s.c_str()); }

bool plain_ascii(std::string_view s) {
  for (char c : s)
    if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') return false;
  return true;
}

// to_display(Money) as a JSON string ("7900000 USD"), without building it
// when the currency is plain ASCII, as it nearly always is.
void money_display(JsonOut& j, TextOut& out, const Money& m) {
  if (!plain_ascii(m.currency)) {
    j.string(c_string(to_display(Value(m))));
    return;
  }
  j.raw_value_prefix();
  out.put('"');
  out.put_number(m.value);
  out.put(' ');
  out.put(m.currency);
  out.put('"');
}

void write_attrs(JsonOut& j, TextOut& out, const AttrMap& attrs) {
  j.begin_object();
  for (const auto& [key, val] : attrs) {
    if (const Money* m = std::get_if<Money>(&val)) {
      if (key == "amount") {
        if (!attrs.count("amount_text")) {
          j.key("amount");
          money_display(j, out, *m);
        }
        j.key("amount_value");
        j.number(m->value);
        j.key("currency");
        j.string(c_string(m->currency));
      } else {
        j.key(key);
        money_display(j, out, *m);
      }
      continue;
    }
    if (key == "amount_text") {
      j.key("amount");
      j.string(c_string(std::get<std::string>(val)));
      continue;
    }
    j.key(key);
    struct V {
      JsonOut& j;
      void operator()(const Null&) const { j.null(); }
      void operator()(bool b) const { j.boolean(b); }
      void operator()(std::int64_t i) const { j.integer(i); }
      void operator()(double d) const { j.number(d); }
      void operator()(const std::string& s) const { j.string(s); }
      void operator()(const Date& d) const { j.date(d); }
      void operator()(const Money& m) const { j.string(c_string(to_display(m))); }
    };
    std::visit(V{j}, val);
  }
  j.end_object();
}

}  // namespace

void write_json(const KnowledgeGraph& g, const ExportModel& m, TextOut& out) {
  JsonOut j(out);
  j.begin_object();
  j.key("directed");
  j.boolean(true);
  j.key("multigraph");
  j.boolean(true);
  j.key("graph");
  j.begin_object();
  j.key("generator");
  j.string("kg");
  j.end_object();

  const Graph& gr = g.graph();
  std::string id;
  auto node_id = [&id](std::size_t index) -> const std::string& {
    id = "n" + std::to_string(index);
    return id;
  };
  j.key("nodes");
  j.begin_array();
  for (std::size_t i = 0; i < m.nodes.size(); ++i) {
    const NodeRow& n = m.nodes[i];
    j.begin_object();
    j.key("id");
    j.string(node_id(i));
    j.key("label");
    j.string(n.label);
    j.key("type");
    j.string(n.type);
    j.key("aliases");
    j.begin_array();
    for (const auto& alias : gr[n.vertex].aliases) {
      std::string clean = trim(sanitize_utf8(alias));
      if (!clean.empty()) j.string(clean);
    }
    j.end_array();
    j.key("color");
    j.string(n.color);
    j.end_object();
  }
  j.end_array();

  const auto& docs = g.documents();
  const auto& texts = g.texts();
  const auto& rules = g.rules();
  j.key("edges");
  j.begin_array();
  for (std::size_t i = 0; i < m.edges.size(); ++i) {
    const EdgeRow& e = m.edges[i];
    j.begin_object();
    j.key("source");
    j.string(node_id(e.source));
    j.key("target");
    j.string(node_id(e.target));
    // One relation per (subject, type, object), so the relation name is a
    // unique multigraph key: G["n0"]["n1"]["invests-in"] in networkx.
    j.key("key");
    j.string(e.relation);
    j.key("id");
    j.string("e" + std::to_string(i));
    j.key("relation");
    j.string(e.relation);
    if (e.symmetric) {
      j.key("symmetric");
      j.boolean(true);
    }
    j.key("weight");
    j.number(e.weight);
    if (e.amount) {
      j.key("amount");
      j.number(*e.amount);
    }
    if (!e.currency.empty()) {
      j.key("currency");
      j.string(e.currency);
    }
    if (!e.amount_text.empty()) {
      j.key("amount_text");
      j.string(e.amount_text);
    }
    if (e.date) {
      j.key("date");
      j.date(*e.date);
    }
    if (e.hedged) {
      j.key("hedged");
      j.boolean(true);
    }
    if (!e.first_source.empty()) {
      j.key("first_source");
      j.string(e.first_source);
    }
    j.key("evidence");
    j.begin_array();
    for (const auto& ev : gr[e.edge].evidence) {
      j.begin_object();
      if (ev.doc < docs.size()) {
        j.key("doc");
        j.string(docs[ev.doc].id);
      }
      if (ev.sentence >= 0) {
        j.key("sentence");
        j.integer(ev.sentence);
      }
      if (ev.start >= 0) {
        j.key("start");
        j.integer(ev.start);
      }
      if (ev.end >= 0) {
        j.key("end");
        j.integer(ev.end);
      }
      if (ev.text < texts.size() && !texts[ev.text].empty()) {
        j.key("text");
        j.string(texts[ev.text]);
      }
      if (ev.rule < rules.size() && !rules[ev.rule].empty()) {
        j.key("rule");
        j.string(rules[ev.rule]);
      }
      if (!ev.attrs.empty()) {
        j.key("attrs");
        write_attrs(j, out, ev.attrs);
      }
      j.end_object();
    }
    j.end_array();
    j.end_object();
  }
  j.end_array();

  // The documents the evidence cites, so "doc" ids can be resolved to titles and URLs.
  j.key("documents");
  j.begin_array();
  for (const auto& doc : docs) {
    j.begin_object();
    j.key("id");
    j.string(doc.id);
    if (!doc.title.empty()) {
      j.key("title");
      j.string(doc.title);
    }
    if (!doc.url.empty()) {
      j.key("url");
      j.string(doc.url);
    }
    if (doc.date) {
      j.key("date");
      j.date(*doc.date);
    }
    j.end_object();
  }
  j.end_array();
  j.end_object();
  out.put('\n');
}

}  // namespace kg::export_detail
