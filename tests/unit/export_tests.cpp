// Exporters: escaping and sanitising, GraphML key declarations, number
// formatting, omitted missing values, parallel relations, GEXF colours and
// timeline, JSON node-link shape, DOT escaping, subgraph selection.
#include <catch2/catch.hpp>

#include <cstdio>
#include <limits>
#include <map>
#include <unistd.h>
#include <regex>
#include <set>
#include <sstream>

#include <rapidjson/document.h>

#include "common/atomic_file.hpp"
#include "common/error.hpp"
#include "common/text.hpp"
#include "graph/export.hpp"
#include "graph/export_model.hpp"

using namespace kg;

namespace {

// Microsoft -invests-in-> Mistral AI (two sentences, amount, dates) and
// Microsoft -partners-with-> Mistral AI (symmetric, no amount or date), plus
// a regulator looking at Microsoft with one hedged sentence.
KnowledgeGraph sample_graph() {
  KnowledgeGraph g;
  Vertex ms = g.add_entity("Microsoft", "Organization");
  Vertex mistral = g.add_entity("Mistral AI", "Organization");
  Vertex ec = g.add_entity("European Commission", "Regulator");
  g.add_alias(mistral, "Mistral");
  g.add_alias(ec, "EU Commission");
  auto invests = g.add_relation_type("invests-in");
  auto partners = g.add_relation_type("partners-with", true);
  auto investigates = g.add_relation_type("investigates");
  Document d1;
  d1.id = "doc-1";
  d1.url = "https://example.org/a?x=1&y=2";
  auto doc1 = g.add_document(d1);
  Document d2;
  d2.id = "doc-2";
  auto doc2 = g.add_document(d2);

  Edge inv = g.add_relation(ms, invests, mistral);
  Evidence a;
  a.doc = doc1;
  a.sentence = 3;
  a.start = 10;
  a.end = 70;
  a.text = g.intern_text("Microsoft will invest €15 million in Mistral AI.");
  a.rule = g.intern_rule("invest-amount");
  a.attrs["amount"] = Money{15000000, "EUR"};
  a.attrs["amount_text"] = std::string("€15 million");
  a.attrs["date"] = *Date::parse("2024-02-26");
  g.add_evidence(inv, a);
  Evidence b;
  b.doc = doc2;
  b.sentence = 0;
  b.text = g.intern_text("Microsoft's stake in Mistral AI is small.");
  b.rule = g.intern_rule("invest-plain");
  b.attrs["date"] = *Date::parse("2024-02");
  g.add_evidence(inv, b);

  Edge part = g.add_relation(ms, partners, mistral);
  Evidence c;
  c.doc = doc1;
  c.sentence = 1;
  c.text = g.intern_text("Microsoft and Mistral AI announced a partnership.");
  g.add_evidence(part, c);

  Edge look = g.add_relation(ec, investigates, ms);
  Evidence h;
  h.doc = doc2;
  h.sentence = 5;
  h.text = g.intern_text("The Commission may look into the deal.");
  h.attrs["hedged"] = true;
  g.add_evidence(look, h);
  return g;
}

std::string render(const KnowledgeGraph& g, ExportFormat f, const Subgraph* sel = nullptr) {
  std::ostringstream out;
  export_graph(g, sel, f, out);
  return out.str();
}

std::size_t count(const std::string& hay, const std::string& needle) {
  std::size_t n = 0;
  for (auto p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + needle.size())) ++n;
  return n;
}

// attr.name -> key id, for one domain, read back from the GraphML text.
std::map<std::string, std::string> key_ids(const std::string& xml, const std::string& domain) {
  std::map<std::string, std::string> out;
  std::regex key_re("<key id=\"([^\"]+)\" for=\"" + domain + "\" attr.name=\"([^\"]+)\"");
  for (std::sregex_iterator it(xml.begin(), xml.end(), key_re), end; it != end; ++it) out[(*it)[2]] = (*it)[1];
  return out;
}

// No byte XML 1.0 forbids: C0 controls other than tab, LF, CR.
bool has_forbidden_control(const std::string& s) {
  for (unsigned char c : s)
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return true;
  return false;
}

}  // namespace

