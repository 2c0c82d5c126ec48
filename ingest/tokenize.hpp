// Sentences and tokens with byte offsets into the document text. The hot
// path of ingest: one pass over the bytes, no regex, no per-token heap
// allocation (folded forms live in one arena string per document).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kg::ingest {

// Token flags.
enum : std::uint16_t {
  kTokWord = 1,        // letters/digits
  kTokCap = 2,         // first character is an upper-case letter
  kTokDigit = 4,       // starts with a digit
  kTokPunct = 8,       // one punctuation character
  kTokSpaceBefore = 16,// white space (or start of text) precedes the token
  kTokAllCaps = 32,    // every letter upper case ("AMD", "EU")
  kTokLineStart = 64,  // first token on its line
  kTokInnerCap = 128,  // an upper-case letter after the first character ("xAI", "eBay")
};

struct Token {
  std::uint32_t start = 0, end = 0;         // bytes in the document text
  std::uint32_t fold_off = 0, fold_len = 0; // folded form in TokenizedText::folded
  std::uint16_t flags = 0;
};

struct Sentence {
  std::uint32_t start = 0, end = 0;          // bytes in the document text
  std::uint32_t tok_begin = 0, tok_end = 0;  // token index range
};

struct TokenizedText {
  std::string_view text;        // the document text (not owned)
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;
  std::string folded;           // arena of folded token forms
  std::string_view fold(std::size_t i) const {
    return std::string_view(folded).substr(tokens[i].fold_off, tokens[i].fold_len);
  }
  std::string_view raw(std::size_t i) const {
    return text.substr(tokens[i].start, tokens[i].end - tokens[i].start);
  }
  void clear() { tokens.clear(); sentences.clear(); folded.clear(); }
};

// Tokenises `text` and splits it into sentences. Curly quotes and
// apostrophes fold to straight ones, non-breaking spaces are spaces, dashes
// are punctuation tokens, "'s" and "n't" are separate tokens, "U.S." and
// decimals stay whole. Headlines (short lines without a final period) and
// blank lines end sentences; abbreviations (Inc., Feb., Mr.) and initials do not.
void tokenize(std::string_view text, TokenizedText& out);

// Tokenises a short phrase (rule literals, gazetteer names) into folded forms.
std::vector<std::string> fold_tokens(std::string_view phrase);

}  // namespace kg::ingest
