// kg_bench: in-process measurements of the kg libraries on one graph file.
//
//   kg_bench GRAPH.kg --tmp DIR [--queries FILE.tsv] [--min-seconds S] [--skip-export]
//
// Prints one JSON object: graph file load and save (seconds, MB/s), memory
// (peak and resident after load, evidence text bytes), export throughput per
// format, and for each query (lines "name<TAB>KGQ statement") the answer rows
// and the median warm latency. A benchmark tool, so it prints; the libraries
// it measures do not.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "graph/export.hpp"
#include "graph/graph_file.hpp"
#ifdef KG_BENCH_HAVE_SESSION
#include "query/session.hpp"
#endif

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Resident set size now, from /proc/self/statm.
long resident_bytes() {
  long pages_total = 0, pages_resident = 0;
  if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld %ld", &pages_total, &pages_resident) != 2) pages_resident = 0;
    std::fclose(f);
  }
  return pages_resident * sysconf(_SC_PAGESIZE);
}

long peak_bytes() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss * 1024L;
}

long file_size(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  return in ? static_cast<long>(in.tellg()) : -1;
}

std::string json_escape(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
      continue;
    }
    out += c;
  }
  return out + "\"";
}

// Heap bytes a std::string holds beyond the object itself (libstdc++ keeps up
// to 15 characters inline).
std::size_t heap_bytes(const std::string& s) { return s.capacity() > 15 ? s.capacity() + 1 : 0; }

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs("usage: kg_bench GRAPH.kg --tmp DIR [--queries FILE.tsv] [--min-seconds S] [--skip-export]\n", stderr);
    return 2;
  }
  std::string graph_path = argv[1], tmp = "/tmp", queries_path;
  double min_seconds = 0.5;
  bool skip_export = false;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--tmp" && i + 1 < argc) tmp = argv[++i];
    else if (a == "--queries" && i + 1 < argc) queries_path = argv[++i];
    else if (a == "--min-seconds" && i + 1 < argc) min_seconds = std::stod(argv[++i]);
    else if (a == "--skip-export") skip_export = true;
    else {
      std::fprintf(stderr, "kg_bench: unknown argument %s\n", a.c_str());
      return 2;
    }
  }
  try {
    std::ostringstream out;
    out << "{";
    long rss_before = resident_bytes();
    auto t0 = Clock::now();
    kg::KnowledgeGraph g = kg::load_graph(graph_path);
    double load_s = seconds_since(t0);
    long rss_after = resident_bytes();
    long peak_after_load = peak_bytes();
    long graph_bytes = file_size(graph_path);

    // Evidence text: the interned sentence strings (heap plus the string objects).
    std::size_t text_bytes = 0;
    for (const auto& t : g.texts()) text_bytes += sizeof(std::string) + heap_bytes(t);
    out << "\"entities\":" << g.entity_count() << ",\"relations\":" << g.relation_count()
        << ",\"evidence\":" << g.evidence_count() << ",\"graph_file_bytes\":" << graph_bytes
        << ",\"load_s\":" << load_s << ",\"rss_before_load\":" << rss_before << ",\"rss_after_load\":" << rss_after
        << ",\"peak_rss_after_load\":" << peak_after_load << ",\"evidence_text_bytes\":" << text_bytes;

    std::string saved = tmp + "/kg_bench_save.kg";
    t0 = Clock::now();
    kg::save_graph(g, saved);
    double save_s = seconds_since(t0);
    out << ",\"save_s\":" << save_s << ",\"saved_bytes\":" << file_size(saved);
    std::remove(saved.c_str());

    // The binary .kgb file: save, then load it into a second graph (the
    // first stays, so the memory figures above are the JSON load's).
    std::string saved_binary = tmp + "/kg_bench_save.kgb";
    t0 = Clock::now();
    kg::save_graph(g, saved_binary, kg::GraphFormat::binary);
    double save_binary_s = seconds_since(t0);
    {
      t0 = Clock::now();
      kg::KnowledgeGraph gb = kg::load_graph(saved_binary);
      double load_binary_s = seconds_since(t0);
      if (gb.relation_count() != g.relation_count() || gb.evidence_count() != g.evidence_count())
        throw kg::DataError("the binary file did not load back the same graph");
      out << ",\"save_binary_s\":" << save_binary_s << ",\"binary_bytes\":" << file_size(saved_binary)
          << ",\"load_binary_s\":" << load_binary_s;
    }
    std::remove(saved_binary.c_str());

    if (!skip_export) {
      out << ",\"export\":{";
      const std::pair<kg::ExportFormat, const char*> formats[] = {
          {kg::ExportFormat::graphml, "graphml"}, {kg::ExportFormat::gexf, "gexf"}, {kg::ExportFormat::json, "json"}};
      bool first = true;
      for (const auto& [format, name] : formats) {
        std::string path = tmp + "/kg_bench_export." + name;
        t0 = Clock::now();
        kg::export_graph_to_file(g, nullptr, format, path);
        double s = seconds_since(t0);
        out << (first ? "" : ",") << "\"" << name << "\":{\"s\":" << s << ",\"bytes\":" << file_size(path)
            << ",\"path\":" << json_escape(path) << "}";
        first = false;
      }
      out << "}";
    }

    out << ",\"queries\":{";
#ifdef KG_BENCH_HAVE_SESSION
    if (!queries_path.empty()) {
      std::ifstream qin(queries_path);
      std::string line;
      bool first = true;
      // The default guards (row and path budgets) are for people at a
      // prompt; a whole-graph aggregate over millions of relations must not
      // stop at them here. The time guard stays, generous.
      kg::query::Limits limits;
      limits.max_rows = limits.max_paths = 10'000'000'000ull;
      limits.timeout_ms = 300'000;
      kg::query::Session session(g, limits);
      while (std::getline(qin, line)) {
        auto tab = line.find('\t');
        if (line.empty() || tab == std::string::npos) continue;
        std::string name = line.substr(0, tab), text = line.substr(tab + 1);
        out << (first ? "" : ",") << json_escape(name) << ":{";
        first = false;
        try {
          std::vector<std::vector<std::string>> answer;
          auto sink = [&](const kg::query::ParsedStatement&, const kg::query::Table& t) {
            answer.clear();
            for (const auto& row : t.rows) {
              std::vector<std::string> cells;
              for (const auto& c : row) cells.push_back(kg::query::cell_text(c));
              answer.push_back(std::move(cells));
            }
          };
          session.run_script(text, name, sink);  // warm-up, and the answer
          std::vector<double> times;
          auto start = Clock::now();
          while (times.size() < 3 || (seconds_since(start) < min_seconds && times.size() < 1000)) {
            auto q0 = Clock::now();
            session.run_script(text, name, sink);
            times.push_back(seconds_since(q0));
          }
          std::sort(times.begin(), times.end());
          out << "\"median_s\":" << times[times.size() / 2] << ",\"runs\":" << times.size() << ",\"rows\":[";
          for (std::size_t r = 0; r < answer.size(); ++r) {
            out << (r ? "," : "") << "[";
            for (std::size_t c = 0; c < answer[r].size(); ++c) out << (c ? "," : "") << json_escape(answer[r][c]);
            out << "]";
          }
          out << "]";
        } catch (const kg::Error& e) {
          out << "\"error\":" << json_escape(e.what());
        }
        out << "}";
      }
    }
#else
    (void)queries_path;
    (void)min_seconds;
#endif
    out << "}}";
    std::cout << out.str() << "\n";
    return 0;
  } catch (const kg::Error& e) {
    std::fprintf(stderr, "kg_bench: %s\n", e.what());
    return 1;
  }
}
