#include "query/table_fit.hpp"

#include <algorithm>
#include <numeric>

#include "common/text.hpp"

namespace kg::query {

std::string group_thousands(std::size_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string truncate_display(const std::string& s, std::size_t width) {
  if (utf8_length(s) <= width) return s;
  if (width == 0) return "";
  std::string out;
  std::size_t i = 0, n = 0;
  while (i < s.size() && n + 1 < width) {
    std::size_t len = utf8_sequence_length(static_cast<unsigned char>(s[i]));
    if (len == 0) len = 1;
    out.append(s, i, len);
    i += len;
    ++n;
  }
  return out + "…";
}

static std::string one_line(std::string s) {
  for (auto& ch : s)
    if (ch == '\n' || ch == '\r' || ch == '\t') ch = ' ';
  return s;
}

static std::string rows_footer(std::size_t total, std::size_t shown) {
  std::string out = "(" + group_thousands(total) + (total == 1 ? " row)\n" : " rows)\n");
  if (shown < total)
    out += "… " + group_thousands(total - shown) + " more row" + (total - shown == 1 ? "" : "s") +
           "; use .maxrows or LIMIT\n";
  return out;
}

static std::string grid(const Table& t, bool box, const FitOptions& opt) {
  const std::size_t ncol = t.columns.size();
  const std::size_t shown = opt.max_rows ? std::min(opt.max_rows, t.rows.size()) : t.rows.size();
  std::vector<std::size_t> width(ncol);
  std::vector<std::vector<std::string>> text(shown);
  for (std::size_t i = 0; i < ncol; ++i) width[i] = utf8_length(t.columns[i]);
  for (std::size_t r = 0; r < shown; ++r)
    for (std::size_t i = 0; i < ncol; ++i) {
      std::string s = i < t.rows[r].size() ? one_line(cell_text(t.rows[r][i])) : "";
      width[i] = std::max(width[i], utf8_length(s));
      text[r].push_back(std::move(s));
    }
  // Narrow the widest column, one character at a time, until the grid fits.
  // A column never goes below a few characters; a grid of many columns may
  // still be wider than the terminal then, which is better than unreadable.
  const std::size_t min_width = 5;
  if (opt.width && ncol) {
    auto total = [&] { return std::accumulate(width.begin(), width.end(), std::size_t{0}) + 3 * ncol + 1; };
    while (total() > opt.width) {
      auto widest = std::max_element(width.begin(), width.end());
      if (*widest <= min_width) break;
      --*widest;
    }
  }
  const std::string bold = opt.colour ? "\x1b[1m" : "", dim = opt.colour ? "\x1b[2m" : "",
                    reset = opt.colour ? "\x1b[0m" : "";
  const char* h = box ? "─" : "-";
  const std::string v = dim + (box ? "│" : "|") + reset;
  auto rule = [&](const char* l, const char* m, const char* r) {
    std::string out = dim + l;
    for (std::size_t i = 0; i < ncol; ++i) {
      for (std::size_t k = 0; k < width[i] + 2; ++k) out += h;
      out += i + 1 < ncol ? m : r;
    }
    return out + reset + "\n";
  };
  std::string out = box ? rule("┌", "┬", "┐") : rule("+", "+", "+");
  out += v;
  for (std::size_t i = 0; i < ncol; ++i)
    out += " " + bold + pad(truncate_display(t.columns[i], width[i]), width[i], false) + reset + " " + v;
  out += "\n";
  out += box ? rule("├", "┼", "┤") : rule("+", "+", "+");
  for (std::size_t r = 0; r < shown; ++r) {
    out += v;
    for (std::size_t i = 0; i < ncol; ++i)
      out += " " + pad(truncate_display(text[r][i], width[i]), width[i], i < t.rows[r].size() && is_numeric(t.rows[r][i])) +
             " " + v;
    out += "\n";
  }
  out += box ? rule("└", "┴", "┘") : rule("+", "+", "+");
  return out + rows_footer(t.rows.size(), shown);
}

std::string format_table_fit(const Table& t, OutputMode mode, const FitOptions& opt) {
  if (mode == OutputMode::table || mode == OutputMode::box) return grid(t, mode == OutputMode::box, opt);
  if (mode == OutputMode::markdown && opt.max_rows && t.rows.size() > opt.max_rows) {
    Table head;
    head.columns = t.columns;
    head.rows.assign(t.rows.begin(), t.rows.begin() + static_cast<std::ptrdiff_t>(opt.max_rows));
    return format_table(head, mode) + rows_footer(t.rows.size(), opt.max_rows);
  }
  return format_table(t, mode);
}

}  // namespace kg::query
