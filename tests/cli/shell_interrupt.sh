#!/usr/bin/env bash
# Ctrl-C during a long walk: the statement stops within a second, the prompt
# comes back, and the session (graph, settings, parameters) is intact.
set -euo pipefail
KG=$1 SRC=$2
command -v python3 >/dev/null || { echo "skip: python3 missing"; exit 77; }
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
# A dense random graph (fixed seed): 400 companies, 8,000 relations. An
# unbounded-budget WALK of up to 12 hops over it runs for hours.
python3 - "$TMP/dense.jsonl" <<'PY'
import json, random, sys
rng = random.Random(7)
with open(sys.argv[1], "w") as f:
    for _ in range(8000):
        a, b = rng.sample(range(400), 2)
        f.write(json.dumps({"subject": "Company %d" % a, "subject_type": "Organization", "relation": "partners-with",
                            "object": "Company %d" % b, "object_type": "Organization",
                            "source": {"doc": "synthetic-%d" % (a % 10)}}) + "\n")
PY
"$KG" ingest --triples "$TMP/dense.jsonl" -o "$TMP/dense.kg" 2>/dev/null
KG="$KG" SRC="$SRC" TMP="$TMP" timeout 120 python3 - <<'PY'
import os, sys, time
sys.path.insert(0, os.path.join(os.environ["SRC"], "tests"))
from pty_driver import Term
kg, tmp = os.environ["KG"], os.environ["TMP"]
env = dict(os.environ, TERM="xterm", NO_COLOR="1", HOME=tmp)
t = Term([kg, "shell", "--no-history", tmp + "/dense.kg"], env=env)
try:
    t.expect(r"kg> ")
    # Lift the guards so only Ctrl-C can stop the walk.
    for cmd in (".maxpaths 1000000000000", ".rowbudget 1000000000000", ".timeout 0", ".maxhops 12", ".param set who 'Company 1'"):
        t.sendline(cmd)
        t.expect(r"kg> ")
    t.sendline("MATCH WALK (a)-[*1..12]-(b) RETURN count(*);")
    t.settle(quiet=1.0, timeout=3.0)  # let it get going
    assert "row" not in t.text()[t.pos:], "the walk finished before Ctrl-C; the test graph is too small"
    start = time.monotonic()
    t.send("\x03")
    t.expect(r"interrupted", timeout=5)
    t.expect(r"kg> ", timeout=5)
    took = time.monotonic() - start
    assert took < 1.0, "prompt came back after %.2fs" % took
    # The session is intact: graph, parameters and settings still there.
    t.sendline("MATCH (c {name: $who}) RETURN c.name, c.degree > 0 AS linked;")
    t.expect(r"\| Company 1 \| true\s+\|")
    t.sendline(".stats")
    t.expect(r"relations\s+[0-9,]+")
    t.expect(r"kg> ")
    # Again: a second interrupted statement behaves the same.
    t.sendline("MATCH WALK (a)-[*1..12]-(b) RETURN count(*);")
    t.settle(quiet=0.5, timeout=1.0)
    t.send("\x03")
    t.expect(r"interrupted", timeout=5)
    t.expect(r"kg> ", timeout=5)
    t.settle(quiet=0.2)  # let libedit take the terminal before a control key
    t.send("\x04")
    assert t.wait_exit() == 0
finally:
    t.close()
print("ok (prompt back %.2fs after Ctrl-C)" % took)
PY
