#!/bin/sh
# The console stays responsive while its background worker is stuck in a
# slow provider call: the sandbox holds every telecom request for LATENCY
# ms; the console (with [worker] in_console = yes) moves, opens an
# application, goes back and shows the jobs screen, each screen well
# within the latency, and the jobs screen shows the job as running.
#
# The sandbox checks request timestamps against its own clock, so this
# test runs the console on the real clock (started from now) instead of
# the pinned 2026-11-20 of the other console tests.
NOW="@$(date +%s)+"
. "$(dirname "$0")/lib.sh"

LATENCY=30000 # ms the sandbox sleeps before answering
LIMIT=$((3000 * SLOW)) # ms a screen may take to appear

SANDBOX=$BUILD/radesk-sandbox
spid=
trap 'stop_sandbox; cleanup' EXIT
# SIGKILL: a gentle stop would wait for the request it is still holding
# (the whole latency) before exiting.
stop_sandbox() {
	[ -n "$spid" ] && kill -KILL "$spid" 2>/dev/null && wait "$spid" 2>/dev/null
	spid=
}

setup
umask 077
printf 'sandbox-secret-%s\n' "$$" >"$T/secret"
"$SANDBOX" --secret-file "$T/secret" --port 0 --port-file "$T/port" \
	>"$T/sandbox.out" 2>&1 &
spid=$!
deadline=$(within 10)
while [ ! -s "$T/port" ] && [ "$(date +%s)" -lt "$deadline" ]; do
	sleep 0.05
done
[ -s "$T/port" ] || { cat "$T/sandbox.out"; check "sandbox started" false; finish; }
base=http://127.0.0.1:$(cat "$T/port")
curl -s --noproxy '*' -X POST "$base/_sandbox/faults" \
	-d "{\"path\":\"/v1/telecom/verify\",\"mode\":\"latency\",\"count\":0,\"ms\":$LATENCY}" \
	>/dev/null

# The console's own worker, polling every second, logging to a file, with
# a provider timeout beyond the latency so the call really hangs in it.
# The worker runs as [cron] operator, so alice's console is the one.
sed -i -e 's/^in_console = no$/in_console = yes\npoll_interval = 1/' \
	-e 's/^operator = admin$/operator = alice/' \
	-e "s|^\[paths\]$|[paths]\nlog = $T/worker.log|" "$T/radesk.conf"
for k in telecom bank production courier notify invoice; do
	printf '[provider.%s]\nbase_url = %s\nadapter = generic\n' "$k" "$base"
	printf 'secret_file = %s/secret\nkey_id = radesk\n' "$T"
	printf 'connect_timeout = 2\ntimeout = 120\n'
done >>"$T/radesk.conf"

sql "INSERT INTO jobs(id,kind,app_id,idem_key,payload,state,attempts,
       max_attempts,next_attempt_at,created_at,updated_at)
     VALUES(90,'telecom_verify',3,'telecom:RA20261119-0003:v1:handler',
       '{\"name\":\"Mallory\",\"id_no\":\"11010519491231002X\",\"mobile\":\"13800138000\",\"role\":\"handler\"}',
       'pending',0,8,0,0,0);
     UPDATE checks SET job_id=90 WHERE app_id=3;" >/dev/null

ms() { echo $(($(date +%s%N) / 1000000)); }
# timed DESC NAME TEXT: TEXT appears on NAME within LIMIT ms
timed() {
	t0=$(ms)
	if wait_for "$2" "$3" 10; then
		dt=$(($(ms) - t0))
		[ "$dt" -lt "$LIMIT" ] || echo "    ($1 took $dt ms)" >&2
		check "$1 (${dt} ms)" test "$dt" -lt "$LIMIT"
	else
		check "$1" false
	fi
}

start a alice
wait_for a "RA20261117-0001" || finish

# The worker took the job and is inside the slow call.
deadline=$(within 15)
while [ "$(sql "SELECT state FROM jobs WHERE id=90")" != running ] &&
	[ "$(date +%s)" -lt "$deadline" ]; do
	sleep 0.1
done
eq "the console's worker is in the provider call" running \
	"$(sql "SELECT state FROM jobs WHERE id=90")"
check "the sandbox holds the request" sh -c \
	"curl -s --noproxy '*' $base/_sandbox/counters | grep -q '\"requests_telecom\":1'"
t_start=$(ms)

# Move down one line and open it: the second application's detail.
send a j Enter
timed "move and open the detail" a "RA20261118-0002 · "
send a q
timed "back to the queue" a "RA20261119-0004"
send a g Enter
timed "open another detail" a "RA20261117-0001 · "
send a J
timed "jobs screen" a "Outbox jobs"
check "the job shows as running" wait_row a "Telecom check" "Running"
send a q
timed "back from the jobs screen" a "RA20261117-0001 · "
send a q
timed "queue again" a "RA20261118-0002"

elapsed=$(($(ms) - t_start))
check "all of it while the call was still hanging (${elapsed} ms < $LATENCY)" \
	test "$elapsed" -lt "$LATENCY"
eq "the job is still running" running "$(sql "SELECT state FROM jobs WHERE id=90")"
stop_sandbox
finish
