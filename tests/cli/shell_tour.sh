#!/usr/bin/env bash
# The guided-tour batch files in samples/queries run cleanly through kg shell
# on the sample graph, their answers agree with counts computed straight from
# the triples file, and the Gephi export writes well-formed GEXF and GraphML.
set -uo pipefail
KG=$(realpath "$1") SRC=$(realpath "$2")
command -v python3 >/dev/null || { echo "skip: python3 missing"; exit 77; }
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
cd "$TMP"
"$KG" ingest --triples "$SRC/samples/microsoft-mistral.triples.jsonl" -o sample.kg 2>/dev/null || exit 1
fail=0
for name in investments regulators founders paths gephi-export; do
  f="$SRC/samples/queries/$name.kgq"
  [ -f "$f" ] || { echo "FAIL: missing $f"; fail=1; continue; }
  if ! NO_COLOR=1 "$KG" shell sample.kg < "$f" > "$name.out" 2> "$name.err"; then
    echo "FAIL: $name.kgq exited non-zero"; cat "$name.err"; fail=1
  fi
  if grep -q "error:" "$name.err"; then echo "FAIL: $name.kgq reported errors"; cat "$name.err"; fail=1; fi
done
# Independent counts from the triples file.
python3 - "$SRC/samples/microsoft-mistral.triples.jsonl" > expected.txt <<'PY'
import json, sys
t = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
inv = {(x["subject"], x["object"]) for x in t if x["relation"] == "invests-in"}
mistral = {s for s, o in inv if o == "Mistral AI"}
print("investments %d rows" % len(inv))
print("mistral investors %d rows" % len(mistral))
PY
inv_rows=$(sed -n 's/^investments \([0-9]*\) rows$/\1/p' expected.txt)
mis_rows=$(sed -n 's/^mistral investors \([0-9]*\) rows$/\1/p' expected.txt)
first=$(grep -m1 -o '^([0-9]* rows\?)' investments.out)
second=$(grep -o '^([0-9]* rows\?)' investments.out | sed -n 2p)
[ "$first" = "($inv_rows rows)" ] || { echo "FAIL: investments: $first, expected $inv_rows rows"; fail=1; }
[ "$second" = "($mis_rows rows)" ] || { echo "FAIL: Mistral investors: $second, expected $mis_rows rows"; fail=1; }
grep -q "Sarah Cardell -\[ceo-of\]-> Competition and Markets Authority" paths.out || { echo "FAIL: paths"; fail=1; }
for f in mistral-2hop.gexf mistral-2hop.graphml regulators.graphml regulators.csv; do
  [ -s "$f" ] || { echo "FAIL: gephi-export did not write $f"; fail=1; }
done
if command -v xmllint >/dev/null; then
  for f in mistral-2hop.gexf mistral-2hop.graphml regulators.graphml; do
    [ -s "$f" ] && { xmllint --noout "$f" || { echo "FAIL: $f is not well-formed"; fail=1; }; }
  done
fi
[ "$(head -1 regulators.csv 2>/dev/null)" = "regulator,target" ] || { echo "FAIL: regulators.csv header"; fail=1; }
exit $fail
