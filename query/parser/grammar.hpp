// The KGQ grammar's interface: rule declarations only. The definitions live in
// grammar_def.hpp, which exactly one translation unit (grammar.cpp) includes.
#pragma once
#include "query/parser/ast.hpp"
#include "query/parser/config.hpp"

namespace kg::query::parser {

struct statement_class;
struct expression_class;
using statement_type = x3::rule<statement_class, ast::Statement>;
using expression_type = x3::rule<expression_class, ast::Expr>;
BOOST_SPIRIT_DECLARE(statement_type, expression_type)

statement_type const& statement();
expression_type const& expression();

}  // namespace kg::query::parser
