// The chunk layer under the rules (ingest/chunker.*): the chunk line that
// --explain prints, verb-group features, and what the cascade changes in
// extraction (modifiers inside verb groups, amounts between verb and
// object, deals stopped by their verb, nominal "N of X by Y" frames, legal
// forms and initials in names). Sentences are our own.
#include <catch2/catch.hpp>

#include "ingest/bundle.hpp"
#include "ingest_fixture.hpp"

using namespace kg;
using namespace kg::ingest;

namespace {
const Bundle& bundle() { return default_bundle(); }
std::vector<Triple> run(const std::string& text, std::string* explain = nullptr) {
  InputDocument d;
  d.id = "t";
  d.text = text;
  return bundle().extractor->extract(d, explain);
}
std::vector<Triple> of(const std::vector<Triple>& ts, const std::string& relation) {
  std::vector<Triple> out;
  for (const auto& t : ts)
    if (t.relation == relation) out.push_back(t);
  return out;
}
std::string chunk_line(const std::string& text) {
  std::string ex;
  run(text, &ex);
  auto at = ex.find("  CHUNKS ");
  REQUIRE(at != std::string::npos);
  return ex.substr(at + 9, ex.find('\n', at) - at - 9);
}
}  // namespace

TEST_CASE("chunks: the explain line shows noun phrases, values, verb groups with features and prepositions", "[chunks]") {
  std::string line = chunk_line("Voltaris Energy Inc. is quietly investing an additional €2 billion in hydrogen startup Electrolyx.");
  CHECK(line.find("[NP Voltaris Energy Inc.]") != std::string::npos);
  CHECK(line.find("[VG is quietly investing |invest,progressive]") != std::string::npos);
  CHECK(line.find("[MONEY €2 billion]") != std::string::npos);
  CHECK(line.find("[PP in]") != std::string::npos);
  CHECK(line.find("[NP Electrolyx]") != std::string::npos);
}

TEST_CASE("chunks: verb-group features (perfect, passive, negation, speculation, catenatives)", "[chunks]") {
  CHECK(chunk_line("Acme has not acquired Beta Corp.").find("[VG has not acquired |acquire,perfect,negated]") !=
        std::string::npos);
  CHECK(chunk_line("Beta Corp was acquired by Acme.").find("|acquire,passive]") != std::string::npos);
  CHECK(chunk_line("Acme plans to invest $3 million in Gamma.").find("[VG plans to invest |invest,speculative,to]") !=
        std::string::npos);
  CHECK(chunk_line("Acme has agreed to acquire Beta Corp.").find("[VG has agreed to acquire |acquire,to]") !=
        std::string::npos);
  // A participle after a determiner or right before a frame noun is an adjective, not a verb group.
  std::string line = chunk_line("The regulator cleared the proposed acquisition of Beta by Acme.");
  CHECK(line.find("[VG proposed") == std::string::npos);
  CHECK(line.find("[NOM acquisition]") != std::string::npos);
}

TEST_CASE("cascade: modifiers in the verb group and an amount before the object give one triple with that amount",
          "[chunks]") {
  auto ts = of(run("Voltaris Energy Inc. is quietly investing an additional €2 billion in hydrogen startup Electrolyx, "
                   "its chief executive said."),
               "invests-in");
  REQUIRE(ts.size() == 1);
  CHECK(ts[0].subject == "Voltaris Energy");  // the legal form stays in the mention, not the name
  CHECK(ts[0].object == "Electrolyx");
  const auto& m = std::get<Money>(ts[0].attrs.at("amount"));
  CHECK(m.value == Approx(2e9));
  CHECK(m.currency == "EUR");
}

TEST_CASE("cascade: 'the acquisition of X by Y' and a probe of it give the deal and both parties", "[chunks]") {
  auto ts = run("The Federal Trade Commission opened an investigation into the proposed acquisition of Norvela by "
                "Quantrix Systems.");
  auto acq = of(ts, "acquires");
  REQUIRE(acq.size() == 1);
  CHECK(acq[0].subject == "Quantrix Systems");
  CHECK(acq[0].object == "Norvela");
  auto probe = of(ts, "investigates");
  REQUIRE(probe.size() == 2);
  std::vector<std::string> parties{probe[0].object, probe[1].object};
  std::sort(parties.begin(), parties.end());
  CHECK(parties == std::vector<std::string>{"Norvela", "Quantrix Systems"});
  // the amount of a deal never lands on the probe
  for (const auto& t : of(run("The FTC opened a probe into Quantrix Systems over its $4 billion acquisition of Norvela."),
                          "investigates"))
    CHECK(t.attrs.count("amount") == 0);
}

