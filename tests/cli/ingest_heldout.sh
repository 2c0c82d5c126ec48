#!/usr/bin/env bash
# The held-out-style development set (tests/data/ingest-heldout: short news
# items in our own words about other companies, regulators and founders, with
# hand-made gold triples) scored with ../shared/eval/score.py. Guards the
# generalisation of the default rules; skipped (77) without the scorer.
set -u -o pipefail
KG="$1"; SRC="$2"
SCORE="$SRC/../shared/eval/score.py"
D="$SRC/tests/data/ingest-heldout"
[ -f "$SCORE" ] || { echo "no ../shared/eval/score.py; skipped"; exit 77; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
"$KG" extract "$D/docs.jsonl" > "$T/pred.jsonl" || exit 1
python3 "$SCORE" --gold "$D/gold.jsonl" --aliases "$D/aliases.json" --pred "$T/pred.jsonl" \
  --min-precision 0.85 --min-recall 0.80 | tail -1 || exit 1
python3 "$SCORE" --gold "$D/gold.jsonl" --aliases "$D/aliases.json" --pred "$T/pred.jsonl" \
  --relations all --min-precision 0.85 --min-recall 0.75 | tail -1 || exit 1
# The negated, speculative and unnamed-regulator items give no triples at all.
for id in h17 h18 h19 h27 h55 h56 h57 h58 h59 h76 h77; do
  if grep -q "\"doc\":\"$id\"" "$T/pred.jsonl"; then echo "FAIL: $id should give no triple"; grep "\"doc\":\"$id\"" "$T/pred.jsonl" | head -2; exit 1; fi
done
echo "ok"
