// The KGQ grammar (docs/query-language.md has the EBNF). Included by
// grammar.cpp only. Structure follows the official X3 examples: rule IDs,
// rules, grammar, BOOST_SPIRIT_DEFINE. Tokens are hand-written primitives
// (lexemes.hpp); structural rules build the AST with small semantic actions.
// Expectation points (>) sit right after a committing token; the statement
// rule's on_error records the first failure for parse() to report.
#pragma once
#include <type_traits>

#include "query/parser/ast.hpp"
#include "query/parser/ast_adapted.hpp"
#include "query/parser/config.hpp"
#include "query/parser/grammar.hpp"
#include "query/parser/lexemes.hpp"

namespace kg::query::parser {

using namespace ast;
using x3::_attr;
using x3::_val;
using x3::lit;

// Records where each AST node that has a place (Located) starts and ends.
struct annotate_position {
  template <class It, class Attr, class Ctx>
  void on_success(It const& first, It const& last, Attr& attr, Ctx const& ctx) const {
    if constexpr (std::is_base_of_v<Located, Attr>) {
      attr.offset = offset_of(ctx, first);
      attr.length = static_cast<std::size_t>(last - first);
    }
  }
};

// located[p]: after p matches, records where the enclosing rule's attribute
// came from. (X3 passes rules whose right-hand side has semantic actions an
// unused attribute in on_success, so those rules are annotated this way.)
template <class Subject>
struct located_directive : x3::unary_parser<Subject, located_directive<Subject>> {
  using base_type = x3::unary_parser<Subject, located_directive<Subject>>;
  static bool const is_pass_through_unary = true;
  constexpr located_directive(Subject const& subject) : base_type(subject) {}
  template <class It, class Ctx, class RCtx, class Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx& rctx, Attr& attr) const {
    x3::skip_over(first, last, ctx);
    It start = first;
    if (!this->subject.parse(first, last, ctx, rctx, attr)) return false;
    if constexpr (std::is_base_of_v<Located, std::decay_t<RCtx>>) {
      rctx.offset = offset_of(ctx, start);
      rctx.length = static_cast<std::size_t>(first - start);
    }
    return true;
  }
};
struct located_gen {
  template <class Subject>
  constexpr located_directive<typename x3::extension::as_parser<Subject>::value_type> operator[](
      Subject const& subject) const {
    return {x3::as_parser(subject)};
  }
};
constexpr located_gen located{};

// Turns the first expectation failure into data parse() can report.
struct report_error {
  template <class It, class Exc, class Ctx>
  x3::error_handler_result on_error(It&, It const&, Exc const& x, Ctx const& ctx) const {
    ParseState& st = x3::get<state_tag>(ctx).get();
    if (!st.failed) {
      st.failed = true;
      st.error_where = x.where();
      st.expected = x.which();
    }
    return x3::error_handler_result::fail;
  }
};

// ---- Rule IDs ------------------------------------------------------------
struct statement_class : annotate_position, report_error {};
struct expression_class : annotate_position, report_error {};
struct or_class : annotate_position {};
struct and_class : annotate_position {};
struct not_class : annotate_position {};
struct test_class : annotate_position {};
struct operand_class : annotate_position {};
struct list_class : annotate_position {};
struct call_class : annotate_position {};
struct prop_ref_class : annotate_position {};
struct param_class : annotate_position {};
struct var_ref_class : annotate_position {};
struct label_test_class : annotate_position {};
struct labels_class;
struct node_class : annotate_position {};
struct props_class;
struct prop_class;
struct edge_class : annotate_position {};
struct edge_spec_class;
struct edge_types_class;
struct pattern_class : annotate_position {};
struct patterns_class;
struct return_class;
struct return_body_class;
struct edge_close_class;
struct show_what_class;
struct return_item_class : annotate_position {};
struct order_item_class;
struct into_class : annotate_position {};
struct query_class : annotate_position {};
struct why_class : annotate_position {};
struct let_class : annotate_position {};
struct show_class : annotate_position {};
struct type_name_class;
struct var_name_class;
struct key_name_class;
struct label_name_class;
struct literal_class;
struct string_class;
struct quant_class;
struct uint_class;
struct end_class;

