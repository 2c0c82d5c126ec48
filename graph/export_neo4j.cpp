// Neo4j bulk-import CSV: a directory with nodes.csv and relationships.csv
// in the layout `neo4j-admin database import full` reads with its default
// settings (delimiter ',', array delimiter ';', quote '"', header row in each
// file). Every string field is quoted with inner quotes doubled; line breaks
// and tabs inside values become spaces (so --multiline-fields is not needed)
// and ';' inside one alias or label becomes ',' (an array element cannot hold
// the array delimiter). Numbers and dates are unquoted, empty fields mean "no
// property". See docs/scale.md for the import command.
//
// nodes.csv          id:ID,name,type,aliases:string[],:LABEL
// relationships.csv  :START_ID,:END_ID,:TYPE,relation,weight:double,evidence:int,
//                    amount:double,currency,amount_text,date:date,date_text,
//                    hedged:boolean,symmetric:boolean,first_source,first_url
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <streambuf>
#include <stdio.h>  // renameat2 (glibc, _GNU_SOURCE)
#include <fcntl.h>  // AT_FDCWD

#include "common/atomic_file.hpp"
#include "common/error.hpp"
#include "common/text.hpp"
#include "graph/export_model.hpp"

namespace kg::export_detail {

namespace fs = std::filesystem;

namespace {

// Values may hold anything an article did; keep each one on its line.
std::string one_line(std::string_view s, bool in_array) {
  std::string clean = sanitize_utf8(s);
  for (char& c : clean) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    else if (in_array && c == ';') c = ',';
  }
  return clean;
}

std::string number(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

// An ostream buffer that writes straight to a FILE*, so exports meant for
// graphs that outgrow memory are never held in memory as a whole.
class FileBuf : public std::streambuf {
 public:
  explicit FileBuf(std::FILE* f) : f_(f) {}

 protected:
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    return std::fputc(c, f_) == EOF ? traits_type::eof() : c;
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    return static_cast<std::streamsize>(std::fwrite(s, 1, static_cast<std::size_t>(n), f_));
  }

 private:
  std::FILE* f_;
};

}  // namespace

void write_streamed(const std::string& path, const std::function<void(std::ostream&)>& writer) {
  AtomicFile file(path);
  FileBuf buf(file.stream());
  std::ostream out(&buf);
  writer(out);
  out.flush();
  if (!out || std::ferror(file.stream())) throw IoError("cannot write '" + path + "': " + std::strerror(errno));
  file.commit();
}

std::string csv_field(std::string_view s) {
  std::string clean = one_line(s, false);
  std::string out = "\"";
  out.reserve(clean.size() + 2);
  for (char c : clean) {
    if (c == '"') out += '"';  // RFC 4180: a quote inside a quoted field is doubled
    out += c;
  }
  out += '"';
  return out;
}

std::string neo4j_array_field(const std::vector<std::string>& items) {
  std::string joined;
  bool any = false;
  for (const auto& item : items) {
    std::string clean = trim(one_line(item, true));
    if (clean.empty()) continue;  // an empty element would import as ""
    if (any) joined += ';';
    joined += clean;
    any = true;
  }
  return any ? csv_field(joined) : std::string();
}

std::string neo4j_relationship_type(std::string_view relation) {
  // Neo4j's convention, so Cypher needs no backticks: invests-in -> INVESTS_IN.
  std::string out;
  for (unsigned char c : sanitize_utf8(relation)) {
    if (c >= 'a' && c <= 'z') out += static_cast<char>(c - 'a' + 'A');
    else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80) out += static_cast<char>(c);
    else out += '_';
  }
  return out.empty() ? std::string("RELATED_TO") : out;
}

void write_neo4j_nodes(const KnowledgeGraph& g, const ExportModel& m, std::ostream& out) {
  const Graph& gr = g.graph();
  out << "id:ID,name,type,aliases:string[],:LABEL\n";
  for (const auto& n : m.nodes) {
    // Every node is an Entity, plus its type as a second label.
    out << n.id << ',' << csv_field(n.label) << ',' << csv_field(n.type) << ','
        << neo4j_array_field(gr[n.vertex].aliases) << ',' << neo4j_array_field({"Entity", n.type}) << '\n';
  }
}

