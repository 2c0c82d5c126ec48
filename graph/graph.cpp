#include "graph/graph.hpp"

#include <algorithm>
#include <tuple>

#include "common/text.hpp"

namespace kg {

const std::vector<std::string> kDefaultEntityTypes = {"Organization", "Person", "Regulator", "Place",
                                                      "Product",      "Model",  "Other"};

KnowledgeGraph::KnowledgeGraph() : g_(std::make_unique<Graph>()) {
  for (const auto& t : kDefaultEntityTypes) add_entity_type(t);
}

KnowledgeGraph::~KnowledgeGraph() = default;

KnowledgeGraph::KnowledgeGraph(const KnowledgeGraph& o)
    : g_(std::make_unique<Graph>(*o.g_)),
      evidence_count_(o.evidence_count_),
      facts_(o.facts_),
      entity_types_(o.entity_types_),
      entity_type_index_(o.entity_type_index_),
      relation_types_(o.relation_types_),
      relation_type_index_(o.relation_type_index_),
      name_index_(o.name_index_),
      documents_(o.documents_),
      document_index_(o.document_index_),
      texts_(o.texts_),
      rules_(o.rules_) {
  edges_by_id_.resize(boost::num_edges(*g_));
  for (Edge e : boost::make_iterator_range(boost::edges(*g_))) edges_by_id_[(*g_)[e].id] = e;
}

KnowledgeGraph::KnowledgeGraph(KnowledgeGraph&& o) noexcept : g_(std::make_unique<Graph>()) { swap(o); }

KnowledgeGraph& KnowledgeGraph::operator=(const KnowledgeGraph& o) {
  if (this != &o) {
    KnowledgeGraph copy(o);
    swap(copy);
  }
  return *this;
}

KnowledgeGraph& KnowledgeGraph::operator=(KnowledgeGraph&& o) noexcept {
  if (this != &o) {
    KnowledgeGraph taken(std::move(o));
    swap(taken);
  }
  return *this;
}

void KnowledgeGraph::swap(KnowledgeGraph& o) noexcept {
  using std::swap;
  swap(g_, o.g_);
  swap(evidence_count_, o.evidence_count_);
  swap(edges_by_id_, o.edges_by_id_);
  swap(facts_, o.facts_);
  swap(entity_types_, o.entity_types_);
  swap(entity_type_index_, o.entity_type_index_);
  swap(relation_types_, o.relation_types_);
  swap(relation_type_index_, o.relation_type_index_);
  swap(name_index_, o.name_index_);
  swap(relation_index_, o.relation_index_);
  swap(indexed_relations_, o.indexed_relations_);
  swap(documents_, o.documents_);
  swap(document_index_, o.document_index_);
  swap(texts_, o.texts_);
  swap(rules_, o.rules_);
}

std::uint32_t KnowledgeGraph::add_entity_type(std::string_view name) {
  std::string key = ascii_lower(name);
  auto it = entity_type_index_.find(key);
  if (it != entity_type_index_.end()) return it->second;
  auto id = static_cast<std::uint32_t>(entity_types_.size());
  entity_types_.emplace_back(name);
  entity_type_index_.emplace(std::move(key), id);
  return id;
}

std::optional<std::uint32_t> KnowledgeGraph::find_entity_type(std::string_view name) const {
  auto it = entity_type_index_.find(ascii_lower(name));
  if (it == entity_type_index_.end()) return std::nullopt;
  return it->second;
}

std::uint32_t KnowledgeGraph::add_relation_type(std::string_view name, bool symmetric) {
  std::string key = ascii_lower(name);
  auto it = relation_type_index_.find(key);
  if (it != relation_type_index_.end()) {
    if (symmetric) relation_types_[it->second].symmetric = true;
    return it->second;
  }
  auto id = static_cast<std::uint32_t>(relation_types_.size());
  relation_types_.push_back(RelationType{std::string(name), symmetric});
  relation_type_index_.emplace(std::move(key), id);
  return id;
}

std::optional<std::uint32_t> KnowledgeGraph::find_relation_type(std::string_view name) const {
  auto it = relation_type_index_.find(ascii_lower(name));
  if (it == relation_type_index_.end()) return std::nullopt;
  return it->second;
}

std::optional<Vertex> KnowledgeGraph::find_entity(std::string_view name) const {
  auto it = name_index_.find(fold_name(name));
  if (it == name_index_.end()) return std::nullopt;
  return it->second;
}

Vertex KnowledgeGraph::add_entity(std::string_view name, std::string_view type) {
  std::string clean = trim(sanitize_utf8(name));
  std::string key = fold_name(clean);
  auto it = name_index_.find(key);
  std::uint32_t type_id = add_entity_type(type.empty() ? std::string_view("Other") : type);
  if (it != name_index_.end()) {
    Entity& e = (*g_)[it->second];
    if (entity_types_[e.type] == "Other") e.type = type_id;
    return it->second;
  }
  Entity e;
  e.name = std::move(clean);
  e.type = type_id;
  Vertex v = boost::add_vertex(std::move(e), (*g_));
  name_index_.emplace(std::move(key), v);
  return v;
}

bool KnowledgeGraph::add_alias(Vertex v, std::string_view alias) {
  std::string clean = trim(sanitize_utf8(alias));
  std::string key = fold_name(clean);
  if (key.empty()) return false;
  auto it = name_index_.find(key);
  if (it != name_index_.end()) return it->second == v;
  name_index_.emplace(std::move(key), v);
  (*g_)[v].aliases.push_back(std::move(clean));
  return true;
}

void KnowledgeGraph::index_relations() const {
  if (indexed_relations_ == edges_by_id_.size()) return;
  relation_index_.reserve(edges_by_id_.size());
  for (; indexed_relations_ < edges_by_id_.size(); ++indexed_relations_) {
    Edge e = edges_by_id_[indexed_relations_];
    relation_index_.emplace(TripleKey{static_cast<std::uint32_t>(boost::source(e, (*g_))), (*g_)[e].type,
                                      static_cast<std::uint32_t>(boost::target(e, (*g_)))},
                            e);
  }
}

std::optional<Edge> KnowledgeGraph::find_relation(Vertex s, std::uint32_t type, Vertex o) const {
  index_relations();
  auto key = [&](Vertex a, Vertex b) {
    return TripleKey{static_cast<std::uint32_t>(a), type, static_cast<std::uint32_t>(b)};
  };
  auto it = relation_index_.find(key(s, o));
  if (it != relation_index_.end()) return it->second;
  if (type < relation_types_.size() && relation_types_[type].symmetric) {
    it = relation_index_.find(key(o, s));
    if (it != relation_index_.end()) return it->second;
  }
  return std::nullopt;
}

Edge KnowledgeGraph::add_relation(Vertex s, std::uint32_t type, Vertex o) {
  if (auto e = find_relation(s, type, o)) return *e;  // also brings the index up to date
  Edge e = append_relation(s, type, o);
  relation_index_.emplace(TripleKey{static_cast<std::uint32_t>(s), type, static_cast<std::uint32_t>(o)}, e);
  indexed_relations_ = edges_by_id_.size();
  return e;
}

void KnowledgeGraph::reserve(std::size_t entities, std::size_t names, std::size_t relations) {
  g_->m_vertices.reserve(entities);
  name_index_.reserve(names);
  edges_by_id_.reserve(relations);
  facts_.reserve(relations);
}

void KnowledgeGraph::reserve_degree(Vertex v, std::size_t out, std::size_t in) {
  // out_edge_list/in_edge_list are Boost's own accessors for a vertex's
  // incidence vectors (adjacency_list has no public reserve).
  g_->out_edge_list(v).reserve(out);
  in_edge_list(*g_, v).reserve(in);
}

Edge KnowledgeGraph::append_relation(Vertex s, std::uint32_t type, Vertex o) {
  Relation r;
  r.type = type;
  r.id = static_cast<std::uint32_t>(edges_by_id_.size());
  Edge e = boost::add_edge(s, o, std::move(r), (*g_)).first;
  edges_by_id_.push_back(e);
  facts_.push_back(RelationFacts{});
  facts_.back().type = type;
  facts_.back().self_loop = s == o;
  return e;
}

void KnowledgeGraph::append_relations(const std::uint32_t* subjects, const std::uint32_t* types,
                                      const std::uint32_t* objects, std::size_t n) {
  // Adding an edge writes into both endpoints' incidence vectors; with a
  // million relations over a large vertex table those are cache misses in
  // random order. Fetching the vertex records 16 relations ahead, and the
  // vectors' ends 8 ahead, overlaps the misses instead of waiting on each.
  constexpr std::size_t kAhead = 16;
  for (std::size_t i = 0; i < n; ++i) {
    if (i + kAhead < n) {
      __builtin_prefetch(&g_->m_vertices[subjects[i + kAhead]]);
      __builtin_prefetch(&g_->m_vertices[objects[i + kAhead]]);
    }
    if (i + kAhead / 2 < n) {
      const auto& out = g_->out_edge_list(subjects[i + kAhead / 2]);
      const auto& in = in_edge_list(*g_, objects[i + kAhead / 2]);
      __builtin_prefetch(out.data() + out.size(), 1);
      __builtin_prefetch(in.data() + in.size(), 1);
    }
    append_relation(subjects[i], types[i], objects[i]);
  }
}

std::optional<std::uint32_t> KnowledgeGraph::find_duplicate_relation() const {
  // Sorting compact keys beats hashing a million relations when loading.
  struct Key {
    std::uint32_t a, t, b, id;
  };
  std::vector<Key> keys;
  keys.reserve(edges_by_id_.size());
  for (Edge e : edges_by_id_) {
    auto s = static_cast<std::uint32_t>(boost::source(e, (*g_)));
    auto o = static_cast<std::uint32_t>(boost::target(e, (*g_)));
    std::uint32_t t = (*g_)[e].type;
    if (relation_types_[t].symmetric && o < s) std::swap(s, o);
    keys.push_back(Key{s, t, o, (*g_)[e].id});
  }
  std::sort(keys.begin(), keys.end(), [](const Key& x, const Key& y) {
    return std::tie(x.a, x.t, x.b, x.id) < std::tie(y.a, y.t, y.b, y.id);
  });
  for (std::size_t i = 1; i < keys.size(); ++i)
    if (keys[i].a == keys[i - 1].a && keys[i].t == keys[i - 1].t && keys[i].b == keys[i - 1].b) return keys[i].id;
  return std::nullopt;
}

bool KnowledgeGraph::add_evidence(Edge e, Evidence ev) {
  for (const auto& x : (*g_)[e].evidence)
    if (x.doc == ev.doc && x.sentence == ev.sentence && x.start == ev.start && x.end == ev.end && x.rule == ev.rule &&
        x.text == ev.text)
      return false;
  append_evidence(e, std::move(ev));
  return true;
}

namespace {
std::int32_t date_key(const Date& d) { return d.year * 10000 + d.month * 100 + d.day; }
}  // namespace

void KnowledgeGraph::append_evidence(Edge e, Evidence ev) {
  Relation& rel = (*g_)[e];
  RelationFacts& r = facts_[rel.id];
  auto date = ev.attrs.find("date");
  if (date != ev.attrs.end())
    if (const Date* d = std::get_if<Date>(&date->second))
      if (r.earliest_date < 0 || date_key(*d) < r.earliest_date) r.earliest_date = date_key(*d);
  if (!r.has_amount) {
    auto amount = ev.attrs.find("amount");
    if (amount != ev.attrs.end() && std::holds_alternative<Money>(amount->second)) {
      r.has_amount = true;
      const Money& m = std::get<Money>(amount->second);
      r.amount_currency = currency_code(m.currency);
      r.amount_value = m.value;
    }
  }
  auto hedged = ev.attrs.find("hedged");
  bool h = hedged != ev.attrs.end() && std::holds_alternative<bool>(hedged->second) && std::get<bool>(hedged->second);
  r.all_hedged = rel.evidence.empty() ? h : (r.all_hedged && h);
  rel.evidence.push_back(std::move(ev));
  ++evidence_count_;
}

std::uint32_t KnowledgeGraph::add_document(const Document& doc) {
  auto it = document_index_.find(doc.id);
  if (it != document_index_.end()) {
    Document& d = documents_[it->second];
    if (d.title.empty()) d.title = doc.title;
    if (d.url.empty()) d.url = doc.url;
    if (!d.date) d.date = doc.date;
    return it->second;
  }
  auto id = static_cast<std::uint32_t>(documents_.size());
  documents_.push_back(doc);
  document_index_.emplace(doc.id, id);
  return id;
}

std::optional<std::uint32_t> KnowledgeGraph::find_document(std::string_view id) const {
  auto it = document_index_.find(std::string(id));
  if (it == document_index_.end()) return std::nullopt;
  return it->second;
}

std::uint32_t KnowledgeGraph::StringTable::intern(std::string_view s) {
  std::hash<std::string_view> hash;
  for (; indexed_ < strings_.size(); ++indexed_)
    index_.emplace(hash(strings_[indexed_]), static_cast<std::uint32_t>(indexed_));
  std::size_t h = hash(s);
  auto [lo, hi] = index_.equal_range(h);
  for (auto it = lo; it != hi; ++it)
    if (strings_[it->second] == s) return it->second;
  auto id = static_cast<std::uint32_t>(strings_.size());
  strings_.emplace_back(s);
  index_.emplace(h, id);
  indexed_ = strings_.size();
  return id;
}

std::uint32_t KnowledgeGraph::StringTable::append(std::string s) {
  strings_.push_back(std::move(s));
  return static_cast<std::uint32_t>(strings_.size() - 1);
}

std::optional<Date> KnowledgeGraph::relation_date(Edge e) const {
  std::int32_t k = facts(e).earliest_date;
  if (k < 0) return std::nullopt;
  return Date{k / 10000, k / 100 % 100, k % 100};
}

std::optional<Money> KnowledgeGraph::relation_amount(Edge e) const {
  const Relation& r = (*g_)[e];
  if (!facts_[r.id].has_amount) return std::nullopt;
  for (const Evidence& ev : r.evidence) {
    auto it = ev.attrs.find("amount");
    if (it != ev.attrs.end())
      if (const Money* m = std::get_if<Money>(&it->second)) return *m;
  }
  return std::nullopt;
}

bool KnowledgeGraph::relation_hedged(Edge e) const { return facts(e).all_hedged; }

void KnowledgeGraph::merge(const KnowledgeGraph& other) {
  std::vector<Vertex> vmap(other.entity_count());
  const Graph& og = other.graph();
  for (Vertex v : boost::make_iterator_range(boost::vertices(og))) {
    const Entity& e = og[v];
    // An entity of the other graph may be known here under one of its aliases.
    std::optional<Vertex> found = find_entity(e.name);
    for (std::size_t i = 0; !found && i < e.aliases.size(); ++i) found = find_entity(e.aliases[i]);
    Vertex mine = found ? *found : add_entity(e.name, other.entity_types()[e.type]);
    if (found && entity_types_[(*g_)[mine].type] == "Other") (*g_)[mine].type = add_entity_type(other.entity_types()[e.type]);
    add_alias(mine, e.name);
    for (const auto& a : e.aliases) add_alias(mine, a);
    for (const auto& [k, val] : e.attrs) (*g_)[mine].attrs.emplace(k, val);
    vmap[v] = mine;
  }
  for (Edge oe : other.relations()) {
    const Relation& r = og[oe];
    const RelationType& rt = other.relation_types()[r.type];
    std::uint32_t t = add_relation_type(rt.name, rt.symmetric);
    Edge e = add_relation(vmap[boost::source(oe, og)], t, vmap[boost::target(oe, og)]);
    for (const Evidence& ev : r.evidence) {
      Evidence copy = ev;
      copy.doc = add_document(other.documents()[ev.doc]);
      copy.text = intern_text(other.texts()[ev.text]);
      copy.rule = intern_rule(other.rules()[ev.rule]);
      add_evidence(e, std::move(copy));
    }
  }
  // The other graph's evidence was appended after ours; whole-corpus ingest
  // would have interleaved it by document.
  sort_evidence();
}

void KnowledgeGraph::sort_evidence() {
  auto less = [this](const Evidence& a, const Evidence& b) {
    if (a.doc != b.doc) {
      int c = documents_[a.doc].id.compare(documents_[b.doc].id);
      if (c != 0) return c < 0;
    }
    if (a.sentence != b.sentence) return a.sentence < b.sentence;
    if (a.start != b.start) return a.start < b.start;
    if (a.end != b.end) return a.end < b.end;
    if (a.rule != b.rule) {
      int c = rules()[a.rule].compare(rules()[b.rule]);
      if (c != 0) return c < 0;
    }
    return a.text != b.text && texts()[a.text] < texts()[b.text];
  };
  for (Edge e : edges_by_id_) {
    Relation& r = (*g_)[e];
    if (std::is_sorted(r.evidence.begin(), r.evidence.end(), less)) continue;
    std::vector<Evidence> list = std::move(r.evidence);
    std::stable_sort(list.begin(), list.end(), less);
    // Re-append so the derived attributes (first amount, ...) follow the new order.
    r.evidence.clear();
    bool self_loop = facts_[r.id].self_loop;
    facts_[r.id] = RelationFacts{};
    facts_[r.id].type = r.type;
    facts_[r.id].self_loop = self_loop;
    evidence_count_ -= list.size();
    for (auto& ev : list) append_evidence(e, std::move(ev));
  }
}

}  // namespace kg