// ---- Tokens --------------------------------------------------------------
constexpr keyword_parser kw_match("match"), kw_where("where"), kw_return("return"), kw_distinct("distinct"),
    kw_as("as"), kw_and("and"), kw_or("or"), kw_not("not"), kw_in("in"), kw_contains("contains"),
    kw_starts("starts"), kw_with("with"), kw_is("is"), kw_null("null"), kw_order("order"), kw_by("by"),
    kw_asc("asc"), kw_desc("desc"), kw_skip("skip"), kw_limit("limit"), kw_having("having"), kw_into("into"),
    kw_format("format"), kw_paths("paths"), kw_graph("graph"), kw_evidence("evidence"), kw_why("why"),
    kw_let("let"), kw_show("show"), kw_explain("explain"), kw_acyclic("acyclic"), kw_trail("trail"),
    kw_walk("walk"), kw_shortest("shortest"), kw_all("all"), kw_entity("entity"), kw_relation("relation"),
    kw_types("types"), kw_keys("keys");

// ---- Rules ---------------------------------------------------------------
statement_type const statement_rule = "a statement (MATCH, WHY, LET, SHOW or EXPLAIN)";
expression_type const expression_rule = "an expression";
x3::rule<or_class, Expr> const or_expr = "an expression";
x3::rule<and_class, Expr> const and_expr = "an expression";
x3::rule<not_class, Expr> const not_expr = "an expression";
x3::rule<test_class, Expr> const test_expr = "an expression";
x3::rule<operand_class, Expr> const operand = "a value, variable, property or function call";
x3::rule<list_class, Expr> const list_expr = "a list [...]";
x3::rule<call_class, Expr> const call_expr = "a function call";
x3::rule<prop_ref_class, Expr> const prop_ref = "a property such as x.name";
x3::rule<param_class, Expr> const param_ref = "a parameter such as $name";
x3::rule<var_ref_class, Expr> const var_ref = "a variable";
x3::rule<label_test_class, Expr> const label_test = "a label test such as x:Organization";
x3::rule<labels_class, std::vector<Name>> const labels = "an entity type";
x3::rule<node_class, NodePattern> const node = "a node pattern such as (x) or ('Microsoft')";
x3::rule<props_class, std::vector<Prop>> const props = "a property map {key: value}";
x3::rule<prop_class, Prop> const prop = "a property key: value";
x3::rule<edge_class, EdgePattern> const edge = "a relation pattern such as -[:type]-> or <-[]-";
x3::rule<edge_spec_class, EdgePattern> const edge_spec = "a relation type, quantifier or WHERE";
x3::rule<edge_types_class, EdgePattern> const edge_types = "a relation type";
x3::rule<pattern_class, Pattern> const pattern = "a pattern such as (a)-[:type]->(b)";
x3::rule<patterns_class, Query> const patterns = "a pattern such as (a)-[:type]->(b)";
x3::rule<return_class, Query> const return_clause = "RETURN";
x3::rule<return_body_class, Query> const return_body = "PATHS, GRAPH or the items to return";
x3::rule<edge_close_class, Direction> const edge_close = "']->' or ']-'";
x3::rule<show_what_class, Show> const show_what = "ENTITY TYPES, RELATION TYPES or KEYS";
x3::rule<return_item_class, ReturnItem> const return_item = "a RETURN item";
x3::rule<order_item_class, OrderItem> const order_item = "an ORDER BY item";
x3::rule<into_class, Into> const into_clause = "a file name in quotes";
x3::rule<query_class, Query> const query = "a MATCH query";
x3::rule<why_class, Why> const why = "WHY";
x3::rule<let_class, Let> const let = "LET";
x3::rule<show_class, Show> const show = "SHOW";
x3::rule<type_name_class, Name> const type_name = "a relation type name";
x3::rule<var_name_class, std::string> const var_name = "a variable name";
x3::rule<key_name_class, Name> const key_name = "a property key";
x3::rule<label_name_class, Name> const label_name = "an entity type name";
x3::rule<literal_class, Expr> const literal = "a literal";
x3::rule<string_class, Name> const string_lit = "a string in quotes";
x3::rule<quant_class, Quantifier> const quant = "a quantifier such as *1..3";
x3::rule<uint_class, unsigned> const count_lit = "a whole number";
x3::rule<end_class> const end_of_statement = "';'";

// ---- Semantic actions ----------------------------------------------------
auto const assign = [](auto& ctx) { _val(ctx) = _attr(ctx); };

inline Expr make_node(ExprKind kind) {
  Expr e;
  e.kind = kind;
  return e;
}

inline auto push_nary(ExprKind kind) {
  return [kind](auto& ctx) {
    Expr& v = _val(ctx);
    if (v.kind != kind) {
      Expr n = make_node(kind);
      n.offset = v.offset;
      n.args.push_back(std::move(v));
      v = std::move(n);
    }
    v.args.push_back(_attr(ctx));
  };
}

