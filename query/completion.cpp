#include "query/completion.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "common/text.hpp"

namespace kg::query {

namespace {

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// A left-to-right pass that knows strings, `--` comments and brackets; enough
// to tell where the cursor is without parsing an unfinished statement.
struct Scan {
  bool in_string = false;
  char quote = 0;
  std::size_t string_begin = 0;  // offset just after the opening quote
  bool ends_with_semicolon = false;
  bool has_statement = false;
  std::vector<std::pair<char, std::size_t>> brackets;  // open '(' '[' '{' and where
};

Scan scan(std::string_view s) {
  Scan st;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (st.in_string) {
      if (c == st.quote) {
        if (i + 1 < s.size() && s[i + 1] == st.quote) {
          ++i;  // doubled quote stands for one
          continue;
        }
        st.in_string = false;
      }
      continue;
    }
    if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
      std::size_t eol = s.find('\n', i);
      if (eol == std::string_view::npos) break;
      i = eol;
      continue;
    }
    if (std::isspace(static_cast<unsigned char>(c))) continue;
    st.has_statement = true;
    st.ends_with_semicolon = c == ';';
    if (c == '\'' || c == '"') {
      st.in_string = true;
      st.quote = c;
      st.string_begin = i + 1;
    } else if (c == '(' || c == '[' || c == '{') {
      st.brackets.emplace_back(c, i);
    } else if (c == ')' || c == ']' || c == '}') {
      if (!st.brackets.empty()) st.brackets.pop_back();
    } else if (c == ';') {
      st.brackets.clear();
    }
  }
  return st;
}

bool contains_word_ci(std::string_view text, std::string_view word) {
  std::string lower = ascii_lower(text);
  std::string w = ascii_lower(word);
  for (std::size_t p = lower.find(w); p != std::string::npos; p = lower.find(w, p + 1)) {
    bool left = p == 0 || !is_word_char(lower[p - 1]);
    bool right = p + w.size() >= lower.size() || !is_word_char(lower[p + w.size()]);
    if (left && right) return true;
  }
  return false;
}

// The word (letters, digits, '_', inner '-') that ends at the end of `s`.
std::size_t word_start(std::string_view s) {
  std::size_t b = s.size();
  while (b > 0 && (is_word_char(s[b - 1]) || s[b - 1] == '-')) --b;
  while (b < s.size() && s[b] == '-') ++b;  // ")-[" arrows are not part of a word
  return b;
}

bool starts_with_ci(const std::string& candidate, const std::string& prefix) {
  if (prefix.size() > candidate.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(candidate[i])) != std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}

void add_matching(std::vector<std::string>& out, const std::vector<std::string>& from, const std::string& prefix) {
  for (const auto& c : from)
    if (starts_with_ci(c, prefix)) out.push_back(c);
}

void finish(Completion& c, std::size_t limit) {
  std::sort(c.candidates.begin(), c.candidates.end());
  c.candidates.erase(std::unique(c.candidates.begin(), c.candidates.end()), c.candidates.end());
  if (c.candidates.size() > limit) c.candidates.resize(limit);
}

// Is `var` an edge variable in this statement ("[e" or "[e:")?
bool is_edge_variable(std::string_view text, const std::string& var) {
  if (var == "edge") return true;
  if (var == "next") return false;
  for (std::size_t p = text.find('['); p != std::string_view::npos; p = text.find('[', p + 1)) {
    std::size_t i = p + 1;
    while (i < text.size() && text[i] == ' ') ++i;
    if (text.compare(i, var.size(), var) == 0 && (i + var.size() >= text.size() || !is_word_char(text[i + var.size()])))
      return true;
  }
  return false;
}

}  // namespace

bool statement_is_complete(std::string_view text) {
  Scan st = scan(text);
  return st.has_statement && !st.in_string && st.ends_with_semicolon;
}

std::string statement_one_line(std::string_view text) {
  std::string out;
  bool in_string = false;
  char quote = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == quote) in_string = false;  // a doubled quote reopens at once
      out += c;
      continue;
    }
    if (c == '\'' || c == '"') {
      in_string = true;
      quote = c;
    } else if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {
      std::size_t eol = text.find('\n', i);
      if (eol == std::string_view::npos) break;
      i = eol;
      c = '\n';
    }
    if (c == '\n' || c == '\r') {
      // A line break and the next line's indentation become one space.
      while (!out.empty() && (out.back() == ' ' || out.back() == '\t')) out.pop_back();
      while (i + 1 < text.size() && (text[i + 1] == ' ' || text[i + 1] == '\t')) ++i;
      if (!out.empty()) out += ' ';
      continue;
    }
    out += c;
  }
  return trim(out);
}

const std::vector<std::string>& kgq_keywords() {
  static const std::vector<std::string> words = {
      "ACYCLIC", "ALL",      "AND",    "AS",      "ASC",   "BETWEEN", "BY",       "CONTAINS", "DESC",
      "DISTINCT", "EDGE",    "ENTITY", "EVIDENCE", "EXPLAIN", "FALSE", "FORMAT",  "GRAPH",    "HAVING",
      "IN",       "INTO",    "IS",     "KEYS",    "LABELS", "LET",    "LIMIT",    "MATCH",    "NOT",
      "NULL",     "OR",      "ORDER",  "PATHS",   "RELATION", "RETURN", "SHORTEST", "SHOW",   "SKIP",
      "STARTS",   "TRAIL",   "TRUE",   "TYPES",   "WALK",  "WHERE",   "WHY",      "WITH"};
  return words;
}

const std::vector<std::string>& kgq_functions() {
  static const std::vector<std::string> names = {
      "avg",   "coalesce", "collect", "count", "currency", "evidence_count", "labels", "length", "lower",
      "max",   "min",      "nodes",   "relationships", "size", "sum", "type", "upper", "year"};
  return names;
}

