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

// Reads every input; calls `warn` with a message naming the document for
// each problem. Throws IoError for a path that does not exist.
std::vector<InputDocument> read_inputs(const std::vector<std::string>& inputs,
                                       const std::function<void(const std::string&)>& warn);

// Extracts all documents with `jobs` threads; `sink` is called in document
// order (on the calling thread) with each document's triples and explain text.
void extract_all(const Extractor& x, const std::vector<InputDocument>& docs, unsigned jobs, bool explain,
                 const std::function<void(std::size_t index, std::vector<Triple>& triples, const std::string& explain)>& sink,
                 ExtractStats* stats = nullptr);

}  // namespace kg::ingest