auto const make_not = [](auto& ctx) {
  Expr n = make_node(ExprKind::not_);
  n.args.push_back(_attr(ctx));
  _val(ctx) = std::move(n);
};

inline auto binary(ExprKind kind, CompareOp op = CompareOp::eq, bool negated = false) {
  return [=](auto& ctx) {
    Expr n = make_node(kind);
    n.op = op;
    n.negated = negated;
    n.offset = _val(ctx).offset;
    n.args.push_back(std::move(_val(ctx)));
    n.args.push_back(_attr(ctx));
    _val(ctx) = std::move(n);
  };
}

inline auto make_is_null(bool negated) {
  return [=](auto& ctx) {
    Expr n = make_node(ExprKind::is_null);
    n.negated = negated;
    n.offset = _val(ctx).offset;
    n.args.push_back(std::move(_val(ctx)));
    _val(ctx) = std::move(n);
  };
}

struct compare_ops : x3::symbols<CompareOp> {
  compare_ops() {
    add("=", CompareOp::eq)("<>", CompareOp::ne)("!=", CompareOp::ne)("<=", CompareOp::le)("<", CompareOp::lt)(
        ">=", CompareOp::ge)(">", CompareOp::gt);
  }
} const compare_op;

// ---- Grammar -------------------------------------------------------------
auto const type_name_def = word_parser<WordKind::etype>();
auto const var_name_def = word_parser<WordKind::variable>();
auto const key_name_def = word_parser<WordKind::key>();
auto const label_name_def = word_parser<WordKind::label>();
auto const literal_def = literal_parser();
auto const string_lit_def = quoted_name_parser();
auto const quant_def = quantifier_parser();
auto const count_lit_def = x3::uint_;
auto const end_of_statement_def = lit(';');

auto const expression_rule_def = or_expr;
auto const or_expr_def = located[and_expr[assign] >> *(kw_or > and_expr[push_nary(ExprKind::or_)])];
auto const and_expr_def = located[not_expr[assign] >> *(kw_and > not_expr[push_nary(ExprKind::and_)])];
auto const not_expr_def = located[(kw_not > not_expr[make_not]) | test_expr[assign]];

auto const test_expr_def = located[label_test[assign] |
    (operand[assign] >>
     -((compare_op >> operand)[([](auto& ctx) {
        using boost::fusion::at_c;
        Expr n = make_node(ExprKind::compare);
        n.op = at_c<0>(_attr(ctx));
        n.offset = _val(ctx).offset;
        n.args.push_back(std::move(_val(ctx)));
        n.args.push_back(at_c<1>(_attr(ctx)));
        _val(ctx) = std::move(n);
      })] |
       (lit("=~") > operand[binary(ExprKind::regex)]) |
       (kw_not >> kw_in > operand[binary(ExprKind::in, CompareOp::eq, true)]) |
       (kw_in > operand[binary(ExprKind::in)]) |
       (kw_contains > operand[binary(ExprKind::contains)]) |
       (kw_starts > kw_with > operand[binary(ExprKind::starts_with)]) |
       (kw_is >> kw_not > kw_null[make_is_null(true)]) | (kw_is > kw_null[make_is_null(false)])))];

auto const label_test_def = located[var_name[([](auto& ctx) {
                              _val(ctx).kind = ExprKind::label_test;
                              _val(ctx).name = _attr(ctx);
                            })] >>
                            lit(':') >> labels[([](auto& ctx) { _val(ctx).labels = _attr(ctx); })]];

auto const operand_def = located[literal[assign] | param_ref[assign] | call_expr[assign] | prop_ref[assign] |
                         var_ref[assign] | list_expr[assign] | (lit('(') > expression_rule[assign] > lit(')'))];

auto const list_expr_def = located[lit('[')[([](auto& ctx) { _val(ctx).kind = ExprKind::list; })] >
                           -(expression_rule[([](auto& ctx) { _val(ctx).args.push_back(_attr(ctx)); })] % ',') >
                           lit(']')];

auto const param_ref_def = located[lit('$') > key_name[([](auto& ctx) {
                             _val(ctx).kind = ExprKind::param;
                             _val(ctx).name = _attr(ctx).text;
                           })]];

auto const call_expr_def = located[var_name[([](auto& ctx) {
      _val(ctx).kind = ExprKind::call;
      _val(ctx).name = _attr(ctx);
    })] >>
    lit('(') >> -kw_distinct[([](auto& ctx) { _val(ctx).distinct = true; })] >>
    -(lit('*')[([](auto& ctx) { _val(ctx).star = true; })] |
      (expression_rule[([](auto& ctx) { _val(ctx).args.push_back(_attr(ctx)); })] % ',')) > lit(')')];

