#!/usr/bin/env bash
# End-to-end checks of kg export: a triples file with hostile names (& < > " ',
# control characters, emoji, invalid UTF-8) gives GraphML that validates
# against the GraphML XSD and reads back in networkx with the same counts and
# labels, GEXF that is well-formed (and reads back), JSON that networkx's
# node_link_graph loads, DOT that Graphviz renders; usage errors exit 2.
# Parts whose tools are missing (../shared/graphml, networkx, dot) are skipped.
set -u
KG="$1"; SRC="$2"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fails=0
skipped=""
fail() { echo "FAIL: $*" >&2; fails=$((fails+1)); }
expect_rc() { # expected_rc description command...
  local want=$1 what=$2; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
  [ "$rc" -eq "$want" ] || fail "$what: exit $rc, wanted $want; stderr: $(head -c 300 "$tmp/err")"
}

# --- a triples file with hostile names -------------------------------------
# Control characters are JSON escapes (\u001b, \u000b, \u0001); the invalid
# UTF-8 bytes \xff\xfe are raw bytes on the last line.
cat >"$tmp/t.jsonl" <<'JSONL'
{"subject":"Microsoft","subject_type":"Organization","relation":"invests-in","object":"Mistral AI","object_type":"Organization","attrs":{"amount":"€15 million","amount_value":15000000,"currency":"EUR","date":"2024-02-26"},"source":{"doc":"art-1","sentence":2,"start":10,"end":60,"text":"Microsoft will invest €15 million in Mistral AI."}}
{"subject":"Microsoft","relation":"invests-in","object":"Mistral AI","attrs":{"date":"2024-02"},"source":{"doc":"art-2","sentence":0,"text":"Microsoft's stake in Mistral AI is small."}}
{"subject":"Microsoft","relation":"partners-with","object":"Mistral AI","source":{"doc":"art-1","sentence":1,"text":"Microsoft and Mistral AI announced a partnership."}}
{"subject":"European Commission","subject_type":"Regulator","relation":"investigates","object":"Microsoft","attrs":{"hedged":true},"source":{"doc":"art-3","sentence":4,"text":"The Commission may look into the deal."}}
{"subject":"AT&T <x> \"q\" 'y' «Zürich» €","subject_type":"Organization","relation":"competes-with","object":"Emoji 🚀 Corp\u001b\u000b\u0001","source":{"doc":"art&4","sentence":1,"text":"tab\there & <b>bold</b>"}}
JSONL
printf '{"subject":"Bad\xff\xfeBytes GmbH","relation":"acquires","object":"Mistral AI","source":{"doc":"art-5","text":"x"}}\n' >>"$tmp/t.jsonl"

expect_rc 0 "ingest hostile triples" "$KG" ingest --triples "$tmp/t.jsonl" -o "$tmp/g.kg"
[ -s "$tmp/g.kg" ] || { echo "FAIL: no graph file; cannot continue" >&2; exit 1; }
expect_rc 0 "stats --json" "$KG" stats "$tmp/g.kg" --json
cp "$tmp/out" "$tmp/stats.json"

# --- every format, by extension ---------------------------------------------
for fmt in graphml gexf json dot; do
  expect_rc 0 "export $fmt" "$KG" export "$tmp/g.kg" -o "$tmp/g.$fmt"
  [ -s "$tmp/g.$fmt" ] || fail "export $fmt wrote nothing"
  [ -s "$tmp/out" ] && fail "export $fmt printed to stdout: $(head -c 200 "$tmp/out")"
  iconv -f UTF-8 -t UTF-8 "$tmp/g.$fmt" >/dev/null 2>&1 || fail "g.$fmt is not valid UTF-8"
  if LC_ALL=C grep -q $'[\x01-\x08\x0b\x0c\x0e-\x1f]' "$tmp/g.$fmt"; then fail "g.$fmt holds control characters"; fi
done
for fmt in graphml gexf; do
  [ "$(head -c 38 "$tmp/g.$fmt")" = '<?xml version="1.0" encoding="UTF-8"?>' ] || fail "g.$fmt does not start with the XML declaration"
done
grep -q 'AT&amp;T &lt;x&gt; &quot;q&quot; &apos;y&apos;' "$tmp/g.graphml" || fail "GraphML name not escaped as expected"
grep -Eq '<key id="d[0-9]+"' "$tmp/g.graphml" && fail "GraphML uses networkx-style d* key ids"
grep -Eq 'attr.type="(date|datetime|integer)"' "$tmp/g.graphml" && fail "GraphML uses a non-standard attr.type"
grep -q '<data key="k[0-9]*"></data>' "$tmp/g.graphml" && fail "GraphML writes empty values"