TEST_CASE("cascade: a deal stopped by its verb group gives no acquisition", "[chunks]") {
  CHECK(of(run("The regulator has prohibited, under its merger rules, the proposed acquisition of Norvela by Quantrix "
               "Systems."),
           "acquires")
            .empty());
  CHECK(of(run("The government's decision to veto the acquisition of Norvela by Quantrix Systems was overturned."),
           "acquires")
            .empty());
  // the same construction without the stopping verb is an acquisition
  CHECK(of(run("The regulator has approved, under its merger rules, the proposed acquisition of Norvela by Quantrix "
               "Systems."),
           "acquires")
            .size() == 1);
}

TEST_CASE("cascade: no agent across a determiner; initials and appositions inside lists", "[chunks]") {
  // "Merger Rules the acquisition": the name before the determiner is not the buyer
  auto ts = of(run("The authority approved under the Merger Rules the acquisition of Norvela by Quantrix Systems."),
               "acquires");
  REQUIRE(ts.size() == 1);
  CHECK(ts[0].subject == "Quantrix Systems");
  auto probe = of(run("The SEC also charged Jane Q. Doerr, Norvela's former chief executive, and Tom B.K. Lanz for their "
                      "roles."),
                  "investigates");
  REQUIRE(probe.size() == 2);
  CHECK(probe[0].object == "Jane Q. Doerr");
  CHECK(probe[0].object_type == "Person");
  CHECK(probe[1].object == "Tom B.K. Lanz");
  auto ceo = of(run("The SEC also charged Jane Q. Doerr, Norvela's former chief executive, for her role."), "ceo-of");
  REQUIRE(ceo.size() == 1);
  CHECK(ceo[0].object == "Norvela");
}

TEST_CASE("cascade: a pronoun in a new clause looks to that clause first; a fronted preposition before 'which'",
          "[chunks]") {
  // ", so ...": the clause after the boundary has its own agent (Quantrix), not the sentence's first name.
  auto ts = of(run("Norvela is the closest rival to Beta Corp, so the move by Quantrix Systems looks like a way of "
                   "playing down its stake in Beta Corp."),
               "invests-in");
  REQUIRE(ts.size() == 1);
  CHECK(ts[0].subject == "Quantrix Systems");
  CHECK(ts[0].object == "Beta");
  auto rel = of(run("Quantrix Systems relies on Norvela, in which it has already invested heavily."), "invests-in");
  REQUIRE(rel.size() == 1);
  CHECK(rel[0].subject == "Quantrix Systems");
  CHECK(rel[0].object == "Norvela");
}

TEST_CASE("cascade: negation and speculation are decided on verb groups", "[chunks]") {
  CHECK(of(run("Quantrix Systems has not invested in Norvela."), "invests-in").empty());
  CHECK(of(run("Quantrix Systems could invest in Norvela."), "invests-in").empty());
  CHECK(of(run("Quantrix Systems denied investing in Norvela."), "invests-in").empty());
  CHECK(of(run("Quantrix Systems is in talks to invest in Norvela."), "invests-in").empty());
  CHECK(of(run("Quantrix Systems plans to invest $5 million in Norvela."), "invests-in").empty());
  // a reported plan is a statement
  CHECK(of(run("Quantrix Systems said it would invest $5 million in Norvela."), "invests-in").size() == 1);
  // the negated verb governs the review, not the investment it names
  CHECK(of(run("The regulator decided not to review Quantrix Systems's investment in Norvela."), "invests-in").size() == 1);
  // a negated stopping verb does not stop the deal
  CHECK(of(run("The regulator did not block the acquisition of Norvela by Quantrix Systems."), "acquires").size() == 1);
  CHECK(of(run("Quantrix Systems abandoned its $2 billion takeover of Norvela."), "acquires").empty());
}

TEST_CASE("cascade: verb-group leads, prices after the match, company names in lists", "[chunks]") {
  // A title-case headline: the verb group "Agrees To Acquire" is one step, and the price closes the match.
  auto h = of(run("Zentra Agrees To Acquire Molvex For $2 Billion"), "acquires");
  REQUIRE(h.size() == 1);
  CHECK(h[0].subject == "Zentra");
  CHECK(std::get<Money>(h[0].attrs.at("amount")).value == Approx(2e9));
  auto a = of(run("Zentra acquired Molvex, a maker of industrial sensors, for $400 million."), "acquires");
  REQUIRE(a.size() == 1);
  CHECK(std::get<Money>(a[0].attrs.at("amount")).value == Approx(4e8));
  // "A Capital and B Ventures" are two investors; "Kestrel Partners" is one name, not a partnership.
  auto r = of(run("Voltcell raised $50 million in a round led by Pinecrest Capital and Orbis Ventures."), "invests-in");
  REQUIRE(r.size() == 2);
  CHECK(r[0].subject == "Pinecrest Capital");
  CHECK(r[1].subject == "Orbis Ventures");
  auto l = run("Voltcell's $80 million Series B was led by Pinecrest Capital and joined by Orbis Ventures and Kestrel "
               "Partners.");
  CHECK(of(l, "invests-in").size() == 3);
  CHECK(of(l, "partners-with").empty());
  auto p = of(run("The Federal Trade Commission opened proceedings against Zentra, Molvex and Tarrow Labs."),
              "investigates");
  REQUIRE(p.size() == 3);
  CHECK(p[2].object == "Tarrow Labs");
  auto c = of(run("Zentra CEO Lena Ortiz said the deal would close in March."), "ceo-of");
  REQUIRE(c.size() == 1);
  CHECK(c[0].subject == "Lena Ortiz");
}

