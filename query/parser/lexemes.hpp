// Hand-written X3 primitives for KGQ's tokens: keywords, names, literals and
// quantifiers. Writing them by hand keeps the grammar's templates small, lets
// each token say what it is in "expected ..." messages, and records offsets
// for bind errors. Included only by grammar_def.hpp.
#pragma once
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

#include "common/text.hpp"
#include "query/parser/ast.hpp"
#include "query/parser/config.hpp"

namespace kg::query::parser {

// Words that cannot be variable names (they can still be keys, types and labels).
inline bool is_reserved_word(const std::string& word) {
  static const char* const words[] = {
      "match", "where", "return", "distinct", "as", "and", "or", "not", "in", "contains", "starts", "with",
      "is", "null", "true", "false", "order", "by", "asc", "desc", "skip", "limit", "having", "into",
      "format", "paths", "graph", "evidence", "why", "let", "show", "explain", "acyclic", "trail", "walk",
      "shortest", "all", "entity", "relation", "types", "keys"};
  std::string w = ascii_lower(word);
  for (const char* k : words)
    if (w == k) return true;
  return false;
}

inline bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

template <class Context>
std::size_t offset_of(const Context& ctx, iterator_type it) {
  return static_cast<std::size_t>(it - x3::get<state_tag>(ctx).get().begin);
}

// A case-insensitive keyword that is not the prefix of a longer word.
struct keyword_parser : x3::parser<keyword_parser> {
  using attribute_type = x3::unused_type;
  static bool const has_attribute = false;
  const char* word;
  constexpr explicit keyword_parser(const char* w) : word(w) {}

  template <class It, class Ctx, class RCtx, class Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr&) const {
    x3::skip_over(first, last, ctx);
    It it = first;
    for (const char* p = word; *p; ++p, ++it)
      if (it == last || std::tolower(static_cast<unsigned char>(*it)) != std::tolower(static_cast<unsigned char>(*p)))
        return false;
    if (it != last && is_word_char(*it)) return false;
    first = it;
    return true;
  }
};

enum class WordKind {
  variable,  // not reserved
  key,       // any word
  label,     // any word, '-' allowed inside (entity types)
  etype,     // any word, '-' allowed inside (relation types: invests-in)
};

// A name. Variables exclude reserved words; types may contain '-' between
// letters (invests-in). Attribute: ast::Name (with offset) or std::string.
template <WordKind Kind>
struct word_parser : x3::parser<word_parser<Kind>> {
  using attribute_type = ast::Name;
  static bool const has_attribute = true;

  template <class It, class Ctx, class RCtx, class Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr& attr) const {
    x3::skip_over(first, last, ctx);
    It it = first;
    if (it == last || !(std::isalpha(static_cast<unsigned char>(*it)) || *it == '_')) return false;
    ++it;
    while (it != last) {
      if (is_word_char(*it)) {
        ++it;
      } else if ((Kind == WordKind::etype || Kind == WordKind::label) && *it == '-' && it + 1 != last &&
                 is_word_char(*(it + 1))) {
        it += 2;
      } else {
        break;
      }
    }
    std::string text(first, it);
    if (Kind == WordKind::variable && is_reserved_word(text)) return false;
    assign(attr, std::move(text), offset_of(ctx, first), static_cast<std::size_t>(it - first));
    first = it;
    return true;
  }
  static void assign(ast::Name& n, std::string text, std::size_t off, std::size_t len) {
    n.text = std::move(text);
    n.offset = off;
    n.length = len;
  }
  static void assign(std::string& s, std::string text, std::size_t, std::size_t) { s = std::move(text); }
  static void assign(x3::unused_type, std::string, std::size_t, std::size_t) {}
};

// 'text' with '' for a quote, or "text" with "" for a double quote.
template <class It>
bool scan_string(It& it, It const& last, std::string& out) {
  if (it == last || (*it != '\'' && *it != '"')) return false;
  char q = *it++;
  out.clear();
  while (it != last) {
    if (*it == q) {
      if (it + 1 != last && *(it + 1) == q) {
        out += q;
        it += 2;
        continue;
      }
      ++it;
      return true;
    }
    out += *it++;
  }
  return false;  // unterminated: the caller reports it
}

