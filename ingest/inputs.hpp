// Reading documents: .txt/.md files (id = file name), directories
// (recursively; id = path relative to the directory), .jsonl files of
// {"id", "text", "date", "url", "title"} and "-" for stdin. Bad documents
// (binary junk, invalid UTF-8, empty) produce warnings naming the document;
// the others are still read. And a parallel runner with deterministic order.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "ingest/extractor.hpp"

namespace kg::ingest {

// Size limits on input, so one runaway file cannot exhaust memory or time in
// an overnight ingest (flags --max-doc-bytes and --max-line-bytes).
struct InputLimits {
  std::size_t max_document_bytes = std::size_t(16) << 20;  // text of one document
  std::size_t max_line_bytes = std::size_t(32) << 20;      // one line of a .jsonl file
};

// Reads every input; calls `warn` with a message naming the document for
// each problem (a document or line over a limit is skipped with a warning
// naming the flag). Throws IoError for a path that does not exist.
std::vector<InputDocument> read_inputs(const std::vector<std::string>& inputs,
                                       const std::function<void(const std::string&)>& warn);
std::vector<InputDocument> read_inputs(const std::vector<std::string>& inputs,
                                       const std::function<void(const std::string&)>& warn,
                                       const InputLimits& limits);

// Extracts all documents with `jobs` threads; `sink` is called in document
// order (on the calling thread) with each document's triples and explain text.
void extract_all(const Extractor& x, const std::vector<InputDocument>& docs, unsigned jobs, bool explain,
                 const std::function<void(std::size_t index, std::vector<Triple>& triples, const std::string& explain)>& sink,
                 ExtractStats* stats = nullptr);

}  // namespace kg::ingest
