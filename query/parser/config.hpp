// The one place that fixes the iterator, skipper and context types the
// grammar is instantiated with (grammar.cpp) and called with (parser.cpp).
// They must match exactly, or the linker cannot find parse_rule.
#pragma once
#include <boost/spirit/home/x3.hpp>
#include <string>

namespace kg::query::parser {
namespace x3 = boost::spirit::x3;

using iterator_type = std::string::const_iterator;

// Per-parse state reachable from every rule through the context: the start of
// the text (to turn iterators into offsets) and the first expectation failure.
struct ParseState {
  iterator_type begin;
  bool failed = false;
  iterator_type error_where;
  std::string expected;
};
struct state_tag;

// White space and `--` comments to end of line.
inline auto const skipper = x3::space | x3::lexeme[x3::lit("--") >> *(x3::char_ - x3::eol)];
using skipper_type = std::decay_t<decltype(skipper)>;

using phrase_context_type = x3::phrase_parse_context<skipper_type>::type;
using context_type = x3::context<state_tag, std::reference_wrapper<ParseState>, phrase_context_type>;

}  // namespace kg::query::parser
