"""Shared by the Python peers: the benchmark questions and a timing helper.

Every peer answers the same six questions (see bench/README.md) on the same
CSV files and prints one JSON object {load_s, answers, times_s}.
"""
import json
import statistics
import time


def questions(meta):
    """The question anchors and filter values from the generator's meta.json."""
    return {
        "named": meta["named"],
        "hub": meta["hub"],
        "path_from": meta["path_from"],
        "path_to": meta["path_to"],
        "date_from": meta["filter"]["date_from"],
        "min_amount": meta["filter"]["min_amount"],
        "max_path": 8,
    }


def timed(fn, min_seconds=0.5, max_runs=200, slow_s=10.0):
    """Runs fn once to warm up (and for the answer), then repeatedly; returns
    (answer, median seconds). A query slower than slow_s is not repeated: its
    first run is reported."""
    t0 = time.perf_counter()
    answer = fn()
    first = time.perf_counter() - t0
    if first > slow_s:
        return answer, first
    runs = []
    start = time.perf_counter()
    while len(runs) < 3 or (time.perf_counter() - start < min_seconds and len(runs) < max_runs):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return answer, statistics.median(runs)


def emit(result):
    print(json.dumps(result, sort_keys=True))
