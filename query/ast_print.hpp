// The AST printer: KGQ text that parses back to an equal AST (tests check
// this for every golden query). Used by EXPLAIN and the shell's history too.
#pragma once
#include <string>

#include "query/ast.hpp"

namespace kg::query {

std::string print(const ast::Expr& e);
std::string print(const ast::NodePattern& n);
std::string print(const ast::EdgePattern& e);
std::string print(const ast::Pattern& p);
std::string print(const ast::Query& q);
std::string print(const ast::Statement& s);  // ends with ';'
std::string quote_string(const std::string& s);  // 'it''s'

}  // namespace kg::query
