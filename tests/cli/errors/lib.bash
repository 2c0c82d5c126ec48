# Shared by tests/cli/errors_*.sh: one `row` call per row of docs/errors.md.
# Not a test itself (the CTest glob takes tests/cli/*.sh only).
#
#   row ID EXIT 'text the message must contain' -- COMMAND...
# runs COMMAND (stdin from /dev/null unless the caller redirects), and checks
# its exit code and that standard error contains the text. For exit 0 rows the
# text is a warning. Failures are counted; finish prints them and exits 1.
set -uo pipefail
kg="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
src="$(cd "$2" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
failures=0
rows=0

row() {
  local id="$1" want_rc="$2" want_msg="$3"
  shift 4  # ID EXIT MSG --
  rows=$((rows + 1))
  local rc=0
  "$@" >"$work/.out" 2>"$work/.err" </dev/null || rc=$?
  if [ "$rc" != "$want_rc" ]; then
    echo "FAIL $id: exit $rc, expected $want_rc: $*"
    sed 's/^/    /' "$work/.err" | head -5
    failures=$((failures + 1))
  elif ! grep -qF -- "$want_msg" "$work/.err"; then
    echo "FAIL $id: the message does not contain '$want_msg': $*"
    sed 's/^/    /' "$work/.err" | head -5
    failures=$((failures + 1))
  fi
}

# Like row, with standard input from a file.
row_stdin() {
  local input="$1"
  shift
  local id="$1" want_rc="$2" want_msg="$3"
  shift 4
  rows=$((rows + 1))
  local rc=0
  "$@" >"$work/.out" 2>"$work/.err" <"$input" || rc=$?
  if [ "$rc" != "$want_rc" ] || ! grep -qF -- "$want_msg" "$work/.err"; then
    echo "FAIL $id: exit $rc (expected $want_rc), message: $(head -1 "$work/.err") (expected '$want_msg')"
    failures=$((failures + 1))
  fi
}

finish() {
  if [ "$failures" -ne 0 ]; then
    echo "$failures of $rows rows failed"
    exit 1
  fi
  echo "$rows rows ok"
  exit 0
}

# A small valid graph for the commands that need one.
"$kg" ingest --triples "$src/tests/golden/data/news.jsonl" -o "$work/news.kg" 2>/dev/null ||
  { echo "cannot build the test graph"; exit 1; }
