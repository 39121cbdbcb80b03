# tests/sandbox/lib.sh — the sandbox provider server for end-to-end
# suites (sourced; POSIX sh). See docs/sandbox.md for what it does.
#
#   sandbox_start DIR BIN     secret in DIR/secret, BIN on a free loopback
#                             port (polled, 10 s deadline); sets SB_BASE
#                             and SB_PID; returns 1 when it did not start
#   sandbox_stop              SIGTERM and wait (call it from the EXIT trap)
#   sb_counter NAME           one value of GET /_sandbox/counters
#   sb_fault PATH MODE COUNT [MS]   inject (count 0 = until cleared)
#   sb_faults_clear
#   sb_providers DIR [CONNECT_S TIMEOUT_S]
#                             print [provider.*] sections for every kind,
#                             all pointing at the sandbox, to append to a
#                             radesk.conf
SB_BASE=
SB_PID=

sandbox_start() {
	_d=$1
	(umask 077 && printf 'sandbox-secret-%s\n' "$$" >"$_d/secret")
	rm -f "$_d/port"
	"$2" --secret-file "$_d/secret" --port 0 --port-file "$_d/port" \
		>"$_d/sandbox.out" 2>&1 &
	SB_PID=$!
	_deadline=$(($(date +%s) + 10))
	while [ ! -s "$_d/port" ] && [ "$(date +%s)" -lt "$_deadline" ]; do
		sleep 0.05
	done
	if [ ! -s "$_d/port" ]; then
		echo "sandbox did not start:" >&2
		cat "$_d/sandbox.out" >&2
		return 1
	fi
	SB_BASE=http://127.0.0.1:$(cat "$_d/port")
}

sandbox_stop() {
	[ -n "$SB_PID" ] && kill "$SB_PID" 2>/dev/null && wait "$SB_PID" 2>/dev/null
	SB_PID=
}

sb_counter() {
	curl -s --noproxy '*' "$SB_BASE/_sandbox/counters" |
		sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p"
}

sb_fault() {
	curl -s --noproxy '*' -X POST "$SB_BASE/_sandbox/faults" \
		-d "{\"path\":\"$1\",\"mode\":\"$2\",\"count\":$3,\"ms\":${4:-0}}" \
		>/dev/null
}

sb_faults_clear() {
	curl -s --noproxy '*' -X DELETE "$SB_BASE/_sandbox/faults" >/dev/null
}

sb_providers() {
	for _k in telecom bank production courier notify invoice; do
		printf '[provider.%s]\nbase_url = %s\nadapter = generic\n' \
			"$_k" "$SB_BASE"
		printf 'secret_file = %s/secret\nkey_id = radesk\n' "$1"
		printf 'connect_timeout = %s\ntimeout = %s\n' "${2:-2}" "${3:-3}"
	done
}
