// The exporters' fast output path (graph/export_text.hpp) against the slow,
// obvious forms it replaced: numbers as format_double, dates as Date::iso,
// XML escaping as xml_escape, JSON strings and layout as RapidJSON's
// PrettyWriter, evidence attributes as attrs_to_json; and text split across
// the 1 MiB blocks arrives whole.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <sstream>
#include <string>
#include <vector>
#include <unistd.h>

#include <rapidjson/document.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "common/atomic_file.hpp"
#include "common/text.hpp"
#include "common/value.hpp"
#include "graph/export.hpp"
#include "graph/export_model.hpp"
#include "graph/export_text.hpp"
#include "graph/triple.hpp"

using namespace kg;
using export_detail::TextOut;

namespace {

// Runs `write` on a TextOut that collects everything it flushes.
template <class F>
std::string collect(F write) {
  std::string all;
  TextOut out([&all](std::string_view block) { all.append(block); });
  write(out);
  out.flush();
  return all;
}

std::string render(const KnowledgeGraph& g, ExportFormat f) {
  std::ostringstream out;
  export_graph(g, nullptr, f, out);
  return out.str();
}

const std::vector<std::string> kHostile = {
    "",
    "plain ASCII name",
    "AT&T <x> \"q\" 'y'",
    "tab\there, new\nline, cr\rend",
    "ctrl \x01\x1b\x0b\x7f gone",
    "C1 \xc2\x85 and \xc2\x9f",
    "Emoji \xF0\x9F\x9A\x80 caf\xc3\xa9 \xe2\x82\xac",
    "bad \xff\xfe bytes \xc3",
    "back\\slash and \"quotes\"",
    "\xef\xbf\xbe noncharacter",
};

// An evidence attribute map of every value kind attrs_to_json handles.
AttrMap all_kinds_of_attrs(bool with_amount_text) {
  AttrMap a;
  a["amount"] = Money{15000000, "EUR"};
  if (with_amount_text) a["amount_text"] = std::string("\xe2\x82\xac" "15 <million>");
  a["valuation"] = Money{2.5e9, "US\"D \xc3\xa9"};  // a currency that needs escaping
  a["price"] = Money{0.25, "USD"};
  a["date"] = *Date::parse("2024-02");
  a["count"] = std::int64_t{-42};
  a["share"] = 0.125;
  a["ratio"] = std::numeric_limits<double>::infinity();
  a["hedged"] = true;
  a["nothing"] = Null{};
  a["note"] = std::string("say \"hi\"\n\x01");
  return a;
}

KnowledgeGraph graph_with_attrs() {
  KnowledgeGraph g;
  Vertex a = g.add_entity("AT&T \"Inc\"", "Organization");
  Vertex b = g.add_entity("Caf\xc3\xa9 \xF0\x9F\x9A\x80", "Odd <Type>");
  g.add_alias(b, "Cafe\tTab");
  Edge e = g.add_relation(a, g.add_relation_type("invests-in"), b);
  Document d;
  d.id = "doc \"1\"";
  d.url = "https://example.org/?a=1&b=2";
  d.title = "Title\nwith break";
  d.date = *Date::parse("2024-02-26");
  auto doc = g.add_document(d);
  for (bool with_text : {true, false}) {
    Evidence v;
    v.doc = doc;
    v.sentence = with_text ? 0 : 7;
    v.start = 3;
    v.end = 40;
    v.text = g.intern_text(with_text ? "A \"quoted\" sentence\twith tab." : "Plain sentence.");
    v.rule = g.intern_rule("rule-1");
    v.attrs = all_kinds_of_attrs(with_text);
    g.add_evidence(e, v);
  }
  g.add_relation(b, g.add_relation_type("partners-with", true), a);  // no evidence at all
  return g;
}

}  // namespace

TEST_CASE("export text: numbers are written exactly as format_double writes them", "[export][export_text]") {
  const double values[] = {0.0,
                           -0.0,
                           1.0,
                           -1.0,
                           15000000.0,
                           999999999999999.0,
                           1e15,
                           -1e15,
                           1.5e15,
                           123456789012345678.0,
                           1e21,
                           0.1,
                           0.125,
                           1.0 / 3,
                           -2.5e-7,
                           5e-324,
                           std::numeric_limits<double>::max(),
                           std::numeric_limits<double>::quiet_NaN(),
                           std::numeric_limits<double>::infinity(),
                           -std::numeric_limits<double>::infinity()};
  for (double d : values) {
    INFO(format_double(d));
    CHECK(collect([d](TextOut& o) { o.put_number(d); }) == format_double(d));
  }
}

