// Fuzzes the entities file (gazetteer) loader against the bundled rules'
// type hierarchy, then matches a sentence against what loaded.
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/error.hpp"
#include "fuzz_util.hpp"
#include "ingest/extractor.hpp"
#include "ingest/gazetteer.hpp"
#include "ingest/rules.hpp"

namespace {
const kg::ingest::RuleSet& bundled_rules() {
  static const auto* rules = new kg::ingest::RuleSet(kg::ingest::load_rules_file(kg::ingest::default_rules_path()));
  return *rules;
}
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  bundled_rules();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return 0;
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    kg::ingest::Gazetteer gaz;
    gaz.load_text(text, "entities.json", bundled_rules().types);
    kg::ingest::Extractor x(bundled_rules(), gaz);
    kg::ingest::InputDocument doc;
    doc.id = "fuzz";
    doc.text = "Microsoft will invest €15 million in Mistral AI, the Paris-based startup said on Monday.";
    (void)x.extract(doc);
  } catch (const kg::Error& e) {
    (void)kg::format_error(e);
  }
  return 0;
}
