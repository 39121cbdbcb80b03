#!/bin/sh
# tests/bench-smoke/run.sh BUILD — keeps `make bench` from rotting: the
# whole benchmark on 2000 applications with one repetition of everything
# (BENCH_QUICK=1), in a temporary folder. Checks that every row of the
# table has a radesk figure, that the concurrency run's correctness
# counts are 0, and that a planted lost decision makes the bench fail.
# Prints "bench-smoke: N passed, N failed". Times are not judged.
set -u
build=${1:-build}
build=$(cd "$build" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
bench=$here/../bench/bench.sh
pass=0
fail=0
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM

ok() { pass=$((pass + 1)); printf '  PASS    %s\n' "$1"; }
ko() { fail=$((fail + 1)); printf '  FAIL    %s\n' "$1"; [ -f "$T/err" ] && tail -n 15 "$T/err" | sed 's/^/      | /'; }
expect() { name=$1; shift; if "$@"; then ok "$name"; else ko "$name"; fi; }
# The radesk figure (column 2..) of a table row: "n/a" when missing.
has_figure() { grep -F "$1" "$T/table" | grep -vq ' n/a '; }

export BENCH_APPS=2000 BENCH_QUICK=1 BENCH_PROCS=8 BENCH_DIR="$T/bench"
sh "$bench" "$build" >"$T/table" 2>"$T/err"
expect "bench exits 0" [ $? -eq 0 ]
expect "table names the data set" grep -q '^radesk bench — 2000 applications' "$T/table"
for r in "queue: first page" "queue: next page" "queue: filter" \
	"queue: search organisation" "queue: search, no match" \
	"queue: tab counts" "console: start to first frame" "ingest (" \
	"daily report: time" "daily report: peak memory" "scan render" \
	"procs: decisions/s" "procs: p99 decision commit"; do
	expect "row '$r' has figures" has_figure "$r"
done
for r in "lost decisions" "double decisions" "busy errors surfaced"; do
	expect "row '$r' is 0, ok" sh -c "grep -F '$r' '$T/table' | grep -Eq ' 0 +0 +ok '"
done
expect "the report wrote its workbook" [ -s "$T/bench/run/out/radesk-daily-2026-11-19.xlsx" ]
expect "the ingest ingested bundles" [ "$(sqlite3 "$T/bench/run/radesk.db" "SELECT count(*) FROM applications WHERE app_no LIKE '01%'")" -gt 0 ]

# The cached data set is reused; a planted lost decision fails the run.
BENCH_RACE_FAKE=lost sh "$bench" "$build" >"$T/table" 2>"$T/err"
expect "a lost decision makes the bench exit 1" [ $? -eq 1 ]
expect "rerun reused the generated database" grep -q 'reusing' "$T/err"
expect "the table shows the lost decision" sh -c "grep -F 'lost decisions' '$T/table' | grep -q FAIL"

echo "bench-smoke: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
