// The relation scan (one hop between anonymous endpoints, counts of the
// relation overall or per type) must answer exactly as the general walk:
// same rows in the same order, same errors, same budget stops. Each
// statement runs with Limits::fast_paths on and off on a graph with
// symmetric types, self-loops, several currencies (one too long to pack),
// missing dates and amounts, hedged and repeated evidence.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "graph/graph.hpp"
#include "graph/triple.hpp"
#include "query/session.hpp"

namespace {

kg::KnowledgeGraph scan_graph(unsigned seed, int entities, int relations, bool one_currency = false) {
  kg::KnowledgeGraph g;
  std::mt19937 rng(seed);
  std::vector<kg::Vertex> vs;
  const char* types[] = {"Organization", "Person", "Regulator", "Place"};
  for (int i = 0; i < entities; ++i) vs.push_back(g.add_entity("E" + std::to_string(i), types[rng() % 4]));
  std::vector<std::uint32_t> rel_types = {g.add_relation_type("invests-in"), g.add_relation_type("partners-with", true),
                                          g.add_relation_type("acquires"), g.add_relation_type("competes-with", true),
                                          g.add_relation_type("investigates")};
  std::uint32_t doc = g.add_document(kg::Document{"doc1", "", "", std::nullopt});
  const char* currencies[] = {"USD", "USD", "USD", "EUR", "GBP", "DOGECOIN"};
  for (int i = 0; i < relations; ++i) {
    int a = static_cast<int>(rng() % static_cast<unsigned>(entities));
    // One in 40 is a self-loop (the walk meets those once, from either end).
    int b = rng() % 40 == 0 ? a : static_cast<int>(rng() % static_cast<unsigned>(entities));
    kg::Edge e = g.add_relation(vs[a], rel_types[rng() % rel_types.size()], vs[b]);
    int pieces = 1 + static_cast<int>(rng() % 4 == 0);
    for (int k = 0; k < pieces; ++k) {
      kg::Evidence ev;
      ev.doc = doc;
      ev.sentence = i;
      ev.start = k;
      ev.end = k + 1;
      ev.text = g.intern_text("sentence " + std::to_string(i));
      ev.rule = g.intern_rule("test");
      unsigned r = rng() % 10;
      if (r < 7) {
        int year = 2018 + static_cast<int>(rng() % 7), month = r < 5 ? 1 + static_cast<int>(rng() % 12) : 0;
        int day = r < 3 && month ? 1 + static_cast<int>(rng() % 28) : 0;
        ev.attrs["date"] = kg::Date{year, month, day};
      }
      if (rng() % 3 == 0)
        ev.attrs["amount"] = kg::Money{static_cast<double>((1 + rng() % 300) * 1000000),
                                       one_currency ? "USD" : currencies[rng() % 6]};
      if (rng() % 5 == 0) ev.attrs["hedged"] = true;
      g.add_evidence(e, ev);
    }
  }
  return g;
}

std::string run(const kg::KnowledgeGraph& g, const std::string& text, bool fast, kg::query::Limits limits = {}) {
  limits.fast_paths = fast;
  kg::query::Session s(g, limits);
  std::string out;
  try {
    s.run_script(text, "<test>", [&](const kg::query::ParsedStatement&, const kg::query::Table& t) {
      for (const auto& c : t.columns) out += c + "|";
      out += "\n" + kg::query::format_table(t, kg::query::OutputMode::list);
    });
  } catch (const kg::Error& e) {
    out += std::string("error: ") + e.what();
  }
  return out;
}

// Both ways must agree; returns the general path's output.
std::string same_both_ways(const kg::KnowledgeGraph& g, const std::string& text, kg::query::Limits limits = {}) {
  INFO(text);
  std::string fast = run(g, text, true, limits), general = run(g, text, false, limits);
  CHECK(fast == general);
  CHECK(!general.empty());
  return general;
}

std::size_t rows_of(const std::string& out) {
  auto lines = static_cast<std::size_t>(std::count(out.begin(), out.end(), '\n'));
  return lines > 0 ? lines - 1 : 0;
}

}  // namespace

