// kg_bench_gen: deterministic synthetic news data for the benchmarks.
//
//   kg_bench_gen graph  --entities N --relations M --out DIR [--seed S]
//   kg_bench_gen corpus --mb SIZE --out FILE.jsonl [--entities N] [--seed S]
//
// `graph` writes DIR/triples.jsonl (for `kg ingest --triples`), the same data
// as DIR/nodes.csv and DIR/edges.csv (for Kuzu, networkx and SQLite) and
// DIR/meta.json (counts plus the entities the benchmark questions start from).
// `corpus` writes news-like documents {id, date, text} built from sentence
// templates in our own words, and FILE.meta.json with bytes and token counts.
//
// Everything comes from one splitmix64 stream, never from <random>'s
// distributions (their output differs between standard libraries), so the
// same arguments give byte-identical files on every machine.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_set>
#include <vector>

namespace {

struct Rng {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  // Power-law pick in [0, n): index i is chosen with probability falling
  // roughly like i^(1/skew - 1), so the first few indices become hubs.
  std::size_t skewed(std::size_t n, double skew) {
    std::size_t i = static_cast<std::size_t>(static_cast<double>(n) * std::pow(uniform(), skew));
    return i < n ? i : n - 1;
  }
};

const char* const kSyllables[] = {"ka", "lo", "ve", "ri", "no", "sa", "te", "mi", "du", "ra", "zen", "tor",
                                  "vi", "qua", "bel", "mar", "ion", "syn", "tek", "lux", "ar", "os", "el", "fin"};
constexpr std::size_t kSyllableCount = sizeof(kSyllables) / sizeof(kSyllables[0]);

// A pronounceable word that is unique per index (bijective base-24 digits,
// at least three syllables so short indices do not look alike).
std::string core_name(std::size_t index) {
  std::string w;
  std::size_t x = index + kSyllableCount * kSyllableCount;  // >= 3 syllables
  while (true) {
    w += kSyllables[x % kSyllableCount];
    x /= kSyllableCount;
    if (x == 0) break;
  }
  w[0] = static_cast<char>(w[0] - 'a' + 'A');
  return w;
}

const char* const kOrgSuffix[] = {"Labs", "Systems", "AI", "Capital", "Ventures", "Networks", "Robotics",
                                  "Health", "Energy", "Cloud", "Group", "Technologies", "Bank", "Motors"};
const char* const kFirstNames[] = {"Anna", "Omar", "Lena", "Raj", "Sofia", "Marc", "Ines", "Tomas", "Yuki", "Priya",
                                   "Jonas", "Clara", "Diego", "Amara", "Felix", "Nora", "Hugo", "Mei", "Karim", "Elsa"};
const char* const kRegulatorSuffix[] = {"Competition Authority", "Markets Commission", "Trade Commission",
                                        "Data Protection Board", "Financial Regulator"};
const char* const kPlaceSuffix[] = {"City", "Bay", "Valley", "Harbour", "Springs"};
const char* const kProductSuffix[] = {"Cloud", "Studio", "Pay", "Chat", "Drive", "Vision", "Assist"};

template <std::size_t N>
const char* pick(const char* const (&list)[N], std::size_t i) { return list[i % N]; }

enum EntityType { Organization, Person, Regulator, Place, Product, Model, Other, kTypeCount };
const char* const kTypeNames[] = {"Organization", "Person", "Regulator", "Place", "Product", "Model", "Other"};
// Share of entities per type, in per mille.
const int kTypeShare[] = {420, 280, 20, 50, 130, 80, 20};

struct Entity {
  std::string name;
  EntityType type;
};

struct RelationSpec {
  const char* name;
  int share;  // per mille of relations
  EntityType subject;
  EntityType object;
  bool symmetric;
  bool amount;
};
// The 12 kg relation types with type signatures a news graph would have.
const RelationSpec kRelations[] = {
    {"invests-in", 200, Organization, Organization, false, true},
    {"investigates", 50, Regulator, Organization, false, false},
    {"founded-by", 100, Organization, Person, false, false},
    {"partners-with", 100, Organization, Organization, true, false},
    {"competes-with", 80, Organization, Organization, true, false},
    {"acquires", 50, Organization, Organization, false, true},
    {"valued-at", 30, Organization, Other, false, true},
    {"ceo-of", 70, Person, Organization, false, false},
    {"president-of", 30, Person, Organization, false, false},
    {"launches", 130, Organization, Product, false, false},
    {"hosted-on", 40, Model, Product, false, false},
    {"headquartered-in", 120, Organization, Place, false, false},
};
constexpr std::size_t kRelationCount = sizeof(kRelations) / sizeof(kRelations[0]);

std::string entity_name(std::size_t index, EntityType type, Rng& rng) {
  std::string core = core_name(index);
  switch (type) {
    case Organization: return core + " " + pick(kOrgSuffix, rng.next());
    case Person: return std::string(pick(kFirstNames, rng.next())) + " " + core;
    case Regulator: return core + " " + pick(kRegulatorSuffix, rng.next());
    case Place: return core + " " + pick(kPlaceSuffix, rng.next());
    case Product: return core + " " + pick(kProductSuffix, rng.next());
    case Model: return core + "-" + std::to_string(1 + rng.below(70)) + "B";
    default: return core + " valuation";
  }
}

std::vector<Entity> make_entities(std::size_t n, Rng& rng, std::vector<std::vector<std::size_t>>& by_type) {
  std::vector<Entity> out;
  out.reserve(n);
  by_type.assign(kTypeCount, {});
  // Types are laid out in blocks so every pool is guaranteed non-empty.
  std::size_t assigned = 0;
  for (int t = 0; t < kTypeCount; ++t) {
    std::size_t count = (t == kTypeCount - 1) ? n - assigned : std::max<std::size_t>(1, n * kTypeShare[t] / 1000);
    for (std::size_t i = 0; i < count && out.size() < n; ++i) {
      by_type[t].push_back(out.size());
      out.push_back({entity_name(out.size(), static_cast<EntityType>(t), rng), static_cast<EntityType>(t)});
    }
    assigned += count;
  }
  return out;
}

// JSON string escaping for the few characters names and texts can contain.
void json_string(std::string& out, const std::string& s) {
  out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  out += '"';
}

void csv_field(std::string& out, const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) {
    out += s;
    return;
  }
  out += '"';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::string iso_date(int y, int m, int d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

// A day between 2015-01-01 and 2025-12-28 (days 1..28 keep every month valid).
std::string random_date(Rng& rng) {
  return iso_date(2015 + static_cast<int>(rng.below(11)), 1 + static_cast<int>(rng.below(12)),
                  1 + static_cast<int>(rng.below(28)));
}

// Log-uniform between 1 million and 10 billion, two significant digits.
double random_amount(Rng& rng) {
  double v = std::pow(10.0, 6.0 + 4.0 * rng.uniform());
  double scale = std::pow(10.0, std::floor(std::log10(v)) - 1);
  return std::round(v / scale) * scale;
}

std::string money_words(double v) {
  char buf[64];
  if (v >= 1e9) std::snprintf(buf, sizeof buf, "$%.3g billion", v / 1e9);
  else std::snprintf(buf, sizeof buf, "$%.3g million", v / 1e6);
  return buf;
}

std::string sentence_for(const RelationSpec& r, const std::string& s, const std::string& o, const std::string& date,
                         double amount) {
  std::string n(r.name);
  if (n == "invests-in") return s + " invested " + money_words(amount) + " in " + o + " on " + date + ".";
  if (n == "investigates") return s + " opened an inquiry into " + o + " on " + date + ".";
  if (n == "founded-by") return s + " was founded by " + o + ".";
  if (n == "partners-with") return s + " announced a partnership with " + o + ".";
  if (n == "competes-with") return s + " competes with " + o + ".";
  if (n == "acquires") return s + " agreed to buy " + o + " for " + money_words(amount) + ".";
  if (n == "valued-at") return s + " was valued at " + money_words(amount) + ".";
  if (n == "ceo-of") return o + " chief executive " + s + " spoke on " + date + ".";
  if (n == "president-of") return s + " is president of " + o + ".";
  if (n == "launches") return s + " launched " + o + " on " + date + ".";
  if (n == "hosted-on") return s + " is available on " + o + ".";
  return s + " is based in " + o + ".";
}

struct Out {
  std::FILE* f;
  std::string buf;
  explicit Out(const std::string& path) : f(std::fopen(path.c_str(), "wb")) {
    if (!f) {
      std::perror(path.c_str());
      std::exit(3);
    }
  }
  void flush_if_big() {
    if (buf.size() > (1u << 20)) flush();
  }
  void flush() {
    if (!buf.empty() && std::fwrite(buf.data(), 1, buf.size(), f) != buf.size()) {
      std::perror("write");
      std::exit(3);
    }
    buf.clear();
  }
  ~Out() {
    flush();
    std::fclose(f);
  }
};

int gen_graph(std::size_t n_entities, std::size_t n_relations, const std::string& dir, std::uint64_t seed) {
  Rng rng{seed};
  std::vector<std::vector<std::size_t>> by_type;
  std::vector<Entity> ents = make_entities(n_entities, rng, by_type);
  // Cumulative relation-type shares.
  int cumulative[kRelationCount];
  int total = 0;
  for (std::size_t i = 0; i < kRelationCount; ++i) cumulative[i] = (total += kRelations[i].share);

  Out triples(dir + "/triples.jsonl");
  Out edges(dir + "/edges.csv");
  edges.buf += "subject,object,type,date,amount,currency,doc,sentence\n";
  std::unordered_set<std::uint64_t> seen;  // (subject, type, object), symmetric pairs ordered
  seen.reserve(n_relations * 2);
  std::vector<std::size_t> per_type(kRelationCount, 0);
  std::vector<std::size_t> degree(ents.size(), 0);
  std::size_t made = 0, attempts = 0, sentences_in_doc = 0, doc = 0;
  std::int64_t sentence_no = 0;
  const double skew = 2.2;  // higher = heavier hubs
  while (made < n_relations) {
    if (++attempts > n_relations * 50) {
      std::fprintf(stderr, "kg_bench_gen: cannot place %zu distinct relations on %zu entities\n", n_relations,
                   n_entities);
      return 1;
    }
    int roll = static_cast<int>(rng.below(static_cast<std::size_t>(total)));
    std::size_t ti = 0;
    while (roll >= cumulative[ti]) ++ti;
    const RelationSpec& r = kRelations[ti];
    const auto& sp = by_type[r.subject];
    const auto& op = by_type[r.object];
    std::size_t s = sp[rng.skewed(sp.size(), skew)];
    std::size_t o = op[rng.skewed(op.size(), skew)];
    if (s == o) continue;
    std::size_t a = s, b = o;
    if (r.symmetric && a > b) std::swap(a, b);
    // Exact for fewer than 2^26 entities and 16 relation types.
    std::uint64_t key = ((static_cast<std::uint64_t>(a) * 16 + ti) << 26) + b;
    if (!seen.insert(key).second) continue;
    ++made;
    ++per_type[ti];
    ++degree[s];
    ++degree[o];
    if (sentences_in_doc == 0) {  // a new article every 3 to 10 facts
      ++doc;
      sentences_in_doc = 3 + rng.below(8);
      sentence_no = 0;
    }
    std::int64_t sentence = sentence_no++;
    --sentences_in_doc;
    std::string date = random_date(rng);
    double amount = r.amount ? random_amount(rng) : 0;
    std::string doc_id = "doc-" + std::to_string(doc);
    std::string text = sentence_for(r, ents[s].name, ents[o].name, date, amount);
    char amount_buf[32] = "";
    if (r.amount) std::snprintf(amount_buf, sizeof amount_buf, "%.0f", amount);

    std::string& t = triples.buf;
    t += "{\"subject\":";
    json_string(t, ents[s].name);
    t += ",\"subject_type\":\"";
    t += kTypeNames[ents[s].type];
    t += "\",\"relation\":\"";
    t += r.name;
    t += "\",\"object\":";
    json_string(t, ents[o].name);
    t += ",\"object_type\":\"";
    t += kTypeNames[ents[o].type];
    t += "\",\"attrs\":{\"date\":\"" + date + "\"";
    if (r.amount) t += std::string(",\"amount_value\":") + amount_buf + ",\"currency\":\"USD\"";
    t += "},\"source\":{\"doc\":\"" + doc_id + "\",\"sentence\":" + std::to_string(sentence) + ",\"text\":";
    json_string(t, text);
    t += "},\"rule\":\"bench-gen\"}\n";
    triples.flush_if_big();

    std::string& e = edges.buf;
    csv_field(e, ents[s].name);
    e += ',';
    csv_field(e, ents[o].name);
    e += ',';
    e += r.name;
    e += ',' + date + ',';
    e += amount_buf;
    e += r.amount ? ",USD," : ",,";
    e += doc_id + ',' + std::to_string(sentence) + '\n';
    edges.flush_if_big();
  }

  // Only entities that take part in a relation: kg creates entities from
  // triples, so the peers load exactly the same set.
  std::size_t used_entities = 0;
  {
    Out nodes(dir + "/nodes.csv");
    nodes.buf += "name,type\n";
    for (std::size_t i = 0; i < ents.size(); ++i) {
      if (degree[i] == 0) continue;
      ++used_entities;
      csv_field(nodes.buf, ents[i].name);
      nodes.buf += ',';
      nodes.buf += kTypeNames[ents[i].type];
      nodes.buf += '\n';
      nodes.flush_if_big();
    }
  }

  // Question anchors: the biggest hub, a mid-degree company for the 1- and
  // 2-hop questions, and two low-degree entities of different types for the
  // shortest path.
  std::size_t hub = 0, mid = 0, far_a = 0, far_b = 0;
  for (std::size_t i = 0; i < ents.size(); ++i)
    if (degree[i] > degree[hub]) hub = i;
  std::vector<std::size_t> orgs;
  for (std::size_t i : by_type[Organization])
    if (degree[i] >= 20 && degree[i] <= 200) orgs.push_back(i);
  if (orgs.empty()) orgs = by_type[Organization];
  std::sort(orgs.begin(), orgs.end(), [&](std::size_t x, std::size_t y) { return degree[x] > degree[y] || (degree[x] == degree[y] && x < y); });
  mid = orgs[orgs.size() / 2];
  auto low_degree = [&](const std::vector<std::size_t>& pool, std::size_t from) {
    for (std::size_t i = from; i < pool.size(); ++i)
      if (degree[pool[i]] >= 2 && degree[pool[i]] <= 4) return pool[i];
    return pool[pool.size() - 1];
  };
  far_a = low_degree(by_type[Person], by_type[Person].size() / 2);
  far_b = low_degree(by_type[Product], by_type[Product].size() / 3);

  Out meta(dir + "/meta.json");
  std::string& m = meta.buf;
  m += "{\"entities\":" + std::to_string(used_entities) + ",\"relations\":" + std::to_string(made) +
       ",\"seed\":" + std::to_string(seed) + ",\n\"hub\":";
  json_string(m, ents[hub].name);
  m += ",\"hub_degree\":" + std::to_string(degree[hub]) + ",\n\"named\":";
  json_string(m, ents[mid].name);
  m += ",\"named_degree\":" + std::to_string(degree[mid]) + ",\n\"path_from\":";
  json_string(m, ents[far_a].name);
  m += ",\"path_to\":";
  json_string(m, ents[far_b].name);
  m += ",\n\"filter\":{\"date_from\":\"2020-01-01\",\"min_amount\":100000000,\"currency\":\"USD\"},\n\"per_type\":{";
  for (std::size_t i = 0; i < kRelationCount; ++i) {
    if (i) m += ',';
    m += "\"" + std::string(kRelations[i].name) + "\":" + std::to_string(per_type[i]);
  }
  m += "},\n\"symmetric\":[\"partners-with\",\"competes-with\"]}\n";
  return 0;
}

// ---------------------------------------------------------------- corpus --

const char* const kHedges[] = {"", "", "", "reportedly ", "is said to have ", "according to two people, "};
const char* const kWhen[] = {"on Monday", "on Tuesday", "last week", "earlier this year", "in a filing",
                             "late on Thursday", "this spring"};

std::string corpus_sentence(Rng& rng, const std::vector<Entity>& ents, const std::vector<std::vector<std::size_t>>& by_type) {
  auto any = [&](EntityType t) -> const std::string& {
    const auto& pool = by_type[t];
    return ents[pool[rng.skewed(pool.size(), 2.0)]].name;
  };
  const std::string& a = any(Organization);
  const std::string& b = any(Organization);
  double amount = random_amount(rng);
  const char* when = pick(kWhen, rng.next());
  const char* hedge = pick(kHedges, rng.next());
  switch (rng.below(14)) {
    case 0: return a + " " + hedge + "invested " + money_words(amount) + " in " + b + " " + when + ".";
    case 1: return b + " raised " + money_words(amount) + " from " + a + " and other backers, the company said " + when + ".";
    case 2: return "The " + any(Regulator) + " opened an investigation into " + a + "'s stake in " + b + ".";
    case 3: return any(Regulator) + " officials are looking into whether the deal between " + a + " and " + b + " harms competition.";
    case 4: return b + " was founded in " + std::to_string(2010 + rng.below(14)) + " by " + any(Person) + " and " + any(Person) + ".";
    case 5: return a + " said it would acquire " + b + " for about " + money_words(amount) + ", pending approval.";
    case 6: return a + " launched " + any(Product) + ", a service aimed at small businesses, " + when + ".";
    case 7: return "Chief executive " + any(Person) + " told reporters that " + a + " would not comment on the talks.";
    case 8: return a + " and " + b + " agreed a multi-year partnership to build data centres in " + any(Place) + ".";
    case 9: return "The model " + any(Model) + " will be offered to customers of " + any(Product) + " from " + when + ".";
    case 10: return b + ", which is headquartered in " + any(Place) + ", was last valued at " + money_words(amount) + ".";
    case 11: return "Analysts said " + a + " now competes directly with " + b + " in cloud software.";
    case 12: return a + " has not invested in " + b + ", a spokesperson said, denying earlier reports.";
    default: return "Shares of " + a + " rose " + std::to_string(1 + rng.below(9)) + "." + std::to_string(rng.below(10)) +
                    "% after the announcement " + when + ".";
  }
}

// Tokens as a word-level tokenizer would see them: runs of letters/digits,
// and each other non-space character on its own.
std::size_t count_tokens(const std::string& s) {
  std::size_t n = 0;
  bool in_word = false;
  for (unsigned char c : s) {
    bool word = std::isalnum(c) || c >= 0x80;
    if (word) {
      if (!in_word) ++n;
      in_word = true;
    } else {
      in_word = false;
      if (c != ' ') ++n;
    }
  }
  return n;
}

int gen_corpus(double mb, std::size_t n_entities, const std::string& path, std::uint64_t seed) {
  Rng rng{seed};
  std::vector<std::vector<std::size_t>> by_type;
  std::vector<Entity> ents = make_entities(n_entities, rng, by_type);
  const std::size_t target = static_cast<std::size_t>(mb * 1024 * 1024);
  std::size_t bytes = 0, tokens = 0, docs = 0, sentences = 0;
  {
    Out out(path);
    while (bytes < target) {
      ++docs;
      std::string text;
      std::size_t n = 6 + rng.below(20);
      for (std::size_t i = 0; i < n; ++i) {
        if (i) text += (i % 5 == 0) ? "\n\n" : " ";
        std::string s = corpus_sentence(rng, ents, by_type);
        tokens += count_tokens(s);
        text += s;
        ++sentences;
      }
      std::string line = "{\"id\":\"news-" + std::to_string(docs) + "\",\"date\":\"" + random_date(rng) +
                         "\",\"text\":";
      json_string(line, text);
      line += "}\n";
      bytes += line.size();
      out.buf += line;
      out.flush_if_big();
    }
  }
  Out meta(path + ".meta.json");
  meta.buf = "{\"bytes\":" + std::to_string(bytes) + ",\"documents\":" + std::to_string(docs) +
             ",\"sentences\":" + std::to_string(sentences) + ",\"tokens\":" + std::to_string(tokens) +
             ",\"seed\":" + std::to_string(seed) + "}\n";
  return 0;
}

[[noreturn]] void usage() {
  std::fputs(
      "usage: kg_bench_gen graph --entities N --relations M --out DIR [--seed S]\n"
      "       kg_bench_gen corpus --mb SIZE --out FILE.jsonl [--entities N] [--seed S]\n",
      stderr);
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) usage();
  std::string mode = argv[1];
  std::size_t entities = 0, relations = 0;
  double mb = 0;
  std::string out;
  std::uint64_t seed = 20240226;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (i + 1 >= argc) usage();
    const char* v = argv[++i];
    if (a == "--entities") entities = std::strtoull(v, nullptr, 10);
    else if (a == "--relations") relations = std::strtoull(v, nullptr, 10);
    else if (a == "--mb") mb = std::strtod(v, nullptr);
    else if (a == "--out") out = v;
    else if (a == "--seed") seed = std::strtoull(v, nullptr, 10);
    else usage();
  }
  if (out.empty()) usage();
  if (mode == "graph") {
    if (entities < 100 || relations == 0 || entities >= (1u << 26)) usage();
    return gen_graph(entities, relations, out, seed);
  }
  if (mode == "corpus") {
    if (mb <= 0) usage();
    return gen_corpus(mb, entities ? entities : 20000, out, seed);
  }
  usage();
}
