// Unit tests of the ingest pieces: tokenizer and sentence splitter, values,
// rules loading (errors with positions), gazetteer, extraction behaviour.
#include <catch2/catch.hpp>

#include "common/atomic_file.hpp"
#include "common/error.hpp"
#include "ingest/bundle.hpp"
#include "ingest_fixture.hpp"
#include "ingest/rule_tests.hpp"
#include "ingest/tokenize.hpp"
#include "ingest/values.hpp"

using namespace kg;
using namespace kg::ingest;

namespace {
std::vector<std::string> sentences(const std::string& text) {
  TokenizedText tt;
  tokenize(text, tt);
  std::vector<std::string> out;
  for (const auto& s : tt.sentences) out.push_back(text.substr(s.start, s.end - s.start));
  return out;
}
const Bundle& bundle() { return default_bundle(); }
std::vector<Triple> extract(const std::string& text) {
  InputDocument d;
  d.id = "t";
  d.text = text;
  return bundle().extractor->extract(d);
}
bool has(const std::vector<Triple>& ts, const std::string& s, const std::string& r, const std::string& o) {
  for (const auto& t : ts)
    if (t.subject == s && t.relation == r && t.object == o) return true;
  return false;
}
}  // namespace

TEST_CASE("ingest: sentences survive abbreviations, decimals and initials", "[ingest]") {
  auto s = sentences("Microsoft Corp. invested $2.5 billion in the U.S. startup. J. Smith said so. It grew.");
  REQUIRE(s.size() == 3);
  CHECK(s[0] == "Microsoft Corp. invested $2.5 billion in the U.S. startup.");
  CHECK(s[1] == "J. Smith said so.");
}

TEST_CASE("ingest: headlines without a final period end a sentence", "[ingest]") {
  auto s = sentences("Mistral Unveils a New Model\nThe company said on Monday it would ship soon.");
  REQUIRE(s.size() == 2);
  CHECK(s[0] == "Mistral Unveils a New Model");
}

TEST_CASE("ingest: tokens fold curly apostrophes and split possessives with byte offsets", "[ingest]") {
  std::string text = "Microsoft\xE2\x80\x99s deal\xC2\xA0won\xE2\x80\x99t stall";
  TokenizedText tt;
  tokenize(text, tt);
  std::vector<std::string> folded;
  for (std::size_t i = 0; i < tt.tokens.size(); ++i) folded.emplace_back(tt.fold(i));
  CHECK(folded == std::vector<std::string>{"microsoft", "'s", "deal", "wo", "n't", "stall"});
  CHECK(tt.raw(0) == "Microsoft");
  CHECK(tt.tokens[1].start == 9);
  CHECK(tt.raw(2) == "deal");
}

TEST_CASE("ingest: money values keep the text as written", "[ingest]") {
  auto m = parse_money_text("about $13bn");
  REQUIRE(m);
  CHECK(m->value == Approx(13e9));
  CHECK(m->currency == "USD");
  auto e = parse_money_text("15 million euros");
  REQUIRE(e);
  CHECK(e->value == Approx(15e6));
  CHECK(e->currency == "EUR");
  CHECK_FALSE(parse_money_text("fifteen people"));
}

TEST_CASE("ingest: dates without a year resolve against the publication date", "[ingest]") {
  TokenizedText tt;
  std::string text = "It raised money in December and on February 26, 2024.";
  tokenize(text, tt);
  std::vector<ValueMention> vals;
  find_values(tt, 0, static_cast<std::uint32_t>(tt.tokens.size()), Date{2024, 2, 27}, vals);
  REQUIRE(vals.size() == 2);
  CHECK(vals[0].date.iso() == "2023-12");
  CHECK(vals[1].date.iso() == "2024-02-26");
  CHECK(vals[1].full_date);
}

TEST_CASE("ingest: a malformed rules file reports file, line and column", "[ingest]") {
  std::string text = "{\n  \"version\": 1,\n  \"types\": {\"A\": null,,}\n}";
  try {
    load_rules_text(text, "bad.json");
    FAIL("no error");
  } catch (const DataError& e) {
    CHECK(e.pos().file == "bad.json");
    CHECK(e.pos().line == 3);
    CHECK(e.pos().column > 1);
  }
}

TEST_CASE("ingest: unknown names in rules are errors with a JSON pointer", "[ingest]") {
  std::string text = R"({"version": 1, "types": {"Organization": null},
    "relations": {"r": {"subject": "Organization", "object": "Organisation"}}})";
  try {
    load_rules_text(text, "t.json");
    FAIL("no error");
  } catch (const DataError& e) {
    CHECK(e.pos().pointer == "/relations/r/object");
    CHECK(e.pos().line == 2);
    CHECK(std::string(e.what()).find("did you mean 'Organization'") != std::string::npos);
  }
}

TEST_CASE("ingest: the schema file in samples/rules matches the compiled-in schema", "[ingest]") {
  std::string file = read_file(std::string(KG_SOURCE_DIR) + "/samples/rules/rules.schema.json");
  CHECK(file == std::string(rules_schema_text()) + "\n");
}

TEST_CASE("ingest: regular inflections", "[ingest]") {
  CHECK(regular_inflections("invest") == std::vector<std::string>{"invest", "invests", "invested", "investing"});
  CHECK(regular_inflections("probe") == std::vector<std::string>{"probe", "probes", "probed", "probing"});
  CHECK(regular_inflections("launch")[1] == "launches");
}

TEST_CASE("ingest: coordination fan-out, passive voice and short aliases", "[ingest]") {
  auto ts = extract("Mistral AI was founded by Arthur Mensch and Guillaume Lample. Mistral said Mensch leads it.");
  CHECK(has(ts, "Mistral AI", "founded-by", "Arthur Mensch"));
  CHECK(has(ts, "Mistral AI", "founded-by", "Guillaume Lample"));
  for (const auto& t : ts) CHECK(t.rule == "frame.found/passive");
}

TEST_CASE("ingest: negation and speculation give no triple; reportedly hedges", "[ingest]") {
  CHECK(extract("Apple has never invested in OpenAI.").empty());
  CHECK(extract("Nvidia might invest in Cohere.").empty());
  auto ts = extract("Amazon has reportedly invested $4 billion in Anthropic.");
  REQUIRE(ts.size() == 1);
  CHECK(std::get<bool>(ts[0].attrs.at("hedged")));
  CHECK(std::get<Money>(ts[0].attrs.at("amount")).value == Approx(4e9));
  CHECK(std::get<std::string>(ts[0].attrs.at("amount_text")) == "$4 billion");
}

TEST_CASE("ingest: evidence offsets point into the document text", "[ingest]") {
  std::string text = "Intro line.\nGoogle has invested in Anthropic.";
  auto ts = extract(text);
  REQUIRE(ts.size() == 1);
  CHECK(text.substr(ts[0].source.start, ts[0].source.end - ts[0].source.start) == "Google has invested in Anthropic");
  CHECK(ts[0].source.sentence == 1);
  CHECK(ts[0].source.text == "Google has invested in Anthropic.");
}

TEST_CASE("ingest: the bundled rule tests pass", "[ingest]") {
  std::string path = std::string(KG_SOURCE_DIR) + "/samples/rules/default.tests.json";
  auto report = run_rule_tests(*bundle().extractor, read_file(path), path);
  for (const auto& c : report.cases) {
    INFO(c.id);
    for (const auto& p : c.problems) INFO(p);
    CHECK(c.passed);
  }
  CHECK(report.cases.size() >= 10);
}
