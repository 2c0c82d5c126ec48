// Inputs the fuzzers found (tests/fuzz/regressions/): each must give a clean
// error or a graph, never a crash; the sanitizer build of this test (in
// .ci/run) is what catches a return of the memory errors themselves.
#include <catch2/catch.hpp>

#include "common/atomic_file.hpp"
#include "common/error.hpp"
#include "graph/graph_file.hpp"
#include "ingest/rules.hpp"

namespace {
std::string regression(const std::string& name) {
  return kg::read_file(std::string(KG_SOURCE_DIR) + "/tests/fuzz/regressions/" + name);
}
}  // namespace

TEST_CASE("regress: a rules file failing the schema on an odd key reports the pointer without overreading",
          "[regress][ingest]") {
  std::string text = regression("rules-schema-pointer.json");
  try {
    kg::ingest::load_rules_text(text, "fuzz.json");
    FAIL("expected a schema error");
  } catch (const kg::DataError& e) {
    CHECK(e.pos().file == "fuzz.json");
    CHECK(e.message().find("schema") != std::string::npos);
  }
}

TEST_CASE("regress: a graph file with extreme numbers loads or fails cleanly", "[regress][graph-file]") {
  std::string text = regression("graph-file-clz.kg");
  try {
    kg::KnowledgeGraph g = kg::parse_graph(text, "fuzz.kg");
    // Whatever loads must save and load to the same bytes.
    std::string once = kg::serialize_graph(g);
    CHECK(kg::serialize_graph(kg::parse_graph(once, "again.kg")) == once);
  } catch (const kg::DataError& e) {
    CHECK(e.pos().file == "fuzz.kg");
  }
}

TEST_CASE("regress: a binary graph whose entity name is only blanks is refused, not loaded unsaveable",
          "[regress][graph-file]") {
  // Before the fix it loaded an entity with an empty name, which no graph
  // file may hold, so saving and reloading failed.
  std::string bytes = regression("graph-binary-blank-name.kgb");
  try {
    kg::parse_graph_binary(bytes, "fuzz.kgb");
    FAIL("expected an error");
  } catch (const kg::DataError& e) {
    CHECK(e.pos().file == "fuzz.kgb");
    CHECK(e.message().find("has no name once blanks are trimmed") != std::string::npos);
  }
}