TEST_CASE("export text: dates are written exactly as Date::iso writes them", "[export][export_text]") {
  const Date dates[] = {{2024, 2, 26}, {2024, 2, 0}, {2024, 0, 0}, {999, 1, 1},  {5, 0, 0},
                        {9999, 12, 31}, {10000, 1, 1}, {-44, 3, 15}, {2024, 12, 0}};
  for (const Date& d : dates) {
    INFO(d.iso());
    CHECK(collect([&d](TextOut& o) { o.put_date(d); }) == d.iso());
  }
}

TEST_CASE("export text: JSON doubles are written as RapidJSON's Writer writes them", "[export][export_text]") {
  for (double d : {0.0, 1.0, 2.0, 15000000.0, 0.1, 1e21, 1.0 / 3, -2.5e-7, 123456789012345678.0}) {
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    w.Double(d);
    CHECK(collect([d](TextOut& o) { o.put_json_double(d); }) == std::string(buf.GetString()));
  }
}

TEST_CASE("export text: XML escaping matches xml_escape on hostile strings", "[export][export_text]") {
  for (const auto& s : kHostile) {
    INFO(s);
    for (bool attribute : {false, true}) {
      std::string expected = export_detail::xml_escape(s, attribute);
      CHECK(collect([&](TextOut& o) { o.put_xml_raw(s, attribute); }) == expected);
      // put_xml takes strings that are already sanitised, as the model's are.
      std::string clean = sanitize_utf8(s);
      CHECK(collect([&](TextOut& o) { o.put_xml(clean, attribute); }) == expected);
    }
  }
  CHECK(collect([](TextOut& o) { o.put_xml("a\tb\nc", false); }) == "a\tb\nc");
  CHECK(collect([](TextOut& o) { o.put_xml("a\tb\nc", true); }) == "a&#9;b&#10;c");
}

TEST_CASE("export text: JSON strings are sanitised and escaped as RapidJSON's Writer does", "[export][export_text]") {
  for (const auto& s : kHostile) {
    INFO(s);
    std::string clean = sanitize_utf8(s);
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    w.String(clean.data(), static_cast<rapidjson::SizeType>(clean.size()));
    std::string mine = collect([&](TextOut& o) { o.put_json_string(s); });
    CHECK(mine == std::string(buf.GetString(), buf.GetSize()));
    CHECK(is_valid_utf8(mine));
  }
}

TEST_CASE("export text: text larger than a block arrives whole and in order", "[export][export_text]") {
  std::string big(TextOut::kBlock * 2 + 17, 'x');
  for (std::size_t i = 0; i < big.size(); i += 4099) big[i] = '&';
  std::size_t blocks = 0;
  std::string all;
  {
    TextOut out([&](std::string_view block) {
      ++blocks;
      CHECK(block.size() <= big.size());
      all.append(block);
    });
    out.put("head ");
    out.put(big);  // longer than the buffer: passed through
    for (int i = 0; i < 300000; ++i) {
      out.put_uint(static_cast<std::uint64_t>(i));
      out.put(',');
    }
    out.put_xml(big, true);  // escaped runs across block boundaries
    out.flush();
  }
  std::string expected = "head " + big;
  for (int i = 0; i < 300000; ++i) expected += std::to_string(i) + ",";
  expected += export_detail::xml_escape(big, true);
  CHECK(blocks >= 4);
  CHECK(all.size() == expected.size());
  CHECK(all == expected);
}

TEST_CASE("export text: nothing reaches the sink before flush or a full block", "[export][export_text]") {
  std::string all;
  {
    TextOut out([&all](std::string_view block) { all.append(block); });
    out.put("partial");
    CHECK(all.empty());
  }  // destroyed without flush: a writer that failed half-way emits no tail
  CHECK(all.empty());
}

