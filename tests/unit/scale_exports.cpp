// RDF N-Triples and Neo4j bulk-import CSV exports: escaping helpers, every
// N-Triples line well formed, CSV rows that a strict RFC 4180 reader splits
// into the header's columns, and the directory written as a whole.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <unistd.h>

#include "common/error.hpp"
#include "graph/export.hpp"
#include "graph/export_model.hpp"
#include "graph/triple.hpp"

using namespace kg;
using namespace kg::export_detail;
namespace fs = std::filesystem;

namespace {
// Names and sentences with everything that needs escaping somewhere.
KnowledgeGraph tricky_graph() {
  KnowledgeGraph g;
  Triple t;
  t.subject = "Microsoft \"MS\" Corp, Inc.";
  t.subject_type = "Organization";
  t.relation = "invests-in";
  t.object = "Mistral_AI; Paris <Fr> 100%";
  t.object_type = "Organization";
  t.source.doc = "docs/a b#1.txt";
  t.source.sentence = 2;
  t.source.text = "He said \"yes\",\nthen\ta back\\slash and \x01 control.";
  t.attrs["amount"] = Money{15e6, "EUR"};
  t.attrs["amount_text"] = std::string("€15 million");
  t.attrs["date"] = *Date::parse("2024-02");
  t.attrs["hedged"] = true;
  add_triple(g, t);
  g.add_alias(*g.find_entity(t.object), "Mistral; the \"startup\"");
  Triple p;
  p.subject = "Timothée Lacroix";
  p.subject_type = "Person";
  p.relation = "partners-with";
  p.object = t.subject;
  p.source.doc = "b";
  add_triple(g, p);
  return g;
}

std::string render(const KnowledgeGraph& g, ExportFormat f) {
  std::ostringstream out;
  export_graph(g, nullptr, f, out);
  return out.str();
}

// A strict RFC 4180 line splitter (no embedded newlines: the exporter never writes them).
std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> fields;
  std::string cur;
  bool quoted = false, was_quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') cur += '"', ++i;
      else if (c == '"') quoted = false;
      else cur += c;
    } else if (c == '"') {
      REQUIRE(cur.empty());  // a quote only opens a field
      REQUIRE_FALSE(was_quoted);
      quoted = was_quoted = true;
    } else if (c == ',') {
      fields.push_back(cur);
      cur.clear();
      was_quoted = false;
    } else {
      REQUIRE_FALSE(was_quoted);  // nothing after a closing quote
      cur += c;
    }
  }
  REQUIRE_FALSE(quoted);
  fields.push_back(cur);
  return fields;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}
}  // namespace

TEST_CASE("scale: IRI segments are percent-encoded, injectively", "[scale][export]") {
  CHECK(iri_segment("Mistral AI") == "Mistral_AI");
  CHECK(iri_segment("Mistral_AI") == "Mistral%5FAI");
  CHECK(iri_segment("Timothée") == "Timoth%C3%A9e");
  CHECK(iri_segment("a<b>\"c\"{|}^`\\d") == "a%3Cb%3E%22c%22%7B%7C%7D%5E%60%5Cd");
  CHECK(iri_segment("x/y#z?w:1%") == "x%2Fy%23z%3Fw%3A1%25");
  CHECK(iri_segment("invests-in.v2~") == "invests-in.v2~");
}

TEST_CASE("scale: N-Triples literals escape quotes, backslashes and controls", "[scale][export]") {
  CHECK(ntriples_literal("plain") == "\"plain\"");
  CHECK(ntriples_literal("say \"hi\"") == "\"say \\\"hi\\\"\"");
  CHECK(ntriples_literal("a\\b") == "\"a\\\\b\"");
  CHECK(ntriples_literal("l1\nl2\r\tx") == "\"l1\\nl2\\r\\tx\"");
  // Other controls never reach the file (sanitize_utf8 drops them, as for every exporter).
  CHECK(ntriples_literal(std::string("nul\x01" "bell\x07")).find_first_of(std::string("\x01\x07", 2)) == std::string::npos);
  CHECK(ntriples_literal("€ é") == "\"€ é\"");
  CHECK(ntriples_literal("bad \xff byte").find('\xff') == std::string::npos);  // sanitised to valid UTF-8
}

