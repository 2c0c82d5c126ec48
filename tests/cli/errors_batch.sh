#!/usr/bin/env bash
# docs/errors.md, "Batch files" (kg query -f, statements on stdin, kg shell
# with piped input): one check per row. Errors name FILE:LINE:COL.
source "$(dirname "$0")/errors/lib.bash"
g=news.kg
printf 'SHOW ENTITY TYPES;\n\nMATCH (x:Organization)\nRETURN x.nme;\n' > bad.kgq
row batch-1 1 "bad.kgq:4:10: error: unknown entity key 'nme'" -- "$kg" query "$g" -f bad.kgq
row batch-2 3 "cannot open 'nosuch.kgq'" -- "$kg" query "$g" -f nosuch.kgq
printf 'MATCH (x) RETURN x.nme;\nMATCH (x RETURN x;\nSHOW ENTITY TYPES;\n' > two.kgq
row batch-3 1 "two.kgq:2:10: error: expected ')'" -- "$kg" query "$g" --keep-going -f two.kgq
grep -q 'Organization' .out || { echo "FAIL batch-3: --keep-going did not run the last statement"; failures=$((failures + 1)); }
printf 'SHOW ENTITY TYPES;\nMATCH (x)\nRETURN x\n' > open.kgq
row batch-4 1 "open.kgq:2:1: error: this statement has no ';' at its end" -- "$kg" query "$g" -f open.kgq
row_stdin bad.kgq batch-5 1 "<stdin>:4:10: error: unknown entity key 'nme'" -- "$kg" query "$g"
row_stdin bad.kgq batch-6 1 "unknown entity key 'nme'" -- "$kg" shell "$g"
printf '.mode csv\n.modee json\n' > typo.kgq
row batch-7 1 "typo.kgq:2:1: error: unknown command '.modee'; did you mean '.mode'?" -- "$kg" query "$g" -f typo.kgq
finish
