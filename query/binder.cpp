#include "query/binder.hpp"

#include <set>

#include "common/error.hpp"
#include "common/text.hpp"

namespace kg::query {
using namespace ast;

void SourceRef::fail(const Located& at, const std::string& message) const {
  fail_at(at.offset, at.length, message);
}

void SourceRef::fail_at(std::size_t offset, std::size_t length, const std::string& message) const {
  if (!text) throw DataError(message);
  throw DataError(message, locate(origin, *text, offset, length));
}

static std::string suggest(const std::string& word, const std::vector<std::string>& candidates,
                           const std::string& quote = "'") {
  std::string best = closest_match(word, candidates);
  return best.empty() ? std::string() : "; did you mean " + quote + best + (quote == "$" ? "" : quote) + "?";
}

std::vector<std::string> entity_keys(const KnowledgeGraph& g) {
  std::set<std::string> keys = {"name", "type", "aliases", "degree"};
  for (auto v : boost::make_iterator_range(boost::vertices(g.graph())))
    for (const auto& kv : g.entity(v).attrs) keys.insert(kv.first);
  return {keys.begin(), keys.end()};
}

std::vector<std::string> relation_keys(const KnowledgeGraph& g) {
  std::set<std::string> keys = {"type",   "amount",  "currency", "date",    "hedged", "confidence",
                                "source", "sentence", "subject", "object", "evidence_count"};
  for (Edge e : g.relations())
    for (const auto& ev : g.relation(e).evidence)
      for (const auto& kv : ev.attrs) keys.insert(kv.first);
  return {keys.begin(), keys.end()};
}

bool is_aggregate_function(const std::string& n) {
  return n == "count" || n == "sum" || n == "min" || n == "max" || n == "avg" || n == "collect";
}

namespace {

struct FunctionSpec {
  const char* name;
  int min_args, max_args;
};
const std::vector<FunctionSpec>& functions() {
  static const std::vector<FunctionSpec> f = {
      {"count", 0, 1},  {"sum", 1, 1},           {"min", 1, 1},         {"max", 1, 1},
      {"avg", 1, 1},    {"collect", 1, 1},       {"type", 1, 1},        {"labels", 1, 1},
      {"nodes", 1, 1},  {"relationships", 1, 1}, {"length", 1, 1},      {"evidence_count", 1, 1},
      {"currency", 1, 1}, {"size", 1, 1},        {"lower", 1, 1},       {"upper", 1, 1},
      {"year", 1, 1},   {"coalesce", 1, 8}};
  return f;
}

class Binder {
 public:
  Binder(const KnowledgeGraph& g, const Limits& limits, const std::map<std::string, Value>& params,
         const SourceRef& src)
      : g_(g), limits_(limits), params_(params), src_(src) {}

  BoundQuery bind(const Query& q) {
    b_.syntax = &q;
    // Variables first, so expressions anywhere can refer to any of them.
    for (const auto& p : q.patterns) {
      if (!p.path_var.empty()) declare(p.path_var, VarKind::path, p);
      declare_node(p.start);
      for (const auto& s : p.steps) {
        if (!s.edge.var.empty())
          declare(s.edge.var, s.edge.quant.present ? VarKind::edge_list : VarKind::edge, s.edge);
        declare_node(s.node);
      }
    }
    b_.next_slot = add_slot("next", VarKind::node);
    b_.edge_slot = add_slot("edge", VarKind::edge);
    for (const auto& it : q.items)
      if (!it.alias.empty()) b_.aliases.push_back(it.alias);

    bool shortest = q.selector.kind != SelectorKind::none;
    if (shortest) {
      if (q.patterns.size() != 1 || q.patterns[0].steps.size() != 1)
        src_.fail(q.patterns[0], "SHORTEST and ALL SHORTEST need exactly one pattern with one relation step, "
                                 "such as (a)-[*..5]-(b)");
      if (q.selector.kind == SelectorKind::shortest && q.selector.k == 0)
        src_.fail(q, "SHORTEST needs a count of at least 1");
    }
    for (const auto& p : q.patterns) {
      BoundPattern bp;
      bp.path_slot = p.path_var.empty() ? -1 : b_.slot_of.at(p.path_var);
      bp.nodes.push_back(bind_node(p.start));
      for (const auto& s : p.steps) {
        bp.edges.push_back(bind_edge(s.edge, shortest));
        bp.nodes.push_back(bind_node(s.node));
      }
      b_.patterns.push_back(std::move(bp));
    }
    if (q.where) check_expr(*q.where, Scope::query);
    if (q.with_evidence && q.return_kind == ReturnKind::rows)
      src_.fail(q, "WITH EVIDENCE goes with RETURN PATHS or RETURN GRAPH");
    for (const auto& it : q.items) check_expr(it.expr, Scope::result);
    if (q.having) check_expr(*q.having, Scope::result);
    for (const auto& o : q.order) check_expr(o.expr, Scope::result);
    if (q.skip) check_expr(*q.skip, Scope::constant);
    if (q.limit) check_expr(*q.limit, Scope::constant);
    if (q.return_kind != ReturnKind::rows && (!q.order.empty() || q.having))
      src_.fail(q, "ORDER BY and HAVING go with RETURN items, not with RETURN PATHS or GRAPH");
    return std::move(b_);
  }

