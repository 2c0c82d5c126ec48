#!/usr/bin/env bash
# Sharded ingest + merge gives the graph of one whole-corpus ingest (issue 6,
# acceptance 3): for the text corpus samples/corpus (N = 2 and 3, shards
# merged in order and in reverse), a 300-document corpus made from it, and the
# sample triples file, the merged graph has the same `kg stats --json`, the
# same answers to a set of KGQ queries (relations per type, investments with
# amount/date/first source/evidence count, founders, entity types, WHY,
# reachability) and the same canonical content (entities with types and
# aliases, relations with all evidence and derived attributes, documents).
# Also: shards partition the documents, a shard is reproducible, and bad
# --shard values are usage errors (exit 2).
set -u -o pipefail
KG="$1"; SRC="$2"
case "$KG" in /*) ;; *) KG="$PWD/$KG" ;; esac
case "$SRC" in /*) ;; *) SRC="$PWD/$SRC" ;; esac
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
fail() { echo "FAIL: $*"; exit 1; }

cat > queries.kgq <<'EOF'
MATCH (a)-[r]->(b) RETURN type(r) AS rel, count(*) AS n ORDER BY rel;
MATCH (i)-[d:invests-in]->(t) RETURN i.name, t.name, d.amount, d.date, d.source, evidence_count(d) ORDER BY i.name, t.name;
MATCH (c)-[:founded-by]->(f) RETURN c.name, f.name ORDER BY c.name, f.name;
MATCH (x) RETURN labels(x) AS t, count(*) AS n ORDER BY t;
MATCH (a)-[r]->(b) RETURN a.name, type(r), b.name, evidence_count(r), r.source, r.sentence ORDER BY a.name, type(r), b.name;
MATCH (x) RETURN x.name, labels(x) ORDER BY x.name;
WHY ('Microsoft')-[:invests-in]->('Mistral AI');
MATCH ('Mistral AI')-[*1..2]-(x) RETURN count(DISTINCT x) AS within_two_hops;
EOF

# Entities, relations (symmetric ones in a fixed direction) with every
# evidence record and derived attribute, and documents, as sorted sets.
cat > canon.py <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
nodes = {n["id"]: n for n in d["nodes"]}
out = {"entities": sorted([n["label"], n["type"], sorted(n["aliases"])] for n in d["nodes"])}
rels = []
for e in d["edges"]:
    s, o = nodes[e["source"]]["label"], nodes[e["target"]]["label"]
    if e.get("symmetric") and o < s:
        s, o = o, s
    derived = {k: e.get(k) for k in ("amount", "currency", "amount_text", "date", "hedged", "weight", "first_source")}
    rels.append([s, e["relation"], o, derived, e["evidence"]])
out["relations"] = sorted(rels, key=lambda r: json.dumps(r[:3]))
out["documents"] = sorted(d["documents"], key=lambda x: x["id"])
print(json.dumps(out, sort_keys=True, indent=1, ensure_ascii=False))
EOF
have_python=0; command -v python3 >/dev/null && have_python=1

# describe GRAPH OUT: everything the comparison looks at, in one file.
describe() {
  { "$KG" stats --json "$1" && "$KG" query "$1" -f queries.kgq --mode jsonl; } > "$2" || fail "stats/query on $1"
  if [ $have_python = 1 ]; then
    "$KG" export "$1" -o "$1.json" || fail "export $1"
    python3 canon.py "$1.json" >> "$2" || fail "canon $1"
  fi
}

# check NAME N INGEST-ARGS...: whole ingest vs N shards merged (both orders).
check() {
  local name=$1 n=$2; shift 2
  "$KG" ingest "$@" -o "$name-whole.kg" 2>/dev/null || fail "$name: whole ingest"
  describe "$name-whole.kg" "$name-whole.txt"
  local shards=() docs=0
  for i in $(seq 1 "$n"); do
    "$KG" ingest --shard "$i/$n" "$@" -o "$name-$i-of-$n.kg" 2>/dev/null || fail "$name: shard $i/$n"
    shards+=("$name-$i-of-$n.kg")
    d=$("$KG" stats --json "$name-$i-of-$n.kg" | sed 's/.*"documents": \([0-9]*\).*/\1/')
    [ "$d" -gt 0 ] || fail "$name: shard $i/$n has no documents (the hash does not spread them)"
    docs=$((docs + d))
  done
  whole_docs=$("$KG" stats --json "$name-whole.kg" | sed 's/.*"documents": \([0-9]*\).*/\1/')
  [ "$docs" = "$whole_docs" ] || fail "$name: $n shards hold $docs documents, the whole corpus $whole_docs"
  local reversed=()
  for ((k = ${#shards[@]} - 1; k >= 0; k--)); do reversed+=("${shards[k]}"); done
  "$KG" merge "${shards[@]}" -o "$name-merged.kg" || fail "$name: merge"
  "$KG" merge "${reversed[@]}" -o "$name-merged-rev.kg" || fail "$name: merge (reverse order)"
  for m in "$name-merged" "$name-merged-rev"; do
    describe "$m.kg" "$m.txt"
    if ! cmp -s "$name-whole.txt" "$m.txt"; then
      diff "$name-whole.txt" "$m.txt" | head -20
      fail "$name: $m.kg ($n shards) differs from the whole-corpus graph"
    fi
  done
  echo "ok: $name, $n shards ($whole_docs documents) merge to the whole-corpus graph"
}

check corpus 2 "$SRC/samples/corpus"
check corpus 3 "$SRC/samples/corpus"
check triples 2 --triples "$SRC/samples/microsoft-mistral.triples.jsonl"
check triples 3 --triples "$SRC/samples/microsoft-mistral.triples.jsonl"

if [ $have_python = 1 ]; then
  # A larger corpus in which the same sentences name different companies, so
  # shards meet the same entities from different documents.
  python3 - "$SRC/samples/corpus" docs.jsonl <<'PY'
import json, os, sys
src, out = sys.argv[1], sys.argv[2]
texts = [open(os.path.join(src, f), encoding="utf-8").read() for f in sorted(os.listdir(src)) if f.endswith(".txt")]
names = ["Microsoft", "Amazon", "Google", "Nvidia", "Apple", "Oracle"]
with open(out, "w", encoding="utf-8") as f:
    for i in range(300):
        t = texts[(i * 7) % len(texts)].replace("Microsoft", names[i % len(names)])
        f.write(json.dumps({"id": f"doc-{(i * 37) % 300}", "text": t}) + "\n")
PY
  check generated 3 --jobs 2 docs.jsonl
fi

# A shard is a pure function of the inputs: the same file twice.
"$KG" ingest --shard 2/3 "$SRC/samples/corpus" -o again.kg 2>/dev/null || fail "shard rerun"
cmp -s again.kg corpus-2-of-3.kg || fail "shard 2/3 is not reproducible"
# --shard 1/1 is the whole corpus.
"$KG" ingest --shard 1/1 "$SRC/samples/corpus" -o one.kg 2>/dev/null || fail "--shard 1/1"
cmp -s one.kg corpus-whole.kg || fail "--shard 1/1 differs from no --shard"

# Bad shard specs: usage errors naming the flag.
for bad in 0/2 3/2 1/0 2 a/b 1/2/3 -1/2 " 1/2" 1/2x ""; do
  out=$("$KG" ingest --shard "$bad" "$SRC/samples/corpus" -o bad.kg 2>&1); rc=$?
  [ $rc = 2 ] || fail "--shard '$bad' exit $rc, want 2"
  case "$out" in *--shard*) ;; *) fail "--shard '$bad': message does not name the flag: $out" ;; esac
  [ ! -e bad.kg ] || fail "--shard '$bad' wrote a graph"
done
echo "ok: shards reproducible, 1/1 = whole, bad --shard values exit 2"
