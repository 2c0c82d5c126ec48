#!/usr/bin/env bash
# Throughput benchmark of kg extract (not a test): builds a large corpus by
# repeating the sample articles with varied company names, then times one
# job and two jobs. Usage: bench_extract.sh KG_BINARY SOURCE_DIR [MB]
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
for jobs in 1 2; do
  start=$(date +%s.%N)
  "$KG" extract --stats --jobs $jobs "$T/big.jsonl" > /dev/null 2> "$T/stats.$jobs"
  end=$(date +%s.%N)
  head -1 "$T/stats.$jobs"
  echo "jobs=$jobs wall=$(echo "$end - $start" | bc) s"
done
