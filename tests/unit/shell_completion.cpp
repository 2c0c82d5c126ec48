// The shell's editing helpers (query/completion.hpp) and terminal tables
// (query/table_fit.hpp): statement ends, history lines, completion contexts
// against a small graph, column fitting and row summaries.
#include <catch2/catch.hpp>

#include "common/text.hpp"
#include "graph/graph.hpp"
#include "query/completion.hpp"
#include "query/table_fit.hpp"

using namespace kg;
using namespace kg::query;

namespace {

KnowledgeGraph small_graph() {
  KnowledgeGraph g;
  Vertex ms = g.add_entity("Microsoft", "Organization");
  g.add_alias(ms, "MSFT");
  Vertex mi = g.add_entity("Mistral AI", "Organization");
  Vertex mr = g.add_entity("Microsoft Research", "Organization");
  Vertex tl = g.add_entity("Timothée Lacroix", "Person");
  Vertex ob = g.add_entity("O'Brien Capital", "Organization");
  std::uint32_t inv = g.add_relation_type("invests-in");
  std::uint32_t inq = g.add_relation_type("investigates");
  std::uint32_t fb = g.add_relation_type("founded-by");
  Evidence ev;
  ev.attrs["amount"] = Money{15e6, "EUR"};
  g.add_evidence(g.add_relation(ms, inv, mi), ev);
  g.add_evidence(g.add_relation(mi, fb, tl), Evidence{});
  g.add_evidence(g.add_relation(ob, inq, mr), Evidence{});
  return g;
}

std::vector<std::string> cands(const KnowledgeGraph& g, const std::string& text) {
  return complete_kgq(g, text, {"since", "min"}).candidates;
}

}  // namespace

TEST_CASE("shell: a statement is complete at a semicolon outside strings and comments") {
  CHECK(statement_is_complete("MATCH (a) RETURN a;"));
  CHECK(statement_is_complete("MATCH (a)\nRETURN a;  -- done\n"));
  CHECK_FALSE(statement_is_complete("MATCH (a) RETURN a"));
  CHECK_FALSE(statement_is_complete("MATCH ('a;b"));
  CHECK(statement_is_complete("MATCH ('a;b') RETURN 1;"));
  CHECK_FALSE(statement_is_complete("MATCH (a) -- RETURN a;"));
  CHECK(statement_is_complete("MATCH ('it''s') RETURN 1;"));
  CHECK_FALSE(statement_is_complete("   \n-- only a comment;\n"));
}

TEST_CASE("shell: multi-line statements become one history line") {
  CHECK(statement_one_line("MATCH (a)\n   WHERE a.name = 'x -- y'  -- note\n  RETURN a;\n") ==
        "MATCH (a) WHERE a.name = 'x -- y' RETURN a;");
  CHECK(statement_one_line("MATCH (a) RETURN a;") == "MATCH (a) RETURN a;");
}

TEST_CASE("shell: entity names and aliases complete after a quote ignoring case and accents") {
  KnowledgeGraph g = small_graph();
  Completion c = complete_kgq(g, "MATCH ('Micro", {});
  CHECK(c.kind == CompletionKind::entity_name);
  CHECK(c.word == "Micro");
  CHECK(c.word_begin == 8);
  CHECK(c.quote == '\'');
  CHECK(c.candidates == std::vector<std::string>{"Microsoft", "Microsoft Research"});
  CHECK(common_prefix(c.candidates) == "Microsoft");
  CHECK(cands(g, "MATCH ('msf") == std::vector<std::string>{"MSFT"});
  CHECK(cands(g, "MATCH (p:Person 'timothee") == std::vector<std::string>{"Timothée Lacroix"});
  CHECK(cands(g, "MATCH (\"mis") == std::vector<std::string>{"Mistral AI"});
  CHECK(cands(g, "MATCH ('zzz").empty());
  CHECK(quote_escape("O'Brien Capital", '\'') == "O''Brien Capital");
}

