// kg rules: check a rules file (schema, types, relations, lexicons) and run
// rule tests (*.tests.json) with per-rule hit counts.
#include <iostream>

#include "cli/commands.hpp"
#include "common/atomic_file.hpp"
#include "common/error.hpp"
#include "ingest/bundle.hpp"
#include "ingest/rule_tests.hpp"

namespace kg::cli {

static const CommandSpec kRulesSpec{
    "rules",
    "(check [RULES.json] | test TESTS.json...) [-r RULES.json] [-e ENTITIES.json]",
    "Check extraction rules, or run rule tests.",
    "check: loads and validates the rules file (JSON Schema, types, relations,\n"
    "lexicon names) and lists the compiled rules. test: runs each case of the tests\n"
    "files (text -> expected and forbidden triples), prints failures and per-rule\n"
    "hit counts; exit 1 when a case fails.",
    {
        {"rules", 'r', "RULES.json", "Rules file (default: the bundled rules)"},
        {"entities", 'e', "ENTITIES.json", "Gazetteer (default: the bundled entities)"},
        {"quiet", 'q', "", "Only print failures and the summary"},
    },
    1};

int cmd_rules(int argc, char** argv) {
  ParsedArgs args;
  if (parse_or_help(kRulesSpec, argc, argv, args)) return 0;
  const std::string& sub = args.positional[0];
  if (sub == "check") {
    std::string path = args.positional.size() > 1 ? args.positional[1] : args.get("rules");
    auto bundle = ingest::load_bundle(path, args.get("entities"));
    const auto& rs = bundle->rules;
    std::cout << (path.empty() ? ingest::default_rules_path() : path) << ": ok, " << rs.types.names.size() << " types, "
              << rs.relations.size() << " relations, " << rs.rules.size() << " compiled rules, "
              << bundle->gazetteer.size() << " gazetteer entries\n";
    if (!args.has("quiet"))
      for (const auto& r : rs.rules)
        std::cout << "  " << r.id << "  -> " << rs.relations[r.relation].name << "  (" << r.origin << ", priority "
                  << r.priority << ")\n";
    return 0;
  }
  if (sub != "test") throw UsageError("kg rules: unknown subcommand '" + sub + "' (use check or test)");
  if (args.positional.size() < 2) throw UsageError("kg rules test: give at least one TESTS.json file");
  auto bundle = ingest::load_bundle(args.get("rules"), args.get("entities"));
  std::size_t total = 0, failed = 0;
  std::map<std::string, std::size_t> hits;
  for (std::size_t i = 1; i < args.positional.size(); ++i) {
    const std::string& file = args.positional[i];
    auto report = ingest::run_rule_tests(*bundle->extractor, read_file(file), file);
    for (const auto& c : report.cases) {
      ++total;
      if (c.passed) {
        if (!args.has("quiet")) std::cout << "PASS " << file << ": " << c.id << "\n";
        continue;
      }
      ++failed;
      std::cout << "FAIL " << file << ": " << c.id << "\n";
      for (const auto& p : c.problems) std::cout << "     " << p << "\n";
    }
    for (const auto& [k, v] : report.rule_hits) hits[k] += v;
  }
  std::cout << "\nrule hits:\n";
  for (const auto& r : bundle->rules.rules)
    if (!hits.count(r.id)) hits[r.id] = 0;
  for (const auto& [k, v] : hits) std::cout << "  " << v << "\t" << k << "\n";
  std::cout << total - failed << "/" << total << " rule test cases passed\n";
  return failed ? 1 : 0;
}

}  // namespace kg::cli
