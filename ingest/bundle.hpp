// Rules plus gazetteer, loaded together (the entity types of the gazetteer
// are checked against the rules' type hierarchy).
#pragma once
#include <memory>
#include <string>

#include "ingest/extractor.hpp"

namespace kg::ingest {

struct Bundle {
  RuleSet rules;
  Gazetteer gazetteer;
  std::unique_ptr<Extractor> extractor;
};

// Empty paths mean the bundled defaults (default_rules_path(), default_entities_path()).
std::unique_ptr<Bundle> load_bundle(const std::string& rules_path, const std::string& entities_path);

}  // namespace kg::ingest
