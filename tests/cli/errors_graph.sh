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
# The binary format (.kgb): same refusals, positions as byte offsets.
"$kg" convert news.kg news.kgb
head -c 300 news.kgb > cut.kgb
row graph-17 1 "cut.kgb: error: not a valid binary graph file: the file does not end with its end section" -- "$kg" stats cut.kgb
python3 -c "
b = bytearray(open('news.kgb', 'rb').read()); i = b.index(b'Microsoft') + 2; b[i] ^= 0x01
open('flipped.kgb', 'wb').write(bytes(b))"
row graph-18 1 "checksum mismatch: the file is damaged" -- "$kg" stats flipped.kgb
# Damage under a valid checksum (a buggy writer): the decoder still checks
# every index. fix_crc rewrites the trailing CRC-32C over the edited bytes.
fix_crc() {
  python3 - "$@" <<'PY'
import sys
poly, table = 0x82F63B78, []
for n in range(256):
    c = n
    for _ in range(8):
        c = (c >> 1) ^ poly if c & 1 else c >> 1
    table.append(c)
def crc32c(data):
    c = 0xFFFFFFFF
    for byte in data:
        c = table[(c ^ byte) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF
src, dst, what = sys.argv[1], sys.argv[2], sys.argv[3]
b = bytearray(open(src, 'rb').read())
if what == 'subject':   # the first relation's subject: past every entity
    i = b.index(b'RELS') + 16
    b[i:i + 4] = (0xFFFFFF).to_bytes(4, 'little')
else:                   # the format version
    b[8:12] = (2).to_bytes(4, 'little')
b[-4:] = crc32c(bytes(b[:-8])).to_bytes(4, 'little')
open(dst, 'wb').write(bytes(b))
PY
}
fix_crc news.kgb index.kgb subject
row graph-19 1 "relation 0 refers to an entity that does not exist (in the relations section, byte" -- "$kg" stats index.kgb
fix_crc news.kgb version.kgb version
row graph-20 1 "binary graph file version 2 is not supported by this kg (it reads version 1)" -- "$kg" stats version.kgb
finish
