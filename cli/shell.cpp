#include "cli/shell.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "cli/shell_ingest.hpp"
#include "common/text.hpp"
#include "graph/graph_file.hpp"
#include "query/completion.hpp"
#include "query/table_fit.hpp"

namespace kg::cli {

std::atomic<bool> g_shell_cancel{false};

using Clock = std::chrono::steady_clock;
static double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}
static std::string format_ms(double ms) {
  char buf[64];
  if (ms < 1000) std::snprintf(buf, sizeof buf, "%.1f ms", ms);
  else std::snprintf(buf, sizeof buf, "%.2f s", ms / 1000);
  return buf;
}

std::size_t terminal_width() {
  struct winsize ws {};
  if (::ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  if (const char* c = std::getenv("COLUMNS")) {
    long n = std::atol(c);
    if (n > 0) return static_cast<std::size_t>(n);
  }
  return 80;
}

static bool colour_allowed(int fd) {
  const char* no = std::getenv("NO_COLOR");
  if (no && *no) return false;
  const char* term = std::getenv("TERM");
  if (term && std::string(term) == "dumb") return false;
  return ::isatty(fd) != 0;
}

// One table: name, arguments, help, completion kind, handler. `.help` prints
// it; unknown names get the closest one suggested.
const std::vector<DotCommand>& Shell::dot_commands() {
  static const std::vector<DotCommand> table = {
      {".help", "[COMMAND]", "Show this list, or the help of one command", DotArg::none, &Shell::cmd_help},
      {".mode", "table|box|csv|tsv|json|jsonl|markdown|list", "How results are printed (no argument: show it)",
       DotArg::mode, &Shell::cmd_mode},
      {".timer", "on|off", "Print the run time of every statement", DotArg::on_off, &Shell::cmd_timer},
      {".output", "[FILE]", "Send results to FILE (written when switched back); no FILE: back to the terminal",
       DotArg::file, &Shell::cmd_output},
      {".once", "FILE", "Send the next result only to FILE", DotArg::file, &Shell::cmd_once},
      {".read", "FILE", "Run the statements and dot-commands of a .kgq file", DotArg::file, &Shell::cmd_read},
      {".bail", "on|off", "Stop a .read file (or piped input) at the first error", DotArg::on_off, &Shell::cmd_bail},
      {".maxhops", "N", "Largest hop count a walk may use (default 16)", DotArg::number, &Shell::cmd_maxhops},
      {".maxpaths", "N", "Partial paths a statement may expand before it stops (default 2,000,000)", DotArg::number,
       &Shell::cmd_maxpaths},
      {".maxrows", "N", "Rows shown on the terminal; 0 = all (default 40)", DotArg::number, &Shell::cmd_maxrows},
      {".rowbudget", "N", "Matched rows a statement may produce before it stops (default 1,000,000)", DotArg::number,
       &Shell::cmd_rowbudget},
      {".timeout", "MS", "Stop a statement after MS milliseconds; 0 = never (default 30000)", DotArg::number,
       &Shell::cmd_timeout},
      {".param", "set NAME VALUE | list | clear [NAME]", "Parameters for $NAME in statements", DotArg::param,
       &Shell::cmd_param},
      {".schema", "", "Entity types, relation types and keys of the graph", DotArg::none, &Shell::cmd_schema},
      {".stats", "", "Counts of entities, relations, evidence and documents", DotArg::none, &Shell::cmd_stats},
      {".load", "GRAPH", "Open another graph file (parameters and settings stay)", DotArg::graph_file,
       &Shell::cmd_load},
      {".ingest", "PATH", "Add documents (.txt, .md, directory, .jsonl) or a triples .jsonl file to the graph",
       DotArg::file, &Shell::cmd_ingest},
      {".save", "[GRAPH]", "Write the graph to GRAPH (default: the file it came from)", DotArg::graph_file,
       &Shell::cmd_save},
      {".quit", "", "Leave the shell (Ctrl-D does the same)", DotArg::none, &Shell::cmd_quit},
      {".exit", "", "Same as .quit", DotArg::none, &Shell::cmd_quit},
  };
  return table;
}

Shell::Shell(Options opt) : opt_(opt), graph_(std::make_unique<KnowledgeGraph>()), mode_(opt.mode) {
  colour_out_ = colour_allowed(1);
  colour_err_ = colour_allowed(2);
  bail_ = !opt_.interactive;  // piped input behaves like a batch file: stop at the first error
  reset_session();
}

Shell::~Shell() = default;

void Shell::reset_session() {
  std::map<std::string, Value> params;
  if (session_) {
    params = session_->params();
    limits_ = session_->limits();
  }
  session_ = std::make_unique<query::Session>(*graph_, limits_);
  session_->set_cancel_flag(&g_shell_cancel);
  for (auto& [k, v] : params) session_->set_param(k, v);
}

void Shell::open_graph(const std::string& path) {
  auto g = std::make_unique<KnowledgeGraph>(load_graph(path));
  // The session refers to the graph: replace both together.
  if (session_) limits_ = session_->limits();
  auto params = session_ ? session_->params() : std::map<std::string, Value>{};
  session_.reset();
  graph_ = std::move(g);
  graph_path_ = path;
  session_ = std::make_unique<query::Session>(*graph_, limits_);
  session_->set_cancel_flag(&g_shell_cancel);
  for (auto& [k, v] : params) session_->set_param(k, v);
}

std::vector<std::string> Shell::param_names() const {
  std::vector<std::string> out;
  for (const auto& kv : session_->params()) out.push_back(kv.first);
  return out;
}

void Shell::print_banner(double load_seconds) {
  std::string what = graph_path_.empty() ? std::string("an empty graph (fill it with .ingest or .load)")
                                         : graph_path_ + ": " + query::group_thousands(graph_->entity_count()) +
                                               " entities, " + query::group_thousands(graph_->relation_count()) +
                                               " relations";
  if (load_seconds >= 0.05) {
    char buf[48];
    std::snprintf(buf, sizeof buf, " (loaded in %.2f s)", load_seconds);
    what += buf;
  }
  std::cout << "kg shell on " << what << "\n"
            << "Statements end with ';'. .help lists commands; Tab completes; Ctrl-D leaves.\n";
  std::cout.flush();
}

void Shell::info(const std::string& text) {
  std::cout.flush();
  if (colour_err_) std::cerr << "\x1b[2m" << text << "\x1b[0m\n";
  else std::cerr << text << "\n";
}

void Shell::report(const Error& e, bool show_file) {
  // A bad dot-command in a script is an error in the script (exit 1), not a
  // misuse of kg's own command line (exit 2).
  if (!had_error_) first_error_code_ = e.kind() == ErrorKind::usage ? 1 : static_cast<int>(e.exit_code());
  had_error_ = true;
  Error copy = e;
  if (!show_file && copy.pos().file.rfind("<", 0) == 0) copy.pos().file.clear();
  std::string msg = format_error(copy);
  std::cout.flush();
  if (colour_err_) {
    // Colour only the word "error:"; the caret line stays plain for alignment.
    auto p = msg.find("error:");
    if (p != std::string::npos) msg = msg.substr(0, p) + "\x1b[1;31merror:\x1b[0m" + msg.substr(p + 6);
  }
  std::cerr << msg;
  std::cerr.flush();
}

void Shell::write_out(const std::string& text) {
  if (output_) {
    output_->write(text);
    return;
  }
  std::cout << text;
  std::cout.flush();
}

void Shell::print_result(const query::Table& t) {
  for (const auto& n : t.notes) info(n);
  if (!t.has_result) return;
  if (opt_.separate_results && printed_result_ && !output_ &&
      (mode_ == query::OutputMode::table || mode_ == query::OutputMode::box))
    write_out("\n");
  printed_result_ = true;
  if (output_) {
    output_->write(query::format_table(t, mode_));
  } else if (::isatty(1)) {
    query::FitOptions fit;
    fit.width = terminal_width();
    fit.max_rows = max_rows_;
    fit.colour = colour_out_;
    write_out(query::format_table_fit(t, mode_, fit));
  } else {
    write_out(query::format_table(t, mode_));
  }
  if (once_ && output_) {
    output_->commit();
    info("wrote " + output_->path());
    output_.reset();
    once_ = false;
  }
}

bool Shell::feed_line(const std::string& raw, const std::string& origin, std::size_t line_no) {
  std::string line = raw;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (pending_.empty()) {
    std::string t = trim(line);
    if (t.empty()) return !quit_;
    if (t[0] == '.') {
      if (history_sink_ && read_depth_ == 0) history_sink_(t);
      run_dot(t, origin, line_no);
      return !quit_;
    }
    pending_first_line_ = line_no;
  }
  pending_ += line;
  pending_ += '\n';
  if (query::statement_is_complete(pending_)) {
    std::string text = std::move(pending_);
    pending_.clear();
    if (history_sink_ && read_depth_ == 0) history_sink_(query::statement_one_line(text));
    run_statements(text, origin, pending_first_line_);
  } else if (trim(pending_).rfind("--", 0) == 0 && query::statement_one_line(pending_).empty()) {
    pending_.clear();  // a comment line on its own is not a statement
  }
  return !quit_;
}

void Shell::run_statements(const std::string& text, const std::string& origin, std::size_t first_line) {
  // Leading newlines keep line numbers right for statements from a file.
  std::string script = std::string(first_line > 1 ? first_line - 1 : 0, '\n') + text;
  g_shell_cancel = false;
  auto t0 = Clock::now();
  try {
    session_->run_script(script, origin, [&](const query::ParsedStatement&, const query::Table& t) {
      double ms = ms_since(t0);
      print_result(t);
      if (timer_) info("Run time: " + format_ms(ms));
      t0 = Clock::now();
    });
  } catch (const Error& e) {
    if (g_shell_cancel) {
      had_error_ = true;
      info("interrupted after " + format_ms(ms_since(t0)) + "; the session is intact");
      if (read_depth_ > 0) stop_reading_ = true;  // Ctrl-C stops the whole .read file
    } else {
      report(e, read_depth_ > 0 || !opt_.interactive);
    }
    if (bail_ && (read_depth_ > 0 || !opt_.interactive)) stop_reading_ = true;
  }
  g_shell_cancel = false;
}

static std::vector<std::string> split_words(const std::string& s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (i >= s.size()) break;
    std::string w;
    if (s[i] == '\'' || s[i] == '"') {
      char q = s[i++];
      while (i < s.size() && s[i] != q) w += s[i++];
      ++i;
    } else {
      while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) w += s[i++];
    }
    out.push_back(w);
  }
  return out;
}

