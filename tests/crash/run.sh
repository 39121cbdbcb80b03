#!/bin/sh
# tests/crash/run.sh BUILD — crash testing: ingest, the worker and the
# report writer are killed with SIGKILL at random moments, again and
# again, and restarted; then everything must still hold:
#
#   ingest   no half-stored application (every application has its
#            version, four files and its jobs; checked after every
#            kill), and in the end exactly what an uninterrupted run
#            of the same bundles stores (compared row by row), nothing
#            quarantined, every bundle archived once;
#   worker   killed in the middle of slow provider calls (the sandbox
#            delays every answer, some after their side effect) while
#            working off a demo with approved applications: in the end
#            every job, production order, shipment and application is
#            where an uninterrupted worker leaves the same demo, and each
#            provider saw the same side effects (one per key: telecom,
#            deposits, orders, waybills, notices, invoices);
#   report   a killed run never leaves a file under the final name
#            unless it is a whole workbook; stale temp files of killed
#            runs are removed by the next run;
#   all      `radesk db check` clean (integrity, foreign keys, audit
#            chain, blobs).
#
# A random delay before each kill is the point of the test; correctness
# waits poll with deadlines. CRASH_ROUNDS (default 10) sets how many kills
# each of the three gets; the delays are printed, the random source is
# /dev/urandom. Prints "crash: N passed, N failed".
set -u
build=${1:-build}
build=$(cd "$build" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
radesk=$build/radesk
rounds=${CRASH_ROUNDS:-10}
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai RADESK_USER=tester
unset RADESK_NOW RADESK_CONFIG RADESK_FAULT
export no_proxy='*'
. "$top/tests/sandbox/lib.sh"

pass=0
fail=0
T=$(mktemp -d)
victim=
sb_other=
cleanup() {
	[ -n "$victim" ] && kill -9 "$victim" 2>/dev/null
	[ -n "$sb_other" ] && kill "$sb_other" 2>/dev/null
	sandbox_stop
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

ok() { pass=$((pass + 1)); printf '  ok      %s\n' "$1"; }
ko() { fail=$((fail + 1)); printf '  FAIL    %s\n' "$1"; [ $# -gt 1 ] && printf '          %s\n' "$2"; }
# check DESC EXPECTED ACTUAL
check() { if [ "$2" = "$3" ]; then ok "$1"; else ko "$1" "expected '$2', got '$3'"; fi; }

ms() { echo $(($(date +%s%N) / 1000000)); }
# rnd N: a random integer in [0, N)
rnd() { echo $(($(od -An -N4 -tu4 /dev/urandom | tr -d ' ') % $1)); }
# sleep_ms N
sleep_ms() { sleep "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))"; }

# kill_after MS CMD...: run CMD in the background, SIGKILL it after MS ms
# (unless it ended before), and wait for it. CMD must be a program, not a
# shell function: the kill has to reach radesk itself, not a subshell.
kill_after() {
	_d=$1
	shift
	"$@" >>"$T/victims.log" 2>&1 &
	victim=$!
	sleep_ms "$_d"
	kill -9 "$victim" 2>/dev/null
	wait "$victim" 2>/dev/null
	victim=
}

sandbox_start "$T" "$build/radesk-sandbox" || { echo "crash: 0 passed, 1 failed"; exit 1; }

# conf DIR: a radesk.conf for a set-up under DIR, its providers at the
# sandbox of SB_BASE (whose secret is in $T, or in $2)
conf() {
	mkdir -p "$1"
	{
		printf '[database]\npath = var/radesk.db\nbusy_timeout_ms = 10000\n'
		printf '[paths]\nblobs = var/blobs\ninbox = var/inbox\nquarantine = var/quarantine\n'
		printf 'archive = var/archive\nreports = var/reports\nspool = var/spool\nlocks = var/locks\n'
		printf 'log = var/radesk.log\n'
		printf '[sla]\nholidays = %s/etc/holidays-2026.txt\n' "$top"
		printf '[worker]\nmax_attempts = 30\nbackoff_base = 1\nbackoff_max = 1\npoll_interval = 1\nin_console = no\n'
		printf '[cron]\noperator = tester\n'
		printf '[shipping]\npoll_production = 1\npoll_tracking = 1\n'
		sb_providers "${2:-$T}" 2 3
	} >"$1/radesk.conf"
	"$radesk" --config "$1/radesk.conf" init >"$1/init.out" 2>&1 ||
		{ cat "$1/init.out"; exit 1; }
}
conf "$T/ref"
conf "$T/c"
conf "$T/wref"
cfg=$T/c/radesk.conf
rd() { "$radesk" --config "$cfg" "$@"; }
q() { sqlite3 -cmd '.timeout 10000' "$T/c/var/radesk.db" "$1"; }
qref() { sqlite3 -cmd '.timeout 10000' "$T/ref/var/radesk.db" "$1"; }

# --- bundles: every type and payment method; accounts the bank credits
nb=$((rounds * 3))
i=0
while [ $i -lt $nb ]; do
	i=$((i + 1))
	no=$(printf '5000000000000%05d' $i)
	case $((i % 3)) in
	0) set -- type=replace method=wechat ;;
	1) set -- type=renew method=alipay ;;
	2) set -- type=new holder=personal method=transfer ;;
	esac
	/usr/bin/python3 "$top/tests/ingest/mkbundle.py" "$T/ref/var/inbox/$no-v1.zip" \
		good app_no="$no" account=62220000000$i"1" "$@" || ko "mkbundle $no"
done
cp "$T/ref/var/inbox/"*.zip "$T/c/var/inbox/"

# ================================================================ ingest
# The reference: the same bundles, one uninterrupted run, timed.
t0=$(ms)
"$radesk" --config "$T/ref/radesk.conf" ingest --quiet >"$T/ref.out" 2>&1
check "reference ingest runs clean" "0 $nb" "$? $(qref 'SELECT count(*) FROM applications')"
dur=$(($(ms) - t0))
echo "  (uninterrupted ingest of $nb bundles: $dur ms)"

# What must be stored, independent of ids, times and random PINs.
projection='SELECT a.app_no, a.type, a.state, a.current_version, v.version,
  v.bundle_sha256, v.pay_method, v.pay_amount_fen,
  (SELECT group_concat(x, " ") FROM (SELECT f.role || ":" || f.sha256 || ":"
     || f.size AS x FROM files f WHERE f.version_id = v.id ORDER BY f.role)),
  (SELECT group_concat(x, " ") FROM (SELECT j.kind || ":" || j.idem_key AS x
     FROM jobs j WHERE j.app_id = a.id ORDER BY j.idem_key)),
  (SELECT group_concat(x, " ") FROM (SELECT k.kind || ":" || k.state AS x
     FROM checks k WHERE k.app_id = a.id ORDER BY k.kind)),
  (SELECT count(*) FROM findings g WHERE g.version_id = v.id),
  (SELECT count(*) FROM payments p WHERE p.app_id = a.id),
  (SELECT count(*) FROM app_pins n WHERE n.app_id = a.id),
  (SELECT count(*) FROM audit_log l WHERE l.subject = a.app_no)
 FROM applications a JOIN app_versions v ON v.app_id = a.id
 ORDER BY a.app_no, v.version'

# Half-stored: an application without its version, a version without
# its four scans, an application without its telecom jobs, its payment
# or its audit entry, a job without its application.
half_stored='SELECT
 (SELECT count(*) FROM applications a WHERE NOT EXISTS (SELECT 1 FROM
    app_versions v WHERE v.app_id = a.id AND v.version = a.current_version))
 + (SELECT count(*) FROM app_versions v WHERE (SELECT count(*) FROM files f
    WHERE f.version_id = v.id) <> 4)
 + (SELECT count(*) FROM applications a WHERE NOT EXISTS (SELECT 1 FROM
    jobs j WHERE j.app_id = a.id AND j.kind = "telecom_verify"))
 + (SELECT count(*) FROM applications a WHERE NOT EXISTS (SELECT 1 FROM
    payments p WHERE p.app_id = a.id))
 + (SELECT count(*) FROM applications a WHERE NOT EXISTS (SELECT 1 FROM
    audit_log l WHERE l.subject = a.app_no))
 + (SELECT count(*) FROM jobs j WHERE j.app_id IS NOT NULL AND NOT EXISTS
    (SELECT 1 FROM applications a WHERE a.id = j.app_id))'

bad=0
kills=0
r=0
while [ $r -lt "$rounds" ] && [ -n "$(ls "$T/c/var/inbox")" ]; do
	r=$((r + 1))
	d=$(rnd $((dur * 2 / rounds + 20)))
	kill_after "$d" "$radesk" --config "$cfg" ingest --quiet
	kills=$((kills + 1))
	h=$(q "$half_stored")
	stored=$(q 'SELECT count(*) FROM applications')
	echo "  (ingest killed after $d ms: $stored stored, $(ls "$T/c/var/inbox" | wc -l) left in the inbox, half-stored $h)"
	[ "$h" = 0 ] || bad=$((bad + 1))
done
check "ingest: no half-stored application after any of $kills kills" 0 "$bad"
rd ingest --quiet >"$T/ingest-final.out" 2>&1
check "ingest: the restarted run finishes" 0 "$?"
check "ingest: inbox empty" 0 "$(ls "$T/c/var/inbox" | wc -l)"
check "ingest: no partial copy of a scan left in the blob store" "" \
	"$(find "$T/c/var/blobs" -name '.tmp-*')"
check "ingest: nothing quarantined" 0 "$(ls "$T/c/var/quarantine" | wc -l)"
check "ingest: every bundle archived once" "$nb" "$(ls "$T/c/var/archive" | grep -c '\.zip$')"
qref "$projection" >"$T/ref.proj"
q "$projection" >"$T/c.proj"
if cmp -s "$T/ref.proj" "$T/c.proj"; then
	ok "ingest: stored exactly what an uninterrupted run stores ($nb applications)"
else
	ko "ingest: stored exactly what an uninterrupted run stores" \
		"$(diff "$T/ref.proj" "$T/c.proj" | head -6)"
fi
check "ingest: each bundle logged as ingested once" "$nb $nb" \
	"$(q "SELECT count(*) || ' ' || count(DISTINCT bundle_sha256) FROM ingest_log WHERE outcome = 'ingested'")"

# ================================================================ worker
# Two databases get the same demo (same seed, same clock): applications
# of every type, some approved, so the jobs cover telecom, deposits and
# their status polls, production orders and polls, waybills, tracking,
# labels, notices and invoices. The reference is worked off by one
# uninterrupted worker; the other by workers killed at random, with every
# answer slow or late (so kills land inside calls, and between a
# provider acting and the worker recording it). Both must end the same,
# with the same side effects, each at its own sandbox (the idempotency
# keys are the same: one sandbox would answer the second from memory).
sb_ref=$SB_BASE
sb_ref_pid=$SB_PID
mkdir -p "$T/sb2"
sandbox_start "$T/sb2" "$build/radesk-sandbox" || ko "second sandbox"
sb_other=$SB_PID
SB_PID=$sb_ref_pid
sb_crash=$SB_BASE
conf "$T/wc" "$T/sb2"
SB_BASE=$sb_ref
wref=$T/wref/radesk.conf
wc=$T/wc/radesk.conf
qw() { sqlite3 -cmd '.timeout 10000' "$(dirname "$1")/var/radesk.db" "$2"; }
demo_at=$(date +%s)
for c in "$wref" "$wc"; do
	env RADESK_NOW="@$demo_at" "$radesk" --config "$c" demo --apps 16 --seed 7 \
		--scans "$top/etc/demo/scans" >"$c.demo" 2>&1 || ko "demo" "$(cat "$c.demo")"
done
counters="telecom deposits orders waybills notify invoices"
snap() { for k in $counters; do printf '%s=%s ' "$k" "$(sb_counter "$k")"; done; }
# delta A B: per counter, B - A
delta() {
	for a in $1; do
		for b in $2; do
			[ "${a%%=*}" = "${b%%=*}" ] && printf '%s+%s ' "${a%%=*}" $((${b#*=} - ${a#*=}))
		done
	done
}
# drain CONF: a clean worker until nothing is due; its clock first 40 s
# ahead (past the leases of killed workers: connect 2 + timeout 3 +
# margin 30 s), then 75 s (the bank's status polls, 30 s after the
# deposit), within the sandbox's 300 s of tolerated skew.
drain() {
	for off in 40 75; do
		_dl=$(($(date +%s) + 30))
		while [ "$(date +%s)" -lt "$_dl" ] && [ "$(qw "$1" "SELECT count(*)
		    FROM jobs WHERE state = 'running' OR (state = 'pending' AND
		    next_attempt_at <= strftime('%s','now') + $off + 1)")" != 0 ]; do
			env RADESK_NOW="@$(($(date +%s) + off))+" "$radesk" --config "$1" \
				worker --once --id drain >>"$T/drain.log" 2>&1
			sleep 0.3
		done
	done
}
# What the jobs and fulfilment came to, without ids, times and the
# provider's own numbers.
outcome='SELECT kind || " " || idem_key || " " || state FROM jobs
  UNION ALL SELECT "order " || a.app_no || " " || p.attempt || " " || p.state
    FROM production_orders p JOIN applications a ON a.id = p.app_id
  UNION ALL SELECT "shipment " || a.app_no || " " || s.state || " " || s.print_count
    FROM shipments s JOIN applications a ON a.id = s.app_id
  UNION ALL SELECT "app " || app_no || " " || state || " " || verify_summary
    FROM applications ORDER BY 1'

s0=$(snap)
drain "$wref"
s1=$(snap)
echo "  (reference worker: $(delta "$s0" "$s1"))"
SB_BASE=$sb_crash
c0=$(snap)

sb_fault /v1/telecom latency 0 120
sb_fault /v1/bank late 0 250
sb_fault /v1/production latency 0 100
sb_fault /v1/courier late 0 150
sb_fault /v1/notify latency 0 80
sb_fault /v1/invoice late 0 80
# A killed worker's lease runs until connect + timeout + a margin; let
# that time pass for the jobs it held (the next worker then takes them
# back itself, as it would after the lease) by ending the lease rather
# than moving the clock, which the sandbox checks against its own.
expire_leases() {
	qw "$wc" "UPDATE jobs SET locked_until = strftime('%s','now') - 1 WHERE state = 'running'"
}
kills=0
r=0
while [ $r -lt "$rounds" ]; do
	r=$((r + 1))
	d=$(rnd 1500)
	kill_after "$d" "$radesk" --config "$wc" worker --id "crash$r"
	kills=$((kills + 1))
	echo "  (worker killed after $d ms: $(qw "$wc" "SELECT group_concat(n || ' ' || state, ', ') FROM (SELECT state, count(*) n FROM jobs GROUP BY state)"))"
	expire_leases
done
sb_faults_clear
drain "$wc"
c1=$(snap)
check "worker: nothing left running after $kills kills" 0 \
	"$(qw "$wc" "SELECT count(*) FROM jobs WHERE state = 'running'")"
qw "$wref" "$outcome" >"$T/wref.outcome"
qw "$wc" "$outcome" >"$T/wc.outcome"
if cmp -s "$T/wref.outcome" "$T/wc.outcome"; then
	ok "worker: no job lost, every one ends as without kills ($(wc -l <"$T/wc.outcome") rows)"
else
	ko "worker: no job lost, every one ends as without kills" \
		"$(diff "$T/wref.outcome" "$T/wc.outcome" | head -8)"
fi
check "worker: one provider side effect per key, as without kills" \
	"$(delta "$s0" "$s1")" "$(delta "$c0" "$c1")"
case " $(delta "$s0" "$s1")" in
*" orders+0 "* | *" waybills+0 "*)
	ko "worker: production and courier were exercised" "$(delta "$s0" "$s1")" ;;
esac
check "worker: no signature refused" 0 "$(sb_counter auth_failures)"
"$radesk" --config "$wc" db check >"$T/wc-check.out" 2>&1
check "worker: db check clean" 0 "$?"

# ================================================================ report
rdir=$T/c/var/reports
final=$rdir/radesk-daily-2026-11-20.xlsx
report() {
	env RADESK_NOW=2026-11-21T01:00:00+08:00 "$radesk" --config "$cfg" \
		report daily --date 2026-11-20 --quiet
}
t0=$(ms)
report >"$T/report0.out" 2>&1
check "report: an uninterrupted run" 0 "$?"
dur=$(($(ms) - t0))
echo "  (uninterrupted report: $dur ms)"
# whole FILE: a workbook openpyxl reads to the end, every sheet present
whole() {
	/usr/bin/python3 - "$1" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
assert wb.sheetnames == ["汇总", "审核明细", "收款", "制证寄送", "超时积压", "入库异常"], wb.sheetnames
for ws in wb.worksheets:
    for _ in ws.iter_rows(values_only=True):
        pass
PY
}
bad=0
published=0
r=0
while [ $r -lt "$rounds" ]; do
	r=$((r + 1))
	rm -f "$final"
	d=$(rnd $((dur + dur / 2 + 5)))
	kill_after "$d" env RADESK_NOW=2026-11-21T01:00:00+08:00 "$radesk" \
		--config "$cfg" report daily --date 2026-11-20 --quiet
	if [ -e "$final" ]; then
		published=$((published + 1))
		whole "$final" >>"$T/whole.log" 2>&1 || bad=$((bad + 1))
	fi
	echo "  (report killed after $d ms: $([ -e "$final" ] && echo published || echo 'not published'), $(ls -A "$rdir" | grep -c '\.tmp-') temp files)"
done
check "report: never a partial file under the final name ($published of $rounds published)" 0 "$bad"
report >"$T/report1.out" 2>&1
check "report: the next run succeeds" 0 "$?"
whole "$final" >>"$T/whole.log" 2>&1
check "report: and leaves a whole workbook" 0 "$?"
check "report: stale temp files removed" "" "$(ls -A "$rdir" | grep '\.tmp-')"

# ================================================================ all
rd db check >"$T/check.out" 2>&1
check "db check clean" 0 "$?"
grep -q 'PROBLEMS' "$T/check.out" && ko "db check output" "$(cat "$T/check.out")"
if cat "$T"/*.log "$T"/*.out 2>/dev/null | grep -q 'Sanitizer\|runtime error'; then
	ko "no sanitizer reports" "$(cat "$T"/*.log "$T"/*.out | grep -m3 'Sanitizer\|runtime error')"
else
	ok "no sanitizer reports"
fi
echo "crash: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
