#!/usr/bin/env python3
"""SQLite peer: loads nodes.csv/edges.csv into an on-disk database with
indexes and a two-way adjacency table, and answers the benchmark questions
with SQL (recursive CTEs for reachability and shortest path).

usage: sqlite_peer.py DATA_DIR DB_FILE
"""
import argparse
import csv
import json
import os
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from common import emit, questions, timed  # noqa: E402


def load(data_dir, db_path):
    if os.path.exists(db_path):
        os.remove(db_path)
    db = sqlite3.connect(db_path)
    db.executescript("""
        PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
        CREATE TABLE entity(id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, type TEXT NOT NULL);
        CREATE TABLE rel(src INTEGER NOT NULL, dst INTEGER NOT NULL, type TEXT NOT NULL, date TEXT,
                         amount REAL, currency TEXT, doc TEXT, sentence INTEGER);
    """)
    ids = {}
    with open(os.path.join(data_dir, "nodes.csv"), newline="") as f:
        rows = []
        for i, row in enumerate(csv.DictReader(f)):
            ids[row["name"]] = i
            rows.append((i, row["name"], row["type"]))
        db.executemany("INSERT INTO entity VALUES (?,?,?)", rows)
    with open(os.path.join(data_dir, "edges.csv"), newline="") as f:
        db.executemany("INSERT INTO rel VALUES (?,?,?,?,?,?,?,?)",
                       ((ids[r["subject"]], ids[r["object"]], r["type"], r["date"],
                         float(r["amount"]) if r["amount"] else None, r["currency"] or None, r["doc"],
                         int(r["sentence"])) for r in csv.DictReader(f)))
    db.executescript("""
        CREATE INDEX rel_src ON rel(src); CREATE INDEX rel_dst ON rel(dst);
        CREATE TABLE adj(src INTEGER NOT NULL, dst INTEGER NOT NULL);
        INSERT INTO adj SELECT src, dst FROM rel UNION ALL SELECT dst, src FROM rel;
        CREATE INDEX adj_src ON adj(src, dst);
        ANALYZE;
    """)
    db.commit()
    return db


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data_dir")
    ap.add_argument("db")
    ap.add_argument("--min-seconds", type=float, default=0.5)
    args = ap.parse_args()
    with open(os.path.join(args.data_dir, "meta.json")) as f:
        q = questions(json.load(f))

    t0 = time.perf_counter()
    db = load(args.data_dir, args.db)
    load_s = time.perf_counter() - t0

    def scalar(sql, *params):
        return db.execute(sql, params).fetchone()[0]

    def entity_id(name):  # part of every question: the lookup by name is timed too
        return scalar("SELECT id FROM entity WHERE name = ?", name)

    def one_hop():
        a = entity_id(q["named"])
        return scalar("SELECT count(DISTINCT dst) FROM adj WHERE src = ? AND dst <> ?", a, a)

    def two_hop():
        a = entity_id(q["named"])
        return scalar("""SELECT count(DISTINCT a2.dst) FROM adj a1 JOIN adj a2 ON a2.src = a1.dst
                         WHERE a1.src = ? AND a2.dst <> ?""", a, a)

    def reach3():
        a = entity_id(q["hub"])
        return scalar("""WITH RECURSIVE r(n, d) AS (
                           SELECT ?, 0 UNION
                           SELECT adj.dst, r.d + 1 FROM r JOIN adj ON adj.src = r.n WHERE r.d < 3)
                         SELECT count(DISTINCT n) FROM r WHERE n <> ?""", a, a)

    def shortest():
        a, b = entity_id(q["path_from"]), entity_id(q["path_to"])
        return scalar("""WITH RECURSIVE r(n, d) AS (
                           SELECT ?, 0 UNION
                           SELECT adj.dst, r.d + 1 FROM r JOIN adj ON adj.src = r.n WHERE r.d < ?)
                         SELECT min(d) FROM r WHERE n = ?""", a, q["max_path"], b)

    def per_type():
        return dict(db.execute("SELECT type, count(*) FROM rel GROUP BY type").fetchall())

    def date_amount():
        return scalar("SELECT count(*) FROM rel WHERE date >= ? AND amount >= ?", q["date_from"], q["min_amount"])

    answers, times = {}, {}
    for name, fn in [("one_hop", one_hop), ("two_hop", two_hop), ("reach3", reach3), ("shortest", shortest),
                     ("per_type", per_type), ("date_amount", date_amount)]:
        answers[name], times[name] = timed(fn, args.min_seconds)
    emit({"peer": "SQLite " + sqlite3.sqlite_version, "load_s": load_s, "answers": answers, "times_s": times})


if __name__ == "__main__":
    main()
