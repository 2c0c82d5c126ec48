#!/usr/bin/env bash
# kg export --format ntriples and --format neo4j on the graph of the sample
# corpus: the N-Triples file parses (rdflib when installed, else a strict line
# grammar) and holds one plain and one reified triple per relation; the Neo4j
# directory has the neo4j-admin header layout, one row per entity/relation,
# unique ids, every relationship end a node; exports replace an earlier
# export but never a directory with other files; bad targets exit 2 or 3.
set -u -o pipefail
KG="$1"; SRC="$2"
case "$KG" in /*) ;; *) KG="$PWD/$KG" ;; esac
case "$SRC" in /*) ;; *) SRC="$PWD/$SRC" ;; esac
command -v python3 >/dev/null || { echo "skip: python3 not installed"; exit 77; }
# The N-Triples check uses rdflib where some python3 has it (Debian: python3-rdflib).
PY_RDF=python3
for py in python3 /usr/bin/python3; do
  if command -v "$py" >/dev/null && "$py" -c 'import rdflib' 2>/dev/null; then PY_RDF=$py; break; fi
done
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
fail() { echo "FAIL: $*"; exit 1; }

"$KG" ingest "$SRC/samples/corpus" -o g.kg 2>/dev/null || fail "ingest"
"$KG" stats --json g.kg > stats.json || fail "stats"

# --- N-Triples -------------------------------------------------------------
"$KG" export g.kg -o g.nt || fail "export .nt"
"$KG" export g.kg -o - --format ntriples > stdout.nt || fail "export ntriples to stdout"
cmp -s g.nt stdout.nt || fail "the .nt file and standard output differ"
"$PY_RDF" - g.nt stats.json <<'PY' || fail "N-Triples check"
import json, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
stats = json.load(open(sys.argv[2]))
lines = text.splitlines()
assert text.endswith("\n") and lines, "empty or unterminated file"
iri = r'<[^<>"{}|^`\\\x00-\x20]+>'
lit = r'"(?:[^"\\\n\r]|\\[tbnrf"\'\\]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*"(?:\^\^' + iri + r'|@[A-Za-z]+(?:-[A-Za-z0-9]+)*)?'
line_re = re.compile(r'^(' + iri + r') (' + iri + r') (' + iri + r'|' + lit + r') \.$')
triples = []
for n, l in enumerate(lines, 1):
    m = line_re.match(l)
    assert m, f"line {n} is not an N-Triples triple: {l}"
    triples.append(m.groups())
try:
    import rdflib
    g = rdflib.Graph()
    g.parse(sys.argv[1], format="nt")
    assert len(g) == len(set(triples)), f"rdflib read {len(g)} triples, the file has {len(set(triples))} distinct"
    parser = "rdflib " + rdflib.__version__
    rows = g.query("""SELECT (COUNT(?s) AS ?n) WHERE { ?s a <http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement> }""")
    assert int(list(rows)[0][0]) == stats["relations"], "reified statements != relations"
    amount = g.query("""SELECT ?a WHERE { ?s <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> <urn:kg:entity/Microsoft> ;
        <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> <urn:kg:relation/invests-in> ;
        <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> <urn:kg:entity/Mistral_AI> ; <urn:kg:prop/amount> ?a }""")
    values = [float(r[0].toPython()) for r in amount]
    assert values == [15000000.0], values
except ImportError:
    parser = "line grammar (rdflib not installed)"
RDF = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#"
statements = sum(1 for s, p, o in triples if p == RDF + "type>" and o == RDF + "Statement>")
assert statements == stats["relations"], (statements, stats["relations"])
evidence = sum(1 for s, p, o in triples if p == "<urn:kg:prop/evidence>")
assert evidence == stats["evidence"], (evidence, stats["evidence"])
entities = {s for s, p, o in triples if p == RDF + "type>" and s.startswith("<urn:kg:entity/")}
assert len(entities) == stats["entities"], (len(entities), stats["entities"])
plain = [t for t in triples if t[1].startswith("<urn:kg:relation/")]
assert len(plain) == stats["relations"], (len(plain), stats["relations"])
for name, n in stats["relation_types"].items():
    got = sum(1 for t in plain if t[1] == f"<urn:kg:relation/{name}>")
    assert got == n, (name, got, n)
assert ('<urn:kg:entity/Microsoft>', '<urn:kg:relation/invests-in>', '<urn:kg:entity/Mistral_AI>') in plain
assert any(o.endswith('^^<http://www.w3.org/2001/XMLSchema#date>') for s, p, o in triples if p == "<urn:kg:prop/date>")
print(f"ok: {len(lines)} N-Triples lines ({parser})")
PY

# --- Neo4j bulk-import CSV -------------------------------------------------
"$KG" export g.kg -o neo --format neo4j || fail "export neo4j"
[ -f neo/nodes.csv ] && [ -f neo/relationships.csv ] || fail "neo4j directory lacks nodes.csv/relationships.csv"
python3 - neo stats.json <<'PY' || fail "Neo4j CSV check"
import csv, json, os, re, sys
d, stats = sys.argv[1], json.load(open(sys.argv[2]))
with open(os.path.join(d, "nodes.csv"), newline="", encoding="utf-8") as f:
    nodes = list(csv.reader(f, strict=True))
with open(os.path.join(d, "relationships.csv"), newline="", encoding="utf-8") as f:
    rels = list(csv.reader(f, strict=True))
assert nodes[0] == ["id:ID", "name", "type", "aliases:string[]", ":LABEL"], nodes[0]
assert rels[0][:3] == [":START_ID", ":END_ID", ":TYPE"], rels[0]
for col in ["weight:double", "amount:double", "currency", "date:date", "hedged:boolean"]:
    assert col in rels[0], col
assert len(nodes) - 1 == stats["entities"] and len(rels) - 1 == stats["relations"]
assert all(len(r) == len(nodes[0]) for r in nodes) and all(len(r) == len(rels[0]) for r in rels)
ids = [r[0] for r in nodes[1:]]
assert len(set(ids)) == len(ids), "duplicate node ids"
col = {name: i for i, name in enumerate(rels[0])}
for r in rels[1:]:
    assert r[0] in ids and r[1] in ids, r
    assert re.fullmatch(r"[A-Z0-9_]+", r[2]), r[2]
    if r[col["date:date"]]: assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", r[col["date:date"]]), r
    if r[col["amount:double"]]: float(r[col["amount:double"]])
    assert r[col["hedged:boolean"]] in ("true", "false")
by_type = {}
for r in rels[1:]: by_type[r[col["relation"]]] = by_type.get(r[col["relation"]], 0) + 1
assert by_type == stats["relation_types"], (by_type, stats["relation_types"])
names = {r[0]: r for r in nodes[1:]}
mistral = [r for r in nodes[1:] if r[1] == "Mistral AI"]
assert mistral and "Mistral" in mistral[0][3].split(";") and mistral[0][4] == "Entity;Organization", mistral
deal = [r for r in rels[1:] if names[r[0]][1] == "Microsoft" and names[r[1]][1] == "Mistral AI" and r[2] == "INVESTS_IN"]
assert len(deal) == 1 and float(deal[0][col["amount:double"]]) == 15e6 and deal[0][col["currency"]] == "EUR", deal
print(f"ok: Neo4j CSV with {len(nodes) - 1} nodes and {len(rels) - 1} relationships")
PY
ls -a | grep -q '\.tmp-' && fail "a temporary directory was left behind"

# Re-export replaces an earlier export (a smaller graph now).
"$KG" ingest --triples "$SRC/samples/microsoft-mistral.triples.jsonl" -o small.kg 2>/dev/null || fail "ingest triples"
"$KG" export small.kg -o neo/ --format neo4j || fail "re-export over an earlier export"
want=$(( $("$KG" stats --json small.kg | sed 's/.*"entities": \([0-9]*\).*/\1/') + 1 ))
[ "$(wc -l < neo/nodes.csv)" = "$want" ] || fail "re-export did not replace nodes.csv"
ls -a | grep -q '\.tmp-' && fail "a temporary directory was left behind after replacing"