void Shell::run_dot(const std::string& line, const std::string& origin, std::size_t line_no) {
  std::vector<std::string> words = split_words(line);
  std::string name = ascii_lower(words[0]);
  try {
    const DotCommand* found = nullptr;
    std::vector<std::string> names;
    for (const auto& c : dot_commands()) {
      names.push_back(c.name);
      if (name == c.name) found = &c;
    }
    if (!found) {
      std::string msg = "unknown command '" + words[0] + "'";
      std::string best = closest_match(name, names);
      if (!best.empty()) msg += "; did you mean '" + best + "'?";
      throw UsageError(msg + " (.help lists the commands)");
    }
    if (name == ".param") {
      // The value is the rest of the line, quotes and spaces included.
      std::vector<std::string> args(words.begin() + 1, words.end());
      if (args.size() >= 2 && ascii_lower(args[0]) == "set") {
        std::size_t p = line.find(args[1], ascii_lower(line).find("set") + 3);
        std::string rest = trim(line.substr(p + args[1].size()));
        args = {"set", args[1], rest};
      }
      (this->*found->run)(args);
      return;
    }
    (this->*found->run)(std::vector<std::string>(words.begin() + 1, words.end()));
  } catch (const Error& e) {
    if (read_depth_ > 0 || !opt_.interactive) {
      Error located(e.kind(), e.message(), locate(origin, std::string(line_no > 0 ? line_no - 1 : 0, '\n') + line,
                                                  (line_no > 0 ? line_no - 1 : 0), words[0].size()));
      report(e.pos().known() ? e : located, true);
    } else {
      report(e, false);
    }
    if (bail_ && (read_depth_ > 0 || !opt_.interactive)) stop_reading_ = true;
  }
}

