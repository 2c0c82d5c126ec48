#!/usr/bin/env bash
# docs/errors.md, "Documents" (kg extract / kg ingest text input): one check
# per row. Bad documents are warnings: the others are still read (exit 0).
source "$(dirname "$0")/errors/lib.bash"
echo 'Acme Corp invests in Beta Labs.' > good.txt
: > empty.txt
head -c 4000 /dev/urandom > binary.txt
printf 'Acme Corp \xff\xfe invests in Beta Labs.\n' > badutf8.txt
printf '{"id": "a", "text": "x"\n' > syntax.jsonl
printf '{"id": "b", "title": "no text"}\n' > notext.jsonl
printf '{"id": "c", "text": "Acme Corp said so.", "date": "yesterday"}\n' > baddate.jsonl
head -c 3000 /dev/zero | tr '\0' 'a' > big.txt
printf '{"id": "d", "text": "%s"}\n' "$(head -c 3000 /dev/zero | tr '\0' 'b')" > bigline.jsonl
row docs-1 0 "document 'empty.txt' is empty; skipped" -- "$kg" extract empty.txt good.txt
row docs-2 0 "document 'binary.txt' looks like binary data" -- "$kg" extract binary.txt good.txt
row docs-3 0 "document 'badutf8.txt' has invalid UTF-8; bad bytes replaced with U+FFFD" -- "$kg" extract badutf8.txt
row docs-4 0 "syntax.jsonl:1: not a JSON object" -- "$kg" extract syntax.jsonl good.txt
row docs-5 0 'notext.jsonl:1: no "text" string; line skipped' -- "$kg" extract notext.jsonl good.txt
row docs-6 0 "baddate.jsonl:1: date 'yesterday' is not YYYY-MM-DD; ignored" -- "$kg" extract baddate.jsonl
row docs-7 3 "cannot open 'nosuch.txt': no such file or directory" -- "$kg" extract nosuch.txt
row docs-8 0 "document 'big.txt' is 3000 bytes, over the document size limit (2000 bytes; raise it with --max-doc-bytes N); skipped" -- "$kg" extract --max-doc-bytes 2000 big.txt good.txt
row docs-9 0 "line is 3023 bytes, over the line size limit (2000 bytes; raise it with --max-line-bytes N); line skipped" -- "$kg" ingest --max-line-bytes 2000 -o g.kg bigline.jsonl good.txt
row docs-10 2 "--jobs takes a number from 1 to 256, not '100000'" -- "$kg" extract --jobs 100000 good.txt
mkdir -p emptydir
row docs-11 0 "no documents in 'emptydir'" -- "$kg" extract emptydir
finish
