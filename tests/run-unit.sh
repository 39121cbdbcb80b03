#!/bin/sh
# run-unit.sh BUILD — run every cmocka test binary under BUILD/tests and
# print one closing line "unit: N passed, N failed". VALGRIND=1 runs each
# under valgrind (leaks and invalid accesses are failures).
set -u
build=${1:-build}
pass=0
fail=0
failed=""
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
for t in "$build"/tests/test_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	log="$build/tests/$name.log"
	if [ "${VALGRIND:-0}" = 1 ]; then
		set -- sh "$(dirname "$0")/valgrind.sh" "$t"
	else
		set -- "$t"
	fi
	if "$@" >"$log" 2>&1; then
		pass=$((pass + 1))
		n=$(grep -c '^\[       OK \]' "$log" || true)
		printf '  PASS    %s (%s cases)\n' "$name" "$n"
	else
		fail=$((fail + 1))
		failed="$failed $name"
		printf '  FAIL    %s\n' "$name"
		sed 's/^/      | /' "$log" | tail -40
	fi
done
echo "unit: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
