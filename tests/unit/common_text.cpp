#include <catch2/catch.hpp>

#include "common/error.hpp"
#include "common/text.hpp"
#include "common/value.hpp"

using namespace kg;

TEST_CASE("fold_name ignores case, diacritics, curly apostrophes and spacing", "[common]") {
  CHECK(fold_name("Timothée Lacroix") == "timothee lacroix");
  CHECK(fold_name("  MISTRAL\u00a0 AI ") == "mistral ai");
  CHECK(fold_name("Microsoft\u2019s") == "microsoft's");
  CHECK(fold_name("Łódź") != "");
}

TEST_CASE("sanitize_utf8 replaces invalid bytes and drops XML-forbidden characters", "[common]") {
  std::string bad = std::string("a\x01" "b\xff" "c\xe2\x82", 7);
  std::string clean = sanitize_utf8(bad);
  CHECK(is_valid_utf8(clean));
  CHECK(clean.find('\x01') == std::string::npos);
  CHECK(clean.rfind("ab", 0) == 0);
  // emoji and tabs survive
  CHECK(sanitize_utf8("x\t\xF0\x9F\x98\x80") == "x\t\xF0\x9F\x98\x80");
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));  // overlong '/'
  CHECK(is_valid_utf8("caf\xC3\xA9"));
}

TEST_CASE("closest_match suggests near names only", "[common]") {
  std::vector<std::string> rels{"invests-in", "investigates", "founded-by"};
  CHECK(closest_match("invest-in", rels) == "invests-in");
  CHECK(closest_match("founded_by", rels) == "founded-by");
  CHECK(closest_match("headquartered-in", rels).empty());
}

TEST_CASE("Date parses and prints ISO forms and rejects impossible dates", "[common]") {
  REQUIRE(Date::parse("2024-02-26"));
  CHECK(Date::parse("2024-02-26")->iso() == "2024-02-26");
  CHECK(Date::parse("2024-02")->iso() == "2024-02");
  CHECK(Date::parse("2024")->iso() == "2024");
  CHECK_FALSE(Date::parse("2023-02-29"));
  CHECK(Date::parse("2024-02-29"));
  CHECK_FALSE(Date::parse("2024-13"));
  CHECK_FALSE(Date::parse("24-02-01"));
  CHECK(*Date::parse("2024-01-31") < *Date::parse("2024-02"));
}

TEST_CASE("format_double prints the shortest round-tripping form", "[common]") {
  CHECK(format_double(15000000) == "15000000");
  CHECK(format_double(0.1) == "0.1");
  CHECK(format_double(3.14159265358979) == "3.14159265358979");
  CHECK(std::stod(format_double(1234567.891)) == 1234567.891);
}

TEST_CASE("format_error shows file:line:col, the line and a caret", "[common]") {
  std::string text = "first line\nMATCH (x) RETURN y;\n";
  SourcePos pos = locate("q.kgq", text, text.find('y'));
  CHECK(pos.line == 2);
  CHECK(pos.column == 18);
  std::string msg = format_error(DataError("unknown variable 'y'", pos));
  CHECK(msg.rfind("q.kgq:2:18: error: unknown variable 'y'\n", 0) == 0);
  CHECK(msg.find("  MATCH (x) RETURN y;\n") != std::string::npos);
  CHECK(msg.find("\n" + std::string(2 + 17, ' ') + "^") != std::string::npos);
}

TEST_CASE("locate counts columns in characters, not bytes", "[common]") {
  std::string text = "é = x";
  SourcePos pos = locate("f", text, text.find('x'));
  CHECK(pos.column == 5);
}

TEST_CASE("very long lines are shown as a window around the caret", "[common]") {
  std::string text(100000, 'a');
  text[60000] = '!';
  SourcePos pos = locate("big.json", text, 60000);
  CHECK(pos.column == 60001);
  CHECK(pos.source_line.size() < 200);
  std::string msg = format_error(DataError("bad", pos));
  auto caret = msg.find('^');
  auto line_start = msg.find("\n  ") + 3;
  auto bang = msg.find('!');
  REQUIRE(caret != std::string::npos);
  CHECK(caret - msg.find('\n', bang) - 1 == bang - (line_start - 2) );
}

#include "common/checksum.hpp"

TEST_CASE("crc32c matches the standard check value on both code paths", "[common]") {
  CHECK(kg::crc32c("123456789") == 0xE3069283u);  // RFC 3720 check value
  CHECK(kg::crc32c("") == 0u);
  std::string long_text(1000, 'x');
  long_text[500] = 'y';
  // Chunked computation equals one pass (exercises the 8-byte loop and the tail).
  CHECK(kg::crc32c(long_text) == kg::crc32c(long_text.substr(3), kg::crc32c(long_text.substr(0, 3))));
  std::string flipped = long_text;
  flipped[123] ^= 1;
  CHECK(kg::crc32c(flipped) != kg::crc32c(long_text));
}
