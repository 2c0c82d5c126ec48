#include <catch2/catch.hpp>

#include "graph/graph.hpp"
#include "graph/graph_file.hpp"
#include "graph/triple.hpp"

using namespace kg;

namespace {
Triple make(const std::string& s, const std::string& r, const std::string& o, const std::string& doc, int sentence) {
  Triple t;
  t.subject = s;
  t.relation = r;
  t.object = o;
  t.source.doc = doc;
  t.source.sentence = sentence;
  t.source.text = s + " " + r + " " + o + " (" + doc + ")";
  return t;
}
}  // namespace

TEST_CASE("entities are found by name and alias regardless of case and accents", "[graph]") {
  KnowledgeGraph g;
  Vertex m = g.add_entity("Mistral AI", "Organization");
  REQUIRE(g.add_alias(m, "Mistral"));
  CHECK(g.find_entity("mistral") == m);
  CHECK(g.find_entity("MISTRAL AI") == m);
  Vertex t = g.add_entity("Timothée Lacroix", "Person");
  CHECK(g.find_entity("Timothee Lacroix") == t);
  CHECK_FALSE(g.find_entity("Mistral Large"));
  // An alias that names another entity is refused.
  CHECK_FALSE(g.add_alias(t, "Mistral"));
  // Re-adding by alias finds the same entity; "Other" upgrades to a real type.
  CHECK(g.add_entity("mistral") == m);
  Vertex x = g.add_entity("Azure");
  CHECK(g.entity_type_name(x) == "Other");
  g.add_entity("Azure", "Product");
  CHECK(g.entity_type_name(x) == "Product");
}

TEST_CASE("one relation per (subject, type, object) collects all evidence", "[graph]") {
  KnowledgeGraph g;
  add_triple(g, make("Microsoft", "invests-in", "Mistral AI", "a.txt", 0));
  add_triple(g, make("Microsoft", "invests-in", "Mistral AI", "b.txt", 3));
  add_triple(g, make("Microsoft", "invests-in", "Mistral AI", "b.txt", 3));  // duplicate evidence
  add_triple(g, make("Microsoft", "invests-in", "OpenAI", "a.txt", 1));
  CHECK(g.relation_count() == 2);
  CHECK(g.evidence_count() == 3);
  auto e = g.find_relation(*g.find_entity("Microsoft"), *g.find_relation_type("invests-in"), *g.find_entity("Mistral AI"));
  REQUIRE(e);
  CHECK(g.relation(*e).evidence.size() == 2);
  CHECK(g.documents().size() == 2);
}

TEST_CASE("symmetric relations match in either direction", "[graph]") {
  KnowledgeGraph g;
  add_triple(g, make("Microsoft", "partners-with", "Mistral AI", "a", 0));
  add_triple(g, make("Mistral AI", "partners-with", "Microsoft", "b", 0));
  CHECK(g.relation_count() == 1);
  CHECK(g.evidence_count() == 2);
  add_triple(g, make("Mistral AI", "invests-in", "Microsoft", "b", 1));
  add_triple(g, make("Microsoft", "invests-in", "Mistral AI", "b", 1));
  CHECK(g.relation_count() == 3);
}

TEST_CASE("relation attributes derive from evidence", "[graph]") {
  KnowledgeGraph g;
  Triple a = make("Microsoft", "invests-in", "Mistral AI", "a", 0);
  a.attrs["date"] = *Date::parse("2024-02-26");
  a.attrs["amount"] = Money{15e6, "EUR"};
  a.attrs["hedged"] = true;
  Triple b = make("Microsoft", "invests-in", "Mistral AI", "b", 0);
  b.attrs["date"] = *Date::parse("2024-02");
  Edge e = add_triple(g, a);
  add_triple(g, b);
  CHECK(g.relation_date(e)->iso() == "2024-02");
  CHECK(g.relation_amount(e)->value == 15e6);
  CHECK_FALSE(g.relation_hedged(e));
}

TEST_CASE("merge unites entities by alias and keeps all evidence", "[graph]") {
  KnowledgeGraph a, b;
  Vertex m = a.add_entity("Mistral AI", "Organization");
  a.add_alias(m, "Mistral");
  add_triple(a, make("Microsoft", "invests-in", "Mistral AI", "d1", 0));
  add_triple(b, make("Microsoft", "invests-in", "Mistral", "d2", 0));
  add_triple(b, make("Amazon", "invests-in", "Anthropic", "d2", 1));
  a.merge(b);
  CHECK(a.entity_count() == 4);
  CHECK(a.relation_count() == 2);
  CHECK(a.evidence_count() == 3);
}

