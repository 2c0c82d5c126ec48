// parse_script / parse_next_statement / parse_expression: call the grammar
// instantiated in grammar.cpp and turn failures into kg::DataError.
#include "query/parser.hpp"

#include <cctype>

#include "common/text.hpp"
#include "query/parser/config.hpp"
#include "query/parser/grammar.hpp"
#include "query/parser/lexemes.hpp"

namespace kg::query {
namespace x3 = boost::spirit::x3;
using parser::iterator_type;

namespace {

const std::vector<std::string>& statement_keywords() {
  static const std::vector<std::string> k = {"MATCH", "WHY", "LET", "SHOW", "EXPLAIN"};
  return k;
}

// X3 names unnamed parsers by their C++ type; never show those to a user.
std::string readable_expected(const std::string& which) {
  if (which.find("boost::") != std::string::npos || which.find("kg::") != std::string::npos ||
      which.find('<') != std::string::npos || which.find("N5boost") != std::string::npos)
    return "valid KGQ syntax here";
  if (which.size() >= 3 && which.front() == '"' && which.back() == '"')
    return "'" + which.substr(1, which.size() - 2) + "'";
  return which;
}

// Length of the token at `offset`, for the caret.
std::size_t token_length(const std::string& text, std::size_t offset) {
  std::size_t i = offset;
  while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_' || text[i] == '-'))
    ++i;
  return i > offset ? i - offset : 1;
}

std::size_t skip_space_and_comments(const std::string& text, std::size_t i) {
  for (;;) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i + 1 < text.size() && text[i] == '-' && text[i + 1] == '-') {
      while (i < text.size() && text[i] != '\n') ++i;
      continue;
    }
    return i;
  }
}

// Where to resume after an error: just past the next ';' outside quotes.
std::size_t resume_after(const std::string& text, std::size_t from) {
  char quote = 0;
  for (std::size_t i = from; i < text.size(); ++i) {
    char c = text[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == ';') {
      return i + 1;
    }
  }
  return text.size();
}

[[noreturn]] void throw_syntax_error(const std::string& text, const std::string& origin, std::size_t at,
                                     std::string message) {
  throw DataError(std::move(message), locate(origin, text, at, token_length(text, at)));
}

}  // namespace

bool parse_next_statement(const std::string& text, const std::string& origin, std::size_t& offset,
                          ParsedStatement& out) {
  std::size_t start = skip_space_and_comments(text, offset);
  if (start >= text.size()) {
    offset = text.size();
    return false;
  }
  parser::ParseState state;
  state.begin = text.begin();
  iterator_type first = text.begin() + static_cast<std::ptrdiff_t>(start);
  iterator_type last = text.end();
  ast::Statement stmt;
  bool ok = false;
  try {
    ok = x3::phrase_parse(first, last, x3::with<parser::state_tag>(std::ref(state))[parser::statement()],
                          parser::skipper, stmt);
  } catch (const x3::expectation_failure<iterator_type>& x) {
    // Thrown outside any rule with an error handler (should not happen).
    state.failed = true;
    state.error_where = x.where();
    state.expected = x.which();
  }
  if (ok) {
    out.statement = std::move(stmt);
    out.begin = start;
    out.end = static_cast<std::size_t>(first - text.begin());
    offset = out.end;
    return true;
  }
  offset = resume_after(text, start);
  if (state.failed) {
    std::size_t at = static_cast<std::size_t>(state.error_where - text.begin());
    at = skip_space_and_comments(text, at);
    std::string expected = readable_expected(state.expected);
    std::string msg = "expected " + expected;
    if (at >= text.size()) {
      // Point just after the last thing written, where the missing token goes.
      at = text.find_last_not_of(" \t\r\n");
      at = at == std::string::npos ? 0 : at + 1;
      msg += " before the end of the text";
    }
    else if (expected.rfind("a closing quote", 0) != 0 && expected.rfind("a valid date", 0) != 0 &&
             expected.rfind("a number that", 0) != 0)
      msg += ", found '" + text.substr(at, token_length(text, at)) + "'";
    throw_syntax_error(text, origin, at, msg);
  }
  // Nothing matched at all: the statement's first word is not a statement keyword.
  std::string word = text.substr(start, token_length(text, start));
  std::string msg = "expected a statement (MATCH, WHY, LET, SHOW or EXPLAIN), found '" + word + "'";
  std::string best = closest_match(word, statement_keywords());
  if (!best.empty() && ascii_lower(best) != ascii_lower(word)) msg += "; did you mean '" + best + "'?";
  throw_syntax_error(text, origin, start, msg);
}

std::vector<ParsedStatement> parse_script(const std::string& text, const std::string& origin) {
  std::vector<ParsedStatement> out;
  std::size_t offset = 0;
  ParsedStatement s;
  while (parse_next_statement(text, origin, offset, s)) out.push_back(std::move(s));
  return out;
}

ast::Expr parse_expression(const std::string& text, const std::string& origin) {
  parser::ParseState state;
  state.begin = text.begin();
  iterator_type first = text.begin();
  iterator_type last = text.end();
  ast::Expr e;
  bool ok = x3::phrase_parse(first, last, x3::with<parser::state_tag>(std::ref(state))[parser::expression()],
                             parser::skipper, e);
  std::size_t at = static_cast<std::size_t>((state.failed ? state.error_where : first) - text.begin());
  at = skip_space_and_comments(text, at);
  if (!ok || state.failed)
    throw_syntax_error(text, origin, at, "expected " + readable_expected(state.failed ? state.expected : "an expression"));
  if (at != text.size()) throw_syntax_error(text, origin, at, "unexpected text after the expression");
  return e;
}

}  // namespace kg::query
