#!/usr/bin/env python3
"""networkx peer: loads nodes.csv/edges.csv into a MultiDiGraph, answers the
benchmark questions, and times write_graphml and read_graphml (of kg's own
GraphML export when given, so the reader also checks kg's output).

usage: nx_peer.py DATA_DIR [--graphml-out FILE] [--read-graphml KG_EXPORT.graphml]
"""
import argparse
import csv
import gc
import json
import os
import sys
import time

import networkx as nx

sys.path.insert(0, os.path.dirname(__file__))
from common import emit, questions, timed  # noqa: E402


def load(data_dir):
    g = nx.MultiDiGraph()
    with open(os.path.join(data_dir, "nodes.csv"), newline="") as f:
        for row in csv.DictReader(f):
            g.add_node(row["name"], type=row["type"])
    with open(os.path.join(data_dir, "edges.csv"), newline="") as f:
        for row in csv.DictReader(f):
            attrs = {"type": row["type"], "date": row["date"], "doc": row["doc"], "sentence": int(row["sentence"])}
            if row["amount"]:
                attrs["amount"] = float(row["amount"])
                attrs["currency"] = row["currency"]
            g.add_edge(row["subject"], row["object"], key=row["type"], **attrs)
    return g


def neighbours(g, n):
    return set(g.successors(n)) | set(g.predecessors(n))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data_dir")
    ap.add_argument("--graphml-out")
    ap.add_argument("--read-graphml")
    ap.add_argument("--min-seconds", type=float, default=0.5)
    args = ap.parse_args()
    with open(os.path.join(args.data_dir, "meta.json")) as f:
        q = questions(json.load(f))

    t0 = time.perf_counter()
    g = load(args.data_dir)
    load_s = time.perf_counter() - t0
    ug = g.to_undirected(as_view=True)

    def one_hop():
        return len(neighbours(g, q["named"]) - {q["named"]})

    def two_hop():
        reached = set()
        for m in neighbours(g, q["named"]):
            reached |= neighbours(g, m)
        reached.discard(q["named"])
        return len(reached)

    def reach3():
        return len(nx.single_source_shortest_path_length(ug, q["hub"], cutoff=3)) - 1

    def shortest():
        try:
            return nx.shortest_path_length(ug, q["path_from"], q["path_to"])
        except nx.NetworkXNoPath:
            return None

    def per_type():
        counts = {}
        for _, _, t in g.edges(data="type"):
            counts[t] = counts.get(t, 0) + 1
        return counts

    def date_amount():
        n = 0
        for _, _, d in g.edges(data=True):
            a = d.get("amount")
            if a is not None and a >= q["min_amount"] and d["date"] >= q["date_from"]:
                n += 1
        return n

    answers, times = {}, {}
    for name, fn in [("one_hop", one_hop), ("two_hop", two_hop), ("reach3", reach3), ("shortest", shortest),
                     ("per_type", per_type), ("date_amount", date_amount)]:
        answers[name], times[name] = timed(fn, args.min_seconds)

    result = {"peer": "networkx " + nx.__version__, "load_s": load_s, "answers": answers, "times_s": times,
              "entities": g.number_of_nodes(), "relations": g.number_of_edges()}
    if args.graphml_out:
        t0 = time.perf_counter()
        nx.write_graphml(g, args.graphml_out)
        result["write_graphml_s"] = time.perf_counter() - t0
        result["write_graphml_bytes"] = os.path.getsize(args.graphml_out)
    if args.read_graphml:
        del g  # the read-back graph and its XML tree need the memory
        gc.collect()
        t0 = time.perf_counter()
        h = nx.read_graphml(args.read_graphml, force_multigraph=True)
        result["read_graphml_s"] = time.perf_counter() - t0
        result["read_graphml_bytes"] = os.path.getsize(args.read_graphml)
        result["read_graphml_counts"] = [h.number_of_nodes(), h.number_of_edges()]
    emit(result)


if __name__ == "__main__":
    main()
