// The exchange form of one extracted fact, shared by `kg ingest --triples`,
// `kg extract` output and the text-ingest pipeline.
#pragma once
#include <cstdint>
#include <functional>
#include <string>

#include <rapidjson/document.h>

#include "common/error.hpp"
#include "common/value.hpp"
#include "graph/graph.hpp"

namespace kg {

struct TripleSource {
  std::string doc;
  std::int64_t sentence = -1;
  std::int64_t start = -1;
  std::int64_t end = -1;
  std::string text;
};

struct Triple {
  std::string subject;
  std::string subject_type;  // "" = unknown
  std::string relation;
  std::string object;
  std::string object_type;
  // Graph-side names: amount (Money), amount_text, date (Date), hedged, confidence, ...
  AttrMap attrs;
  TripleSource source;
  std::string rule;
};

// Converts a JSON `attrs` object to typed attributes. Accepts the extract /
// gold form {"amount": "15 million euros", "amount_value": 15000000,
// "currency": "EUR", "date": "2024-02-26", "hedged": true} as well as
// {"amount": 15000000, "currency": "EUR"}.
AttrMap attrs_from_json(const rapidjson::Value& obj);
// The inverse, in the extract form above.
void attrs_to_json(const AttrMap& attrs, rapidjson::Value& out, rapidjson::Document::AllocatorType& alloc);

// Parses one triples-file line. Throws DataError with the position of the
// offending value (file, line number, column).
Triple parse_triple_line(const std::string& file, std::size_t line_no, const std::string& line);
// Reads a JSON Lines triples file ("-" = stdin), calling `sink` per triple.
// Blank lines are skipped; errors name file:line:col.
void read_triples_file(const std::string& path, const std::function<void(const Triple&)>& sink);
// The same, refusing a line longer than `max_line_bytes` with a LimitError
// naming file:line and the --max-line-bytes flag (a runaway line is never parsed).
void read_triples_file(const std::string& path, std::size_t max_line_bytes,
                       const std::function<void(const Triple&)>& sink);
// One line of `kg extract` output (no trailing newline).
std::string triple_to_json_line(const Triple& t);

// Adds a triple to the graph: entities found by name or alias (or created),
// relation found or created, evidence appended. Relation types come from the
// graph's schema; unknown ones are added (symmetric if `symmetric`).
Edge add_triple(KnowledgeGraph& g, const Triple& t, const Document* doc_meta = nullptr);

}  // namespace kg
