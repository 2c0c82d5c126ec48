#!/usr/bin/env bash
# Throughput benchmark of kg extract (not a test): builds a large corpus by
# repeating the sample articles with varied company names, then times one
# job and two jobs (CPU and wall time). Usage: bench_extract.sh KG_BINARY SOURCE_DIR [MB]
set -eu
KG="$1"; SRC="$2"; MB="${3:-200}"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
python3 - "$SRC/samples/corpus" "$T/big.jsonl" "$MB" <<'PY'
import json, os, sys, random
src, out, mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
texts = [open(os.path.join(src, f), encoding="utf-8").read() for f in sorted(os.listdir(src)) if f.endswith(".txt")]
names = ["Microsoft", "Amazon", "Google", "Nvidia", "Apple", "Meta", "Oracle", "Intel"]
rng = random.Random(1)
size, i = 0, 0
with open(out, "w", encoding="utf-8") as f:
    while size < mb * 1_000_000:
        t = texts[i % len(texts)].replace("Microsoft", rng.choice(names))
        line = json.dumps({"id": f"d{i}", "text": t}) + "\n"
        f.write(line); size += len(line); i += 1
PY
# CPU time (user+sys) is what the machine spends; wall time depends on the load of other processes.
for jobs in 1 2; do
  /usr/bin/time -f "%U %S %e" -o "$T/time.$jobs" "$KG" extract --stats --jobs $jobs "$T/big.jsonl" > /dev/null 2> "$T/stats.$jobs"
  tokens=$(head -1 "$T/stats.$jobs" | sed -E 's/.* sentences, ([0-9]+) tokens,.*/\1/')
  read -r user sys wall < "$T/time.$jobs"
  python3 - "$jobs" "$tokens" "$user" "$sys" "$wall" <<'PY'
import sys
jobs, tokens, user, sys_, wall = int(sys.argv[1]), int(sys.argv[2]), *map(float, sys.argv[3:])
cpu = user + sys_
print(f"jobs={jobs} tokens={tokens} cpu={cpu:.2f}s wall={wall:.2f}s "
      f"tokens/cpu-s={tokens / cpu:,.0f} tokens/wall-s={tokens / wall:,.0f}")
PY
done
