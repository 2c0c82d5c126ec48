// The binary graph file (.kgb, docs/graph-format.md): the same tables as the
// JSON .kg file, laid out as fixed-width little-endian columns and string
// tables (offsets + bytes), each section 8-byte aligned, so a reader can map
// the file and index it without parsing. kg reads it to build the graph:
// there is no text to scan and no number to convert, which is what makes
// opening a large graph fast. A CRC-32C of every byte before it ends the
// file and is checked before anything is read.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <exception>
#include <thread>
#include <limits>
#include <unordered_map>

#include "common/atomic_file.hpp"
#include "common/checksum.hpp"
#include "common/error.hpp"
#include "graph/graph_file.hpp"

namespace kg {

namespace {

static_assert(std::numeric_limits<double>::is_iec559, "the binary format stores IEEE 754 doubles");

// The high-bit first byte and CR LF / Ctrl-Z / LF catch transfers that mangle
// binary files (the PNG trick).
constexpr char kMagic[8] = {'\x89', 'K', 'G', 'B', '\r', '\n', '\x1a', '\n'};
constexpr std::uint32_t kBinaryVersion = 1;

// Section tags, in file order.
enum Section : int { kEntityTypes, kRelationTypes, kDocuments, kRules, kTexts, kKeys, kEntities, kRelations, kEvidence, kEnd };
constexpr const char* kSectionTag[] = {"ETYP", "RTYP", "DOCS", "RULE", "TEXT", "KEYS", "ENTS", "RELS", "EVID", "END "};
constexpr const char* kSectionName[] = {"entity types", "relation types", "documents", "rules", "texts",
                                        "attribute keys", "entities", "relations", "evidence", "end"};

// Value tags in attribute blobs.
enum ValueTag : std::uint8_t { kNull, kFalse, kTrue, kInt, kReal, kString, kDate, kMoney };

constexpr std::int32_t kNoDate = std::numeric_limits<std::int32_t>::min();
std::int32_t pack_date(const Date& d) { return d.year * 10000 + d.month * 100 + d.day; }

// --- writing ----------------------------------------------------------------

class Out {
 public:
  std::string buf;
  template <typename T>
  void put(T v) {
    static_assert(std::is_arithmetic<T>::value, "fixed-width numbers only");
    char b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));  // the format is little-endian, like every machine kg builds on
    buf.append(b, sizeof(T));
  }
  void bytes(std::string_view s) { buf.append(s.data(), s.size()); }
  void align() {
    while (buf.size() % 8) buf.push_back('\0');
  }
  // Starts a section; returns where its length goes.
  std::size_t begin(Section s) {
    align();
    bytes(std::string_view(kSectionTag[s], 4));
    put<std::uint32_t>(0);
    std::size_t at = buf.size();
    put<std::uint64_t>(0);
    return at;
  }
  void end(std::size_t length_at) {
    align();
    std::uint64_t len = buf.size() - (length_at + 8);
    std::memcpy(&buf[length_at], &len, 8);
  }
  // n+1 offsets into the bytes that follow, then the bytes.
  template <typename Range, typename Get>
  void strings(const Range& items, Get get) {
    std::uint64_t off = 0;
    put<std::uint64_t>(0);
    for (const auto& item : items) {
      off += get(item).size();
      put<std::uint64_t>(off);
    }
    for (const auto& item : items) bytes(get(item));
    align();
  }
};

class Encoder {
 public:
  explicit Encoder(const KnowledgeGraph& g) : g_(g), gr_(g.graph()) {}