TEST_CASE("relation scans count like the walk, per type and overall", "[query][scan]") {
  auto g = scan_graph(3, 250, 2000);
  std::size_t rows = 0;
  for (const char* q : {
           "MATCH ()-[e]->() RETURN type(e), count(DISTINCT e), count(*), count(e);",
           "MATCH ()-[e]-() RETURN type(e), count(*), count(DISTINCT e);",
           "MATCH ()<-[e]-() RETURN type(e), count(*), count(DISTINCT e);",
           "MATCH ()-[e:partners-with|acquires]->() RETURN type(e), count(*), count(DISTINCT e);",
           "MATCH ()<-[e:!invests-in|competes-with]-() RETURN type(e) AS t, count(*) AS n ORDER BY n DESC;",
           "MATCH ()-[e]->() RETURN count(*), count(DISTINCT e);",
           "MATCH ()-[]-() RETURN count(*);",
           "MATCH TRAIL ()-[e]->() RETURN type(e), count(*), count(DISTINCT e);",
           "MATCH WALK ()-[e]-() RETURN count(*), count(e);",
           "MATCH ()-[e]->() RETURN type(e), type(e), count(*) ORDER BY type(e) DESC SKIP 1 LIMIT 3;",
           "MATCH ()-[e]->() RETURN DISTINCT count(*) AS n, type(e) HAVING n > 300;",
       })
    rows += rows_of(same_both_ways(g, q));
  CHECK(rows > 30);
}

TEST_CASE("relation scans filter on the relation like the walk", "[query][scan]") {
  auto g = scan_graph(5, 250, 2000);
  auto usd = scan_graph(5, 250, 2000, true);
  std::size_t rows = 0;
  for (const char* q : {
           // Compiled date and amount atoms (one currency: no error).
           "MATCH ()-[e WHERE e.date >= 2020-01-01 AND e.amount >= 100M USD]->() RETURN count(*);",
           "MATCH ()-[e WHERE e.date >= 2020-01-01 AND e.amount >= 100M USD]-() RETURN type(e), count(*), "
           "count(DISTINCT e);",
           "MATCH ()-[e WHERE 2021-06 > e.date AND e.amount < 150M USD]->() RETURN type(e), count(DISTINCT e);",
           "MATCH ()-[e WHERE e.date = 2022]->() RETURN count(*);",
           "MATCH ()-[e WHERE e.date <> 2020-03 AND edge.date <= 2023-02-14]->() RETURN type(e), count(*);",
           // The statement's WHERE on the relation, compiled and not.
           "MATCH ()-[e]->() WHERE e.date < 2020-06 RETURN type(e), count(DISTINCT e) ORDER BY count(DISTINCT e) "
           "DESC, type(e);",
           "MATCH ()-[e]-() WHERE e.evidence_count > 1 AND NOT e.hedged RETURN type(e) AS t, count(*) AS n ORDER BY t;",
           "MATCH ()-[e:invests-in|acquires WHERE e.hedged]->() WHERE e.amount > 20M USD RETURN count(*);",
           // Nothing matches: one row of zeros overall, no rows per type.
           "MATCH ()-[e WHERE e.date > 2100-01]->() RETURN count(*), count(DISTINCT e);",
           "MATCH ()-[e WHERE e.date > 2100-01]->() RETURN type(e), count(*);",
       }) {
    rows += rows_of(same_both_ways(usd, q));
  }
  CHECK(rows > 20);
  for (const char* q : {
           // Amounts in other currencies: an error on both paths, with the
           // same message (the first relation the walk meets).
           "MATCH ()-[e WHERE e.date >= 2020-01-01 AND e.amount >= 100M USD]->() RETURN count(*);",
           "MATCH ()-[e:invests-in WHERE e.amount >= 10M EUR]-() RETURN type(e), count(*);",
           "MATCH ()-[e]->() WHERE e.amount >= 10M GBP RETURN count(*);",
       }) {
    std::string out = same_both_ways(g, q);
    CHECK(out.find("error: ") == 0);
    CHECK(out.find("currenc") != std::string::npos);
  }
  // Filters that avoid the currency error still scan.
  for (const char* q : {
           "MATCH ()-[e WHERE currency(e.amount) = 'USD' AND e.amount >= 50M USD]->() RETURN type(e), count(*);",
           "MATCH ()-[e WHERE e.date >= 2019 AND e.amount IS NULL]-() RETURN count(*), count(DISTINCT e);",
           "MATCH ()-[e]->() WHERE currency(e.amount) = 'DOGECOIN' RETURN type(e), count(*);",
       })
    CHECK(rows_of(same_both_ways(g, q)) > 0);
}