// ---- dot-commands -----------------------------------------------------------

static bool parse_on_off(const std::vector<std::string>& a, const char* cmd) {
  if (a.size() == 1) {
    std::string v = ascii_lower(a[0]);
    if (v == "on" || v == "1" || v == "true" || v == "yes") return true;
    if (v == "off" || v == "0" || v == "false" || v == "no") return false;
  }
  throw UsageError(std::string(cmd) + " takes on or off");
}

static std::uint64_t parse_count(const std::vector<std::string>& a, const char* cmd) {
  if (a.size() == 1) {
    try {
      std::size_t used = 0;
      long long n = std::stoll(a[0], &used);
      if (used == a[0].size() && n >= 0) return static_cast<std::uint64_t>(n);
    } catch (...) {
    }
  }
  throw UsageError(std::string(cmd) + " takes a whole number, e.g. " + cmd + " 100");
}

void Shell::cmd_help(const std::vector<std::string>& a) {
  std::ostringstream out;
  for (const auto& c : dot_commands()) {
    if (!a.empty() && ascii_lower(a[0]) != c.name && "." + ascii_lower(a[0]) != c.name) continue;
    std::string head = std::string(c.name) + (*c.args ? " " + std::string(c.args) : "");
    out << "  " << head;
    if (head.size() < 34) out << std::string(34 - head.size(), ' ');
    else out << "\n" << std::string(36, ' ');
    out << c.help << "\n";
  }
  if (out.str().empty()) throw UsageError("no command '" + a[0] + "' (.help lists the commands)");
  if (a.empty())
    out << "\nStatements end with ';' and may span lines. Tab completes keywords, entity names (after a quote),\n"
           "relation types (after ':' in -[ ]-), entity types (after ':' in ( )), keys (after '.'), $parameters,\n"
           "commands and file names. Ctrl-C stops a running statement; Ctrl-D leaves. Details: docs/shell.md.\n";
  std::cout << out.str();
  std::cout.flush();
}