// A quoted string as a Name (entity names, file names, formats).
struct quoted_name_parser : x3::parser<quoted_name_parser> {
  using attribute_type = ast::Name;
  static bool const has_attribute = true;
  template <class It, class Ctx, class RCtx, class Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr& attr) const {
    x3::skip_over(first, last, ctx);
    It it = first;
    std::string text;
    if (it == last || (*it != '\'' && *it != '"')) return false;
    if (!scan_string(it, last, text))
      boost::throw_exception(x3::expectation_failure<It>(first, "a closing quote for this string"));
    attr.text = std::move(text);
    attr.offset = offset_of(ctx, first);
    attr.length = static_cast<std::size_t>(it - first);
    first = it;
    return true;
  }
};

// Scalar literals: strings, dates (2024-02-26, 2024-02), money (15M EUR,
// 1.2B USD, 500 EUR), numbers (42, -1.5, 15M), TRUE, FALSE, NULL.
struct literal_parser : x3::parser<literal_parser> {
  using attribute_type = ast::Expr;
  static bool const has_attribute = true;

  template <class It>
  static bool word_is(It it, It const& last, const char* w, It& end) {
    for (const char* p = w; *p; ++p, ++it)
      if (it == last || std::tolower(static_cast<unsigned char>(*it)) != *p) return false;
    if (it != last && is_word_char(*it)) return false;
    end = it;
    return true;
  }
  template <class It>
  static bool digits(It& it, It const& last, int n) {
    for (int i = 0; i < n; ++i, ++it)
      if (it == last || !std::isdigit(static_cast<unsigned char>(*it))) return false;
    return true;
  }

  template <class It, class Ctx, class RCtx, class Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr& attr) const {
    x3::skip_over(first, last, ctx);
    It it = first;
    if (it == last) return false;
    ast::Expr e;
    e.kind = ast::ExprKind::literal;
    It end;
    if (*it == '\'' || *it == '"') {
      std::string s;
      if (!scan_string(it, last, s))
        boost::throw_exception(x3::expectation_failure<It>(first, "a closing quote for this string"));
      e.value = std::move(s);
    } else if (word_is(it, last, "true", end)) {
      e.value = true;
      it = end;
    } else if (word_is(it, last, "false", end)) {
      e.value = false;
      it = end;
    } else if (word_is(it, last, "null", end)) {
      e.value = Null{};
      it = end;
    } else if (!scan_number_like(it, last, e, first)) {
      return false;
    }
    e.offset = offset_of(ctx, first);
    e.length = static_cast<std::size_t>(it - first);
    attr = std::move(e);
    first = it;
    return true;
  }

  template <class It>
  static bool scan_number_like(It& it, It const& last, ast::Expr& e, It const& start) {
    // Date: exactly dddd-dd or dddd-dd-dd, not followed by a word character.
    {
      It d = it;
      if (digits(d, last, 4) && d != last && *d == '-') {
        It m = d;
        ++m;
        if (digits(m, last, 2)) {
          It end = m;
          if (end != last && *end == '-') {
            It dd = end;
            ++dd;
            if (digits(dd, last, 2)) end = dd;
          }
          if (end == last || !is_word_char(*end)) {
            std::string iso(it, end);
            auto date = Date::parse(iso);
            if (!date)
              boost::throw_exception(
                  x3::expectation_failure<It>(start, "a valid date (YYYY-MM or YYYY-MM-DD), not " + iso));
            e.value = *date;
            it = end;
            return true;
          }
        }
      }
    }
    It p = it;
    if (p != last && *p == '-') ++p;
    if (p == last || !std::isdigit(static_cast<unsigned char>(*p))) return false;
    while (p != last && std::isdigit(static_cast<unsigned char>(*p))) ++p;
    bool real = false;
    if (p != last && *p == '.' && p + 1 != last && std::isdigit(static_cast<unsigned char>(*(p + 1)))) {
      real = true;
      ++p;
      while (p != last && std::isdigit(static_cast<unsigned char>(*p))) ++p;
    }
    if (p != last && (*p == 'e' || *p == 'E')) {
      It q = p + 1;
      if (q != last && (*q == '+' || *q == '-')) ++q;
      if (q != last && std::isdigit(static_cast<unsigned char>(*q))) {
        real = true;
        p = q;
        while (p != last && std::isdigit(static_cast<unsigned char>(*p))) ++p;
      }
    }
    std::string num(it, p);
    double multiplier = 1;
    if (p != last && (*p == 'K' || *p == 'M' || *p == 'B' || *p == 'k' || *p == 'm' || *p == 'b') &&
        (p + 1 == last || !is_word_char(*(p + 1)))) {
      multiplier = (*p == 'K' || *p == 'k') ? 1e3 : (*p == 'M' || *p == 'm') ? 1e6 : 1e9;
      ++p;
    }
    if (p != last && is_word_char(*p)) return false;  // 12abc is not a number
    // Money: the number, spaces, then a three-letter upper-case currency code.
    It c = p;
    while (c != last && (*c == ' ' || *c == '\t')) ++c;
    {
      It cc = c;
      int n = 0;
      while (cc != last && std::isupper(static_cast<unsigned char>(*cc)) && n < 4) {
        ++cc;
        ++n;
      }
      if (n == 3 && (cc == last || !is_word_char(*cc)) && !is_reserved_word(std::string(c, cc))) {
        e.value = Money{std::strtod(num.c_str(), nullptr) * multiplier, std::string(c, cc)};
        it = cc;
        return true;
      }
    }
    if (!real && multiplier == 1) {
      errno = 0;
      long long v = std::strtoll(num.c_str(), nullptr, 10);
      if (errno == ERANGE) boost::throw_exception(x3::expectation_failure<It>(start, "a number that fits in 64 bits"));
      e.value = static_cast<std::int64_t>(v);
    } else {
      double v = std::strtod(num.c_str(), nullptr) * multiplier;
      if (!real && std::fabs(v) < 9e15) e.value = static_cast<std::int64_t>(v);
      else e.value = v;
    }
    it = p;
    return true;
  }
};

