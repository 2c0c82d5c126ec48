// kg shell: the interactive KGQ shell (docs/shell.md). On a terminal it edits
// lines with libedit, keeps history and completes from the graph; on a pipe it
// reads statements like a batch file and stops at the first error.
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/shell.hpp"
#include "cli/shell_editline.hpp"
#include "common/text.hpp"

namespace kg::cli {

static const CommandSpec kShellSpec{
    "shell",
    "[GRAPH] [--no-history] [--mode MODE] [--param NAME=VALUE]...",
    "Interactive KGQ shell on a graph file (an empty graph without one).",
    "Statements end with ';' and may span lines; lines starting with '.' are shell commands\n"
    "(.help lists them). History lives in $KG_HISTORY, else $XDG_STATE_HOME/kg/history, else\n"
    "~/.local/state/kg/history. When stdin is not a terminal the statements are read from it\n"
    "without prompts, and the first error stops the run with exit code 1 (.bail off keeps going).\n"
    "Keys, commands and completion: docs/shell.md.",
    {
        {"no-history", 0, "", "Neither read nor write the history file"},
        {"mode", 'm', "MODE", "Output mode: table, box, csv, tsv, json, jsonl, markdown, list (default table)"},
        {"param", 'p', "NAME=VALUE", "Set parameter $NAME (KGQ literal, else a string)", true},
    },
    0,
    1};

extern "C" void kg_shell_on_sigint(int) { g_shell_cancel.store(true); }

static int run_piped(Shell& shell) {
  std::string line;
  std::size_t no = 0;
  while (std::getline(std::cin, line)) {
    if (!shell.feed_line(line, "<stdin>", ++no)) break;
    if (shell.had_error() && shell.quit_requested()) break;
    if (shell.stopped()) break;
  }
  if (!shell.quit_requested() && !shell.stopped()) shell.report_unterminated("<stdin>");
  shell.finish();
  return shell.had_error() ? static_cast<int>(ExitCode::data) : 0;
}

static int run_interactive(Shell& shell, bool history) {
  struct sigaction sa {};
  sa.sa_handler = kg_shell_on_sigint;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;
  sigaction(SIGINT, &sa, nullptr);

  LineEditor editor(shell, history ? default_history_path() : std::string());
  shell.set_history_sink([&](const std::string& entry) { editor.remember(entry); });
  bool last_was_empty_interrupt = false;
  std::size_t no = 0;
  for (;;) {
    std::string line;
    auto got = editor.read(line, shell.pending().empty() ? "kg> " : "...> ");
    if (got == LineEditor::Read::eof) {
      std::cout << "\n";
      break;
    }
    if (got == LineEditor::Read::interrupt || got == LineEditor::Read::interrupt_empty) {
      bool empty = got == LineEditor::Read::interrupt_empty && shell.pending().empty();
      shell.discard_pending();
      std::cout << "^C\n";
      if (empty && last_was_empty_interrupt) break;  // a second Ctrl-C on an empty prompt leaves
      if (empty) std::cout << "(Ctrl-C again, Ctrl-D or .quit to leave)\n";
      std::cout.flush();
      last_was_empty_interrupt = empty;
      continue;
    }
    last_was_empty_interrupt = false;
    if (!shell.feed_line(line, "<shell>", ++no)) break;
  }
  shell.finish();
  std::cout.flush();
  return 0;
}

int cmd_shell(int argc, char** argv) {
  ParsedArgs args;
  if (parse_or_help(kShellSpec, argc, argv, args)) return 0;
  Shell::Options opt;
  opt.interactive = ::isatty(0) != 0;
  if (args.has("mode")) {
    auto m = query::parse_output_mode(args.get("mode"));
    if (!m) throw UsageError("kg shell: unknown --mode '" + args.get("mode") + "' (modes: " + query::output_mode_names() + ")");
    opt.mode = *m;
  }
  Shell shell(opt);
  auto t0 = std::chrono::steady_clock::now();
  if (!args.positional.empty()) shell.open_graph(args.positional[0]);
  double load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  for (const auto& p : args.all("param")) {
    auto eq = p.find('=');
    if (eq == std::string::npos || eq == 0) throw UsageError("kg shell: --param takes NAME=VALUE, not '" + p + "'");
    shell.set_param_text(p.substr(0, eq), p.substr(eq + 1));
  }
  int rc = 0;
  if (opt.interactive) {
    shell.print_banner(args.positional.empty() ? 0.0 : load_s);
    rc = run_interactive(shell, !args.has("no-history"));  // restores the terminal before returning
  } else {
    rc = run_piped(shell);
  }
  // Everything is written (finish() committed any .output file).
  exit_without_cleanup(rc);
}

}  // namespace kg::cli
