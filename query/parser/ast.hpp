// The parser's view of the AST: the pure-syntax types of query/ast.hpp (the
// X3 examples keep an ast.hpp next to the grammar; ours forwards to the one
// the rest of query/ shares, so printer, binder and evaluator never see X3).
#pragma once
#include "query/ast.hpp"
