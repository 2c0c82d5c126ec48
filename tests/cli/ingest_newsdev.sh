#!/usr/bin/env bash
# The news-dev bars of issue 15: kg extract over the real, openly licensed news
# sentences in ../shared/eval/news-dev (never copied here), scored against
# their hand-made gold. Skipped (77) when ../shared is not there.
set -u -o pipefail
KG="$1"; SRC="$2"
EVAL="$SRC/../shared/eval"
D="$EVAL/news-dev"
[ -f "$D/docs.jsonl" ] && [ -f "$EVAL/score.py" ] || { echo "no ../shared/eval/news-dev; skipped"; exit 77; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
"$KG" extract "$D/docs.jsonl" > "$T/pred.jsonl" || exit 1
python3 "$EVAL/score.py" --gold "$D/gold.jsonl" --aliases "$D/aliases.json" --pred "$T/pred.jsonl" \
  --min-precision 0.90 --min-recall 0.80 | tail -1 || exit 1
python3 "$EVAL/score.py" --gold "$D/gold.jsonl" --aliases "$D/aliases.json" --pred "$T/pred.jsonl" \
  --relations all --min-f1 0.75 | tail -1 || exit 1
