// Fuzzes text ingest end to end on one input: reading it as a .txt document
// or a .jsonl file of documents (the reader's clean-up: binary detection,
// UTF-8 repair), tokenising and sentence splitting, value recognisers (money,
// dates, percentages) and the whole extraction with --explain, using the
// bundled rules and entities. Checks the tokenizer's span invariants.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <unistd.h>

#include "common/error.hpp"
#include "fuzz_util.hpp"
#include "ingest/bundle.hpp"
#include "ingest/inputs.hpp"
#include "ingest/tokenize.hpp"
#include "ingest/values.hpp"

namespace {

const kg::ingest::Bundle& bundle() {
  static const kg::ingest::Bundle* b = kg::ingest::load_bundle("", "").release();
  return *b;
}

std::string scratch_path(const char* ext) {
  const char* dir = std::getenv("TMPDIR");
  return std::string(dir && *dir ? dir : "/tmp") + "/kg-fuzz-text-" + std::to_string(::getpid()) + ext;
}

void check_tokens(const kg::ingest::TokenizedText& tt, std::size_t text_size) {
  std::uint32_t prev_end = 0;
  for (std::size_t i = 0; i < tt.tokens.size(); ++i) {
    const auto& t = tt.tokens[i];
    fuzz_check(t.start < t.end && t.end <= text_size, "token span inside the text");
    fuzz_check(t.start >= prev_end, "tokens in order, not overlapping");
    fuzz_check(std::size_t(t.fold_off) + t.fold_len <= tt.folded.size(), "folded form inside the arena");
    prev_end = t.end;
  }
  std::uint32_t prev_tok = 0;
  for (const auto& s : tt.sentences) {
    fuzz_check(s.tok_begin <= s.tok_end && s.tok_end <= tt.tokens.size(), "sentence token range");
    fuzz_check(s.tok_begin >= prev_tok, "sentences in order");
    fuzz_check(s.start <= s.end && s.end <= text_size, "sentence span inside the text");
    prev_tok = s.tok_end;
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  bundle();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1 || size > 32 * 1024) return 0;
  // The first byte picks the reader: even = one .txt document, odd = .jsonl.
  const bool jsonl = data[0] & 1;
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::string path = scratch_path(jsonl ? ".jsonl" : ".txt");
  {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    fuzz_check(f != nullptr, "scratch file opens");
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
  }
  std::vector<kg::ingest::InputDocument> docs;
  try {
    docs = kg::ingest::read_inputs({path}, [](const std::string&) {});
  } catch (const kg::Error& e) {
    (void)kg::format_error(e);
  }
  ::unlink(path.c_str());
  for (auto& doc : docs) {
    if (!doc.date) doc.date = kg::Date::parse("2024-02-27");
    kg::ingest::TokenizedText tt;
    kg::ingest::tokenize(doc.text, tt);
    check_tokens(tt, doc.text.size());
    std::vector<kg::ingest::ValueMention> values;
    for (const auto& s : tt.sentences) {
      values.clear();
      kg::ingest::find_values(tt, s.tok_begin, s.tok_end, doc.date, values);
      std::uint32_t prev = s.tok_begin;
      for (const auto& v : values) {
        fuzz_check(v.tok_begin >= prev && v.tok_begin < v.tok_end && v.tok_end <= s.tok_end, "values in order inside the sentence");
        prev = v.tok_end;
      }
    }
    try {
      std::string explain;
      auto triples = bundle().extractor->extract(doc, &explain);
      for (const auto& t : triples) {
        fuzz_check(!t.subject.empty() && !t.object.empty(), "triples name both ends");
        fuzz_check(t.source.start <= t.source.end && t.source.end <= static_cast<std::int64_t>(doc.text.size()),
                   "evidence span inside the document");
      }
    } catch (const kg::Error& e) {
      (void)kg::format_error(e);
    }
    if (doc.text.size() < 200) {
      (void)kg::ingest::fold_tokens(doc.text);
      (void)kg::ingest::parse_money_text(doc.text);
    }
  }
  return 0;
}
