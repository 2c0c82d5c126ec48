#!/usr/bin/env bash
# kg shell with statements on stdin (not a terminal) and .read files: stdout,
# stderr and the exit code are compared with tests/cli/shell_batch/*.expected.
#   error_line3  an error on line 3 stops the run (FILE:3:COL, caret, exit 1)
#   keep_going   .bail off + .read: the error is reported with the file's own
#                line, later statements still run, .once writes a file, a
#                mistyped dot-command gets a suggestion; exit 1 at the end
#   unterminated a last statement without ';' is an error at its first line
# Set KG_BATCH_UPDATE=1 to rewrite the expected files (then review the diff).
set -uo pipefail
KG=$(realpath "$1") SRC=$(realpath "$2")
DIR="$SRC/tests/cli/shell_batch"
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
"$KG" ingest --triples "$SRC/samples/microsoft-mistral.triples.jsonl" -o "$TMP/mm.kg" 2>/dev/null || exit 1
cp "$DIR"/*.kgq "$DIR"/*.input "$TMP"/
cd "$TMP"
fail=0
check() {  # NAME INPUT: runs kg shell on INPUT, compares with NAME.expected
  local name=$1 input=$2 rc
  NO_COLOR=1 "$KG" shell mm.kg < "$input" > out.txt 2> err.txt
  rc=$?
  { echo "exit $rc"; echo "--- stdout"; cat out.txt; echo "--- stderr"; cat err.txt
    [ -f places.jsonl ] && { echo "--- places.jsonl"; cat places.jsonl; rm -f places.jsonl; }; } > "$name.actual"
  if [ "${KG_BATCH_UPDATE:-}" = 1 ]; then cp "$name.actual" "$DIR/$name.expected"; return; fi
  if ! diff -u "$DIR/$name.expected" "$name.actual"; then
    echo "FAIL: $name"; fail=1
  fi
}
check error_line3 error_line3.kgq
check keep_going keep_going.input
check unterminated unterminated.input
# .output writes through a temporary file: no stray temporaries remain.
printf '.mode csv\n.output people.csv\nMATCH (p:Person) RETURN p.name ORDER BY p.name;\n.output\n' | "$KG" shell mm.kg 2>/dev/null
[ "$(head -1 people.csv)" = "p.name" ] && [ "$(wc -l < people.csv)" -eq 5 ] || { echo "FAIL: .output people.csv"; cat people.csv; fail=1; }
[ -z "$(ls -A | grep -v -E '^(mm\.kg|people\.csv|.*\.(kgq|input|actual)|out\.txt|err\.txt)$')" ] || { echo "FAIL: stray files:"; ls -A; fail=1; }
# `kg shell` without a graph starts empty; .ingest fills it (triples file and
# a text document through the ingest pipeline), .save writes it, and kg stats
# agrees with the triples file.
printf '.ingest %s\n.ingest %s\n.save built.kg\n' "$SRC/samples/microsoft-mistral.triples.jsonl" \
  "$SRC/samples/corpus/13-microsoft-invests-in-g42.txt" | "$KG" shell > ingest.out 2> ingest.err \
  || { echo "FAIL: .ingest/.save exited non-zero"; cat ingest.err; fail=1; }
want_ev=$(( $(grep -c subject "$SRC/samples/microsoft-mistral.triples.jsonl") ))
got_docs=$("$KG" stats built.kg --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["documents"])')
got_ev=$("$KG" stats built.kg --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["evidence"])')
[ "$got_ev" -gt "$want_ev" ] || { echo "FAIL: evidence $got_ev, want more than the $want_ev triples (text adds some)"; fail=1; }
[ "$got_docs" -eq 7 ] || { echo "FAIL: documents $got_docs, want 6 from the triples + 1 article"; fail=1; }
grep -q "^added $want_ev triples" ingest.err || { echo "FAIL: .ingest status line"; cat ingest.err; fail=1; }
rm -f built.kg ingest.out ingest.err
# .load replaces the empty graph; parameters survive it; a bad .load keeps the
# loaded graph; .save without a name on a graph that came from no file fails.
out=$(printf '.bail off\n.param set who Microsoft\n.load mm.kg\n.load missing.kg\nMATCH (a {name: $who}) RETURN a.name AS who;\n' \
  | NO_COLOR=1 "$KG" shell --mode csv 2> load.err)
[ "$out" = "$(printf 'who\nMicrosoft')" ] || { echo "FAIL: .load then query: $out"; cat load.err; fail=1; }
grep -q "missing.kg" load.err || { echo "FAIL: .load of a missing file not reported"; cat load.err; fail=1; }
printf '.save\n' | "$KG" shell > /dev/null 2> save.err && { echo "FAIL: .save without a file succeeded"; fail=1; }
grep -q "needs a file name" save.err || { echo "FAIL: .save message"; cat save.err; fail=1; }
rm -f load.err save.err
exit $fail
