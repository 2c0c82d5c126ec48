#!/usr/bin/env bash
# The seed bars of issue 3: kg extract over the shared seed articles, scored
# against the gold triples. Skipped (77) when ../shared is not there.
set -u -o pipefail
KG="$1"; SRC="$2"
EVAL="$SRC/../shared/eval"
[ -f "$EVAL/seed/docs.jsonl" ] && [ -f "$EVAL/score.py" ] || { echo "no ../shared/eval; skipped"; exit 77; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
"$KG" extract "$EVAL/seed/docs.jsonl" > "$T/pred.jsonl" || exit 1
python3 "$EVAL/score.py" --gold "$EVAL/seed/gold.jsonl" --aliases "$EVAL/seed/aliases.json" --pred "$T/pred.jsonl" \
  --min-precision 0.90 --min-recall 0.80 | tail -1 || exit 1
python3 "$EVAL/score.py" --gold "$EVAL/seed/gold.jsonl" --aliases "$EVAL/seed/aliases.json" --pred "$T/pred.jsonl" \
  --relations all --min-precision 0.80 --min-recall 0.65 | tail -1 || exit 1
