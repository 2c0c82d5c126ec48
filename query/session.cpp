#include "query/session.hpp"

#include <set>

#include "common/text.hpp"
#include "query/binder.hpp"
#include "query/evaluator.hpp"

namespace kg::query {
using namespace ast;

Session::Session(const KnowledgeGraph& g, Limits limits) : g_(g), limits_(limits) {}

void Session::set_param_text(const std::string& name, const std::string& text) {
  try {
    Expr e = parse_expression(text, "--param " + name);
    if (e.kind == ExprKind::literal) {
      params_[name] = e.value;
      return;
    }
  } catch (const Error&) {
  }
  params_[name] = text;  // not a literal: take it as a string
}

static Table show(const KnowledgeGraph& g, const Show& s, const SourceRef& src) {
  Table t;
  const Graph& gr = g.graph();
  if (s.what == ShowKind::entity_types) {
    t.columns = {"entity_type", "entities"};
    std::vector<std::int64_t> count(g.entity_types().size(), 0);
    for (auto v : boost::make_iterator_range(boost::vertices(gr))) ++count[g.entity(v).type];
    for (std::size_t i = 0; i < count.size(); ++i) t.rows.push_back({Cell{g.entity_types()[i]}, Cell{count[i]}});
    return t;
  }
  if (s.what == ShowKind::relation_types) {
    t.columns = {"relation_type", "symmetric", "relations", "evidence"};
    std::vector<std::int64_t> count(g.relation_types().size(), 0), ev(g.relation_types().size(), 0);
    for (Edge e : g.relations()) {
      ++count[g.relation(e).type];
      ev[g.relation(e).type] += static_cast<std::int64_t>(g.relation(e).evidence.size());
    }
    for (std::size_t i = 0; i < count.size(); ++i)
      t.rows.push_back({Cell{g.relation_types()[i].name}, Cell{g.relation_types()[i].symmetric}, Cell{count[i]},
                        Cell{ev[i]}});
    return t;
  }
  t.columns = {"applies_to", "key"};
  auto add = [&](const std::string& owner, const std::vector<std::string>& keys) {
    for (const auto& k : keys) t.rows.push_back({Cell{owner}, Cell{k}});
  };
  if (!s.type) {
    add("entity", entity_keys(g));
    add("relation", relation_keys(g));
    return t;
  }
  if (auto et = g.find_entity_type(s.type->text)) {
    std::set<std::string> keys = {"aliases", "degree", "name", "type"};
    for (auto v : boost::make_iterator_range(boost::vertices(gr)))
      if (g.entity(v).type == *et)
        for (const auto& kv : g.entity(v).attrs) keys.insert(kv.first);
    add(g.entity_types()[*et], {keys.begin(), keys.end()});
    return t;
  }
  if (auto rt = g.find_relation_type(s.type->text)) {
    std::set<std::string> keys = {"amount", "confidence", "currency", "date", "evidence_count", "hedged",
                                  "object", "sentence", "source", "subject", "type"};
    for (Edge e : g.relations())
      if (g.relation(e).type == *rt)
        for (const auto& ev : g.relation(e).evidence)
          for (const auto& kv : ev.attrs) keys.insert(kv.first);
    add(g.relation_types()[*rt].name, {keys.begin(), keys.end()});
    return t;
  }
  std::vector<std::string> names = g.entity_types();
  for (const auto& r : g.relation_types()) names.push_back(r.name);
  std::string best = closest_match(s.type->text, names);
  src.fail(*s.type, "unknown entity or relation type '" + s.type->text + "'" +
                        (best.empty() ? "" : "; did you mean '" + best + "'?"));
}

Table Session::run(const ParsedStatement& ps, const std::string& text, const std::string& origin) {
  const Statement& s = ps.statement;
  EvalContext cx{g_, limits_, cancel_, params_, SourceRef{&text, origin}};
  switch (s.kind) {
    case StatementKind::let: {
      Expr value = s.let.value;
      Value v = evaluate_constant(cx, value);
      params_[s.let.param.text] = v;
      Table t;
      t.has_result = false;
      return t;
    }
    case StatementKind::show: return show(g_, s.show, cx.src);
    case StatementKind::why: {
      Query q;
      q.patterns.push_back(s.why.pattern);
      q.offset = s.why.offset;
      q.length = s.why.length;
      BoundQuery bq = bind_query(g_, q, limits_, params_, cx.src);
      return evaluate_why(cx, bq, s.why);
    }
    case StatementKind::explain: {
      BoundQuery bq = bind_query(g_, s.query, limits_, params_, cx.src);
      return explain_query(cx, bq);
    }
    case StatementKind::query: {
      BoundQuery bq = bind_query(g_, s.query, limits_, params_, cx.src);
      return evaluate_query(cx, bq);
    }
  }
  return {};
}

void Session::run_script(const std::string& text, const std::string& origin,
                         const std::function<void(const ParsedStatement&, const Table&)>& sink,
                         const std::function<void(const Error&)>& on_error) {
  std::size_t offset = 0;
  for (;;) {
    ParsedStatement ps;
    try {
      if (!parse_next_statement(text, origin, offset, ps)) return;
      Table t = run(ps, text, origin);
      sink(ps, t);
    } catch (const Error& e) {
      if (!on_error) throw;
      on_error(e);
    }
  }
}

}  // namespace kg::query
