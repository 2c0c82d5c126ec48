#include "query/evaluator.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <deque>
#include <memory>
#include <regex>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "common/atomic_file.hpp"
#include "common/text.hpp"
#include "graph/export.hpp"
#include "query/ast_print.hpp"

namespace kg::query {
using namespace ast;

namespace {

// ---- runtime values ----------------------------------------------------------
struct RV;
using RList = std::vector<RV>;
struct PathV {
  std::vector<Vertex> nodes;
  std::vector<Edge> edges;
};

struct RV {
  enum Kind { scalar, node, edge, list, path } kind = scalar;
  Value v;
  Vertex n{};
  Edge e{};
  std::shared_ptr<RList> items;
  std::shared_ptr<PathV> p;

  static RV of(Value x) {
    RV r;
    r.v = std::move(x);
    return r;
  }
  static RV of_node(Vertex x) {
    RV r;
    r.kind = node;
    r.n = x;
    return r;
  }
  static RV of_edge(Edge x) {
    RV r;
    r.kind = edge;
    r.e = x;
    return r;
  }
  static RV of_list(RList l) {
    RV r;
    r.kind = list;
    r.items = std::make_shared<RList>(std::move(l));
    return r;
  }
  bool null() const { return kind == scalar && is_null(v); }
};

using Row = std::vector<RV>;

std::string money_short(const Money& m) {
  double a = std::fabs(m.value);
  if (a >= 1e9 && std::fmod(m.value, 1e7) == 0) return format_double(m.value / 1e9) + "B " + m.currency;
  if (a >= 1e6 && std::fmod(m.value, 1e4) == 0) return format_double(m.value / 1e6) + "M " + m.currency;
  if (a >= 1e3 && std::fmod(m.value, 10) == 0) return format_double(m.value / 1e3) + "K " + m.currency;
  return format_double(m.value) + " " + m.currency;
}

std::string edge_label(const KnowledgeGraph& g, Edge e) {
  std::string s = g.relation_type_name(e);
  if (auto d = g.relation_date(e)) s += " " + d->iso();
  if (auto m = g.relation_amount(e)) s += " " + money_short(*m);
  std::size_t n = g.relation(e).evidence.size();
  if (n > 1) s += " \u00d7" + std::to_string(n);
  return s;
}

bool symmetric(const KnowledgeGraph& g, Edge e) { return g.relation_types()[g.relation(e).type].symmetric; }

}  // namespace

std::string render_hop(const KnowledgeGraph& g, Vertex from, Edge e) {
  const Graph& gr = g.graph();
  Vertex s = boost::source(e, gr), t = boost::target(e, gr);
  std::string label = edge_label(g, e);
  if (symmetric(g, e)) return " -[" + label + "]- ";
  // Stored direction is kept even when the walk went against it.
  return from == s && s != t ? " -[" + label + "]-> " : (from == t && s != t ? " <-[" + label + "]- " : " -[" + label + "]-> ");
}

namespace {

std::string render_path(const KnowledgeGraph& g, const PathV& p) {
  std::string out = p.nodes.empty() ? "" : g.entity(p.nodes[0]).name;
  for (std::size_t i = 0; i < p.edges.size(); ++i)
    out += render_hop(g, p.nodes[i], p.edges[i]) + g.entity(p.nodes[i + 1]).name;
  return out;
}

Cell to_cell(const KnowledgeGraph& g, const RV& r) {
  Cell c;
  switch (r.kind) {
    case RV::scalar: c.value = r.v; break;
    case RV::node: c.value = g.entity(r.n).name; break;
    case RV::edge: {
      Vertex s = boost::source(r.e, g.graph());
      c.value = g.entity(s).name + render_hop(g, s, r.e) + g.entity(boost::target(r.e, g.graph())).name;
      break;
    }
    case RV::list:
      c.is_list = true;
      for (const auto& x : *r.items) c.list.push_back(to_cell(g, x));
      break;
    case RV::path: c.value = render_path(g, *r.p); break;
  }
  return c;
}

// ---- comparisons -------------------------------------------------------------
Date truncate(Date d, int precision) {  // 1 year, 2 month, 3 day
  if (precision < 3) d.day = 0;
  if (precision < 2) d.month = 0;
  return d;
}
int precision(const Date& d) { return d.month == 0 ? 1 : d.day == 0 ? 2 : 3; }

bool numeric(const Value& v) { return std::holds_alternative<std::int64_t>(v) || std::holds_alternative<double>(v); }
double num(const Value& v) {
  return std::holds_alternative<std::int64_t>(v) ? static_cast<double>(std::get<std::int64_t>(v)) : std::get<double>(v);
}

// -1/0/1, or nullopt when the values are not comparable. Different
// currencies are an error: silently ordering EUR against USD would lie.
std::optional<int> compare_values(const EvalContext& cx, const Value& a, const Value& b, const Located& at) {
  if (numeric(a) && numeric(b)) {
    double x = num(a), y = num(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a.index() != b.index()) {
    if (std::holds_alternative<Money>(a) || std::holds_alternative<Money>(b))
      if (!is_null(a) && !is_null(b))
        cx.src.fail(at, "cannot compare " + to_display(a) + " with " + to_display(b) +
                            ": money compares only with money in the same currency (write e.g. 10M EUR)");
    return std::nullopt;
  }
  if (auto x = std::get_if<std::string>(&a)) {
    int c = x->compare(std::get<std::string>(b));
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  if (auto x = std::get_if<bool>(&a)) return static_cast<int>(*x) - static_cast<int>(std::get<bool>(b));
  if (auto x = std::get_if<Date>(&a)) {
    // Compare at the coarser precision: 2024-02-26 = 2024-02, < 2024-03.
    const Date& y = std::get<Date>(b);
    int p = std::min(precision(*x), precision(y));
    Date dx = truncate(*x, p), dy = truncate(y, p);
    return dx < dy ? -1 : dy < dx ? 1 : 0;
  }
  if (auto x = std::get_if<Money>(&a)) {
    const Money& y = std::get<Money>(b);
    if (x->currency != y.currency)
      cx.src.fail(at, "cannot compare " + to_display(a) + " with " + to_display(b) + ": different currencies");
    return x->value < y.value ? -1 : x->value > y.value ? 1 : 0;
  }
  return std::nullopt;
}

// ---- guards -----------------------------------------------------------------
class Guard {
 public:
  explicit Guard(const EvalContext& cx) : cx_(cx), start_(std::chrono::steady_clock::now()) {}
  void expand() {
    if (++expansions_ > cx_.limits.max_paths)
      throw LimitError("stopped by the path budget after expanding " + std::to_string(cx_.limits.max_paths) +
                       " partial paths; no results are shown because they would be incomplete. Narrow the "
                       "pattern (types, a lower upper bound, ACYCLIC, a per-hop WHERE) or raise the budget with "
                       "--max-paths N (shell: .maxpaths N)");
    if ((expansions_ & 1023) == 0) poll();
  }
  void row() {
    if (++rows_ > cx_.limits.max_rows)
      throw LimitError("stopped by the row budget after " + std::to_string(cx_.limits.max_rows) +
                       " matched rows; no results are shown because they would be incomplete. Narrow the "
                       "pattern or raise the budget with --max-rows N (shell: .rowbudget N)");
    if ((rows_ & 1023) == 0) poll();
  }
  void poll() {
    if (cx_.cancel && cx_.cancel->load()) throw LimitError("interrupted; no results are shown");
    if (cx_.limits.timeout_ms) {
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start_);
      if (static_cast<std::uint64_t>(ms.count()) > cx_.limits.timeout_ms)
        throw LimitError("stopped by the timeout after " + std::to_string(cx_.limits.timeout_ms) +
                         " ms; no results are shown because they would be incomplete. Narrow the pattern or "
                         "raise the timeout with --timeout MS (shell: .timeout MS)");
    }
  }

 private:
  const EvalContext& cx_;
  std::chrono::steady_clock::time_point start_;
  std::uint64_t expansions_ = 0, rows_ = 0;
};

// ---- expressions ------------------------------------------------------------
struct AggValues {
  const std::map<const Expr*, RV>* values = nullptr;
  const std::map<std::string, RV>* aliases = nullptr;
};

class Evaluator {
 public:
  Evaluator(const EvalContext& cx, const BoundQuery* bq) : cx_(cx), g_(cx.g), bq_(bq) {}

  bool truthy(const Expr& e, const Row& row) {
    RV r = eval(e, row, {});
    return r.kind == RV::scalar && std::holds_alternative<bool>(r.v) && std::get<bool>(r.v);
  }

  RV eval(const Expr& e, const Row& row, const AggValues& agg) {
    switch (e.kind) {
      case ExprKind::literal: return RV::of(e.value);
      case ExprKind::list: {
        RList l;
        for (const auto& a : e.args) l.push_back(eval(a, row, agg));
        return RV::of_list(std::move(l));
      }
      case ExprKind::param: {
        auto it = cx_.params.find(e.name);
        if (it == cx_.params.end()) cx_.src.fail(e, "unknown parameter $" + e.name);
        return RV::of(it->second);
      }
      case ExprKind::var: return var(e, row, agg);
      case ExprKind::prop: return prop(e, var(e, row, agg));
      case ExprKind::call: return call(e, row, agg);
      case ExprKind::not_: {
        RV a = eval(e.args[0], row, agg);
        if (a.null()) return a;
        return RV::of(!as_bool(a, e.args[0]));
      }
      case ExprKind::and_:
      case ExprKind::or_: {
        bool is_and = e.kind == ExprKind::and_;
        bool saw_null = false;
        for (const auto& a : e.args) {
          RV x = eval(a, row, agg);
          if (x.null()) {
            saw_null = true;
            continue;
          }
          bool b = as_bool(x, a);
          if (is_and && !b) return RV::of(false);
          if (!is_and && b) return RV::of(true);
        }
        return saw_null ? RV() : RV::of(is_and);
      }
      case ExprKind::compare: {
        RV a = eval(e.args[0], row, agg), b = eval(e.args[1], row, agg);
        if (a.null() || b.null()) return RV();
        if (e.op == CompareOp::eq || e.op == CompareOp::ne) {
          bool eq = equal(a, b, e);
          return RV::of(e.op == CompareOp::eq ? eq : !eq);
        }
        auto c = compare_values(cx_, scalar_of(a), scalar_of(b), e);
        if (!c) return RV();
        switch (e.op) {
          case CompareOp::lt: return RV::of(*c < 0);
          case CompareOp::le: return RV::of(*c <= 0);
          case CompareOp::gt: return RV::of(*c > 0);
          case CompareOp::ge: return RV::of(*c >= 0);
          default: return RV();
        }
      }
      case ExprKind::in: {
        RV a = eval(e.args[0], row, agg), l = eval(e.args[1], row, agg);
        if (l.kind != RV::list) cx_.src.fail(e.args[1], "IN needs a list, such as ['a', 'b']");
        if (a.null()) return RV();
        bool found = false;
        for (const auto& x : *l.items)
          if (!x.null() && equal(a, x, e)) found = true;
        return RV::of(e.negated ? !found : found);
      }
      case ExprKind::contains:
      case ExprKind::starts_with:
      case ExprKind::regex: {
        RV a = eval(e.args[0], row, agg), b = eval(e.args[1], row, agg);
        if (a.null() || b.null()) return RV();
        std::string s = text_of(a), t = text_of(b);
        if (e.kind == ExprKind::contains) return RV::of(s.find(t) != std::string::npos);
        if (e.kind == ExprKind::starts_with) return RV::of(s.compare(0, t.size(), t) == 0);
        return RV::of(regex_match(s, t, e.args[1]));
      }
      case ExprKind::is_null: {
        RV a = eval(e.args[0], row, agg);
        return RV::of(e.negated ? !a.null() : a.null());
      }
      case ExprKind::label_test: {
        RV a = var(e, row, agg);
        if (a.kind != RV::node) return RV();
        for (const auto& l : e.labels)
          if (auto id = g_.find_entity_type(l.text))
            if (g_.entity(a.n).type == *id) return RV::of(true);
        return RV::of(false);
      }
    }
    return RV();
  }

  Value scalar_of(const RV& r) {
    if (r.kind == RV::scalar) return r.v;
    return to_cell(g_, r).value;
  }

  bool equal(const RV& a, const RV& b, const Located& at) {
    if (a.kind == RV::node && b.kind == RV::node) return a.n == b.n;
    if (a.kind == RV::edge && b.kind == RV::edge) return a.e == b.e;
    if (a.kind == RV::node && b.kind == RV::scalar && std::holds_alternative<std::string>(b.v))
      return fold_name(g_.entity(a.n).name) == fold_name(std::get<std::string>(b.v));
    if (a.kind == RV::list || b.kind == RV::list)
      return cell_key(to_cell(g_, a)) == cell_key(to_cell(g_, b));
    auto c = compare_values(cx_, scalar_of(a), scalar_of(b), at);
    return c && *c == 0;
  }

  bool as_bool(const RV& r, const Expr& at) {
    if (r.kind == RV::scalar && std::holds_alternative<bool>(r.v)) return std::get<bool>(r.v);
    cx_.src.fail(at, "expected a true/false condition here, got " + cell_text(to_cell(g_, r)));
  }

  std::string text_of(const RV& r) { return cell_text(to_cell(g_, r)); }

  bool regex_match(const std::string& s, const std::string& pattern, const Located& at) {
    auto it = regex_cache_.find(pattern);
    if (it == regex_cache_.end()) {
      try {
        it = regex_cache_.emplace(pattern, std::regex(pattern, std::regex::ECMAScript)).first;
      } catch (const std::regex_error& ex) {
        cx_.src.fail(at, "invalid regular expression '" + pattern + "': " + ex.what());
      }
    }
    return std::regex_search(s, it->second);
  }

  RV var(const Expr& e, const Row& row, const AggValues& agg) {
    if (bq_) {
      auto it = bq_->slot_of.find(e.name);
      if (it != bq_->slot_of.end() && static_cast<std::size_t>(it->second) < row.size() &&
          !(row[it->second].null() && agg.aliases && agg.aliases->count(e.name)))
        return row[it->second];
    }
    if (agg.aliases) {
      auto it = agg.aliases->find(e.name);
      if (it != agg.aliases->end()) return it->second;
    }
    cx_.src.fail(e, "unknown variable '" + e.name + "'");
  }

  RV prop(const Expr& e, const RV& target) {
    const std::string& k = e.key;
    if (target.null()) return RV();
    if (target.kind == RV::node) {
      const Entity& en = g_.entity(target.n);
      if (k == "name") return RV::of(en.name);
      if (k == "type") return RV::of(g_.entity_types()[en.type]);
      if (k == "degree")
        return RV::of(static_cast<std::int64_t>(boost::out_degree(target.n, g_.graph()) +
                                                boost::in_degree(target.n, g_.graph())));
      if (k == "aliases") {
        RList l;
        for (const auto& a : en.aliases) l.push_back(RV::of(a));
        return RV::of_list(std::move(l));
      }
      auto it = en.attrs.find(k);
      return it == en.attrs.end() ? RV() : RV::of(it->second);
    }
    if (target.kind == RV::edge) return edge_prop(target.e, k);
    if (target.kind == RV::list) {
      // A variable-length relation outside its bracket: one value per hop.
      RList l;
      for (const auto& x : *target.items) l.push_back(prop(e, x));
      return RV::of_list(std::move(l));
    }
    if (target.kind == RV::scalar && agg_alias_prop_ok_) return RV();
    cx_.src.fail(e, "'" + e.name + "' has no key '" + k + "'");
  }

  RV edge_prop(Edge ed, const std::string& k) {
    const Relation& r = g_.relation(ed);
    if (k == "type") return RV::of(g_.relation_type_name(ed));
    if (k == "amount") {
      auto m = g_.relation_amount(ed);
      return m ? RV::of(*m) : RV();
    }
    if (k == "currency") {
      auto m = g_.relation_amount(ed);
      return m ? RV::of(m->currency) : RV();
    }
    if (k == "date") {
      auto d = g_.relation_date(ed);
      return d ? RV::of(*d) : RV();
    }
    if (k == "hedged") return RV::of(g_.relation_hedged(ed));
    if (k == "evidence_count") return RV::of(static_cast<std::int64_t>(r.evidence.size()));
    if (k == "subject") return RV::of_node(boost::source(ed, g_.graph()));
    if (k == "object") return RV::of_node(boost::target(ed, g_.graph()));
    if (r.evidence.empty()) return RV();
    const Evidence& first = r.evidence.front();
    if (k == "source") return RV::of(g_.documents()[first.doc].id);
    if (k == "sentence") return RV::of(g_.texts()[first.text]);
    if (k == "confidence") {
      std::optional<double> best;
      for (const auto& ev : r.evidence) {
        auto it = ev.attrs.find("confidence");
        if (it != ev.attrs.end() && numeric(it->second)) best = std::max(best.value_or(0.0), num(it->second));
      }
      return best ? RV::of(*best) : RV();
    }
    for (const auto& ev : r.evidence) {
      auto it = ev.attrs.find(k);
      if (it != ev.attrs.end()) return RV::of(it->second);
    }
    return RV();
  }

  RV call(const Expr& e, const Row& row, const AggValues& agg) {
    std::string n = ascii_lower(e.name);
    if (is_aggregate_function(n)) {
      if (!agg.values) cx_.src.fail(e, "aggregate " + n + "() is not allowed here");
      return agg.values->at(&e);
    }
    std::vector<RV> a;
    for (const auto& x : e.args) a.push_back(eval(x, row, agg));
    if (n == "coalesce") {
      for (auto& x : a)
        if (!x.null()) return x;
      return RV();
    }
    const RV& x = a.at(0);
    if (x.null()) return RV();
    if (n == "type") {
      if (x.kind == RV::edge) return RV::of(g_.relation_type_name(x.e));
      if (x.kind == RV::list) {
        RList l;
        for (const auto& y : *x.items)
          if (y.kind == RV::edge) l.push_back(RV::of(g_.relation_type_name(y.e)));
        return RV::of_list(std::move(l));
      }
      cx_.src.fail(e.args[0], "type() needs a relation");
    }
    if (n == "labels") {
      if (x.kind != RV::node) cx_.src.fail(e.args[0], "labels() needs a node");
      return RV::of_list({RV::of(g_.entity_types()[g_.entity(x.n).type])});
    }
    if (n == "nodes" || n == "relationships") {
      if (x.kind != RV::path) cx_.src.fail(e.args[0], n + "() needs a path variable (p = ...)");
      RList l;
      if (n == "nodes")
        for (Vertex v : x.p->nodes) l.push_back(RV::of_node(v));
      else
        for (Edge ed : x.p->edges) l.push_back(RV::of_edge(ed));
      return RV::of_list(std::move(l));
    }
    if (n == "length") {
      if (x.kind == RV::path) return RV::of(static_cast<std::int64_t>(x.p->edges.size()));
      if (x.kind == RV::list) return RV::of(static_cast<std::int64_t>(x.items->size()));
      if (x.kind == RV::edge) return RV::of(std::int64_t{1});
      cx_.src.fail(e.args[0], "length() needs a path or a relation");
    }
    if (n == "evidence_count") {
      if (x.kind == RV::edge) return RV::of(static_cast<std::int64_t>(g_.relation(x.e).evidence.size()));
      cx_.src.fail(e.args[0], "evidence_count() needs a relation");
    }
    if (n == "currency") {
      if (x.kind == RV::scalar && std::holds_alternative<Money>(x.v)) return RV::of(std::get<Money>(x.v).currency);
      cx_.src.fail(e.args[0], "currency() needs a money value such as e.amount");
    }
    if (n == "size") {
      if (x.kind == RV::list) return RV::of(static_cast<std::int64_t>(x.items->size()));
      return RV::of(static_cast<std::int64_t>(utf8_length(text_of(x))));
    }
    if (n == "lower" || n == "upper") {
      std::string s = text_of(x);
      for (auto& c : s)
        c = static_cast<char>(n == "lower" ? std::tolower(static_cast<unsigned char>(c))
                                           : std::toupper(static_cast<unsigned char>(c)));
      return RV::of(s);
    }
    if (n == "year") {
      if (x.kind == RV::scalar && std::holds_alternative<Date>(x.v))
        return RV::of(static_cast<std::int64_t>(std::get<Date>(x.v).year));
      cx_.src.fail(e.args[0], "year() needs a date");
    }
    cx_.src.fail(e, "unknown function '" + e.name + "'");
  }

  bool agg_alias_prop_ok_ = false;

 private:
  const EvalContext& cx_;
  const KnowledgeGraph& g_;
  const BoundQuery* bq_;
  std::unordered_map<std::string, std::regex> regex_cache_;
};

// ---- pattern walking ----------------------------------------------------------
struct Hop {
  Edge e;
  Vertex next;
};

class Walker {
 public:
  Walker(const EvalContext& cx, const BoundQuery& bq, Evaluator& ev, Guard& guard)
      : cx_(cx), g_(cx.g), gr_(cx.g.graph()), bq_(bq), ev_(ev), guard_(guard) {}

  // Every hop from v allowed by the edge's types and direction (symmetric
  // relation types match in either direction), in adjacency order.
  template <class F>
  void neighbours(Vertex v, const BoundEdge& be, F&& f) {
    bool out = be.direction != Direction::in, in = be.direction != Direction::out;
    // With every type allowed, an edge in a walked direction passes without
    // reading the relation (edges live in a list, so reading one is a cache
    // miss); only against the walk does it matter whether the type is symmetric.
    bool all_types = std::all_of(be.type_ok.begin(), be.type_ok.end(), [](char c) { return c != 0; });
    bool any_out = all_types && out, any_in = all_types && in;  // every out- (in-) edge passes
    for (auto e : boost::make_iterator_range(boost::out_edges(v, gr_))) {
      if (!any_out) {
        const Relation& r = gr_[e];
        if (!be.type_ok[r.type]) continue;
        if (!out && !g_.relation_types()[r.type].symmetric) continue;
      }
      f(Hop{e, boost::target(e, gr_)});
    }
    for (auto e : boost::make_iterator_range(boost::in_edges(v, gr_))) {
      Vertex s = boost::source(e, gr_);
      // A self-loop is one hop however it is walked: the out-edge pass above
      // met it if the walk goes forwards or its type is symmetric; only a
      // backwards-only walk over an ordinary type meets it here.
      if (s == v && (out || g_.relation_types()[gr_[e].type].symmetric)) continue;
      if (!any_in) {
        const Relation& r = gr_[e];
        if (!be.type_ok[r.type]) continue;
        if (!in && !g_.relation_types()[r.type].symmetric) continue;
      }
      f(Hop{e, s});
    }
  }

  // A per-hop WHERE that is a conjunction of `e.date OP date` and
  // `e.amount OP money` comparisons on the hop's own relation, read straight
  // from the relation's derived date and amount instead of through row
  // values. Anything it cannot decide the same way (another shape, a
  // different currency, which is an error) goes to the general evaluator.
  struct FastAtom {
    bool amount = false;  // else date
    CompareOp op = CompareOp::eq;
    bool flipped = false;  // literal on the left
    Date date;
    Money money;
    std::uint32_t currency = 0;  // currency_code(money.currency)
    std::int32_t date_key = -1;  // date as yyyymmdd like RelationFacts::earliest_date, -1 if it does not fit
    int date_precision = 3;
  };
  struct FastWhere {
    bool usable = false;
    std::vector<FastAtom> atoms;  // amount atoms, then date atoms
    std::size_t dates_from = 0;   // index of the first date atom
  };

  // `edge_var`: whether `edge` names the hop's relation (per-hop WHERE only;
  // in the statement's WHERE only the relation variable does).
  bool hop_operand(const Expr& x, const BoundEdge& be, bool edge_var, std::string& key) const {
    if (x.kind != ExprKind::prop) return false;
    auto it = bq_.slot_of.find(x.name);
    if (it == bq_.slot_of.end()) return false;
    if (!((edge_var && it->second == bq_.edge_slot) || (be.slot >= 0 && it->second == be.slot))) return false;
    key = x.key;
    return key == "date" || key == "amount";
  }

  bool compile_atom(const Expr& x, const BoundEdge& be, bool edge_var, std::vector<FastAtom>& out) const {
    if (x.kind == ExprKind::and_) {
      for (const auto& a : x.args)
        if (!compile_atom(a, be, edge_var, out)) return false;
      return true;
    }
    if (x.kind != ExprKind::compare || x.args.size() != 2) return false;
    FastAtom atom;
    atom.op = x.op;
    std::string key;
    const Expr* lit = nullptr;
    if (hop_operand(x.args[0], be, edge_var, key)) lit = &x.args[1];
    else if (hop_operand(x.args[1], be, edge_var, key)) lit = &x.args[0], atom.flipped = true;
    else return false;
    if (lit->kind != ExprKind::literal) return false;
    atom.amount = key == "amount";
    if (atom.amount) {
      if (!std::holds_alternative<Money>(lit->value)) return false;
      atom.money = std::get<Money>(lit->value);
      atom.currency = currency_code(atom.money.currency);
    } else {
      if (!std::holds_alternative<Date>(lit->value)) return false;
      atom.date = std::get<Date>(lit->value);
      const Date& d = atom.date;
      if (d.year >= 0 && d.year < 200000 && d.month >= 0 && d.month < 100 && d.day >= 0 && d.day < 100)
        atom.date_key = d.year * 10000 + d.month * 100 + d.day;
      atom.date_precision = precision(d);
    }
    out.push_back(atom);
    return true;
  }

  const FastWhere& fast_where(const BoundEdge& be) { return fast_where(*be.where, be, true); }
  // The same for any condition on the hop's relation (the statement's WHERE
  // in a relation scan: edge_var false).
  const FastWhere& fast_where(const Expr& where, const BoundEdge& be, bool edge_var) {
    auto [it, fresh] = fast_where_.try_emplace(&where);
    if (fresh && cx_.limits.fast_paths) {
      FastWhere& fw = it->second;
      fw.usable = compile_atom(where, be, edge_var, fw.atoms);
      // Amount atoms first: most relations carry no amount, and once an
      // atom is null or false only a later -2 (another currency: ask the
      // general evaluator, which may raise an error) could change the
      // outcome, and date atoms never give -2. The order of evaluation
      // does not otherwise change a conjunction's value.
      std::stable_partition(fw.atoms.begin(), fw.atoms.end(), [](const FastAtom& a) { return a.amount; });
      fw.dates_from = static_cast<std::size_t>(
          std::find_if(fw.atoms.begin(), fw.atoms.end(), [](const FastAtom& a) { return !a.amount; }) - fw.atoms.begin());
    }
    return it->second;
  }

  // A usable FastWhere on one relation: 1 true, 0 false or null (a WHERE
  // keeps only true), -1 undecided here (ask the general evaluator).
  int fast_decide(const FastWhere& fw, Edge ed) const { return fast_decide(fw, gr_[ed].id, g_.facts(ed)); }
  // With the relation's id and facts at hand (a scan reads them in id order).
  int fast_decide(const FastWhere& fw, std::uint32_t id, const RelationFacts& facts) const {
    // AND as the evaluator does it: the first false decides; a null
    // leaves it unknown (not true).
    bool saw_null = false;
    for (std::size_t i = 0; i < fw.atoms.size(); ++i) {
      // Only date atoms are left, and they never give -2: the answer is settled.
      if (saw_null && i >= fw.dates_from) return 0;
      int r = fast_atom(fw.atoms[i], id, facts);
      if (r == 0) return 0;
      if (r == -2) return -1;
      if (r == -1) saw_null = true;
    }
    return saw_null ? 0 : 1;
  }

  // 1 true, 0 false, -1 null, -2 undecided here.
  int fast_atom(const FastAtom& a, std::uint32_t id, const RelationFacts& r) const {
    int c;
    if (a.amount) {
      if (!r.has_amount) return -1;
      double value = r.amount_value;
      if (r.amount_currency && a.currency) {
        // Both currencies packed: equal codes are equal strings.
        if (r.amount_currency != a.currency) return -2;
      } else {
        auto m = g_.relation_amount(g_.relations()[id]);
        if (m->currency != a.money.currency) return -2;
        value = m->value;
      }
      c = value < a.money.value ? -1 : value > a.money.value ? 1 : 0;
    } else {
      // The relation's earliest date, kept as yyyymmdd (see kg::RelationFacts).
      std::int32_t k = r.earliest_date;
      if (k < 0) return -1;
      if (a.date_key >= 0) {
        // Compared at the coarser precision, as compare_values does: on
        // yyyymmdd numbers that is dropping the day or month digits.
        int p = std::min(k % 10000 == 0 ? 1 : k % 100 == 0 ? 2 : 3, a.date_precision);
        std::int32_t unit = p == 1 ? 10000 : p == 2 ? 100 : 1;
        std::int32_t x = k / unit, y = a.date_key / unit;
        c = x < y ? -1 : x > y ? 1 : 0;
      } else {
        Date d{k / 10000, k / 100 % 100, k % 100};
        int p = std::min(precision(d), precision(a.date));
        Date x = truncate(d, p), y = truncate(a.date, p);
        c = x < y ? -1 : y < x ? 1 : 0;
      }
    }
    if (a.flipped) c = -c;
    switch (a.op) {
      case CompareOp::eq: return c == 0;
      case CompareOp::ne: return c != 0;
      case CompareOp::lt: return c < 0;
      case CompareOp::le: return c <= 0;
      case CompareOp::gt: return c > 0;
      case CompareOp::ge: return c >= 0;
    }
    return -2;
  }

  bool hop_ok(const BoundEdge& be, const Hop& h, Row& row) {
    if (!be.where) return true;
    const FastWhere& fw = fast_where(be);
    if (fw.usable) {
      int d = fast_decide(fw, h.e);
      if (d >= 0) return d == 1;
    }
    RV saved_next = row[bq_.next_slot], saved_edge = row[bq_.edge_slot];
    RV saved_var;
    if (be.slot >= 0) saved_var = row[be.slot];
    row[bq_.next_slot] = RV::of_node(h.next);
    row[bq_.edge_slot] = RV::of_edge(h.e);
    if (be.slot >= 0) row[be.slot] = RV::of_edge(h.e);
    bool ok = ev_.truthy(*be.where, row);
    row[bq_.next_slot] = saved_next;
    row[bq_.edge_slot] = saved_edge;
    if (be.slot >= 0) row[be.slot] = saved_var;
    return ok;
  }

  bool node_ok(const BoundNode& bn, Vertex v, Row& row) {
    const Entity& en = g_.entity(v);
    if (!bn.type_ok.empty() && !bn.type_ok[en.type]) return false;
    if (bn.entity && *bn.entity != v) return false;
    if (bn.slot >= 0 && row[bn.slot].kind == RV::node && row[bn.slot].n != v) return false;
    if (!bn.syntax->props.empty()) {
      RV node = RV::of_node(v);
      for (const auto& p : bn.syntax->props) {
        Expr key;
        key.kind = ExprKind::prop;
        key.name = bn.syntax->var;
        key.key = p.key.text;
        RV have = ev_.prop(key, node);
        RV want = ev_.eval(p.value, row, {});
        if (have.null() || !ev_.equal(have, want, p.value)) return false;
      }
    }
    if (bn.where) {
      RV saved_next = row[bq_.next_slot];
      RV saved_var;
      if (bn.slot >= 0) saved_var = row[bn.slot];
      row[bq_.next_slot] = RV::of_node(v);
      if (bn.slot >= 0) row[bn.slot] = RV::of_node(v);
      bool ok = ev_.truthy(*bn.where, row);
      row[bq_.next_slot] = saved_next;
      if (bn.slot >= 0) row[bn.slot] = saved_var;
      if (!ok) return false;
    }
    return true;
  }

  // Candidates for a pattern's first node: bound, named, or every entity.
  std::vector<Vertex> candidates(const BoundNode& bn, Row& row) {
    if (bn.slot >= 0 && row[bn.slot].kind == RV::node) return {row[bn.slot].n};
    if (bn.entity) return {*bn.entity};
    std::vector<Vertex> out;
    for (auto v : boost::make_iterator_range(boost::vertices(gr_)))
      if (bn.type_ok.empty() || bn.type_ok[g_.entity(v).type]) out.push_back(v);
    return out;
  }

  bool anchored(const BoundNode& bn, const Row& row) const {
    return bn.entity || (bn.slot >= 0 && row[bn.slot].kind == RV::node);
  }

  // Matches pattern `p` against the graph, extending `row`; calls emit per match.
  template <class Emit>
  void match(const BoundPattern& p, Row& row, Emit&& emit) {
    pattern_ = &p;
    // Walk from the anchored end: a named or already bound node.
    reversed_ = !anchored(p.nodes.front(), row) && anchored(p.nodes.back(), row);
    order_.clear();
    std::size_t n = p.nodes.size();
    for (std::size_t i = 0; i < n; ++i) order_.push_back(reversed_ ? n - 1 - i : i);
    walk_edges_.clear();
    for (std::size_t k = 0; k < p.edges.size(); ++k) {
      walk_edges_.push_back(edge_at(k));
      walk_edges_.back().direction = walk_direction(edge_at(k));
    }
    const BoundNode& first = p.nodes[order_[0]];
    for (Vertex v : candidates(first, row)) {
      guard_.expand();
      if (!node_ok(first, v, row)) continue;
      RV saved;
      if (first.slot >= 0) saved = row[first.slot];
      if (first.slot >= 0) row[first.slot] = RV::of_node(v);
      path_nodes_.assign(1, v);
      path_edges_.clear();
      step(0, row, emit);
      if (first.slot >= 0) row[first.slot] = saved;
    }
  }

  const BoundEdge& edge_at(std::size_t k) const {
    return pattern_->edges[reversed_ ? pattern_->edges.size() - 1 - k : k];
  }
  const BoundNode& node_after(std::size_t k) const { return pattern_->nodes[order_[k + 1]]; }
  Direction walk_direction(const BoundEdge& be) const {
    if (!reversed_ || be.direction == Direction::both) return be.direction;
    return be.direction == Direction::out ? Direction::in : Direction::out;
  }

  bool allowed(const Hop& h, PathMode mode) const {
    if (mode == PathMode::acyclic)
      return std::find(path_nodes_.begin(), path_nodes_.end(), h.next) == path_nodes_.end();
    if (mode == PathMode::trail) return std::find(path_edges_.begin(), path_edges_.end(), h.e) == path_edges_.end();
    return true;
  }

  template <class Emit>
  void step(std::size_t k, Row& row, Emit& emit) {
    if (k == pattern_->edges.size()) {
      finish(row, emit);
      return;
    }
    const BoundEdge& be = walk_edges_[k];  // the pattern's edge, turned to the walk direction
    const BoundNode& target = node_after(k);
    std::size_t base = path_edges_.size();
    hops(k, be, target, base, row, emit);
  }

  template <class Emit>
  void hops(std::size_t k, const BoundEdge& be, const BoundNode& target, std::size_t base, Row& row, Emit& emit) {
    std::size_t depth = path_edges_.size() - base;
    Vertex cur = path_nodes_.back();
    if (depth >= be.min && (depth > 0 || be.min == 0) && node_ok(target, cur, row)) {
      RV saved_edge, saved_node;
      if (be.slot >= 0) {
        saved_edge = row[be.slot];
        if (be.var_length) {
          RList l;
          for (std::size_t i = base; i < path_edges_.size(); ++i) l.push_back(RV::of_edge(path_edges_[i]));
          if (reversed_) std::reverse(l.begin(), l.end());
          row[be.slot] = RV::of_list(std::move(l));
        } else {
          row[be.slot] = RV::of_edge(path_edges_.back());
        }
      }
      if (target.slot >= 0) {
        saved_node = row[target.slot];
        row[target.slot] = RV::of_node(cur);
      }
      step(k + 1, row, emit);
      if (target.slot >= 0) row[target.slot] = saved_node;
      if (be.slot >= 0) row[be.slot] = saved_edge;
    }
    if (depth >= be.max) return;
    PathMode mode = bq_.syntax->mode;
    // One hop buffer per path length, reused (its capacity kept) across calls.
    std::size_t level = path_edges_.size();
    if (hop_buffers_.size() <= level) hop_buffers_.resize(level + 1);
    std::vector<Hop> next = std::move(hop_buffers_[level]);
    next.clear();
    neighbours(cur, be, [&](const Hop& h) { next.push_back(h); });
    for (const Hop& h : next) {
      guard_.expand();
      if (!allowed(h, mode) || !hop_ok(be, h, row)) continue;
      path_nodes_.push_back(h.next);
      path_edges_.push_back(h.e);
      hops(k, be, target, base, row, emit);
      path_nodes_.pop_back();
      path_edges_.pop_back();
    }
    hop_buffers_[level] = std::move(next);
  }

  template <class Emit>
  void finish(Row& row, Emit& emit) {
    if (!need_path && pattern_->path_slot < 0) {
      emit(row, no_path_);
      return;
    }
    PathV path{path_nodes_, path_edges_};
    if (reversed_) {
      std::reverse(path.nodes.begin(), path.nodes.end());
      std::reverse(path.edges.begin(), path.edges.end());
    }
    if (pattern_->path_slot >= 0) {
      RV p;
      p.kind = RV::path;
      p.p = std::make_shared<PathV>(path);
      row[pattern_->path_slot] = p;
    }
    emit(row, path);
  }

  // Breadth-first search from s over one edge spec, pruning with the per-hop
  // WHERE as it goes. dist[v] = hops (kUnseen if not reached); preds[v] = the
  // hops that reach v on a shortest path. Vertices are vecS indices, so plain
  // vectors serve as maps. With `target`, the search stops expanding at the
  // target's depth (every shortest predecessor is still recorded).
  static constexpr unsigned kUnseen = static_cast<unsigned>(-1);
  struct Bfs {
    std::vector<unsigned> dist;
    std::vector<std::vector<Hop>> preds;  // hop: edge and the vertex it came from
    std::vector<Vertex> order;            // discovery order
    // Sparse form (bidirectional search): only vertices on shortest paths.
    std::unordered_map<Vertex, std::size_t> local;
    std::vector<unsigned> local_dist;
    std::vector<std::vector<Hop>> local_preds;

    unsigned dist_of(Vertex v) const {
      if (!dist.empty()) return dist[v];
      auto it = local.find(v);
      return it == local.end() ? kUnseen : local_dist[it->second];
    }
    const std::vector<Hop>& preds_of(Vertex v) const {
      if (!preds.empty()) return preds[v];
      return local_preds[local.at(v)];
    }
  };

  // Per-vertex marks that need no clearing between searches: a mark is valid
  // only while its stamp equals the current epoch.
  struct Stamped {
    std::vector<std::uint32_t> stamp;
    std::vector<unsigned> value;
    std::uint32_t epoch = 0;
    void start(std::size_t n) {
      if (stamp.size() < n || ++epoch == 0) {
        stamp.assign(std::max(n, stamp.size()), 0);
        value.resize(stamp.size());
        epoch = 1;
      }
    }
    bool has(Vertex v) const { return stamp[v] == epoch; }
    void set(Vertex v, unsigned x) {
      stamp[v] = epoch;
      value[v] = x;
    }
    unsigned get(Vertex v) const { return value[v]; }
  };

  // Shortest s..t paths (s != t) by bidirectional BFS: levels grow from both
  // ends, the smaller frontier first, until they meet; per-hop WHERE is
  // applied to each hop in its stored orientation (`next` is the vertex
  // nearer t). Then the vertices on shortest paths are marked and a forward
  // BFS over only those records predecessors in the order the one-sided
  // search would, so the paths and their order are the same.
  Bfs bidirectional(Vertex s, Vertex t, const BoundEdge& be, unsigned max, Row& row) {
    static thread_local Stamped fwd, bwd, on_path;
    std::size_t n = boost::num_vertices(gr_);
    fwd.start(n);
    bwd.start(n);
    on_path.start(n);
    BoundEdge back = be;  // the walk from t, against the pattern's direction
    if (be.direction != Direction::both) back.direction = be.direction == Direction::out ? Direction::in : Direction::out;
    std::vector<std::vector<Vertex>> lf{{s}}, lb{{t}};
    fwd.set(s, 0);
    bwd.set(t, 0);
    bool met = false;
    while (!met && (lf.size() - 1) + (lb.size() - 1) < max && !lf.back().empty() && !lb.back().empty()) {
      bool forward = lf.back().size() <= lb.back().size();
      std::vector<Vertex> next;
      if (forward) {
        unsigned d = static_cast<unsigned>(lf.size());
        for (Vertex v : lf.back())
          neighbours(v, be, [&](const Hop& h) {
            guard_.expand();
            if (fwd.has(h.next) || !hop_ok(be, h, row)) return;
            fwd.set(h.next, d);
            next.push_back(h.next);
            if (bwd.has(h.next)) met = true;
          });
        lf.push_back(std::move(next));
      } else {
        unsigned d = static_cast<unsigned>(lb.size());
        for (Vertex w : lb.back())
          neighbours(w, back, [&](const Hop& h) {
            guard_.expand();
            if (bwd.has(h.next) || !hop_ok(be, Hop{h.e, w}, row)) return;
            bwd.set(h.next, d);
            next.push_back(h.next);
            if (fwd.has(h.next)) met = true;
          });
        lb.push_back(std::move(next));
      }
    }
    Bfs b;
    if (!met) return b;
    unsigned a = static_cast<unsigned>(lf.size() - 1), bd = static_cast<unsigned>(lb.size() - 1), d = a + bd;
    // Vertices on shortest paths: the meeting level, then back towards s and on towards t.
    std::vector<Vertex> level;
    for (Vertex v : lf[a])
      if (bwd.has(v) && bwd.get(v) == bd) {
        on_path.set(v, 1);
        level.push_back(v);
      }
    std::vector<Vertex> meet = level;
    for (unsigned k = a; k > 0; --k) {
      std::vector<Vertex> prev;
      for (Vertex w : level)
        neighbours(w, back, [&](const Hop& h) {
          guard_.expand();
          Vertex u = h.next;
          if (!fwd.has(u) || fwd.get(u) != k - 1 || on_path.has(u) || !hop_ok(be, Hop{h.e, w}, row)) return;
          on_path.set(u, 1);
          prev.push_back(u);
        });
      level = std::move(prev);
    }
    level = std::move(meet);
    for (unsigned k = a; k < d; ++k) {
      std::vector<Vertex> after;
      for (Vertex u : level)
        neighbours(u, be, [&](const Hop& h) {
          guard_.expand();
          Vertex w = h.next;
          if (!bwd.has(w) || bwd.get(w) != d - k - 1 || on_path.has(w) || !hop_ok(be, h, row)) return;
          on_path.set(w, 1);
          after.push_back(w);
        });
      level = std::move(after);
    }
    // Forward BFS restricted to the marked vertices, recording predecessors.
    auto index_of = [&](Vertex v, unsigned dist) {
      auto [it, fresh] = b.local.emplace(v, b.local_dist.size());
      if (fresh) {
        b.local_dist.push_back(dist);
        b.local_preds.emplace_back();
        b.order.push_back(v);
      }
      return it->second;
    };
    index_of(s, 0);
    for (std::size_t head = 0; head < b.order.size(); ++head) {
      Vertex v = b.order[head];
      unsigned dv = b.local_dist[b.local.at(v)];
      if (dv >= d) continue;
      neighbours(v, be, [&](const Hop& h) {
        guard_.expand();
        if (!on_path.has(h.next)) return;
        auto it = b.local.find(h.next);
        if (it != b.local.end() && b.local_dist[it->second] != dv + 1) return;
        if (!hop_ok(be, h, row)) return;
        b.local_preds[index_of(h.next, dv + 1)].push_back(Hop{h.e, v});
      });
    }
    b.order.assign(1, t);  // the only target the caller asks about
    return b;
  }

  Bfs bfs(Vertex s, const BoundEdge& be, unsigned max, Row& row, bool keep_preds,
          std::optional<Vertex> target = std::nullopt) {
    Bfs b;
    std::size_t n = boost::num_vertices(gr_);
    b.dist.assign(n, kUnseen);
    if (keep_preds) b.preds.resize(n);
    b.dist[s] = 0;
    b.order.push_back(s);
    std::size_t head = 0;  // b.order doubles as the queue
    while (head < b.order.size()) {
      Vertex v = b.order[head++];
      unsigned d = b.dist[v];
      if (d >= max) continue;
      neighbours(v, be, [&](const Hop& h) {
        guard_.expand();
        unsigned& dn = b.dist[h.next];
        if (dn != kUnseen && (dn != d + 1 || !keep_preds)) return;
        if (!hop_ok(be, h, row)) return;
        if (dn == kUnseen) {
          dn = d + 1;
          b.order.push_back(h.next);
          if (target && h.next == *target) max = d + 1;  // nothing beyond the target's depth
        }
        if (keep_preds) b.preds[h.next].push_back(Hop{h.e, v});
      });
    }
    return b;
  }

  const EvalContext& cx_;
  const KnowledgeGraph& g_;
  const Graph& gr_;
  const BoundQuery& bq_;
  Evaluator& ev_;
  Guard& guard_;
  const BoundPattern* pattern_ = nullptr;
  bool reversed_ = false;
  std::vector<std::size_t> order_;
  std::vector<BoundEdge> walk_edges_;
  std::vector<std::vector<Hop>> hop_buffers_;
  std::vector<Vertex> path_nodes_;
  std::vector<Edge> path_edges_;
  std::unordered_map<const Expr*, FastWhere> fast_where_;

 public:
  // Whether emit needs the matched path (RETURN PATHS/GRAPH, WHY); a path
  // variable always gets one.
  bool need_path = true;

 private:
  PathV no_path_;
};

// ---- result production ----------------------------------------------------------
struct Match {
  Row row;
  std::vector<PathV> paths;  // one per pattern
};

bool contains_aggregate(const Expr& e) {
  if (e.kind == ExprKind::call && is_aggregate_function(ascii_lower(e.name))) return true;
  for (const auto& a : e.args)
    if (contains_aggregate(a)) return true;
  return false;
}

void collect_aggregates(const Expr& e, std::vector<const Expr*>& out) {
  if (e.kind == ExprKind::call && is_aggregate_function(ascii_lower(e.name))) {
    out.push_back(&e);
    return;
  }
  for (const auto& a : e.args) collect_aggregates(a, out);
}

bool uses_var(const Expr& e, const std::string& name) {
  if ((e.kind == ExprKind::var || e.kind == ExprKind::prop || e.kind == ExprKind::label_test) && e.name == name)
    return true;
  for (const auto& a : e.args)
    if (uses_var(a, name)) return true;
  return false;
}

std::string column_name(const ReturnItem& it) { return it.alias.empty() ? print(it.expr) : it.alias; }

std::uint64_t constant_count(const EvalContext& cx, const Expr& e, const char* what) {
  Value v = evaluate_constant(cx, e);
  if (!std::holds_alternative<std::int64_t>(v) || std::get<std::int64_t>(v) < 0)
    cx.src.fail(e, std::string(what) + " needs a whole number of at least 0");
  return static_cast<std::uint64_t>(std::get<std::int64_t>(v));
}

class QueryRunner {
 public:
  QueryRunner(const EvalContext& cx, const BoundQuery& bq)
      : cx_(cx), g_(cx.g), bq_(bq), q_(*bq.syntax), ev_(cx, &bq), guard_(cx), walker_(cx, bq, ev_, guard_) {}

  Table run() {
    std::vector<Match> matches;
    keep_paths_ = q_.return_kind != ReturnKind::rows;  // rows need only the bindings
    if (scan_applies())
      if (auto t = relation_scan()) return finish(std::move(*t));
    if (q_.return_kind == ReturnKind::rows && cx_.limits.fast_paths) {
      std::vector<const Expr*> aggs;
      for (const auto& it : q_.items) collect_aggregates(it.expr, aggs);
      if (q_.having) collect_aggregates(*q_.having, aggs);
      for (const auto& o : q_.order) collect_aggregates(o.expr, aggs);
      if (!aggs.empty()) {
        // Aggregates fold each row as it is matched: no row is kept.
        StreamGroups sg(*this, std::move(aggs));
        auto fold = [&](Row& row, std::vector<PathV>&) {
          guard_.row();
          if (q_.where && !ev_.truthy(*q_.where, row)) return;
          sg.add(row);
        };
        match_all(fold);
        return finish(sg.table());
      }
    }
    auto sink = [&](Row& row, std::vector<PathV>& paths) {
      guard_.row();
      if (q_.where && !ev_.truthy(*q_.where, row)) return;
      matches.push_back(Match{row, keep_paths_ ? paths : std::vector<PathV>{}});
    };
    match_all(sink);

    Table t;
    if (q_.return_kind == ReturnKind::paths) t = paths_table(matches);
    else if (q_.return_kind == ReturnKind::graph) return graph_result(matches);
    else t = rows_table(matches);
    return finish(std::move(t));
  }

 private:
  template <class Sink>
  void match_all(Sink& sink) {
    if (q_.selector.kind != SelectorKind::none) shortest(sink);
    else if (reachability_applies()) reachability(sink);
    else join(sink);
  }

  // Implicit grouping with aggregates folded row by row (what rows_table's
  // grouping does over stored matches, with the same group order, keys and
  // values): count keeps a number, DISTINCT a bit per entity or relation,
  // the other aggregates their non-null (distinct) inputs.
  class StreamGroups {
   public:
    StreamGroups(QueryRunner& qr, std::vector<const Expr*> aggs) : qr_(qr), aggs_(std::move(aggs)) {
      const BoundQuery& bq = qr_.bq_;
      for (const Expr* a : aggs_) {
        int slot = -1;
        if (!(a->star || a->args.empty()) && a->args[0].kind == ExprKind::var) {
          auto it = bq.slot_of.find(a->args[0].name);
          if (it != bq.slot_of.end()) slot = it->second;
        }
        arg_slot_.push_back(slot);
        is_count_.push_back(ascii_lower(a->name) == "count");
      }
      // Group keys that are type(r) of a relation variable are memoised by
      // type id (the key string is still what identifies the group).
      for (const auto& it : qr_.q_.items) {
        if (contains_aggregate(it.expr)) continue;
        group_items_.push_back(&it.expr);
        int slot = -1;
        const Expr& x = it.expr;
        if (x.kind == ExprKind::call && ascii_lower(x.name) == "type" && x.args.size() == 1 &&
            x.args[0].kind == ExprKind::var) {
          auto s = bq.slot_of.find(x.args[0].name);
          if (s != bq.slot_of.end()) slot = s->second;
        }
        type_slot_.push_back(slot);
        if (slot < 0) memo_ok_ = false;
      }
      if (group_items_.size() > 3) memo_ok_ = false;
    }

    void add(const Row& row) {
      std::size_t gi = group_of(row);
      Group& gp = groups_[gi];
      for (std::size_t a = 0; a < aggs_.size(); ++a) {
        const Expr& ag = *aggs_[a];
        RV v;
        if (ag.star || ag.args.empty()) v = RV::of(true);
        else if (arg_slot_[a] >= 0 && static_cast<std::size_t>(arg_slot_[a]) < row.size()) v = row[arg_slot_[a]];
        else v = qr_.ev_.eval(ag.args[0], row, {});
        if (v.null()) continue;
        AggState& st = gp.aggs[a];
        if (ag.distinct && !fresh(st, v)) continue;
        if (is_count_[a]) ++st.count;
        else st.inputs.push_back(std::move(v));
      }
    }

    Table table() {
      const Query& q = qr_.q_;
      bool all_agg = group_items_.empty();
      Row empty_row(qr_.bq_.vars.size());
      if (groups_.empty() && all_agg) {
        groups_.push_back(Group{empty_row, std::vector<AggState>(aggs_.size())});
      }
      std::vector<OutRow> out;
      for (auto& gp : groups_) {
        std::map<const Expr*, RV> values;
        for (std::size_t a = 0; a < aggs_.size(); ++a)
          values[aggs_[a]] = is_count_[a] ? RV::of(gp.aggs[a].count) : qr_.aggregate(*aggs_[a], gp.aggs[a].inputs);
        out.push_back(OutRow{});
        if (!qr_.group_row(gp.rep, values, out.back())) out.pop_back();
      }
      (void)q;
      return qr_.rows_tail(std::move(out));
    }

   private:
    struct AggState {
      std::int64_t count = 0;
      std::vector<RV> inputs;
      std::vector<bool> seen_nodes, seen_edges;
      std::unordered_set<std::string> seen;
    };
    struct Group {
      Row rep;
      std::vector<AggState> aggs;
    };

    bool fresh(AggState& st, const RV& v) {
      auto first_time = [](std::vector<bool>& bits, std::size_t i, std::size_t n) {
        if (bits.empty()) bits.resize(n);
        if (bits[i]) return false;
        bits[i] = true;
        return true;
      };
      const KnowledgeGraph& g = qr_.g_;
      if (v.kind == RV::node) return first_time(st.seen_nodes, v.n, g.entity_count());
      if (v.kind == RV::edge) return first_time(st.seen_edges, g.relation(v.e).id, g.relation_count());
      return st.seen.insert(qr_.distinct_key(v)).second;
    }

    std::size_t group_of(const Row& row) {
      std::uint64_t memo = 0;
      bool memo_now = memo_ok_;
      if (memo_now) {
        for (int slot : type_slot_) {
          if (static_cast<std::size_t>(slot) >= row.size() || row[slot].kind != RV::edge) {
            memo_now = false;
            break;
          }
          memo = memo << 20 | (qr_.g_.relation(row[slot].e).type + 1);
        }
        if (memo_now) {
          auto it = memo_.find(memo);
          if (it != memo_.end()) return it->second;
        }
      }
      std::string key;
      for (const Expr* x : group_items_) key += cell_key(to_cell(qr_.g_, qr_.ev_.eval(*x, row, {}))) + "\x1e";
      auto [pos, fresh_group] = index_.emplace(std::move(key), groups_.size());
      if (fresh_group) groups_.push_back(Group{row, std::vector<AggState>(aggs_.size())});
      if (memo_now) memo_.emplace(memo, pos->second);
      return pos->second;
    }

    QueryRunner& qr_;
    std::vector<const Expr*> aggs_;
    std::vector<int> arg_slot_;
    std::vector<bool> is_count_;
    std::vector<const Expr*> group_items_;
    std::vector<int> type_slot_;
    bool memo_ok_ = true;
    std::unordered_map<std::uint64_t, std::size_t> memo_;
    std::unordered_map<std::string, std::size_t> index_;
    std::vector<Group> groups_;
  };

  struct OutRow {
    std::vector<Cell> cells;
    std::vector<Cell> keys;
  };

  // ---- relation scan --------------------------------------------------------
  // One hop between anonymous, unconstrained endpoints (`()-[e:T WHERE
  // ...]->()`), filtered on the relation only and returning only counts of
  // it, per type(e) or overall, is answered from the relation table
  // (KnowledgeGraph::relations()) without walking from every entity or
  // building rows. The walk would meet a relation once per end it may be
  // entered from (the subject always for `->`/`-`, the object too for `-`,
  // `<-` mirrored, and both ends for symmetric types), so count(*) and
  // count(e) add that multiplicity and count(DISTINCT e) adds one. Group
  // order, guards and errors follow the walk: groups come in the order the
  // walk first meets them, and a statement that would exceed a budget or
  // fail goes to the general path, which then says exactly what it says.

  // Whether `e` uses no variable but the listed ones.
  static bool only_vars(const Expr& e, const std::vector<std::string>& allowed) {
    if (e.kind == ExprKind::var || e.kind == ExprKind::prop || e.kind == ExprKind::label_test)
      if (std::find(allowed.begin(), allowed.end(), e.name) == allowed.end()) return false;
    for (const auto& a : e.args)
      if (!only_vars(a, allowed)) return false;
    return true;
  }

  bool is_var(const Expr& x, const std::string& name) const {
    return !name.empty() && x.kind == ExprKind::var && x.name == name;
  }
  bool is_type_of(const Expr& x, const std::string& evar) const {
    return x.kind == ExprKind::call && ascii_lower(x.name) == "type" && x.args.size() == 1 && is_var(x.args[0], evar);
  }
  // count(*), count(e), count(DISTINCT e) of the scanned relation.
  bool scan_count(const Expr& x, const std::string& evar) const {
    if (x.kind != ExprKind::call || ascii_lower(x.name) != "count") return false;
    if (x.star || x.args.empty()) return !x.distinct;
    return x.args.size() == 1 && is_var(x.args[0], evar);
  }
  // An output expression the scan can evaluate on a group's representative:
  // its counts, type(e) when grouping by it, aliases, literals, parameters.
  bool scan_output_ok(const Expr& x, const std::string& evar, bool grouped) const {
    if (x.kind == ExprKind::call && is_aggregate_function(ascii_lower(x.name))) return scan_count(x, evar);
    if (is_type_of(x, evar)) return grouped;
    if ((x.kind == ExprKind::var || x.kind == ExprKind::prop || x.kind == ExprKind::label_test) &&
        bq_.slot_of.count(x.name))
      return false;
    for (const auto& a : x.args)
      if (!scan_output_ok(a, evar, grouped)) return false;
    return true;
  }

  bool scan_applies() const {
    if (!cx_.limits.fast_paths || q_.return_kind != ReturnKind::rows || q_.selector.kind != SelectorKind::none)
      return false;
    if (bq_.patterns.size() != 1) return false;
    const BoundPattern& p = bq_.patterns[0];
    if (p.path_slot >= 0 || p.edges.size() != 1) return false;
    const BoundEdge& be = p.edges[0];
    if (be.var_length || be.min != 1 || be.max != 1) return false;
    for (const BoundNode& n : p.nodes) {
      const NodePattern& syn = *n.syntax;
      if (n.slot >= 0 || n.entity || n.where || !n.type_ok.empty() || !syn.labels.empty() || !syn.props.empty())
        return false;
    }
    std::string evar = be.slot >= 0 ? bq_.vars[be.slot].name : "";
    // Filters on the relation alone (`next` would depend on the end walked from).
    if (be.where && !only_vars(*be.where, {evar, "edge"})) return false;
    if (q_.where && !only_vars(*q_.where, {evar})) return false;
    // RETURN: counts, grouped by nothing or by type(e) only.
    bool grouped = false, has_count = false;
    for (const auto& it : q_.items) {
      if (contains_aggregate(it.expr)) {
        has_count = true;
      } else if (is_type_of(it.expr, evar)) {
        grouped = true;
      } else {
        return false;
      }
    }
    if (!has_count) return false;
    for (const auto& it : q_.items)
      if (!scan_output_ok(it.expr, evar, grouped)) return false;
    if (q_.having && !scan_output_ok(*q_.having, evar, grouped)) return false;
    for (const auto& o : q_.order)
      if (!scan_output_ok(o.expr, evar, grouped)) return false;
    return true;
  }

  // nullopt: let the general path answer (a budget would be exceeded, or a
  // filter fails and the walk must report the failure it meets first).
  std::optional<Table> relation_scan() {
    const BoundPattern& p = bq_.patterns[0];
    const BoundEdge& be = p.edges[0];
    const Graph& gr = g_.graph();
    bool walks_out = be.direction != Direction::in, walks_in = be.direction != Direction::out;
    // Per type: is the relation entered from its subject / from its object.
    std::size_t ntypes = g_.relation_types().size();
    std::vector<char> from_subject(ntypes), from_object(ntypes);
    for (std::size_t t = 0; t < ntypes; ++t) {
      bool sym = g_.relation_types()[t].symmetric;
      from_subject[t] = be.type_ok[t] && (walks_out || sym);
      from_object[t] = be.type_ok[t] && (walks_in || sym);
    }
    bool acyclic = q_.mode == PathMode::acyclic;
    Row row(bq_.vars.size());
    const Walker::FastWhere* hop_fw = be.where ? &walker_.fast_where(be) : nullptr;
    const Walker::FastWhere* stmt_fw = q_.where ? &walker_.fast_where(*q_.where, be, false) : nullptr;
    // `next` gives the hop's far end, read only when the general evaluator
    // is asked (the scan itself never needs the edge's endpoints).
    // A compiled filter that starts with an amount atom is false (null) on a
    // relation without an amount: settled here, without a call, for the
    // many relations that carry none.
    const bool hop_needs_amount = hop_fw && hop_fw->usable && hop_fw->dates_from > 0;
    const bool stmt_needs_amount = stmt_fw && stmt_fw->usable && stmt_fw->dates_from > 0;
    auto passes = [&](std::uint32_t id, const RelationFacts& facts, auto next, bool& counts_as_row) {
      counts_as_row = false;
      if (hop_needs_amount && !facts.has_amount) return false;
      if (hop_fw) {
        int d = hop_fw->usable ? walker_.fast_decide(*hop_fw, id, facts) : -1;
        if (d < 0) d = walker_.hop_ok(be, Hop{g_.relations()[id], next()}, row);
        if (d == 0) return false;
      }
      counts_as_row = true;
      if (stmt_needs_amount && !facts.has_amount) return false;
      if (stmt_fw) {
        int d = stmt_fw->usable ? walker_.fast_decide(*stmt_fw, id, facts) : -1;
        if (d < 0) {
          if (be.slot >= 0) row[be.slot] = RV::of_edge(g_.relations()[id]);
          d = ev_.truthy(*q_.where, row);
        }
        if (d == 0) return false;
      }
      return true;
    };
    std::vector<std::int64_t> rows_of(ntypes), relations_of(ntypes);
    std::uint64_t expansions = boost::num_vertices(gr), rows = 0, seen = 0;
    try {
      // One pass in id order over the flat array of derived facts (24 bytes
      // a relation: the scan streams memory); no Relation or edge
      // descriptor is read unless a filter needs the general evaluator.
      const std::vector<Edge>& relations = g_.relations();
      const std::vector<RelationFacts>& facts = g_.relation_facts();
      for (std::size_t i = 0; i < facts.size(); ++i) {
        if ((++seen & 4095) == 0) guard_.poll();
        const RelationFacts& f = facts[i];
        std::uint32_t t = f.type;
        // Hops the walk looks at (a self-loop is met once, from either end);
        // ACYCLIC then drops a self-loop, which returns to where it started.
        unsigned looked = !f.self_loop ? from_subject[t] + from_object[t] : (from_subject[t] || from_object[t]);
        if (!looked) continue;
        expansions += looked;
        unsigned mult = f.self_loop && acyclic ? 0 : looked;
        if (!mult) continue;
        bool counted;
        bool ok = passes(static_cast<std::uint32_t>(i), f, [&] { return boost::target(relations[i], gr); }, counted);
        if (counted) rows += mult;
        if (!ok) continue;
        rows_of[t] += mult;
        relations_of[t] += 1;
      }
    } catch (const DataError&) {
      return std::nullopt;
    }
    if (expansions > cx_.limits.max_paths || rows > cx_.limits.max_rows) return std::nullopt;

    std::vector<const Expr*> aggs;
    bool grouped = false;
    for (const auto& it : q_.items) {
      collect_aggregates(it.expr, aggs);
      if (!contains_aggregate(it.expr)) grouped = true;
    }
    if (q_.having) collect_aggregates(*q_.having, aggs);
    for (const auto& o : q_.order) collect_aggregates(o.expr, aggs);
    auto values_for = [&](std::int64_t nrows, std::int64_t nrelations) {
      std::map<const Expr*, RV> values;
      for (const Expr* a : aggs) values[a] = RV::of(a->distinct ? nrelations : nrows);
      return values;
    };
    std::vector<OutRow> out;
    if (!grouped) {
      std::int64_t nrows = 0, nrelations = 0;
      for (std::size_t t = 0; t < ntypes; ++t) nrows += rows_of[t], nrelations += relations_of[t];
      out.push_back(OutRow{});
      if (!group_row(Row(bq_.vars.size()), values_for(nrows, nrelations), out.back())) out.pop_back();
      return rows_tail(std::move(out));
    }
    // Groups in the order the walk first meets a matching relation of each
    // type: walk entities in order until every type with a match was met.
    std::size_t want = 0;
    for (std::size_t t = 0; t < ntypes; ++t) want += relations_of[t] > 0;
    std::vector<char> met(ntypes);
    std::vector<std::pair<std::uint32_t, Edge>> order;
    for (auto v : boost::make_iterator_range(boost::vertices(gr))) {
      if (order.size() == want) break;
      walker_.neighbours(v, be, [&](const Hop& h) {
        if (order.size() == want || (acyclic && h.next == v)) return;
        std::uint32_t t = gr[h.e].type;
        bool counted;
        if (met[t] || !relations_of[t] || !passes(gr[h.e].id, g_.facts(h.e), [&] { return h.next; }, counted)) return;
        met[t] = 1;
        order.emplace_back(t, h.e);
      });
    }
    for (const auto& [t, rep_edge] : order) {
      Row rep(bq_.vars.size());
      rep[be.slot] = RV::of_edge(rep_edge);
      out.push_back(OutRow{});
      if (!group_row(rep, values_for(rows_of[t], relations_of[t]), out.back())) out.pop_back();
    }
    return rows_tail(std::move(out));
  }

  // One aggregated group's output row; false when HAVING drops it.
  bool group_row(const Row& rep, const std::map<const Expr*, RV>& values, OutRow& o) {
    std::map<std::string, RV> aliases;
    AggValues ctx{&values, &aliases};
    for (const auto& it : q_.items) {
      RV v = ev_.eval(it.expr, rep, ctx);
      if (!it.alias.empty()) aliases[it.alias] = v;
      o.cells.push_back(to_cell(g_, v));
    }
    if (q_.having && !truthy(ev_.eval(*q_.having, rep, ctx))) return false;
    for (const auto& ord : q_.order) o.keys.push_back(to_cell(g_, ev_.eval(ord.expr, rep, ctx)));
    return true;
  }

  template <class Sink>
  void join(Sink& sink) {
    Row row(bq_.vars.size());
    std::vector<PathV> paths;
    join_from(0, row, paths, sink);
  }

  template <class Sink>
  void join_from(std::size_t i, Row& row, std::vector<PathV>& paths, Sink& sink) {
    if (i == bq_.patterns.size()) {
      sink(row, paths);
      return;
    }
    // Matches stream into the next pattern (or the sink): nothing is buffered.
    Walker w(cx_, bq_, ev_, guard_);
    w.need_path = keep_paths_;
    Row work = row;
    w.match(bq_.patterns[i], work, [&](Row& r, const PathV& p) {
      paths.push_back(p);
      join_from(i + 1, r, paths, sink);
      paths.pop_back();
    });
  }

  // count(DISTINCT x) and RETURN DISTINCT over the far end of one ACYCLIC
  // variable-length step with min <= 1: the endpoint set equals BFS
  // reachability (a walk shortcut at its cycles is a simple path using the
  // same hops), so no path is enumerated.
  bool reachability_applies() const {
    if (bq_.patterns.size() != 1 || q_.mode != PathMode::acyclic || q_.return_kind != ReturnKind::rows) return false;
    const BoundPattern& p = bq_.patterns[0];
    if (p.edges.size() != 1 || !p.edges[0].var_length || p.edges[0].min > 1 || p.path_slot >= 0 ||
        p.edges[0].slot >= 0)
      return false;
    if (!p.nodes[0].entity) return false;
    std::vector<const Expr*> aggs;
    bool has_plain = false;
    for (const auto& it : q_.items) {
      collect_aggregates(it.expr, aggs);
      if (!contains_aggregate(it.expr)) has_plain = true;
    }
    if (q_.having) collect_aggregates(*q_.having, aggs);
    for (const auto& o : q_.order) collect_aggregates(o.expr, aggs);
    if (aggs.empty()) return q_.distinct;
    for (const Expr* a : aggs) {
      std::string n = ascii_lower(a->name);
      if (!(a->distinct || n == "min" || n == "max") || a->star) return false;
    }
    (void)has_plain;
    return true;
  }

  template <class Sink>
  void reachability(Sink& sink) {
    const BoundPattern& p = bq_.patterns[0];
    Row row(bq_.vars.size());
    for (Vertex s : walker_.candidates(p.nodes[0], row)) {
      if (!walker_.node_ok(p.nodes[0], s, row)) continue;
      if (p.nodes[0].slot >= 0) row[p.nodes[0].slot] = RV::of_node(s);
      auto b = walker_.bfs(s, p.edges[0], p.edges[0].max, row, false);
      for (Vertex x : b.order) {
        if (x == s && p.edges[0].min > 0) continue;
        if (!walker_.node_ok(p.nodes[1], x, row)) continue;
        if (p.nodes[1].slot >= 0) row[p.nodes[1].slot] = RV::of_node(x);
        std::vector<PathV> paths;
        if (keep_paths_) paths.push_back(PathV{{s, x}, {}});
        sink(row, paths);
        if (p.nodes[1].slot >= 0) row[p.nodes[1].slot] = RV();
      }
    }
  }

  template <class Sink>
  void shortest(Sink& sink) {
    const BoundPattern& p = bq_.patterns[0];
    const BoundEdge& be = p.edges[0];
    Row row(bq_.vars.size());
    for (Vertex s : walker_.candidates(p.nodes[0], row)) {
      if (!walker_.node_ok(p.nodes[0], s, row)) continue;
      if (p.nodes[0].slot >= 0) row[p.nodes[0].slot] = RV::of_node(s);
      // An anchored target other than the start: search from both ends.
      bool both_ends = cx_.limits.fast_paths && p.nodes[1].entity && *p.nodes[1].entity != s;
      auto b = both_ends ? walker_.bidirectional(s, *p.nodes[1].entity, be, be.max, row)
                         : walker_.bfs(s, be, be.max, row, true, p.nodes[1].entity);
      std::vector<Vertex> targets;
      for (Vertex t : b.order)
        if (b.dist_of(t) != Walker::kUnseen && b.dist_of(t) >= be.min && walker_.node_ok(p.nodes[1], t, row))
          targets.push_back(t);
      for (Vertex t : targets) {
        std::vector<PathV> found;
        std::size_t want = q_.selector.kind == SelectorKind::all_shortest ? SIZE_MAX : q_.selector.k;
        PathV cur;
        cur.nodes.push_back(t);
        dag_paths(b, s, t, cur, found, want);
        if (q_.selector.kind == SelectorKind::shortest && found.size() < want) longer_paths(s, t, be, b.dist_of(t), row, found, want);
        for (auto& path : found) {
          if (p.nodes[1].slot >= 0) row[p.nodes[1].slot] = RV::of_node(t);
          if (be.slot >= 0) {
            RList l;
            for (Edge e : path.edges) l.push_back(RV::of_edge(e));
            row[be.slot] = be.var_length ? RV::of_list(std::move(l)) : RV::of_edge(path.edges.at(0));
          }
          if (p.path_slot >= 0) {
            RV pv;
            pv.kind = RV::path;
            pv.p = std::make_shared<PathV>(path);
            row[p.path_slot] = pv;
          }
          std::vector<PathV> paths{path};
          sink(row, paths);
        }
      }
    }
  }

  // Every shortest path s..t from the BFS predecessor lists (built backwards).
  void dag_paths(Walker::Bfs& b, Vertex s, Vertex v, PathV& cur, std::vector<PathV>& out, std::size_t want) {
    if (out.size() >= want) return;
    if (v == s) {
      PathV p{std::vector<Vertex>(cur.nodes.rbegin(), cur.nodes.rend()),
              std::vector<Edge>(cur.edges.rbegin(), cur.edges.rend())};
      out.push_back(std::move(p));
      return;
    }
    for (const Hop& h : b.preds_of(v)) {
      guard_.expand();
      cur.nodes.push_back(h.next);
      cur.edges.push_back(h.e);
      dag_paths(b, s, h.next, cur, out, want);
      cur.nodes.pop_back();
      cur.edges.pop_back();
    }
  }

  // SHORTEST k beyond the shortest length: paths of length d+1, d+2, ... up
  // to the bound, in the query's path mode, until k are found.
  void longer_paths(Vertex s, Vertex t, const BoundEdge& be, unsigned d, Row& row, std::vector<PathV>& out,
                    std::size_t want) {
    for (unsigned len = d + 1; len <= be.max && out.size() < want; ++len) {
      PathV cur{{s}, {}};
      exact(s, t, be, len, row, cur, out, want);
    }
  }
  void exact(Vertex v, Vertex t, const BoundEdge& be, unsigned len, Row& row, PathV& cur, std::vector<PathV>& out,
             std::size_t want) {
    if (out.size() >= want) return;
    if (cur.edges.size() == len) {
      if (v == t) out.push_back(cur);
      return;
    }
    std::vector<Hop> next;
    walker_.neighbours(v, be, [&](const Hop& h) { next.push_back(h); });
    for (const Hop& h : next) {
      guard_.expand();
      if (q_.mode == PathMode::acyclic && std::find(cur.nodes.begin(), cur.nodes.end(), h.next) != cur.nodes.end())
        continue;
      if (q_.mode == PathMode::trail && std::find(cur.edges.begin(), cur.edges.end(), h.e) != cur.edges.end())
        continue;
      if (h.next == t && cur.edges.size() + 1 < len && q_.mode == PathMode::acyclic) continue;
      if (!walker_.hop_ok(be, h, row)) continue;
      cur.nodes.push_back(h.next);
      cur.edges.push_back(h.e);
      exact(h.next, t, be, len, row, cur, out, want);
      cur.nodes.pop_back();
      cur.edges.pop_back();
    }
  }

  // ---- tables ----
  Table rows_table(const std::vector<Match>& matches) {
    std::vector<const Expr*> aggs;
    for (const auto& it : q_.items) collect_aggregates(it.expr, aggs);
    if (q_.having) collect_aggregates(*q_.having, aggs);
    for (const auto& o : q_.order) collect_aggregates(o.expr, aggs);

    std::vector<OutRow> out;
    if (aggs.empty()) {
      for (const auto& m : matches) {
        std::map<std::string, RV> aliases;
        OutRow o;
        for (const auto& it : q_.items) {
          RV v = ev_.eval(it.expr, m.row, {});
          if (!it.alias.empty()) aliases[it.alias] = v;
          o.cells.push_back(to_cell(g_, v));
        }
        AggValues ctx{nullptr, &aliases};
        if (q_.having && !truthy(ev_.eval(*q_.having, m.row, ctx))) continue;
        for (const auto& ord : q_.order) o.keys.push_back(to_cell(g_, ev_.eval(ord.expr, m.row, ctx)));
        out.push_back(std::move(o));
      }
    } else {
      // Implicit grouping by the items without aggregates.
      struct Group {
        const Row* rep;
        std::vector<std::vector<RV>> inputs;  // per aggregate, its argument per row
      };
      std::vector<Group> groups;
      std::unordered_map<std::string, std::size_t> index;
      for (const auto& m : matches) {
        std::string key;
        for (const auto& it : q_.items)
          if (!contains_aggregate(it.expr)) key += cell_key(to_cell(g_, ev_.eval(it.expr, m.row, {}))) + "\x1e";
        auto [pos, fresh] = index.emplace(key, groups.size());
        if (fresh) groups.push_back(Group{&m.row, std::vector<std::vector<RV>>(aggs.size())});
        Group& gp = groups[pos->second];
        for (std::size_t a = 0; a < aggs.size(); ++a)
          gp.inputs[a].push_back(aggs[a]->star || aggs[a]->args.empty() ? RV::of(true)
                                                                          : ev_.eval(aggs[a]->args[0], m.row, {}));
      }
      // No rows and only aggregates: one row (count = 0), as in SQL.
      bool all_agg = std::all_of(q_.items.begin(), q_.items.end(),
                                 [](const ReturnItem& it) { return contains_aggregate(it.expr); });
      Row empty_row(bq_.vars.size());
      if (groups.empty() && all_agg) groups.push_back(Group{&empty_row, std::vector<std::vector<RV>>(aggs.size())});
      for (auto& gp : groups) {
        std::map<const Expr*, RV> values;
        for (std::size_t a = 0; a < aggs.size(); ++a) values[aggs[a]] = aggregate(*aggs[a], gp.inputs[a]);
        OutRow o;
        if (group_row(*gp.rep, values, o)) out.push_back(std::move(o));
      }
    }
    return rows_tail(std::move(out));
  }

  // DISTINCT and ORDER BY over output rows, with the columns named.
  Table rows_tail(std::vector<OutRow> out) {
    Table t;
    for (const auto& it : q_.items) t.columns.push_back(column_name(it));
    if (q_.distinct) {
      std::unordered_set<std::string> seen;
      std::vector<OutRow> kept;
      for (auto& o : out) {
        std::string key;
        for (const auto& c : o.cells) key += cell_key(c) + "\x1e";
        if (seen.insert(key).second) kept.push_back(std::move(o));
      }
      out = std::move(kept);
    }
    if (!q_.order.empty())
      std::stable_sort(out.begin(), out.end(), [&](const OutRow& a, const OutRow& b) {
        for (std::size_t i = 0; i < q_.order.size(); ++i) {
          int c = compare_cells(a.keys[i], b.keys[i]);
          if (c) return q_.order[i].descending ? c > 0 : c < 0;
        }
        return false;
      });
    for (auto& o : out) t.rows.push_back(std::move(o.cells));
    return t;
  }

  static bool truthy(const RV& r) {
    return r.kind == RV::scalar && std::holds_alternative<bool>(r.v) && std::get<bool>(r.v);
  }

  // DISTINCT identity: entities and relations by id (two entities may share a
  // name), everything else by value.
  std::string distinct_key(const RV& v) {
    if (v.kind == RV::node) return "n" + std::to_string(v.n);
    if (v.kind == RV::edge) return "e" + std::to_string(g_.relation(v.e).id);
    return "v" + cell_key(to_cell(g_, v));
  }

  RV aggregate(const Expr& a, const std::vector<RV>& inputs) {
    std::string n = ascii_lower(a.name);
    std::vector<const RV*> vals;
    std::unordered_set<std::string> seen;
    // Entities and relations are told apart by index: no strings to build.
    std::vector<bool> seen_nodes, seen_edges;
    auto first_time = [](std::vector<bool>& bits, std::size_t i, std::size_t n) {
      if (bits.empty()) bits.resize(n);
      if (bits[i]) return false;
      bits[i] = true;
      return true;
    };
    for (const auto& v : inputs) {
      if (v.null()) continue;
      if (a.distinct) {
        bool fresh = v.kind == RV::node   ? first_time(seen_nodes, v.n, g_.entity_count())
                     : v.kind == RV::edge ? first_time(seen_edges, g_.relation(v.e).id, g_.relation_count())
                                          : seen.insert(distinct_key(v)).second;
        if (!fresh) continue;
      }
      vals.push_back(&v);
    }
    if (n == "count") return RV::of(static_cast<std::int64_t>(vals.size()));
    if (n == "collect") {
      RList l;
      for (const RV* v : vals) l.push_back(*v);
      return RV::of_list(std::move(l));
    }
    if (vals.empty()) return RV();
    if (n == "min" || n == "max") {
      const RV* best = vals[0];
      for (const RV* v : vals) {
        auto c = compare_values(cx_, ev_.scalar_of(*v), ev_.scalar_of(*best), a);
        if (!c) c = compare_cells(to_cell(g_, *v), to_cell(g_, *best));
        if ((n == "min" && *c < 0) || (n == "max" && *c > 0)) best = v;
      }
      return *best;
    }
    // sum / avg over numbers or money of one currency
    bool money = false, real = false;
    std::string currency;
    double total = 0;
    std::int64_t itotal = 0;
    for (const RV* v : vals) {
      if (v->kind == RV::scalar && std::holds_alternative<Money>(v->v)) {
        const Money& m = std::get<Money>(v->v);
        if (money && m.currency != currency)
          cx_.src.fail(a, n + "() over different currencies (" + currency + " and " + m.currency +
                              "); filter one currency first, e.g. WHERE currency(e.amount) = '" + currency + "'");
        money = true;
        currency = m.currency;
        total += m.value;
      } else if (v->kind == RV::scalar && numeric(v->v)) {
        if (money) cx_.src.fail(a, n + "() mixes money and plain numbers");
        if (std::holds_alternative<double>(v->v)) real = true;
        else itotal += std::get<std::int64_t>(v->v);
        total += num(v->v);
      } else {
        cx_.src.fail(a, n + "() needs numbers or money, got " + cell_text(to_cell(g_, *v)));
      }
    }
    if (n == "avg") total /= static_cast<double>(vals.size());
    if (money) return RV::of(Money{total, currency});
    if (n == "sum" && !real) return RV::of(itotal);
    return RV::of(total);
  }

  Table paths_table(const std::vector<Match>& matches) {
    Table t;
    t.columns = {"path"};
    if (q_.with_evidence) t.columns = {"path", "relation", "document", "sentence", "text"};
    for (const auto& m : matches) {
      std::string text;
      for (std::size_t i = 0; i < m.paths.size(); ++i) text += (i ? ", " : "") + render_path(g_, m.paths[i]);
      if (!q_.with_evidence) {
        t.rows.push_back({Cell{text}});
        continue;
      }
      for (const auto& p : m.paths)
        for (std::size_t h = 0; h < p.edges.size(); ++h) {
          Edge e = p.edges[h];
          Vertex s = boost::source(e, g_.graph());
          std::string rel = g_.entity(s).name + render_hop(g_, s, e) + g_.entity(boost::target(e, g_.graph())).name;
          for (const auto& ev : g_.relation(e).evidence)
            t.rows.push_back({Cell{text}, Cell{rel}, Cell{g_.documents()[ev.doc].id},
                              Cell{static_cast<std::int64_t>(ev.sentence)}, Cell{g_.texts()[ev.text]}});
        }
    }
    return t;
  }

  Table graph_result(const std::vector<Match>& matches) {
    std::set<Vertex> vs;
    std::set<std::uint32_t> edge_ids;
    std::map<std::uint32_t, Edge> edges;
    for (const auto& m : matches) {
      for (const auto& p : m.paths) {
        vs.insert(p.nodes.begin(), p.nodes.end());
        for (Edge e : p.edges) edges.emplace(g_.relation(e).id, e);
      }
      for (const auto& r : m.row) {  // relations bound by variables (shortest, fixed hops)
        if (r.kind == RV::node) vs.insert(r.n);
        if (r.kind == RV::edge) edges.emplace(g_.relation(r.e).id, r.e);
        if (r.kind == RV::list)
          for (const auto& x : *r.items)
            if (x.kind == RV::edge) edges.emplace(g_.relation(x.e).id, x.e);
      }
    }
    Subgraph sub;
    sub.vertices.assign(vs.begin(), vs.end());
    for (const auto& kv : edges) sub.edges.push_back(kv.second);
    Table t;
    t.columns = {"kind", "name", "type", "subject", "object", "evidence"};
    for (Vertex v : sub.vertices)
      t.rows.push_back({Cell{std::string("entity")}, Cell{g_.entity(v).name}, Cell{g_.entity_type_name(v)}, Cell{},
                        Cell{}, Cell{}});
    for (Edge e : sub.edges)
      t.rows.push_back({Cell{std::string("relation")}, Cell{}, Cell{g_.relation_type_name(e)},
                        Cell{g_.entity(boost::source(e, g_.graph())).name},
                        Cell{g_.entity(boost::target(e, g_.graph())).name},
                        Cell{static_cast<std::int64_t>(g_.relation(e).evidence.size())}});
    if (q_.with_evidence) {
      t.columns = {"kind", "name", "type", "subject", "object", "evidence", "document", "text"};
      for (auto& r : t.rows) r.resize(8);
      for (Edge e : sub.edges)
        for (const auto& ev : g_.relation(e).evidence)
          t.rows.push_back({Cell{std::string("evidence")}, Cell{}, Cell{g_.relation_type_name(e)},
                            Cell{g_.entity(boost::source(e, g_.graph())).name},
                            Cell{g_.entity(boost::target(e, g_.graph())).name}, Cell{},
                            Cell{g_.documents()[ev.doc].id}, Cell{g_.texts()[ev.text]}});
    }
    if (q_.into) {
      std::string fmt = q_.into->format ? ascii_lower(q_.into->format->text) : "";
      std::optional<ExportFormat> ef = fmt.empty() ? export_format_from_path(q_.into->file) : parse_export_format(fmt);
      if (ef) {
        export_graph_to_file(g_, &sub, *ef, q_.into->file);
        Table done;
        done.has_result = false;
        done.notes.push_back("wrote " + std::to_string(sub.vertices.size()) + " entities and " +
                             std::to_string(sub.edges.size()) + " relations to " + q_.into->file + " (" +
                             export_format_name(*ef) + ")");
        return done;
      }
    }
    return finish(std::move(t));
  }

  // SKIP, LIMIT and INTO for row-shaped results.
  Table finish(Table t) {
    std::uint64_t skip = q_.skip ? constant_count(cx_, *q_.skip, "SKIP") : 0;
    if (skip) t.rows.erase(t.rows.begin(), t.rows.begin() + static_cast<std::ptrdiff_t>(std::min<std::uint64_t>(skip, t.rows.size())));
    if (q_.limit) {
      std::uint64_t limit = constant_count(cx_, *q_.limit, "LIMIT");
      if (t.rows.size() > limit) t.rows.resize(limit);
    }
    if (!q_.into) return t;
    std::string fmt = q_.into->format ? ascii_lower(q_.into->format->text) : "";
    if (fmt.empty()) {
      auto dot = q_.into->file.rfind('.');
      fmt = dot == std::string::npos ? "" : ascii_lower(q_.into->file.substr(dot + 1));
    }
    auto mode = parse_output_mode(fmt);
    if (!mode || *mode == OutputMode::table || *mode == OutputMode::box || *mode == OutputMode::list) {
      const Located& at = q_.into->format ? static_cast<const Located&>(*q_.into->format) : *q_.into;
      bool graph_fmt = parse_export_format(fmt).has_value();
      cx_.src.fail(at, graph_fmt ? "format '" + fmt + "' writes graphs; use RETURN GRAPH INTO ..."
                                 : "cannot tell the output format of '" + q_.into->file +
                                       "'; add FORMAT csv|tsv|json|jsonl|markdown (or graphml|gexf|json|dot "
                                       "with RETURN GRAPH)");
    }
    write_file_atomic(q_.into->file, format_table(t, *mode));
    Table done;
    done.has_result = false;
    done.notes.push_back("wrote " + std::to_string(t.rows.size()) + " rows to " + q_.into->file + " (" +
                         output_mode_name(*mode) + ")");
    return done;
  }

  const EvalContext& cx_;
  const KnowledgeGraph& g_;
  const BoundQuery& bq_;
  const Query& q_;
  Evaluator ev_;
  Guard guard_;
  Walker walker_;
  bool keep_paths_ = true;
};

}  // namespace

Value evaluate_constant(const EvalContext& cx, const Expr& e) {
  Evaluator ev(cx, nullptr);
  if (e.kind == ExprKind::var || e.kind == ExprKind::prop)
    cx.src.fail(e, "only literals and $parameters are allowed here");
  RV r = ev.eval(e, {}, {});
  if (r.kind == RV::list) {
    // Lists are kept as their display text in parameters.
    return cell_text(to_cell(cx.g, r));
  }
  return r.v;
}

Table evaluate_query(const EvalContext& cx, const BoundQuery& bq) { return QueryRunner(cx, bq).run(); }

Table explain_query(const EvalContext& cx, const BoundQuery& bq) {
  const KnowledgeGraph& g = cx.g;
  const Graph& gr = g.graph();
  Table t;
  t.columns = {"step", "operation", "detail", "estimated_rows"};
  // Degree statistics: relations per type, and entities with at least one.
  std::vector<double> per_type(g.relation_types().size(), 0);
  for (Edge e : g.relations()) per_type[g.relation(e).type] += 1;
  double n = std::max<double>(1, static_cast<double>(g.entity_count()));
  const Query& q = *bq.syntax;
  int step = 1;
  t.rows.push_back({Cell{std::int64_t{0}}, Cell{std::string("mode")},
                    Cell{std::string(q.mode == PathMode::acyclic ? "ACYCLIC" : q.mode == PathMode::trail ? "TRAIL" : "WALK") +
                         (q.selector.kind == SelectorKind::shortest ? ", SHORTEST " + std::to_string(q.selector.k) + " by BFS"
                          : q.selector.kind == SelectorKind::all_shortest ? ", ALL SHORTEST by BFS" : "")},
                    Cell{}});
  for (const auto& p : bq.patterns) {
    const BoundNode& first = p.nodes.front();
    double frontier;
    std::string detail;
    if (first.entity) {
      frontier = 1;
      detail = "entity '" + g.entity(*first.entity).name + "' (degree " +
               std::to_string(boost::out_degree(*first.entity, gr) + boost::in_degree(*first.entity, gr)) + ")";
    } else {
      frontier = 0;
      for (auto v : boost::make_iterator_range(boost::vertices(gr)))
        if (first.type_ok.empty() || first.type_ok[g.entity(v).type]) frontier += 1;
      detail = "scan " + std::string(first.type_ok.empty() ? "all entities" : "entities of the given types");
    }
    t.rows.push_back({Cell{std::int64_t{step++}}, Cell{std::string("start")}, Cell{detail},
                      Cell{static_cast<std::int64_t>(frontier)}});
    for (std::size_t i = 0; i < p.edges.size(); ++i) {
      const BoundEdge& be = p.edges[i];
      double rels = 0;
      std::string types;
      for (std::size_t k = 0; k < be.type_ok.size(); ++k)
        if (be.type_ok[k]) {
          rels += per_type[k];
          if (types.size() < 60) types += (types.empty() ? "" : "|") + g.relation_types()[k].name;
        }
      // Average hops per entity in this direction (both directions count twice).
      double fanout = rels / n * (be.direction == Direction::both ? 2 : 1);
      if (i == 0 && first.entity) {
        double deg = 0;
        for (auto e : boost::make_iterator_range(boost::out_edges(*first.entity, gr)))
          if (be.type_ok[g.relation(e).type] && be.direction != Direction::in) deg += 1;
        for (auto e : boost::make_iterator_range(boost::in_edges(*first.entity, gr)))
          if (be.type_ok[g.relation(e).type] && be.direction != Direction::out) deg += 1;
        frontier = deg;
      } else {
        frontier *= fanout;
      }
      double total = frontier;
      for (unsigned h = 2; h <= be.max; ++h) {
        frontier *= std::max(fanout, 1.0);
        total += frontier;
      }
      const char* dir = be.direction == Direction::out ? "->" : be.direction == Direction::in ? "<-" : "--";
      std::string d = std::string(dir) + " " + (types.empty() ? "(no types)" : types) + " hops " +
                      std::to_string(be.min) + ".." + std::to_string(be.max) + (be.where ? ", per-hop WHERE" : "") +
                      ", avg fan-out " + format_double(std::round(fanout * 100) / 100);
      t.rows.push_back({Cell{std::int64_t{step++}}, Cell{std::string(be.var_length ? "expand*" : "expand")}, Cell{d},
                        Cell{static_cast<std::int64_t>(std::min(total, 9e18))}});
      frontier = total;
    }
  }
  t.rows.push_back({Cell{std::int64_t{step}}, Cell{std::string("guards")},
                    Cell{"max hops " + std::to_string(cx.limits.max_hops) + ", path budget " +
                         std::to_string(cx.limits.max_paths) + ", row budget " + std::to_string(cx.limits.max_rows) +
                         ", timeout " + std::to_string(cx.limits.timeout_ms) + " ms"},
                    Cell{}});
  return t;
}

Table evaluate_why(const EvalContext& cx, const BoundQuery& bq, const Why& why) {
  Evaluator ev(cx, &bq);
  Guard guard(cx);
  Walker w(cx, bq, ev, guard);
  const BoundPattern& p = bq.patterns.at(0);
  if (p.edges.size() != 1 || p.edges[0].var_length)
    cx.src.fail(why.pattern, "WHY takes one relation step, such as ('A')-[:invests-in]->('B')");
  Table t;
  t.columns = {"subject", "relation", "object", "document", "sentence", "offsets", "rule", "attributes", "text"};
  Row row(bq.vars.size());
  std::set<std::uint32_t> seen;
  std::vector<Edge> edges;
  w.match(p, row, [&](Row&, const PathV& path) {
    guard.row();
    Edge e = path.edges.at(0);
    if (seen.insert(cx.g.relation(e).id).second) edges.push_back(e);
  });
  std::sort(edges.begin(), edges.end(),
            [&](Edge a, Edge b) { return cx.g.relation(a).id < cx.g.relation(b).id; });
  std::uint64_t limit = why.limit ? constant_count(cx, *why.limit, "LIMIT") : UINT64_MAX;
  for (Edge e : edges) {
    const Graph& gr = cx.g.graph();
    for (const auto& evd : cx.g.relation(e).evidence) {
      if (t.rows.size() >= limit) break;
      std::string attrs;
      for (const auto& kv : evd.attrs) attrs += (attrs.empty() ? "" : "; ") + kv.first + "=" + to_display(kv.second);
      std::string offsets = evd.start >= 0 ? std::to_string(evd.start) + "-" + std::to_string(evd.end) : "";
      t.rows.push_back({Cell{cx.g.entity(boost::source(e, gr)).name}, Cell{cx.g.relation_type_name(e)},
                        Cell{cx.g.entity(boost::target(e, gr)).name}, Cell{cx.g.documents()[evd.doc].id},
                        Cell{static_cast<std::int64_t>(evd.sentence)}, Cell{offsets}, Cell{cx.g.rules()[evd.rule]},
                        Cell{attrs}, Cell{cx.g.texts()[evd.text]}});
    }
  }
  return t;
}

}  // namespace kg::query