TEST_CASE("relation scans stop at the same budgets as the walk", "[query][scan]") {
  auto g = scan_graph(9, 200, 1500);
  kg::query::Limits few_rows;
  few_rows.max_rows = 1000;
  kg::query::Limits few_paths;
  few_paths.max_paths = 1200;
  for (const char* q : {"MATCH ()-[e]-() RETURN type(e), count(*);", "MATCH ()-[e:acquires]->() RETURN count(*);"}) {
    same_both_ways(g, q, few_rows);
    same_both_ways(g, q, few_paths);
  }
  CHECK(run(g, "MATCH ()-[e]-() RETURN count(*);", true, few_rows).find("row budget") != std::string::npos);
  CHECK(run(g, "MATCH ()-[e]-() RETURN count(*);", true, few_paths).find("path budget") != std::string::npos);
}

TEST_CASE("relation scan counts equal counts taken from the relation table", "[query][scan]") {
  auto g = scan_graph(13, 150, 1200);
  // Rows the walk produces for ()-[e]->(): one per relation from its
  // subject, plus one from the object for symmetric types; ACYCLIC drops
  // self-loops.
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> want;  // type -> (rows, relations)
  for (kg::Edge e : g.relations()) {
    kg::Vertex s = boost::source(e, g.graph()), o = boost::target(e, g.graph());
    if (s == o) continue;
    const auto& rt = g.relation_types()[g.relation(e).type];
    want[rt.name].first += rt.symmetric ? 2 : 1;
    want[rt.name].second += 1;
  }
  std::string got = run(g, "MATCH ()-[e]->() RETURN type(e), count(*), count(DISTINCT e) ORDER BY type(e);", true);
  std::string expected = "type(e)|count(*)|count(DISTINCT e)|\n";
  for (const auto& [name, n] : want)
    expected += name + "|" + std::to_string(n.first) + "|" + std::to_string(n.second) + "\n";
  // list mode separates cells with " | "? Compare cell by cell instead.
  std::vector<std::string> got_lines, want_lines;
  auto split = [](const std::string& s, std::vector<std::string>& out) {
    std::string line;
    for (char c : s) {
      if (c == '\n') {
        line.erase(std::remove(line.begin(), line.end(), ' '), line.end());
        out.push_back(line);
        line.clear();
      } else {
        line += c;
      }
    }
  };
  split(got, got_lines);
  split(expected, want_lines);
  CHECK(want.size() == 5);
  CHECK(got_lines == want_lines);
}

TEST_CASE("the relation scan golden statements answer like the walk", "[query][scan]") {
  // tests/golden/scans.test pins the answers; here each of its statements
  // also runs through the general path on the same graph.
  std::string dir = std::string(KG_SOURCE_DIR) + "/tests/golden";
  kg::KnowledgeGraph g;
  kg::read_triples_file(dir + "/data/news.jsonl", [&](const kg::Triple& t) { kg::add_triple(g, t); });
  std::ifstream in(dir + "/scans.test");
  std::string line;
  int statements = 0;
  while (std::getline(in, line))
    if (line.rfind("MATCH", 0) == 0) {
      same_both_ways(g, line);
      ++statements;
    }
  CHECK(statements >= 10);
}
