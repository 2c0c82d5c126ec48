#!/usr/bin/env python3
"""Graph open time (issue 5: "a graph of 1 million relations is ready for the
first query in under 2 seconds"), behind `scripts/bench open`.

Generates (once, into bench/data/open/) a graph of 1,000,000 relations over
200,000 entities with bench/gen.cpp, saves it as JSON (.kg) and binary (.kgb),
and times, from the command line, opening each file and answering a first
query: `kg query G -c "MATCH ('NAME')-[e]-(x) RETURN count(*);"` (the shell
opens a graph with the same code). Wall time of the whole process, the median
of 5 runs after one warm-up (the file is in the page cache, as it is when a
user reopens a graph). Writes the "open" section of docs/benchmarks.md.

usage: open.py --build BUILD_DIR [--commit SHA] [--no-doc]
"""
import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import run as bench  # noqa: E402  (machine(), fmt helpers, write_doc)

ENTITIES, RELATIONS, RUNS = 200_000, 1_000_000, 5


def timed(cmd):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    secs = time.perf_counter() - t0
    if p.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {p.stderr[-1000:]}")
    return secs, p.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--commit")
    ap.add_argument("--no-doc", action="store_true")
    args = ap.parse_args()
    kg = os.path.join(args.build, "kg")
    data = os.path.join(ROOT, "bench", "data", "open")
    os.makedirs(data, exist_ok=True)
    if not os.path.exists(os.path.join(data, "meta.json")):
        bench.log(f"generating {ENTITIES} entities, {RELATIONS} relations")
        subprocess.run([os.path.join(args.build, "kg_bench_gen"), "graph", "--entities", str(ENTITIES), "--relations",
                        str(RELATIONS), "--out", data], check=True)
    meta = json.load(open(os.path.join(data, "meta.json")))
    g_json, g_bin = os.path.join(data, "graph.kg"), os.path.join(data, "graph.kgb")
    if not os.path.exists(g_json):  # cached like the generated data (delete bench/data/open to redo)
        bench.log("kg ingest --triples")
        subprocess.run([kg, "ingest", "--triples", os.path.join(data, "triples.jsonl"), "-o", g_json], check=True,
                       capture_output=True)
    bench.log("kg convert")
    subprocess.run([kg, "convert", g_json, g_bin], check=True)
    named = meta["named"]
    query = f"MATCH ('{named}')-[e]-(x) RETURN count(*);"
    rows = []
    for path in (g_bin, g_json):
        timed([kg, "query", path, "-c", query])  # warm-up: the file into the page cache
        times, answer = [], None
        for _ in range(RUNS):
            s, out = timed([kg, "query", path, "--mode", "csv", "-c", query])
            times.append(s)
            answer = out.strip().splitlines()[-1]
        rows.append((path, os.path.getsize(path), statistics.median(times), min(times), answer))
        bench.log(f"{os.path.basename(path)}: median {statistics.median(times):.2f} s")
    m = bench.machine()
    when = datetime.date.today().isoformat()
    at = f" at commit {args.commit}" if args.commit else ""
    L = [f"## open: a graph of {RELATIONS:,} relations ({meta['entities']:,} entities), ready for the first query", "",
         f"Run {when} with `scripts/bench open{' --head' if args.commit else ''}`{at} on {m['nproc']} cores "
         f"({m['cpu']}), {m['ram_gib']:.0f} GiB RAM. Release build. The command, timed as a whole (process start, graph open, "
         f"answer, exit), median of {RUNS} warm runs:", "",
         "```", f"kg query GRAPH -c \"{query}\"", "```", "",
         "| graph file | size | median | fastest | answer |", "|---|---|---|---|---|"]
    for path, size, med, best, answer in rows:
        kind = "binary `.kgb`" if path.endswith(".kgb") else "JSON `.kg`"
        L.append(f"| {kind} | {bench.fmt_bytes(size)} | {bench.fmt_s(med)} | {bench.fmt_s(best)} | {answer} |")
    L += ["", f"Issue 5 target (ready in under 2 s): {'met' if rows[0][2] < 2 else 'missed'} with the binary file "
          f"({bench.fmt_s(rows[0][2])}); the JSON file takes {bench.fmt_s(rows[1][2])}.", ""]
    section = "\n".join(L)
    if args.no_doc:
        print(section)
    else:
        bench.write_doc("open", section)
        bench.log("wrote docs/benchmarks.md (open section)")


if __name__ == "__main__":
    main()
