// Editing support for KGQ text, used by the shell: is a statement finished
// (ends with ';'), and what can complete the word before the cursor, drawn
// from the language's keywords and from the loaded graph (entity names and
// aliases, relation types, entity types, keys, parameters). Pure functions:
// no terminal, no printing; the shell does the inserting and listing.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "graph/graph.hpp"

namespace kg::query {

// True when `text` holds at least one statement and ends with ';' outside
// strings and `--` comments (trailing white space and comments ignored).
bool statement_is_complete(std::string_view text);

// The statement on one line for history: `--` comments removed, line breaks
// made spaces, trailing white space trimmed.
std::string statement_one_line(std::string_view text);

enum class CompletionKind { none, keyword, entity_name, relation_type, entity_type, key, param, file_name };

struct Completion {
  CompletionKind kind = CompletionKind::none;
  std::size_t word_begin = 0;            // byte offset in the text where the replaced word starts
  std::string word;                      // text[word_begin, end): what the user typed so far
  std::vector<std::string> candidates;   // full replacements for `word`, sorted, unique
  char quote = 0;                        // entity_name / file_name: the opening quote, to close a unique match
};

// What completes the word at the end of `before_cursor` (the statement so far,
// earlier lines included). Keywords follow the case the user typed; entity
// names match name or alias ignoring case and diacritics. At most `limit`
// candidates are returned.
Completion complete_kgq(const KnowledgeGraph& g, std::string_view before_cursor,
                        const std::vector<std::string>& param_names, std::size_t limit = 500);

// KGQ keywords (upper case) and function names (lower case), for completion and help.
const std::vector<std::string>& kgq_keywords();
const std::vector<std::string>& kgq_functions();

// Keys that completion offers after `n.` (entities) and `e.` (relations):
// the built-in ones plus every attribute key present in the graph.
std::vector<std::string> completion_entity_keys(const KnowledgeGraph& g);
std::vector<std::string> completion_relation_keys(const KnowledgeGraph& g);

// The longest common prefix of the candidates (byte-wise).
std::string common_prefix(const std::vector<std::string>& candidates);

// Text for a completed entity name inside `quote`: the quote doubled inside.
std::string quote_escape(std::string_view name, char quote);

}  // namespace kg::query
