// Sharding and merging (issue 6, "beyond one machine"): the shard hash and
// --shard parsing, and merges whose result does not depend on how the corpus
// was split or in which order the shards are merged.
#include <catch2/catch.hpp>

#include <set>

#include "common/error.hpp"
#include "common/shard.hpp"
#include "graph/graph.hpp"
#include "graph/graph_file.hpp"
#include "graph/triple.hpp"

using namespace kg;

namespace {
Triple fact(const std::string& s, const std::string& r, const std::string& o, const std::string& doc, int sentence) {
  Triple t;
  t.subject = s;
  t.relation = r;
  t.object = o;
  t.source.doc = doc;
  t.source.sentence = sentence;
  t.source.text = s + " " + r + " " + o + " in " + doc;
  return t;
}
Triple investment(const std::string& doc, int sentence, double amount, const std::string& text) {
  Triple t = fact("Microsoft", "invests-in", "Mistral AI", doc, sentence);
  t.attrs["amount"] = Money{amount, "EUR"};
  t.attrs["amount_text"] = text;
  return t;
}
std::vector<std::string> evidence_docs(const KnowledgeGraph& g, Edge e) {
  std::vector<std::string> out;
  for (const auto& ev : g.relation(e).evidence) out.push_back(g.documents()[ev.doc].id);
  return out;
}
}  // namespace

TEST_CASE("scale: fnv1a64 matches the published FNV-1a test vectors", "[scale]") {
  CHECK(fnv1a64("") == 0xcbf29ce484222325ull);
  CHECK(fnv1a64("a") == 0xaf63dc4c8601ec8cull);
  CHECK(fnv1a64("foobar") == 0x85944171f73967e8ull);
}

TEST_CASE("scale: --shard I/N is 1-based and strict", "[scale]") {
  ShardSpec s = parse_shard("2/5");
  CHECK(s.index == 2);
  CHECK(s.count == 5);
  CHECK(parse_shard("1/1").count == 1);
  CHECK(parse_shard("1000000/1000000").index == 1000000);
  for (const char* bad : {"0/2", "3/2", "1/0", "2", "", "/", "1/", "/2", "a/b", "1/2/3", "-1/2", "+1/2", " 1/2", "1/2 ",
                          "1/2x", "1.5/2", "1/10000000"}) {
    INFO(bad);
    CHECK_THROWS_AS(parse_shard(bad), UsageError);
  }
  try {
    parse_shard("0/4", "--shard");
    FAIL("no error");
  } catch (const UsageError& e) {
    CHECK(std::string(e.what()).find("--shard 0/4") != std::string::npos);
    CHECK(std::string(e.what()).find("from 1 to 4") != std::string::npos);
  }
}

TEST_CASE("scale: every document id is in exactly one shard, and shards are balanced", "[scale]") {
  const std::uint32_t n = 4;
  std::vector<int> sizes(n, 0);
  for (int i = 0; i < 4000; ++i) {
    std::string id = "article-" + std::to_string(i) + ".txt";
    int hits = 0;
    for (std::uint32_t k = 1; k <= n; ++k)
      if (in_shard(id, ShardSpec{k, n})) {
        ++hits;
        ++sizes[k - 1];
      }
    REQUIRE(hits == 1);
  }
  for (int size : sizes) CHECK((size > 800 && size < 1200));  // 1000 expected each
  CHECK(in_shard("anything", ShardSpec{1, 1}));
}

TEST_CASE("scale: merge keeps evidence in canonical order, so the first amount does not depend on merge order", "[scale]") {
  // Whole corpus: doc a (amount A) before doc b (amount B).
  KnowledgeGraph whole;
  add_triple(whole, investment("a.txt", 1, 15e6, "EUR 15 million"));
  add_triple(whole, investment("b.txt", 0, 16e6, "16 million euros"));
  whole.sort_evidence();
  Edge we = whole.relations()[0];
  REQUIRE(whole.relation_amount(we)->value == 15e6);

  KnowledgeGraph shard_a, shard_b;
  add_triple(shard_a, investment("a.txt", 1, 15e6, "EUR 15 million"));
  add_triple(shard_b, investment("b.txt", 0, 16e6, "16 million euros"));
  for (bool b_first : {false, true}) {
    KnowledgeGraph merged;
    merged.merge(b_first ? shard_b : shard_a);
    merged.merge(b_first ? shard_a : shard_b);
    Edge e = merged.relations()[0];
    CHECK(evidence_docs(merged, e) == std::vector<std::string>{"a.txt", "b.txt"});
    CHECK(merged.relation_amount(e)->value == 15e6);
    CHECK(merged.evidence_count() == 2);
  }
}