TEST_CASE("cascade: sources, appositive participles, named products, sentence-initial names", "[chunks]") {
  // a cited source is not an investor
  auto s = of(run("According to Bloomberg, Rivenna invested $10 million in Paylink."), "invests-in");
  REQUIRE(s.size() == 1);
  CHECK(s[0].subject == "Rivenna");
  auto f = of(run("Rivenna, a Lisbon-based fintech founded in 2018 by Marta Sousa, has raised money."), "founded-by");
  REQUIRE(f.size() == 1);
  CHECK(f[0].object == "Marta Sousa");
  auto l = of(run("Rivenna launched a savings app called Piggo in March."), "launches");
  REQUIRE(l.size() == 1);
  CHECK(l[0].object == "Piggo");
  // a lone unknown name opening a sentence, followed by a verb group
  CHECK(of(run("Norbank took a minority stake in Rivenna last year."), "invests-in").size() == 1);
  CHECK(of(run("Rivenna reportedly invested $10 million in Paylink."), "invests-in").size() == 1);
  // a headline's leading descriptor is not part of the name
  auto h = of(run("Norbank Invests In Portuguese Fintech Rivenna"), "invests-in");
  REQUIRE(h.size() == 1);
  CHECK(h[0].object == "Rivenna");
}

TEST_CASE("cascade: rivalry, divestitures, object relatives, possessive agent nouns, deal parties with 'for'",
          "[chunks]") {
  CHECK(of(run("Zentra and Molvex are fierce rivals."), "competes-with").size() == 1);
  CHECK(of(run("Molvex is Zentra's main competitor."), "competes-with").size() == 1);
  auto sold = of(run("Zentra agreed to sell Molvex to Tarrow Labs."), "acquires");
  REQUIRE(sold.size() == 1);
  CHECK(sold[0].subject == "Tarrow Labs");
  CHECK(sold[0].object == "Molvex");
  auto rel = of(run("Molvex, which Zentra bought in 2021, makes sensors."), "acquires");
  REQUIRE(rel.size() == 1);
  CHECK(rel[0].subject == "Zentra");
  auto deal = of(run("The Federal Trade Commission is probing Zentra's $2 billion deal for Molvex."), "investigates");
  CHECK(deal.size() == 2);
  auto price = of(run("Zentra is buying Molvex in a $1 billion deal."), "acquires");
  REQUIRE(price.size() == 1);
  CHECK(std::get<Money>(price[0].attrs.at("amount")).value == Approx(1e9));
  // "X, now valued at" is a valuation; "X, was valued at" (a relative clause closing before) is not read as one
  CHECK(of(run("Zentra, now valued at $5 billion, plans to go public."), "valued-at").size() == 1);
}

TEST_CASE("explain: a near miss names the chunk where the frame stopped", "[chunks]") {
  std::string ex;
  run("Zentra is investing heavily across Europe.", &ex);
  CHECK(ex.find("MISS frame.invest/active: element 4 prep failed at \"Europe\" in [NP Europe]") != std::string::npos);
}

TEST_CASE("names: 'City, Region' is one place; an organisation in apposition 'headquartered in' it", "[chunks]") {
  auto hq = of(run("Norbank Corporation, headquartered in Charlotte, North Carolina, is a large bank."), "headquartered-in");
  REQUIRE(hq.size() == 1);
  CHECK(hq[0].subject == "Norbank");
  CHECK(hq[0].object == "Charlotte, North Carolina");
  // a list of known places stays a list
  std::string ex;
  run("Norbank has offices in London, Paris and Berlin.", &ex);
  CHECK(ex.find("\"London\" -> London (Place") != std::string::npos);
  CHECK(ex.find("\"Paris\" -> Paris (Place") != std::string::npos);
}

TEST_CASE("chunks: a word that is a frame verb and a frame noun is a verb after its subject, a noun elsewhere",
          "[chunks]") {
  CHECK(chunk_line("The FTC probes Zentra.").find("[VG probes |probe]") != std::string::npos);
  CHECK(chunk_line("EU Opens Antitrust Probe Into Zentra's Deal").find("[NOM Probe]") != std::string::npos);
  CHECK(chunk_line("The regulator will review the deal.").find("[VG will review |review,future]") != std::string::npos);
}
