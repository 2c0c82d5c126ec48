#include "common/error.hpp"

#include "common/text.hpp"

namespace kg {

ExitCode Error::exit_code() const {
  switch (kind_) {
    case ErrorKind::usage: return ExitCode::usage;
    case ErrorKind::io: return ExitCode::io;
    case ErrorKind::data:
    case ErrorKind::limit: return ExitCode::data;
  }
  return ExitCode::data;
}

SourcePos locate(const std::string& file, const std::string& text, std::size_t offset, std::size_t length) {
  SourcePos pos;
  pos.file = file;
  if (offset > text.size()) offset = text.size();
  pos.offset = offset;
  pos.length = length == 0 ? 1 : length;
  std::size_t line_start = 0;
  pos.line = 1;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++pos.line;
      line_start = i + 1;
    }
  }
  std::size_t line_end = text.find('\n', line_start);
  if (line_end == std::string::npos) line_end = text.size();
  std::string line = text.substr(line_start, line_end - line_start);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  pos.column = utf8_length(text.substr(line_start, offset - line_start)) + 1;
  // Very long lines (minified JSON, a 50 MB line) are shown as a window around
  // the column so the caret stays readable.
  if (line.size() > 200) {
    std::size_t byte_col = offset - line_start;
    std::size_t from = byte_col > 80 ? byte_col - 80 : 0;
    while (from > 0 && (static_cast<unsigned char>(line[from]) & 0xC0) == 0x80) --from;
    std::string prefix = from > 0 ? "..." : "";
    pos.source_line = prefix + sanitize_utf8(line.substr(from, 160)) + (from + 160 < line.size() ? "..." : "");
    pos.caret_column = prefix.size() + utf8_length(line.substr(from, byte_col - from)) + 1;
    return pos;
  }
  pos.source_line = sanitize_utf8(line);
  return pos;
}

std::string format_error(const Error& e) {
  const SourcePos& p = e.pos();
  std::string out;
  if (!p.file.empty()) {
    out += p.file;
    if (p.line) {
      out += ':' + std::to_string(p.line);
      if (p.column) out += ':' + std::to_string(p.column);
    }
    out += ": ";
  }
  out += "error: " + e.message();
  if (!p.pointer.empty()) out += " (at " + p.pointer + ")";
  out += '\n';
  if (p.line && p.column && !p.source_line.empty()) {
    out += "  " + p.source_line + '\n';
    // The caret column counts characters of the displayed line; tabs are kept
    // so the caret lines up in a terminal.
    std::string pad = "  ";
    std::size_t col = 1;
    std::size_t i = 0;
    const std::string& s = p.source_line;
    std::size_t target = p.caret_column ? p.caret_column : p.column;
    while (col < target && i < s.size()) {
      unsigned char c = static_cast<unsigned char>(s[i]);
      pad += (c == '\t') ? '\t' : ' ';
      std::size_t n = utf8_sequence_length(c);
      i += n ? n : 1;
      ++col;
    }
    std::size_t len = p.length ? p.length : 1;
    if (len > 120) len = 120;
    out += pad + '^' + std::string(len > 1 ? len - 1 : 0, '~') + '\n';
  }
  return out;
}

}  // namespace kg