std::vector<std::string> completion_entity_keys(const KnowledgeGraph& g) {
  std::set<std::string> keys = {"aliases", "degree", "name", "type"};
  for (Vertex v : boost::make_iterator_range(boost::vertices(g.graph())))
    for (const auto& kv : g.entity(v).attrs) keys.insert(kv.first);
  return {keys.begin(), keys.end()};
}

std::vector<std::string> completion_relation_keys(const KnowledgeGraph& g) {
  std::set<std::string> keys = {"amount",   "confidence", "currency", "date", "evidence_count", "hedged",
                                "object", "sentence",   "source",   "subject", "type"};
  // Evidence attributes of a sample of relations: a key used anywhere tends to
  // be used early, and a full pass over a million relations per Tab is waste.
  std::size_t seen = 0;
  for (Edge e : g.relations()) {
    for (const auto& ev : g.relation(e).evidence)
      for (const auto& kv : ev.attrs) keys.insert(kv.first);
    if (++seen == 20000) break;
  }
  return {keys.begin(), keys.end()};
}

std::string common_prefix(const std::vector<std::string>& candidates) {
  if (candidates.empty()) return "";
  std::string p = candidates.front();
  for (const auto& c : candidates) {
    std::size_t n = 0;
    while (n < p.size() && n < c.size() && p[n] == c[n]) ++n;
    p.resize(n);
  }
  // Never end inside a UTF-8 sequence.
  while (!p.empty() && (static_cast<unsigned char>(p.back()) & 0xC0) == 0x80) p.pop_back();
  if (!p.empty() && (static_cast<unsigned char>(p.back()) & 0xC0) == 0xC0) p.pop_back();
  return p;
}

std::string quote_escape(std::string_view name, char quote) {
  std::string out;
  for (char c : name) {
    out += c;
    if (c == quote) out += c;
  }
  return out;
}

Completion complete_kgq(const KnowledgeGraph& g, std::string_view text, const std::vector<std::string>& param_names,
                        std::size_t limit) {
  Completion c;
  Scan st = scan(text);
  if (st.in_string) {
    c.word_begin = st.string_begin;
    c.word = std::string(text.substr(st.string_begin));
    c.quote = st.quote;
    // INTO 'file': a file name; anywhere else a quoted string is an entity.
    std::string_view before = text.substr(0, st.string_begin - 1);
    while (!before.empty() && std::isspace(static_cast<unsigned char>(before.back()))) before.remove_suffix(1);
    std::size_t wb = word_start(before);
    if (ascii_lower(before.substr(wb)) == "into") {
      c.kind = CompletionKind::file_name;
      return c;
    }
    c.kind = CompletionKind::entity_name;
    std::string folded = fold_name(c.word);
    const Graph& gr = g.graph();
    for (Vertex v : boost::make_iterator_range(boost::vertices(gr))) {
      const Entity& e = gr[v];
      if (fold_name(e.name).compare(0, folded.size(), folded) == 0) c.candidates.push_back(e.name);
      for (const auto& a : e.aliases)
        if (fold_name(a).compare(0, folded.size(), folded) == 0) c.candidates.push_back(a);
    }
    finish(c, limit);
    return c;
  }

  c.word_begin = word_start(text);
  c.word = std::string(text.substr(c.word_begin));
  char before = c.word_begin > 0 ? text[c.word_begin - 1] : 0;
  // ":!" negated types and "|" alternatives keep the type context.
  std::size_t sep = c.word_begin;
  if (before == '!' && sep >= 2 && text[sep - 2] == ':') before = ':';
  if (before == '|' || before == ':') {
    char bracket = st.brackets.empty() ? 0 : st.brackets.back().first;
    if (bracket == '{') return c;  // {key: value}
    bool edge = bracket == '[' && !contains_word_ci(text.substr(st.brackets.back().second), "where");
    if (before == '|' && bracket != '[' && bracket != '(') return c;
    if (edge) {
      c.kind = CompletionKind::relation_type;
      for (const auto& t : g.relation_types())
        if (starts_with_ci(t.name, c.word)) c.candidates.push_back(t.name);
    } else {
      c.kind = CompletionKind::entity_type;
      add_matching(c.candidates, g.entity_types(), c.word);
    }
    finish(c, limit);
    return c;
  }
  if (before == '.') {
    std::size_t vb = word_start(text.substr(0, c.word_begin - 1));
    std::string var(text.substr(vb, c.word_begin - 1 - vb));
    if (var.empty() || std::isdigit(static_cast<unsigned char>(var[0]))) return c;  // 1..3
    c.kind = CompletionKind::key;
    add_matching(c.candidates, is_edge_variable(text, var) ? completion_relation_keys(g) : completion_entity_keys(g),
                 c.word);
    finish(c, limit);
    return c;
  }
  if (before == '$') {
    c.kind = CompletionKind::param;
    add_matching(c.candidates, param_names, c.word);
    finish(c, limit);
    return c;
  }
  if (c.word.empty() || std::isdigit(static_cast<unsigned char>(c.word[0]))) return c;
  c.kind = CompletionKind::keyword;
  bool lower = std::none_of(c.word.begin(), c.word.end(), [](char ch) { return std::isupper(static_cast<unsigned char>(ch)); });
  for (const auto& k : kgq_keywords())
    if (starts_with_ci(k, c.word)) c.candidates.push_back(lower ? ascii_lower(k) : k);
  for (const auto& f : kgq_functions())
    if (starts_with_ci(f, c.word)) c.candidates.push_back(f + "(");
  finish(c, limit);
  return c;
}

}  // namespace kg::query