TEST_CASE("export text: the JSON export is laid out exactly as RapidJSON's PrettyWriter lays it out",
          "[export][export_text][json]") {
  KnowledgeGraph g = graph_with_attrs();
  std::string json = render(g, ExportFormat::json);
  rapidjson::Document d;
  REQUIRE_FALSE(d.Parse(json.c_str()).HasParseError());
  rapidjson::StringBuffer buf;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buf);
  w.SetIndent(' ', 1);
  REQUIRE(d.Accept(w));
  CHECK(json == std::string(buf.GetString(), buf.GetSize()) + "\n");
  CHECK(json.find("\n  {\n   \"id\": \"n0\",") != std::string::npos);  // not a layout the writer merely echoes
  CHECK(json.find("\"aliases\": []") != std::string::npos);          // empty arrays stay on one line
}

TEST_CASE("export text: evidence attributes in the JSON export are those of triples JSONL",
          "[export][export_text][json]") {
  KnowledgeGraph g = graph_with_attrs();
  std::string json = render(g, ExportFormat::json);
  rapidjson::Document d;
  REQUIRE_FALSE(d.Parse(json.c_str()).HasParseError());
  const auto& evidence = d["edges"][0]["evidence"];
  REQUIRE(evidence.Size() == 2);
  for (rapidjson::SizeType i = 0; i < evidence.Size(); ++i) {
    rapidjson::Document expected;
    rapidjson::Value attrs;
    attrs_to_json(all_kinds_of_attrs(i == 0), attrs, expected.GetAllocator());
    auto compact = [](const rapidjson::Value& v) {
      rapidjson::StringBuffer b;
      rapidjson::Writer<rapidjson::StringBuffer> w(b);
      v.Accept(w);
      return std::string(b.GetString(), b.GetSize());
    };
    // attrs_to_json keeps the raw note; the export sanitises it (drops \x01).
    std::string want = compact(attrs);
    auto at = want.find("\\u0001");
    REQUIRE(at != std::string::npos);
    want.erase(at, 6);
    CHECK(compact(evidence[i]["attrs"]) == want);
  }
  CHECK(evidence[0]["attrs"]["amount"].GetString() == std::string("\xe2\x82\xac" "15 <million>"));
  CHECK(evidence[1]["attrs"]["amount"].GetString() == to_display(Money{15000000, "EUR"}));
  CHECK(evidence[0]["attrs"]["ratio"].IsNull());  // infinity is not a JSON number
}

TEST_CASE("export text: a non-finite amount keeps the JSON export whole and valid", "[export][export_text][json]") {
  // RapidJSON's writer stopped the whole document at a NaN amount_value,
  // leaving a truncated file; the value is now written as null.
  KnowledgeGraph g;
  Edge e = g.add_relation(g.add_entity("X"), g.add_relation_type("invests-in"), g.add_entity("Y"));
  Evidence v;
  v.doc = g.add_document(Document{"d", "", "", std::nullopt});
  v.attrs["amount"] = Money{std::numeric_limits<double>::quiet_NaN(), "EUR"};
  g.add_evidence(e, v);
  std::string json = render(g, ExportFormat::json);
  rapidjson::Document d;
  REQUIRE_FALSE(d.Parse(json.c_str()).HasParseError());
  REQUIRE(d["edges"].Size() == 1);
  CHECK(d["edges"][0]["evidence"][0]["attrs"]["amount_value"].IsNull());
  CHECK_FALSE(d["edges"][0].HasMember("amount"));  // the relation's amount is left out
  CHECK(d["documents"].Size() == 1);                // the document list after it is there
}

TEST_CASE("export text: exports to a stream and to a file are the same bytes", "[export][export_text]") {
  KnowledgeGraph g = graph_with_attrs();
  for (auto f : {ExportFormat::graphml, ExportFormat::gexf, ExportFormat::json, ExportFormat::dot}) {
    std::string path = (std::filesystem::temp_directory_path() /
                        ("kg-export-text-" + std::to_string(::getpid()) + "." + export_format_name(f)))
                           .string();
    export_graph_to_file(g, nullptr, f, path);
    std::string file = read_file(path);
    std::remove(path.c_str());
    CHECK(file == render(g, f));
    CHECK(!file.empty());
  }
}
