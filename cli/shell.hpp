// The kg shell: a KGQ session on one graph, fed line by line from libedit, a
// pipe or a .read file; dot-commands come from one table that also writes
// .help and drives completion.
#pragma once
#include <atomic>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/atomic_file.hpp"
#include "common/error.hpp"
#include "graph/graph.hpp"
#include "query/session.hpp"
#include "query/table.hpp"

namespace kg::cli {

// Set by the SIGINT handler while a statement runs; the evaluator polls it.
extern std::atomic<bool> g_shell_cancel;

class Shell;

// What a dot-command's argument is, for completion.
enum class DotArg { none, file, mode, on_off, number, param, graph_file };

struct DotCommand {
  const char* name;   // ".mode"
  const char* args;   // "table|box|csv|..." for .help
  const char* help;   // one line
  DotArg arg;
  void (Shell::*run)(const std::vector<std::string>& args);
};

class Shell {
 public:
  struct Options {
    bool interactive = false;   // stdin is a terminal: prompts, Ctrl-C at the prompt, no bail
    query::OutputMode mode = query::OutputMode::table;
    bool separate_results = false;  // a blank line between table/box results (kg query)
  };

  explicit Shell(Options opt);
  ~Shell();

  static const std::vector<DotCommand>& dot_commands();

  // Loads a graph file in place of the current graph (params and limits stay).
  void open_graph(const std::string& path);

  // Feeds one line of input. Complete statements run at once; dot-commands
  // run when they start a statement. Returns false once .quit ran.
  bool feed_line(const std::string& line, const std::string& origin, std::size_t line_no);
  // The statement being typed (earlier lines of it), "" between statements.
  const std::string& pending() const { return pending_; }
  void discard_pending() { pending_.clear(); }
  // Called with each complete statement (on one line) or dot-command typed at
  // the top level, before it runs, so history keeps it whatever happens next.
  void set_history_sink(std::function<void(const std::string&)> sink) { history_sink_ = std::move(sink); }

  bool had_error() const { return had_error_; }
  // The exit code the first error calls for (docs/cli.md): 1 data, 3 I/O.
  int error_exit_code() const { return had_error_ ? first_error_code_ : 0; }
  // A statement failed with .bail on while reading a file or piped input.
  bool stopped() const { return stop_reading_; }
  void set_param_text(const std::string& name, const std::string& text) { session_->set_param_text(name, text); }
  void set_limits(const query::Limits& limits) { session_->limits() = limits_ = limits; }
  void set_bail(bool on) { bail_ = on; }
  // Feeds a whole file or -c text line by line, as a batch: returns false when
  // .quit ran or an error stopped the run (.bail on); reports a statement left
  // without ';' at the end.
  bool feed_script(const std::string& text, const std::string& origin);
  bool quit_requested() const { return quit_; }
  const KnowledgeGraph& graph() const { return *graph_; }
  std::vector<std::string> param_names() const;
  // `load_seconds` is shown when loading took long enough to notice.
  void print_banner(double load_seconds = 0);
  // At the end of a file or pipe: reports a statement left without ';'
  // (pointing at its first line) and returns true if there was one.
  bool report_unterminated(const std::string& origin);
  // Commits a pending .output file.
  void finish();

  // Dot-commands.
  void cmd_help(const std::vector<std::string>& a);
  void cmd_mode(const std::vector<std::string>& a);
  void cmd_timer(const std::vector<std::string>& a);
  void cmd_output(const std::vector<std::string>& a);
  void cmd_once(const std::vector<std::string>& a);
  void cmd_read(const std::vector<std::string>& a);
  void cmd_bail(const std::vector<std::string>& a);
  void cmd_maxhops(const std::vector<std::string>& a);
  void cmd_maxpaths(const std::vector<std::string>& a);
  void cmd_maxrows(const std::vector<std::string>& a);
  void cmd_rowbudget(const std::vector<std::string>& a);
  void cmd_timeout(const std::vector<std::string>& a);
  void cmd_param(const std::vector<std::string>& a);
  void cmd_schema(const std::vector<std::string>& a);
  void cmd_stats(const std::vector<std::string>& a);
  void cmd_load(const std::vector<std::string>& a);
  void cmd_ingest(const std::vector<std::string>& a);
  void cmd_save(const std::vector<std::string>& a);
  void cmd_quit(const std::vector<std::string>& a);

 private:
  void run_dot(const std::string& line, const std::string& origin, std::size_t line_no);
  void run_statements(const std::string& text, const std::string& origin, std::size_t first_line);
  void print_result(const query::Table& t);
  void report(const Error& e, bool show_file);
  void info(const std::string& text);  // status lines: stderr, dimmed on a terminal
  void write_out(const std::string& text);
  void reset_session();
  bool read_file_lines(const std::string& path);

  Options opt_;
  std::unique_ptr<KnowledgeGraph> graph_;
  std::string graph_path_;
  std::unique_ptr<query::Session> session_;
  query::Limits limits_;
  query::OutputMode mode_;
  bool timer_ = false;
  bool bail_ = false;
  std::size_t max_rows_ = 40;  // rows shown on a terminal
  std::unique_ptr<AtomicFile> output_;
  bool once_ = false;
  bool colour_out_ = false, colour_err_ = false;
  bool printed_result_ = false;
  int first_error_code_ = 1;
  bool had_error_ = false;
  bool quit_ = false;
  bool stop_reading_ = false;  // .bail on stopped a .read file
  int read_depth_ = 0;
  std::string pending_;
  std::size_t pending_first_line_ = 0;
  std::function<void(const std::string&)> history_sink_;
};

// Width of the terminal on stdout (COLUMNS, else 80 when unknown).
std::size_t terminal_width();

}  // namespace kg::cli