TEST_CASE("scale: every N-Triples line is a well-formed triple with typed literals", "[scale][export]") {
  KnowledgeGraph g = tricky_graph();
  std::string nt = render(g, ExportFormat::ntriples);
  const std::string iri = R"(<[^<>"{}|^`\\\x00-\x20]+>)";
  const std::string literal = R"("(?:[^"\\\n\r]|\\[tbnrf"'\\]|\\u[0-9A-F]{4})*"(?:\^\^<[^<>"{}|^`\\\x00-\x20]+>|@[a-z]+)?)";
  const std::regex line_re("^" + iri + " " + iri + " (?:" + iri + "|" + literal + ") \\.$");
  auto lines = lines_of(nt);
  REQUIRE(lines.size() > 20);
  for (const auto& l : lines) {
    INFO(l);
    CHECK(std::regex_match(l, line_re));
  }
  auto has = [&](const std::string& s) { return nt.find(s) != std::string::npos; };
  CHECK(has("<urn:kg:entity/Microsoft_%22MS%22_Corp%2C_Inc.> <urn:kg:relation/invests-in> "
            "<urn:kg:entity/Mistral%5FAI%3B_Paris_%3CFr%3E_100%25> ."));
  CHECK(has("<urn:kg:prop/amount> \"15000000\"^^<http://www.w3.org/2001/XMLSchema#double> ."));
  CHECK(has("<urn:kg:prop/date> \"2024-02\"^^<http://www.w3.org/2001/XMLSchema#gYearMonth> ."));
  CHECK(has("<urn:kg:prop/hedged> \"true\"^^<http://www.w3.org/2001/XMLSchema#boolean> ."));
  CHECK(has("\"He said \\\"yes\\\",\\nthen\\ta back\\\\slash and "));
  CHECK(has("<urn:kg:relation/partners-with> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
            "<http://www.w3.org/2002/07/owl#SymmetricProperty> ."));
  CHECK(has("<urn:kg:statement/Microsoft_%22MS%22_Corp%2C_Inc./invests-in/Mistral%5FAI%3B_Paris_%3CFr%3E_100%25> "
            "<http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> <urn:kg:entity/Microsoft_%22MS%22_Corp%2C_Inc.> ."));
  CHECK(std::regex_search(nt, std::regex("<urn:kg:evidence/[0-9a-f]{16}> <urn:kg:prop/document> "
                                         "<urn:kg:document/docs%2Fa_b%231.txt> \\.")));
  CHECK(has("<http://www.w3.org/2004/02/skos/core#altLabel> \"Mistral; the \\\"startup\\\"\" ."));
  CHECK(parse_export_format("nt") == ExportFormat::ntriples);
  CHECK(export_format_from_path("out/graph.nt") == ExportFormat::ntriples);
}

TEST_CASE("scale: N-Triples of shards name statements and evidence as the merged graph does", "[scale][export]") {
  auto fact = [](const std::string& s, const std::string& r, const std::string& o, const std::string& doc) {
    Triple t;
    t.subject = s;
    t.relation = r;
    t.object = o;
    t.source.doc = doc;
    t.source.sentence = 1;
    t.source.text = s + " and " + o;
    return t;
  };
  KnowledgeGraph one, two;
  add_triple(one, fact("Microsoft", "invests-in", "Mistral AI", "a"));
  add_triple(one, fact("Microsoft", "partners-with", "Mistral AI", "a"));
  add_triple(two, fact("Microsoft", "invests-in", "Mistral AI", "b"));
  add_triple(two, fact("Mistral AI", "partners-with", "Microsoft", "b"));  // the other direction
  KnowledgeGraph merged;
  merged.merge(one);
  merged.merge(two);
  auto ids = [](const std::string& nt) {
    std::set<std::string> out;
    std::regex re("<urn:kg:(?:statement|evidence)/[^>]+>");
    for (auto it = std::sregex_iterator(nt.begin(), nt.end(), re); it != std::sregex_iterator(); ++it)
      out.insert(it->str());
    return out;
  };
  std::set<std::string> shards = ids(render(one, ExportFormat::ntriples));
  for (const auto& x : ids(render(two, ExportFormat::ntriples))) shards.insert(x);
  std::set<std::string> whole = ids(render(merged, ExportFormat::ntriples));
  CHECK(whole == shards);
  CHECK(whole.size() == 2 + 4);  // two relations, four evidence sentences
}

