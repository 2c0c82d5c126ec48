#!/usr/bin/env bash
# End-to-end checks of kg ingest --triples, kg stats, exit codes and graph-file errors.
set -u
KG="$1"; SRC="$2"
tmp=$(mktemp -d); trap 'chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails+1)); }
expect_rc() { # expected_rc description command...
  local want=$1 what=$2; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
  [ "$rc" -eq "$want" ] || fail "$what: exit $rc, wanted $want; stderr: $(head -c 300 "$tmp/err")"
}

# --- exit codes: 0 ok, 1 data, 2 usage, 3 io -------------------------------
expect_rc 0 "--help" "$KG" --help
grep -q "Exit codes" "$tmp/out" || fail "--help does not document exit codes"
expect_rc 2 "unknown command" "$KG" frobnicate
grep -q "unknown command 'frobnicate'" "$tmp/err" || fail "unknown command message"
expect_rc 2 "misspelt command gets a suggestion" "$KG" stat
grep -q "did you mean 'stats'" "$tmp/err" || fail "no did-you-mean for 'stat'"
expect_rc 2 "unknown option" "$KG" stats --frob x.kg
expect_rc 2 "missing -o" "$KG" ingest --triples x.jsonl
expect_rc 0 "command --help" "$KG" ingest --help
grep -q "Usage: kg ingest" "$tmp/out" || fail "kg ingest --help shows no usage"
expect_rc 3 "missing input file" "$KG" stats "$tmp/nope.kg"
grep -q "nope.kg" "$tmp/err" || fail "I/O error does not name the file"

# --- triples import and stats match the file ------------------------------
cat >"$tmp/t.jsonl" <<'JSONL'
{"subject":"Microsoft","subject_type":"Organization","relation":"invests-in","object":"Mistral AI","object_type":"Organization","attrs":{"amount":"€15 million","amount_value":15000000,"currency":"EUR","date":"2024-02-26"},"source":{"doc":"a","sentence":0,"start":0,"end":50,"text":"Microsoft invests €15 million in Mistral AI."}}
{"subject":"Microsoft","relation":"invests-in","object":"Mistral AI","source":{"doc":"b","sentence":1,"text":"Microsoft put money into Mistral AI."}}

{"subject":"Mistral AI","relation":"founded-by","object":"Arthur Mensch","object_type":"Person","source":{"doc":"a","sentence":2,"text":"Mistral AI was founded by Arthur Mensch."}}
{"subject":"European Commission","subject_type":"Regulator","relation":"investigates","object":"Microsoft","source":{"doc":"b","sentence":3,"text":"The European Commission looks at Microsoft."}}
JSONL
expect_rc 0 "ingest triples" "$KG" ingest --triples "$tmp/t.jsonl" -o "$tmp/g.kg"
expect_rc 0 "stats" "$KG" stats "$tmp/g.kg" --json
out=$(cat "$tmp/out")
for want in '"entities": 4' '"relations": 3' '"evidence": 4' '"documents": 2' '"Organization": 2' '"Person": 1' '"Regulator": 1' '"invests-in": 1'; do
  case "$out" in *"$want"*) ;; *) fail "stats lacks $want: $out" ;; esac
done
expect_rc 0 "stats text" "$KG" stats "$tmp/g.kg"
grep -q "^relations  3" "$tmp/out" || fail "text stats: $(cat "$tmp/out")"

# A triple without a source is credited to its file, and the graph reloads.
echo '{"subject":"A","relation":"invests-in","object":"B"}' >"$tmp/nosource.jsonl"
expect_rc 0 "triple without source" "$KG" ingest --triples "$tmp/nosource.jsonl" -o "$tmp/ns.kg"
expect_rc 0 "graph with a source-less triple reloads" "$KG" stats --json "$tmp/ns.kg"
grep -q '"documents": 1' "$tmp/out" || fail "source-less triple: $(cat "$tmp/out")"

# --append adds evidence to the existing graph
echo '{"subject":"Amazon","relation":"invests-in","object":"Anthropic","source":{"doc":"c","text":"Amazon backs Anthropic."}}' >"$tmp/u.jsonl"
expect_rc 0 "append" "$KG" ingest --append --triples "$tmp/u.jsonl" -o "$tmp/g.kg"
"$KG" stats --json "$tmp/g.kg" | grep -q '"relations": 4' || fail "append did not add a relation"