  std::string encode() {
    // Attribute keys first: the blobs refer to them by index.
    for (Vertex v : boost::make_iterator_range(boost::vertices(gr_)))
      for (const auto& kv : gr_[v].attrs) key_id(kv.first);
    for (Edge e : g_.relations())
      for (const Evidence& ev : gr_[e].evidence)
        for (const auto& kv : ev.attrs) key_id(kv.first);

    out_.bytes(std::string_view(kMagic, 8));
    out_.put<std::uint32_t>(kBinaryVersion);
    out_.put<std::uint32_t>(0);  // flags, none yet
    const std::uint64_t counts[] = {g_.entity_types().size(), g_.relation_types().size(), g_.documents().size(),
                                    g_.rules().size(),        g_.texts().size(),          keys_.size(),
                                    g_.entity_count(),        g_.relation_count(),        g_.evidence_count()};
    for (std::uint64_t c : counts) out_.put<std::uint64_t>(c);

    auto id = [](const std::string& s) -> std::string_view { return s; };
    std::size_t at = out_.begin(kEntityTypes);
    out_.strings(g_.entity_types(), id);
    out_.end(at);

    at = out_.begin(kRelationTypes);
    out_.strings(g_.relation_types(), [](const RelationType& t) -> std::string_view { return t.name; });
    for (const auto& t : g_.relation_types()) out_.put<std::uint8_t>(t.symmetric ? 1 : 0);
    out_.end(at);

    at = out_.begin(kDocuments);
    out_.strings(g_.documents(), [](const Document& d) -> std::string_view { return d.id; });
    out_.strings(g_.documents(), [](const Document& d) -> std::string_view { return d.title; });
    out_.strings(g_.documents(), [](const Document& d) -> std::string_view { return d.url; });
    for (const auto& d : g_.documents()) out_.put<std::int32_t>(d.date ? pack_date(*d.date) : kNoDate);
    out_.end(at);

    at = out_.begin(kRules);
    out_.strings(g_.rules(), id);
    out_.end(at);
    at = out_.begin(kTexts);
    out_.strings(g_.texts(), id);
    out_.end(at);
    at = out_.begin(kKeys);
    out_.strings(keys_, id);
    out_.end(at);

    at = out_.begin(kEntities);
    auto vs = boost::make_iterator_range(boost::vertices(gr_));
    out_.strings(vs, [&](Vertex v) -> std::string_view { return gr_[v].name; });
    for (Vertex v : vs) out_.put<std::uint32_t>(gr_[v].type);
    std::vector<const std::string*> aliases;
    std::uint64_t n_alias = 0;
    out_.put<std::uint64_t>(0);
    for (Vertex v : vs) {
      for (const auto& a : gr_[v].aliases) aliases.push_back(&a);
      out_.put<std::uint64_t>(n_alias += gr_[v].aliases.size());
    }
    out_.strings(aliases, [](const std::string* s) -> std::string_view { return *s; });
    attr_blobs(vs, [&](Vertex v) -> const AttrMap& { return gr_[v].attrs; });
    out_.end(at);

    at = out_.begin(kRelations);
    for (Edge e : g_.relations()) out_.put<std::uint32_t>(static_cast<std::uint32_t>(boost::source(e, gr_)));
    for (Edge e : g_.relations()) out_.put<std::uint32_t>(gr_[e].type);
    for (Edge e : g_.relations()) out_.put<std::uint32_t>(static_cast<std::uint32_t>(boost::target(e, gr_)));
    std::uint64_t n_ev = 0;
    out_.put<std::uint64_t>(0);
    for (Edge e : g_.relations()) out_.put<std::uint64_t>(n_ev += gr_[e].evidence.size());
    out_.end(at);

    at = out_.begin(kEvidence);
    std::vector<const Evidence*> evs;
    evs.reserve(g_.evidence_count());
    for (Edge e : g_.relations())
      for (const Evidence& ev : gr_[e].evidence) evs.push_back(&ev);
    for (const Evidence* ev : evs) out_.put<std::uint32_t>(ev->doc);
    for (const Evidence* ev : evs) out_.put<std::int32_t>(ev->sentence);
    for (const Evidence* ev : evs) out_.put<std::int64_t>(ev->start);
    for (const Evidence* ev : evs) out_.put<std::int64_t>(ev->end);
    for (const Evidence* ev : evs) out_.put<std::uint32_t>(ev->text);
    for (const Evidence* ev : evs) out_.put<std::uint32_t>(ev->rule);
    attr_blobs(evs, [](const Evidence* ev) -> const AttrMap& { return ev->attrs; });
    out_.end(at);

    // The checksum covers every byte before the end section.
    out_.align();
    std::uint32_t sum = crc32c(out_.buf);
    out_.bytes(std::string_view(kSectionTag[kEnd], 4));
    out_.put<std::uint32_t>(sum);
    return std::move(out_.buf);
  }

 private:
  std::uint32_t key_id(const std::string& k) {
    auto [it, fresh] = key_index_.try_emplace(k, static_cast<std::uint32_t>(keys_.size()));
    if (fresh) keys_.push_back(k);
    return it->second;
  }