TEST_CASE("shell: relation types complete in an edge and entity types in a node") {
  KnowledgeGraph g = small_graph();
  Completion r = complete_kgq(g, "MATCH (a)-[e:inv", {});
  CHECK(r.kind == CompletionKind::relation_type);
  CHECK(r.candidates == std::vector<std::string>{"investigates", "invests-in"});
  CHECK(common_prefix(r.candidates) == "invest");
  CHECK(cands(g, "MATCH (a)-[:invests-in|fo") == std::vector<std::string>{"founded-by"});
  CHECK(cands(g, "MATCH (a)-[:!fou") == std::vector<std::string>{"founded-by"});
  Completion n = complete_kgq(g, "MATCH (a:Org", {});
  CHECK(n.kind == CompletionKind::entity_type);
  CHECK(n.candidates == std::vector<std::string>{"Organization"});
  // A label test inside a per-hop WHERE names entity types.
  CHECK(complete_kgq(g, "MATCH (a)-[:invests-in *1..2 WHERE next:Per", {}).kind == CompletionKind::entity_type);
  // {key: value} is not a type position.
  CHECK(complete_kgq(g, "MATCH (a {name:Mi", {}).candidates.empty());
}

TEST_CASE("shell: keys complete after a dot and edge variables get relation keys") {
  KnowledgeGraph g = small_graph();
  Completion k = complete_kgq(g, "MATCH (a)-[e:invests-in]->(b) RETURN e.am", {});
  CHECK(k.kind == CompletionKind::key);
  CHECK(k.candidates == std::vector<std::string>{"amount"});
  CHECK(cands(g, "MATCH (a)-[e]->(b) RETURN a.na") == std::vector<std::string>{"name"});
  CHECK(cands(g, "MATCH (a)-[e]->(b) RETURN a.am").empty());  // entities have no amount
  CHECK(cands(g, "MATCH (a)-[*1.").empty());                 // 1..3 is not a key
}

TEST_CASE("shell: keywords follow the typed case and functions and parameters and INTO files complete") {
  KnowledgeGraph g = small_graph();
  CHECK(cands(g, "MAT") == std::vector<std::string>{"MATCH"});
  CHECK(cands(g, "mat") == std::vector<std::string>{"match"});
  CHECK(cands(g, "MATCH (a) RETURN coll") == std::vector<std::string>{"collect("});
  CHECK(cands(g, "MATCH (a) WHERE a.date >= $si") == std::vector<std::string>{"since"});
  Completion f = complete_kgq(g, "MATCH (a) RETURN GRAPH INTO 'out/x", {});
  CHECK(f.kind == CompletionKind::file_name);
  CHECK(f.word == "out/x");
  CHECK(complete_kgq(g, "", {}).candidates.empty());
}

TEST_CASE("shell: wide tables fit the terminal with an ellipsis") {
  Table t;
  t.columns = {"name", "sentence"};
  t.rows.push_back({Cell{std::string("Mistral AI")}, Cell{std::string(200, 'x')}});
  t.rows.push_back({Cell{std::string("Microsoft")}, Cell{std::string("short")}});
  FitOptions fit;
  fit.width = 60;
  std::string out = format_table_fit(t, OutputMode::table, fit);
  std::size_t lines = 0;
  for (std::size_t b = 0, e; b < out.size(); b = e + 1, ++lines) {
    e = out.find('\n', b);
    std::string line = out.substr(b, e - b);
    if (line.rfind("+", 0) == 0 || line.rfind("|", 0) == 0) CHECK(utf8_length(line) <= 60);
  }
  CHECK(lines == 7);
  CHECK(out.find("…") != std::string::npos);
  CHECK(out.find("| Mistral AI |") != std::string::npos);  // narrow columns keep their text
  CHECK(out.find("(2 rows)") != std::string::npos);
  // Without a width the table is the batch one.
  CHECK(format_table_fit(t, OutputMode::table, FitOptions{}) == format_table(t, OutputMode::table));
}

TEST_CASE("shell: long results are summarised and data modes stay complete") {
  Table t;
  t.columns = {"n"};
  for (std::int64_t i = 0; i < 9852; ++i) t.rows.push_back({Cell{i}});
  FitOptions fit;
  fit.max_rows = 40;
  std::string out = format_table_fit(t, OutputMode::box, fit);
  CHECK(out.find("│ 39 │") != std::string::npos);
  CHECK(out.find("│ 40 │") == std::string::npos);
  CHECK(out.find("(9,852 rows)\n… 9,812 more rows; use .maxrows or LIMIT\n") != std::string::npos);
  CHECK(format_table_fit(t, OutputMode::csv, fit) == format_table(t, OutputMode::csv));
  CHECK(group_thousands(0) == "0");
  CHECK(group_thousands(1234567) == "1,234,567");
  CHECK(truncate_display("Timothée Lacroix", 6) == "Timot…");
  CHECK(truncate_display("abc", 3) == "abc");
}
