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
#            delays every answer; the bank answers late, after its side
#            effect): no job lost (all end done), one provider side
#            effect per idempotency key (sandbox counters);
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
cleanup() {
	[ -n "$victim" ] && kill -9 "$victim" 2>/dev/null
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

# conf DIR: a radesk.conf for a set-up under DIR
conf() {
	mkdir -p "$1"
	{
		printf '[database]\npath = var/radesk.db\nbusy_timeout_ms = 10000\n'
		printf '[paths]\nblobs = var/blobs\ninbox = var/inbox\nquarantine = var/quarantine\n'
		printf 'archive = var/archive\nreports = var/reports\nspool = var/spool\nlocks = var/locks\n'
		printf 'log = var/radesk.log\n'
		printf '[sla]\nholidays = %s/etc/holidays-2026.txt\n' "$top"
		printf '[worker]\nmax_attempts = 30\nbackoff_base = 1\nbackoff_max = 1\npoll_interval = 1\nin_console = no\n'
		sb_providers "$T" 2 3
	} >"$1/radesk.conf"
	"$radesk" --config "$1/radesk.conf" init >"$1/init.out" 2>&1 ||
		{ cat "$1/init.out"; exit 1; }
}
conf "$T/ref"
conf "$T/c"
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
# Every answer is slow (the worker is inside a call most of the time) and
# the bank answers late, after its side effect, so a kill often lands
# between the provider acting and the worker recording it.
q "INSERT INTO jobs(kind,app_id,idem_key,payload,state,attempts,max_attempts,
     next_attempt_at,created_at,updated_at)
   SELECT 'notify', a.id, 'crash-notify:' || a.app_no,
     '{\"app_no\":\"' || a.app_no || '\",\"event\":\"received\"}',
     'pending', 0, 30, 0, 0, 0 FROM applications a;"
sb_fault /v1/telecom latency 0 120
sb_fault /v1/bank late 0 250
sb_fault /v1/notify latency 0 80
jobs_total=$(q 'SELECT count(*) FROM jobs')
# A killed worker's lease runs until connect + timeout + a margin; let
# that time pass for the jobs it held (the worker then takes them back
# itself, as a restarted worker would after the lease) instead of moving
# the clock, which the sandbox checks against its own.
expire_leases() {
	q "UPDATE jobs SET locked_until = strftime('%s','now') - 1 WHERE state = 'running'"
}
kills=0
r=0
while [ $r -lt "$rounds" ]; do
	r=$((r + 1))
	d=$(rnd 1500)
	kill_after "$d" "$radesk" --config "$cfg" worker --id "crash$r"
	kills=$((kills + 1))
	echo "  (worker killed after $d ms: $(q "SELECT group_concat(n || ' ' || state, ', ') FROM (SELECT state, count(*) n FROM jobs GROUP BY state)"))"
	expire_leases
done
sb_faults_clear
# Drain: a clean worker until no job is pending or running, its clock
# 40 s ahead: past the leases of killed workers (connect 2 + timeout 3 +
# margin 30 s) and the bank's 30 s status poll delay, within the
# sandbox's 300 s of tolerated skew.
deadline=$(($(date +%s) + 30))
while [ "$(q "SELECT count(*) FROM jobs WHERE state IN ('pending','running')")" != 0 ] &&
	[ "$(date +%s)" -lt "$deadline" ]; do
	RADESK_NOW="@$(($(date +%s) + 40))+" rd worker --once --id drain >>"$T/drain.log" 2>&1
done
check "worker: no job lost (all done after $kills kills)" \
	"$(q 'SELECT count(*) FROM jobs')" "$(q "SELECT count(*) FROM jobs WHERE state = 'done'")"
q "SELECT id, kind, state, attempts, next_attempt_at - strftime('%s','now'),
     locked_until - strftime('%s','now'), last_error FROM jobs
   WHERE state <> 'done' LIMIT 5" | sed 's/^/          not done: /'
check "worker: jobs only grow by follow-ups" "$jobs_total" \
	"$(q "SELECT count(*) FROM jobs WHERE kind NOT LIKE '%_status'")"
check "worker: one telecom check per key" \
	"$(q "SELECT count(*) FROM jobs WHERE kind = 'telecom_verify'")" "$(sb_counter telecom)"
check "worker: one deposit per key" \
	"$(q "SELECT count(*) FROM jobs WHERE kind = 'bank_deposit'")" "$(sb_counter deposits)"
check "worker: one message per key" \
	"$(q "SELECT count(*) FROM jobs WHERE kind = 'notify'")" "$(sb_counter notify)"
check "worker: every deposit's status polled" \
	"$(q "SELECT count(*) FROM jobs WHERE kind = 'bank_deposit'")" \
	"$(q "SELECT count(*) FROM jobs WHERE kind = 'bank_deposit_status'")"
check "worker: no signature refused" 0 "$(sb_counter auth_failures)"

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
