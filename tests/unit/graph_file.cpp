#include <catch2/catch.hpp>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

#include "common/atomic_file.hpp"
#include "common/checksum.hpp"
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

// --- the binary format (.kgb) ------------------------------------------------

namespace {

// Rewrites the trailing CRC-32C so that a deliberate edit gets past the
// checksum and reaches the decoder's own checks.
std::string with_fixed_checksum(std::string bytes) {
  std::uint32_t sum = crc32c(std::string_view(bytes).substr(0, bytes.size() - 8));
  std::memcpy(&bytes[bytes.size() - 4], &sum, 4);
  return bytes;
}

std::string binary_error(const std::string& bytes) {
  try {
    parse_graph_binary(bytes, "bad.kgb");
  } catch (const DataError& e) {
    CHECK(e.pos().file == "bad.kgb");
    return e.message();
  }
  return "no error";
}

}  // namespace

TEST_CASE("the binary format holds exactly what the JSON format holds", "[graph-file][binary]") {
  KnowledgeGraph g = sample_graph();
  Vertex m = *g.find_entity("Mistral AI");
  g.set_entity_attr(m, "listed", true);
  g.set_entity_attr(m, "ticker", Null{});
  std::string bytes = serialize_graph_binary(g);
  REQUIRE(is_binary_graph(bytes));
  KnowledgeGraph back = parse_graph_binary(bytes, "mem.kgb");
  // Every table, value type and evidence field survives: the JSON form
  // (which spells all of them out) is the same, and so are the bytes.
  CHECK(serialize_graph(back) == serialize_graph(g));
  CHECK(serialize_graph_binary(back) == bytes);
  CHECK(back.find_entity("mistral"));
  CHECK(std::holds_alternative<bool>(back.entity(m).attrs.at("listed")));
  CHECK(std::get<double>(back.relation(back.relations()[0]).evidence[0].attrs.at("confidence")) == 0.1 + 0.2);
  // An empty graph too.
  CHECK(serialize_graph(parse_graph_binary(serialize_graph_binary(KnowledgeGraph()), "e.kgb")) ==
        serialize_graph(KnowledgeGraph()));
}

TEST_CASE("save picks the format from the name; load reads either by content", "[graph-file][binary]") {
  CHECK(graph_format_for("g.kgb") == GraphFormat::binary);
  CHECK(graph_format_for("g.kg") == GraphFormat::json);
  CHECK(graph_format_for("kgb") == GraphFormat::json);
  std::string kgb = temp_path("g.kgb"), kg = temp_path("g.kg"), misnamed = temp_path("binary-named.kg");
  save_graph(sample_graph(), kgb);
  save_graph(sample_graph(), kg);
  save_graph(sample_graph(), misnamed, GraphFormat::binary);
  CHECK(is_binary_graph(read_file(kgb)));
  CHECK(read_file(kg).rfind("{\"format\": \"kg-graph\"", 0) == 0);
  CHECK(read_file(misnamed) == read_file(kgb));
  for (const auto& path : {kgb, kg, misnamed}) CHECK(serialize_graph(load_graph(path)) == serialize_graph(sample_graph()));
  for (const auto& path : {kgb, kg, misnamed}) std::remove(path.c_str());
}

TEST_CASE("truncated or bit-flipped binary files are refused", "[graph-file][binary]") {
  const std::string bytes = serialize_graph_binary(sample_graph());
  // Every cut is refused (never a crash, never a partial graph).
  for (std::size_t n = 0; n < bytes.size(); n += 7) CHECK(binary_error(bytes.substr(0, n)) != "no error");
  CHECK(binary_error(bytes.substr(0, 4)).find("not a binary kg graph file") != std::string::npos);
  CHECK(binary_error(bytes.substr(0, bytes.size() - 16)).find("does not end with its end section") != std::string::npos);
  // Any flipped bit is caught by the checksum.
  for (std::size_t i = 8; i < bytes.size() - 8; i += 13) {
    std::string flipped = bytes;
    flipped[i] ^= 0x10;
    CHECK(binary_error(flipped).find("checksum mismatch") != std::string::npos);
  }
}

