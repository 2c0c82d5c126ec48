#include "ingest/values.hpp"

#include <cmath>
#include <cstdlib>
#include <cstring>

namespace kg::ingest {
namespace {

const char* currency_symbol(std::string_view f) {
  if (f == "$" || f == "us$" || f == "usd") return "USD";
  if (f == "\xE2\x82\xAC" || f == "eur") return "EUR";  // €
  if (f == "\xC2\xA3" || f == "gbp") return "GBP";      // £
  if (f == "\xC2\xA5" || f == "jpy") return "JPY";      // ¥
  if (f == "chf") return "CHF";
  if (f == "inr" || f == "\xE2\x82\xB9") return "INR";
  return nullptr;
}
const char* currency_word(std::string_view f) {
  if (f == "dollar" || f == "dollars" || f == "usd") return "USD";
  if (f == "euro" || f == "euros" || f == "eur") return "EUR";
  if (f == "pound" || f == "pounds" || f == "gbp") return "GBP";
  if (f == "yen" || f == "jpy") return "JPY";
  if (f == "francs" || f == "chf") return "CHF";
  if (f == "rupees" || f == "inr") return "INR";
  if (f == "yuan" || f == "cny" || f == "renminbi") return "CNY";
  return nullptr;
}
double scale_word(std::string_view f) {
  if (f == "thousand" || f == "k") return 1e3;
  if (f == "million" || f == "mn" || f == "m" || f == "mln") return 1e6;
  if (f == "billion" || f == "bn" || f == "b" || f == "bln") return 1e9;
  if (f == "trillion" || f == "tn" || f == "t") return 1e12;
  return 0;
}
bool is_qualifier(std::string_view f) {
  return f == "about" || f == "around" || f == "roughly" || f == "approximately" || f == "nearly" ||
         f == "almost" || f == "over" || f == "some" || f == "under" || f == "up" || f == "more" ||
         f == "less" || f == "at" || f == "least" || f == "than" || f == "to" || f == "an" || f == "estimated";
}

// Parses a number token with an optional glued scale ("13bn", "2.5", "1,600").
bool parse_number(std::string_view f, double& value, double& scale) {
  std::string digits;
  std::size_t i = 0;
  for (; i < f.size() && (std::isdigit(static_cast<unsigned char>(f[i])) || f[i] == '.' || f[i] == ','); ++i)
    if (f[i] != ',') digits += f[i];
  if (digits.empty() || !std::isdigit(static_cast<unsigned char>(digits[0]))) return false;
  value = std::strtod(digits.c_str(), nullptr);
  scale = 1;
  if (i < f.size()) {
    double s = scale_word(f.substr(i));
    if (s == 0) return false;
    scale = s;
  }
  return true;
}

int month_of(std::string_view f) {
  // string_views, not C strings: this runs for every token (no strlen).
  static constexpr std::string_view names[] = {"january", "february", "march", "april", "may", "june", "july",
                                               "august", "september", "october", "november", "december"};
  static constexpr std::string_view abbr[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                              "jul", "aug", "sep", "oct", "nov", "dec"};
  if (f.size() < 3 || f.size() > 9 || f[0] < 'a' || f[0] > 's') return 0;
  for (int m = 0; m < 12; ++m)
    if (f == names[m] || f == abbr[m]) return m + 1;
  if (f == "sept") return 9;
  return 0;
}
bool is_year(std::string_view f, int& y) {
  if (f.size() != 4) return false;
  for (char c : f)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  y = std::atoi(std::string(f).c_str());
  return y >= 1900 && y <= 2100;
}
bool is_day(std::string_view f, int& d) {
  std::size_t i = 0;
  while (i < f.size() && std::isdigit(static_cast<unsigned char>(f[i]))) ++i;
  if (i == 0 || i > 2) return false;
  std::string_view rest = f.substr(i);
  if (!rest.empty() && rest != "st" && rest != "nd" && rest != "rd" && rest != "th") return false;
  d = std::atoi(std::string(f.substr(0, i)).c_str());
  return d >= 1 && d <= 31;
}

}  // namespace

void find_values(const TokenizedText& tt, std::uint32_t b, std::uint32_t e, const std::optional<Date>& doc_date,
                 std::vector<ValueMention>& out) {
  auto f = [&](std::uint32_t i) { return i < e ? tt.fold(i) : std::string_view(); };
  for (std::uint32_t i = b; i < e; ++i) {
    const Token& t = tt.tokens[i];
    // ---- money: [qualifier] SYMBOL NUMBER [SCALE] | NUMBER [SCALE] CURRENCY
    {
      std::uint32_t s = i, k = i;
      const char* cur = currency_symbol(f(k));
      if (!cur && f(k) == "us" && f(k + 1) == "$") {
        cur = "USD";
        ++k;
      }
      double value = 0, scale = 1;
      bool ok = false;
      if (cur && k + 1 < e && parse_number(f(k + 1), value, scale)) {
        k += 2;
        if (scale == 1 && k < e && scale_word(f(k)) > 0 && (tt.tokens[k].flags & kTokWord)) scale = scale_word(f(k++));
        ok = true;
      } else if (!cur && (t.flags & kTokDigit) && parse_number(f(k), value, scale)) {
        std::uint32_t m = k + 1;
        if (scale == 1 && m < e && scale_word(f(m)) > 0 && f(m).size() > 1) scale = scale_word(f(m++));
        if (m < e) {
          if (const char* w = currency_word(f(m))) {
            cur = w;
            k = m + 1;
            ok = true;
          }
        }
      }
      if (ok) {
        // Qualifiers before the amount ("about", "more than", "over") are kept as written.
        while (s > b && is_qualifier(f(s - 1)) && f(s - 1) != "at" && f(s - 1) != "to" && f(s - 1) != "an") {
          if (f(s - 1) == "up" ) break;
          --s;
        }
        ValueMention v;
        v.kind = ValueKind::money;
        v.tok_begin = s;
        v.tok_end = k;
        v.money.value = value * scale;
        v.money.currency = cur;
        v.has_value = true;
        out.push_back(v);
        i = k - 1;
        continue;
      }
    }
    // ---- percent: NUMBER % | NUMBER percent
    if ((t.flags & kTokDigit) && i + 1 < e && (f(i + 1) == "%" || f(i + 1) == "percent")) {
      double value = 0, scale = 1;
      if (parse_number(f(i), value, scale) && scale == 1) {
        ValueMention v;
        v.kind = ValueKind::percent;
        v.tok_begin = i;
        v.tok_end = i + 2;
        v.percent = value;
        out.push_back(v);
        ++i;
        continue;
      }
    }
    // ---- dates
    int month = month_of(f(i)), day = 0, year = 0;
    if (month && (t.flags & kTokCap)) {
      std::uint32_t k = i + 1;
      if (k < e && f(k) == ".") ++k;  // "Feb."
      ValueMention v;
      v.kind = ValueKind::date;
      v.tok_begin = i;
      if (k < e && is_day(f(k), day)) {  // February 26, 2024 | Feb 26
        ++k;
        std::uint32_t m = k;
        if (m < e && f(m) == ",") ++m;
        if (m < e && is_year(f(m), year)) k = m + 1;
      } else if (k < e && is_year(f(k), year)) {  // February 2024
        ++k;
      } else if (f(i) == "may" || f(i) == "march") {
        continue;  // the modal "May" / verb "March" without a number: not a date
      }
      if (!year && doc_date) {  // "in December": the latest such month not after the publication date
        year = doc_date->year;
        if (doc_date->month && month > doc_date->month) --year;
      }
      if (!year) continue;
      v.tok_end = k;
      v.date.year = year;
      v.date.month = month;
      v.date.day = day;
      v.full_date = day != 0;
      out.push_back(v);
      i = k - 1;
      continue;
    }
    if (is_day(f(i), day) && i + 1 < e && (month = month_of(f(i + 1))) && (tt.tokens[i + 1].flags & kTokCap)) {
      std::uint32_t k = i + 2;
      if (k < e && is_year(f(k), year)) ++k;
      else if (doc_date) year = doc_date->year;
      if (!year) continue;
      ValueMention v;
      v.kind = ValueKind::date;
      v.tok_begin = i;
      v.tok_end = k;
      v.date = Date{year, month, day};
      v.full_date = true;
      out.push_back(v);
      i = k - 1;
      continue;
    }
    if (is_year(f(i), year) && i > b && (f(i - 1) == "in" || f(i - 1) == "since" || f(i - 1) == "of")) {
      ValueMention v;
      v.kind = ValueKind::date;
      v.tok_begin = i;
      v.tok_end = i + 1;
      v.date.year = year;
      out.push_back(v);
    }
  }
}

std::optional<Money> parse_money_text(const std::string& text) {
  TokenizedText tt;
  tokenize(text, tt);
  std::vector<ValueMention> vals;
  find_values(tt, 0, static_cast<std::uint32_t>(tt.tokens.size()), std::nullopt, vals);
  for (const auto& v : vals)
    if (v.kind == ValueKind::money) return v.money;
  return std::nullopt;
}

}  // namespace kg::ingest
