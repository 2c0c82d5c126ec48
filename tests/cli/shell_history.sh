#!/usr/bin/env bash
# kg shell history: a statement typed in one session is recalled with the Up
# key after a restart (saved after every statement, not at exit: the first
# session is killed, not quit); multi-line statements come back as one line;
# --no-history neither reads nor writes the file.
set -euo pipefail
KG=$1 SRC=$2
command -v python3 >/dev/null || { echo "skip: python3 missing"; exit 77; }
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
"$KG" ingest --triples "$SRC/samples/microsoft-mistral.triples.jsonl" -o "$TMP/mm.kg" 2>/dev/null
KG="$KG" SRC="$SRC" TMP="$TMP" timeout 120 python3 - <<'PY'
import os, sys
sys.path.insert(0, os.path.join(os.environ["SRC"], "tests"))
from pty_driver import Term
kg, tmp = os.environ["KG"], os.environ["TMP"]
env = dict(os.environ, TERM="xterm", NO_COLOR="1", HOME=tmp, XDG_STATE_HOME=tmp + "/state")
env.pop("KG_HISTORY", None)
UP = "\x1b[A"

t = Term([kg, "shell", tmp + "/mm.kg"], env=env)
try:
    t.expect(r"kg> ")
    t.sendline("MATCH (p:Person) RETURN count(*) AS people;")
    t.expect(r"\|\s+4 \|")
    t.expect(r"kg> ")
    t.sendline("MATCH (r:Regulator)")
    t.expect(r"\.\.\.> ")
    t.sendline("  RETURN r.name ORDER BY r.name LIMIT 1;  -- first regulator")
    t.expect(r"\(1 row\)")
    t.expect(r"kg> ")
finally:
    t.kill()  # no clean exit: history must already be on disk
    t.close()

hist = tmp + "/state/kg/history"
assert os.path.exists(hist), "no history file at $XDG_STATE_HOME/kg/history"
saved = open(hist, encoding="utf-8").read().replace("\\040", " ")  # libedit encodes spaces
assert "MATCH (r:Regulator) RETURN r.name ORDER BY r.name LIMIT 1;\n" in saved, saved
assert "first regulator" not in saved, saved

t = Term([kg, "shell", tmp + "/mm.kg"], env=env)
try:
    t.expect(r"kg> ")
    # Up recalls the last statement: the multi-line one, joined, comment dropped.
    # (libedit redraws only what changed, so check the statement by its result.)
    t.send(UP)
    t.expect(r"RETURN r\.name ORDER BY r\.name LIMIT 1;")
    t.sendline("")
    t.expect(r"\| r\.name\s+\|")
    t.expect(r"\| Competition and Markets Authority \|")
    t.expect(r"\(1 row\)")
    t.expect(r"kg> ")
    t.send(UP + UP)
    t.sendline("")
    t.expect(r"\| people \|")
    t.expect(r"\|\s+4 \|")
    t.expect(r"kg> ")
    t.settle(quiet=0.2)  # let libedit take the terminal before a control key
    t.send("\x04")
    assert t.wait_exit() == 0
finally:
    t.close()

# --no-history: the earlier statements are not offered and nothing is written.
size = os.path.getsize(hist)
t = Term([kg, "shell", "--no-history", tmp + "/mm.kg"], env=env)
try:
    t.expect(r"kg> ")
    t.send(UP)
    t.sendline("MATCH (x:Place) RETURN count(*) AS places;")
    t.expect(r"kg> MATCH \(x:Place\) RETURN count\(\*\) AS places;\n")  # Up recalled nothing
    t.expect(r"\|\s+3 \|")
    t.sendline(".quit")
    assert t.wait_exit() == 0
finally:
    t.close()
assert os.path.getsize(hist) == size, "--no-history wrote the history file"
assert "Place" not in open(hist, encoding="utf-8", errors="replace").read()
print("ok")
PY