auto const prop_ref_def = located[var_name[([](auto& ctx) {
                            _val(ctx).kind = ExprKind::prop;
                            _val(ctx).name = _attr(ctx);
                          })] >>
                          lit('.') > key_name[([](auto& ctx) { _val(ctx).key = _attr(ctx).text; })]];

auto const var_ref_def = located[var_name[([](auto& ctx) {
  _val(ctx).kind = ExprKind::var;
  _val(ctx).name = _attr(ctx);
})]];

auto const labels_def = label_name >> *(lit('|') > label_name);

auto const prop_def = key_name > lit(':') > expression_rule;
auto const props_def = lit('{') > prop >> *(lit(',') > prop) > lit('}');

auto const node_def = located[lit('(') > -var_name[([](auto& ctx) { _val(ctx).var = _attr(ctx); })] >
                      -(lit(':') > labels[([](auto& ctx) { _val(ctx).labels = _attr(ctx); })]) >
                      -string_lit[([](auto& ctx) { _val(ctx).entity = _attr(ctx); })] >
                      -props[([](auto& ctx) { _val(ctx).props = _attr(ctx); })] >
                      -(kw_where > expression_rule[([](auto& ctx) { _val(ctx).where = _attr(ctx); })]) > lit(')')];

auto const push_type = [](auto& ctx) { _val(ctx).types.push_back(_attr(ctx)); };
auto const edge_types_def = -lit('!')[([](auto& ctx) { _val(ctx).negated = true; })] >
                            type_name[push_type] >> *(lit('|') > type_name[push_type]);

auto const edge_spec_def =
    -var_name[([](auto& ctx) { _val(ctx).var = _attr(ctx); })] >>
    -(lit(':') > edge_types[([](auto& ctx) {
        _val(ctx).negated = _attr(ctx).negated;
        _val(ctx).types = _attr(ctx).types;
      })]) >>
    -quant[([](auto& ctx) { _val(ctx).quant = _attr(ctx); })] >>
    -(kw_where > expression_rule[([](auto& ctx) { _val(ctx).where = _attr(ctx); })]);

inline auto set_direction(Direction d) {
  return [d](auto& ctx) { _val(ctx).direction = d; };
}

auto const edge_def = located[(lit("<-[") > edge_spec[assign] > lit("]-")[set_direction(Direction::in)]) |
    (lit("-[") > edge_spec[assign] > edge_close[([](auto& ctx) { _val(ctx).direction = _attr(ctx); })])];
auto const edge_close_def = (lit("]->") >> x3::attr(Direction::out)) | (lit("]-") >> x3::attr(Direction::both));

auto const pattern_def = located[-(var_name >> lit('='))[([](auto& ctx) { _val(ctx).path_var = _attr(ctx); })] >>
    node[([](auto& ctx) { _val(ctx).start = _attr(ctx); })] >>
    *(edge > node)[([](auto& ctx) {
      using boost::fusion::at_c;
      _val(ctx).steps.push_back(Step{at_c<0>(_attr(ctx)), at_c<1>(_attr(ctx))});
    })]];

auto const push_pattern = [](auto& ctx) { _val(ctx).patterns.push_back(_attr(ctx)); };
auto const patterns_def = pattern[push_pattern] >> *(lit(',') > pattern[push_pattern]);

auto const return_item_def = expression_rule >> -(kw_as > var_name);
auto const order_item_def = expression_rule >> ((kw_desc >> x3::attr(true)) | (-kw_asc >> x3::attr(false)));

auto const into_clause_def = located[string_lit[([](auto& ctx) { _val(ctx).file = _attr(ctx).text; })] >
                             -(kw_format > key_name[([](auto& ctx) { _val(ctx).format = _attr(ctx); })])];

auto const push_item = [](auto& ctx) { _val(ctx).items.push_back(_attr(ctx)); };
auto const return_clause_def = kw_return > return_body[assign];
auto const return_body_def =
    ((kw_paths[([](auto& ctx) { _val(ctx).return_kind = ReturnKind::paths; })] |
      kw_graph[([](auto& ctx) { _val(ctx).return_kind = ReturnKind::graph; })] |
      (-kw_distinct[([](auto& ctx) { _val(ctx).distinct = true; })] >>
       (return_item[push_item] >> *(lit(',') > return_item[push_item])))) >>
     -(kw_with > kw_evidence[([](auto& ctx) { _val(ctx).with_evidence = true; })]));

