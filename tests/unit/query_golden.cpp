// Golden tests for KGQ (tests/golden/*.test), in the spirit of sqllogictest.
// Each file is registered as its own Catch2 test case ("golden: NAME").
//
// File format (blocks separated by blank lines, '#' lines are comments):
//   graph: data/news.jsonl          triples file the statements run on (first line)
//   query nosort|rowsort            a statement; rows compared in order, or sorted
//   MATCH ...;
//   ----
//   cell|cell                       expected rows ('list' mode)
//
//   error                           the statement must fail; the expected text
//   MATCH ...;                      is the formatted error (origin "<query>")
//   ----
//   <query>:1:23: error: ...
//
//   statement ok                    must succeed (LET, INTO); output not compared
//   LET $x = 1;
//
// A second test prints every golden statement's AST and parses it again,
// requiring an equal AST.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <dirent.h>
#include <fstream>
#include <memory>
#include <sstream>

#include "common/atomic_file.hpp"
#include "common/error.hpp"
#include "common/text.hpp"
#include "graph/triple.hpp"
#include "query/ast_print.hpp"
#include "query/parser.hpp"
#include "query/session.hpp"

namespace {

struct GoldenBlock {
  std::string kind;  // "query", "error", "statement"
  std::string sort;  // nosort / rowsort (query only)
  std::string text;  // the statement(s)
  std::vector<std::string> expected;
  std::size_t line = 0;
  std::vector<std::string> comments;  // '#' lines before the block
};

struct GoldenFile {
  std::vector<std::string> header;  // comment lines before graph:
  std::string graph;
  std::vector<GoldenBlock> blocks;
};

std::string golden_dir() { return std::string(KG_SOURCE_DIR) + "/tests/golden"; }

std::vector<std::string> golden_files() {
  std::vector<std::string> out;
  if (DIR* d = opendir(golden_dir().c_str())) {
    while (dirent* e = readdir(d)) {
      std::string n = e->d_name;
      if (n.size() > 5 && n.compare(n.size() - 5, 5, ".test") == 0) out.push_back(n);
    }
    closedir(d);
  }
  std::sort(out.begin(), out.end());
  return out;
}

GoldenFile read_golden(const std::string& name) {
  std::istringstream in(kg::read_file(golden_dir() + "/" + name));
  GoldenFile f;
  std::string line;
  std::size_t no = 0;
  GoldenBlock* cur = nullptr;
  bool in_expected = false;
  std::vector<std::string> comments;
  while (std::getline(in, line)) {
    ++no;
    if (!cur) {
      if (line.empty()) continue;
      if (line[0] == '#') {
        comments.push_back(line);
        continue;
      }
      if (line.rfind("graph:", 0) == 0) {
        f.graph = kg::trim(line.substr(6));
        f.header = std::move(comments);
        comments.clear();
        continue;
      }
      std::istringstream hs(line);
      GoldenBlock b;
      hs >> b.kind >> b.sort;
      b.line = no;
      if (b.kind != "query" && b.kind != "error" && b.kind != "statement")
        FAIL(name << ":" << no << ": expected 'query', 'error' or 'statement', got: " << line);
      if (b.kind == "query" && b.sort != "nosort" && b.sort != "rowsort")
        FAIL(name << ":" << no << ": a query needs a sort mode: 'query nosort' or 'query rowsort'");
      b.comments = std::move(comments);
      comments.clear();
      f.blocks.push_back(b);
      cur = &f.blocks.back();
      in_expected = false;
      continue;
    }
    if (line.empty() && (in_expected || cur->kind == "statement")) {
      cur = nullptr;
      continue;
    }
    if (line == "----") {
      in_expected = true;
      continue;
    }
    if (in_expected) cur->expected.push_back(line);
    else cur->text += line + "\n";
  }
  return f;
}

std::unique_ptr<kg::KnowledgeGraph> load_triples(const std::string& file) {
  auto g = std::make_unique<kg::KnowledgeGraph>();
  kg::read_triples_file(golden_dir() + "/" + file, [&](const kg::Triple& t) { kg::add_triple(*g, t); });
  return g;
}

std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += s + "\n";
  return out;
}

