// The evaluator: runs a bound query over the graph with Boost.Graph walks
// (out_edges/in_edges on the bidirectional adjacency list, so inverse hops
// cost the same), per-hop filters applied during the walk, path modes,
// breadth-first search for shortest paths and distinct-reachability counts,
// and the guards of Limits.
#pragma once
#include <atomic>
#include <map>
#include <string>

#include "graph/graph.hpp"
#include "query/binder.hpp"
#include "query/table.hpp"

namespace kg::query {

struct EvalContext {
  const KnowledgeGraph& g;
  const Limits& limits;
  const std::atomic<bool>* cancel = nullptr;
  const std::map<std::string, Value>& params;
  SourceRef src;
};

Table evaluate_query(const EvalContext& cx, const BoundQuery& bq);
Table explain_query(const EvalContext& cx, const BoundQuery& bq);
Table evaluate_why(const EvalContext& cx, const BoundQuery& bq, const ast::Why& why);
// A constant expression (LET values, SKIP/LIMIT): literals, lists and parameters.
Value evaluate_constant(const EvalContext& cx, const ast::Expr& e);

// "Microsoft -[invests-in 2024-02 15M EUR ×3]-> Mistral AI" for one hop.
std::string render_hop(const KnowledgeGraph& g, Vertex from, Edge e);

}  // namespace kg::query
