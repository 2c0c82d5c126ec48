// Known entities (samples/entities.json: name, type, aliases) compiled into
// one trie over folded tokens; matching is leftmost-longest, case,
// diacritic and apostrophe tolerant (the tokenizer folds), and possessives
// are separate tokens so "Microsoft's" matches "Microsoft".
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ingest/rules.hpp"
#include "ingest/tokenize.hpp"

namespace kg::ingest {

struct GazetteerEntry {
  std::string name;
  int type = 0;
  std::vector<std::string> aliases;
};

class Gazetteer {
 public:
  // Throws DataError naming the file (and the entry) for malformed data or an
  // entity type the rules do not declare.
  void load_text(const std::string& json, const std::string& file_name, const TypeSystem& types);
  void load_file(const std::string& path, const TypeSystem& types);
  void add(const std::string& name, int type, const std::vector<std::string>& aliases);

  // Longest entry starting at token `i` (< end): returns the entry index and
  // sets `len` to the number of tokens, or -1.
  int match(const TokenizedText& tt, std::uint32_t i, std::uint32_t end, std::uint32_t& len) const;
  const std::vector<GazetteerEntry>& entries() const { return entries_; }
  std::size_t size() const { return entries_.size(); }

 private:
  struct Key {
    std::uint32_t node;
    std::string_view token;
    bool operator==(const Key& k) const { return node == k.node && token == k.token; }
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const {
      return std::hash<std::string_view>()(k.token) ^ (static_cast<std::size_t>(k.node) * 0x9E3779B97F4A7C15ull);
    }
  };
  void insert(const std::string& phrase, int entry);
  std::vector<GazetteerEntry> entries_;
  std::vector<int> terminal_{-1};  // node -> entry, node 0 = root
  std::unordered_map<Key, std::uint32_t, KeyHash> edges_;
  std::vector<std::unique_ptr<std::string>> strings_;  // owns the token strings of the keys
};

}  // namespace kg::ingest
