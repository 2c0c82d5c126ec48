#!/usr/bin/env bash
# docs/errors.md, "Graph file" (every command that reads a .kg): one check per
# row. A damaged file is named and refused, never half-loaded.
source "$(dirname "$0")/errors/lib.bash"
tiny="$src/tests/fuzz/corpus/graph_file/tiny.kg"   # hand-made, no checksum
edit() { sed "$1" "$tiny" > "$2"; }
: > empty.kg
row graph-1 1 "empty.kg:1:1: error: not a valid graph file: the file is empty" -- "$kg" stats empty.kg
echo 'hello' > text.kg
row graph-2 1 "not a valid graph file: expected '{' at the start of the file" -- "$kg" stats text.kg
edit 's/"kg-graph"/"other"/' format.kg
row graph-3 1 'not a kg graph file: "format" must be "kg-graph" (at /format)' -- "$kg" stats format.kg
edit 's/"version": 1/"version": 9/' version.kg
row graph-4 1 "graph file version 9 is not supported by this kg (it reads version 1)" -- "$kg" stats version.kg
head -c 700 "$tiny" > cut.kg
row graph-5 1 "(the file ends early)" -- "$kg" stats cut.kg
head -c 2000 news.kg > torn.kg
row graph-6 1 "torn.kg:" -- "$kg" stats torn.kg
edit 's/"subject":0,"type":"invests-in","object":1/"subject":0,"type":"invests-in","object":7/' index.kg
row graph-7 1 '"object" must be an index into "entities" (0..2) (at /relations/0/object)' -- "$kg" stats index.kg
edit 's/"type":"Regulator"/"type":"Agency"/' type.kg
row graph-8 1 "unknown entity type 'Agency' (not in \"entity_types\") (at /entities/2/type)" -- "$kg" stats type.kg
edit 's/"name":"Gamma Authority"/"name":"acme"/' dup.kg
row graph-9 1 "entity 'acme' is listed twice (or is another entity's alias) (at /entities/2/name)" -- "$kg" stats dup.kg
edit 's/"entities": 3/"entities": 4/' counts.kg
row graph-10 1 "the file says it holds 4 entities but 3 were read (the file is damaged or truncated)" -- "$kg" stats counts.kg
edit 's/"rules": \[/"ruls": [/' order.kg
row graph-11 1 'not a valid graph file: missing "rules" before "texts"' -- "$kg" stats order.kg
edit 's/"sentence":0/"sentence":"zero"/' value.kg
row graph-12 1 '"sentence" must be an integer >= -1 (at /relations/0/evidence/0/sentence)' -- "$kg" stats value.kg
edit 's/"2015-12"/"Dec 2015"/' date.kg
row graph-13 1 '"$date" must be an ISO date (2024, 2024-02 or 2024-02-26)' -- "$kg" stats date.kg
# One flipped bit in a file kg wrote: valid JSON, wrong content; the checksum catches it.
python3 -c "
import sys; b = bytearray(open('news.kg', 'rb').read()); i = b.index(b'Microsoft') + 2; b[i] ^= 0x01
open('flipped.kg', 'wb').write(bytes(b))"
row graph-14 1 "checksum mismatch: the file is damaged" -- "$kg" stats flipped.kg
sed 's/"crc32c:[0-9a-f]*"/"crc32c:xyz"/' news.kg > badsum.kg
row graph-15 1 '"checksum" must look like "crc32c:89abcdef"' -- "$kg" stats badsum.kg
row graph-16 3 "cannot open 'nosuch.kg'" -- "$kg" query nosuch.kg -c 'SHOW ENTITY TYPES;'
finish
