// Internal to the exporters: the output buffer every text writer appends to.
// Writers produce hundreds of MB for a large graph, so this avoids what made
// them slow (std::ostream inserts, a temporary string per escaped value,
// snprintf per number): text goes into one fixed block that is handed to a
// sink (an AtomicFile or an ostream) whenever it fills, escaping copies runs
// of plain bytes and only looks closer at the rare ones that need it, and
// numbers are formatted with std::to_chars.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string_view>

#include "common/value.hpp"

namespace kg::export_detail {

class TextOut {
 public:
  using Sink = std::function<void(std::string_view)>;
  static constexpr std::size_t kBlock = 1 << 20;  // 1 MiB: big writes, small footprint

  explicit TextOut(Sink sink);
  explicit TextOut(std::ostream& out);
  TextOut(const TextOut&) = delete;
  TextOut& operator=(const TextOut&) = delete;
  // Does not flush: a writer that failed half-way must not emit its tail.
  ~TextOut() = default;

  void put(std::string_view s) {
    if (s.size() <= kBlock - used_) {
      std::char_traits<char>::copy(buf_.get() + used_, s.data(), s.size());
      used_ += s.size();
    } else {
      put_long(s);
    }
  }
  void put(char c) {
    if (used_ == kBlock) flush();
    buf_[used_++] = c;
  }
  void put_uint(std::uint64_t v);
  void put_int(std::int64_t v);
  // As kg::format_double (integral values without a decimal point, else the
  // shortest %g that round-trips), without allocating in the common cases.
  void put_number(double d);
  // As Date::iso(): 2024, 2024-02 or 2024-02-26.
  void put_date(const Date& d);
  // As RapidJSON's Writer::Double ("1.0", "15000000.0", "0.1", "1e21"); the
  // caller must pass a finite value.
  void put_json_double(double d);

  // XML-escapes `s` (& < > " ' and, in attribute values, tab/newline/CR as
  // character references; \r always). `s` must already be sanitised
  // (kg::sanitize_utf8), as every string in the export model is.
  void put_xml(std::string_view s, bool attribute);
  // Sanitises first when `s` has anything but printable ASCII, then escapes;
  // the output equals xml_escape(s, attribute).
  void put_xml_raw(std::string_view s, bool attribute);
  // A JSON string literal with quotes, sanitised to valid XML-safe UTF-8 and
  // escaped exactly as RapidJSON's Writer does (\" \\ \b \f \n \r \t, other
  // controls as \u00XX; non-ASCII kept).
  void put_json_string(std::string_view s);

  // Hands everything buffered to the sink.
  void flush();

 private:
  void put_long(std::string_view s);
  char* reserve(std::size_t n) {  // room for n bytes (n small)
    if (kBlock - used_ < n) flush();
    return buf_.get() + used_;
  }

  Sink sink_;
  std::unique_ptr<char[]> buf_;
  std::size_t used_ = 0;
};

}  // namespace kg::export_detail
