#include "ingest/gazetteer.hpp"

#include <memory>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include "common/atomic_file.hpp"
#include "common/error.hpp"
#include "common/text.hpp"

namespace kg::ingest {

void Gazetteer::insert(const std::string& phrase, int entry) {
  auto toks = fold_tokens(phrase);
  if (toks.empty()) return;
  std::uint32_t node = 0;
  for (const auto& t : toks) {
    auto it = edges_.find(Key{node, t});
    if (it != edges_.end()) {
      node = it->second;
      continue;
    }
    strings_.push_back(std::make_unique<std::string>(t));
    std::uint32_t next = static_cast<std::uint32_t>(terminal_.size());
    terminal_.push_back(-1);
    edges_.emplace(Key{node, *strings_.back()}, next);
    node = next;
  }
  if (terminal_[node] < 0) terminal_[node] = entry;  // the first entry keeps an ambiguous alias
}

void Gazetteer::add(const std::string& name, int type, const std::vector<std::string>& aliases) {
  int idx = static_cast<int>(entries_.size());
  entries_.push_back({name, type, aliases});
  insert(name, idx);
  for (const auto& a : aliases) insert(a, idx);
}

int Gazetteer::match(const TokenizedText& tt, std::uint32_t i, std::uint32_t end, std::uint32_t& len) const {
  std::uint32_t node = 0;
  int best = -1;
  for (std::uint32_t k = i; k < end; ++k) {
    auto it = edges_.find(Key{node, tt.fold(k)});
    if (it == edges_.end()) break;
    node = it->second;
    if (terminal_[node] >= 0) {
      best = terminal_[node];
      len = k - i + 1;
    }
  }
  return best;
}

void Gazetteer::load_text(const std::string& json, const std::string& file, const TypeSystem& types) {
  rapidjson::Document d;
  d.Parse(json.c_str(), json.size());
  if (d.HasParseError())
    throw DataError(std::string("malformed entities file: ") + rapidjson::GetParseError_En(d.GetParseError()),
                    locate(file, json, d.GetErrorOffset()));
  if (!d.IsObject() || !d.HasMember("entities") || !d["entities"].IsArray())
    throw DataError(file + ": expected {\"entities\": [...]}", locate(file, json, 0));
  const auto& arr = d["entities"];
  for (rapidjson::SizeType i = 0; i < arr.Size(); ++i) {
    const auto& e = arr[i];
    std::string where = "/entities/" + std::to_string(i);
    if (!e.IsObject() || !e.HasMember("name") || !e["name"].IsString() || !e.HasMember("type") || !e["type"].IsString()) {
      SourcePos p;
      p.file = file;
      p.pointer = where;
      throw DataError("entities file: entry " + where + " needs string fields name and type", p);
    }
    std::string type = e["type"].GetString();
    auto t = types.find(type);
    if (!t) {
      SourcePos p;
      p.file = file;
      p.pointer = where + "/type";
      std::string hint = closest_match(type, types.names);
      throw DataError("entities file: unknown entity type '" + type + "' for '" + e["name"].GetString() + "'" +
                          (hint.empty() ? "" : "; did you mean '" + hint + "'?"),
                      p);
    }
    std::vector<std::string> aliases;
    if (e.HasMember("aliases") && e["aliases"].IsArray())
      for (const auto& a : e["aliases"].GetArray())
        if (a.IsString()) aliases.emplace_back(a.GetString());
    add(e["name"].GetString(), *t, aliases);
  }
}

void Gazetteer::load_file(const std::string& path, const TypeSystem& types) { load_text(read_file(path), path, types); }

}  // namespace kg::ingest
