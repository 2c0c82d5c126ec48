// RDF N-Triples export: one triple per line, streamed, so a graph of any
// size can be bulk-loaded into a triple store (docs/scale.md).
//
// IRIs (all under the urn:kg: namespace, segments percent-encoded):
//   urn:kg:entity/Mistral_AI      an entity (space -> '_', '_' itself -> %5F)
//   urn:kg:type/Organization      its entity type (rdf:type)
//   urn:kg:relation/invests-in    a relation type, used as the predicate
//   urn:kg:statement/Microsoft/invests-in/Mistral_AI
//                                 the relation, reified (symmetric types: the
//                                 two names in sorted order)
//   urn:kg:evidence/9f0c...       one evidence sentence (FNV-1a 64 of its
//                                 statement, document, sentence, span, rule, text)
//   urn:kg:document/01-a.txt      a source document
//   urn:kg:prop/amount            attribute predicates (amount, currency, date, ...)
// Every relation is one plain triple (subject, relation, object) plus a
// standard RDF reification (rdf:Statement with rdf:subject/predicate/object)
// carrying the derived attributes and one evidence node per sentence, so no
// RDF-star support is needed. Symmetric relation types are declared
// owl:SymmetricProperty and written once, in stored direction.
// Statement and evidence IRIs are built from content, not from kg's internal
// numbering, so the exports of shards can be loaded into one store and meet
// where they describe the same relation or sentence.
#include <cmath>
#include <cstdio>

#include "common/shard.hpp"
#include "common/text.hpp"
#include "graph/export_model.hpp"

namespace kg::export_detail {

namespace {

const char* const kRdfType = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>";
const char* const kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const char* const kRdfs = "http://www.w3.org/2000/01/rdf-schema#";
const char* const kXsd = "http://www.w3.org/2001/XMLSchema#";
const char* const kSkosAltLabel = "<http://www.w3.org/2004/02/skos/core#altLabel>";
const char* const kOwlSymmetric = "<http://www.w3.org/2002/07/owl#SymmetricProperty>";
const char* const kDcterms = "http://purl.org/dc/terms/";

std::string iri(std::string_view kind, std::string_view segment) {
  return "<urn:kg:" + std::string(kind) + "/" + iri_segment(segment) + ">";
}
std::string prop(std::string_view name) { return iri("prop", name); }
std::string typed(std::string_view lexical, const char* xsd_type) {
  return "\"" + std::string(lexical) + "\"^^<" + kXsd + xsd_type + ">";
}
std::string number(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return typed(buf, "double");
}
std::string integer(std::int64_t v) { return typed(std::to_string(v), "integer"); }
std::string boolean(bool b) { return typed(b ? "true" : "false", "boolean"); }
// Full dates are xsd:date; month or year precision keeps its precision.
std::string date_literal(const Date& d) {
  return typed(d.iso(), d.month == 0 ? "gYear" : d.day == 0 ? "gYearMonth" : "date");
}

class Writer {
 public:
  explicit Writer(std::ostream& out) : out_(out) {}
  void triple(const std::string& s, const std::string& p, const std::string& o) {
    out_ << s << ' ' << p << ' ' << o << " .\n";
  }

 private:
  std::ostream& out_;
};

// One evidence attribute as zero or more (predicate, object) triples.
void write_attr(Writer& w, const std::string& subject, const std::string& key, const Value& v) {
  if (const auto* b = std::get_if<bool>(&v)) w.triple(subject, prop(key), boolean(*b));
  else if (const auto* i = std::get_if<std::int64_t>(&v)) w.triple(subject, prop(key), integer(*i));
  else if (const auto* d = std::get_if<double>(&v)) {
    if (std::isfinite(*d)) w.triple(subject, prop(key), number(*d));
  } else if (const auto* s = std::get_if<std::string>(&v)) w.triple(subject, prop(key), ntriples_literal(*s));
  else if (const auto* dt = std::get_if<Date>(&v)) w.triple(subject, prop(key), date_literal(*dt));
  else if (const auto* m = std::get_if<Money>(&v)) {
    if (std::isfinite(m->value)) w.triple(subject, prop(key), number(m->value));
    if (!m->currency.empty()) w.triple(subject, prop(key == "amount" ? "currency" : key + "-currency"), ntriples_literal(m->currency));
  }
}

// The same sentence, span and rule in the same document, for the same
// relation, is the same evidence in any graph (KnowledgeGraph::add_evidence
// dedupes on exactly these).
std::string evidence_key(const KnowledgeGraph& g, const std::string& statement, const Evidence& ev) {
  std::string key = statement + '\x1f';
  if (ev.doc < g.documents().size()) key += g.documents()[ev.doc].id;
  key += '\x1f' + std::to_string(ev.sentence) + '\x1f' + std::to_string(ev.start) + '\x1f' + std::to_string(ev.end);
  key += '\x1f';
  if (ev.rule < g.rules().size()) key += g.rules()[ev.rule];
  key += '\x1f';
  if (ev.text < g.texts().size()) key += g.texts()[ev.text];
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a64(key)));
  return hex;
}

}  // namespace

std::string iri_segment(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string clean = trim(sanitize_utf8(s));
  std::string out;
  out.reserve(clean.size() + 8);
  for (unsigned char c : clean) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '.' || c == '~';
    if (unreserved) out += static_cast<char>(c);
    else if (c == ' ') out += '_';  // readable, and injective because '_' itself is encoded
    else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string ntriples_literal(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string clean = sanitize_utf8(s);
  std::string out = "\"";
  out.reserve(clean.size() + 2);
  for (unsigned char c : clean) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7f) {  // other controls: \u escapes keep the line a line
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 15];
        } else {
          out += static_cast<char>(c);  // UTF-8 is allowed as is
        }
    }
  }
  out += '"';
  return out;
}

