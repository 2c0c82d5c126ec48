#!/usr/bin/env bash
# Crash safety of `kg ingest --append`: kill it with SIGKILL at random points
# (KG_KILL_RUNS times, default 50) and check after each kill that the graph
# file loads and is byte for byte either the old graph or the new one: never
# torn, never half-applied. Usage: bash kill_append.sh KG_BINARY SOURCE_DIR
set -euo pipefail
kg="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
src="$(cd "$2" && pwd)"
runs="${KG_KILL_RUNS:-50}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"

# A triples file big enough that one append takes a while (the kill must be
# able to land while the file is read, the graph built and the output written).
awk -v reps=400 '{ line[NR] = $0 } END {
  for (r = 0; r < reps; r++)
    for (i = 1; i <= NR; i++) {
      l = line[i]
      gsub(/"subject": "/, "\"subject\": \"S" r " ", l)
      gsub(/"object": "/, "\"object\": \"O" r " ", l)
      print l
    }
}' "$src/tests/golden/data/news.jsonl" > big.jsonl

"$kg" ingest --triples "$src/samples/microsoft-mistral.triples.jsonl" -o old.kg 2>/dev/null
cp old.kg expected-new.kg
start=$(date +%s%N)
"$kg" ingest --append --triples big.jsonl -o expected-new.kg 2>/dev/null
full_ms=$(( ($(date +%s%N) - start) / 1000000 ))
cmp -s old.kg expected-new.kg && { echo "FAIL: the append changed nothing"; exit 1; }
# The append must be deterministic for "old or new" to be checkable.
cp old.kg again.kg
"$kg" ingest --append --triples big.jsonl -o again.kg 2>/dev/null
cmp -s again.kg expected-new.kg || { echo "FAIL: two identical appends wrote different files"; exit 1; }

# Kill points spread over 0 .. 1.1 x the time of a full run.
window=$(( full_ms * 11 / 10 + 1 ))
saw_old=0 saw_new=0
RANDOM=$$
for ((i = 1; i <= runs; i++)); do
  cp old.kg g.kg
  delay_ms=$(( (RANDOM * 32768 + RANDOM) % window ))
  "$kg" ingest --append --triples big.jsonl -o g.kg 2>/dev/null &
  pid=$!
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if ! "$kg" stats g.kg >/dev/null 2>err.txt; then
    echo "FAIL: run $i (kill after ${delay_ms} ms): the graph file does not load:"
    cat err.txt
    exit 1
  fi
  if cmp -s g.kg old.kg; then saw_old=$((saw_old + 1))
  elif cmp -s g.kg expected-new.kg; then saw_new=$((saw_new + 1))
  else
    echo "FAIL: run $i (kill after ${delay_ms} ms): the graph is neither the old nor the new one"
    exit 1
  fi
  rm -f g.kg.tmp-*  # a killed writer leaves its temporary file; the target is never touched
done
echo "kill_append: $runs kills (full run ${full_ms} ms): old graph $saw_old times, new graph $saw_new times"
