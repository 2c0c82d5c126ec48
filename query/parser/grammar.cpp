// The only translation unit that compiles the grammar (X3 is slow to build).
#include "query/parser/grammar_def.hpp"

namespace kg::query::parser {
BOOST_SPIRIT_INSTANTIATE(statement_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(expression_type, iterator_type, context_type)
}  // namespace kg::query::parser