  // Offsets (n+1) into one blob of encoded attribute maps, then the blob.
  template <typename Range, typename Get>
  void attr_blobs(const Range& items, Get get) {
    Out blob;
    out_.put<std::uint64_t>(0);
    for (const auto& item : items) {
      for (const auto& [k, v] : get(item)) {
        blob.put<std::uint32_t>(key_id(k));
        value(blob, v);
      }
      out_.put<std::uint64_t>(blob.buf.size());
    }
    out_.bytes(blob.buf);
    out_.align();
  }

  static void value(Out& o, const Value& v) {
    struct V {
      Out& o;
      void operator()(const Null&) const { o.put<std::uint8_t>(kNull); }
      void operator()(bool b) const { o.put<std::uint8_t>(b ? kTrue : kFalse); }
      void operator()(std::int64_t i) const {
        o.put<std::uint8_t>(kInt);
        o.put<std::int64_t>(i);
      }
      void operator()(double d) const {
        o.put<std::uint8_t>(kReal);
        o.put<double>(d);
      }
      void operator()(const std::string& s) const {
        o.put<std::uint8_t>(kString);
        o.put<std::uint32_t>(static_cast<std::uint32_t>(s.size()));
        o.bytes(s);
      }
      void operator()(const Date& d) const {
        o.put<std::uint8_t>(kDate);
        o.put<std::int32_t>(pack_date(d));
      }
      void operator()(const Money& m) const {
        o.put<std::uint8_t>(kMoney);
        o.put<double>(m.value);
        o.put<std::uint32_t>(static_cast<std::uint32_t>(m.currency.size()));
        o.bytes(m.currency);
      }
    };
    std::visit(V{o}, v);
  }

  const KnowledgeGraph& g_;
  const Graph& gr_;
  Out out_;
  std::vector<std::string> keys_;
  std::unordered_map<std::string, std::uint32_t> key_index_;
};

// --- reading ----------------------------------------------------------------

// Joins a thread when the scope ends, also when an error unwinds it.
struct JoinOnExit {
  std::thread t;
  explicit JoinOnExit(std::thread th) : t(std::move(th)) {}
  ~JoinOnExit() {
    if (t.joinable()) t.join();
  }
};

class Decoder {
 public:
  Decoder(const char* data, std::size_t size, std::string file) : p_(data), size_(size), file_(std::move(file)) {}

