#!/usr/bin/env bash
# The bundled triples file ingests, and kg stats agrees with counts computed
# independently from the file (python3), and the derived sample files are
# up to date with the articles.
set -u
KG="$1"; SRC="$2"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
file="$SRC/samples/microsoft-mistral.triples.jsonl"
"$KG" ingest --triples "$file" -o "$tmp/s.kg" 2>/dev/null || { echo "FAIL: ingest"; exit 1; }
"$KG" stats --json "$tmp/s.kg" >"$tmp/stats.json" || { echo "FAIL: stats"; exit 1; }
command -v python3 >/dev/null || { echo "python3 missing: skipped"; exit 77; }
python3 - "$file" "$tmp/stats.json" <<'PY' || exit 1
import json, sys, collections, unicodedata
def fold(s):
    s = unicodedata.normalize("NFD", s.replace("\u2019", "'"))
    return " ".join("".join(c for c in s if not unicodedata.combining(c)).lower().split())
triples = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
stats = json.load(open(sys.argv[2]))
symmetric = {"partners-with", "competes-with"}
entities, rels, docs, types = {}, set(), set(), {}
for t in triples:
    for n, ty in ((t["subject"], t.get("subject_type")), (t["object"], t.get("object_type"))):
        k = fold(n)
        if k not in entities or entities[k] == "Other":
            entities[k] = ty or entities.get(k) or "Other"
    s, o = fold(t["subject"]), fold(t["object"])
    if t["relation"] in symmetric and (t["relation"], o, s) in rels:
        s, o = o, s
    rels.add((t["relation"], s, o))
    docs.add(t["source"]["doc"])
by_type = collections.Counter(entities.values())
by_rel = collections.Counter(r for r, _, _ in rels)
want = {"entities": len(entities), "relations": len(rels), "evidence": len(triples), "documents": len(docs)}
bad = [f"{k}: kg says {stats[k]}, file has {v}" for k, v in want.items() if stats[k] != v]
bad += [f"type {k}: kg {stats['entity_types'].get(k)}, file {v}" for k, v in by_type.items() if stats["entity_types"].get(k) != v]
bad += [f"relation {k}: kg {stats['relation_types'].get(k)}, file {v}" for k, v in by_rel.items() if stats["relation_types"].get(k) != v]
if bad:
    print("FAIL:", *bad, sep="\n  ")
    sys.exit(1)
print("samples_triples: stats match the file", want)
PY
python3 "$SRC/samples/build_samples.py" --check >/dev/null || { echo "FAIL: samples/ derived files are out of date (samples/build_samples.py)"; exit 1; }
