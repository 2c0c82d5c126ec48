// --explain: per sentence its span and text, the chunk line, the entity
// mentions with how each was found, and the values; rule_runner.cpp adds
// what fired, what was dropped and where near misses stopped.
#include "common/text.hpp"
#include "common/value.hpp"
#include "ingest/doc_run.hpp"

namespace kg::ingest {

void DocRun::explain_sentence(std::size_t si) {
  *explain += "S" + std::to_string(si) + " [" + std::to_string(tt.sentences[si].start) + "," +
              std::to_string(tt.sentences[si].end) + ") \"" + raw(sb, se) + "\"\n";
  ensure_chunks();
  *explain += "  CHUNKS " + chunk_line() + "\n";
  for (const auto& m : ms) {
    *explain += "  ENT [" + std::to_string(tt.tokens[m.tb].start) + "," + std::to_string(tt.tokens[m.te - 1].end) +
                ") \"" + raw(m.tb, m.te) + "\" -> ";
    if (m.how == How::pronoun) {
      *explain += "pronoun, candidates:";
      for (int c : m.cands) *explain += " " + ents[c].name;
      if (m.cands.empty()) *explain += " none";
    } else if (m.ent >= 0) {
      *explain += ents[m.ent].name + " (" + rs.types.names[ents[m.ent].type] + ", " + how_name(m.how) +
                  (m.note.empty() ? "" : ": " + m.note) + ")";
    } else {
      *explain += "unresolved description";
    }
    *explain += "\n";
  }
  for (const auto& v : vals) {
    *explain += "  VAL [" + std::to_string(tt.tokens[v.tok_begin].start) + "," +
                std::to_string(tt.tokens[v.tok_end - 1].end) + ") \"" + raw(v.tok_begin, v.tok_end) + "\" -> ";
    if (v.kind == ValueKind::money) *explain += to_display(Value(v.money));
    else if (v.kind == ValueKind::date) *explain += v.date.iso();
    else *explain += format_double(v.percent) + "%";
    *explain += "\n";
  }
}

}  // namespace kg::ingest
