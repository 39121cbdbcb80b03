#!/bin/sh
# run-console.sh BUILD — the end-to-end tests: every tests/console/test_*.sh
# (the console driven through tmux) and every tests/*/run.sh that other
# parts of radesk add. Each prints "NAME: N passed, N failed" and exits
# non-zero on failure; this prints "console: N passed, N failed" over the
# scripts and exits non-zero when any failed. VALGRIND=1 runs the console
# tests only, each console under valgrind (tests/console/lib.sh).
set -u
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
pass=0
fail=0
failed=""
if ! command -v tmux >/dev/null 2>&1; then
	echo "console: tmux is missing (make deps)"
	echo "console: 0 passed, 1 failed"
	exit 1
fi
# Under VALGRIND=1 (make valgrind) only the console tests, whose harness
# runs radesk under valgrind; the other suites would run it bare.
suites="$here/console/test_*.sh"
[ "${VALGRIND:-0}" = 1 ] || suites="$suites $here/*/run.sh"
for t in $suites; do
	[ -f "$t" ] || continue
	name=${t#"$here"/}
	log=$(mktemp)
	t0=$(date +%s)
	if BUILD=$build sh "$t" "$build" >"$log" 2>&1; then
		pass=$((pass + 1))
		printf '  PASS    %s (%s) %ds\n' "$name" "$(tail -n 1 "$log")" \
			$(($(date +%s) - t0))
	else
		fail=$((fail + 1))
		failed="$failed $name"
		printf '  FAIL    %s %ds\n' "$name" $(($(date +%s) - t0))
		sed 's/^/      | /' "$log" | tail -60
	fi
	rm -f "$log"
done
echo "console: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
