#!/usr/bin/env bash
# kg query runs dot-commands in batch files and -c text, as the shell does.
set -u
KG="$1"; SRC="$2"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
"$KG" ingest --triples "$SRC/samples/microsoft-mistral.triples.jsonl" -o g.kg 2>/dev/null || { echo "FAIL: ingest"; exit 1; }
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails+1)); }

cat > tour.kgq <<'KGQ'
-- a batch file that switches modes and sets a parameter
.mode csv
.param set who 'Microsoft'
MATCH (a)-[:invests-in]->(t) WHERE a.name = $who RETURN t.name ORDER BY t.name;
.mode json
MATCH ('Mistral AI')-[:founded-by]->(p) RETURN p.name ORDER BY p.name LIMIT 1;
.once out.csv
.mode csv
MATCH (r:Regulator) RETURN count(*) AS n;
KGQ
"$KG" query g.kg -f tour.kgq >out.txt 2>err.txt; rc=$?
[ $rc -eq 0 ] || fail "exit $rc: $(cat err.txt)"
head -n 1 out.txt | grep -qx 't.name' || fail "csv header missing: $(head -n 3 out.txt)"
grep -qx 'Mistral AI' out.txt || fail "csv rows missing: $(cat out.txt)"
grep -q '"p.name": *"Arthur Mensch"' out.txt || fail "json row missing: $(cat out.txt)"
[ -f out.csv ] && grep -qx 'n' out.csv || fail ".once did not write out.csv"
grep -q '^n$' out.txt && fail ".once output leaked to stdout"

# A mistyped dot-command in a file is an error with its position, exit 1.
printf '.mode csv\n.modee json\n' > typo.kgq
"$KG" query g.kg -f typo.kgq >/dev/null 2>err.txt; rc=$?
[ $rc -eq 1 ] || fail "typo: exit $rc"
grep -q "did you mean '.mode'" err.txt || fail "typo: no suggestion: $(cat err.txt)"

# -c text takes dot-commands too.
"$KG" query g.kg -c ".mode tsv
MATCH ('Microsoft')-[:invests-in]->(t) RETURN t.name ORDER BY t.name LIMIT 1;" >out.txt 2>err.txt || fail "-c with dot-command: $(cat err.txt)"
head -n 1 out.txt | grep -qx 't.name' || fail "-c tsv header: $(cat out.txt)"

[ $fails -eq 0 ] && echo "query_dotcommands: all checks passed"
exit $((fails > 0))
