#!/bin/sh
# run-console.sh BUILD — the end-to-end tests: every tests/console/test_*.sh
# (the console driven through tmux) and every tests/*/run.sh (one per room:
# cli, ingest, worker, reports, ...). Each prints its own closing line; this
# prints "console: N passed, N failed" counting scripts.
set -u
build=${1:-build}
pass=0
fail=0
failed=""
export RADESK_BUILD="$build"
for t in tests/console/test_*.sh tests/*/run.sh; do
	[ -f "$t" ] || continue
	name=${t#tests/}
	echo "== $name"
	if sh "$t" "$build"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		failed="$failed $name"
	fi
done
[ -n "$failed" ] && echo "failed:$failed"
echo "console: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