# Never over someone's directory, never over a file, never to a stream.
mkdir mine && echo keep > mine/notes.txt
"$KG" export g.kg -o mine --format neo4j 2>err; rc=$?
[ $rc = 3 ] || fail "export into a directory with other files: exit $rc, want 3"
grep -q "notes.txt" err || fail "the message does not name the foreign file: $(cat err)"
[ "$(cat mine/notes.txt)" = keep ] && [ ! -e mine/nodes.csv ] || fail "the foreign directory was touched"
echo x > plain.txt
"$KG" export g.kg -o plain.txt --format neo4j 2>err; rc=$?
[ $rc = 3 ] || fail "export over a file: exit $rc, want 3"
"$KG" export g.kg -o - --format neo4j > /dev/null 2>err; rc=$?
[ $rc = 2 ] && grep -q "directory" err || fail "neo4j to stdout: exit $rc, want 2 with a message about a directory"
"$KG" export g.kg -o out.triples 2>err; rc=$?
[ $rc = 2 ] || fail "unknown extension: exit $rc, want 2"
"$KG" export g.kg -o x --format neo4jj 2>err; rc=$?
[ $rc = 2 ] && grep -q "did you mean 'neo4j'" err || fail "misspelt format: exit $rc, $(cat err)"
"$KG" export g.kg -o /nonexistent-dir/sub/neo --format neo4j 2>err; rc=$?
[ $rc = 3 ] || fail "unwritable parent: exit $rc, want 3"
echo "ok: exports replace earlier exports only; bad targets exit 2/3"