TEST_CASE("triple lines parse with typed attributes and report bad input with positions", "[graph]") {
  Triple t = parse_triple_line(
      "t.jsonl", 1,
      R"({"subject":"Microsoft","relation":"Invests-In","object":"Mistral AI","attrs":{"amount":"€15 million","amount_value":15000000,"currency":"eur","date":"2024-02-26","hedged":true},"source":{"doc":"a","sentence":2,"start":10,"end":40,"text":"x"}})");
  CHECK(t.relation == "invests-in");
  REQUIRE(std::holds_alternative<Money>(t.attrs.at("amount")));
  CHECK(std::get<Money>(t.attrs.at("amount")).currency == "EUR");
  CHECK(std::get<std::string>(t.attrs.at("amount_text")) == "€15 million");
  CHECK(std::get<Date>(t.attrs.at("date")).iso() == "2024-02-26");
  CHECK(t.source.sentence == 2);

  // And back: the extract form carries amount as written plus value and currency.
  std::string line = triple_to_json_line(t);
  CHECK(line.find(R"("amount":"€15 million")") != std::string::npos);
  CHECK(line.find(R"("amount_value":15000000)") != std::string::npos);
  CHECK(line.find(R"("currency":"EUR")") != std::string::npos);

  try {
    parse_triple_line("t.jsonl", 7, R"({"subject":"A","relation":"x","object":5})");
    FAIL("expected an error");
  } catch (const DataError& e) {
    CHECK(e.pos().line == 7);
    CHECK(e.pos().column == 40);  // the 5
    CHECK(e.message().find("\"object\" must be a string") != std::string::npos);
  }
  CHECK_THROWS_AS(parse_triple_line("t.jsonl", 1, R"({"subject":"A","relation":"x"})"), DataError);
  CHECK_THROWS_AS(parse_triple_line("t.jsonl", 1, R"({"subject":"A","relation":"x",)"), DataError);
}

TEST_CASE("graphs copy and move without dangling relations", "[graph]") {
  KnowledgeGraph a;
  add_triple(a, make("Microsoft", "invests-in", "Mistral AI", "d1", 0));
  add_triple(a, make("Microsoft", "partners-with", "OpenAI", "d1", 1));
  KnowledgeGraph copy = a;
  KnowledgeGraph moved = std::move(a);
  CHECK(a.relation_count() == 0);  // NOLINT: a moved-from graph is empty and usable
  add_triple(a, make("X", "acquires", "Y", "d9", 0));
  CHECK(a.relation_count() == 1);
  for (const KnowledgeGraph* g : {&copy, &moved}) {
    REQUIRE(g->relations().size() == 2);
    CHECK(g->relation_type_name(g->relations()[1]) == "partners-with");
    CHECK(g->entity(boost::target(g->relations()[0], g->graph())).name == "Mistral AI");
  }
  // The copy is independent: adding to it leaves the original alone.
  add_triple(copy, make("Microsoft", "invests-in", "Mistral AI", "d2", 0));
  CHECK(copy.evidence_count() == 3);
  CHECK(moved.evidence_count() == 2);
  KnowledgeGraph assigned;
  assigned = copy;
  CHECK(assigned.find_relation(*assigned.find_entity("Microsoft"), *assigned.find_relation_type("invests-in"),
                               *assigned.find_entity("Mistral AI")));
}

TEST_CASE("derived relation attributes follow every evidence added, and survive save/load", "[graph]") {
  KnowledgeGraph g;
  Triple a = make("Amazon", "invests-in", "Anthropic", "a", 0);
  a.attrs["hedged"] = true;
  Edge e = add_triple(g, a);
  CHECK(g.relation_hedged(e));
  CHECK_FALSE(g.relation_date(e));
  CHECK_FALSE(g.relation_amount(e));
  Triple b = make("Amazon", "invests-in", "Anthropic", "b", 0);
  b.attrs["hedged"] = true;
  b.attrs["date"] = *Date::parse("2023-09-25");
  b.attrs["amount"] = Money{4e9, "USD"};
  add_triple(g, b);
  Triple c = make("Amazon", "invests-in", "Anthropic", "c", 0);
  c.attrs["hedged"] = true;
  c.attrs["date"] = *Date::parse("2023");
  c.attrs["amount"] = Money{2.75e9, "USD"};  // later amount: the first one stays
  add_triple(g, c);
  CHECK(g.relation_hedged(e));
  CHECK(g.relation_date(e)->iso() == "2023");
  CHECK(g.relation_amount(e)->value == 4e9);
  KnowledgeGraph back = parse_graph(serialize_graph(g), "m.kg");
  Edge be = back.relations()[0];
  CHECK(back.relation_date(be)->iso() == "2023");
  CHECK(back.relation_amount(be)->value == 4e9);
  CHECK(back.relation_hedged(be));
  add_triple(g, make("Amazon", "invests-in", "Anthropic", "d", 0));  // not hedged
  CHECK_FALSE(g.relation_hedged(e));
}
