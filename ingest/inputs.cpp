#include "ingest/inputs.hpp"

#include <algorithm>
#include <filesystem>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "common/atomic_file.hpp"
#include "common/error.hpp"
#include "common/text.hpp"

namespace kg::ingest {
namespace fs = std::filesystem;

namespace {

std::string lower_ext(const std::string& p) {
  std::string e = fs::path(p).extension().string();
  return ascii_lower(e);
}

// Sanitises a document's text; returns false (with a warning) when it is
// not worth reading at all (empty, or mostly binary).
bool clean_document(InputDocument& d, const std::function<void(const std::string&)>& warn, const InputLimits& limits) {
  if (d.text.size() > limits.max_document_bytes) {
    warn("document '" + d.id + "' is " + std::to_string(d.text.size()) + " bytes, over the document size limit (" +
         std::to_string(limits.max_document_bytes) + " bytes; raise it with --max-doc-bytes N); skipped");
    return false;
  }
  if (trim(d.text).empty()) {
    warn("document '" + d.id + "' is empty; skipped");
    return false;
  }
  std::size_t control = 0;
  for (unsigned char c : d.text)
    if (c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t')) ++control;
  if (control * 10 > d.text.size()) {
    warn("document '" + d.id + "' looks like binary data (" + std::to_string(control) + " control bytes); skipped");
    return false;
  }
  if (!is_valid_utf8(d.text)) {
    warn("document '" + d.id + "' has invalid UTF-8; bad bytes replaced with U+FFFD (offsets refer to the cleaned text)");
    d.text = sanitize_utf8(d.text);
  } else if (control) {
    d.text = sanitize_utf8(d.text);
  }
  return true;
}

void read_jsonl(const std::string& path, const std::string& text, std::vector<InputDocument>& out,
                const std::function<void(const std::string&)>& warn, const InputLimits& limits) {
  std::size_t line_no = 0, pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    ++line_no;
    if (nl - pos > limits.max_line_bytes) {
      warn(path + ":" + std::to_string(line_no) + ": line is " + std::to_string(nl - pos) +
           " bytes, over the line size limit (" + std::to_string(limits.max_line_bytes) +
           " bytes; raise it with --max-line-bytes N); line skipped");
      pos = nl + 1;
      continue;
    }
    std::string line = text.substr(pos, nl - pos);
    pos = nl + 1;
    if (trim(line).empty()) continue;
    std::string where = path + ":" + std::to_string(line_no);
    rapidjson::Document d;
    d.Parse(line.c_str(), line.size());
    if (d.HasParseError() || !d.IsObject()) {
      warn(where + ": not a JSON object" +
           (d.HasParseError() ? std::string(" (") + rapidjson::GetParseError_En(d.GetParseError()) + ")" : "") +
           "; line skipped");
      continue;
    }
    if (!d.HasMember("text") || !d["text"].IsString()) {
      warn(where + ": no \"text\" string; line skipped");
      continue;
    }
    InputDocument doc;
    if (d.HasMember("id") && d["id"].IsString()) doc.id = d["id"].GetString();
    else if (d.HasMember("id") && d["id"].IsInt64()) doc.id = std::to_string(d["id"].GetInt64());
    else doc.id = fs::path(path).filename().string() + ":" + std::to_string(line_no);
    doc.text.assign(d["text"].GetString(), d["text"].GetStringLength());
    if (d.HasMember("title") && d["title"].IsString()) doc.title = d["title"].GetString();
    if (d.HasMember("url") && d["url"].IsString()) doc.url = d["url"].GetString();
    if (d.HasMember("date") && d["date"].IsString()) {
      std::string ds = d["date"].GetString();
      doc.date = Date::parse(ds.substr(0, std::min<std::size_t>(ds.size(), 10)));
      if (!doc.date) doc.date = Date::parse(ds.substr(0, std::min<std::size_t>(ds.size(), 7)));
      if (!doc.date) warn(where + ": date '" + ds + "' is not YYYY-MM-DD; ignored");
    }
    if (clean_document(doc, warn, limits)) out.push_back(std::move(doc));
  }
}

void read_one(const std::string& path, const std::string& id, std::vector<InputDocument>& out,
              const std::function<void(const std::string&)>& warn, const InputLimits& limits) {
  const bool jsonl = lower_ext(path) == ".jsonl";
  if (!jsonl) {
    // Checked before reading, so a huge file is never loaded.
    std::error_code ec;
    auto size = fs::file_size(path, ec);
    if (!ec && size > limits.max_document_bytes) {
      warn("document '" + id + "' is " + std::to_string(size) + " bytes, over the document size limit (" +
           std::to_string(limits.max_document_bytes) + " bytes; raise it with --max-doc-bytes N); skipped");
      return;
    }
  }
  std::string text = read_file(path);
  if (jsonl) {
    read_jsonl(path, text, out, warn, limits);
    return;
  }
  InputDocument d;
  d.id = id;
  d.text = std::move(text);
  if (clean_document(d, warn, limits)) out.push_back(std::move(d));
}

}  // namespace

std::vector<InputDocument> read_inputs(const std::vector<std::string>& inputs,
                                       const std::function<void(const std::string&)>& warn) {
  return read_inputs(inputs, warn, InputLimits{});
}

std::vector<InputDocument> read_inputs(const std::vector<std::string>& inputs,
                                       const std::function<void(const std::string&)>& warn,
                                       const InputLimits& limits) {
  std::vector<InputDocument> out;
  for (const auto& in : inputs) {
    if (in == "-") {
      InputDocument d;
      d.id = "-";
      d.text = read_file("-");
      if (clean_document(d, warn, limits)) out.push_back(std::move(d));
      continue;
    }
    std::error_code ec;
    if (fs::is_directory(in, ec)) {
      std::vector<fs::path> files;
      for (auto it = fs::recursive_directory_iterator(in, fs::directory_options::skip_permission_denied, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file(ec)) continue;
        std::string e = lower_ext(it->path().string());
        if (e == ".txt" || e == ".md" || e == ".jsonl") files.push_back(it->path());
      }
      std::sort(files.begin(), files.end());
      if (files.empty()) warn("no documents in '" + in + "' (looked for .txt, .md and .jsonl files)");
      for (const auto& f : files) {
        try {
          read_one(f.string(), fs::relative(f, in).generic_string(), out, warn, limits);
        } catch (const IoError& e) {
          warn(e.message());
        }
      }
      continue;
    }
    if (!fs::exists(in, ec)) throw IoError("cannot open '" + in + "': no such file or directory");
    read_one(in, fs::path(in).filename().string(), out, warn, limits);
  }
  return out;
}

void extract_all(const Extractor& x, const std::vector<InputDocument>& docs, unsigned jobs, bool explain,
                 const std::function<void(std::size_t, std::vector<Triple>&, const std::string&)>& sink,
                 ExtractStats* stats) {
  if (jobs < 1) jobs = 1;
  const std::size_t n = docs.size();
  if (jobs == 1 || n < 2) {
    ExtractStats local;
    std::string ex;
    for (std::size_t i = 0; i < n; ++i) {
      ex.clear();
      auto triples = x.extract(docs[i], explain ? &ex : nullptr, &local);
      sink(i, triples, ex);
    }
    if (stats) stats->add(local);
    return;
  }
  // Workers take the next document from a shared counter (no barriers between
  // batches); the calling thread hands finished documents to `sink` strictly
  // in document order while the workers go on. Workers stay at most `window`
  // documents ahead of the sink so memory stays bounded.
  const std::size_t window = 4096;
  std::vector<std::vector<Triple>> results(n);
  std::vector<std::string> explains(explain ? n : 0);
  std::unique_ptr<std::atomic<bool>[]> done(new std::atomic<bool>[n]);
  for (std::size_t i = 0; i < n; ++i) done[i].store(false, std::memory_order_relaxed);
  std::atomic<std::size_t> next{0}, consumed{0};
  std::mutex mu;
  std::condition_variable ready, room;
  std::vector<ExtractStats> per_thread(jobs);
  auto work = [&](unsigned t) {
    for (;;) {
      std::size_t i = next.fetch_add(1, std::memory_order_relaxed);
      if (i >= n) break;
      if (i >= consumed.load(std::memory_order_acquire) + window) {
        std::unique_lock<std::mutex> lock(mu);
        room.wait(lock, [&] { return i < consumed.load(std::memory_order_acquire) + window; });
      }
      results[i] = x.extract(docs[i], explain ? &explains[i] : nullptr, &per_thread[t]);
      done[i].store(true, std::memory_order_release);
      std::lock_guard<std::mutex> lock(mu);
      ready.notify_one();
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < jobs; ++t) pool.emplace_back(work, t);
  static const std::string no_explain;
  for (std::size_t i = 0; i < n; ++i) {
    if (!done[i].load(std::memory_order_acquire)) {
      std::unique_lock<std::mutex> lock(mu);
      ready.wait(lock, [&] { return done[i].load(std::memory_order_acquire); });
    }
    sink(i, results[i], explain ? explains[i] : no_explain);
    std::vector<Triple>().swap(results[i]);  // free as we go
    if (explain) std::string().swap(explains[i]);
    consumed.store(i + 1, std::memory_order_release);
    if ((i & 63) == 0) {
      std::lock_guard<std::mutex> lock(mu);
      room.notify_all();
    }
  }
  {
    std::lock_guard<std::mutex> lock(mu);
    room.notify_all();
  }
  for (auto& th : pool) th.join();
  if (stats)
    for (const auto& s : per_thread) stats->add(s);
}

}  // namespace kg::ingest
