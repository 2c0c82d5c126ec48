#!/usr/bin/env bash
# ingest/ shows its stages as files (issue 15): one file per stage of the
# cascade, and no ingest source file over 600 lines.
set -u -o pipefail
SRC="$2"
cd "$SRC/ingest" || exit 1
for stage in lexicon chunker mentions frames matcher slots triples rule_runner explain extractor; do
  [ -f "$stage.cpp" ] || { echo "FAIL: ingest/$stage.cpp missing"; exit 1; }
done
long=$(wc -l ./*.cpp ./*.hpp | awk '$2 != "total" && $1 > 600 {print $2 " (" $1 " lines)"}')
[ -z "$long" ] || { echo "FAIL: over 600 lines: $long"; exit 1; }
echo "ok"
