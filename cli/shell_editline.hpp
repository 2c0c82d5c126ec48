// Line editing for the shell: libedit (BSD) with emacs keys, persistent
// history saved after every statement, Tab completion from the loaded graph,
// and Ctrl-C at the prompt as a key (not a signal) that clears the line.
#pragma once
#include <string>
#include <vector>

namespace kg::cli {

class Shell;

// Everything Tab can offer at the end of `line` (the current line up to the
// cursor; `pending` holds the earlier lines of the statement).
struct LineCompletion {
  std::size_t word_begin = 0;  // byte offset in `line` of the text being replaced
  std::vector<std::string> candidates;
  std::string unique_suffix;   // appended when exactly one candidate is left ("'", " ")
  bool escape_quote = false;   // double `quote` inside inserted text
  char quote = 0;
};
LineCompletion complete_line(const Shell& shell, const std::string& line);

// File names starting with `prefix` ("samples/q" -> "samples/queries/"); directories end in '/'.
std::vector<std::string> complete_file_name(const std::string& prefix, bool graphs_only);

class LineEditor {
 public:
  enum class Read { line, eof, interrupt, interrupt_empty };  // interrupt_empty: Ctrl-C on an empty line
  // history_path "" = no history file (--no-history).
  LineEditor(Shell& shell, std::string history_path);
  ~LineEditor();
  LineEditor(const LineEditor&) = delete;
  LineEditor& operator=(const LineEditor&) = delete;

  Read read(std::string& line, const std::string& prompt);
  // Adds an entry to history and saves the history file at once, so nothing
  // is lost whichever way the shell ends.
  void remember(const std::string& entry);
  // The history file in use, "" when none; warning text when it cannot be used.
  const std::string& history_path() const { return history_path_; }

  struct Impl;

 private:
  Impl* impl_;
  std::string history_path_;
};

// $KG_HISTORY, else $XDG_STATE_HOME/kg/history, else ~/.local/state/kg/history.
std::string default_history_path();

}  // namespace kg::cli