TEST_CASE("scale: CSV fields are quoted with doubled quotes and stay on one line", "[scale][export]") {
  CHECK(csv_field("plain") == "\"plain\"");
  CHECK(csv_field("say \"hi\", ok") == "\"say \"\"hi\"\", ok\"");
  CHECK(csv_field("two\nlines\r\tand tab") == "\"two lines  and tab\"");
  CHECK(neo4j_array_field({"Mistral", "", "Le; Chat"}) == "\"Mistral;Le, Chat\"");
  CHECK(neo4j_array_field({}).empty());
  CHECK(neo4j_relationship_type("invests-in") == "INVESTS_IN");
  CHECK(neo4j_relationship_type("ceo of") == "CEO_OF");
  CHECK(neo4j_relationship_type("") == "RELATED_TO");
}

TEST_CASE("scale: Neo4j CSV rows have the header's columns and the right values", "[scale][export]") {
  KnowledgeGraph g = tricky_graph();
  ExportModel m = build_model(g, nullptr);
  std::ostringstream nodes, rels;
  write_neo4j_nodes(g, m, nodes);
  write_neo4j_relationships(g, m, rels);
  auto node_lines = lines_of(nodes.str());
  REQUIRE(node_lines.size() == 1 + g.entity_count());
  CHECK(node_lines[0] == "id:ID,name,type,aliases:string[],:LABEL");
  auto mistral = split_csv(node_lines[2]);
  REQUIRE(mistral.size() == 5);
  CHECK(mistral[1] == "Mistral_AI; Paris <Fr> 100%");
  CHECK(mistral[3] == "Mistral, the \"startup\"");  // ';' inside an alias is not an array delimiter
  CHECK(mistral[4] == "Entity;Organization");
  CHECK(split_csv(node_lines[1])[1] == "Microsoft \"MS\" Corp, Inc.");

  auto rel_lines = lines_of(rels.str());
  REQUIRE(rel_lines.size() == 1 + g.relation_count());
  auto header = split_csv(rel_lines[0]);
  CHECK(header[0] == ":START_ID");
  for (std::size_t i = 1; i < rel_lines.size(); ++i) CHECK(split_csv(rel_lines[i]).size() == header.size());
  auto invest = split_csv(rel_lines[1]);
  auto col = [&](const std::string& name) {
    for (std::size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) return invest[i];
    FAIL("no column " << name);
    return std::string();
  };
  CHECK(col(":START_ID") == "n0");
  CHECK(col(":END_ID") == "n1");
  CHECK(col(":TYPE") == "INVESTS_IN");
  CHECK(col("amount:double") == "15000000");
  CHECK(col("currency") == "EUR");
  CHECK(col("date:date") == "2024-02-01");
  CHECK(col("date_text") == "2024-02");
  CHECK(col("hedged:boolean") == "true");
  CHECK(col("first_source") == "docs/a b#1.txt#2");
  CHECK(split_csv(rel_lines[2])[header.size() - 3] == "true");  // symmetric:boolean
}

TEST_CASE("scale: the Neo4j export is a directory, written whole and replaced whole", "[scale][export]") {
  KnowledgeGraph g = tricky_graph();
  fs::path base = fs::temp_directory_path() / ("kg-neo4j-" + std::to_string(::getpid()));
  fs::remove_all(base);
  fs::create_directories(base);
  fs::path dir = base / "import";
  export_graph_to_file(g, nullptr, ExportFormat::neo4j, dir.string());
  CHECK(fs::is_regular_file(dir / "nodes.csv"));
  CHECK(fs::is_regular_file(dir / "relationships.csv"));
  // Again over the earlier export: replaced, no temporary left behind.
  KnowledgeGraph small;
  add_triple(small, Triple{"A", "Organization", "acquires", "B", "Organization", {}, {}, ""});
  export_graph_to_file(small, nullptr, ExportFormat::neo4j, dir.string() + "/");
  std::ifstream in(dir / "nodes.csv");
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(lines_of(all).size() == 3);
  CHECK(std::distance(fs::directory_iterator(base), fs::directory_iterator()) == 1);
  // Never over a directory holding anything else, nor a file, nor to a stream.
  std::ofstream(dir / "notes.txt") << "mine";
  CHECK_THROWS_AS(export_graph_to_file(g, nullptr, ExportFormat::neo4j, dir.string()), IoError);
  CHECK(fs::exists(dir / "notes.txt"));
  std::ofstream(base / "file") << "x";
  CHECK_THROWS_AS(export_graph_to_file(g, nullptr, ExportFormat::neo4j, (base / "file").string()), IoError);
  std::ostringstream out;
  CHECK_THROWS_AS(export_graph(g, nullptr, ExportFormat::neo4j, out), UsageError);
  CHECK(parse_export_format("Neo4j") == ExportFormat::neo4j);
  fs::remove_all(base);
}