// KG_GOLDEN_UPDATE=1 rewrites the files with the actual results (review the
// diff before committing: a golden file states what is right, not what is).
void write_golden(const std::string& name, const GoldenFile& f, const std::vector<std::vector<std::string>>& actual) {
  std::string out;
  for (const auto& c : f.header) out += c + "\n";
  out += "graph: " + f.graph + "\n\n";
  for (std::size_t i = 0; i < f.blocks.size(); ++i) {
    const auto& b = f.blocks[i];
    for (const auto& c : b.comments) out += c + "\n";
    out += b.kind + (b.kind == "query" ? " " + b.sort : b.kind == "statement" ? " ok" : "") + "\n" + b.text;
    if (b.kind != "statement") out += "----\n" + join(actual[i]);
    out += "\n";
  }
  kg::write_file_atomic(golden_dir() + "/" + name, out);
}

void run_golden_file(const std::string& name) {
  GoldenFile f = read_golden(name);
  std::vector<std::vector<std::string>> actual;
  REQUIRE(!f.graph.empty());
  REQUIRE(!f.blocks.empty());
  auto g = load_triples(f.graph);
  kg::query::Session session(*g);
  const char* env = std::getenv("KG_GOLDEN_UPDATE");
  bool update = env && std::string(env) == "1";
  for (const auto& b : f.blocks) {
    INFO(name << ":" << b.line << "\n" << b.text);
    std::string out;
    std::string error;
    try {
      session.run_script(b.text, "<query>", [&](const kg::query::ParsedStatement&, const kg::query::Table& t) {
        if (t.has_result) out += kg::query::format_table(t, kg::query::OutputMode::list);
      });
    } catch (const kg::Error& e) {
      error = kg::format_error(e);
    }
    if (b.kind == "error") {
      CHECK(!error.empty());
      // Trailing spaces are not significant in the caret lines.
      std::vector<std::string> got = split_lines(error);
      for (auto& l : got)
        while (!l.empty() && l.back() == ' ') l.pop_back();
      actual.push_back(got);
      if (!update) CHECK(join(got) == join(b.expected));
      continue;
    }
    REQUIRE(error == "");
    std::vector<std::string> got = split_lines(out);
    actual.push_back(got);
    if (b.kind == "statement" || update) continue;
    std::vector<std::string> want = b.expected;
    if (b.sort == "rowsort") {
      std::sort(got.begin(), got.end());
      std::sort(want.begin(), want.end());
    }
    CHECK(join(got) == join(want));
  }
  if (update) write_golden(name, f, actual);
}

struct GoldenInvoker : Catch::ITestInvoker {
  explicit GoldenInvoker(std::string n) : name(std::move(n)) {}
  void invoke() const override { run_golden_file(name); }
  std::string name;
};

// Registers one test case per golden file when the runner starts.
const int registered = [] {
  static std::deque<std::string> names;  // NameAndTags keeps references
  for (const auto& f : golden_files()) {
    names.push_back("golden: " + f);
    static std::deque<std::unique_ptr<Catch::AutoReg>> regs;
    regs.push_back(std::make_unique<Catch::AutoReg>(new GoldenInvoker(f),
                                                    CATCH_INTERNAL_LINEINFO, Catch::StringRef(),
                                                    Catch::NameAndTags{names.back(), "[query][golden]"}));
  }
  return 0;
}();

}  // namespace

TEST_CASE("golden files exist and each has statements", "[query][golden]") {
  auto files = golden_files();
  REQUIRE(files.size() >= 5);
  for (const auto& f : files) {
    INFO(f);
    auto gf = read_golden(f);
    CHECK(!gf.blocks.empty());
  }
}

TEST_CASE("every golden statement prints to text that parses to the same AST", "[query][golden][printer]") {
  std::size_t checked = 0;
  for (const auto& f : golden_files()) {
    for (const auto& b : read_golden(f).blocks) {
      std::vector<kg::query::ParsedStatement> stmts;
      try {
        stmts = kg::query::parse_script(b.text, "<query>");
      } catch (const kg::Error&) {
        continue;  // syntax-error cases have no AST
      }
      for (const auto& s : stmts) {
        std::string printed = kg::query::print(s.statement);
        INFO(f << ":" << b.line << "\n" << b.text << "printed: " << printed);
        auto again = kg::query::parse_script(printed, "<printed>");
        REQUIRE(again.size() == 1);
        CHECK(again[0].statement == s.statement);
        CHECK(kg::query::print(again[0].statement) == printed);
        ++checked;
      }
    }
  }
  CHECK(checked >= 50);
}