inline auto set_mode(PathMode m) {
  return [m](auto& ctx) {
    _val(ctx).mode = m;
    _val(ctx).mode_written = true;
  };
}

auto const push_order = [](auto& ctx) { _val(ctx).order.push_back(_attr(ctx)); };
auto const query_def = located[kw_match >
    -(kw_acyclic[set_mode(PathMode::acyclic)] | kw_trail[set_mode(PathMode::trail)] |
      kw_walk[set_mode(PathMode::walk)]) >
    -((kw_shortest[([](auto& ctx) { _val(ctx).selector.kind = SelectorKind::shortest; })] >>
       -count_lit[([](auto& ctx) { _val(ctx).selector.k = _attr(ctx); })]) |
      (kw_all >> kw_shortest)[([](auto& ctx) { _val(ctx).selector.kind = SelectorKind::all_shortest; })]) >
    patterns[([](auto& ctx) { _val(ctx).patterns = std::move(_attr(ctx).patterns); })] >
    -(kw_where > expression_rule[([](auto& ctx) { _val(ctx).where = _attr(ctx); })]) >
    return_clause[([](auto& ctx) {
      Query& q = _val(ctx);
      Query& r = _attr(ctx);
      q.return_kind = r.return_kind;
      q.distinct = r.distinct;
      q.items = std::move(r.items);
      q.with_evidence = r.with_evidence;
    })] >
    -(kw_having > expression_rule[([](auto& ctx) { _val(ctx).having = _attr(ctx); })]) >
    -(kw_order > kw_by > order_item[push_order] >> *(lit(',') > order_item[push_order])) >
    -(kw_skip > operand[([](auto& ctx) { _val(ctx).skip = _attr(ctx); })]) >
    -(kw_limit > operand[([](auto& ctx) { _val(ctx).limit = _attr(ctx); })]) >
    -(kw_into > into_clause[([](auto& ctx) { _val(ctx).into = _attr(ctx); })])];

auto const why_def = located[kw_why > pattern[([](auto& ctx) { _val(ctx).pattern = _attr(ctx); })] >
                     -(kw_limit > operand[([](auto& ctx) { _val(ctx).limit = _attr(ctx); })])];

auto const let_def = located[kw_let > lit('$') > key_name[([](auto& ctx) { _val(ctx).param = _attr(ctx); })] > lit('=') >
                     expression_rule[([](auto& ctx) { _val(ctx).value = _attr(ctx); })]];

auto const show_def = located[kw_show > show_what[assign]];
auto const show_what_def =
    ((kw_entity > kw_types)[([](auto& ctx) { _val(ctx).what = ShowKind::entity_types; })] |
               (kw_relation > kw_types)[([](auto& ctx) { _val(ctx).what = ShowKind::relation_types; })] |
               (kw_keys[([](auto& ctx) { _val(ctx).what = ShowKind::keys; })] >>
                -type_name[([](auto& ctx) { _val(ctx).type = _attr(ctx); })]));

auto const statement_rule_def = located[(query[([](auto& ctx) {
       _val(ctx).kind = StatementKind::query;
       _val(ctx).query = _attr(ctx);
     })] |
     (kw_explain > query[([](auto& ctx) {
        _val(ctx).kind = StatementKind::explain;
        _val(ctx).query = _attr(ctx);
      })]) |
     why[([](auto& ctx) {
       _val(ctx).kind = StatementKind::why;
       _val(ctx).why = _attr(ctx);
     })] |
     let[([](auto& ctx) {
       _val(ctx).kind = StatementKind::let;
       _val(ctx).let = _attr(ctx);
     })] |
     show[([](auto& ctx) {
       _val(ctx).kind = StatementKind::show;
       _val(ctx).show = _attr(ctx);
     })]) > end_of_statement];

BOOST_SPIRIT_DEFINE(statement_rule, expression_rule, or_expr, and_expr, not_expr, test_expr, operand, list_expr,
                    call_expr, prop_ref, param_ref, var_ref, label_test, labels, node, props, prop, edge, edge_spec,
                    edge_types, pattern, patterns, return_item, order_item, into_clause, return_clause, return_body,
                    edge_close, show_what, query, why,
                    let, show, type_name, var_name, key_name, label_name, literal, string_lit, quant, count_lit,
                    end_of_statement)

statement_type const& statement() { return statement_rule; }
expression_type const& expression() { return expression_rule; }

}  // namespace kg::query::parser