void Shell::cmd_mode(const std::vector<std::string>& a) {
  if (a.empty()) {
    std::cout << "mode: " << query::output_mode_name(mode_) << "\n";
    return;
  }
  auto m = query::parse_output_mode(a[0]);
  if (!m || a.size() > 1) {
    std::vector<std::string> names = {"table", "box", "csv", "tsv", "json", "jsonl", "markdown", "list"};
    std::string best = a.empty() ? "" : closest_match(a[0], names);
    throw UsageError("unknown mode '" + a[0] + "'" + (best.empty() ? "" : "; did you mean '" + best + "'?") +
                     " (modes: " + query::output_mode_names() + ")");
  }
  mode_ = *m;
}

void Shell::cmd_timer(const std::vector<std::string>& a) { timer_ = parse_on_off(a, ".timer"); }
void Shell::cmd_bail(const std::vector<std::string>& a) { bail_ = parse_on_off(a, ".bail"); }

void Shell::cmd_output(const std::vector<std::string>& a) {
  if (a.size() > 1) throw UsageError(".output takes one file name (quote names with spaces)");
  if (output_) {
    output_->commit();
    info("wrote " + output_->path());
    output_.reset();
  }
  once_ = false;
  if (a.empty() || a[0] == "-" || a[0] == "stdout") return;
  output_ = std::make_unique<AtomicFile>(a[0]);
}

void Shell::cmd_once(const std::vector<std::string>& a) {
  if (a.size() != 1) throw UsageError(".once takes one file name");
  cmd_output(a);
  once_ = true;
}

