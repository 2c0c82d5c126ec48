// The evaluator's shortcuts (streaming aggregates, compiled per-hop date and
// amount filters, bidirectional shortest-path search) must answer exactly as
// the general path does: every statement here runs twice on a random typed
// graph, with Limits::fast_paths on and off, and the outputs (rows in order,
// or the error message) must be identical.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "graph/graph.hpp"
#include "query/parser.hpp"
#include "query/session.hpp"

namespace {

// Deterministic random graph: typed entities, a few hubs, both symmetric and
// directed relation types, dates of every precision, USD amounts on some
// relations (EUR on one), several pieces of evidence on some.
kg::KnowledgeGraph random_graph(unsigned seed, int entities, int relations) {
  kg::KnowledgeGraph g;
  std::mt19937 rng(seed);
  const char* types[] = {"Organization", "Person", "Regulator", "Place", "Product"};
  std::vector<kg::Vertex> vs;
  for (int i = 0; i < entities; ++i) vs.push_back(g.add_entity("N" + std::to_string(i), types[rng() % 5]));
  std::vector<std::uint32_t> rel_types = {g.add_relation_type("invests-in"), g.add_relation_type("acquires"),
                                          g.add_relation_type("partners-with", true),
                                          g.add_relation_type("competes-with", true), g.add_relation_type("launches")};
  std::uint32_t doc = g.add_document(kg::Document{"doc1", "", "", std::nullopt});
  bool eur_done = false;
  for (int i = 0; i < relations; ++i) {
    // Small ids are hubs: pick the subject from a skewed distribution.
    int a = static_cast<int>(std::min<double>(entities - 1, std::pow(rng() % 1000 / 1000.0, 3) * entities));
    int b = static_cast<int>(rng() % static_cast<unsigned>(entities));
    kg::Edge e = g.add_relation(vs[a], rel_types[rng() % rel_types.size()], vs[b]);
    int pieces = 1 + static_cast<int>(rng() % 3 == 0);
    for (int k = 0; k < pieces; ++k) {
      kg::Evidence ev;
      ev.doc = doc;
      ev.sentence = i;
      ev.start = k;
      ev.end = k + 1;
      ev.text = g.intern_text("sentence " + std::to_string(i));
      ev.rule = g.intern_rule("test");
      unsigned r = rng() % 10;
      if (r < 8) {
        int year = 2018 + static_cast<int>(rng() % 6), month = r < 6 ? 1 + static_cast<int>(rng() % 12) : 0;
        int day = r < 4 && month ? 1 + static_cast<int>(rng() % 28) : 0;
        ev.attrs["date"] = kg::Date{year, month, day};
      }
      if (rng() % 3 == 0) {
        bool eur = !eur_done && i > relations / 2;
        eur_done = eur_done || eur;
        ev.attrs["amount"] = kg::Money{static_cast<double>((1 + rng() % 200) * 1000000), eur ? "EUR" : "USD"};
      }
      g.add_evidence(e, ev);
    }
  }
  return g;
}

// Every statement's output as text (list mode), or "error: ..." for a failure.
std::string run(const kg::KnowledgeGraph& g, const std::string& text, bool fast) {
  kg::query::Limits limits;
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

// Runs both ways; returns how many result rows the general path gave.
std::size_t same_both_ways(const kg::KnowledgeGraph& g, const std::string& text) {
  INFO(text);
  std::string fast = run(g, text, true), general = run(g, text, false);
  CHECK(fast == general);
  CHECK(!general.empty());
  auto lines = static_cast<std::size_t>(std::count(general.begin(), general.end(), '\n'));
  return lines > 0 ? lines - 1 : 0;  // minus the column line
}

}  // namespace

TEST_CASE("streaming aggregates answer like the general path", "[query][fastpaths]") {
  auto g = random_graph(7, 300, 1500);
  for (const char* q : {
           "MATCH ()-[e]->() RETURN type(e), count(DISTINCT e), count(*), count(e);",
           "MATCH ()-[e]-() RETURN type(e), count(*) ORDER BY count(*) DESC;",
           "MATCH (a)-[e]->(b) RETURN type(e), count(DISTINCT a), min(e.date), max(e.date), collect(DISTINCT "
           "labels(b)) ORDER BY type(e);",
           "MATCH (a)-[e]->(b) RETURN a.name, count(*) AS n HAVING n > 8 ORDER BY n DESC, a.name;",
           "MATCH (a)-[e]->(b) RETURN labels(a), type(e), count(DISTINCT b) ORDER BY labels(a), type(e);",
           "MATCH (a)-[e1]->(m)-[e2]->(b) RETURN type(e1), type(e2), count(*), count(DISTINCT b) ORDER BY "
           "type(e1), type(e2);",
           "MATCH ('N0')-[*1..3]-(x) RETURN count(DISTINCT x), min(x.name), max(x.name);",
           "MATCH ('N3')-[:acquires|launches *1..2]->(x:Organization) RETURN count(DISTINCT x);",
           "MATCH ()-[e:acquires WHERE e.date > 2100]->() RETURN type(e), count(*);",
           "MATCH ()-[e:acquires WHERE e.date > 2100]->() RETURN count(*), sum(e.evidence_count);",
           "MATCH (a)-[e]->() WHERE a.name STARTS WITH 'N1' RETURN count(DISTINCT a), avg(e.evidence_count);",
       })
    same_both_ways(g, q);
}

TEST_CASE("compiled per-hop date and amount filters answer like the general path", "[query][fastpaths]") {
  auto g = random_graph(11, 300, 1500);
  for (const char* q : {
           "MATCH ()-[e WHERE e.date >= 2021-06 AND e.amount >= 50M USD]->() RETURN count(*);",
           "MATCH ()-[e WHERE 2022 > e.date AND e.amount < 100M USD]-() RETURN count(*), count(DISTINCT e);",
           "MATCH ()-[e WHERE e.date = 2021]->() RETURN count(*);",
           "MATCH ()-[e WHERE e.date <> 2020-03 AND e.date <= 2022-02-14]->() RETURN type(e), count(*) ORDER BY "
           "type(e);",
           "MATCH (a)-[e WHERE e.date >= 2021 AND e.date < 2022]->(b) RETURN a.name, b.name, e.date ORDER BY "
           "a.name, b.name;",
           "MATCH ('N0')-[r *1..2 WHERE edge.date >= 2020]-(x) RETURN count(DISTINCT x);",
           // EUR against USD is an error on both paths (the message is the same).
           "MATCH ()-[e WHERE e.amount >= 1M USD]->() RETURN count(*);",
           "MATCH ()-[e WHERE e.date >= 2019 AND e.amount = 20M EUR]->() RETURN count(*);",
       })
    same_both_ways(g, q);
  // The currency error is really raised (not a silent fast-path answer).
  CHECK(run(g, "MATCH ()-[e WHERE e.amount >= 1M USD]->() RETURN count(*);", true).find("error: ") == 0);
}

TEST_CASE("bidirectional shortest paths answer like the one-sided search", "[query][fastpaths]") {
  auto g = random_graph(23, 400, 900);
  std::mt19937 rng(5);
  const char* shapes[] = {
      "MATCH SHORTEST 1 p = ('%A')-[*..8]-('%B') RETURN PATHS;",
      "MATCH ALL SHORTEST p = ('%A')-[*..8]-('%B') RETURN PATHS;",
      "MATCH SHORTEST 3 p = ('%A')-[*..5]-('%B') RETURN length(p), nodes(p);",
      "MATCH ALL SHORTEST p = ('%A')-[*..8]->('%B') RETURN PATHS;",
      "MATCH ALL SHORTEST p = ('%A')<-[:invests-in|partners-with *..8]-('%B') RETURN PATHS;",
      "MATCH ALL SHORTEST p = ('%A')-[*2..8 WHERE next.name <> 'N5' AND edge.date >= 2019]-('%B') RETURN PATHS;",
      "MATCH SHORTEST 1 (a '%A')-[r *..3]-(b '%B') RETURN a.name, b.name, length(r);",
  };
  int compared = 0;
  std::size_t rows = 0;
  for (int i = 0; i < 40; ++i) {
    std::string a = "N" + std::to_string(rng() % 400), b = "N" + std::to_string(rng() % 60);
    for (std::string q : shapes) {
      for (auto pos = q.find("%A"); pos != std::string::npos; pos = q.find("%A")) q.replace(pos, 2, a);
      for (auto pos = q.find("%B"); pos != std::string::npos; pos = q.find("%B")) q.replace(pos, 2, b);
      rows += same_both_ways(g, q);
      ++compared;
    }
  }
  CHECK(compared == 280);
  CHECK(rows > 200);  // most pairs are connected: the comparison is not between empty answers
}