TEST_CASE("scale: sort_evidence orders by document id, sentence and span and keeps derived attributes right", "[scale]") {
  KnowledgeGraph g;
  Triple late = fact("Amazon", "invests-in", "Anthropic", "b", 3);
  late.attrs["amount"] = Money{4e9, "USD"};
  late.attrs["date"] = *Date::parse("2024-03-27");
  late.attrs["hedged"] = true;
  Triple early = fact("Amazon", "invests-in", "Anthropic", "a", 7);
  early.attrs["amount"] = Money{1.25e9, "USD"};
  early.attrs["hedged"] = true;
  Triple same_doc = fact("Amazon", "invests-in", "Anthropic", "a", 2);
  same_doc.attrs["hedged"] = true;
  Edge e = add_triple(g, late);
  add_triple(g, early);
  add_triple(g, same_doc);
  CHECK(g.relation_amount(e)->value == 4e9);  // first seen, before sorting
  g.sort_evidence();
  REQUIRE(g.relation(e).evidence.size() == 3);
  CHECK(evidence_docs(g, e) == std::vector<std::string>{"a", "a", "b"});
  CHECK(g.relation(e).evidence[0].sentence == 2);
  CHECK(g.relation(e).evidence[1].sentence == 7);
  CHECK(g.relation_amount(e)->value == 1.25e9);
  CHECK(g.relation_date(e)->iso() == "2024-03-27");
  CHECK(g.relation_hedged(e));
  CHECK(g.evidence_count() == 3);
  // Sorted stays sorted, and survives save/load.
  KnowledgeGraph back = parse_graph(serialize_graph(g), "sorted.kg");
  CHECK(evidence_docs(back, back.relations()[0]) == std::vector<std::string>{"a", "a", "b"});
  CHECK(back.relation_amount(back.relations()[0])->value == 1.25e9);
}

TEST_CASE("scale: merge unites an entity one shard knows by an alias the other shard introduced", "[scale]") {
  // Shard 1 saw the full name (with its short alias from the gazetteer);
  // shard 2 only ever saw the short name.
  KnowledgeGraph one, two;
  add_triple(one, fact("Microsoft", "invests-in", "Mistral AI", "a", 0));
  one.add_alias(*one.find_entity("Mistral AI"), "Mistral");
  add_triple(two, fact("Mistral", "launches", "Le Chat", "b", 0));
  two.add_entity("Mistral", "Organization");
  for (bool two_first : {false, true}) {
    KnowledgeGraph merged;
    merged.merge(two_first ? two : one);
    merged.merge(two_first ? one : two);
    INFO("two first: " << two_first);
    CHECK(merged.entity_count() == 3);  // Microsoft, Mistral AI = Mistral, Le Chat
    auto m = merged.find_entity("Mistral");
    REQUIRE(m);
    CHECK(merged.find_entity("Mistral AI") == m);
    CHECK(merged.entity_type_name(*m) == "Organization");
    CHECK(merged.find_relation(*m, *merged.find_relation_type("launches"), *merged.find_entity("Le Chat")));
    CHECK(merged.find_relation(*merged.find_entity("Microsoft"), *merged.find_relation_type("invests-in"), *m));
    CHECK(merged.relation_count() == 2);
  }
}

TEST_CASE("scale: merging a graph with itself adds nothing; symmetric relations meet from either direction", "[scale]") {
  KnowledgeGraph one, two;
  add_triple(one, fact("Microsoft", "partners-with", "Mistral AI", "a", 0));
  add_triple(two, fact("Mistral AI", "partners-with", "Microsoft", "b", 1));
  KnowledgeGraph merged;
  merged.merge(one);
  merged.merge(two);
  merged.merge(one);
  CHECK(merged.relation_count() == 1);
  CHECK(merged.evidence_count() == 2);
  CHECK(merged.documents().size() == 2);
  CHECK(merged.relation_types()[*merged.find_relation_type("partners-with")].symmetric);
}