  KnowledgeGraph decode() {
    if (size_ < 8 || std::memcmp(p_, kMagic, 8) != 0) fail(0, "not a binary kg graph file (the first 8 bytes are not its signature)");
    if (size_ < 16 + 9 * 8 + 8) fail(size_, "the file ends early: is it truncated?");
    verify_checksum();
    pos_ = 8;
    std::uint32_t version = get<std::uint32_t>();
    if (version != kBinaryVersion)
      fail(8, "binary graph file version " + std::to_string(version) + " is not supported by this kg (it reads version " +
                  std::to_string(kBinaryVersion) + ")");
    get<std::uint32_t>();  // flags: none defined; a newer kg that sets one bumps the version
    for (auto& c : counts_) c = get<std::uint64_t>();
    // Every counted thing takes at least one byte, so a count beyond the
    // file size is damage (and must not reach a reserve()).
    for (auto c : counts_)
      if (c > size_) fail(16, "a table count (" + std::to_string(c) + ") is larger than the file");
    if (counts_[6] > std::numeric_limits<std::uint32_t>::max() || counts_[7] > std::numeric_limits<std::uint32_t>::max())
      fail(16, "more entities or relations than kg can hold (2^32)");

    section(kEntityTypes);
    {
      auto names = strings(counts_[0], "entity type");
      for (auto n : names) {
        if (n.empty()) fail(pos_, "an entity type name is empty");
        type_map_.push_back(g_.add_entity_type(n));
      }
    }
    end_section();

    section(kRelationTypes);
    {
      auto names = strings(counts_[1], "relation type");
      const char* sym = take(counts_[1], "symmetric flags");
      for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i].empty()) fail(pos_, "a relation type name is empty");
        if (g_.find_relation_type(names[i])) fail(pos_, "relation type '" + std::string(names[i]) + "' is listed twice");
        g_.add_relation_type(names[i], sym[i] != 0);
      }
    }
    end_section();

    section(kDocuments);
    {
      const std::size_t n = counts_[2];
      auto ids = strings(n, "document id");
      auto titles = strings(n, "document title");
      auto urls = strings(n, "document url");
      const char* dates = take(n * 4, "document dates");
      for (std::size_t i = 0; i < n; ++i) {
        Document d;
        d.id = std::string(ids[i]);
        if (d.id.empty()) fail(pos_, "document " + std::to_string(i) + " has an empty id");
        d.title = std::string(titles[i]);
        d.url = std::string(urls[i]);
        std::int32_t packed = load<std::int32_t>(dates + 4 * i);
        if (packed != kNoDate) d.date = date(packed, "document " + std::to_string(i), at(dates + 4 * i), kDocuments);
        if (g_.find_document(d.id)) fail(pos_, "document '" + d.id + "' is listed twice");
        g_.add_document(d);
      }
    }
    end_section();

    section(kRules);
    for (auto s : strings(counts_[3], "rule")) g_.append_rule(std::string(s));
    end_section();
    section(kTexts);
    auto text_views = strings(counts_[4], "text");  // copied by the evidence worker below
    end_section();
    section(kKeys);
    for (auto s : strings(counts_[5], "attribute key")) keys_.emplace_back(s);
    end_section();

    section(kEntities);
    {
      const std::size_t n = counts_[6];
      auto names = strings(n, "entity name");
      const char* types = take(n * 4, "entity types");
      auto alias_off = offsets(n, "alias offsets");
      auto aliases = strings(alias_off.back(), "alias");
      auto attrs = blobs(n, "entity attributes");
      g_.reserve(n, n + alias_off.back(), counts_[7]);
      for (std::size_t i = 0; i < n; ++i) {
        std::uint32_t t = load<std::uint32_t>(types + 4 * i);
        if (t >= type_map_.size()) fail(pos_, "entity " + std::to_string(i) + " has an unknown type (" + std::to_string(t) + ")");
        if (names[i].empty()) fail(pos_, "entity " + std::to_string(i) + " has an empty name");
        // add_entity finds an entity already known by this name instead of adding one.
        Vertex v = g_.add_entity(names[i], g_.entity_types()[type_map_[t]]);
        if (v != i) fail(pos_, "entity '" + std::string(names[i]) + "' is listed twice (or is another entity's alias)");
        if (g_.entity(v).name.empty()) fail(pos_, "entity " + std::to_string(i) + " has no name once blanks are trimmed");
        for (std::uint64_t k = alias_off[i]; k < alias_off[i + 1]; ++k)
          if (!g_.add_alias(v, aliases[k])) fail(pos_, "alias '" + std::string(aliases[k]) + "' already names another entity");
        if (attrs[i].size()) {
          AttrMap m = attr_map(attrs[i], "entity " + std::to_string(i), kEntities);
          for (auto& [k, val] : m) g_.set_entity_attr(v, k, std::move(val));
        }
      }
    }
    end_section();

    section(kRelations);
    const std::size_t m = counts_[7];
    const char* subjects = take(m * 4, "relation subjects");
    const char* rtypes = take(m * 4, "relation types");
    const char* objects = take(m * 4, "relation objects");
    auto ev_off = offsets(m, "evidence offsets");
    if (ev_off.back() != counts_[8]) fail(pos_, "the relations refer to " + std::to_string(ev_off.back()) +
                                                    " pieces of evidence but the file holds " + std::to_string(counts_[8]));
    end_section();

    section(kEvidence);
    const std::size_t k = counts_[8];
    const char* docs = take(k * 4, "evidence documents");
    const char* sentences = take(k * 4, "evidence sentences");
    const char* starts = take(k * 8, "evidence starts");
    const char* ends = take(k * 8, "evidence ends");
    const char* texts = take(k * 4, "evidence texts");
    const char* rules = take(k * 4, "evidence rules");
    auto ev_attrs = blobs(k, "evidence attributes");
    end_section();

    // Relations: check every index, count degrees (to reserve the incidence
    // vectors), and take the columns out of the file's bytes.
    const std::size_t n_entities = g_.entity_count(), n_types = g_.relation_types().size();
    std::vector<std::uint32_t> subject_col(m), type_col(m), object_col(m);
    if (m > 0) {  // an empty vector's data() may be null, which memcpy must not get
      std::memcpy(subject_col.data(), subjects, m * 4);
      std::memcpy(type_col.data(), rtypes, m * 4);
      std::memcpy(object_col.data(), objects, m * 4);
    }
    section_ = kRelations;
    {
      std::vector<std::uint32_t> out_degree(n_entities), in_degree(n_entities);
      for (std::size_t r = 0; r < m; ++r) {
        if (subject_col[r] >= n_entities) fail(at(subjects + 4 * r), "relation " + std::to_string(r) + " refers to an entity that does not exist");
        if (object_col[r] >= n_entities) fail(at(objects + 4 * r), "relation " + std::to_string(r) + " refers to an entity that does not exist");
        if (type_col[r] >= n_types)
          fail(at(rtypes + 4 * r), "relation " + std::to_string(r) + " has an unknown type (" + std::to_string(type_col[r]) + ")");
        ++out_degree[subject_col[r]];
        ++in_degree[object_col[r]];
      }
      for (std::size_t v = 0; v < n_entities; ++v) g_.reserve_degree(v, out_degree[v], in_degree[v]);
    }

    // The sentence texts and the evidence records (attribute maps: many small
    // allocations) are built on a second thread while this one builds the
    // adjacency lists; neither touches what the other writes.
    std::vector<std::string> text_strings;
    std::vector<Evidence> evidence(k);
    std::exception_ptr worker_error;
    const std::size_t n_docs = g_.documents().size(), n_texts = text_views.size(), n_rules = g_.rules().size();
    auto decode_evidence = [&] {
      try {
        text_strings.reserve(n_texts);
        for (auto t : text_views) text_strings.emplace_back(t);
        for (std::size_t x = 0; x < k; ++x) {
          Evidence& ev = evidence[x];
          ev.doc = load<std::uint32_t>(docs + 4 * x);
          ev.sentence = load<std::int32_t>(sentences + 4 * x);
          ev.start = load<std::int64_t>(starts + 8 * x);
          ev.end = load<std::int64_t>(ends + 8 * x);
          ev.text = load<std::uint32_t>(texts + 4 * x);
          ev.rule = load<std::uint32_t>(rules + 4 * x);
          if (ev.doc >= n_docs || ev.text >= n_texts || ev.rule >= n_rules || ev.sentence < -1 || ev.start < -1 || ev.end < -1)
            fail_in(kEvidence, at(docs + 4 * x), "evidence " + std::to_string(x) +
                                                     " refers to a document, text or rule that does not exist, or has a negative position");
          if (ev_attrs[x].size()) ev.attrs = attr_map(ev_attrs[x], "evidence " + std::to_string(x), kEvidence);
        }
      } catch (...) {
        worker_error = std::current_exception();
      }
    };
    {
      JoinOnExit worker{std::thread(decode_evidence)};
      g_.append_relations(subject_col.data(), type_col.data(), object_col.data(), m);
      if (auto dup = g_.find_duplicate_relation())
        fail(at(subjects + 4 * *dup), "relation " + std::to_string(*dup) + " repeats an earlier one with the same subject, type and object");
    }
    if (worker_error) std::rethrow_exception(worker_error);
    for (auto& t : text_strings) g_.append_text(std::move(t));
    const auto& edges = g_.relations();
    for (std::size_t r = 0; r < m; ++r) {
      g_.reserve_evidence(edges[r], ev_off[r + 1] - ev_off[r]);
      for (std::uint64_t x = ev_off[r]; x < ev_off[r + 1]; ++x) g_.append_evidence(edges[r], std::move(evidence[x]));
    }
    return std::move(g_);
  }

 private:
  [[noreturn]] void fail(std::size_t offset, const std::string& msg) const { fail_in(section_, offset, msg); }
  // For the evidence worker, which must not read section_ (this thread writes it).
  [[noreturn]] void fail_in(int section, std::size_t offset, const std::string& msg) const {
    SourcePos pos = SourcePos::of_file(file_);
    pos.offset = offset;
    std::string where = section >= 0 ? " (in the " + std::string(kSectionName[section]) + " section, byte " : " (byte ";
    throw DataError("not a valid binary graph file: " + msg + where + std::to_string(offset) + ")", pos);
  }

  std::size_t at(const char* p) const { return static_cast<std::size_t>(p - p_); }
  template <typename T>
  static T load(const char* at) {
    T v;
    std::memcpy(&v, at, sizeof(T));
    return v;
  }
  const char* take(std::uint64_t n, const char* what) {
    if (n > limit_ - pos_) fail(pos_, std::string("the ") + what + " run past the end of the section (is the file truncated?)");
    const char* at = p_ + pos_;
    pos_ += n;
    return at;
  }
  template <typename T>
  T get() {
    return load<T>(take(sizeof(T), "header"));
  }
  void align() { pos_ = std::min(limit_, (pos_ + 7) / 8 * 8); }

  void verify_checksum() {
    // The end section is the tag and the CRC of every byte before it.
    std::size_t end_at = size_ - 8;
    if (std::memcmp(p_ + end_at, kSectionTag[kEnd], 4) != 0)
      fail(end_at, "the file does not end with its end section: it is truncated or damaged");
    std::uint32_t want = load<std::uint32_t>(p_ + end_at + 4);
    std::uint32_t got = crc32c(std::string_view(p_, end_at));
    if (want != got) {
      char msg[160];
      std::snprintf(msg, sizeof msg, "checksum mismatch: the file is damaged (computed crc32c:%08x, the file says %08x)", got, want);
      fail(end_at + 4, msg);
    }
    limit_ = end_at;
  }

  void section(Section s) {
    align();
    section_ = -1;
    limit_ = size_ - 8;
    const std::size_t at = pos_;
    const char* tag = take(4, "section header");
    get<std::uint32_t>();
    std::uint64_t len = get<std::uint64_t>();
    if (std::memcmp(tag, kSectionTag[s], 4) != 0)
      fail(at, std::string("expected the ") + kSectionName[s] + " section (tag '" + kSectionTag[s] + "') here");
    if (len > limit_ - pos_) fail(at, std::string("the ") + kSectionName[s] + " section runs past the end of the file");
    section_ = s;
    limit_ = pos_ + len;
  }
  void end_section() {
    align();
    if (pos_ != limit_) fail(pos_, "the section holds more bytes than its tables");
  }

  // n+1 non-decreasing offsets starting at 0.
  std::vector<std::uint64_t> offsets(std::uint64_t n, const char* what) {
    const char* raw = take((n + 1) * 8, what);
    std::vector<std::uint64_t> out(n + 1);
    std::memcpy(out.data(), raw, (n + 1) * 8);
    if (out[0] != 0) fail(pos_, std::string("the ") + what + " do not start at 0");
    for (std::size_t i = 1; i <= n; ++i)
      if (out[i] < out[i - 1]) fail(pos_, std::string("the ") + what + " go backwards at " + std::to_string(i));
    return out;
  }
  std::vector<std::string_view> strings(std::uint64_t n, const char* what) {
    if (n > limit_ - pos_) fail(pos_, std::string("too many ") + what + "s for the section");
    auto off = offsets(n, (std::string(what) + " offsets").c_str());
    const char* bytes = take(off.back(), (std::string(what) + " bytes").c_str());
    std::vector<std::string_view> out(n);
    for (std::size_t i = 0; i < n; ++i) out[i] = std::string_view(bytes + off[i], off[i + 1] - off[i]);
    align();
    return out;
  }
  std::vector<std::string_view> blobs(std::uint64_t n, const char* what) {
    auto off = offsets(n, (std::string(what) + " offsets").c_str());
    const char* bytes = take(off.back(), what);
    std::vector<std::string_view> out(n);
    for (std::size_t i = 0; i < n; ++i) out[i] = std::string_view(bytes + off[i], off[i + 1] - off[i]);
    align();
    return out;
  }

  Date date(std::int32_t packed, const std::string& owner, std::size_t where, int section) const {
    // Exactly the dates Date::parse accepts, so both formats hold the same values.
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    Date d{packed / 10000, packed / 100 % 100, packed % 100};
    bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
    if (packed < 0 || d.year > 9999 || d.month > 12 || (d.month == 0 && d.day != 0) ||
        (d.month > 0 && d.day > days[d.month - 1]) || (d.month == 2 && d.day == 29 && !leap))
      fail_in(section, where, owner + " has an impossible date (" + std::to_string(packed) + ")");
    return d;
  }

  AttrMap attr_map(std::string_view blob, const std::string& owner, int section) const {
    const std::size_t where = at(blob.data());  // errors point at the map
    AttrMap out;
    std::size_t i = 0;
    auto need = [&](std::size_t n) {
      if (n > blob.size() - i) fail_in(section, where, "the attributes of " + owner + " are cut short");
    };
    auto u32 = [&] {
      need(4);
      auto v = load<std::uint32_t>(blob.data() + i);
      i += 4;
      return v;
    };
    auto str = [&] {
      std::uint32_t n = u32();
      need(n);
      std::string s(blob.data() + i, n);
      i += n;
      return s;
    };
    while (i < blob.size()) {
      std::uint32_t key = u32();
      if (key >= keys_.size()) fail_in(section, where, "the attributes of " + owner + " use an unknown key (" + std::to_string(key) + ")");
      need(1);
      auto tag = static_cast<std::uint8_t>(blob[i++]);
      Value v;
      switch (tag) {
        case kNull: v = Null{}; break;
        case kFalse: v = false; break;
        case kTrue: v = true; break;
        case kInt: need(8); v = load<std::int64_t>(blob.data() + i); i += 8; break;
        case kReal: need(8); v = load<double>(blob.data() + i); i += 8; break;
        case kString: v = str(); break;
        case kDate: need(4); v = date(load<std::int32_t>(blob.data() + i), owner, where, section); i += 4; break;
        case kMoney: {
          need(8);
          double amount = load<double>(blob.data() + i);
          i += 8;
          v = Money{amount, str()};
          break;
        }
        default: fail_in(section, where, "the attributes of " + owner + " hold an unknown value tag (" + std::to_string(tag) + ")");
      }
      if (!out.emplace(keys_[key], std::move(v)).second)
        fail_in(section, where, "the attributes of " + owner + " name '" + keys_[key] + "' twice");
    }
    return out;
  }

  const char* p_;
  std::size_t size_;
  std::string file_;
  std::size_t pos_ = 0;
  std::size_t limit_ = 0;
  int section_ = -1;
  std::uint64_t counts_[9] = {};
  std::vector<std::uint32_t> type_map_;
  std::vector<std::string> keys_;
  KnowledgeGraph g_;
};