# stdout needs --format; --format wins over the extension; same bytes as the file
expect_rc 0 "export to stdout" "$KG" export "$tmp/g.kg" -o - --format graphml
cmp -s "$tmp/out" "$tmp/g.graphml" || fail "stdout GraphML differs from the file export"
expect_rc 0 "--format overrides the extension" "$KG" export "$tmp/g.kg" -o "$tmp/as.txt" --format gexf
cmp -s "$tmp/as.txt" "$tmp/g.gexf" || fail "--format gexf to .txt differs from the .gexf export"

# --- usage, data and I/O errors ----------------------------------------------
expect_rc 2 "stdout without --format" "$KG" export "$tmp/g.kg" -o -
grep -q -- "--format" "$tmp/err" || fail "stdout error does not mention --format"
expect_rc 2 "unknown format" "$KG" export "$tmp/g.kg" -o "$tmp/x.out" --format graphmll
grep -q "did you mean 'graphml'" "$tmp/err" || fail "no did-you-mean for --format graphmll"
expect_rc 2 "unknown extension" "$KG" export "$tmp/g.kg" -o "$tmp/x.xml"
expect_rc 2 "missing -o" "$KG" export "$tmp/g.kg"
expect_rc 2 "no graph" "$KG" export -o "$tmp/x.graphml"
expect_rc 2 "output is the graph itself" "$KG" export "$tmp/g.kg" -o "$tmp/g.kg" --format json
"$KG" stats "$tmp/g.kg" >/dev/null 2>&1 || fail "the graph file was damaged by refusing to overwrite it"
expect_rc 3 "missing graph file" "$KG" export "$tmp/none.kg" -o "$tmp/x.graphml"
grep -q "none.kg" "$tmp/err" || fail "I/O error does not name the graph file"
head -c 200 "$tmp/g.kg" >"$tmp/cut.kg"
expect_rc 1 "truncated graph file" "$KG" export "$tmp/cut.kg" -o "$tmp/x.graphml"
[ -e "$tmp/x.graphml" ] && fail "a failed export left an output file"
expect_rc 3 "unwritable output directory" "$KG" export "$tmp/g.kg" -o "$tmp/no/such/dir/g.graphml"
expect_rc 0 "export --help" "$KG" export --help
grep -q "Usage: kg export" "$tmp/out" || fail "kg export --help shows no usage"

# --- GraphML against the XSD (needs ../shared/graphml) ------------------------
shared="$SRC/../shared/graphml"
if [ -f "$shared/graphml.xsd" ] && command -v xmllint >/dev/null; then
  XML_CATALOG_FILES="$shared/catalog.xml" xmllint --nonet --noout --schema "$shared/graphml.xsd" "$tmp/g.graphml" \
    2>"$tmp/xsd.err" || fail "GraphML does not validate: $(head -c 400 "$tmp/xsd.err")"
else
  skipped="$skipped graphml-xsd"
fi
if command -v xmllint >/dev/null; then
  xmllint --noout "$tmp/g.gexf" 2>"$tmp/wf.err" || fail "GEXF is not well-formed: $(head -c 400 "$tmp/wf.err")"
  xmllint --noout "$tmp/g.graphml" 2>"$tmp/wf.err" || fail "GraphML is not well-formed: $(head -c 400 "$tmp/wf.err")"
else
  skipped="$skipped xmllint"
fi

# --- read back with networkx --------------------------------------------------
if command -v python3 >/dev/null && python3 -c 'import networkx' 2>/dev/null; then
  python3 - "$tmp" >"$tmp/py.out" 2>&1 <<'PY' || fail "networkx read-back: $(cat "$tmp/py.out")"
import json, re, sys
import networkx as nx
tmp = sys.argv[1]
stats = json.load(open(f"{tmp}/stats.json"))
problems = []

def check(cond, what):
    if not cond:
        problems.append(what)

