#!/usr/bin/env bash
# End-to-end checks of `kg query`: the issue's acceptance items on the sample
# graph, -c/-f/stdin, output modes, --param, fail-fast vs --keep-going, exit
# codes, INTO files, GraphML validity, guards and tour stability.
set -u
KG="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; SRC="$(cd "$2" && pwd)"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails+1)); }
run() { # expected_rc description command...
  local want=$1 what=$2; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
  [ "$rc" -eq "$want" ] || fail "$what: exit $rc, wanted $want; stderr: $(head -c 400 "$tmp/err")"
}

G="$tmp/sample.kg"
run 0 "ingest sample triples" "$KG" ingest --triples "$SRC/samples/microsoft-mistral.triples.jsonl" -o "$G"

# acceptance 1
run 0 "acceptance 1" "$KG" query "$G" -c "MATCH ('Microsoft')-[e:invests-in]->(t) RETURN t.name, e.amount ORDER BY t.name;"
grep -q "Mistral AI.*15000000 EUR" "$tmp/out" || fail "acceptance 1: no Mistral AI with 15000000 EUR"
grep -q "OpenAI.*USD" "$tmp/out" || fail "acceptance 1: no OpenAI with a USD amount"
[ "$(grep -n 'Mistral AI' "$tmp/out" | cut -d: -f1)" -lt "$(grep -n 'OpenAI' "$tmp/out" | cut -d: -f1)" ] || fail "acceptance 1: not ordered by name"

# acceptance 3: did-you-mean, caret under the type, exit 1, nothing on stdout
run 1 "acceptance 3" "$KG" query "$G" -c "MATCH ('Microsoft')-[:invest-in]->(x) RETURN x;"
grep -q "unknown relation type 'invest-in'; did you mean 'invests-in'?" "$tmp/err" || fail "acceptance 3 message: $(cat "$tmp/err")"
grep -q "^<command>:1:23: error" "$tmp/err" || fail "acceptance 3 position"
grep -q '^                        ^~~~~~~~~$' "$tmp/err" || fail "acceptance 3 caret: $(cat "$tmp/err")"
[ -s "$tmp/out" ] && fail "acceptance 3 printed results"

# acceptance 4: GraphML of the 2-hop neighbourhood validates against the schema
( cd "$tmp" && "$KG" query "$G" -c "MATCH ('Mistral AI')-[*1..2]-(x) RETURN GRAPH INTO 'out.graphml';" ) >"$tmp/out" 2>"$tmp/err" || fail "acceptance 4 query: $(cat "$tmp/err")"
[ -s "$tmp/out.graphml" ] || fail "acceptance 4: no out.graphml"
grep -q "<graphml" "$tmp/out.graphml" || fail "acceptance 4: not GraphML"
if [ -f "$SRC/../shared/graphml/graphml.xsd" ] && command -v xmllint >/dev/null; then
  XML_CATALOG_FILES="$SRC/../shared/graphml/catalog.xml" xmllint --catalogs --noout \
    --schema "$SRC/../shared/graphml/graphml.xsd" "$tmp/out.graphml" 2>"$tmp/xerr" || fail "acceptance 4: GraphML invalid: $(head -5 "$tmp/xerr")"
else
  echo "note: ../shared/graphml or xmllint missing; GraphML schema check skipped" >&2
fi

# acceptance 2: the tour has >= 15 statements, runs cleanly, output is stable
n=$(grep -c ';[[:space:]]*$' "$SRC/samples/queries/tour.kgq")
[ "$n" -ge 15 ] || fail "tour has only $n statements"
( cd "$tmp" && "$KG" query "$G" -f "$SRC/samples/queries/tour.kgq" ) >"$tmp/tour1" 2>"$tmp/tour1.err" || fail "tour failed: $(head -5 "$tmp/tour1.err")"
( cd "$tmp" && "$KG" query "$G" -f "$SRC/samples/queries/tour.kgq" ) >"$tmp/tour2" 2>/dev/null
cmp -s "$tmp/tour1" "$tmp/tour2" || fail "tour output differs between runs"
[ -s "$tmp/ceos.csv" ] || fail "tour did not write ceos.csv"

