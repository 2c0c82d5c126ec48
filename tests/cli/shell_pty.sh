#!/usr/bin/env bash
# kg shell on a pseudo-terminal: a typed query prints a table; Tab completes
# an entity name after a quote and a relation type after ':'; .mode json and
# .timer; an error shows a caret and the shell stays; a mistyped dot-command
# gets a suggestion; wide cells are cut with an ellipsis and long results
# summarised; Ctrl-C clears the line; Ctrl-D leaves with status 0.
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
env = dict(os.environ, TERM="xterm", NO_COLOR="1", KG_HISTORY=tmp + "/history", HOME=tmp)
env.pop("XDG_STATE_HOME", None)

t = Term([kg, "shell", tmp + "/mm.kg"], env=env, cols=100)
try:
    t.expect(r"33 entities, 43 relations")
    t.expect(r"kg> ")
    # Entity name after a quote: 'Micro + Tab -> 'Microsoft' (closing quote added).
    t.send("MATCH ('Micro\t")
    t.expect(r"'Microsoft'")
    # Relation type after ':' inside -[ ]-.
    t.send(")-[e:invests-\t")
    t.expect(r"invests-in")
    t.sendline("]->(b) RETURN b.name, e.amount ORDER BY b.name;")
    t.expect(r"\| b\.name\s+\| e\.amount\s+\|")
    t.expect(r"\| Mistral AI\s+\|\s+15000000 EUR \|")
    t.expect(r"\| OpenAI\s+\|\s+13000000000 USD \|")
    t.expect(r"\(2 rows\)")
    t.expect(r"kg> ")

    # Multi-line statement with a continuation prompt; lower-case keyword completion.
    t.sendline("match (r:Regulator)")
    t.expect(r"\.\.\.> ")
    t.send("retu\t")
    t.expect(r"return ")
    t.sendline("count(*) AS regulators;")
    t.expect(r"\|\s+4 \|")
    t.expect(r"kg> ")

    # .mode json and .timer on.
    t.sendline(".mode json")
    t.expect(r"kg> ")
    t.sendline(".timer on")
    t.expect(r"kg> ")
    t.sendline("MATCH ('Microsoft')-[:invests-in]->(b) RETURN b.name ORDER BY b.name;")
    t.expect(r'\{"b\.name":"Mistral AI"\},\s*\{"b\.name":"OpenAI"\}')
    t.expect(r"Run time: [0-9.]+ m?s")
    t.expect(r"kg> ")
    t.sendline(".mode table")
    t.expect(r"kg> ")
    t.sendline(".timer off")
    t.expect(r"kg> ")

    # A query error: message, the statement line and a caret; the shell stays.
    t.sendline("MATCH (a)-[:invest-in]->(b) RETURN a.name;")
    t.expect(r"error: unknown relation type 'invest-in'; did you mean 'invests-in'\?")
    t.expect(r"MATCH \(a\)-\[:invest-in\]->\(b\) RETURN a\.name;\n\s+\^")
    t.expect(r"kg> ")

    # A mistyped dot-command gets a suggestion.
    t.sendline(".tmier on")
    t.expect(r"unknown command '\.tmier'; did you mean '\.timer'\?")
    t.expect(r"kg> ")
    # Dot-command completion.
    t.send(".hel\t")
    t.expect(r"\.help ")
    t.sendline("")
    t.expect(r"\.maxrows N")
    t.expect(r"kg> ")

    # Long results are summarised; .maxrows 3 shows three rows.
    t.sendline(".maxrows 3")
    t.expect(r"kg> ")
    t.sendline("MATCH (a) RETURN a.name ORDER BY a.name;")
    t.expect(r"\(33 rows\)\n… 30 more rows; use \.maxrows or LIMIT")
    t.expect(r"kg> ")

    # Ctrl-C on a half-typed line drops it and gives a fresh prompt.
    # libedit prints the prompt before it puts the terminal in raw mode; a
    # Ctrl-C typed in that instant is a real SIGINT with no line to drop, so
    # let the editor take the terminal first (a person never types that fast).
    t.settle(quiet=0.3)
    t.send("MATCH (a) RETURN")
    t.settle(quiet=0.3)
    t.send("\x03")
    t.expect(r"\^C\nkg> ")
    t.sendline(".stats")
    t.expect(r"relations\s+43")
    t.expect(r"kg> ")
    t.settle(quiet=0.2)  # let libedit take the terminal before a control key
    t.send("\x04")
    assert t.wait_exit() == 0, "Ctrl-D should exit 0"
finally:
    t.close()

# A narrow terminal: the wide column is cut with an ellipsis, lines fit.
t = Term([kg, "shell", "--no-history", tmp + "/mm.kg"], env=env, cols=50)
try:
    t.expect(r"kg> ")
    t.sendline("MATCH (a)-[e:invests-in]->(b) WHERE a.name = 'Microsoft' RETURN a.name, e.source, e.sentence LIMIT 1;")
    m = t.expect(r"(\+-[-+]+\+)\n")
    assert len(m.group(1)) <= 50, "grid wider than the terminal: %r" % m.group(1)
    t.expect(r"…")
    t.expect(r"\(1 row\)")
    t.sendline(".quit")
    assert t.wait_exit() == 0
finally:
    t.close()
# Several candidates with nothing more in common are listed; file names
# complete after .read (run from the source tree).
t = Term([kg, "shell", "--no-history", tmp + "/mm.kg"], env=env, cwd=os.environ["SRC"])
try:
    t.expect(r"kg> ")
    t.send("MATCH ('Mi\t")
    t.expect(r"Microsoft\s+Mistral 7B\s+Mistral AI\s+Mistral Large\s+Mixtral 8x7B")
    t.send("xt\t")
    t.expect(r"'Mixtral 8x7B'")
    t.sendline(") RETURN 1 AS one;")
    t.expect(r"\|\s+1 \|")
    t.send(".read samples/queries/inv\t")
    t.expect(r"samples/queries/investments\.kgq")
    t.sendline("")
    t.expect(r"\| Microsoft\s+\| Mistral AI\s+\|")  # the file ran
    t.expect(r"\| import \|.*\n.*\| import \|.*\n.*\| import \|")  # WHY, fitted to 100 columns
    t.expect(r"\(3 rows\)")
    t.expect(r"kg> ")
    t.sendline(".quit")
    assert t.wait_exit() == 0
finally:
    t.close()

# Colour only on a terminal and only without NO_COLOR: a bold header.
for no_color, want in (("", True), ("1", False)):
    cenv = dict(env, NO_COLOR=no_color)
    t = Term([kg, "shell", "--no-history", tmp + "/mm.kg"], env=cenv)
    try:
        t.expect(r"kg> ")
        t.sendline("MATCH (p:Person) RETURN count(*) AS people;")
        t.expect(r"\(1 row\)")
        got = b"\x1b[1mpeople" in t.raw
        assert got == want, "bold header %s with NO_COLOR=%r" % ("shown" if got else "missing", no_color)
        t.sendline(".quit")
        assert t.wait_exit() == 0
    finally:
        t.close()

# Plain `kg GRAPH` on a terminal opens the shell too.
t = Term([kg, tmp + "/mm.kg"], env=env)
try:
    t.expect(r"kg shell on .*mm\.kg: 33 entities")
    t.expect(r"kg> ")
    t.settle(quiet=0.2)  # let libedit take the terminal before a control key
    t.send("\x04")
    assert t.wait_exit() == 0
finally:
    t.close()
print("ok")
PY