# --- bad triples: file:line:col, exit 1, old graph untouched --------------
cp "$tmp/g.kg" "$tmp/before.kg"
printf '{"subject":"A","relation":"r","object":"B"}\n{"subject":"A","relation":"r","object":"B"\n' >"$tmp/bad.jsonl"
expect_rc 1 "malformed triples" "$KG" ingest --append --triples "$tmp/bad.jsonl" -o "$tmp/g.kg"
grep -q "bad.jsonl:2:" "$tmp/err" || fail "malformed triple line not located: $(cat "$tmp/err")"
cmp -s "$tmp/g.kg" "$tmp/before.kg" || fail "failed ingest changed the graph file"

# --- damaged graph files --------------------------------------------------
size=$(stat -c %s "$tmp/g.kg")
head -c $((size / 2)) "$tmp/g.kg" >"$tmp/cut.kg"
expect_rc 1 "truncated graph" "$KG" stats "$tmp/cut.kg"
grep -qE "cut.kg:[0-9]+:[0-9]+: error: " "$tmp/err" || fail "truncated graph error lacks file:line:col: $(cat "$tmp/err")"
sed 's/"subject":0,/"subject":77,/' "$tmp/g.kg" >"$tmp/corrupt.kg"
expect_rc 1 "corrupted graph" "$KG" stats "$tmp/corrupt.kg"
grep -qE "corrupt.kg:[0-9]+:[0-9]+: error: checksum mismatch" "$tmp/err" || fail "corruption not caught by the checksum: $(cat "$tmp/err")"
# The same damage in a file without a checksum (edited by hand) is named by its pointer.
sed -e 's/"subject":0,/"subject":77,/' -e '/^"checksum"/d' "$tmp/g.kg" | tac | sed '0,/^\],$/s//]/' | tac >"$tmp/hand.kg"
expect_rc 1 "inconsistent graph" "$KG" stats "$tmp/hand.kg"
grep -q "/relations/0/subject" "$tmp/err" || fail "inconsistent graph error lacks the pointer: $(cat "$tmp/err")"
: >"$tmp/empty.kg"
expect_rc 1 "empty graph file" "$KG" stats "$tmp/empty.kg"

# A save that cannot happen (target directory is read-only) leaves the old file.
if [ "$(id -u)" -ne 0 ]; then
  mkdir "$tmp/ro"; cp "$tmp/before.kg" "$tmp/ro/g.kg"; chmod a-w "$tmp/ro"
  expect_rc 3 "save into read-only dir" "$KG" ingest --append --triples "$tmp/u.jsonl" -o "$tmp/ro/g.kg"
  cmp -s "$tmp/ro/g.kg" "$tmp/before.kg" || fail "failed save changed the graph file"
else
  # root ignores permissions; a directory in place of the target makes rename fail instead.
  mkdir -p "$tmp/dir.kg/x"
  expect_rc 3 "save over a directory" "$KG" ingest --triples "$tmp/u.jsonl" -o "$tmp/dir.kg"
  [ -d "$tmp/dir.kg/x" ] || fail "failed save damaged the target"
  ls "$tmp" | grep -q '\.tmp-' && fail "failed save left a temporary file"
fi

# merge: two halves give the same graph as the whole
head -n 2 "$tmp/t.jsonl" >"$tmp/h1.jsonl"; tail -n +3 "$tmp/t.jsonl" >"$tmp/h2.jsonl"
"$KG" ingest --triples "$tmp/h1.jsonl" -o "$tmp/h1.kg" 2>/dev/null
"$KG" ingest --triples "$tmp/h2.jsonl" -o "$tmp/h2.kg" 2>/dev/null
"$KG" ingest --triples "$tmp/t.jsonl" -o "$tmp/whole.kg" 2>/dev/null
expect_rc 0 "merge" "$KG" merge "$tmp/h1.kg" "$tmp/h2.kg" -o "$tmp/merged.kg"
[ "$("$KG" stats --json "$tmp/merged.kg")" = "$("$KG" stats --json "$tmp/whole.kg")" ] || fail "merged stats differ from whole"

[ $fails -eq 0 ] && echo "foundation_cli: all checks passed"
exit $((fails > 0))
