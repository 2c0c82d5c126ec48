// Fuzzes the rules-file loader (JSON syntax, schema validation, type
// hierarchy, lexicons, verb frames, token patterns with regex elements).
// A file that loads is compiled into an extractor and run on two sentences,
// so compiled patterns are exercised too.
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/error.hpp"
#include "fuzz_util.hpp"
#include "ingest/extractor.hpp"
#include "ingest/gazetteer.hpp"
#include "ingest/rules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return 0;
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    kg::ingest::RuleSet rules = kg::ingest::load_rules_text(text, "rules.json");
    kg::ingest::Gazetteer gaz;
    kg::ingest::Extractor x(rules, gaz);
    kg::ingest::InputDocument doc;
    doc.id = "fuzz";
    doc.text =
        "Microsoft will invest €15 million in Mistral AI, the Paris-based startup said on Monday.\n"
        "The European Commission is looking into the deal, which was announced on Feb. 26, 2024.";
    std::string explain;
    (void)x.extract(doc, &explain);
  } catch (const kg::Error& e) {
    (void)kg::format_error(e);
  }
  return 0;
}
