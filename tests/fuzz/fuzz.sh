#!/bin/sh
# tests/fuzz/fuzz.sh DIR [SECONDS] — run every libFuzzer target DIR/fuzz_*
# for SECONDS (default 60) each, from the repository root, and print
# "fuzz: N passed, N failed" (a target fails when it found a crash, a
# leak, a timeout or an out-of-memory). Not named run.sh: the end-to-end
# runner takes every tests/*/run.sh, and this is no part of make test.
#
# Each target reads its seeds from tests/fuzz/corpus/<target>/ and writes
# what it discovers (new inputs and crash-*/leak-*/timeout-*/oom-*
# artefacts) to tests/fuzz/corpus-out/<target>/, which git ignores. A
# crasher worth keeping goes, once fixed, to tests/fuzz/regress/<target>/
# where the unit test test_fuzz_replay replays it in make test.
# FUZZ_JOBS=N runs N processes per target (default 1; the machine is shared).
set -u
dir=${1:?usage: run.sh DIR [SECONDS]}
secs=${2:-60}
jobs=${FUZZ_JOBS:-1}
here=$(cd "$(dirname "$0")" && pwd)
pass=0
fail=0
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
for bin in "$dir"/fuzz_*; do
	[ -x "$bin" ] || continue
	t=${bin##*/fuzz_}
	out=$here/corpus-out/$t
	mkdir -p "$out"
	log=$out/fuzz.log
	set -- -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-max_len=65536 -print_final_stats=1 -artifact_prefix="$out/"
	[ -f "$here/dict/$t.dict" ] && set -- "$@" -dict="$here/dict/$t.dict"
	[ "$jobs" -gt 1 ] && set -- "$@" -fork="$jobs" -ignore_crashes=0
	before=$(ls "$out" | grep -c '^\(crash\|leak\|timeout\|oom\|slow-unit\)-' || true)
	printf '  RUN     %s (%s s)\n' "$t" "$secs"
	"$bin" "$@" "$out" "$here/corpus/$t" >"$log" 2>&1
	rc=$?
	after=$(ls "$out" | grep -c '^\(crash\|leak\|timeout\|oom\)-' || true)
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
	if [ "$rc" -eq 0 ]; then
		pass=$((pass + 1))
		printf '  PASS    %s (%s runs, %s, %s inputs kept)\n' "$t" \
			"${runs:-?}" "${cov:-cov: ?}" "$(ls "$out" | grep -vc '\.log$')"
	else
		fail=$((fail + 1))
		printf '  FAIL    %s (exit %s; artefacts %s -> %s in %s)\n' "$t" \
			"$rc" "$before" "$after" "$out"
		grep -m 12 -A 12 'ERROR: \|runtime error\|deadly signal\|SUMMARY' \
			"$log" | head -30 | sed 's/^/      | /'
	fi
done
echo "fuzz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
