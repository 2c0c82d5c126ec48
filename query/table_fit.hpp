// Result tables for a terminal: the grid modes (table, box) fitted to a width
// by narrowing the widest columns and cutting cells with an ellipsis, and long
// results cut to their first rows with a count of what was left out. Used by
// the shell; batch output (format_table) stays complete and exact.
#pragma once
#include <cstddef>
#include <string>

#include "query/table.hpp"

namespace kg::query {

struct FitOptions {
  std::size_t width = 0;     // terminal columns; 0 = no limit
  std::size_t max_rows = 0;  // rows shown; 0 = all
  bool colour = false;       // bold header, dim rules (ANSI)
};

// table, box and markdown honour width (grids only) and max_rows; the data
// modes (csv, tsv, json, jsonl, list) are always complete, as format_table.
std::string format_table_fit(const Table& t, OutputMode mode, const FitOptions& opt);

// Cuts `s` to at most `width` characters (code points), ending with "…" when cut.
std::string truncate_display(const std::string& s, std::size_t width);
// 9812 -> "9,812".
std::string group_thousands(std::size_t n);

}  // namespace kg::query