 private:
  enum class Scope { query, hop, node, result, constant };

  int add_slot(const std::string& name, VarKind kind) {
    b_.vars.push_back({name, kind});
    int slot = static_cast<int>(b_.vars.size() - 1);
    b_.slot_of[name] = slot;
    return slot;
  }

  void declare(const std::string& name, VarKind kind, const Located& at) {
    std::string lower = ascii_lower(name);
    if (lower == "next" || lower == "edge")
      src_.fail(at, "'" + name + "' is reserved inside patterns (the node or relation of the current hop); "
                                 "choose another variable name");
    auto it = b_.slot_of.find(name);
    if (it == b_.slot_of.end()) {
      add_slot(name, kind);
      return;
    }
    VarKind have = b_.vars[it->second].kind;
    if (have != kind || kind != VarKind::node)
      src_.fail(at, "variable '" + name + "' is used twice; a node variable may repeat (to join), "
                                           "relation and path variables may not");
  }

  void declare_node(const NodePattern& n) {
    if (!n.var.empty()) declare(n.var, VarKind::node, n);
  }

  std::vector<std::string> entity_type_names() const { return g_.entity_types(); }
  std::vector<std::string> relation_type_names() const {
    std::vector<std::string> out;
    for (const auto& t : g_.relation_types()) out.push_back(t.name);
    return out;
  }

  std::uint32_t entity_type(const Name& n) {
    auto id = g_.find_entity_type(n.text);
    if (!id) src_.fail(n, "unknown entity type '" + n.text + "'" + suggest(n.text, entity_type_names()));
    return *id;
  }

  BoundNode bind_node(const NodePattern& n) {
    BoundNode bn;
    bn.syntax = &n;
    bn.slot = n.var.empty() ? -1 : b_.slot_of.at(n.var);
    if (!n.labels.empty()) {
      bn.type_ok.assign(g_.entity_types().size(), 0);
      for (const auto& l : n.labels) bn.type_ok[entity_type(l)] = 1;
    }
    if (n.entity) {
      auto v = g_.find_entity(n.entity->text);
      if (!v) {
        std::vector<std::string> names;
        names.reserve(g_.entity_count());
        for (auto x : boost::make_iterator_range(boost::vertices(g_.graph()))) names.push_back(g_.entity(x).name);
        src_.fail(*n.entity, "unknown entity '" + n.entity->text + "'" + suggest(n.entity->text, names));
      }
      bn.entity = *v;
    }
    if (!n.props.empty()) {
      for (const auto& p : n.props) {
        check_key(p.key, true);
        check_expr(p.value, Scope::constant);
      }
    }
    if (n.where) {
      check_expr(*n.where, Scope::node);
      bn.where = &*n.where;
    }
    return bn;
  }

