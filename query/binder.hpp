// The binder: checks a parsed query against the graph's schema and resolves
// its names (entities, relation types, entity types, keys, variables,
// functions) into a BoundQuery the evaluator walks. Every error points at the
// offending name and suggests the closest known one.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "graph/graph.hpp"
#include "query/ast.hpp"
#include "query/session.hpp"

namespace kg::query {

enum class VarKind { node, edge, edge_list, path };

struct VarInfo {
  std::string name;
  VarKind kind = VarKind::node;
};

struct BoundNode {
  const ast::NodePattern* syntax = nullptr;
  int slot = -1;                       // variable slot, -1 = anonymous
  std::vector<char> type_ok;           // by entity type id; empty = any
  std::optional<Vertex> entity;        // 'name' resolved
  const ast::Expr* where = nullptr;
};

struct BoundEdge {
  const ast::EdgePattern* syntax = nullptr;
  int slot = -1;
  std::vector<char> type_ok;  // by relation type id (never empty)
  ast::Direction direction = ast::Direction::out;
  bool var_length = false;
  unsigned min = 1, max = 1;
  const ast::Expr* where = nullptr;
};

struct BoundPattern {
  int path_slot = -1;
  std::vector<BoundNode> nodes;  // nodes.size() == edges.size() + 1
  std::vector<BoundEdge> edges;
};

struct BoundQuery {
  const ast::Query* syntax = nullptr;
  std::vector<VarInfo> vars;
  std::map<std::string, int> slot_of;
  int next_slot = -1;  // `next` inside per-hop and node WHERE
  int edge_slot = -1;  // `edge` inside per-hop WHERE
  std::vector<BoundPattern> patterns;
  std::vector<std::string> aliases;  // RETURN ... AS name
};

// Context for error positions.
struct SourceRef {
  const std::string* text = nullptr;
  std::string origin;
  [[noreturn]] void fail(const ast::Located& at, const std::string& message) const;
  [[noreturn]] void fail_at(std::size_t offset, std::size_t length, const std::string& message) const;
};

// Resolves a query (also the single hop of WHY). Throws DataError / LimitError.
BoundQuery bind_query(const KnowledgeGraph& g, const ast::Query& q, const Limits& limits,
                      const std::map<std::string, Value>& params, const SourceRef& src);

// Known keys for entities / relations in this graph (for checks and SHOW KEYS).
std::vector<std::string> entity_keys(const KnowledgeGraph& g);
std::vector<std::string> relation_keys(const KnowledgeGraph& g);
bool is_aggregate_function(const std::string& lower_name);

}  // namespace kg::query
