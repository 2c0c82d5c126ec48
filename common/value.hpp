// Typed attribute values shared by the graph (relation/entity attributes),
// ingest (extracted amounts and dates) and the query language (literals).
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>

namespace kg {

// An ISO calendar date with optional precision: 2024, 2024-02 or 2024-02-26.
struct Date {
  int year = 0;
  int month = 0;  // 0 = year precision
  int day = 0;    // 0 = month precision
  bool operator==(const Date& o) const { return year == o.year && month == o.month && day == o.day; }
  bool operator<(const Date& o) const {
    if (year != o.year) return year < o.year;
    if (month != o.month) return month < o.month;
    return day < o.day;
  }
  std::string iso() const;                       // "2024-02-26", "2024-02" or "2024"
  static std::optional<Date> parse(std::string_view iso);  // inverse of iso()
};

// An amount of money: value in currency units (15000000 EUR).
struct Money {
  double value = 0;
  std::string currency;  // ISO 4217 code, upper case
  bool operator==(const Money& o) const { return value == o.value && currency == o.currency; }
};

struct Null {
  bool operator==(const Null&) const { return true; }
};

using Value = std::variant<Null, bool, std::int64_t, double, std::string, Date, Money>;

// Attributes are small and looked up by name; an ordered map keeps output stable.
using AttrMap = std::map<std::string, Value>;

enum class ValueType { null, boolean, integer, real, string, date, money };
ValueType type_of(const Value& v);
const char* type_name(ValueType t);

// Human form: 15000000, 1.5, "text" (unquoted), 2024-02-26, 15000000 EUR.
std::string to_display(const Value& v);
// Shortest decimal that round-trips a double, in the C locale ("0.1", "15000000", "1e+300").
std::string format_double(double d);
bool is_null(const Value& v);

}  // namespace kg