TEST_CASE("export: xml_escape escapes the five XML specials, in text and attributes", "[export]") {
  using export_detail::xml_escape;
  CHECK(xml_escape("AT&T <x> \"q\" 'y'") == "AT&amp;T &lt;x&gt; &quot;q&quot; &apos;y&apos;");
  CHECK(xml_escape("a\tb\nc", true) == "a&#9;b&#10;c");
  CHECK(xml_escape("a\tb\nc", false) == "a\tb\nc");
  CHECK(xml_escape("line\r", false) == "line&#13;");
  CHECK(xml_escape("«Zürich» €") == "«Zürich» €");
}

TEST_CASE("export: xml_escape drops control characters and repairs invalid UTF-8, keeps emoji", "[export]") {
  using export_detail::xml_escape;
  CHECK(xml_escape("A\x1b" "B\x0b" "C\x01") == "ABC");
  CHECK(xml_escape("rocket \xF0\x9F\x9A\x80") == "rocket \xF0\x9F\x9A\x80");
  std::string bad = xml_escape("Bad\xff\xfe" "Bytes");
  CHECK(is_valid_utf8(bad));
  CHECK(bad.find("Bad") == 0);
  CHECK(bad.find("Bytes") != std::string::npos);
  CHECK_FALSE(has_forbidden_control(bad));
}

TEST_CASE("export: dot_escape escapes quotes, backslashes and newlines", "[export]") {
  using export_detail::dot_escape;
  CHECK(dot_escape("say \"hi\"") == "say \\\"hi\\\"");
  CHECK(dot_escape("a\\b") == "a\\\\b");
  CHECK(dot_escape("two\nlines") == "two\\nlines");
  CHECK(dot_escape("x\x1by") == "xy");
}

TEST_CASE("export: format names and extensions", "[export]") {
  CHECK(parse_export_format("GraphML") == ExportFormat::graphml);
  CHECK(parse_export_format("gexf") == ExportFormat::gexf);
  CHECK(parse_export_format("json") == ExportFormat::json);
  CHECK(parse_export_format("dot") == ExportFormat::dot);
  CHECK_FALSE(parse_export_format("xml").has_value());
  CHECK(export_format_from_path("/tmp/a.b/out.GRAPHML") == ExportFormat::graphml);
  CHECK(export_format_from_path("g.gexf") == ExportFormat::gexf);
  CHECK_FALSE(export_format_from_path("/tmp/a.b/out").has_value());
  CHECK_FALSE(export_format_from_path("-").has_value());
  CHECK(std::string(export_format_name(ExportFormat::dot)) == "dot");
}

TEST_CASE("export: GraphML starts with the XML declaration and declares keys k0.. first", "[export][graphml]") {
  std::string xml = render(sample_graph(), ExportFormat::graphml);
  REQUIRE(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 0) == 0);
  CHECK(xml.find("<graph id=\"G\" edgedefault=\"directed\">") != std::string::npos);
  // Every key before the graph, ids k0..kN in order, each with for, name and an allowed type.
  std::regex key_re("<key id=\"([^\"]+)\" for=\"([^\"]+)\" attr.name=\"([^\"]+)\" attr.type=\"([^\"]+)\"/>");
  std::size_t n = 0;
  std::set<std::pair<std::string, std::string>> names;
  const std::set<std::string> allowed_types{"boolean", "int", "long", "float", "double", "string"};
  for (std::sregex_iterator it(xml.begin(), xml.end(), key_re), end; it != end; ++it, ++n) {
    CHECK((*it)[1] == "k" + std::to_string(n));
    CHECK(((*it)[2] == "node" || (*it)[2] == "edge"));
    CHECK(allowed_types.count((*it)[4]) == 1);
    CHECK(std::regex_match((*it)[3].str(), std::regex("[A-Za-z_][A-Za-z0-9_.-]*")));
    CHECK(names.insert({(*it)[2], (*it)[3]}).second);  // unique per domain
    CHECK(static_cast<std::size_t>(it->position()) < xml.find("<graph "));
  }
  CHECK(n == count(xml, "<key "));
  CHECK(xml.find("\"d3\"") == std::string::npos);
  CHECK(xml.find("\"d7\"") == std::string::npos);

  auto node_keys = key_ids(xml, "node");
  auto edge_keys = key_ids(xml, "edge");
  CHECK(node_keys.count("label"));
  CHECK(node_keys.count("type"));
  CHECK(node_keys.count("aliases"));
  for (const char* k : {"label", "relation", "weight", "amount", "currency", "date", "first_source", "hedged",
                        "symmetric"})
    CHECK(edge_keys.count(k));
  // The weight key is a double, the hedged flag a boolean.
  CHECK(xml.find("attr.name=\"weight\" attr.type=\"double\"") != std::string::npos);
  CHECK(xml.find("attr.name=\"hedged\" attr.type=\"boolean\"") != std::string::npos);
}

