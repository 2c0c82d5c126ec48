// The knowledge graph: typed entities (vertices) and typed relations (edges)
// in a bidirectional Boost.Graph adjacency_list, one relation per
// (subject, relation type, object), each keeping every piece of evidence.
#pragma once
#include <boost/graph/adjacency_list.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/value.hpp"

namespace kg {

// A document the evidence came from.
struct Document {
  std::string id;
  std::string title;
  std::string url;
  std::optional<Date> date;  // publication date, when known
};

// One sentence that supports a relation.
struct Evidence {
  std::uint32_t doc = 0;       // index into KnowledgeGraph::documents()
  std::int32_t sentence = -1;  // sentence index in the document, -1 unknown
  std::int64_t start = -1;     // character span of the match in the document
  std::int64_t end = -1;
  std::uint32_t text = 0;      // index into KnowledgeGraph::texts(): the sentence
  std::uint32_t rule = 0;      // index into KnowledgeGraph::rules(): rule or source
  // amount (Money), amount_text (string as written), date (Date),
  // hedged (bool), confidence (double), plus anything a rule captured.
  AttrMap attrs;
};

struct Entity {
  std::string name;                  // canonical name
  std::uint32_t type = 0;            // index into KnowledgeGraph::entity_types()
  std::vector<std::string> aliases;  // other surface forms, without the name
  AttrMap attrs;
};

struct Relation {
  std::uint32_t type = 0;  // index into KnowledgeGraph::relation_types()
  std::uint32_t id = 0;    // dense, in insertion order; stable across save/load
  std::vector<Evidence> evidence;
};

// What queries filter every relation by, derived from its evidence as it is
// added and kept in one array by relation id (KnowledgeGraph::relation_facts):
// a Relation lives in a list node of its own, so a scan over all of them that
// read the Relation would wait on a cache miss per relation.
struct RelationFacts {
  // The first amount (in evidence order): its value and its currency as
  // currency_code() (0 when the code does not pack; then read the evidence).
  double amount_value = 0;
  std::uint32_t amount_currency = 0;
  std::int32_t earliest_date = -1;  // yyyymmdd (month/day 0 = coarser), -1 none
  std::uint32_t type = 0;           // as Relation::type
  bool has_amount = false;          // some evidence carries an amount
  bool all_hedged = false;          // every evidence sentence hedges
  bool self_loop = false;           // subject and object are the same entity
};
static_assert(sizeof(RelationFacts) == 24, "scans stream this array: keep it small");

// A currency of 1 to 4 bytes (ISO 4217 codes have 3) packed into a nonzero
// number, equal exactly when the strings are equal; 0 for any other string.
inline std::uint32_t currency_code(std::string_view c) {
  if (c.empty() || c.size() > 4) return 0;
  std::uint32_t code = 0;
  for (std::size_t i = 0; i < c.size(); ++i) {
    if (c[i] == '\0') return 0;
    code |= static_cast<std::uint32_t>(static_cast<unsigned char>(c[i])) << (8 * i);
  }
  return code;
}

struct RelationType {
  std::string name;
  bool symmetric = false;  // partners-with, competes-with: direction carries no meaning
};

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, Entity, Relation>;
using Vertex = boost::graph_traits<Graph>::vertex_descriptor;
using Edge = boost::graph_traits<Graph>::edge_descriptor;

// The entity types every graph knows; more can be added (the set is data).
extern const std::vector<std::string> kDefaultEntityTypes;

class KnowledgeGraph {
 public:
  KnowledgeGraph();
  // Copies rebuild the relation table (edge descriptors point into the graph
  // they came from); moves are cheap and leave the source an empty graph.
  KnowledgeGraph(const KnowledgeGraph& other);
  KnowledgeGraph(KnowledgeGraph&& other) noexcept;
  KnowledgeGraph& operator=(const KnowledgeGraph& other);
  KnowledgeGraph& operator=(KnowledgeGraph&& other) noexcept;
  ~KnowledgeGraph();

  const Graph& graph() const { return (*g_); }
  std::size_t entity_count() const { return boost::num_vertices((*g_)); }
  std::size_t relation_count() const { return boost::num_edges((*g_)); }
  std::size_t evidence_count() const { return evidence_count_; }
  const Entity& entity(Vertex v) const { return (*g_)[v]; }
  const Relation& relation(Edge e) const { return (*g_)[e]; }
  // Edges in relation id order (insertion order).
  const std::vector<Edge>& relations() const { return edges_by_id_; }
  // Derived facts of each relation, by relation id.
  const std::vector<RelationFacts>& relation_facts() const { return facts_; }
  const RelationFacts& facts(Edge e) const { return facts_[(*g_)[e].id]; }

  // --- schema -------------------------------------------------------------
  std::uint32_t add_entity_type(std::string_view name);  // existing id if known
  std::optional<std::uint32_t> find_entity_type(std::string_view name) const;  // case-insensitive
  const std::vector<std::string>& entity_types() const { return entity_types_; }
  const std::string& entity_type_name(Vertex v) const { return entity_types_[(*g_)[v].type]; }

  std::uint32_t add_relation_type(std::string_view name, bool symmetric = false);
  std::optional<std::uint32_t> find_relation_type(std::string_view name) const;  // case-insensitive
  const std::vector<RelationType>& relation_types() const { return relation_types_; }
  const std::string& relation_type_name(Edge e) const { return relation_types_[(*g_)[e].type].name; }

