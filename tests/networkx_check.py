#!/usr/bin/env python3
"""Checks KGQ answers against networkx on a generated typed graph.

    python3 tests/networkx_check.py KG_BINARY [--entities 100000] [--relations 500000] [--seed 7]

Generates a deterministic graph (typed entities; typed relations, invests-in
ones with dates and amounts; a few hubs), ingests it with `kg ingest --triples`,
asks `kg query` for 1-hop, 2-hop, 1..3-hop distinct-endpoint counts, a
date-filtered walk, shortest path lengths and per-type counts, and compares
every answer with networkx. Exit 0 = all agree, 1 = a mismatch, 77 = skipped
(python3 networkx missing).
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile

try:
    import networkx as nx
except ImportError:
    print("skipped: python3 networkx is not installed (apt-get install python3-networkx)")
    sys.exit(77)

ENTITY_TYPES = ["Organization", "Person", "Regulator", "Place", "Product", "Model"]
RELATION_TYPES = ["invests-in", "partners-with", "competes-with", "acquires", "investigates",
                  "ceo-of", "launches", "hosted-on", "headquartered-in"]
SYMMETRIC = {"partners-with", "competes-with"}


def generate(n, m, seed):
    rng = random.Random(seed)
    types = [ENTITY_TYPES[rng.randrange(len(ENTITY_TYPES))] for _ in range(n)]

    def pick():
        # A few hubs: low indices are chosen far more often.
        return int(n * rng.random() ** 3) if rng.random() < 0.5 else rng.randrange(n)

    seen = set()
    edges = []  # (s, type, o, date, amount)
    while len(edges) < m:
        s, o = pick(), pick()
        if s == o:
            continue
        t = RELATION_TYPES[rng.randrange(len(RELATION_TYPES))]
        key = (min(s, o), t, max(s, o)) if t in SYMMETRIC else (s, t, o)
        if key in seen:
            continue
        seen.add(key)
        date = amount = None
        if t == "invests-in":
            date = "%04d-%02d-%02d" % (2020 + rng.randrange(5), 1 + rng.randrange(12), 1 + rng.randrange(28))
            amount = (1 + rng.randrange(500)) * 1000000
        edges.append((s, t, o, date, amount))
    return types, edges


def write_triples(path, types, edges):
    with open(path, "w") as f:
        for i, (s, t, o, date, amount) in enumerate(edges):
            attrs = {}
            if date:
                attrs = {"amount_value": amount, "currency": "USD", "date": date}
            f.write(json.dumps({"subject": "E%d" % s, "subject_type": types[s], "relation": t,
                                "object": "E%d" % o, "object_type": types[o], "attrs": attrs,
                                "source": {"doc": "gen", "sentence": i, "start": 0, "end": 1, "text": "generated"}},
                               separators=(",", ":")) + "\n")
    # Entities without a relation are not in a triples file, so not in the graph.
    linked = {e[0] for e in edges} | {e[2] for e in edges}
    print("generated %d relations over %d entities (%d without relations are left out)"
          % (len(edges), len(linked), len(types) - len(linked)))


def kg_query(kg, graph, text):
    r = subprocess.run([kg, "query", graph, "--mode", "list", "--timeout", "0", "-c", text],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError("kg query failed: %s\n%s" % (text, r.stderr))
    return [line.split("|") for line in r.stdout.splitlines()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("kg")
    ap.add_argument("--entities", type=int, default=100000)
    ap.add_argument("--relations", type=int, default=500000)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()

    types, edges = generate(a.entities, a.relations, a.seed)
    directed = nx.MultiDiGraph()
    for s, t, o, date, amount in edges:
        directed.add_edge(s, o, type=t, date=date)
        if t in SYMMETRIC:  # symmetric types match in both directions
            directed.add_edge(o, s, type=t, date=date)
    undirected = nx.Graph()
    undirected.add_edges_from((s, o) for s, _, o, _, _ in edges)

    failures = 0

    def check(what, got, want):
        nonlocal failures
        if got != want:
            failures += 1
            print("MISMATCH %s: kg %r, networkx %r" % (what, got, want))
        else:
            print("ok %s: %r" % (what, got))

    with tempfile.TemporaryDirectory() as tmp:
        triples = os.path.join(tmp, "gen.jsonl")
        graph = os.path.join(tmp, "gen.kg")
        write_triples(triples, types, edges)
        r = subprocess.run([a.kg, "ingest", "--triples", triples, "-o", graph], capture_output=True, text=True)
        if r.returncode != 0:
            print(r.stderr)
            return 1

        # per-type counts
        rel = {row[0]: int(row[2]) for row in kg_query(a.kg, graph, "SHOW RELATION TYPES;")}
        want = {}
        for _, t, _, _, _ in edges:
            want[t] = want.get(t, 0) + 1
        check("relations per type", {k: v for k, v in rel.items() if v}, want)
        ent = {row[0]: int(row[1]) for row in kg_query(a.kg, graph, "SHOW ENTITY TYPES;")}
        linked = {e[0] for e in edges} | {e[2] for e in edges}
        want = {}
        for v in linked:
            want[types[v]] = want.get(types[v], 0) + 1
        check("entities per type", {k: v for k, v in ent.items() if v}, want)

        # Scalar questions go to one kg run (one graph load); each gives one row.
        questions = []  # (label, KGQ, networkx answer)
        hubs = [0, 1, 2, a.entities // 3]
        for h in hubs:
            if h not in linked:
                continue
            name = "E%d" % h
            # 1-hop along a directed type
            want = len({o for _, o, d in directed.out_edges(h, data=True) if d["type"] == "invests-in"})
            questions.append(("%s 1-hop invests-in" % name,
                              "MATCH ('%s')-[:invests-in]->(x) RETURN count(DISTINCT x);" % name, want))
            # 2 fixed hops, ACYCLIC (no node twice)
            first = {o for _, o, d in directed.out_edges(h, data=True) if d["type"] in ("invests-in", "acquires")}
            want = set()
            for mid in first:
                for _, x, d in directed.out_edges(mid, data=True):
                    if d["type"] in ("invests-in", "acquires") and x != h and x != mid:
                        want.add(x)
            questions.append(("%s 2-hop distinct" % name,
                              "MATCH ('%s')-[:invests-in|acquires]->(m)-[:invests-in|acquires]->(x) "
                              "RETURN count(DISTINCT x);" % name, len(want)))
            # variable-length 1..3, any direction, distinct endpoints
            want = len(nx.single_source_shortest_path_length(undirected, h, cutoff=3)) - 1
            questions.append(("%s 1..3-hop distinct" % name,
                              "MATCH ('%s')-[*1..3]-(x) RETURN count(DISTINCT x);" % name, want))
            # per-hop date filter on a directed walk
            sub = nx.DiGraph()
            sub.add_edges_from((s, o) for s, o, d in directed.edges(data=True)
                               if d["type"] == "invests-in" and d["date"] >= "2023-01-01")
            want = len(nx.single_source_shortest_path_length(sub, h, cutoff=2)) - 1 if h in sub else 0
            questions.append(("%s 1..2-hop dated invests-in" % name,
                              "MATCH ('%s')-[:invests-in *1..2 WHERE edge.date >= 2023-01-01]->(x) "
                              "RETURN count(DISTINCT x);" % name, want))

        # shortest path lengths between pseudo-random pairs
        rng = random.Random(a.seed + 1)
        nodes = sorted(linked)
        for _ in range(8):
            s, t = nodes[rng.randrange(len(nodes))], nodes[rng.randrange(len(nodes))]
            if s == t:
                continue
            try:
                want = nx.shortest_path_length(undirected, s, t)
            except nx.NetworkXNoPath:
                want = None
            if want is not None and want > 8:
                continue
            questions.append(("shortest E%d-E%d" % (s, t),
                              "MATCH SHORTEST 1 p = ('E%d')-[*..8]-('E%d') RETURN min(length(p));" % (s, t), want))

        rows = kg_query(a.kg, graph, "\n".join(q for _, q, _ in questions))
        if len(rows) != len(questions):
            print("MISMATCH: %d answers for %d questions" % (len(rows), len(questions)))
            return 1
        for (label, _, want), row in zip(questions, rows):
            check(label, int(row[0]) if row[0] != "" else None, want)

    print("networkx check: %s" % ("all agree" if failures == 0 else "%d mismatches" % failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
