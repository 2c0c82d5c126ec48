// Fuzzes KGQ: the parser (statement by statement, continuing past syntax
// errors as --keep-going does), the binder against a small news graph, the
// evaluator under tight guards and every output format. INTO clauses are
// dropped so the fuzzer never writes files.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "common/error.hpp"
#include "fuzz_util.hpp"
#include "graph/graph.hpp"
#include "graph/triple.hpp"
#include "query/parser.hpp"
#include "query/session.hpp"
#include "query/table.hpp"

namespace {

const kg::KnowledgeGraph& sample_graph() {
  static const kg::KnowledgeGraph* g = [] {
    auto* graph = new kg::KnowledgeGraph();
    kg::read_triples_file(fuzz_source_path("tests/golden/data/news.jsonl"),
                          [&](const kg::Triple& t) { kg::add_triple(*graph, t); });
    return graph;
  }();
  return *g;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  sample_graph();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;  // long scripts add nothing the parser has not seen
  const std::string text(reinterpret_cast<const char*>(data), size);
  kg::query::Limits limits;
  limits.max_hops = 4;
  limits.max_paths = 20000;
  limits.max_rows = 2000;
  limits.timeout_ms = 200;
  kg::query::Session session(sample_graph(), limits);
  std::size_t offset = 0;
  for (int statements = 0; statements < 16; ++statements) {
    kg::query::ParsedStatement ps;
    std::size_t before = offset;
    try {
      if (!kg::query::parse_next_statement(text, "<fuzz>", offset, ps)) break;
    } catch (const kg::Error&) {
      fuzz_check(offset > before || offset >= text.size(), "parse_next_statement makes progress after an error");
      continue;
    }
    fuzz_check(offset > before, "parse_next_statement makes progress");
    ps.statement.query.into = boost::none;
    try {
      kg::query::Table t = session.run(ps, text, "<fuzz>");
      for (kg::query::OutputMode m : {kg::query::OutputMode::table, kg::query::OutputMode::csv,
                                      kg::query::OutputMode::json, kg::query::OutputMode::markdown})
        (void)kg::query::format_table(t, m);
    } catch (const kg::Error& e) {
      (void)kg::format_error(e);
    }
  }
  return 0;
}
