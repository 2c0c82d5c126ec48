// Rule tests (*.tests.json): sentences or documents with the triples they
// must give ("expect") and must not give ("forbid"), run by `kg rules test`
// and by CTest. Names compare case- and diacritic-insensitively.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "ingest/extractor.hpp"

namespace kg::ingest {

struct RuleTestResult {
  std::string id;
  bool passed = true;
  std::vector<std::string> problems;  // "missing (A, r, B)", "forbidden (A, r, B) by rule"
};

struct RuleTestReport {
  std::vector<RuleTestResult> cases;
  std::map<std::string, std::size_t> rule_hits;
  std::size_t failed() const;
};

// Throws DataError (file:line:col) for a malformed tests file.
RuleTestReport run_rule_tests(const Extractor& x, const std::string& tests_json, const std::string& file_name);

}  // namespace kg::ingest
