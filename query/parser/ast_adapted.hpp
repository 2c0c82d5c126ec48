// Fusion adaptation of the AST structs the grammar fills by plain attribute
// synthesis (the rest are built with semantic actions). Only the grammar
// translation unit includes this, so AST consumers never pull in Fusion.
#pragma once
#include <boost/fusion/include/adapt_struct.hpp>

#include "query/parser/ast.hpp"

BOOST_FUSION_ADAPT_STRUCT(kg::query::ast::Prop, key, value)
BOOST_FUSION_ADAPT_STRUCT(kg::query::ast::ReturnItem, expr, alias)
BOOST_FUSION_ADAPT_STRUCT(kg::query::ast::OrderItem, expr, descending)