  BoundEdge bind_edge(const EdgePattern& e, bool shortest) {
    BoundEdge be;
    be.syntax = &e;
    be.slot = e.var.empty() ? -1 : b_.slot_of.at(e.var);
    be.direction = e.direction;
    std::size_t n = g_.relation_types().size();
    if (e.types.empty()) {
      be.type_ok.assign(n, 1);
    } else {
      be.type_ok.assign(n, e.negated ? 1 : 0);
      for (const auto& t : e.types) {
        auto id = g_.find_relation_type(t.text);
        if (!id) src_.fail(t, "unknown relation type '" + t.text + "'" + suggest(t.text, relation_type_names()));
        be.type_ok[*id] = e.negated ? 0 : 1;
      }
    }
    const Quantifier& q = e.quant;
    if (!q.present) {
      be.min = be.max = 1;
    } else {
      be.var_length = true;
      if (!q.range) {
        be.min = q.min ? *q.min : 1;
        be.max = q.min ? *q.min : 3;  // bare * means 1..3
      } else {
        be.min = q.min ? *q.min : 1;
        if (q.max) {
          be.max = *q.max;
        } else if (shortest) {
          be.max = limits_.max_hops;
        } else {
          src_.fail(e, "the quantifier has no upper bound; write one (*" + std::to_string(be.min) +
                           "..5) or use a SHORTEST selector, which may be unbounded");
        }
      }
      if (be.min > be.max)
        src_.fail(e, "the quantifier's lower bound " + std::to_string(be.min) + " is above its upper bound " +
                         std::to_string(be.max));
    }
    if (be.max > limits_.max_hops) {
      std::string m = "the pattern asks for up to " + std::to_string(be.max) + " hops, above the max-hops guard (" +
                      std::to_string(limits_.max_hops) + "); lower the bound or raise the guard with --max-hops N " +
                      "(shell: .maxhops N)";
      throw LimitError(m, src_.text ? locate(src_.origin, *src_.text, e.offset, e.length) : SourcePos{});
    }
    if (e.where) {
      check_expr(*e.where, Scope::hop);
      be.where = &*e.where;
    }
    return be;
  }

  // Built-in keys are checked first: listing the attribute keys scans the
  // whole graph, which only an unknown key should pay for.
  void check_key(const Name& key, bool entity) {
    static const std::vector<std::string> entity_builtin = {"name", "type", "aliases", "degree"};
    static const std::vector<std::string> relation_builtin = {
        "type", "amount", "currency", "date", "hedged", "confidence", "source", "sentence", "subject", "object",
        "evidence_count"};
    for (const auto& k : entity ? entity_builtin : relation_builtin)
      if (k == key.text) return;
    auto& cache = entity ? entity_keys_ : relation_keys_;
    if (cache.empty()) cache = entity ? entity_keys(g_) : relation_keys(g_);
    for (const auto& k : cache)
      if (k == key.text) return;
    src_.fail(key, std::string("unknown ") + (entity ? "entity" : "relation") + " key '" + key.text + "'" +
                       suggest(key.text, cache));
  }

  std::vector<std::string> visible_names(Scope scope) const {
    std::vector<std::string> names;
    for (const auto& v : b_.vars)
      if ((v.name != "next" && v.name != "edge") || scope == Scope::hop || scope == Scope::node) names.push_back(v.name);
    if (scope == Scope::result)
      for (const auto& a : b_.aliases) names.push_back(a);
    return names;
  }

  const VarInfo* lookup_var(const Expr& e, Scope scope) {
    if (scope == Scope::constant) src_.fail(e, "only literals and $parameters are allowed here, not '" + e.name + "'");
    auto it = b_.slot_of.find(e.name);
    bool special = e.name == "next" || e.name == "edge";
    if (it != b_.slot_of.end() && (!special || scope == Scope::hop || (scope == Scope::node && e.name == "next")))
      return &b_.vars[it->second];
    if (scope == Scope::result)
      for (const auto& a : b_.aliases)
        if (a == e.name) return nullptr;  // an alias: fine
    if (special)
      src_.fail(e, "'" + e.name + "' names the " + (e.name == "next" ? "node" : "relation") +
                       " of the current hop; it only exists inside a pattern's WHERE");
    src_.fail(e, "unknown variable '" + e.name + "'" + suggest(e.name, visible_names(scope)));
  }

