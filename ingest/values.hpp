// Values found in sentences: money ("€15 million", "$13bn", "15 million
// euros", "about $16 million"), dates ("February 26, 2024", "Feb. 2024",
// "in December" resolved against the publication date) and percentages.
// Recognised over tokens, so spans always sit on token boundaries.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/value.hpp"
#include "ingest/tokenize.hpp"

namespace kg::ingest {

enum class ValueKind { money, date, percent };

struct ValueMention {
  ValueKind kind = ValueKind::money;
  std::uint32_t tok_begin = 0, tok_end = 0;  // token range
  Money money;                               // kind == money (value 0 when unknown)
  bool has_value = false;
  Date date;                                 // kind == date
  bool full_date = false;                    // year, month and day all stated
  double percent = 0;
};

// Values in the sentence [tok_begin, tok_end), in token order, not overlapping.
// `doc_date` resolves dates without a year ("in December").
void find_values(const TokenizedText& tt, std::uint32_t tok_begin, std::uint32_t tok_end,
                 const std::optional<Date>& doc_date, std::vector<ValueMention>& out);

// Parses "15 million euros", "$13bn", "€2bn" (used by tests and rule tests).
std::optional<Money> parse_money_text(const std::string& text);

}  // namespace kg::ingest
