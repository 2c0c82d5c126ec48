#!/usr/bin/env bash
# docs/errors.md, "Triples file" (kg ingest --triples): one check per row.
# Every error names file:line:column and stops the run; the graph file is not written.
source "$(dirname "$0")/errors/lib.bash"
t() { printf '%s\n' "$1" > t.jsonl; }
ok='"subject": "A", "relation": "invests-in", "object": "B"'
t "{$ok"
row triples-1 1 't.jsonl:1:57: error: invalid JSON: Missing a comma' -- "$kg" ingest --triples t.jsonl -o t.kg
t '[1]'
row triples-2 1 't.jsonl:1:1: error: a triple must be a JSON object' -- "$kg" ingest --triples t.jsonl -o t.kg
t '{"subject": "A", "relation": "invests-in"}'
row triples-3 1 'missing "object" (at /object)' -- "$kg" ingest --triples t.jsonl -o t.kg
t '{"subject": 5, "relation": "invests-in", "object": "B"}'
row triples-4 1 't.jsonl:1:13: error: "subject" must be a string (at /subject)' -- "$kg" ingest --triples t.jsonl -o t.kg
t '{"subject": "", "relation": "invests-in", "object": "B"}'
row triples-5 1 '"subject" is empty (at /subject)' -- "$kg" ingest --triples t.jsonl -o t.kg
t '{"subject": "A", "relation": "invests in", "object": "B"}'
row triples-6 1 "relation type 'invests in' has white space; use dashes (invests-in)" -- "$kg" ingest --triples t.jsonl -o t.kg
t "{$ok, \"attrs\": 3}"
row triples-7 1 '"attrs" must be an object (at /attrs)' -- "$kg" ingest --triples t.jsonl -o t.kg
t "{$ok, \"source\": \"x\"}"
row triples-8 1 '"source" must be an object (at /source)' -- "$kg" ingest --triples t.jsonl -o t.kg
t "{$ok, \"source\": {\"doc\": \"d\", \"start\": -4}}"
row triples-9 1 '"source.start" must be an integer from 0 to 2147483647 (at /source/start)' -- "$kg" ingest --triples t.jsonl -o t.kg
t "{$ok, \"source\": {\"doc\": \"d\", \"sentence\": 4000000000}}"
row triples-9b 1 '"source.sentence" must be an integer from 0 to 2147483647 (at /source/sentence)' -- "$kg" ingest --triples t.jsonl -o t.kg
t "{$ok, \"source\": {\"doc\": \"d\", \"start\": 9, \"end\": 3}}"
row triples-10 1 '"source.end" is before "source.start" (at /source/end)' -- "$kg" ingest --triples t.jsonl -o t.kg
t "{$ok, \"subject_type\": 7}"
row triples-11 1 '"subject_type" must be a string (at /subject_type)' -- "$kg" ingest --triples t.jsonl -o t.kg
{ echo "{$ok}"; echo "{$ok, \"attrs\": {\"note\": \"$(head -c 3000 /dev/zero | tr '\0' 'x')\"}}"; } > long.jsonl
row triples-12 1 'long.jsonl:2:1: error: line 2 is 3080 bytes, over the line size limit (2000 bytes); raise it with --max-line-bytes N' -- "$kg" ingest --max-line-bytes 2000 --triples long.jsonl -o t.kg
row triples-13 3 "cannot open 'nosuch.jsonl'" -- "$kg" ingest --triples nosuch.jsonl -o t.kg
# A failed run leaves an existing graph as it was.
cp news.kg before.kg
t '[1]'
row triples-14 1 'a triple must be a JSON object' -- "$kg" ingest --append --triples t.jsonl -o news.kg
cmp -s news.kg before.kg || { echo "FAIL triples-14: the graph changed after a failed --append"; failures=$((failures + 1)); }
[ ! -e t.kg ] || { echo "FAIL: a failed ingest wrote t.kg"; failures=$((failures + 1)); }
finish
