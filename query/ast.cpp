// AST equality (positions ignored) and the printer: AST back to KGQ text that
// parses to the same AST. The printer spells keywords in upper case and
// parenthesises every nested boolean operator so precedence never changes.
#include "query/ast.hpp"

#include <sstream>

#include "query/ast_print.hpp"

namespace kg::query::ast {

bool operator==(const Name& a, const Name& b) { return a.text == b.text; }

bool operator==(const Expr& a, const Expr& b) {
  return a.kind == b.kind && a.value == b.value && a.name == b.name && a.key == b.key && a.op == b.op &&
         a.negated == b.negated && a.distinct == b.distinct && a.star == b.star && a.labels == b.labels &&
         a.args == b.args;
}
bool operator==(const Prop& a, const Prop& b) { return a.key == b.key && a.value == b.value; }
bool operator==(const NodePattern& a, const NodePattern& b) {
  return a.var == b.var && a.labels == b.labels && a.entity == b.entity && a.props == b.props && a.where == b.where;
}
bool operator==(const Quantifier& a, const Quantifier& b) {
  return a.present == b.present && a.min == b.min && a.range == b.range && a.max == b.max;
}
bool operator==(const EdgePattern& a, const EdgePattern& b) {
  return a.direction == b.direction && a.var == b.var && a.negated == b.negated && a.types == b.types &&
         a.quant == b.quant && a.where == b.where;
}
bool operator==(const Step& a, const Step& b) { return a.edge == b.edge && a.node == b.node; }
bool operator==(const Pattern& a, const Pattern& b) {
  return a.path_var == b.path_var && a.start == b.start && a.steps == b.steps;
}
bool operator==(const ReturnItem& a, const ReturnItem& b) { return a.expr == b.expr && a.alias == b.alias; }
bool operator==(const OrderItem& a, const OrderItem& b) {
  return a.expr == b.expr && a.descending == b.descending;
}
bool operator==(const Into& a, const Into& b) { return a.file == b.file && a.format == b.format; }
bool operator==(const Query& a, const Query& b) {
  return a.mode == b.mode && a.mode_written == b.mode_written && a.selector.kind == b.selector.kind &&
         a.selector.k == b.selector.k && a.patterns == b.patterns && a.where == b.where &&
         a.return_kind == b.return_kind && a.distinct == b.distinct && a.items == b.items &&
         a.with_evidence == b.with_evidence && a.having == b.having && a.order == b.order && a.skip == b.skip &&
         a.limit == b.limit && a.into == b.into;
}
bool operator==(const Statement& a, const Statement& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case StatementKind::query:
    case StatementKind::explain: return a.query == b.query;
    case StatementKind::why: return a.why.pattern == b.why.pattern && a.why.limit == b.why.limit;
    case StatementKind::let: return a.let.param == b.let.param && a.let.value == b.let.value;
    case StatementKind::show: return a.show.what == b.show.what && a.show.type == b.show.type;
  }
  return false;
}

}  // namespace kg::query::ast

namespace kg::query {
using namespace ast;

std::string quote_string(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "''";
    else out += c;
  }
  return out + "'";
}

static std::string print_literal(const Value& v) {
  struct V {
    std::string operator()(const Null&) const { return "NULL"; }
    std::string operator()(bool b) const { return b ? "TRUE" : "FALSE"; }
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const {
      std::string s = format_double(d);
      // Keep it a real number when parsed back.
      if (s.find_first_of(".eEIN") == std::string::npos) s += ".0";
      return s;
    }
    std::string operator()(const std::string& s) const { return quote_string(s); }
    std::string operator()(const Date& d) const { return d.iso(); }
    std::string operator()(const Money& m) const { return format_double(m.value) + " " + m.currency; }
  };
  return std::visit(V{}, v);
}

static const char* compare_text(CompareOp op) {
  switch (op) {
    case CompareOp::eq: return "=";
    case CompareOp::ne: return "<>";
    case CompareOp::lt: return "<";
    case CompareOp::le: return "<=";
    case CompareOp::gt: return ">";
    case CompareOp::ge: return ">=";
  }
  return "=";
}

static std::string print_labels(const std::vector<Name>& labels) {
  std::string out;
  for (std::size_t i = 0; i < labels.size(); ++i) out += (i ? "|" : "") + labels[i].text;
  return out;
}

// Operands that need no parentheses when nested.
static bool is_atom(const Expr& e) {
  switch (e.kind) {
    case ExprKind::literal:
    case ExprKind::list:
    case ExprKind::param:
    case ExprKind::var:
    case ExprKind::prop:
    case ExprKind::call: return true;
    default: return false;
  }
}

static std::string print_operand(const Expr& e) { return is_atom(e) ? print(e) : "(" + print(e) + ")"; }