  // --- entities -----------------------------------------------------------
  // Finds an entity by canonical name or alias (case, diacritics and curly
  // apostrophes ignored).
  std::optional<Vertex> find_entity(std::string_view name_or_alias) const;
  // Finds or creates. A found entity of type "Other" takes the given type.
  Vertex add_entity(std::string_view name, std::string_view type = "Other");
  // Adds an alias; returns false when it already names another entity.
  bool add_alias(Vertex v, std::string_view alias);
  void set_entity_attr(Vertex v, const std::string& key, Value value) { (*g_)[v].attrs[key] = std::move(value); }

  // --- relations ----------------------------------------------------------
  std::optional<Edge> find_relation(Vertex subject, std::uint32_t type, Vertex object) const;
  // Finds or creates the relation (for symmetric types either direction matches).
  Edge add_relation(Vertex subject, std::uint32_t type, Vertex object);
  // Adds evidence unless the same (doc, sentence, span, rule) is already there.
  bool add_evidence(Edge e, Evidence ev);

  // --- tables -------------------------------------------------------------
  std::uint32_t add_document(const Document& doc);  // by id; fills in missing fields
  std::optional<std::uint32_t> find_document(std::string_view id) const;
  const std::vector<Document>& documents() const { return documents_; }
  std::uint32_t intern_text(std::string_view text) { return texts_.intern(text); }
  const std::vector<std::string>& texts() const { return texts_.strings(); }
  std::uint32_t intern_rule(std::string_view rule) { return rules_.intern(rule); }
  const std::vector<std::string>& rules() const { return rules_.strings(); }

  // --- derived relation attributes (from evidence) ------------------------
  // Earliest evidence date, first amount seen, whether every sentence hedges.
  std::optional<Date> relation_date(Edge e) const;
  std::optional<Money> relation_amount(Edge e) const;
  bool relation_hedged(Edge e) const;

  // Merges all of `other` into this graph (alias-aware, evidence kept).
  // Evidence ends in canonical order (sort_evidence), so merging shards in
  // any order gives the answers of one ingest of the whole corpus.
  void merge(const KnowledgeGraph& other);
  // Puts each relation's evidence in canonical order: document id, sentence,
  // span, rule, text. Then what takes "the first" evidence (amount, source)
  // does not depend on the order documents were ingested or graphs merged.
  // Relations already in order are left as they are.
  void sort_evidence();

  // For loaders that already know the tables hold no duplicates: append
  // without looking up (the lookup index is built on the next intern call).
  std::uint32_t append_text(std::string text) { return texts_.append(std::move(text)); }
  std::uint32_t append_rule(std::string rule) { return rules_.append(std::move(rule)); }
  void append_evidence(Edge e, Evidence ev);
  void reserve_evidence(Edge e, std::size_t n) { (*g_)[e].evidence.reserve(n); }
  // Bulk loading knows the sizes up front: reserving them saves the
  // reallocations (and the memory they waste) of growing one edge at a time.
  void reserve(std::size_t entities, std::size_t names, std::size_t relations);
  void reserve_degree(Vertex v, std::size_t out, std::size_t in);
  // Adds a relation without looking for an existing one (bulk loading);
  // call find_duplicate_relation() afterwards to validate.
  Edge append_relation(Vertex subject, std::uint32_t type, Vertex object);
  // append_relation for n relations given as columns (ids must be valid).
  void append_relations(const std::uint32_t* subjects, const std::uint32_t* types, const std::uint32_t* objects,
                        std::size_t n);
  // The id of a relation that repeats an earlier (subject, type, object), if any.
  std::optional<std::uint32_t> find_duplicate_relation() const;

 private:
  struct TripleKey {
    std::uint32_t s, t, o;
    bool operator==(const TripleKey& k) const { return s == k.s && t == k.t && o == k.o; }
  };
  struct TripleKeyHash {
    std::size_t operator()(const TripleKey& k) const {
      return (static_cast<std::size_t>(k.s) * 0x9E3779B97F4A7C15ull) ^ (static_cast<std::size_t>(k.o) << 20) ^ k.t;
    }
  };

  // Held by pointer: Boost 1.74's adjacency_list has no move constructor
  // (and its swap copies), so this is what makes KnowledgeGraph cheap to move.
  std::unique_ptr<Graph> g_;
  std::size_t evidence_count_ = 0;
  std::vector<Edge> edges_by_id_;
  std::vector<RelationFacts> facts_;  // by relation id, beside edges_by_id_
  std::vector<std::string> entity_types_;
  std::unordered_map<std::string, std::uint32_t> entity_type_index_;
  std::vector<RelationType> relation_types_;
  std::unordered_map<std::string, std::uint32_t> relation_type_index_;
  std::unordered_map<std::string, Vertex> name_index_;  // folded name or alias -> entity
  // (subject, type, object) -> relation, built lazily from edges_by_id_ so
  // that loading a file does not pay for it (not thread-safe on first use).
  void index_relations() const;
  void swap(KnowledgeGraph& other) noexcept;
  mutable std::unordered_map<TripleKey, Edge, TripleKeyHash> relation_index_;
  mutable std::size_t indexed_relations_ = 0;
  std::vector<Document> documents_;
  std::unordered_map<std::string, std::uint32_t> document_index_;
  // Sentence texts and rule names, each stored once. The lookup index maps a
  // hash to ids (not strings to ids) so the strings are not stored twice, and
  // it is built lazily: loading a file never pays for it.
  class StringTable {
   public:
    std::uint32_t intern(std::string_view s);
    std::uint32_t append(std::string s);
    const std::vector<std::string>& strings() const { return strings_; }

   private:
    std::vector<std::string> strings_;
    std::unordered_multimap<std::size_t, std::uint32_t> index_;
    std::size_t indexed_ = 0;  // strings_[0, indexed_) are in index_
  };
  StringTable texts_;
  StringTable rules_;
};

}  // namespace kg
