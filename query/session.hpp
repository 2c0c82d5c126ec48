// Running KGQ statements against a graph: parameters, guards and options live
// in a Session; each statement gives one Table. Used by `kg query`, the shell
// and the tests.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "common/error.hpp"
#include "graph/graph.hpp"
#include "query/parser.hpp"
#include "query/table.hpp"

namespace kg::query {

// Guards: every walk stops with a LimitError naming the guard that fired and
// how to raise it; partial results are never returned as if complete.
struct Limits {
  unsigned max_hops = 16;                  // largest quantifier upper bound (--max-hops)
  std::uint64_t max_paths = 2000000;       // partial paths expanded per statement (--max-paths)
  std::uint64_t max_rows = 1000000;        // matched rows per statement (--max-rows)
  std::uint64_t timeout_ms = 30000;        // wall clock per statement (--timeout), 0 = none
  // Evaluator shortcuts (streaming aggregates, compiled per-hop filters,
  // bidirectional shortest-path search). Off only in tests, which check that
  // they answer exactly like the general path.
  bool fast_paths = true;
};

class Session {
 public:
  explicit Session(const KnowledgeGraph& g, Limits limits = {});

  Limits& limits() { return limits_; }
  // Polled during walks; when it becomes true the statement stops with "interrupted".
  void set_cancel_flag(const std::atomic<bool>* flag) { cancel_ = flag; }

  // $name parameters (LET or --param). `text` is parsed as a KGQ literal when
  // it is one (42, 2024-02, 15M EUR, 'x', true), otherwise taken as a string.
  void set_param(const std::string& name, Value v) { params_[name] = std::move(v); }
  void set_param_text(const std::string& name, const std::string& text);
  const std::map<std::string, Value>& params() const { return params_; }

  // Runs one parsed statement. `text` and `origin` are the script it came from
  // (error positions are offsets into it).
  Table run(const ParsedStatement& stmt, const std::string& text, const std::string& origin);

  // Parses and runs every statement of a script, handing each result to
  // `sink`. Stops at the first error (rethrown) unless `on_error` is given:
  // then it is called and the next statement runs.
  void run_script(const std::string& text, const std::string& origin,
                  const std::function<void(const ParsedStatement&, const Table&)>& sink,
                  const std::function<void(const Error&)>& on_error = nullptr);

  const KnowledgeGraph& graph() const { return g_; }

 private:
  const KnowledgeGraph& g_;
  Limits limits_;
  const std::atomic<bool>* cancel_ = nullptr;
  std::map<std::string, Value> params_;
};

}  // namespace kg::query
