"""Shared by the hand-written evaluation sets under tests/data/: the relation
short names and the writer of docs.jsonl, gold.jsonl and aliases.json (the
score.py formats) from a list of (id, date or None, text, [(s, r, o)])."""
import json
import os

I, V, F, P, C, A, VAL, CEO, PRES, L, H, HQ = ("invests-in", "investigates", "founded-by", "partners-with",
    "competes-with", "acquires", "valued-at", "ceo-of", "president-of", "launches", "hosted-on", "headquartered-in")


def write_set(here, docs, aliases):
    with open(os.path.join(here, "docs.jsonl"), "w", encoding="utf-8") as d, \
         open(os.path.join(here, "gold.jsonl"), "w", encoding="utf-8") as g:
        for doc_id, date, text, triples in docs:
            rec = {"id": doc_id, "text": text}
            if date:
                rec["date"] = date
            d.write(json.dumps(rec, ensure_ascii=False) + "\n")
            g.write(json.dumps({"id": doc_id, "triples": [{"subject": s, "relation": r, "object": o} for s, r, o in triples]},
                               ensure_ascii=False) + "\n")
    with open(os.path.join(here, "aliases.json"), "w", encoding="utf-8") as a:
        json.dump(aliases, a, ensure_ascii=False, indent=1)
        a.write("\n")
    print(f"{len(docs)} documents, {sum(len(t) for *_, t in docs)} triples")
