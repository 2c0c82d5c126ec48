#!/usr/bin/env bash
# docs/errors.md and tests/cli/errors_*.sh stay in step: every row id in the
# document has a check (`row ID ...`) and every check has a row.
set -euo pipefail
src="$(cd "$2" && pwd)"
doc_ids=$(grep -oE '^\| [a-z]+-[0-9]+ \|' "$src/docs/errors.md" | tr -d '| ' | sort)
test_ids=$(grep -ohE '^\s*row(_stdin [^ ]+)? [a-z]+-[0-9]+ ' "$src"/tests/cli/errors_*.sh | awk '{print $NF}' | sort)
[ -n "$doc_ids" ] || { echo "FAIL: no rows found in docs/errors.md"; exit 1; }
missing=$(comm -23 <(echo "$doc_ids") <(echo "$test_ids"))
extra=$(comm -13 <(echo "$doc_ids") <(echo "$test_ids"))
dups=$( { echo "$doc_ids" | uniq -d; echo "$test_ids" | uniq -d; } | sort -u)
status=0
[ -z "$missing" ] || { echo "FAIL: rows in docs/errors.md without a test:" $missing; status=1; }
[ -z "$extra" ] || { echo "FAIL: tests without a row in docs/errors.md:" $extra; status=1; }
[ -z "$dups" ] || { echo "FAIL: ids used twice:" $dups; status=1; }
[ $status -ne 0 ] || echo "$(echo "$doc_ids" | wc -l) rows, each with a test"
exit $status
