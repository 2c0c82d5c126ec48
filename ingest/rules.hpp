// The JSON rule language (docs/rules.md): a type hierarchy, typed relation
// signatures, lexicons, a lemma table, verb frames (compiled here into
// active, passive, relative, nominal, agent-noun and reversed token
// patterns) and hand-written token patterns. Loading validates the file
// against the JSON Schema and reports file:line:col and a JSON pointer.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <unordered_map>
#include <vector>

namespace kg::ingest {

struct TypeSystem {
  std::vector<std::string> names;
  std::vector<int> parent;  // -1 = root
  std::optional<int> find(const std::string& name) const;
  bool is_a(int type, int ancestor) const;
  int add(const std::string& name, int parent_type);
};

struct RelationSpec {
  std::string name;
  std::vector<int> subject_types, object_types;  // accepted types (subtypes included)
  bool symmetric = false;
  bool object_is_amount = false;  // valued-at: the object is the money value as written
  bool takes_amount = false, takes_date = false;  // "attrs": ["amount", "date"]
};

// vg_lead: the words of a verb group before its main verb ("has agreed to", "is quietly"), as the chunker found them
enum class ElemKind { word, text, regex, ent, money, date, percent, gap, alt, any, vg_lead };

// One pattern element. Literal strings of several tokens ("look into") are
// compiled into a sequence (an alt with one branch).
struct Elem {
  ElemKind kind = ElemKind::word;
  std::vector<std::string> words;             // word: folded forms; text: exact forms
  std::shared_ptr<std::regex> re;             // regex, on the raw token text
  std::vector<int> types;                     // ent: accepted entity types
  int role = -1;                              // index into RuleSet::roles, -1 = not captured
  bool list = true;                           // ent: coordination fan-out
  bool appos = true;                          // ent: skip an apposition after the entity
  bool parties = false;                       // ent: "X's deal with Y" gives X and Y
  bool gap_ents = false;                      // gap may cross entity mentions
  int min = 1, max = 1;                       // quantifier (gap: token counts)
  std::vector<std::vector<Elem>> alts;        // alt / group branches
  std::string desc;                           // for --explain
  // word: vocabulary ids of `words`, filled by the Extractor that runs the
  // rules (integer compares on the hot path instead of string compares).
  mutable std::vector<std::uint32_t> ids;
  mutable int sig = 0;  // ent: index of its (types, parties) signature, for the Extractor's per-sentence caches
};

struct Rule {
  std::string id;     // "frame.invest/active" or the rule id
  std::string form;   // active, passive, ..., or "pattern"
  int relation = 0;
  std::vector<Elem> pattern;
  std::vector<Elem> not_before, not_after;  // lookaround (fixed length, one token per element)
  int priority = 50;
  double confidence = 0.8;
  bool check_negation = true;
  bool premod_nominal = false;  // "A['s] ... NOUN": no determiner between A and the noun unless A is possessive
  bool clause_start = false;  // the match must open a clause (fronted participles: "Founded by X, Y ...")
  int order = 0;          // file order
  int specificity = 0;    // number of literal elements
  std::vector<std::string> triggers;  // folded words; the rule is tried only when one occurs
  std::vector<std::vector<int>> required_types;  // mandatory top-level entity slots (sentence prefilter)
  bool needs_money = false;
  std::string origin;     // file:line of the rule or frame
};

struct RuleSet {
  TypeSystem types;
  std::vector<RelationSpec> relations;
  std::map<std::string, std::vector<std::vector<std::string>>> lexicons;  // NAME -> token sequences
  std::map<std::string, std::vector<std::string>> lemma_forms;            // lemma -> all forms (folded)
  // Every inflected form of a frame's verbs and nouns -> its lemma, and
  // whether it is a verb (1), a noun (2) or both (3: "probe", "review") there
  // (the chunker's lexical layer).
  std::unordered_map<std::string, std::string> form_lemma;
  std::unordered_map<std::string, int> form_class;
  std::vector<std::string> roles = {"subject", "object", "amount", "date"};
  std::vector<Rule> rules;
  std::unordered_map<std::string, std::vector<std::uint32_t>> trigger_index;
  std::vector<std::uint32_t> untriggered;  // rules without a trigger word: always tried
  double hedge_factor = 0.6;
  std::string file;

  std::optional<int> find_relation(const std::string& name) const;
  bool in_lexicon(const std::string& lex, std::string_view folded_token) const;
  const std::vector<std::vector<std::string>>& lexicon(const std::string& name) const;
  std::vector<std::string> verb_forms(const std::string& lemma) const;  // folded inflections
};

// Parses and compiles a rules file. Throws DataError with file:line:col,
// caret and JSON pointer on syntax, schema or reference errors.
RuleSet load_rules_text(const std::string& text, const std::string& file_name);
RuleSet load_rules_file(const std::string& path);
// The JSON Schema (draft 4 subset RapidJSON supports) of rules files.
const char* rules_schema_text();
// Regular English inflections (base, -s, -ed, -ing) of a verb lemma; the
// irregular ones come from the rules file's "lemmas" table.
std::vector<std::string> regular_inflections(const std::string& lemma);

}  // namespace kg::ingest
