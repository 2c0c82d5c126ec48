#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <sys/stat.h>

#include "common/atomic_file.hpp"
#include "graph/graph_file.hpp"
#include "graph/triple.hpp"

using namespace kg;

namespace {

KnowledgeGraph sample_graph() {
  KnowledgeGraph g;
  Document d;
  d.id = "doc \"1\"";
  d.title = "Microsoft backs Mistral";
  d.date = Date::parse("2024-02-27");
  Triple t;
  t.subject = "Microsoft";
  t.subject_type = "Organization";
  t.relation = "invests-in";
  t.object = "Mistral AI";
  t.object_type = "Organization";
  t.attrs["amount"] = Money{15000000.5, "EUR"};
  t.attrs["amount_text"] = std::string("€15 million");
  t.attrs["date"] = *Date::parse("2024-02");
  t.attrs["confidence"] = 0.1 + 0.2;  // not representable exactly: must round-trip anyway
  t.attrs["hedged"] = false;
  t.attrs["count"] = std::int64_t{3};
  t.source = {"doc \"1\"", 2, 10, 55, "Microsoft will invest €15 million in Mistral AI.\n"};
  t.rule = "invest.active";
  add_triple(g, t, &d);
  Triple p = t;
  p.relation = "partners-with";
  p.attrs.clear();
  add_triple(g, p, &d);
  Vertex m = *g.find_entity("Mistral AI");
  g.add_alias(m, "Mistral");
  g.set_entity_attr(m, "founded", *Date::parse("2023-04"));
  g.add_entity("Émilie <&> \"Q\"", "Person");
  return g;
}

std::string temp_path(const std::string& name) { return "/tmp/kg-unit-" + std::to_string(::getpid()) + "-" + name; }

}  // namespace

TEST_CASE("save then load round-trips exactly", "[graph-file]") {
  KnowledgeGraph g = sample_graph();
  std::string text = serialize_graph(g);
  KnowledgeGraph back = parse_graph(text, "mem.kg");
  CHECK(serialize_graph(back) == text);
  CHECK(back.entity_count() == g.entity_count());
  CHECK(back.relation_count() == 2);
  CHECK(back.find_entity("mistral"));
  CHECK(back.relation_types()[*back.find_relation_type("partners-with")].symmetric);
  Edge e = back.relations()[0];
  CHECK(std::get<double>(back.relation(e).evidence[0].attrs.at("confidence")) == 0.1 + 0.2);
  CHECK(std::get<Money>(back.relation(e).evidence[0].attrs.at("amount")).value == 15000000.5);
  CHECK(back.documents()[0].date->iso() == "2024-02-27");
}

TEST_CASE("save is atomic and load reads the file back", "[graph-file]") {
  std::string path = temp_path("g.kg");
  save_graph(sample_graph(), path);
  KnowledgeGraph back = load_graph(path);
  CHECK(back.relation_count() == 2);
  std::remove(path.c_str());
}

TEST_CASE("a failed save leaves the previous file untouched", "[graph-file]") {
  std::string dir = temp_path("ro");
  ::mkdir(dir.c_str(), 0755);
  std::string path = dir + "/g.kg";
  save_graph(sample_graph(), path);
  std::string before = read_file(path);
  {
    // An exception while writing (simulated) must not touch the target.
    AtomicFile f(path);
    f.write("{\"format\": \"kg-graph\", \"trunc");
  }  // destroyed without commit
  CHECK(read_file(path) == before);
  ::chmod(dir.c_str(), 0555);
  if (::access(dir.c_str(), W_OK) != 0) {  // root can write anyway; then this part proves nothing
    CHECK_THROWS_AS(save_graph(KnowledgeGraph(), path), IoError);
    CHECK(read_file(path) == before);
  }
  ::chmod(dir.c_str(), 0755);
  std::remove(path.c_str());
  ::rmdir(dir.c_str());
}

TEST_CASE("truncated graph files are rejected with the position", "[graph-file]") {
  std::string text = serialize_graph(sample_graph());
  std::string cut = text.substr(0, text.size() * 2 / 3);
  try {
    parse_graph(cut, "cut.kg");
    FAIL("expected an error");
  } catch (const DataError& e) {
    CHECK(e.pos().file == "cut.kg");
    CHECK(e.pos().line > 1);
    CHECK(e.message().find("not a valid graph file") != std::string::npos);
  }
  CHECK_THROWS_AS(parse_graph("", "empty.kg"), DataError);
}

// A hand-edited file: same content, no checksum (so the semantic checks speak).
std::string without_checksum(const std::string& text) { return text.substr(0, text.rfind(",\n\"checksum\"")) + "\n}\n"; }

TEST_CASE("inconsistent graph files name the bad value's line and pointer", "[graph-file]") {
  std::string text = without_checksum(serialize_graph(sample_graph()));
  // Point the first relation at an entity that does not exist.
  auto at = text.find("{\"subject\":0");
  REQUIRE(at != std::string::npos);
  std::string bad = text;
  bad.replace(at, 12, "{\"subject\":99");
  std::size_t expected_line = 1 + std::count(bad.begin(), bad.begin() + static_cast<long>(at), '\n');
  try {
    parse_graph(bad, "bad.kg");
    FAIL("expected an error");
  } catch (const DataError& e) {
    CHECK(e.pos().line == expected_line);
    CHECK(e.pos().pointer == "/relations/0/subject");
    CHECK(e.message().find("index into \"entities\"") != std::string::npos);
  }
  std::string wrong_type = text;
  wrong_type.replace(wrong_type.find("\"type\":\"Person\""), 15, "\"type\":\"Persn\"");
  CHECK_THROWS_WITH(parse_graph(wrong_type, "t.kg"), Catch::Contains("unknown entity type 'Persn'"));
  std::string newer = text;
  newer.replace(newer.find("\"version\": 1"), 12, "\"version\": 9");
  CHECK_THROWS_WITH(parse_graph(newer, "v.kg"), Catch::Contains("version 9 is not supported"));
  CHECK_THROWS_WITH(parse_graph("{\"format\": \"other\"}", "o.kg"), Catch::Contains("not a kg graph file"));
}

TEST_CASE("a flipped bit anywhere is caught by the checksum", "[graph-file]") {
  std::string text = serialize_graph(sample_graph());
  REQUIRE(text.find("\"checksum\": \"crc32c:") != std::string::npos);
  // Flip one bit inside a sentence text: still valid JSON, so only the checksum can tell.
  std::string flipped = text;
  auto at = flipped.find("invest €15");
  REQUIRE(at != std::string::npos);
  flipped[at] ^= 0x01;  // 'i' -> 'h'
  try {
    parse_graph(flipped, "flip.kg");
    FAIL("expected an error");
  } catch (const DataError& e) {
    CHECK(e.message().find("checksum mismatch") != std::string::npos);
    CHECK(e.pos().file == "flip.kg");
    CHECK(e.pos().pointer == "/checksum");
  }
  // A file without a checksum (written by hand) is accepted.
  CHECK(parse_graph(without_checksum(text), "plain.kg").relation_count() == 2);
}
