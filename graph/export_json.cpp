// JSON node-link export, in the shape networkx's node_link_graph reads
// ("nodes" with "id", "edges" with "source"/"target"/"key"), with every
// piece of evidence behind each relation.
#include <cmath>

#include <rapidjson/document.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include "common/text.hpp"
#include "graph/export_model.hpp"
#include "graph/triple.hpp"

namespace kg::export_detail {

namespace {

using Alloc = rapidjson::Document::AllocatorType;

rapidjson::Value str(const std::string& s, Alloc& a) {
  std::string clean = sanitize_utf8(s);  // RapidJSON writes bytes as given; keep the file valid UTF-8
  return rapidjson::Value(clean.c_str(), static_cast<rapidjson::SizeType>(clean.size()), a);
}

// Evidence attributes come from extractors; make every string in them valid UTF-8.
void sanitize_strings(rapidjson::Value& v, Alloc& a) {
  if (v.IsString()) {
    std::string s(v.GetString(), v.GetStringLength());
    if (sanitize_utf8(s) != s) v = str(s, a);
  } else if (v.IsObject()) {
    for (auto& m : v.GetObject()) {
      sanitize_strings(m.name, a);
      sanitize_strings(m.value, a);
    }
  } else if (v.IsArray()) {
    for (auto& x : v.GetArray()) sanitize_strings(x, a);
  }
}

}  // namespace

void write_json(const KnowledgeGraph& g, const ExportModel& m, std::ostream& out) {
  rapidjson::Document d(rapidjson::kObjectType);
  Alloc& a = d.GetAllocator();
  d.AddMember("directed", true, a);
  d.AddMember("multigraph", true, a);
  rapidjson::Value meta(rapidjson::kObjectType);
  meta.AddMember("generator", "kg", a);
  d.AddMember("graph", meta, a);

  const Graph& gr = g.graph();
  rapidjson::Value nodes(rapidjson::kArrayType);
  for (const auto& n : m.nodes) {
    rapidjson::Value o(rapidjson::kObjectType);
    o.AddMember("id", str(n.id, a), a);
    o.AddMember("label", str(n.label, a), a);
    o.AddMember("type", str(n.type, a), a);
    rapidjson::Value aliases(rapidjson::kArrayType);
    for (const auto& alias : gr[n.vertex].aliases) {
      std::string clean = trim(sanitize_utf8(alias));
      if (!clean.empty()) aliases.PushBack(str(clean, a), a);
    }
    o.AddMember("aliases", aliases, a);
    o.AddMember("color", str(n.color, a), a);
    nodes.PushBack(o, a);
  }
  d.AddMember("nodes", nodes, a);

  const auto& docs = g.documents();
  rapidjson::Value edges(rapidjson::kArrayType);
  for (const auto& e : m.edges) {
    rapidjson::Value o(rapidjson::kObjectType);
    o.AddMember("source", str(m.nodes[e.source].id, a), a);
    o.AddMember("target", str(m.nodes[e.target].id, a), a);
    // One relation per (subject, type, object), so the relation name is a
    // unique multigraph key: G["n0"]["n1"]["invests-in"] in networkx.
    o.AddMember("key", str(e.relation, a), a);
    o.AddMember("id", str(e.id, a), a);
    o.AddMember("relation", str(e.relation, a), a);
    if (e.symmetric) o.AddMember("symmetric", true, a);
    o.AddMember("weight", e.weight, a);
    if (e.amount) o.AddMember("amount", *e.amount, a);
    if (!e.currency.empty()) o.AddMember("currency", str(e.currency, a), a);
    if (!e.amount_text.empty()) o.AddMember("amount_text", str(e.amount_text, a), a);
    if (e.date) o.AddMember("date", str(e.date->iso(), a), a);
    if (e.hedged) o.AddMember("hedged", true, a);
    if (!e.first_source.empty()) o.AddMember("first_source", str(e.first_source, a), a);
    rapidjson::Value evidence(rapidjson::kArrayType);
    for (const auto& ev : gr[e.edge].evidence) {
      rapidjson::Value x(rapidjson::kObjectType);
      if (ev.doc < docs.size()) x.AddMember("doc", str(docs[ev.doc].id, a), a);
      if (ev.sentence >= 0) x.AddMember("sentence", static_cast<std::int64_t>(ev.sentence), a);
      if (ev.start >= 0) x.AddMember("start", static_cast<std::int64_t>(ev.start), a);
      if (ev.end >= 0) x.AddMember("end", static_cast<std::int64_t>(ev.end), a);
      if (ev.text < g.texts().size() && !g.texts()[ev.text].empty()) x.AddMember("text", str(g.texts()[ev.text], a), a);
      if (ev.rule < g.rules().size() && !g.rules()[ev.rule].empty()) x.AddMember("rule", str(g.rules()[ev.rule], a), a);
      if (!ev.attrs.empty()) {
        rapidjson::Value attrs;
        attrs_to_json(ev.attrs, attrs, a);
        sanitize_strings(attrs, a);
        x.AddMember("attrs", attrs, a);
      }
      evidence.PushBack(x, a);
    }
    o.AddMember("evidence", evidence, a);
    edges.PushBack(o, a);
  }
  d.AddMember("edges", edges, a);

  // The documents the evidence cites, so "doc" ids can be resolved to titles and URLs.
  rapidjson::Value documents(rapidjson::kArrayType);
  for (const auto& doc : docs) {
    rapidjson::Value o(rapidjson::kObjectType);
    o.AddMember("id", str(doc.id, a), a);
    if (!doc.title.empty()) o.AddMember("title", str(doc.title, a), a);
    if (!doc.url.empty()) o.AddMember("url", str(doc.url, a), a);
    if (doc.date) o.AddMember("date", str(doc.date->iso(), a), a);
    documents.PushBack(o, a);
  }
  d.AddMember("documents", documents, a);

  rapidjson::StringBuffer buf;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buf);
  w.SetIndent(' ', 1);
  d.Accept(w);
  out.write(buf.GetString(), static_cast<std::streamsize>(buf.GetSize()));
  out << '\n';
}

}  // namespace kg::export_detail