// *  *2  *1..3  *..4  *2..  (bounds are checked by the binder)
struct quantifier_parser : x3::parser<quantifier_parser> {
  using attribute_type = ast::Quantifier;
  static bool const has_attribute = true;
  template <class It>
  static bool number(It& it, It const& last, boost::optional<unsigned>& out) {
    if (it == last || !std::isdigit(static_cast<unsigned char>(*it))) return false;
    unsigned long v = 0;
    while (it != last && std::isdigit(static_cast<unsigned char>(*it))) {
      v = v * 10 + static_cast<unsigned>(*it - '0');
      if (v > 1000000) v = 1000000;
      ++it;
    }
    out = static_cast<unsigned>(v);
    return true;
  }
  template <class It>
  static void spaces(It& it, It const& last) {
    while (it != last && std::isspace(static_cast<unsigned char>(*it))) ++it;
  }
  template <class It, class Ctx, class RCtx, class Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr& attr) const {
    x3::skip_over(first, last, ctx);
    It it = first;
    if (it == last || *it != '*') return false;
    ++it;
    ast::Quantifier q;
    q.present = true;
    spaces(it, last);
    number(it, last, q.min);
    spaces(it, last);
    if (it != last && *it == '.' && it + 1 != last && *(it + 1) == '.') {
      it += 2;
      q.range = true;
      spaces(it, last);
      number(it, last, q.max);
    }
    attr = q;
    first = it;
    return true;
  }
};

}  // namespace kg::query::parser

namespace boost::spirit::x3 {
// An action is named after what it acts on, so "expected ..." names the rule.
template <class Subject, class Action>
struct get_info<action<Subject, Action>> {
  using result_type = std::string;
  std::string operator()(action<Subject, Action> const& p) const { return what(p.subject); }
};
template <>
struct get_info<kg::query::parser::keyword_parser> {
  using result_type = std::string;
  std::string operator()(kg::query::parser::keyword_parser const& p) const {
    std::string w = p.word;
    for (auto& c : w) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return w;
  }
};
}  // namespace boost::spirit::x3
