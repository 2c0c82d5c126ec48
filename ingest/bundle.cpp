#include "ingest/bundle.hpp"

namespace kg::ingest {

std::unique_ptr<Bundle> load_bundle(const std::string& rules_path, const std::string& entities_path) {
  auto b = std::make_unique<Bundle>();
  b->rules = load_rules_file(rules_path.empty() ? default_rules_path() : rules_path);
  b->gazetteer.load_file(entities_path.empty() ? default_entities_path() : entities_path, b->rules.types);
  b->extractor = std::make_unique<Extractor>(b->rules, b->gazetteer);
  return b;
}

}  // namespace kg::ingest
