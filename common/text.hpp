// UTF-8 and name-matching helpers shared by the graph index, ingest and query.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kg {

// Length in bytes of the UTF-8 sequence that starts with `lead`, 0 if invalid.
std::size_t utf8_sequence_length(unsigned char lead);
// Number of code points (invalid bytes count as one each).
std::size_t utf8_length(std::string_view s);
bool is_valid_utf8(std::string_view s);
// Replaces invalid UTF-8 with U+FFFD and drops characters XML 1.0 forbids
// (C0 controls except tab, newline, carriage return; U+FFFE, U+FFFF).
std::string sanitize_utf8(std::string_view s);
// Decodes one code point at s[i], advancing i; invalid bytes give U+FFFD.
char32_t decode_utf8(std::string_view s, std::size_t& i);
void append_utf8(std::string& out, char32_t cp);

// Folding for name lookup: lower case, Latin diacritics removed, curly
// apostrophes and quotes made straight, runs of white space made one space,
// trimmed. "Timothée" and "TIMOTHEE" fold alike.
std::string fold_name(std::string_view s);
// Lower-cases ASCII only (keywords, relation type names).
std::string ascii_lower(std::string_view s);

// Edit distance for did-you-mean suggestions (Damerau–Levenshtein, optimal string alignment).
std::size_t edit_distance(std::string_view a, std::string_view b);
// The candidate closest to `word`, or "" if none is close enough to suggest.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

std::string trim(std::string_view s);

}  // namespace kg
