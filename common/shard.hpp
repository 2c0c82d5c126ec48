// Sharding a corpus into independent tasks (`kg ingest --shard I/N`): a
// document belongs to exactly one of N shards, chosen by a stable hash of its
// id, so any scheduler can run the shards anywhere and `kg merge` the results.
#pragma once
#include <cstdint>
#include <string_view>

namespace kg {

// 64-bit FNV-1a: fixed constants, no seed, same value on every machine and run.
std::uint64_t fnv1a64(std::string_view bytes);

// Shard I of N, 1-based as schedulers number tasks (GNU parallel's {#},
// Slurm's --array=1-N): index 1..count.
struct ShardSpec {
  std::uint32_t index = 1;
  std::uint32_t count = 1;
};

// Parses "I/N" (1 <= I <= N <= 1000000). Throws UsageError naming `flag`.
ShardSpec parse_shard(std::string_view text, std::string_view flag = "--shard");

// True when the document with this id belongs to the shard:
// fnv1a64(id) % count == index - 1.
bool in_shard(std::string_view doc_id, const ShardSpec& shard);

}  // namespace kg
