// The kg subcommands. Each lives in its own cmd_*.cpp and receives the
// arguments after its name; errors are thrown as kg::Error and turned into a
// message and exit code by main().
#pragma once
#include <string>
#include <vector>

#include "cli/args.hpp"

namespace kg::cli {

struct Command {
  const char* name;
  const char* summary;
  int (*run)(int argc, char** argv);
};

int cmd_ingest(int argc, char** argv);
int cmd_extract(int argc, char** argv);
int cmd_stats(int argc, char** argv);
int cmd_export(int argc, char** argv);
int cmd_query(int argc, char** argv);
int cmd_shell(int argc, char** argv);
int cmd_rules(int argc, char** argv);
int cmd_merge(int argc, char** argv);
int cmd_convert(int argc, char** argv);

const std::vector<Command>& commands();

// Parses argv against `spec`; prints help and returns true when --help was given.
bool parse_or_help(const CommandSpec& spec, int argc, char** argv, ParsedArgs& out);

// Ends the process with `rc` once everything is written, without running
// destructors: freeing a graph of a million relations one allocation at a
// time takes a noticeable fraction of a second, and the process ends anyway.
// Only for the successful end of a command (errors unwind normally).
[[noreturn]] void exit_without_cleanup(int rc);

// True when file descriptor 1 (stdout) or 2 (stderr) is a terminal.
bool stdout_is_tty();
bool stderr_is_tty();

}  // namespace kg::cli
