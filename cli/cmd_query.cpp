// kg query GRAPH -c 'KGQ' | -f FILE.kgq | statements on stdin: runs KGQ
// statements and prints each result. Fail-fast by default (exit 1 at the
// first error, FILE:LINE:COL with a caret); --keep-going reports every error
// and exits 1 at the end if any occurred.
#include <iostream>
#include <unistd.h>

#include "cli/commands.hpp"
#include "common/atomic_file.hpp"
#include "common/error.hpp"
#include "graph/graph_file.hpp"
#include "cli/shell.hpp"
#include "query/session.hpp"

namespace kg::cli {

static const CommandSpec kQuerySpec{
    "query",
    "GRAPH (-c 'STATEMENTS' | -f FILE.kgq)... [--mode M] [--param NAME=VALUE]...",
    "Run KGQ statements against a graph file.",
    "Statements end with ';'. Without -c or -f, statements are read from standard input when it is not a "
    "terminal. Results go to standard output, errors to standard error. The language is described in "
    "docs/query-language.md.\n\nGuards stop runaway walks with a message naming the guard: --max-hops, "
    "--max-paths, --max-rows, --timeout.",
    {{"command", 'c', "STATEMENTS", "Run these statements", true},
     {"file", 'f', "FILE", "Run the statements in FILE (.kgq)", true},
     {"mode", 'm', "MODE", "Output mode: table (default), box, csv, tsv, json, jsonl, markdown, list"},
     {"param", 'p', "NAME=VALUE", "Set $NAME (a KGQ literal such as 2024-02, 15M EUR, 42, or text)", true},
     {"keep-going", 'k', "", "Report an error and continue with the next statement"},
     {"max-hops", 0, "N", "Largest hop count a quantifier may ask for (default 16)"},
     {"max-paths", 0, "N", "Partial paths a statement may expand (default 2000000)"},
     {"max-rows", 0, "N", "Matched rows a statement may produce (default 1000000)"},
     {"timeout", 0, "MS", "Time limit per statement in milliseconds, 0 = none (default 30000)"}},
    1,
    1};

int cmd_query(int argc, char** argv) {
  ParsedArgs args;
  if (parse_or_help(kQuerySpec, argc, argv, args)) return 0;
  query::OutputMode mode = query::OutputMode::table;
  if (args.has("mode")) {
    auto m = query::parse_output_mode(args.get("mode"));
    if (!m) throw UsageError("unknown --mode '" + args.get("mode") + "' (modes: " + query::output_mode_names() + ")");
    mode = *m;
  }
  // Scripts in command-line order: -c and -f may be mixed and repeated.
  std::vector<std::pair<std::string, std::string>> scripts;  // origin, text
  {
    // ParsedArgs keeps each option's values in order; interleave by argv position.
    std::size_t ci = 0, fi = 0;
    const auto& cs = args.all("command");
    const auto& fs = args.all("file");
    for (int i = 0; i < argc; ++i) {
      std::string a = argv[i];
      bool is_c = a == "-c" || a == "--command" || a.rfind("--command=", 0) == 0 || (a.rfind("-c", 0) == 0 && a.size() > 2 && a[1] != '-');
      bool is_f = a == "-f" || a == "--file" || a.rfind("--file=", 0) == 0 || (a.rfind("-f", 0) == 0 && a.size() > 2 && a[1] != '-');
      if (is_c && ci < cs.size()) scripts.emplace_back("<command>", cs[ci++]);
      else if (is_f && fi < fs.size()) {
        scripts.emplace_back(fs[fi], read_file(fs[fi]));
        ++fi;
      }
    }
    while (ci < cs.size()) scripts.emplace_back("<command>", cs[ci++]);
    while (fi < fs.size()) {
      scripts.emplace_back(fs[fi], read_file(fs[fi]));
      ++fi;
    }
  }
  if (scripts.empty()) {
    if (::isatty(0)) throw UsageError("no statements: give -c 'STATEMENTS', -f FILE.kgq or pipe them on stdin");
    scripts.emplace_back("<stdin>", read_file("-"));
  }

  query::Limits limits;
  limits.max_hops = static_cast<unsigned>(args.get_int("max-hops", limits.max_hops));
  limits.max_paths = static_cast<std::uint64_t>(args.get_int("max-paths", static_cast<long long>(limits.max_paths)));
  limits.max_rows = static_cast<std::uint64_t>(args.get_int("max-rows", static_cast<long long>(limits.max_rows)));
  limits.timeout_ms = static_cast<std::uint64_t>(args.get_int("timeout", static_cast<long long>(limits.timeout_ms)));

  // Batch files run through the shell's engine, so dot-commands (.mode,
  // .param, .output, .read, ...) work in files exactly as they do typed.
  Shell::Options opt;
  opt.interactive = false;
  opt.mode = mode;
  opt.separate_results = true;
  Shell shell(opt);
  shell.open_graph(args.positional[0]);
  shell.set_limits(limits);
  shell.set_bail(!args.has("keep-going"));
  for (const auto& p : args.all("param")) {
    auto eq = p.find('=');
    if (eq == std::string::npos || eq == 0) throw UsageError("--param needs NAME=VALUE, got '" + p + "'");
    std::string name = p.substr(0, eq);
    if (name[0] == '$') name.erase(0, 1);
    shell.set_param_text(name, p.substr(eq + 1));
  }
  for (const auto& [origin, text] : scripts)
    if (!shell.feed_script(text, origin)) break;
  shell.finish();
  // Fail-fast: the first error's code; --keep-going: 1 if anything failed.
  int rc = !shell.had_error() ? 0 : args.has("keep-going") ? static_cast<int>(ExitCode::data) : shell.error_exit_code();
  exit_without_cleanup(rc);  // everything is written: finish() committed any .output file
}

}  // namespace kg::cli
