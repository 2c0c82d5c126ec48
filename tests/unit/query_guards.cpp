// KGQ guards and cancellation through the Session API: each stops a runaway
// walk with a LimitError that names the guard and how to raise it, and no
// table is returned.
#include <catch2/catch.hpp>

#include <atomic>

#include "common/error.hpp"
#include "graph/graph.hpp"
#include "query/parser.hpp"
#include "query/session.hpp"

namespace {

// A complete directed graph: the number of walks explodes with length.
kg::KnowledgeGraph dense_graph(int n) {
  kg::KnowledgeGraph g;
  std::uint32_t t = g.add_relation_type("partners-with");
  std::vector<kg::Vertex> vs;
  for (int i = 0; i < n; ++i) vs.push_back(g.add_entity("N" + std::to_string(i), "Organization"));
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      if (i != j) g.add_relation(vs[i], t, vs[j]);
  return g;
}

std::string run_error(kg::query::Session& s, const std::string& text) {
  try {
    s.run_script(text, "<test>", [](const kg::query::ParsedStatement&, const kg::query::Table&) {
      FAIL("a guarded statement returned a table");
    });
  } catch (const kg::LimitError& e) {
    return e.message();
  }
  return "";
}

}  // namespace

TEST_CASE("the path budget stops a WALK and says how to raise it", "[query][guards]") {
  auto g = dense_graph(20);
  kg::query::Limits limits;
  limits.max_paths = 10000;
  kg::query::Session s(g, limits);
  std::string m = run_error(s, "MATCH WALK ('N0')-[*1..12]-(x) RETURN count(*);");
  CHECK(m.find("path budget") != std::string::npos);
  CHECK(m.find("--max-paths") != std::string::npos);
  CHECK(m.find("no results are shown") != std::string::npos);
}

TEST_CASE("the row budget stops a query with too many matches", "[query][guards]") {
  auto g = dense_graph(20);
  kg::query::Limits limits;
  limits.max_rows = 100;
  kg::query::Session s(g, limits);
  std::string m = run_error(s, "MATCH (a)-[]->(b) RETURN a.name, b.name;");
  CHECK(m.find("row budget") != std::string::npos);
  CHECK(m.find("--max-rows") != std::string::npos);
}

TEST_CASE("the max-hops guard rejects long quantifiers before walking", "[query][guards]") {
  auto g = dense_graph(3);
  kg::query::Limits limits;
  limits.max_hops = 5;
  kg::query::Session s(g, limits);
  std::string m = run_error(s, "MATCH ('N0')-[*1..6]-(x) RETURN x;");
  CHECK(m.find("max-hops guard (5)") != std::string::npos);
  // An open bound under a shortest selector is capped by the guard instead.
  std::size_t rows = 0;
  s.run_script("MATCH SHORTEST 1 ('N0')-[*1..]-('N2') RETURN count(*);", "<test>",
               [&](const kg::query::ParsedStatement&, const kg::query::Table& t) { rows = t.rows.size(); });
  CHECK(rows == 1);
}

TEST_CASE("the timeout stops a long walk", "[query][guards]") {
  auto g = dense_graph(40);
  kg::query::Limits limits;
  limits.max_paths = UINT64_MAX;
  limits.max_rows = UINT64_MAX;
  limits.timeout_ms = 50;
  kg::query::Session s(g, limits);
  std::string m = run_error(s, "MATCH WALK ('N0')-[*1..12]-(x) RETURN count(*);");
  CHECK(m.find("timeout") != std::string::npos);
  CHECK(m.find("--timeout") != std::string::npos);
}

TEST_CASE("a set cancellation flag interrupts the statement", "[query][guards]") {
  auto g = dense_graph(40);
  kg::query::Limits limits;
  limits.max_paths = UINT64_MAX;
  limits.max_rows = UINT64_MAX;
  limits.timeout_ms = 0;
  kg::query::Session s(g, limits);
  std::atomic<bool> cancel{true};
  s.set_cancel_flag(&cancel);
  std::string m = run_error(s, "MATCH WALK ('N0')-[*1..12]-(x) RETURN count(*);");
  CHECK(m.find("interrupted") != std::string::npos);
}

TEST_CASE("guards leave ordinary queries alone", "[query][guards]") {
  auto g = dense_graph(5);
  kg::query::Session s(g);
  std::vector<std::string> cells;
  s.run_script("MATCH ('N0')-[*1..2]->(x) RETURN count(DISTINCT x);", "<test>",
               [&](const kg::query::ParsedStatement&, const kg::query::Table& t) {
                 for (const auto& r : t.rows) cells.push_back(kg::query::cell_text(r.at(0)));
               });
  REQUIRE(cells.size() == 1);
  CHECK(cells[0] == "4");
}