bool Shell::read_file_lines(const std::string& path) {
  std::string text = read_file(path);
  std::istringstream in(text);
  std::string line;
  std::size_t no = 0;
  std::string saved_pending = std::move(pending_);
  pending_.clear();
  ++read_depth_;
  while (std::getline(in, line)) {
    if (!feed_line(line, path, ++no) || stop_reading_) break;
  }
  --read_depth_;
  if (!stop_reading_ && !quit_) report_unterminated(path);
  pending_ = std::move(saved_pending);
  bool ok = !stop_reading_;
  if (read_depth_ == 0 && opt_.interactive) stop_reading_ = false;
  return ok;
}

bool Shell::feed_script(const std::string& text, const std::string& origin) {
  std::size_t no = 0, pos = 0;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    if (!(nl == text.size() && pos == nl)) {  // no empty last line after a final newline
      if (!feed_line(text.substr(pos, nl - pos), origin, ++no)) return false;
      if (stop_reading_) return false;
    }
    pos = nl + 1;
  }
  report_unterminated(origin);
  return !stop_reading_;
}

bool Shell::report_unterminated(const std::string& origin) {
  if (trim(pending_).empty()) return false;
  std::string text = std::string(pending_first_line_ > 1 ? pending_first_line_ - 1 : 0, '\n') + pending_;
  std::size_t first = text.find_first_not_of(" \t\n");
  SourcePos pos = locate(origin, text, first == std::string::npos ? 0 : first);
  pending_.clear();
  report(DataError("this statement has no ';' at its end", pos), true);
  return true;
}

void Shell::cmd_read(const std::vector<std::string>& a) {
  if (a.size() != 1) throw UsageError(".read takes one file name");
  if (read_depth_ > 16) throw UsageError(".read nested too deeply (a file reading itself?)");
  read_file_lines(a[0]);
}

void Shell::cmd_maxhops(const std::vector<std::string>& a) {
  session_->limits().max_hops = static_cast<unsigned>(parse_count(a, ".maxhops"));
  limits_ = session_->limits();
}
void Shell::cmd_maxpaths(const std::vector<std::string>& a) {
  session_->limits().max_paths = parse_count(a, ".maxpaths");
  limits_ = session_->limits();
}
void Shell::cmd_maxrows(const std::vector<std::string>& a) { max_rows_ = parse_count(a, ".maxrows"); }
void Shell::cmd_rowbudget(const std::vector<std::string>& a) {
  session_->limits().max_rows = parse_count(a, ".rowbudget");
  limits_ = session_->limits();
}
void Shell::cmd_timeout(const std::vector<std::string>& a) {
  session_->limits().timeout_ms = parse_count(a, ".timeout");
  limits_ = session_->limits();
}

void Shell::cmd_param(const std::vector<std::string>& a) {
  std::string sub = a.empty() ? "list" : ascii_lower(a[0]);
  if (sub == "set") {
    if (a.size() < 3 || a[2].empty()) throw UsageError(".param set NAME VALUE, e.g. .param set since 2024-01-01");
    std::string name = a[1];
    if (!name.empty() && name[0] == '$') name = name.substr(1);
    session_->set_param_text(name, a[2]);
    return;
  }
  if (sub == "list") {
    query::Table t;
    t.columns = {"name", "value", "type"};
    for (const auto& [k, v] : session_->params())
      t.rows.push_back({query::Cell{"$" + k}, query::Cell{v}, query::Cell{std::string(type_name(type_of(v)))}});
    if (t.rows.empty()) {
      info("no parameters (.param set NAME VALUE)");
      return;
    }
    query::FitOptions fit;
    fit.width = terminal_width();
    std::cout << query::format_table_fit(t, query::OutputMode::table, fit);
    std::cout.flush();
    return;
  }
  if (sub == "clear") {
    // Session has no erase: rebuild it with the parameters that stay.
    auto params = session_->params();
    if (a.size() > 1) {
      std::string name = a[1][0] == '$' ? a[1].substr(1) : a[1];
      if (!params.erase(name)) throw UsageError("no parameter $" + name);
    } else {
      params.clear();
    }
    limits_ = session_->limits();
    session_ = std::make_unique<query::Session>(*graph_, limits_);
    session_->set_cancel_flag(&g_shell_cancel);
    for (auto& [k, v] : params) session_->set_param(k, v);
    return;
  }
  throw UsageError(".param set NAME VALUE | list | clear [NAME]");
}

