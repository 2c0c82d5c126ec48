#!/usr/bin/env bash
# KGQ against an independent implementation: on a generated graph of 100k
# entities and 500k typed relations, 1-hop, 2-hop, 1..3-hop distinct-endpoint
# counts, a dated per-hop walk, shortest path lengths and per-type counts must
# agree with networkx (tests/networkx_check.py). Skipped (77) without networkx.
set -u
KG="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; SRC="$(cd "$2" && pwd)"
command -v python3 >/dev/null || { echo "skipped: python3 not found"; exit 77; }
python3 -c "import networkx" 2>/dev/null || { echo "skipped: python3 networkx is not installed"; exit 77; }
exec python3 "$SRC/tests/networkx_check.py" "$KG" --entities "${KG_NX_ENTITIES:-100000}" --relations "${KG_NX_RELATIONS:-500000}"
