// KGQ text to AST. A plain, non-template entry point: only
// query/parser/grammar.cpp compiles the X3 grammar.
#pragma once
#include <string>
#include <vector>

#include "common/error.hpp"
#include "query/ast.hpp"

namespace kg::query {

// One statement with the text it came from (for error carets).
struct ParsedStatement {
  ast::Statement statement;
  std::size_t begin = 0;  // byte range of the statement in the script text
  std::size_t end = 0;
};

// Parses every statement in `text`. Throws DataError at the first syntax
// error, with file (`origin`), line, column, source line and "expected X".
std::vector<ParsedStatement> parse_script(const std::string& text, const std::string& origin);

// Parses statements one at a time: returns false at the end of the text.
// On a syntax error throws DataError and moves `offset` past the next ';'
// so a caller that keeps going can continue with the following statement.
bool parse_next_statement(const std::string& text, const std::string& origin, std::size_t& offset,
                          ParsedStatement& out);

// Parses a single expression (for --param values and tests).
ast::Expr parse_expression(const std::string& text, const std::string& origin);

}  // namespace kg::query
