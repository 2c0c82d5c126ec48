// The only translation unit that compiles the grammar (X3 is slow to build).
// GCC 12 warns that boost::optional members of the quantifier "may be used
// uninitialized" when X3 copies the attribute; they are value-initialised
// (boost::none), so the warning is a known false positive of boost::optional.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include "query/parser/grammar_def.hpp"

namespace kg::query::parser {
BOOST_SPIRIT_INSTANTIATE(statement_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(expression_type, iterator_type, context_type)
}  // namespace kg::query::parser
