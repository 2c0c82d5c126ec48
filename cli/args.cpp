#include "cli/args.hpp"

#include "common/error.hpp"
#include "common/text.hpp"

namespace kg::cli {

std::string ParsedArgs::get(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() || it->second.empty() ? fallback : it->second.back();
}

const std::vector<std::string>& ParsedArgs::all(const std::string& name) const {
  static const std::vector<std::string> none;
  auto it = values_.find(name);
  return it == values_.end() ? none : it->second;
}

long long ParsedArgs::get_int(const std::string& name, long long fallback) const {
  if (!has(name)) return fallback;
  std::string v = get(name);
  try {
    std::size_t used = 0;
    long long n = std::stoll(v, &used);
    if (used != v.size() || n < 0) throw 0;
    return n;
  } catch (...) {
    throw UsageError("--" + name + " takes a non-negative whole number, not '" + v + "'");
  }
}

static const OptionSpec* find_long(const CommandSpec& spec, const std::string& name) {
  for (const auto& o : spec.options)
    if (o.name == name) return &o;
  return nullptr;
}

static const OptionSpec* find_short(const CommandSpec& spec, char c) {
  for (const auto& o : spec.options)
    if (o.short_name == c) return &o;
  return nullptr;
}

static std::string unknown_option(const CommandSpec& spec, const std::string& given) {
  std::vector<std::string> names{"--help"};
  for (const auto& o : spec.options) names.push_back("--" + o.name);
  std::string msg = "kg " + spec.name + ": unknown option '" + given + "'";
  std::string best = closest_match(given, names);
  if (!best.empty()) msg += "; did you mean '" + best + "'?";
  return msg + " (see 'kg " + spec.name + " --help')";
}

ParsedArgs parse_args(const CommandSpec& spec, int argc, char** argv) {
  ParsedArgs out;
  bool only_positional = false;
  for (int i = 0; i < argc; ++i) {
    std::string a = argv[i];
    if (only_positional || a == "-" || a.size() < 2 || a[0] != '-') {
      out.positional.push_back(a);
      continue;
    }
    if (a == "--") {
      only_positional = true;
      continue;
    }
    if (a == "--help" || a == "-h") {
      out.help = true;
      continue;
    }
    const OptionSpec* opt = nullptr;
    std::string value;
    bool has_inline = false;
    if (a.rfind("--", 0) == 0) {
      std::string name = a.substr(2);
      auto eq = name.find('=');
      if (eq != std::string::npos) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
        has_inline = true;
      }
      opt = find_long(spec, name);
      if (!opt) throw UsageError(unknown_option(spec, "--" + name));
    } else {
      opt = find_short(spec, a[1]);
      if (!opt) throw UsageError(unknown_option(spec, a.substr(0, 2)));
      if (a.size() > 2) {
        value = a.substr(2);
        has_inline = true;
      }
    }
    if (opt->metavar.empty()) {
      if (has_inline) throw UsageError("kg " + spec.name + ": option --" + opt->name + " takes no value");
      out.values_[opt->name].push_back("1");
      continue;
    }
    if (!has_inline) {
      if (i + 1 >= argc) throw UsageError("kg " + spec.name + ": option --" + opt->name + " needs a value (" + opt->metavar + ")");
      value = argv[++i];
    }
    auto& slot = out.values_[opt->name];
    if (!slot.empty() && !opt->repeatable)
      throw UsageError("kg " + spec.name + ": option --" + opt->name + " given more than once");
    slot.push_back(value);
  }
  if (out.help) return out;
  if (out.positional.size() < spec.min_positional)
    throw UsageError("kg " + spec.name + ": missing argument; usage: kg " + spec.name + " " + spec.usage);
  if (out.positional.size() > spec.max_positional)
    throw UsageError("kg " + spec.name + ": unexpected argument '" + out.positional[spec.max_positional] +
                     "'; usage: kg " + spec.name + " " + spec.usage);
  return out;
}

std::string format_help(const CommandSpec& spec) {
  std::string s = "Usage: kg " + spec.name + " " + spec.usage + "\n\n" + spec.summary + "\n";
  if (!spec.options.empty()) {
    s += "\nOptions:\n";
    for (const auto& o : spec.options) {
      std::string left = "  ";
      left += o.short_name ? std::string("-") + o.short_name + ", " : "    ";
      left += "--" + o.name;
      if (!o.metavar.empty()) left += " " + o.metavar;
      if (left.size() < 28) left += std::string(28 - left.size(), ' ');
      else left += "  ";
      s += left + o.help + "\n";
    }
    s += "  -h, --help                Show this help\n";
  }
  if (!spec.details.empty()) s += "\n" + spec.details + "\n";
  return s;
}

}  // namespace kg::cli