TEST_CASE("export: GraphML declares only the keys some element uses", "[export][graphml]") {
  KnowledgeGraph g;
  Vertex a = g.add_entity("Alpha", "Organization");
  Vertex b = g.add_entity("Beta", "Organization");
  g.add_relation(a, g.add_relation_type("acquires"), b);
  std::string xml = render(g, ExportFormat::graphml);
  auto edge_keys = key_ids(xml, "edge");
  CHECK(edge_keys.count("relation"));
  CHECK(edge_keys.count("weight"));
  for (const char* k : {"amount", "currency", "date", "first_source", "hedged", "symmetric", "amount_text"})
    CHECK_FALSE(edge_keys.count(k));
  CHECK_FALSE(key_ids(xml, "node").count("aliases"));
  // A relation with no evidence still weighs 1, never 0.
  CHECK(xml.find("<data key=\"" + edge_keys["weight"] + "\">1</data>") != std::string::npos);
}

TEST_CASE("export: GraphML omits missing values instead of writing empty ones", "[export][graphml]") {
  std::string xml = render(sample_graph(), ExportFormat::graphml);
  CHECK(std::regex_search(xml, std::regex("<data key=\"k[0-9]+\"></data>")) == false);
  auto edge_keys = key_ids(xml, "edge");
  // Only invests-in has an amount and a date; only investigates is hedged.
  CHECK(count(xml, "<data key=\"" + edge_keys["amount"] + "\">") == 1);
  CHECK(count(xml, "<data key=\"" + edge_keys["date"] + "\">") == 1);
  CHECK(count(xml, "<data key=\"" + edge_keys["hedged"] + "\">true</data>") == 1);
  CHECK(xml.find(">false<") == std::string::npos);
  // Earliest date of the two sentences (2024-02 is before 2024-02-26), ISO string.
  CHECK(xml.find("<data key=\"" + edge_keys["date"] + "\">2024-02</data>") != std::string::npos);
  CHECK(xml.find("<data key=\"" + edge_keys["first_source"] + "\">doc-1#3</data>") != std::string::npos);
  CHECK(xml.find("<data key=\"" + edge_keys["weight"] + "\">2</data>") != std::string::npos);
  CHECK(xml.find("Mistral AI</data>") != std::string::npos);
}

TEST_CASE("export: numbers are written at full precision in the C locale", "[export][graphml]") {
  KnowledgeGraph g;
  Vertex a = g.add_entity("Alpha", "Organization");
  Vertex b = g.add_entity("Beta", "Organization");
  Edge e = g.add_relation(a, g.add_relation_type("invests-in"), b);
  Evidence ev;
  ev.doc = g.add_document(Document{"d", "", "", std::nullopt});
  ev.attrs["amount"] = Money{0.1 + 0.2, "USD"};
  g.add_evidence(e, ev);
  Evidence ev2;
  ev2.doc = ev.doc;
  ev2.sentence = 9;
  ev2.attrs["amount"] = Money{123456789.123456789, "USD"};  // later: not the first amount
  g.add_evidence(e, ev2);
  std::string xml = render(g, ExportFormat::graphml);
  auto edge_keys = key_ids(xml, "edge");
  CHECK(xml.find("<data key=\"" + edge_keys["amount"] + "\">0.30000000000000004</data>") != std::string::npos);
  std::string gexf = render(g, ExportFormat::gexf);
  CHECK(gexf.find("value=\"0.30000000000000004\"") != std::string::npos);

  KnowledgeGraph big;
  Edge e2 = big.add_relation(big.add_entity("X"), big.add_relation_type("valued-at"), big.add_entity("Y"));
  Evidence v;
  v.doc = big.add_document(Document{"d", "", "", std::nullopt});
  v.attrs["amount"] = Money{1.2345678901234567e20, "EUR"};
  big.add_evidence(e2, v);
  std::string xml2 = render(big, ExportFormat::graphml);
  std::smatch m;
  REQUIRE(std::regex_search(xml2, m, std::regex("<data key=\"" + key_ids(xml2, "edge")["amount"] + "\">([^<]+)</data>")));
  CHECK(std::strtod(m[1].str().c_str(), nullptr) == 1.2345678901234567e20);
  CHECK(m[1].str().find(',') == std::string::npos);
}

