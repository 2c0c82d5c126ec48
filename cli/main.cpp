// kg: knowledge graphs from news text. Dispatches to the subcommands and is
// the one place that turns errors into messages and exit codes.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <unistd.h>

#include "cli/commands.hpp"
#include "common/error.hpp"
#include "common/text.hpp"

namespace kg::cli {

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      {"ingest", "Build or extend a graph from text documents or a triples file", cmd_ingest},
      {"extract", "Print the triples found in documents as JSON Lines", cmd_extract},
      {"stats", "Count entities, relations, evidence and documents in a graph", cmd_stats},
      {"export", "Write a graph as GraphML, GEXF, JSON or DOT", cmd_export},
      {"query", "Run KGQ statements against a graph", cmd_query},
      {"shell", "Interactive KGQ shell", cmd_shell},
      {"rules", "Check and test extraction rules", cmd_rules},
      {"merge", "Merge graph files into one", cmd_merge},
      {"convert", "Rewrite a graph file as JSON (.kg) or binary (.kgb)", cmd_convert},
  };
  return table;
}

bool parse_or_help(const CommandSpec& spec, int argc, char** argv, ParsedArgs& out) {
  out = parse_args(spec, argc, argv);
  if (out.help) {
    std::cout << format_help(spec);
    return true;
  }
  return false;
}

void exit_without_cleanup(int rc) {
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  std::_Exit(rc);
}

bool stdout_is_tty() { return ::isatty(1) != 0; }
bool stderr_is_tty() { return ::isatty(2) != 0; }

static void print_usage(std::ostream& os) {
  os << "Usage: kg COMMAND [OPTIONS] [ARGS]\n\n"
        "kg turns news text into a typed knowledge graph with provenance.\n\nCommands:\n";
  for (const auto& c : commands()) {
    std::string n = c.name;
    os << "  " << n << std::string(10 - n.size(), ' ') << c.summary << "\n";
  }
  os << "\nRun 'kg COMMAND --help' for a command's options. Exit codes: 0 ok, 1 data or query error,\n"
        "2 usage error, 3 I/O error (docs/cli.md).\n";
}

}  // namespace kg::cli

int main(int argc, char** argv) {
  using namespace kg;
  using namespace kg::cli;
  std::ios::sync_with_stdio(false);
  if (argc < 2) {
    print_usage(std::cerr);
    return static_cast<int>(ExitCode::usage);
  }
  std::string name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    print_usage(std::cout);
    return 0;
  }
  if (name == "--version") {
    std::cout << "kg 0.1.0\n";
    return 0;
  }
  try {
    for (const auto& c : commands())
      if (name == c.name) {
        int rc = c.run(argc - 2, argv + 2);
        std::cout.flush();
        return rc;
      }
    // `kg GRAPH` opens the shell on a graph file when stdin is a terminal.
    auto ends_with = [&](const char* suffix) {
      std::size_t n = std::strlen(suffix);
      return name.size() > n && name.compare(name.size() - n, n, suffix) == 0;
    };
    if ((ends_with(".kg") || ends_with(".kgb")) && ::isatty(0)) return cmd_shell(argc - 1, argv + 1);
    std::vector<std::string> names;
    for (const auto& c : commands()) names.push_back(c.name);
    std::string msg = "unknown command '" + name + "'";
    std::string best = closest_match(name, names);
    if (!best.empty()) msg += "; did you mean '" + best + "'?";
    throw UsageError(msg + " (see 'kg --help')");
  } catch (const Error& e) {
    std::cout.flush();
    std::cerr << (e.pos().file.empty() ? "kg: " : "") << format_error(e);
    return static_cast<int>(e.exit_code());
  } catch (const std::bad_alloc&) {
    std::cout.flush();
    std::cerr << "kg: error: out of memory\n";
    return static_cast<int>(ExitCode::data);
  } catch (const std::exception& e) {
    std::cout.flush();
    std::cerr << "kg: internal error: " << e.what() << "\n";
    return static_cast<int>(ExitCode::data);
  }
}