TEST_CASE("damage under a valid checksum is caught by the decoder's checks", "[graph-file][binary]") {
  const std::string bytes = serialize_graph_binary(sample_graph());
  auto section = [&](const char* tag) {
    std::size_t at = bytes.find(tag);
    REQUIRE(at != std::string::npos);
    return at + 16;  // past the tag, reserved word and length
  };
  auto edit = [&](std::size_t at, std::uint32_t value) {
    std::string b = bytes;
    std::memcpy(&b[at], &value, 4);
    return with_fixed_checksum(b);
  };
  // The first relation's subject points past the entities: named with its byte.
  std::size_t subject = section("RELS");
  std::string msg = binary_error(edit(subject, 99));
  CHECK(msg.find("relation 0 refers to an entity that does not exist") != std::string::npos);
  CHECK(msg.find("relations section, byte " + std::to_string(subject) + ")") != std::string::npos);
  // Relation type out of range (the type column follows the two subjects).
  CHECK(binary_error(edit(subject + 8, 7)).find("unknown type") != std::string::npos);
  // The second relation made a copy of the first: a duplicate.
  {
    std::string b = bytes;
    std::uint32_t t0;
    std::memcpy(&t0, &b[subject + 8], 4);
    std::memcpy(&b[subject + 12], &t0, 4);
    CHECK(binary_error(with_fixed_checksum(b)).find("repeats an earlier one") != std::string::npos);
  }
  // A newer version.
  CHECK(binary_error(edit(8, 2)).find("binary graph file version 2 is not supported") != std::string::npos);
  // A table count larger than the file.
  CHECK(binary_error(edit(16, 0x7fffffff)).find("larger than the file") != std::string::npos);
  // An evidence attribute with an unknown value tag: the first attribute's tag
  // byte sits after its 4-byte key index in the evidence attribute blob.
  {
    std::size_t evid = section("EVID");
    std::size_t k = 2;                                   // evidence pieces in the sample
    std::size_t blob = evid + k * (4 + 4 + 8 + 8 + 4 + 4) + (k + 1) * 8;
    std::string b = bytes;
    b[blob + 4] = 'Z';
    CHECK(binary_error(with_fixed_checksum(b)).find("unknown value tag") != std::string::npos);
  }
}

TEST_CASE("an entity name of only blanks is refused, in either format", "[graph-file]") {
  // kg stores names trimmed; a blank one would save as "" and the saved file
  // would not load again.
  std::string text = without_checksum(serialize_graph(sample_graph()));
  auto at = text.find("{\"name\":\"Microsoft\"");
  REQUIRE(at != std::string::npos);
  text.replace(at, 19, "{\"name\":\"   \"");
  CHECK_THROWS_WITH(parse_graph(text, "blank.kg"), Catch::Contains("\"name\" is blank"));
}

TEST_CASE("atomic writes go through symbolic links and into devices without replacing them", "[graph-file][atomic]") {
  std::string dir = temp_path("links");
  ::mkdir(dir.c_str(), 0755);
  // A link to a regular file: the target gets the new content, the link stays a link.
  std::string target = dir + "/real.txt", link = dir + "/link.txt";
  write_file_atomic(target, "old");
  REQUIRE(::symlink(target.c_str(), link.c_str()) == 0);
  write_file_atomic(link, "new");
  struct stat st;
  REQUIRE(::lstat(link.c_str(), &st) == 0);
  CHECK(S_ISLNK(st.st_mode));
  CHECK(read_file(target) == "new");
  // A link to a device (as /dev/stdout is): written into, not replaced by a
  // file (before the fix, running as root, kg renamed a file over /dev/stdout).
  std::string dev = dir + "/null";
  REQUIRE(::symlink("/dev/null", dev.c_str()) == 0);
  write_file_atomic(dev, "discarded");
  REQUIRE(::lstat(dev.c_str(), &st) == 0);
  CHECK(S_ISLNK(st.st_mode));
  REQUIRE(::stat("/dev/null", &st) == 0);
  CHECK(S_ISCHR(st.st_mode));
  // A directory is refused by name.
  CHECK_THROWS_WITH(write_file_atomic(dir, "x"), Catch::Contains("is a directory"));
  for (const auto& p : {link, target, dev}) std::remove(p.c_str());
  ::rmdir(dir.c_str());
}
