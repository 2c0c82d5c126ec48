// Errors with source positions, shared by every layer. Libraries throw these;
// only cli/ prints them (format_error) and maps them to exit codes.
#pragma once
#include <cstddef>
#include <stdexcept>
#include <string>

namespace kg {

// Documented process exit codes (docs/cli.md).
enum class ExitCode : int { ok = 0, data = 1, usage = 2, io = 3, interrupted = 130 };

enum class ErrorKind {
  data,   // bad input data: graph file, rules, triples, query syntax/binding
  usage,  // bad command line
  io,     // file cannot be opened, read or written
  limit,  // a guard (hops, rows, time, memory) stopped the work
};

// A place in a source text. line and column are 1-based; 0 means unknown.
struct SourcePos {
  std::string file;        // file name as the user gave it, or "<query>" etc.
  std::size_t line = 0;
  std::size_t column = 0;  // in characters (UTF-8 code points) from line start
  std::size_t offset = 0;  // byte offset from the start of the text
  std::size_t length = 1;  // how many characters the caret should underline
  std::string source_line; // the text of that line (or a window of it), for the caret
  std::size_t caret_column = 0;  // column of the caret within source_line; 0 = column
  std::string pointer;     // JSON pointer into the document, where it applies

  bool known() const { return line != 0; }
  static SourcePos of_file(std::string f) {
    SourcePos p;
    p.file = std::move(f);
    return p;
  }
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string message, SourcePos pos = {})
      : std::runtime_error(message), kind_(kind), message_(std::move(message)), pos_(std::move(pos)) {}
  ErrorKind kind() const { return kind_; }
  const std::string& message() const { return message_; }
  const SourcePos& pos() const { return pos_; }
  SourcePos& pos() { return pos_; }
  ExitCode exit_code() const;

 private:
  ErrorKind kind_;
  std::string message_;
  SourcePos pos_;
};

struct DataError : Error {
  explicit DataError(std::string m, SourcePos p = {}) : Error(ErrorKind::data, std::move(m), std::move(p)) {}
};
struct UsageError : Error {
  explicit UsageError(std::string m) : Error(ErrorKind::usage, std::move(m)) {}
};
struct IoError : Error {
  explicit IoError(std::string m, SourcePos p = {}) : Error(ErrorKind::io, std::move(m), std::move(p)) {}
};
struct LimitError : Error {
  explicit LimitError(std::string m, SourcePos p = {}) : Error(ErrorKind::limit, std::move(m), std::move(p)) {}
};

// Computes line, column and the source line of byte `offset` in `text`.
SourcePos locate(const std::string& file, const std::string& text, std::size_t offset, std::size_t length = 1);

// "file:line:col: error: message" followed, when the source line is known, by
// the line and a caret under the offending column.
std::string format_error(const Error& e);

}  // namespace kg
