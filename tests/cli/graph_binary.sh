#!/usr/bin/env bash
# The binary graph file (.kgb) end to end: kg convert both ways gives the
# original bytes; every writer picks binary from a .kgb name (ingest -o,
# merge -o, the shell's .save) and every reader takes either format by
# content; stats, query answers and exports are the same from both files.
set -u
KG="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; SRC="$(cd "$2" && pwd)"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
fail() { echo "FAIL: $*"; exit 1; }
is_binary() { [ "$(head -c 4 "$1" | od -An -tx1 | tr -d ' \n')" = "894b4742" ]; }
triples="$SRC/samples/microsoft-mistral.triples.jsonl"
"$KG" ingest --triples "$triples" -o g.kg 2>/dev/null || fail "ingest .kg"
"$KG" convert g.kg g.kgb || fail "convert to binary"
is_binary g.kgb || fail "g.kgb does not start with the binary signature"
"$KG" convert g.kgb back.kg || fail "convert back"
cmp -s g.kg back.kg || fail "JSON -> binary -> JSON changed the bytes"
# --format overrides the name; the reader goes by content, not by name.
"$KG" convert g.kg named-json.kg --format binary && is_binary named-json.kg || fail "--format binary"
"$KG" convert g.kgb plain.kgb --format json && ! is_binary plain.kgb || fail "--format json"
"$KG" stats named-json.kg >/dev/null || fail "a binary file named .kg does not load"
rc=0; "$KG" convert g.kg x.kgb --format yaml 2>err.txt || rc=$?
[ "$rc" = 2 ] && grep -q "format must be json or binary" err.txt || fail "bad --format: exit $rc"
# Writers pick binary from the name.
"$KG" ingest --triples "$triples" -o i.kgb 2>/dev/null && is_binary i.kgb || fail "ingest -o .kgb"
cmp -s <("$KG" convert i.kgb /dev/stdout --format json) g.kg || fail "ingest -o .kgb holds another graph"
"$KG" merge g.kg -o m.kgb && is_binary m.kgb || fail "merge -o .kgb"
printf '.save s.kgb\n' | "$KG" shell g.kg >/dev/null 2>&1 && is_binary s.kgb || fail "shell .save .kgb"
cmp -s s.kgb g.kgb || fail "the shell's .save wrote another graph"
# Same answers from either file.
for f in g.kg g.kgb; do
  "$KG" stats --json "$f" > "stats-$f.json" || fail "stats $f"
  "$KG" query "$f" --mode csv -f "$SRC/samples/queries/tour.kgq" > "tour-$f.csv" 2>/dev/null || fail "tour on $f"
  "$KG" export "$f" -o "export-$f.graphml" || fail "export $f"
done
cmp -s stats-g.kg.json stats-g.kgb.json || fail "stats differ"
[ -s tour-g.kg.csv ] && cmp -s tour-g.kg.csv tour-g.kgb.csv || fail "query answers differ"
cmp -s export-g.kg.graphml export-g.kgb.graphml || fail "GraphML exports differ"
echo "ok"