# What the labels must be: the input names as valid UTF-8 (bad bytes become
# U+FFFD) without the characters XML 1.0 forbids, trimmed.
forbidden = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
expected_labels, expected_edges = set(), set()
for raw in open(f"{tmp}/t.jsonl", "rb"):
    if not raw.strip():
        continue
    t = json.loads(raw.decode("utf-8", errors="replace"))
    s, o = (forbidden.sub("", t[k]).strip() for k in ("subject", "object"))
    expected_labels |= {s, o}
    expected_edges.add((s, t["relation"], o))

g = nx.read_graphml(f"{tmp}/g.graphml")
check(isinstance(g, nx.MultiDiGraph), f"GraphML read as {type(g).__name__}, not a directed multigraph")
check(g.number_of_nodes() == stats["entities"], f"GraphML nodes {g.number_of_nodes()} != stats {stats['entities']}")
check(g.number_of_edges() == stats["relations"], f"GraphML edges {g.number_of_edges()} != stats {stats['relations']}")
labels = {d["label"] for _, d in g.nodes(data=True)}
check(labels == expected_labels, f"GraphML labels {sorted(labels)} != input {sorted(expected_labels)}")
edges = {(g.nodes[u]["label"], d["label"], g.nodes[v]["label"]) for u, v, d in g.edges(data=True)}
check(edges == expected_edges, f"GraphML edges {sorted(edges)} != input {sorted(expected_edges)}")
check(all(d["relation"] == d["label"] for _, _, d in g.edges(data=True)), "relation column differs from label")
inv = [d for _, _, d in g.edges(data=True) if d["relation"] == "invests-in"]
check(len(inv) == 1 and inv[0]["weight"] == 2.0 and inv[0]["amount"] == 15000000.0 and inv[0]["currency"] == "EUR"
      and inv[0]["date"] == "2024-02", f"invests-in edge data wrong: {inv}")
hedged = [d for _, _, d in g.edges(data=True) if d.get("hedged")]
check(len(hedged) == 1 and hedged[0]["relation"] == "investigates", f"hedged flags wrong: {hedged}")
node_of = {d["label"]: n for n, d in g.nodes(data=True)}
pair = g.get_edge_data(node_of.get("Microsoft"), node_of.get("Mistral AI")) or {}
check(sorted(d["relation"] for d in pair.values()) == ["invests-in", "partners-with"],
      f"Microsoft -> Mistral AI edges: {pair}")
types = {d["label"]: d["type"] for _, d in g.nodes(data=True)}
check(types.get("European Commission") == "Regulator", f"type of European Commission: {types.get('European Commission')}")

x = nx.read_gexf(f"{tmp}/g.gexf")
check(x.number_of_nodes() == stats["entities"], f"GEXF nodes {x.number_of_nodes()} != {stats['entities']}")
check(x.number_of_edges() == stats["relations"], f"GEXF edges {x.number_of_edges()} != {stats['relations']}")
check({d["label"] for _, d in x.nodes(data=True)} == expected_labels, "GEXF labels differ from the input")
starts = sorted(d["start"] for _, _, d in x.edges(data=True) if "start" in d)
check(starts == ["2024-02-01"], f"GEXF edge starts {starts}, wanted ['2024-02-01']")

j = nx.node_link_graph(json.load(open(f"{tmp}/g.json")), edges="edges")
check(j.number_of_nodes() == stats["entities"] and j.number_of_edges() == stats["relations"],
      f"JSON counts {j.number_of_nodes()}/{j.number_of_edges()}")
check({d["label"] for _, d in j.nodes(data=True)} == expected_labels, "JSON labels differ from the input")
check(sum(len(d["evidence"]) for _, _, d in j.edges(data=True)) == stats["evidence"], "JSON evidence count differs")

if problems:
    print("\n".join(problems))
    sys.exit(1)
PY
else
  skipped="$skipped networkx"
fi

# --- DOT renders ----------------------------------------------------------------
if command -v dot >/dev/null; then
  dot -Tpng "$tmp/g.dot" -o "$tmp/g.png" 2>"$tmp/dot.err" || fail "dot cannot render the export: $(head -c 300 "$tmp/dot.err")"
  [ -s "$tmp/g.png" ] || fail "dot wrote no PNG"
else
  skipped="$skipped graphviz"
fi

[ -n "$skipped" ] && echo "skipped:$skipped" >&2
[ "$fails" -eq 0 ] || { echo "$fails check(s) failed" >&2; exit 1; }
# Only a skipped schema check makes the whole test a skip: it is the part the issue asks for.
case "$skipped" in *graphml-xsd*) exit 77 ;; esac
exit 0