TEST_CASE("export: a non-finite amount is left out rather than written as nan", "[export]") {
  KnowledgeGraph g;
  Edge e = g.add_relation(g.add_entity("X"), g.add_relation_type("invests-in"), g.add_entity("Y"));
  Evidence v;
  v.doc = g.add_document(Document{"d", "", "", std::nullopt});
  v.attrs["amount"] = Money{std::numeric_limits<double>::quiet_NaN(), "EUR"};
  g.add_evidence(e, v);
  for (auto f : {ExportFormat::graphml, ExportFormat::gexf}) {
    std::string out = render(g, f);
    CHECK(out.find("NaN") == std::string::npos);
    CHECK(out.find("nan") == std::string::npos);
  }
}

TEST_CASE("export: hostile names stay well-formed in every format", "[export]") {
  KnowledgeGraph g;
  Vertex a = g.add_entity("AT&T <x> \"q\" 'y' \x1b\x0b", "Organization");
  Vertex b = g.add_entity("Emoji \xF0\x9F\x9A\x80 Bad\xff Corp", "Other");
  g.add_relation(a, g.add_relation_type("competes-with", true), b);
  std::string xml = render(g, ExportFormat::graphml);
  CHECK(is_valid_utf8(xml));
  CHECK_FALSE(has_forbidden_control(xml));
  CHECK(xml.find("AT&amp;T &lt;x&gt; &quot;q&quot; &apos;y&apos;</data>") != std::string::npos);
  CHECK(xml.find("Emoji \xF0\x9F\x9A\x80 Bad") != std::string::npos);
  std::string gexf = render(g, ExportFormat::gexf);
  CHECK(is_valid_utf8(gexf));
  CHECK_FALSE(has_forbidden_control(gexf));
  CHECK(gexf.find("label=\"AT&amp;T &lt;x&gt; &quot;q&quot; &apos;y&apos;\"") != std::string::npos);
  std::string json = render(g, ExportFormat::json);
  CHECK(is_valid_utf8(json));
  rapidjson::Document d;
  REQUIRE_FALSE(d.Parse(json.c_str()).HasParseError());
  CHECK(std::string(d["nodes"][0]["label"].GetString()) == "AT&T <x> \"q\" 'y'");
  std::string dot = render(g, ExportFormat::dot);
  CHECK(dot.find("label=\"AT&T <x> \\\"q\\\" 'y'\"") != std::string::npos);
  CHECK(is_valid_utf8(dot));
}

TEST_CASE("export: an entity whose name sanitises to nothing is labelled with its id", "[export]") {
  KnowledgeGraph g;
  g.add_entity("\x01\x02", "Other");
  std::string xml = render(g, ExportFormat::graphml);
  CHECK(xml.find("<data key=\"k0\">n0</data>") != std::string::npos);
}

TEST_CASE("export: different relations between one pair stay separate edges", "[export]") {
  KnowledgeGraph g = sample_graph();
  std::string xml = render(g, ExportFormat::graphml);
  CHECK(count(xml, "<edge id=\"e0\" source=\"n0\" target=\"n1\">") == 1);
  CHECK(count(xml, "<edge id=\"e1\" source=\"n0\" target=\"n1\">") == 1);
  CHECK(count(xml, "<edge ") == 3);
  auto edge_keys = key_ids(xml, "edge");
  CHECK(xml.find("<data key=\"" + edge_keys["label"] + "\">invests-in</data>") != std::string::npos);
  CHECK(xml.find("<data key=\"" + edge_keys["label"] + "\">partners-with</data>") != std::string::npos);

  std::string gexf = render(g, ExportFormat::gexf);
  CHECK(count(gexf, "source=\"n0\" target=\"n1\"") == 2);
  CHECK(gexf.find("label=\"invests-in\" kind=\"invests-in\"") != std::string::npos);
  CHECK(gexf.find("label=\"partners-with\" kind=\"partners-with\"") != std::string::npos);

  rapidjson::Document d;
  std::string json = render(g, ExportFormat::json);
  REQUIRE_FALSE(d.Parse(json.c_str()).HasParseError());
  REQUIRE(d["edges"].Size() == 3);
  CHECK(std::string(d["edges"][0]["key"].GetString()) == "invests-in");
  CHECK(std::string(d["edges"][1]["key"].GetString()) == "partners-with");
}

