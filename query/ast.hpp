// KGQ abstract syntax: what the parser produces and the printer, binder and
// evaluator consume. Pure syntax: no graph types, no X3 types. Every node
// that can be blamed in an error carries its byte offset and length in the
// statement text.
#pragma once
#include <boost/optional.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/value.hpp"

namespace kg::query::ast {

// Where a node came from: byte offset and length in the parsed text.
struct Located {
  std::size_t offset = 0;
  std::size_t length = 0;
};

// A name the user wrote (type, label, key, entity name), kept with its place
// so bind errors can put a caret under it.
struct Name : Located {
  std::string text;
};

enum class ExprKind {
  literal,     // value
  list,        // args = elements
  param,       // name ($ omitted)
  var,         // name
  prop,        // name . key
  call,        // name(args), distinct, star
  not_,        // args[0]
  and_,        // args (2 or more)
  or_,         // args (2 or more)
  compare,     // op, args[0], args[1]
  in,          // args[0] IN args[1]; negated
  contains,    // args[0] CONTAINS args[1]
  starts_with, // args[0] STARTS WITH args[1]
  regex,       // args[0] =~ args[1]
  is_null,     // args[0] IS [NOT] NULL; negated
  label_test,  // name : labels
};

enum class CompareOp { eq, ne, lt, le, gt, ge };

struct Expr : Located {
  ExprKind kind = ExprKind::literal;
  Value value;             // literal
  std::string name;        // param, var, prop (variable), call (function), label_test (variable)
  std::string key;         // prop
  CompareOp op = CompareOp::eq;
  bool negated = false;    // in, is_null
  bool distinct = false;   // call
  bool star = false;       // call: count(*)
  std::vector<Name> labels;  // label_test
  std::vector<Expr> args;
};

struct Prop {
  Name key;
  Expr value;
};

struct NodePattern : Located {
  std::string var;
  std::vector<Name> labels;              // entity types, any of
  boost::optional<Name> entity;          // 'name or alias'
  std::vector<Prop> props;               // {key: value, ...}
  boost::optional<Expr> where;
};

enum class Direction { out, in, both };  // -[]->, <-[]-, -[]-

struct Quantifier {
  bool present = false;            // no quantifier = exactly one hop
  boost::optional<unsigned> min;   // *  -> 1..3 ; *2 -> 2..2 ; *..4 -> 1..4
  bool range = false;              // ".." written
  boost::optional<unsigned> max;   // absent with range = open (SHORTEST only)
};

struct EdgePattern : Located {
  Direction direction = Direction::out;
  std::string var;
  bool negated = false;      // :!t  (any type but these)
  std::vector<Name> types;   // any of; empty = every type
  Quantifier quant;
  boost::optional<Expr> where;  // per hop; `next` names the node reached
};

struct Step {
  EdgePattern edge;
  NodePattern node;
};

struct Pattern : Located {
  std::string path_var;  // p = ...
  NodePattern start;
  std::vector<Step> steps;
};

enum class PathMode { acyclic, trail, walk };
enum class SelectorKind { none, shortest, all_shortest };

struct Selector {
  SelectorKind kind = SelectorKind::none;
  unsigned k = 1;  // SHORTEST k
};

enum class ReturnKind { rows, paths, graph };

struct ReturnItem : Located {
  Expr expr;
  std::string alias;  // "" = none
};

struct OrderItem {
  Expr expr;
  bool descending = false;
};

struct Into : Located {
  std::string file;
  boost::optional<Name> format;
};

struct Query : Located {
  PathMode mode = PathMode::acyclic;
  bool mode_written = false;
  Selector selector;
  std::vector<Pattern> patterns;
  boost::optional<Expr> where;
  ReturnKind return_kind = ReturnKind::rows;
  bool distinct = false;
  std::vector<ReturnItem> items;
  bool with_evidence = false;
  boost::optional<Expr> having;
  std::vector<OrderItem> order;
  boost::optional<Expr> skip;
  boost::optional<Expr> limit;
  boost::optional<Into> into;
};

struct Why : Located {
  Pattern pattern;  // exactly one hop
  boost::optional<Expr> limit;
};

struct Let : Located {
  Name param;
  Expr value;
};

enum class ShowKind { entity_types, relation_types, keys };

struct Show : Located {
  ShowKind what = ShowKind::entity_types;
  boost::optional<Name> type;  // SHOW KEYS [type]
};

enum class StatementKind { query, explain, why, let, show };

struct Statement : Located {
  StatementKind kind = StatementKind::query;
  Query query;  // query and explain
  Why why;
  Let let;
  Show show;
};

// Structural equality, ignoring source positions (used by the print/re-parse test).
bool operator==(const Name& a, const Name& b);
bool operator==(const Expr& a, const Expr& b);
bool operator==(const Prop& a, const Prop& b);
bool operator==(const NodePattern& a, const NodePattern& b);
bool operator==(const Quantifier& a, const Quantifier& b);
bool operator==(const EdgePattern& a, const EdgePattern& b);
bool operator==(const Step& a, const Step& b);
bool operator==(const Pattern& a, const Pattern& b);
bool operator==(const ReturnItem& a, const ReturnItem& b);
bool operator==(const OrderItem& a, const OrderItem& b);
bool operator==(const Into& a, const Into& b);
bool operator==(const Query& a, const Query& b);
bool operator==(const Statement& a, const Statement& b);

}  // namespace kg::query::ast