std::string print(const Expr& e) {
  switch (e.kind) {
    case ExprKind::literal: return print_literal(e.value);
    case ExprKind::list: {
      std::string out = "[";
      for (std::size_t i = 0; i < e.args.size(); ++i) out += (i ? ", " : "") + print(e.args[i]);
      return out + "]";
    }
    case ExprKind::param: return "$" + e.name;
    case ExprKind::var: return e.name;
    case ExprKind::prop: return e.name + "." + e.key;
    case ExprKind::call: {
      std::string out = e.name + "(";
      if (e.distinct) out += "DISTINCT ";
      if (e.star) out += "*";
      for (std::size_t i = 0; i < e.args.size(); ++i) out += (i ? ", " : "") + print(e.args[i]);
      return out + ")";
    }
    case ExprKind::not_: return "NOT " + print_operand(e.args[0]);
    case ExprKind::and_:
    case ExprKind::or_: {
      std::string out;
      for (std::size_t i = 0; i < e.args.size(); ++i) {
        if (i) out += e.kind == ExprKind::and_ ? " AND " : " OR ";
        out += print_operand(e.args[i]);
      }
      return out;
    }
    case ExprKind::compare: return print_operand(e.args[0]) + " " + compare_text(e.op) + " " + print_operand(e.args[1]);
    case ExprKind::in:
      return print_operand(e.args[0]) + (e.negated ? " NOT IN " : " IN ") + print_operand(e.args[1]);
    case ExprKind::contains: return print_operand(e.args[0]) + " CONTAINS " + print_operand(e.args[1]);
    case ExprKind::starts_with: return print_operand(e.args[0]) + " STARTS WITH " + print_operand(e.args[1]);
    case ExprKind::regex: return print_operand(e.args[0]) + " =~ " + print_operand(e.args[1]);
    case ExprKind::is_null: return print_operand(e.args[0]) + (e.negated ? " IS NOT NULL" : " IS NULL");
    case ExprKind::label_test: return e.name + ":" + print_labels(e.labels);
  }
  return "?";
}

std::string print(const NodePattern& n) {
  std::string out = "(" + n.var;
  if (!n.labels.empty()) out += ":" + print_labels(n.labels);
  if (n.entity) out += (out.size() > 1 ? " " : "") + quote_string(n.entity->text);
  if (!n.props.empty()) {
    out += (out.size() > 1 ? " {" : "{");
    for (std::size_t i = 0; i < n.props.size(); ++i)
      out += (i ? ", " : "") + n.props[i].key.text + ": " + print(n.props[i].value);
    out += "}";
  }
  if (n.where) out += (out.size() > 1 ? " WHERE " : "WHERE ") + print(*n.where);
  return out + ")";
}

std::string print(const EdgePattern& e) {
  std::string spec = e.var;
  if (!e.types.empty()) spec += ":" + std::string(e.negated ? "!" : "") + print_labels(e.types);
  if (e.quant.present) {
    if (!spec.empty()) spec += " ";
    spec += "*";
    if (e.quant.min) spec += std::to_string(*e.quant.min);
    if (e.quant.range) spec += "..";
    if (e.quant.max) spec += std::to_string(*e.quant.max);
  }
  if (e.where) spec += (spec.empty() ? "WHERE " : " WHERE ") + print(*e.where);
  switch (e.direction) {
    case Direction::out: return "-[" + spec + "]->";
    case Direction::in: return "<-[" + spec + "]-";
    case Direction::both: return "-[" + spec + "]-";
  }
  return spec;
}

std::string print(const Pattern& p) {
  std::string out;
  if (!p.path_var.empty()) out += p.path_var + " = ";
  out += print(p.start);
  for (const auto& s : p.steps) out += print(s.edge) + print(s.node);
  return out;
}

std::string print(const Query& q) {
  std::string out = "MATCH ";
  if (q.mode_written)
    out += q.mode == PathMode::acyclic ? "ACYCLIC " : q.mode == PathMode::trail ? "TRAIL " : "WALK ";
  if (q.selector.kind == SelectorKind::shortest) out += "SHORTEST " + std::to_string(q.selector.k) + " ";
  if (q.selector.kind == SelectorKind::all_shortest) out += "ALL SHORTEST ";
  for (std::size_t i = 0; i < q.patterns.size(); ++i) out += (i ? ", " : "") + print(q.patterns[i]);
  if (q.where) out += " WHERE " + print(*q.where);
  out += " RETURN ";
  if (q.return_kind == ReturnKind::paths) out += "PATHS";
  else if (q.return_kind == ReturnKind::graph) out += "GRAPH";
  else {
    if (q.distinct) out += "DISTINCT ";
    for (std::size_t i = 0; i < q.items.size(); ++i) {
      out += (i ? ", " : "") + print(q.items[i].expr);
      if (!q.items[i].alias.empty()) out += " AS " + q.items[i].alias;
    }
  }
  if (q.with_evidence) out += " WITH EVIDENCE";
  if (q.having) out += " HAVING " + print(*q.having);
  if (!q.order.empty()) {
    out += " ORDER BY ";
    for (std::size_t i = 0; i < q.order.size(); ++i)
      out += (i ? ", " : "") + print(q.order[i].expr) + (q.order[i].descending ? " DESC" : "");
  }
  if (q.skip) out += " SKIP " + print_operand(*q.skip);
  if (q.limit) out += " LIMIT " + print_operand(*q.limit);
  if (q.into) {
    out += " INTO " + quote_string(q.into->file);
    if (q.into->format) out += " FORMAT " + q.into->format->text;
  }
  return out;
}

std::string print(const Statement& s) {
  switch (s.kind) {
    case StatementKind::query: return print(s.query) + ";";
    case StatementKind::explain: return "EXPLAIN " + print(s.query) + ";";
    case StatementKind::why: {
      std::string out = "WHY " + print(s.why.pattern);
      if (s.why.limit) out += " LIMIT " + print_operand(*s.why.limit);
      return out + ";";
    }
    case StatementKind::let: return "LET $" + s.let.param.text + " = " + print(s.let.value) + ";";
    case StatementKind::show:
      switch (s.show.what) {
        case ShowKind::entity_types: return "SHOW ENTITY TYPES;";
        case ShowKind::relation_types: return "SHOW RELATION TYPES;";
        case ShowKind::keys: return "SHOW KEYS" + (s.show.type ? " " + s.show.type->text : std::string()) + ";";
      }
  }
  return ";";
}

}  // namespace kg::query