void write_neo4j_relationships(const KnowledgeGraph& g, const ExportModel& m, std::ostream& out) {
  const Graph& gr = g.graph();
  out << ":START_ID,:END_ID,:TYPE,relation,weight:double,evidence:int,amount:double,currency,amount_text,"
         "date:date,date_text,hedged:boolean,symmetric:boolean,first_source,first_url\n";
  auto opt = [](const std::string& s) { return s.empty() ? std::string() : csv_field(s); };
  for (const auto& e : m.edges) {
    out << m.nodes[e.source].id << ',' << m.nodes[e.target].id << ',' << csv_field(neo4j_relationship_type(e.relation))
        << ',' << csv_field(e.relation) << ',' << number(e.weight) << ',' << gr[e.edge].evidence.size() << ','
        << (e.amount ? number(*e.amount) : std::string()) << ',' << opt(e.currency) << ',' << opt(e.amount_text) << ','
        // Neo4j dates are full dates; date_text keeps month or year precision.
        << (e.date ? date_to_day(*e.date) : std::string()) << ',' << (e.date ? csv_field(e.date->iso()) : std::string())
        << ',' << (e.hedged ? "true" : "false") << ',' << (e.symmetric ? "true" : "false") << ','
        << opt(e.first_source) << ',' << opt(e.first_url) << '\n';
  }
}

void write_neo4j_directory(const KnowledgeGraph& g, const ExportModel& m, const std::string& dir) {
  if (dir.empty() || dir == "-")
    throw UsageError("neo4j export writes a directory (nodes.csv, relationships.csv); give -o DIRECTORY");
  fs::path target(dir);
  while (target.has_filename() == false && target.has_parent_path() && target != target.root_path())
    target = target.parent_path();  // "out/" -> "out"
  std::error_code ec;
  const bool exists = fs::exists(target, ec);
  if (exists) {
    if (!fs::is_directory(target, ec))
      throw IoError("cannot export to '" + dir + "': it exists and is not a directory");
    // Replace only an earlier export: never delete a directory of someone's other files.
    for (const auto& entry : fs::directory_iterator(target, ec)) {
      std::string name = entry.path().filename().string();
      if (name != "nodes.csv" && name != "relationships.csv")
        throw IoError("cannot export to '" + dir + "': the directory holds '" + name +
                      "', which is not part of a Neo4j export; choose an empty or new directory");
    }
  }
  fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  // A temporary sibling directory, renamed into place when both files are complete.
  std::string pattern = (parent / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  if (!mkdtemp(buf.data()))
    throw IoError("cannot create a temporary directory beside '" + dir + "': " + std::strerror(errno));
  const std::string tmp(buf.data());
  // mkdtemp makes it 0700; give the export the usual permissions (umask applies).
  fs::permissions(tmp, fs::perms::all & ~fs::perms::others_write & ~fs::perms::group_write, ec);
  try {
    write_streamed((fs::path(tmp) / "nodes.csv").string(), [&](std::ostream& out) { write_neo4j_nodes(g, m, out); });
    write_streamed((fs::path(tmp) / "relationships.csv").string(),
                   [&](std::ostream& out) { write_neo4j_relationships(g, m, out); });
    if (exists) {
      // Swap old and new in one step, then remove the old one (now at tmp).
      if (renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0)
        throw IoError("cannot replace '" + dir + "': " + std::strerror(errno));
    } else if (std::rename(tmp.c_str(), target.c_str()) != 0) {
      throw IoError("cannot create '" + dir + "': " + std::strerror(errno));
    }
  } catch (...) {
    fs::remove_all(tmp, ec);
    throw;
  }
  fs::remove_all(tmp, ec);
}

}  // namespace kg::export_detail
