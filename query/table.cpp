#include "query/table.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "common/text.hpp"

namespace kg::query {

std::optional<OutputMode> parse_output_mode(const std::string& name) {
  std::string n = ascii_lower(name);
  if (n == "table") return OutputMode::table;
  if (n == "box") return OutputMode::box;
  if (n == "csv") return OutputMode::csv;
  if (n == "tsv") return OutputMode::tsv;
  if (n == "json") return OutputMode::json;
  if (n == "jsonl" || n == "jsonlines") return OutputMode::jsonl;
  if (n == "markdown" || n == "md") return OutputMode::markdown;
  if (n == "list") return OutputMode::list;
  return std::nullopt;
}

const char* output_mode_name(OutputMode m) {
  switch (m) {
    case OutputMode::table: return "table";
    case OutputMode::box: return "box";
    case OutputMode::csv: return "csv";
    case OutputMode::tsv: return "tsv";
    case OutputMode::json: return "json";
    case OutputMode::jsonl: return "jsonl";
    case OutputMode::markdown: return "markdown";
    case OutputMode::list: return "list";
  }
  return "table";
}

std::string output_mode_names() { return "table, box, csv, tsv, json, jsonl, markdown, list"; }

std::string cell_text(const Cell& c) {
  if (c.is_list) {
    std::string out = "[";
    for (std::size_t i = 0; i < c.list.size(); ++i) out += (i ? ", " : "") + cell_text(c.list[i]);
    return out + "]";
  }
  if (is_null(c.value)) return "";
  if (auto b = std::get_if<bool>(&c.value)) return *b ? "true" : "false";
  return to_display(c.value);
}

static int kind_rank(const Cell& c) {
  if (c.is_list) return 7;
  switch (type_of(c.value)) {
    case ValueType::null: return 0;
    case ValueType::boolean: return 1;
    case ValueType::integer:
    case ValueType::real: return 2;
    case ValueType::money: return 3;
    case ValueType::date: return 4;
    case ValueType::string: return 5;
  }
  return 6;
}

static double as_double(const Value& v) {
  if (auto i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  return std::get<double>(v);
}

int compare_cells(const Cell& a, const Cell& b) {
  int ra = kind_rank(a), rb = kind_rank(b);
  if (ra != rb) return ra < rb ? -1 : 1;
  if (a.is_list) {
    for (std::size_t i = 0; i < a.list.size() && i < b.list.size(); ++i)
      if (int c = compare_cells(a.list[i], b.list[i])) return c;
    return a.list.size() < b.list.size() ? -1 : a.list.size() > b.list.size() ? 1 : 0;
  }
  switch (ra) {
    case 0: return 0;
    case 1: return static_cast<int>(std::get<bool>(a.value)) - static_cast<int>(std::get<bool>(b.value));
    case 2: {
      double x = as_double(a.value), y = as_double(b.value);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 3: {
      const Money& x = std::get<Money>(a.value);
      const Money& y = std::get<Money>(b.value);
      if (x.currency != y.currency) return x.currency < y.currency ? -1 : 1;
      return x.value < y.value ? -1 : x.value > y.value ? 1 : 0;
    }
    case 4: {
      const Date& x = std::get<Date>(a.value);
      const Date& y = std::get<Date>(b.value);
      return x < y ? -1 : y < x ? 1 : 0;
    }
    case 5: {
      int c = std::get<std::string>(a.value).compare(std::get<std::string>(b.value));
      return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
  }
  return 0;
}

std::string cell_key(const Cell& c) {
  if (c.is_list) {
    std::string out = "L[";
    for (const auto& x : c.list) out += cell_key(x) + "\x1f";
    return out + "]";
  }
  return std::to_string(kind_rank(c)) + ":" + cell_text(c);
}

// ---- JSON -----------------------------------------------------------------
using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

static void write_json(JsonWriter& w, const Cell& c) {
  if (c.is_list) {
    w.StartArray();
    for (const auto& x : c.list) write_json(w, x);
    w.EndArray();
    return;
  }
  struct V {
    JsonWriter& w;
    void operator()(const Null&) const { w.Null(); }
    void operator()(bool b) const { w.Bool(b); }
    void operator()(std::int64_t i) const { w.Int64(i); }
    void operator()(double d) const { w.Double(d); }
    void operator()(const std::string& s) const { w.String(s); }
    void operator()(const Date& d) const { w.String(d.iso()); }
    void operator()(const Money& m) const {
      w.StartObject();
      w.Key("amount");
      w.Double(m.value);
      w.Key("currency");
      w.String(m.currency);
      w.EndObject();
    }
  };
  std::visit(V{w}, c.value);
}

static std::string json_row(const Table& t, const std::vector<Cell>& row) {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  for (std::size_t i = 0; i < t.columns.size() && i < row.size(); ++i) {
    w.Key(t.columns[i].c_str(), static_cast<rapidjson::SizeType>(t.columns[i].size()));
    write_json(w, row[i]);
  }
  w.EndObject();
  return buf.GetString();
}

// ---- text tables ------------------------------------------------------------
static std::string csv_field(const std::string& s, char sep) {
  if (s.find_first_of(std::string(1, sep) + "\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

static std::string tsv_field(const std::string& s) {
  std::string out;
  for (char c : s) out += (c == '\t' || c == '\n' || c == '\r') ? ' ' : c;
  return out;
}

static std::string markdown_field(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out;
}

bool is_numeric(const Cell& c) {
  if (c.is_list) return false;
  auto t = type_of(c.value);
  return t == ValueType::integer || t == ValueType::real || t == ValueType::money;
}

std::string pad(const std::string& s, std::size_t width, bool right) {
  std::size_t n = utf8_length(s);
  if (n >= width) return s;
  return right ? std::string(width - n, ' ') + s : s + std::string(width - n, ' ');
}

static std::string grid(const Table& t, bool box) {
  std::vector<std::size_t> width(t.columns.size());
  std::vector<std::vector<std::string>> text;
  for (std::size_t i = 0; i < t.columns.size(); ++i) width[i] = utf8_length(t.columns[i]);
  for (const auto& row : t.rows) {
    text.emplace_back();
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      std::string s = i < row.size() ? cell_text(row[i]) : "";
      for (auto& ch : s)
        if (ch == '\n') ch = ' ';
      width[i] = std::max(width[i], utf8_length(s));
      text.back().push_back(std::move(s));
    }
  }
  const char* h = box ? "─" : "-";
  const char* v = box ? "│" : "|";
  auto rule = [&](const char* l, const char* m, const char* r) {
    std::string out = l;
    for (std::size_t i = 0; i < width.size(); ++i) {
      for (std::size_t k = 0; k < width[i] + 2; ++k) out += h;
      out += i + 1 < width.size() ? m : r;
    }
    return out + "\n";
  };
  std::string out = box ? rule("┌", "┬", "┐") : rule("+", "+", "+");
  out += v;
  for (std::size_t i = 0; i < width.size(); ++i) out += " " + pad(t.columns[i], width[i], false) + " " + v;
  out += "\n";
  out += box ? rule("├", "┼", "┤") : rule("+", "+", "+");
  for (std::size_t r = 0; r < text.size(); ++r) {
    out += v;
    for (std::size_t i = 0; i < width.size(); ++i)
      out += " " + pad(text[r][i], width[i], i < t.rows[r].size() && is_numeric(t.rows[r][i])) + " " + v;
    out += "\n";
  }
  out += box ? rule("└", "┴", "┘") : rule("+", "+", "+");
  out += "(" + std::to_string(t.rows.size()) + (t.rows.size() == 1 ? " row)\n" : " rows)\n");
  return out;
}

std::string format_table(const Table& t, OutputMode mode) {
  std::string out;
  switch (mode) {
    case OutputMode::table: return grid(t, false);
    case OutputMode::box: return grid(t, true);
    case OutputMode::csv:
    case OutputMode::tsv: {
      char sep = mode == OutputMode::csv ? ',' : '\t';
      auto field = [&](const std::string& s) { return sep == ',' ? csv_field(s, sep) : tsv_field(s); };
      for (std::size_t i = 0; i < t.columns.size(); ++i) out += (i ? std::string(1, sep) : "") + field(t.columns[i]);
      out += "\n";
      for (const auto& row : t.rows) {
        for (std::size_t i = 0; i < row.size(); ++i) out += (i ? std::string(1, sep) : "") + field(cell_text(row[i]));
        out += "\n";
      }
      return out;
    }
    case OutputMode::json: {
      out = "[";
      for (std::size_t r = 0; r < t.rows.size(); ++r) out += (r ? ",\n " : "\n ") + json_row(t, t.rows[r]);
      return out + (t.rows.empty() ? "]\n" : "\n]\n");
    }
    case OutputMode::jsonl:
      for (const auto& row : t.rows) out += json_row(t, row) + "\n";
      return out;
    case OutputMode::markdown: {
      out = "|";
      for (const auto& c : t.columns) out += " " + markdown_field(c) + " |";
      out += "\n|";
      for (std::size_t i = 0; i < t.columns.size(); ++i) out += " --- |";
      out += "\n";
      for (const auto& row : t.rows) {
        out += "|";
        for (const auto& c : row) out += " " + markdown_field(cell_text(c)) + " |";
        out += "\n";
      }
      return out;
    }
    case OutputMode::list:
      for (const auto& row : t.rows) {
        for (std::size_t i = 0; i < row.size(); ++i) out += (i ? "|" : "") + cell_text(row[i]);
        out += "\n";
      }
      return out;
  }
  return out;
}

}  // namespace kg::query