TEST_CASE("export: GEXF 1.3 with type colours and a date timeline", "[export][gexf]") {
  std::string gexf = render(sample_graph(), ExportFormat::gexf);
  REQUIRE(gexf.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 0) == 0);
  CHECK(gexf.find("xmlns=\"http://gexf.net/1.3\"") != std::string::npos);
  CHECK(gexf.find("xmlns:viz=\"http://gexf.net/1.3/viz\"") != std::string::npos);
  CHECK(gexf.find("<graph mode=\"dynamic\" timeformat=\"date\" defaultedgetype=\"directed\">") != std::string::npos);
  // Earliest evidence date is month precision: the first of that month.
  CHECK(gexf.find("label=\"invests-in\" kind=\"invests-in\" weight=\"2\" start=\"2024-02-01\"") != std::string::npos);
  CHECK(count(gexf, " start=") == 1);  // undated relations have no start
  // Both organisations get the same colour, the regulator another.
  auto org = export_detail::type_color("Organization");
  auto reg = export_detail::type_color("Regulator");
  std::string org_viz = "<viz:color r=\"" + std::to_string(org.r) + "\" g=\"" + std::to_string(org.g) + "\" b=\"" +
                        std::to_string(org.b) + "\"";
  CHECK(count(gexf, org_viz) == 2);
  CHECK(count(gexf, "<viz:color ") == 3);
  CHECK_FALSE((org.r == reg.r && org.g == reg.g && org.b == reg.b));
  CHECK(gexf.find("<attvalue for=\"relation\" value=\"invests-in\"/>") != std::string::npos);
  CHECK(gexf.find("<attvalue for=\"aliases\" value=\"Mistral\"/>") != std::string::npos);

  KnowledgeGraph undated;
  undated.add_relation(undated.add_entity("A"), undated.add_relation_type("acquires"), undated.add_entity("B"));
  std::string st = render(undated, ExportFormat::gexf);
  CHECK(st.find("<graph mode=\"static\" defaultedgetype=\"directed\">") != std::string::npos);
  CHECK(st.find("timeformat") == std::string::npos);
}

TEST_CASE("export: type palette is fixed and deterministic, dates widen to days", "[export]") {
  using export_detail::hex_color;
  using export_detail::type_color;
  CHECK(hex_color(type_color("Organization")) == hex_color(type_color("organization")));
  CHECK(hex_color(type_color("Person")) != hex_color(type_color("Organization")));
  CHECK(hex_color(type_color("Spacecraft")) == hex_color(type_color("Spacecraft")));
  CHECK(std::regex_match(hex_color(type_color("Spacecraft")), std::regex("#[0-9a-f]{6}")));
  CHECK(hex_color({255, 0, 16}) == "#ff0010");
  CHECK(export_detail::date_to_day(*Date::parse("2024-02")) == "2024-02-01");
  CHECK(export_detail::date_to_day(*Date::parse("2024")) == "2024-01-01");
  CHECK(export_detail::date_to_day(*Date::parse("2024-02-26")) == "2024-02-26");
}