  void check_expr(const Expr& e, Scope scope) {
    switch (e.kind) {
      case ExprKind::literal: return;
      case ExprKind::param: {
        if (!params_.count(e.name)) {
          std::vector<std::string> names;
          for (const auto& kv : params_) names.push_back(kv.first);
          src_.fail(e, "unknown parameter $" + e.name + " (set it with LET $" + e.name + " = ...; or --param " +
                           e.name + "=...)" + suggest(e.name, names, "$"));
        }
        return;
      }
      case ExprKind::var: lookup_var(e, scope); return;
      case ExprKind::prop: {
        Expr var = e;
        const VarInfo* v = lookup_var(var, scope);
        if (!v) return;  // alias of a result column: no schema to check
        Name key;
        key.text = e.key;
        // Put the caret under the key, after "var.".
        key.offset = e.offset + e.name.size() + 1;
        key.length = e.key.size();
        if (v->kind == VarKind::node) check_key(key, true);
        else if (v->kind == VarKind::edge) check_key(key, false);
        else if (v->kind == VarKind::edge_list) {
          if (scope != Scope::hop)
            src_.fail(e, "'" + e.name + "' is a variable-length relation (a list of hops); filter each hop "
                                        "inside its bracket: -[" + e.name + " *1..3 WHERE " + e.name + "." +
                             e.key + " ...]-");
          check_key(key, false);
        } else {
          src_.fail(e, "'" + e.name + "' is a path; it has no keys (use nodes(" + e.name + ") or length(" + e.name +
                           "))");
        }
        return;
      }
      case ExprKind::call: {
        std::string n = ascii_lower(e.name);
        const FunctionSpec* spec = nullptr;
        std::vector<std::string> names;
        for (const auto& f : functions()) {
          names.push_back(f.name);
          if (n == f.name) spec = &f;
        }
        if (!spec) src_.fail(e, "unknown function '" + e.name + "'" + suggest(e.name, names));
        int argc = static_cast<int>(e.args.size());
        if (e.star && n != "count") src_.fail(e, "only count(*) takes '*'");
        if (!e.star && (argc < spec->min_args || argc > spec->max_args))
          src_.fail(e, "function " + n + "() takes " + std::to_string(spec->min_args) +
                           (spec->max_args != spec->min_args ? " to " + std::to_string(spec->max_args) : "") +
                           " argument" + (spec->max_args == 1 ? "" : "s"));
        if (n == "count" && argc == 0 && !e.star) src_.fail(e, "count needs an argument or '*'");
        if (is_aggregate_function(n)) {
          if (scope != Scope::result)
            src_.fail(e, "aggregate " + n + "() is only allowed in RETURN, HAVING and ORDER BY");
          if (in_aggregate_) src_.fail(e, "aggregates cannot be nested");
          in_aggregate_ = true;
          for (const auto& a : e.args) check_expr(a, Scope::query);
          in_aggregate_ = false;
          return;
        }
        if (e.distinct) src_.fail(e, "DISTINCT only applies to aggregates");
        for (const auto& a : e.args) check_expr(a, scope);
        return;
      }
      case ExprKind::label_test: {
        Expr var = e;
        const VarInfo* v = lookup_var(var, scope);
        if (v && v->kind != VarKind::node) src_.fail(e, "'" + e.name + "' is not a node; only nodes have entity types");
        for (const auto& l : e.labels) entity_type(l);
        return;
      }
      default:
        for (const auto& a : e.args) check_expr(a, scope);
    }
  }

  const KnowledgeGraph& g_;
  const Limits& limits_;
  const std::map<std::string, Value>& params_;
  const SourceRef& src_;
  BoundQuery b_;
  bool in_aggregate_ = false;
  std::vector<std::string> entity_keys_, relation_keys_;  // filled on first unknown key
};

}  // namespace

BoundQuery bind_query(const KnowledgeGraph& g, const Query& q, const Limits& limits,
                      const std::map<std::string, Value>& params, const SourceRef& src) {
  return Binder(g, limits, params, src).bind(q);
}

}  // namespace kg::query
