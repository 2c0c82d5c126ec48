// The default rules and gazetteer from samples/, loaded once for every ingest
// unit test file (an inline function: one bundle per test process).
#pragma once
#include <string>

#include "ingest/bundle.hpp"

namespace kg::ingest {
inline const Bundle& default_bundle() {
  static auto b = load_bundle(std::string(KG_SOURCE_DIR) + "/samples/rules/default.json",
                              std::string(KG_SOURCE_DIR) + "/samples/entities.json");
  return *b;
}
}  // namespace kg::ingest
