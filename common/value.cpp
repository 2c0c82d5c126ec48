#include "common/value.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace kg {

std::string Date::iso() const {
  char buf[16];
  if (month == 0) std::snprintf(buf, sizeof buf, "%04d", year);
  else if (day == 0) std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  else std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

static bool parse_int(std::string_view s, int& out) {
  if (s.empty()) return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

std::optional<Date> Date::parse(std::string_view s) {
  Date d;
  if (s.size() != 4 && s.size() != 7 && s.size() != 10) return std::nullopt;
  if (!parse_int(s.substr(0, 4), d.year)) return std::nullopt;
  if (s.size() >= 7) {
    if (s[4] != '-' || !parse_int(s.substr(5, 2), d.month) || d.month < 1 || d.month > 12) return std::nullopt;
  }
  if (s.size() == 10) {
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (s[7] != '-' || !parse_int(s.substr(8, 2), d.day) || d.day < 1 || d.day > days[d.month - 1]) return std::nullopt;
    bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
    if (d.month == 2 && d.day == 29 && !leap) return std::nullopt;
  }
  return d;
}

ValueType type_of(const Value& v) { return static_cast<ValueType>(v.index()); }

const char* type_name(ValueType t) {
  switch (t) {
    case ValueType::null: return "null";
    case ValueType::boolean: return "boolean";
    case ValueType::integer: return "integer";
    case ValueType::real: return "number";
    case ValueType::string: return "string";
    case ValueType::date: return "date";
    case ValueType::money: return "money";
  }
  return "?";
}

std::string format_double(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "INF" : "-INF";
  if (d == std::floor(d) && std::fabs(d) < 1e15) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", d);
    return buf;
  }
  // Shortest %.*g that reads back to the same double; snprintf's %g uses the C
  // locale's '.' as long as nobody calls setlocale, which kg never does.
  char buf[40];
  for (int prec = 1; prec <= 17; ++prec) {
    std::snprintf(buf, sizeof buf, "%.*g", prec, d);
    if (std::strtod(buf, nullptr) == d) break;
  }
  return buf;
}

std::string to_display(const Value& v) {
  struct V {
    std::string operator()(const Null&) const { return "null"; }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const { return format_double(d); }
    std::string operator()(const std::string& s) const { return s; }
    std::string operator()(const Date& d) const { return d.iso(); }
    std::string operator()(const Money& m) const { return format_double(m.value) + " " + m.currency; }
  };
  return std::visit(V{}, v);
}

bool is_null(const Value& v) { return std::holds_alternative<Null>(v); }

}  // namespace kg