void Shell::cmd_schema(const std::vector<std::string>&) {
  const KnowledgeGraph& g = *graph_;
  const Graph& gr = g.graph();
  std::vector<std::size_t> ecount(g.entity_types().size()), rcount(g.relation_types().size());
  for (Vertex v : boost::make_iterator_range(boost::vertices(gr))) ++ecount[gr[v].type];
  for (Edge e : g.relations()) ++rcount[gr[e].type];
  std::ostringstream out;
  out << "entity types\n";
  for (std::size_t i = 0; i < ecount.size(); ++i)
    out << "  " << g.entity_types()[i] << std::string(g.entity_types()[i].size() < 20 ? 20 - g.entity_types()[i].size() : 1, ' ')
        << query::group_thousands(ecount[i]) << "\n";
  out << "relation types\n";
  for (std::size_t i = 0; i < rcount.size(); ++i) {
    const auto& rt = g.relation_types()[i];
    out << "  " << rt.name << std::string(rt.name.size() < 20 ? 20 - rt.name.size() : 1, ' ')
        << query::group_thousands(rcount[i]) << (rt.symmetric ? "  (symmetric)" : "") << "\n";
  }
  auto keys = [&](const std::vector<std::string>& k) {
    std::string s;
    for (const auto& x : k) s += (s.empty() ? "" : ", ") + x;
    return s;
  };
  out << "entity keys\n  " << keys(query::completion_entity_keys(g)) << "\n";
  out << "relation keys\n  " << keys(query::completion_relation_keys(g)) << "\n";
  std::cout << out.str();
  std::cout.flush();
}

void Shell::cmd_stats(const std::vector<std::string>&) {
  const KnowledgeGraph& g = *graph_;
  std::cout << "graph      " << (graph_path_.empty() ? "(not saved)" : graph_path_) << "\n"
            << "entities   " << query::group_thousands(g.entity_count()) << "\n"
            << "relations  " << query::group_thousands(g.relation_count()) << "\n"
            << "evidence   " << query::group_thousands(g.evidence_count()) << "\n"
            << "documents  " << query::group_thousands(g.documents().size()) << "\n";
  std::cout.flush();
}

void Shell::cmd_load(const std::vector<std::string>& a) {
  if (a.size() != 1) throw UsageError(".load takes one graph file");
  auto t0 = Clock::now();
  open_graph(a[0]);
  info("loaded " + a[0] + ": " + query::group_thousands(graph_->entity_count()) + " entities, " +
       query::group_thousands(graph_->relation_count()) + " relations in " + format_ms(ms_since(t0)));
}

void Shell::cmd_ingest(const std::vector<std::string>& a) {
  if (a.size() != 1) throw UsageError(".ingest takes one path (file, directory or - for stdin)");
  auto t0 = Clock::now();
  std::size_t before_rel = graph_->relation_count(), before_ent = graph_->entity_count();
  std::size_t triples = ingest_into(*graph_, a[0], [&](const std::string& m) { info("warning: " + m); });
  info("added " + query::group_thousands(triples) + " triples: +" +
       query::group_thousands(graph_->entity_count() - before_ent) + " entities, +" +
       query::group_thousands(graph_->relation_count() - before_rel) + " relations in " +
       format_ms(ms_since(t0)) + " (.save to keep them)");
}

void Shell::cmd_save(const std::vector<std::string>& a) {
  if (a.size() > 1) throw UsageError(".save takes at most one graph file");
  std::string path = a.empty() ? graph_path_ : a[0];
  if (path.empty()) throw UsageError(".save needs a file name: this graph was not loaded from one");
  save_graph(*graph_, path);
  graph_path_ = path;
  info("saved " + path);
}

void Shell::cmd_quit(const std::vector<std::string>&) { quit_ = true; }

void Shell::finish() {
  if (output_) {
    output_->commit();
    output_.reset();
  }
}

}  // namespace kg::cli
