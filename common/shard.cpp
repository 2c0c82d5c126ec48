#include "common/shard.hpp"

#include <string>

#include "common/error.hpp"

namespace kg {

std::uint64_t fnv1a64(std::string_view bytes) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// Digits only (no sign, no spaces), at most 7 of them: keeps "1/+2" and
// "1/2x" out and makes overflow impossible.
static bool parse_count(std::string_view s, std::uint32_t& out) {
  if (s.empty() || s.size() > 7) return false;
  std::uint32_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<std::uint32_t>(c - '0');
  }
  out = v;
  return true;
}

ShardSpec parse_shard(std::string_view text, std::string_view flag) {
  const std::string shown(text);
  const std::string name(flag);
  auto slash = text.find('/');
  ShardSpec s;
  if (slash == std::string_view::npos || !parse_count(text.substr(0, slash), s.index) ||
      !parse_count(text.substr(slash + 1), s.count))
    throw UsageError(name + " takes I/N (shard I of N, counted from 1, e.g. 1/4), not '" + shown + "'");
  if (s.count < 1 || s.count > 1000000)
    throw UsageError(name + " " + shown + ": the number of shards N must be from 1 to 1000000");
  if (s.index < 1 || s.index > s.count)
    throw UsageError(name + " " + shown + ": the shard number I must be from 1 to " + std::to_string(s.count) +
                     " (shards are counted from 1)");
  return s;
}

bool in_shard(std::string_view doc_id, const ShardSpec& shard) {
  return fnv1a64(doc_id) % shard.count == shard.index - 1u;
}

}  // namespace kg
