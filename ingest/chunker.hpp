// Chunks over one sentence's tokens, the layer between mentions and rules
// (FASTUS-style cascade): entity mentions (NP), money/date/percent values,
// verb groups (auxiliaries, adverbs, negation and modals folded into one
// chunk with lemma, voice, tense, modality and negation as features),
// nominal triggers, prepositions and the rest. Rules still match tokens,
// but gaps, negation, speculation and attribute attachment are decided on
// chunks: a verb group is one step, whatever modifiers it holds.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace kg::ingest {

// Word classes of the lexical layer, by vocabulary id (Extractor::word_class_).
enum : std::uint16_t {
  kWcVerb = 1,      // a form of a frame verb, or a LIGHT/REPORT/SENTENCE_VERB word
  kWcNoun = 2,      // a frame's nominal trigger ("acquisition", "probe", "founder")
  kWcPrep = 4,
  kWcModal = 8,
  kWcAux = 16,      // be, have, do
  kWcNeg = 32,      // not, n't, never
  kWcConj = 64,
  kWcAdv = 128,
  kWcDet = 256,
  kWcClause = 512,  // opens a clause: that, which, because, but
  kWcBe = 1024,
  kWcHave = 2048,
  kWcSpec = 4096,   // SPEC lexicon: plans, considering, talks
  kWcNegWord = 8192,  // NEG lexicon: denied, failed, declined
  kWcKill = 16384,  // KILL lexicon: verbs that stop a deal (prohibit, veto, block, abandon)
  kWcReport = 32768,
};

enum class ChunkKind : std::uint8_t { np, desc, pron, value, vg, nom, pp, conj, punct, word };

enum : std::uint16_t {
  kVgNeg = 1,       // "has not invested", "never", "denied"
  kVgModal = 2,     // could, may, might, would, should
  kVgPassive = 4,   // be + participle
  kVgProgressive = 8,
  kVgPerfect = 16,
  kVgFuture = 32,   // will, shall, "is set to", "is going to"
  kVgSpec = 64,     // "plans to", "in talks to", "is considering", "seeks to"
  kVgInfinitive = 128,  // "to acquire"
  kVgHedge = 256,   // "reportedly", "allegedly" inside the group
  kVgReport = 512,  // a reporting verb (said, announced): a statement, not speculation
};

struct Chunk {
  ChunkKind kind = ChunkKind::word;
  std::uint32_t tb = 0, te = 0;  // token range [tb, te)
  std::uint32_t head = 0;        // head token (the main verb of a verb group)
  std::uint16_t features = 0;    // kVg* for verb groups
  int ref = -1;                  // mention index (np/desc/pron), value index (value)
};

}  // namespace kg::ingest
