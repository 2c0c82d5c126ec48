// The one result type of every KGQ statement, and its one formatter, shared by
// `kg query`, the golden tests and the shell.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "common/value.hpp"

namespace kg::query {

// A cell is a scalar value or a list of cells (collect(), nodes(p), labels(n)).
struct Cell {
  Cell() = default;
  // Implicit so rows can be written {Cell{name}, Cell{count}}.
  Cell(Value v) : value(std::move(v)) {}  // NOLINT(google-explicit-constructor)
  Value value;
  bool is_list = false;
  std::vector<Cell> list;
};

struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<Cell>> rows;
  std::vector<std::string> notes;  // status lines ("wrote 12 rows to x.csv"); not results
  bool has_result = true;          // false for LET: nothing to print
};

enum class OutputMode { table, box, csv, tsv, json, jsonl, markdown, list };

std::optional<OutputMode> parse_output_mode(const std::string& name);
const char* output_mode_name(OutputMode m);
// "table, box, csv, ..." for help and errors.
std::string output_mode_names();

// Human text of a cell: 15000000 EUR, 2024-02-26, [a, b], "" for null.
std::string cell_text(const Cell& c);
// A total order for sorting and grouping: nulls first, then by kind, then value.
int compare_cells(const Cell& a, const Cell& b);
// Numbers and money are right-aligned in tables.
bool is_numeric(const Cell& c);
// Pads `s` to `width` characters (UTF-8 aware), on the left when `right`.
std::string pad(const std::string& s, std::size_t width, bool right);
// A string that is equal for equal cells (DISTINCT, grouping).
std::string cell_key(const Cell& c);

// Formats the whole table. `list` mode is cells joined by '|' without a header
// (what golden files compare). Every mode ends with a newline.
std::string format_table(const Table& t, OutputMode mode);

}  // namespace kg::query
