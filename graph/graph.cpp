#include "graph/graph.hpp"

#include "common/text.hpp"

namespace kg {

const std::vector<std::string> kDefaultEntityTypes = {"Organization", "Person", "Regulator", "Place",
                                                      "Product",      "Model",  "Other"};

KnowledgeGraph::KnowledgeGraph() {
  for (const auto& t : kDefaultEntityTypes) add_entity_type(t);
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
    Entity& e = g_[it->second];
    if (entity_types_[e.type] == "Other") e.type = type_id;
    return it->second;
  }
  Entity e;
  e.name = std::move(clean);
  e.type = type_id;
  Vertex v = boost::add_vertex(std::move(e), g_);
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
  g_[v].aliases.push_back(std::move(clean));
  return true;
}

std::optional<Edge> KnowledgeGraph::find_relation(Vertex s, std::uint32_t type, Vertex o) const {
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
  if (auto e = find_relation(s, type, o)) return *e;
  Relation r;
  r.type = type;
  r.id = static_cast<std::uint32_t>(edges_by_id_.size());
  Edge e = boost::add_edge(s, o, std::move(r), g_).first;
  relation_index_.emplace(TripleKey{static_cast<std::uint32_t>(s), type, static_cast<std::uint32_t>(o)}, e);
  edges_by_id_.push_back(e);
  return e;
}

bool KnowledgeGraph::add_evidence(Edge e, Evidence ev) {
  auto& list = g_[e].evidence;
  for (const auto& x : list)
    if (x.doc == ev.doc && x.sentence == ev.sentence && x.start == ev.start && x.end == ev.end && x.rule == ev.rule &&
        x.text == ev.text)
      return false;
  list.push_back(std::move(ev));
  ++evidence_count_;
  return true;
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

static std::uint32_t intern(std::vector<std::string>& table, std::unordered_map<std::string, std::uint32_t>& index,
                            std::string_view s) {
  auto it = index.find(std::string(s));
  if (it != index.end()) return it->second;
  auto id = static_cast<std::uint32_t>(table.size());
  table.emplace_back(s);
  index.emplace(table.back(), id);
  return id;
}

std::uint32_t KnowledgeGraph::intern_text(std::string_view text) { return intern(texts_, text_index_, text); }
std::uint32_t KnowledgeGraph::intern_rule(std::string_view rule) { return intern(rules_, rule_index_, rule); }

std::optional<Date> KnowledgeGraph::relation_date(Edge e) const {
  std::optional<Date> best;
  for (const auto& ev : g_[e].evidence) {
    auto it = ev.attrs.find("date");
    if (it == ev.attrs.end()) continue;
    if (const Date* d = std::get_if<Date>(&it->second))
      if (!best || *d < *best) best = *d;
  }
  return best;
}

std::optional<Money> KnowledgeGraph::relation_amount(Edge e) const {
  for (const auto& ev : g_[e].evidence) {
    auto it = ev.attrs.find("amount");
    if (it == ev.attrs.end()) continue;
    if (const Money* m = std::get_if<Money>(&it->second)) return *m;
  }
  return std::nullopt;
}

bool KnowledgeGraph::relation_hedged(Edge e) const {
  const auto& list = g_[e].evidence;
  if (list.empty()) return false;
  for (const auto& ev : list) {
    auto it = ev.attrs.find("hedged");
    if (it == ev.attrs.end() || !std::holds_alternative<bool>(it->second) || !std::get<bool>(it->second)) return false;
  }
  return true;
}

void KnowledgeGraph::merge(const KnowledgeGraph& other) {
  std::vector<Vertex> vmap(other.entity_count());
  const Graph& og = other.graph();
  for (Vertex v : boost::make_iterator_range(boost::vertices(og))) {
    const Entity& e = og[v];
    // An entity of the other graph may be known here under one of its aliases.
    std::optional<Vertex> found = find_entity(e.name);
    for (std::size_t i = 0; !found && i < e.aliases.size(); ++i) found = find_entity(e.aliases[i]);
    Vertex mine = found ? *found : add_entity(e.name, other.entity_types()[e.type]);
    if (found && entity_types_[g_[mine].type] == "Other") g_[mine].type = add_entity_type(other.entity_types()[e.type]);
    add_alias(mine, e.name);
    for (const auto& a : e.aliases) add_alias(mine, a);
    for (const auto& [k, val] : e.attrs) g_[mine].attrs.emplace(k, val);
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
}

}  // namespace kg
