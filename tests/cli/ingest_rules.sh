#!/usr/bin/env bash
# Text ingest end to end: rule tests, rules-file errors with file:line:col,
# --explain, robustness against bad documents, kg ingest from raw text.
set -u
KG="$1"; SRC="$2"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# 1. bundled rule tests pass
"$KG" rules test "$SRC/samples/rules/default.tests.json" -q > "$T/rt.out" || { cat "$T/rt.out"; fail "rule tests"; }
grep -q "rule test cases passed" "$T/rt.out" || fail "no summary"
grep -q "frame.found/passive" "$T/rt.out" || fail "no per-rule hit counts"

# 2. a failing rule test exits 1
cat > "$T/bad.tests.json" <<'J'
{"cases": [{"id": "wrong", "text": "Apple has not invested in OpenAI.", "expect": [{"subject": "Apple", "relation": "invests-in", "object": "OpenAI"}]}]}
J
"$KG" rules test "$T/bad.tests.json" > "$T/o" ; [ $? -eq 1 ] || fail "failing rule test must exit 1"
grep -q "FAIL" "$T/o" || fail "failing case not reported"

# 3. syntax error in a rules file: file:line:col, caret, exit 1
printf '{\n  "version": 1,\n  "types": {"Organization": null,}\n  "relations": {}\n}\n' > "$T/syntax.json"
"$KG" extract -r "$T/syntax.json" - < /dev/null 2> "$T/err"; rc=$?
[ $rc -eq 1 ] || fail "syntax error exit code $rc"
grep -q "syntax.json:4:" "$T/err" || { cat "$T/err"; fail "no file:line:col"; }
grep -q '\^' "$T/err" || fail "no caret"

# 4. unknown type / relation / lexicon are errors with a JSON pointer
cat > "$T/unknown.json" <<'J'
{"version": 1, "types": {"Organization": null, "Person": null},
 "relations": {"founded-by": {"subject": "Organisation", "object": "Person"}}}
J
"$KG" rules check "$T/unknown.json" 2> "$T/err"; [ $? -eq 1 ] || fail "unknown type must exit 1"
grep -q "unknown.json:2:41" "$T/err" || { cat "$T/err"; fail "unknown type position"; }
grep -q "/relations/founded-by/subject" "$T/err" || fail "no JSON pointer"
grep -q "Organization" "$T/err" || fail "no did-you-mean"
cat > "$T/badrel.json" <<'J'
{"version": 1, "types": {"Organization": null, "Person": null},
 "relations": {"founded-by": {"subject": "Organization", "object": "Person"}},
 "rules": [{"id": "x", "relation": "founded_by", "pattern": [{"ent": "Organization", "as": "subject"}, {"lex": "NOPE"}, {"ent": "Person", "as": "object"}]}]}
J
"$KG" rules check "$T/badrel.json" 2> "$T/err"; [ $? -eq 1 ] || fail "unknown relation must exit 1"
grep -q "unknown relation 'founded_by'" "$T/err" || { cat "$T/err"; fail "unknown relation message"; }
sed -i 's/founded_by/founded-by/' "$T/badrel.json"
"$KG" rules check "$T/badrel.json" 2> "$T/err"; [ $? -eq 1 ] || fail "unknown lexicon must exit 1"
grep -q "unknown lexicon 'NOPE'" "$T/err" || { cat "$T/err"; fail "unknown lexicon message"; }
printf '{"version": 1, "types": {}, "relations": {}, "colour": 1}\n' > "$T/schema.json"
"$KG" rules check "$T/schema.json" 2> "$T/err"; [ $? -eq 1 ] || fail "schema violation must exit 1"
grep -q "schema" "$T/err" || fail "schema message"

# 5. --explain shows three founded-by triples, the rule and the form
echo "Mistral AI was founded by Arthur Mensch, Timothée Lacroix and Guillaume Lample." |
  "$KG" extract --explain - > "$T/ex" || fail "explain run"
[ "$(grep -c '"relation":"founded-by"' "$T/ex")" -eq 3 ] || { cat "$T/ex"; fail "three founded-by triples"; }
grep -q "FIRE frame.found/passive" "$T/ex" || fail "rule and form not shown"
grep -q "ENT .*Arthur Mensch" "$T/ex" || fail "entities not listed"

# 6. robustness: junk, invalid UTF-8, empty, a long line; the good document is still read
mkdir "$T/in"
head -c 20000 /dev/urandom > "$T/in/junk.txt"
printf 'Microsoft invested in \xff\xfe OpenAI. Apple has acquired \xc3 Shazam.\n' > "$T/in/badutf8.txt"
: > "$T/in/empty.txt"
python3 -c "print('Google invested in Anthropic. ' * 200000)" > "$T/in/long.txt"
echo "Amazon has invested \$4 billion in Anthropic." > "$T/in/good.txt"
"$KG" extract "$T/in" > "$T/out" 2> "$T/err" || fail "extract over bad inputs failed"
grep -q "junk.txt" "$T/err" || fail "no warning naming junk.txt"
grep -q "empty.txt" "$T/err" || fail "no warning naming empty.txt"
grep -q "badutf8.txt" "$T/err" || fail "no warning naming badutf8.txt"
grep -q '"doc":"good.txt"' "$T/out" || fail "good document not extracted"
grep -q '"doc":"long.txt"' "$T/out" || fail "long line not extracted"

# 7. --jobs 2 gives the same output as one job
"$KG" extract --jobs 2 "$SRC/samples/corpus" > "$T/j2" || fail "jobs 2"
"$KG" extract "$SRC/samples/corpus" > "$T/j1" || fail "jobs 1"
cmp -s "$T/j1" "$T/j2" || fail "--jobs changes the output"
[ -s "$T/j1" ] || fail "no triples from the sample corpus"

# 8. kg ingest from raw text, from another directory; aliases merge
( cd "$T" && "$KG" ingest -o "$T/g.kg" "$SRC/samples/corpus" ) 2> "$T/err" || { cat "$T/err"; fail "ingest text"; }
"$KG" stats "$T/g.kg" > "$T/stats" || fail "stats"
grep -q "founded-by" "$T/stats" || fail "no founded-by relations in the ingested graph"
echo ok