void write_ntriples(const KnowledgeGraph& g, const ExportModel& m, std::ostream& out) {
  Writer w(out);
  const Graph& gr = g.graph();
  const std::string rdf_statement = std::string("<") + kRdf + "Statement>";
  const std::string rdf_subject = std::string("<") + kRdf + "subject>";
  const std::string rdf_predicate = std::string("<") + kRdf + "predicate>";
  const std::string rdf_object = std::string("<") + kRdf + "object>";
  const std::string rdfs_label = std::string("<") + kRdfs + "label>";

  // Entity IRIs by name; an empty name (never produced by kg itself) gets a
  // vertex-numbered IRI that no trimmed name can encode to.
  std::vector<std::string> node_iri(m.nodes.size());
  for (std::size_t i = 0; i < m.nodes.size(); ++i) {
    const Entity& ent = gr[m.nodes[i].vertex];
    std::string name = trim(sanitize_utf8(ent.name));
    node_iri[i] = name.empty() ? "<urn:kg:entity/_" + std::to_string(m.nodes[i].vertex) + ">" : iri("entity", name);
  }

  for (const auto& rt : g.relation_types())
    if (rt.symmetric) w.triple(iri("relation", rt.name), kRdfType, kOwlSymmetric);

  for (std::size_t i = 0; i < m.nodes.size(); ++i) {
    const NodeRow& n = m.nodes[i];
    w.triple(node_iri[i], kRdfType, iri("type", n.type));
    w.triple(node_iri[i], rdfs_label, ntriples_literal(n.label));
    for (const auto& alias : gr[n.vertex].aliases) {
      std::string clean = trim(sanitize_utf8(alias));
      if (!clean.empty()) w.triple(node_iri[i], kSkosAltLabel, ntriples_literal(clean));
    }
  }

  const auto& docs = g.documents();
  std::vector<bool> doc_used(docs.size(), false);
  for (const auto& e : m.edges) {
    const std::string& s = node_iri[e.source];
    const std::string& o = node_iri[e.target];
    const std::string p = iri("relation", e.relation);
    w.triple(s, p, o);
    std::string first = trim(sanitize_utf8(gr[m.nodes[e.source].vertex].name));
    std::string second = trim(sanitize_utf8(gr[m.nodes[e.target].vertex].name));
    if (e.symmetric && second < first) std::swap(first, second);
    const std::string st = "<urn:kg:statement/" + iri_segment(first) + "/" + iri_segment(e.relation) + "/" +
                           iri_segment(second) + ">";
    w.triple(st, kRdfType, rdf_statement);
    w.triple(st, rdf_subject, s);
    w.triple(st, rdf_predicate, p);
    w.triple(st, rdf_object, o);
    w.triple(st, prop("weight"), number(e.weight));
    if (e.amount) w.triple(st, prop("amount"), number(*e.amount));
    if (!e.currency.empty()) w.triple(st, prop("currency"), ntriples_literal(e.currency));
    if (!e.amount_text.empty()) w.triple(st, prop("amount_text"), ntriples_literal(e.amount_text));
    if (e.date) w.triple(st, prop("date"), date_literal(*e.date));
    if (e.hedged) w.triple(st, prop("hedged"), boolean(true));
    const auto& evidence = gr[e.edge].evidence;
    for (const Evidence& ev : evidence) {
      const std::string en = "<urn:kg:evidence/" + evidence_key(g, st, ev) + ">";
      w.triple(st, prop("evidence"), en);
      if (ev.doc < docs.size()) {
        w.triple(en, prop("document"), iri("document", docs[ev.doc].id));
        doc_used[ev.doc] = true;
      }
      if (ev.sentence >= 0) w.triple(en, prop("sentence"), integer(ev.sentence));
      if (ev.start >= 0) w.triple(en, prop("start"), integer(ev.start));
      if (ev.end >= 0) w.triple(en, prop("end"), integer(ev.end));
      if (ev.text < g.texts().size() && !g.texts()[ev.text].empty())
        w.triple(en, prop("text"), ntriples_literal(g.texts()[ev.text]));
      if (ev.rule < g.rules().size() && !g.rules()[ev.rule].empty())
        w.triple(en, prop("rule"), ntriples_literal(g.rules()[ev.rule]));
      for (const auto& [key, value] : ev.attrs) write_attr(w, en, key, value);
    }
  }

  // The documents the evidence cites (Dublin Core terms for their metadata).
  for (std::size_t d = 0; d < docs.size(); ++d) {
    if (!doc_used[d]) continue;
    const std::string dn = iri("document", docs[d].id);
    w.triple(dn, std::string("<") + kDcterms + "identifier>", ntriples_literal(docs[d].id));
    if (!docs[d].title.empty()) w.triple(dn, std::string("<") + kDcterms + "title>", ntriples_literal(docs[d].title));
    if (!docs[d].url.empty()) w.triple(dn, std::string("<") + kDcterms + "source>", ntriples_literal(docs[d].url));
    if (docs[d].date) w.triple(dn, std::string("<") + kDcterms + "date>", date_literal(*docs[d].date));
  }
}

}  // namespace kg::export_detail