// A read-only mapping of a whole file, unmapped when it goes.
class MappedFile {
 public:
  explicit MappedFile(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) throw IoError("cannot open '" + path + "': " + std::strerror(errno), SourcePos::of_file(path));
    struct stat st;
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      ::close(fd);
      throw IoError("cannot map '" + path + "': not a regular file", SourcePos::of_file(path));
    }
    size_ = static_cast<std::size_t>(st.st_size);
    if (size_ > 0) {
      void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
      if (p == MAP_FAILED) {
        int err = errno;
        ::close(fd);
        throw IoError("cannot map '" + path + "': " + std::strerror(err), SourcePos::of_file(path));
      }
      data_ = static_cast<const char*>(p);
    }
    ::close(fd);
  }
  ~MappedFile() {
    if (data_) ::munmap(const_cast<char*>(data_), size_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  const char* data() const { return data_ ? data_ : ""; }
  std::size_t size() const { return size_; }

 private:
  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

std::string serialize_graph_binary(const KnowledgeGraph& g) { return Encoder(g).encode(); }

KnowledgeGraph parse_graph_binary(std::string_view data, const std::string& file_name) {
  return Decoder(data.data(), data.size(), file_name).decode();
}

bool is_binary_graph(std::string_view head) { return head.size() >= 8 && std::memcmp(head.data(), kMagic, 8) == 0; }

GraphFormat graph_format_for(const std::string& path) {
  return ends_with(path, ".kgb") ? GraphFormat::binary : GraphFormat::json;
}

void save_graph(const KnowledgeGraph& g, const std::string& path, GraphFormat format) {
  write_file_atomic(path, format == GraphFormat::binary ? serialize_graph_binary(g) : serialize_graph(g));
}

void save_graph(const KnowledgeGraph& g, const std::string& path) { save_graph(g, path, graph_format_for(path)); }

KnowledgeGraph load_graph(const std::string& path) {
  if (path == "-") {
    std::string text = read_file(path);
    if (is_binary_graph(text)) return parse_graph_binary(text, "<stdin>");
    return parse_graph(text, "<stdin>");
  }
  {
    // Sniff the first bytes: the format is the file's, whatever its name.
    char head[8] = {};
    int fd = ::open(path.c_str(), O_RDONLY);
    if (fd >= 0) {
      ssize_t n = ::read(fd, head, sizeof head);
      ::close(fd);
      if (n == 8 && is_binary_graph(std::string_view(head, 8))) {
        MappedFile file(path);
        return parse_graph_binary(std::string_view(file.data(), file.size()), path);
      }
    }
  }
  return parse_graph(read_file(path), path);
}

}  // namespace kg