# acceptance 5 (small scale): a WALK that explodes stops at a guard naming it
run 1 "walk guard" "$KG" query "$G" --max-paths 5000 -c "MATCH WALK ('Mistral AI')-[*1..12]-(x) RETURN count(*);"
grep -q "path budget" "$tmp/err" || fail "walk guard message: $(cat "$tmp/err")"
grep -q -- "--max-paths" "$tmp/err" || fail "walk guard does not say how to raise it"
[ -s "$tmp/out" ] && fail "walk guard printed partial results"
run 1 "max hops guard" "$KG" query "$G" -c "MATCH ('Mistral AI')-[*1..40]-(x) RETURN x;"
grep -q "max-hops guard" "$tmp/err" || fail "max hops message"
run 0 "raised max hops" "$KG" query "$G" --max-hops 40 -c "MATCH ('Heidelberg')-[:headquartered-in *1..40]-(x) RETURN count(*);"
run 1 "row guard" "$KG" query "$G" --max-rows 3 -c "MATCH (x) RETURN x;"
grep -q "row budget" "$tmp/err" || fail "row guard message"

# -f with file:line:col, fail-fast vs --keep-going
printf 'SHOW ENTITY TYPES;\n\nMATCH (x) RETURN y;\nSHOW RELATION TYPES;\n' >"$tmp/bad.kgq"
run 1 "fail-fast" "$KG" query "$G" -f "$tmp/bad.kgq"
grep -q "bad.kgq:3:18: error: unknown variable 'y'" "$tmp/err" || fail "file:line:col: $(cat "$tmp/err")"
grep -q "relation_type" "$tmp/out" && fail "fail-fast ran the statement after the error"
grep -q "entity_type" "$tmp/out" || fail "fail-fast lost the statement before the error"
run 1 "keep-going" "$KG" query "$G" -f "$tmp/bad.kgq" --keep-going
grep -q "relation_type" "$tmp/out" || fail "--keep-going did not run the next statement"

# stdin, modes, params
echo "MATCH (p:Person)-[:ceo-of]->(c) RETURN p.name, c.name ORDER BY p.name;" | "$KG" query "$G" --mode csv >"$tmp/out" 2>"$tmp/err" || fail "stdin: $(cat "$tmp/err")"
head -1 "$tmp/out" | grep -q '^p.name,c.name$' || fail "csv header: $(head -1 "$tmp/out")"
run 0 "jsonl + param" "$KG" query "$G" --mode jsonl --param since=2024-01 -p 'who=Microsoft' \
  -c 'MATCH (i)-[e:invests-in WHERE e.date >= $since]->(s) WHERE i.name = $who RETURN i.name AS investor, e.date;'
grep -q '^{"investor":"Microsoft","e.date":"2024-02-26"}$' "$tmp/out" || fail "jsonl/param output: $(cat "$tmp/out")"
for m in table box csv tsv json jsonl markdown list; do
  run 0 "mode $m" "$KG" query "$G" --mode $m -c "SHOW ENTITY TYPES;"
  grep -q "Organization" "$tmp/out" || fail "mode $m prints no rows"
done
run 2 "unknown mode" "$KG" query "$G" --mode xml -c "SHOW ENTITY TYPES;"
run 2 "bad --param" "$KG" query "$G" --param novalue -c "SHOW ENTITY TYPES;"
run 3 "missing -f file" "$KG" query "$G" -f "$tmp/nope.kgq"
run 1 "syntax error" "$KG" query "$G" -c "MATCH (x RETURN x;"
grep -q "expected ')'" "$tmp/err" || fail "syntax error message: $(cat "$tmp/err")"

# INTO with FORMAT and by extension
( cd "$tmp" && "$KG" query "$G" -c "MATCH (r:Regulator)-[:investigates]->(c) RETURN r.name, c.name ORDER BY r.name, c.name INTO 'regs.md'; MATCH (r:Regulator)-[:investigates]->(c) RETURN GRAPH INTO 'regs.dat' FORMAT gexf;" ) 2>"$tmp/err" || fail "INTO: $(cat "$tmp/err")"
grep -q '^| r.name | c.name |$' "$tmp/regs.md" || fail "markdown INTO"
grep -q "<gexf" "$tmp/regs.dat" || fail "FORMAT gexf INTO"

exit $fails