TEST_CASE("export: JSON node-link has nodes, edges with source/target and all evidence", "[export][json]") {
  std::string json = render(sample_graph(), ExportFormat::json);
  rapidjson::Document d;
  REQUIRE_FALSE(d.Parse(json.c_str()).HasParseError());
  CHECK(d["directed"].GetBool());
  CHECK(d["multigraph"].GetBool());
  REQUIRE(d["nodes"].Size() == 3);
  const auto& mistral = d["nodes"][1];
  CHECK(std::string(mistral["id"].GetString()) == "n1");
  CHECK(std::string(mistral["label"].GetString()) == "Mistral AI");
  CHECK(std::string(mistral["type"].GetString()) == "Organization");
  REQUIRE(mistral["aliases"].Size() == 1);
  CHECK(std::string(mistral["aliases"][0].GetString()) == "Mistral");
  const auto& inv = d["edges"][0];
  CHECK(std::string(inv["source"].GetString()) == "n0");
  CHECK(std::string(inv["target"].GetString()) == "n1");
  CHECK(std::string(inv["relation"].GetString()) == "invests-in");
  CHECK(inv["weight"].GetDouble() == 2);
  CHECK(inv["amount"].GetDouble() == 15000000);
  CHECK(std::string(inv["currency"].GetString()) == "EUR");
  CHECK(std::string(inv["date"].GetString()) == "2024-02");
  REQUIRE(inv["evidence"].Size() == 2);
  const auto& ev = inv["evidence"][0];
  CHECK(std::string(ev["doc"].GetString()) == "doc-1");
  CHECK(ev["sentence"].GetInt() == 3);
  CHECK(ev["start"].GetInt() == 10);
  CHECK(ev["end"].GetInt() == 70);
  CHECK(std::string(ev["text"].GetString()) == "Microsoft will invest €15 million in Mistral AI.");
  CHECK(std::string(ev["rule"].GetString()) == "invest-amount");
  CHECK(ev["attrs"]["amount_value"].GetDouble() == 15000000);
  // Missing values are left out: the partnership has no amount, its sentence no span.
  const auto& part = d["edges"][1];
  CHECK_FALSE(part.HasMember("amount"));
  CHECK_FALSE(part.HasMember("date"));
  CHECK(part["symmetric"].GetBool());
  CHECK_FALSE(part["evidence"][0].HasMember("start"));
  CHECK(d["edges"][2]["hedged"].GetBool());
  REQUIRE(d["documents"].Size() == 2);
  CHECK(std::string(d["documents"][0]["url"].GetString()) == "https://example.org/a?x=1&y=2");
}

TEST_CASE("export: DOT has one node per entity, type colours and a legend", "[export][dot]") {
  std::string dot = render(sample_graph(), ExportFormat::dot);
  REQUIRE(dot.rfind("digraph kg {", 0) == 0);
  CHECK(dot.find("n0 [label=\"Microsoft\", fillcolor=\"" + export_detail::hex_color(export_detail::type_color("Organization"))) !=
        std::string::npos);
  CHECK(dot.find("n0 -> n1 [label=\"invests-in\\nEUR 15M\\n2024-02\"") != std::string::npos);
  CHECK(dot.find("n0 -> n1 [label=\"partners-with\", dir=none]") != std::string::npos);
  CHECK(dot.find("style=dashed") != std::string::npos);  // the hedged relation
  CHECK(dot.find("<td bgcolor=\"" + export_detail::hex_color(export_detail::type_color("Regulator")) + "\">") !=
        std::string::npos);  // legend
  CHECK(count(dot, " -> ") == 3);
}

TEST_CASE("export: a subgraph exports the selected relations, their endpoints and selected entities", "[export]") {
  KnowledgeGraph g = sample_graph();
  const auto& rels = g.relations();
  Subgraph sel;
  sel.edges = {rels[2], rels[2]};  // investigates, listed twice: exported once
  std::string xml = render(g, ExportFormat::graphml, &sel);
  CHECK(count(xml, "<node ") == 2);
  CHECK(count(xml, "<edge ") == 1);
  CHECK(xml.find(">European Commission</data>") != std::string::npos);
  CHECK(xml.find(">Microsoft</data>") != std::string::npos);
  CHECK(xml.find(">Mistral AI</data>") == std::string::npos);
  // Fresh synthetic ids within the export, edge endpoints pointing at them.
  CHECK(xml.find("<edge id=\"e0\" source=\"n1\" target=\"n0\">") != std::string::npos);

  Subgraph only_nodes;
  only_nodes.vertices = {*g.find_entity("Mistral AI")};
  std::string json = render(g, ExportFormat::json, &only_nodes);
  rapidjson::Document d;
  REQUIRE_FALSE(d.Parse(json.c_str()).HasParseError());
  CHECK(d["nodes"].Size() == 1);
  CHECK(d["edges"].Size() == 0);

  Subgraph bad;
  bad.vertices = {static_cast<Vertex>(99)};
  CHECK_THROWS_AS(render(g, ExportFormat::graphml, &bad), DataError);
}

TEST_CASE("export: export_graph_to_file writes the file atomically and reports I/O errors", "[export]") {
  KnowledgeGraph g = sample_graph();
  std::string path = "/tmp/kg_export_test_" + std::to_string(::getpid()) + ".graphml";
  export_graph_to_file(g, nullptr, ExportFormat::graphml, path);
  std::string text = read_file(path);
  CHECK(text == render(g, ExportFormat::graphml));
  std::remove(path.c_str());
  CHECK_THROWS_AS(export_graph_to_file(g, nullptr, ExportFormat::graphml, "/nonexistent-dir/x.graphml"), IoError);
}
