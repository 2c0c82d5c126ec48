#include "ingest/tokenize.hpp"

#include <algorithm>
#include <cstring>

#include "common/text.hpp"

namespace kg::ingest {
namespace {

bool is_space_cp(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0 ||
         (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}
bool is_apostrophe(char32_t c) { return c == '\'' || c == 0x2019 || c == 0x2018 || c == 0x02BC; }
// Letters and digits: ASCII alphanumerics and non-ASCII code points outside
// the punctuation and symbol blocks (good enough for Latin, Greek, Cyrillic, CJK).
bool is_word_cp(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  if (c < 0xC0) return c == 0xAA || c == 0xB5 || c == 0xBA;
  if (c == 0xD7 || c == 0xF7) return false;
  if (c >= 0x2000 && c <= 0x2BFF) return false;
  if (c >= 0x3000 && c <= 0x303F) return false;
  if (c >= 0xFE30 && c <= 0xFE4F) return false;
  if (c >= 0xFF00 && c <= 0xFF0F) return false;
  if (c == 0xFFFD || c == 0xFEFF) return false;
  return true;
}
bool is_upper_cp(char32_t c) {
  if (c >= 'A' && c <= 'Z') return true;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return true;
  if (c >= 0x100 && c <= 0x17F) return (c % 2) == 0;  // Latin Extended-A: upper case on even code points (mostly)
  if (c >= 0x391 && c <= 0x3A9) return true;
  if (c >= 0x410 && c <= 0x42F) return true;
  return false;
}
bool is_lower_cp(char32_t c) {
  if (c >= 'a' && c <= 'z') return true;
  if (c >= 0xDF && c <= 0xFF && c != 0xF7) return true;
  if (c >= 0x100 && c <= 0x17F) return (c % 2) == 1;
  if (c >= 0x3B1 && c <= 0x3C9) return true;
  if (c >= 0x430 && c <= 0x44F) return true;
  return false;
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }

const char* const kAbbreviations[] = {
    "mr", "mrs", "ms", "dr", "prof", "inc", "corp", "co", "ltd", "jr", "sr", "st", "vs", "etc", "no", "gen", "gov",
    "sen", "rep", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx",
    "est", "dept", "univ", "mt", "ft", "fig", "al", "plc", "bros", "e.g", "i.e", "u.s", "u.k", "u.n"};

bool is_abbreviation(std::string_view folded) {
  for (const char* a : kAbbreviations)
    if (folded == a) return true;
  return false;
}

// Appends the folded form of raw token text: ASCII lower-cased inline, the
// rest through fold_name (curly quotes, dashes, diacritics).
void append_fold(std::string& arena, std::string_view raw) {
  bool ascii = true;
  for (unsigned char c : raw)
    if (c >= 0x80) {
      ascii = false;
      break;
    }
  if (ascii) {
    for (char c : raw) arena.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c);
    return;
  }
  arena += kg::fold_name(raw);
}

}  // namespace

void tokenize(std::string_view text, TokenizedText& out) {
  out.clear();
  out.text = text;
  out.tokens.reserve(text.size() / 5 + 8);
  out.folded.reserve(text.size() + 16);
  const std::size_t n = text.size();
  std::size_t i = 0;
  bool space_before = true, line_start = true;
  auto push = [&](std::size_t s, std::size_t e, std::uint16_t flags) {
    Token t;
    t.start = static_cast<std::uint32_t>(s);
    t.end = static_cast<std::uint32_t>(e);
    t.flags = flags | (space_before ? kTokSpaceBefore : 0) | (line_start ? kTokLineStart : 0);
    t.fold_off = static_cast<std::uint32_t>(out.folded.size());
    append_fold(out.folded, text.substr(s, e - s));
    t.fold_len = static_cast<std::uint32_t>(out.folded.size() - t.fold_off);
    out.tokens.push_back(t);
    space_before = false;
    line_start = false;
  };
  while (i < n) {
    unsigned char b = static_cast<unsigned char>(text[i]);
    std::size_t j = i;
    char32_t c = b < 0x80 ? (++j, b) : kg::decode_utf8(text, j);
    if (is_space_cp(c)) {
      if (c == '\n') line_start = true;
      space_before = true;
      i = j;
      continue;
    }
    if (is_word_cp(c)) {
      std::size_t s = i;
      bool cap = is_upper_cp(c), digit = c < 0x80 && is_digit(static_cast<char>(c));
      bool all_caps = cap, inner_cap = false;
      std::size_t k = j;
      while (k < n) {
        std::size_t m = k;
        unsigned char bb = static_cast<unsigned char>(text[k]);
        char32_t d = bb < 0x80 ? (++m, bb) : kg::decode_utf8(text, m);
        if (is_word_cp(d)) {
          if (is_lower_cp(d)) all_caps = false;
          else if (!inner_cap && is_upper_cp(d)) inner_cap = true;
          k = m;
          continue;
        }
        // Decimals and thousands separators inside numbers: 2.5, 1,600.
        if ((d == '.' || d == ',') && digit && m < n && is_digit(text[m]) && is_digit(text[k - 1])) {
          k = m;
          continue;
        }
        // Initialisms: U.S., U.K. (a single letter followed by '.', letter, '.').
        if (d == '.' && k - s == 1 && m + 1 < n && std::isalpha(static_cast<unsigned char>(text[m])) &&
            text[m + 1] == '.') {
          k = m + 2;
          while (k + 1 < n && std::isalpha(static_cast<unsigned char>(text[k])) && text[k + 1] == '.') k += 2;
          break;
        }
        // Internal apostrophes: split "'s" and "n't"; keep O'Brien.
        if (is_apostrophe(d) && m < n) {
          unsigned char nx = static_cast<unsigned char>(text[m]);
          bool s_end = (nx == 's' || nx == 'S') && (m + 1 >= n || !std::isalnum(static_cast<unsigned char>(text[m + 1])));
          if (s_end) break;
          if ((nx == 't' || nx == 'T') && k > s && (text[k - 1] == 'n' || text[k - 1] == 'N') &&
              (m + 1 >= n || !std::isalnum(static_cast<unsigned char>(text[m + 1])))) {
            k -= 1;  // "does" + "n't"
            break;
          }
          if (std::isalpha(nx)) {
            k = m;
            continue;
          }
        }
        break;
      }
      std::uint16_t flags = kTokWord | (cap ? kTokCap : 0) | (digit ? kTokDigit : 0) |
                            (cap && all_caps && k - s > 1 ? kTokAllCaps : 0) | (inner_cap ? kTokInnerCap : 0);
      push(s, k, flags);
      i = k;
      // "n't" after the split
      if (i + 2 < n + 0 && (text[i] == 'n' || text[i] == 'N')) {
        std::size_t m = i + 1;
        char32_t a = kg::decode_utf8(text, m);
        if (is_apostrophe(a) && m < n && (text[m] == 't' || text[m] == 'T')) {
          push(i, m + 1, kTokWord);
          i = m + 1;
        }
      }
      continue;
    }
    if (is_apostrophe(c) && j < n && (text[j] == 's' || text[j] == 'S') &&
        (j + 1 >= n || !std::isalnum(static_cast<unsigned char>(text[j + 1])))) {
      push(i, j + 1, kTokWord);  // possessive "'s"
      i = j + 1;
      continue;
    }
    push(i, j, kTokPunct);
    i = j;
  }

  // Sentences.
  const auto& tk = out.tokens;
  std::uint32_t begin = 0;
  auto close = [&](std::uint32_t end_tok) {
    if (end_tok <= begin) return;
    Sentence s;
    s.tok_begin = begin;
    s.tok_end = end_tok;
    s.start = tk[begin].start;
    s.end = tk[end_tok - 1].end;
    out.sentences.push_back(s);
    begin = end_tok;
  };
  constexpr std::uint32_t kMaxSentenceTokens = 300;  // long lines (tables, junk) are cut into pieces
  for (std::uint32_t t = 0; t < tk.size(); ++t) {
    if (t + 1 >= tk.size()) break;
    const Token& cur = tk[t];
    const Token& nxt = tk[t + 1];
    if (t + 1 - begin >= kMaxSentenceTokens) {
      close(t + 1);
      continue;
    }
    // Line breaks between the two tokens.
    std::string_view gap = text.substr(cur.end, nxt.start - cur.end);
    std::size_t newlines = std::count(gap.begin(), gap.end(), '\n');
    std::string_view cf = out.fold(t);
    bool terminal = cf == "." || cf == "!" || cf == "?" || cf == "\xE2\x80\xA6";
    if (newlines >= 2) {
      close(t + 1);
      continue;
    }
    if (newlines == 1) {
      // A single line break ends a sentence unless the text is hard-wrapped prose
      // (the line ends mid-clause and the next starts in lower case).
      bool continues = (cur.flags & (kTokWord)) || out.fold(t) == ",";
      bool next_lower = (nxt.flags & kTokWord) && !(nxt.flags & kTokCap) && !(nxt.flags & kTokDigit);
      if (!(continues && next_lower)) close(t + 1);
      continue;
    }
    if (terminal) {
      // Closing quotes or brackets right after the period belong to this sentence.
      std::uint32_t e = t + 1;
      while (e < tk.size() && !(tk[e].flags & kTokSpaceBefore) &&
             (out.fold(e) == "\"" || out.fold(e) == ")" || out.fold(e) == "'")) ++e;
      if (e >= tk.size()) break;
      const Token& after = tk[e];
      if (!(after.flags & kTokSpaceBefore)) continue;  // "3.5", "x.com"
      bool starts_upper = (after.flags & kTokCap) || (after.flags & kTokDigit) || (after.flags & kTokPunct);
      if (!starts_upper) continue;
      if (cf == "." && t > begin) {
        std::string_view prev = out.fold(t - 1);
        const Token& pt = tk[t - 1];
        if (!(tk[t].flags & kTokSpaceBefore) && (pt.flags & kTokWord)) {
          if (is_abbreviation(prev)) continue;
          if (pt.end - pt.start == 1 && (pt.flags & kTokCap)) continue;  // initial: "J. Smith"
        }
      }
      close(e);
      t = e - 1;
    }
  }
  close(static_cast<std::uint32_t>(tk.size()));
}

std::vector<std::string> fold_tokens(std::string_view phrase) {
  TokenizedText tt;
  tokenize(phrase, tt);
  std::vector<std::string> out;
  out.reserve(tt.tokens.size());
  for (std::size_t i = 0; i < tt.tokens.size(); ++i) out.emplace_back(tt.fold(i));
  return out;
}

}  // namespace kg::ingest
