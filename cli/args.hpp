// A small command-line parser: each command declares its options once, and
// the same table drives parsing, `kg COMMAND --help` and usage errors.
#pragma once
#include <map>
#include <string>
#include <vector>

namespace kg::cli {

struct OptionSpec {
  std::string name;       // long name without dashes: "output"
  char short_name = 0;    // 'o', or 0
  std::string metavar;    // "FILE" if the option takes a value, "" for a flag
  std::string help;
  bool repeatable = false;
};

struct CommandSpec {
  std::string name;      // "export"
  std::string usage;     // "GRAPH -o FILE [--format F]"
  std::string summary;   // one line
  std::string details;   // paragraphs after the options
  std::vector<OptionSpec> options;
  std::size_t min_positional = 0;
  std::size_t max_positional = static_cast<std::size_t>(-1);
};

class ParsedArgs {
 public:
  bool help = false;
  std::vector<std::string> positional;
  bool has(const std::string& name) const { return values_.count(name) > 0; }
  std::string get(const std::string& name, const std::string& fallback = "") const;
  const std::vector<std::string>& all(const std::string& name) const;
  // Parses a non-negative integer option value; throws UsageError naming the option.
  long long get_int(const std::string& name, long long fallback) const;
  std::map<std::string, std::vector<std::string>> values_;
};

// Throws UsageError for unknown options, missing values or wrong positional counts.
ParsedArgs parse_args(const CommandSpec& spec, int argc, char** argv);
std::string format_help(const CommandSpec& spec);

}  // namespace kg::cli
