// The exporters' output buffer (export_text.hpp).
#include "graph/export_text.hpp"

#include <charconv>
#include <cmath>
#include <string>

#include <rapidjson/internal/dtoa.h>

#include "common/text.hpp"

namespace kg::export_detail {

namespace {

// Printable ASCII: sanitize_utf8 keeps these bytes as they are.
inline bool printable_ascii(unsigned char c) { return c >= 0x20 && c < 0x7F; }

bool all_printable_ascii(std::string_view s) {
  for (char c : s)
    if (!printable_ascii(static_cast<unsigned char>(c))) return false;
  return true;
}

}  // namespace

TextOut::TextOut(Sink sink) : sink_(std::move(sink)), buf_(new char[kBlock]) {}

TextOut::TextOut(std::ostream& out)
    : TextOut([&out](std::string_view s) { out.write(s.data(), static_cast<std::streamsize>(s.size())); }) {}

void TextOut::flush() {
  if (used_ == 0) return;
  sink_(std::string_view(buf_.get(), used_));
  used_ = 0;
}

void TextOut::put_long(std::string_view s) {
  flush();
  if (s.size() >= kBlock) {
    sink_(s);
    return;
  }
  std::char_traits<char>::copy(buf_.get(), s.data(), s.size());
  used_ = s.size();
}

void TextOut::put_uint(std::uint64_t v) {
  char* p = reserve(20);
  used_ = static_cast<std::size_t>(std::to_chars(p, p + 20, v).ptr - buf_.get());
}

void TextOut::put_int(std::int64_t v) {
  char* p = reserve(20);
  used_ = static_cast<std::size_t>(std::to_chars(p, p + 20, v).ptr - buf_.get());
}

void TextOut::put_number(double d) {
  // format_double writes integral values below 1e15 with "%.0f", which is the
  // integer's decimal digits; everything else (fractions, huge or non-finite
  // values) is rare and goes through format_double itself.
  if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e15) {
    if (d == 0 && std::signbit(d)) put("-0");  // "%.0f" of -0.0
    else put_int(static_cast<std::int64_t>(d));
    return;
  }
  put(format_double(d));
}

void TextOut::put_date(const Date& d) {
  if (d.year < 0 || d.year > 9999 || d.month < 0 || d.month > 99 || d.day < 0 || d.day > 99) {
    put(d.iso());  // outside what the fixed-width form below covers
    return;
  }
  char* p = reserve(10);
  auto digits = [&p](int v, int width) {
    for (int i = width - 1; i >= 0; --i, v /= 10) p[i] = static_cast<char>('0' + v % 10);
    p += width;
  };
  digits(d.year, 4);
  if (d.month != 0) {
    *p++ = '-';
    digits(d.month, 2);
    if (d.day != 0) {
      *p++ = '-';
      digits(d.day, 2);
    }
  }
  used_ = static_cast<std::size_t>(p - buf_.get());
}

void TextOut::put_json_double(double d) {
  char* p = reserve(32);  // RapidJSON's own Writer buffer is 25 bytes
  used_ = static_cast<std::size_t>(rapidjson::internal::dtoa(d, p) - buf_.get());
}

namespace {

// Per byte: 0 = copy as is; for XML 1 = always escaped, 2 = escaped in
// attribute values only; for JSON 1 = escaped; 3 (both) = not printable
// ASCII, so the string needs sanitising first.
struct ByteClasses {
  unsigned char xml[256] = {}, json[256] = {};
  ByteClasses() {
    for (int c = 0; c < 256; ++c)
      if (c < 0x20 || c >= 0x7F) xml[c] = json[c] = 3;
    for (unsigned char c : {'&', '<', '>', '"', '\''}) xml[c] = 1;
    xml['\r'] = 1;
    xml['\n'] = xml['\t'] = 2;
    json['"'] = json['\\'] = 1;
  }
};
const ByteClasses kClasses;

}  // namespace

void TextOut::put_xml(std::string_view s, bool attribute) {
  const unsigned char* cls = kClasses.xml;
  std::size_t run = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char k = cls[static_cast<unsigned char>(s[i])];
    if (k == 0 || k == 3 || (k == 2 && !attribute)) continue;
    const char* rep = "";
    switch (s[i]) {
      case '&': rep = "&amp;"; break;
      case '<': rep = "&lt;"; break;
      case '>': rep = "&gt;"; break;
      case '"': rep = "&quot;"; break;
      case '\'': rep = "&apos;"; break;
      case '\r': rep = "&#13;"; break;
      case '\n': rep = "&#10;"; break;
      case '\t': rep = "&#9;"; break;
    }
    put(s.substr(run, i - run));
    put(std::string_view(rep));
    run = i + 1;
  }
  put(s.substr(run));
}

void TextOut::put_xml_raw(std::string_view s, bool attribute) {
  if (all_printable_ascii(s)) put_xml(s, attribute);
  else put_xml(sanitize_utf8(s), attribute);
}

void TextOut::put_json_string(std::string_view s) {
  const unsigned char* cls = kClasses.json;
  // Almost every string is printable ASCII without quotes or backslashes:
  // one scan finds the first byte that is not, and the rest is copied.
  std::size_t i = 0;
  while (i < s.size() && cls[static_cast<unsigned char>(s[i])] == 0) ++i;
  if (i == s.size()) {
    put('"');
    put(s);
    put('"');
    return;
  }
  // Anything but printable ASCII from here on: sanitise the whole string
  // (the bytes before i are plain, but the escape loop below is cheap).
  std::string clean;
  for (std::size_t j = i; j < s.size(); ++j)
    if (cls[static_cast<unsigned char>(s[j])] == 3) {
      clean = sanitize_utf8(s);
      s = clean;
      i = 0;
      break;
    }
  static const char hex[] = "0123456789ABCDEF";
  put('"');
  put(s.substr(0, i));
  std::size_t run = i;
  for (; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    put(s.substr(run, i - run));
    char esc[6] = {'\\', 0, 0, 0, 0, 0};
    std::size_t n = 2;
    switch (c) {
      case '"': esc[1] = '"'; break;
      case '\\': esc[1] = '\\'; break;
      case '\b': esc[1] = 'b'; break;
      case '\f': esc[1] = 'f'; break;
      case '\n': esc[1] = 'n'; break;
      case '\r': esc[1] = 'r'; break;
      case '\t': esc[1] = 't'; break;
      default:
        esc[1] = 'u';
        esc[2] = '0';
        esc[3] = '0';
        esc[4] = hex[c >> 4];
        esc[5] = hex[c & 0xF];
        n = 6;
    }
    put(std::string_view(esc, n));
    run = i + 1;
  }
  put(s.substr(run));
  put('"');
}

}  // namespace kg::export_detail
