#!/bin/sh
# tests/cliwords/run.sh BUILD — words, never internal codes, on the
# command line (issue #14): on a demo office (applications, decisions,
# requests, unmatched transfers, failed jobs) with a shipment in
# transit, a failed print and a key that failed QC, every command that
# prints for a person is run and its output grepped for UPPER_SNAKE
# codes, dotted field paths (org.name), files[2] and lower_snake words
# (in_transit), as the console suites grep their screens (lib.sh,
# words_check). Prints "cliwords: N passed, N failed".
#
# Not checked, on purpose: file paths (/tmp/…/radesk.db, names of
# workbooks), which are names, not codes; and the last column of `audit
# log`, the entry's stored details (JSON kept for machines and for the
# chain's hash) — its action column is checked.
set -u
build=${1:-build}
radesk=$(cd "$build" && pwd)/radesk
top=$(cd "$(dirname "$0")/../.." && pwd)
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai RADESK_USER=tester
export RADESK_NOW=2026-11-20T10:00:00+08:00
pass=0
fail=0
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
ok() { pass=$((pass + 1)); printf '  ok      %s\n' "$1"; }
bad() { fail=$((fail + 1)); printf '  FAIL    %s\n' "$1"; [ $# -gt 1 ] && printf '%s\n' "$2" | sed 's/^/      | /'; }

cat >"$T/radesk.conf" <<CONF
[database]
path = var/radesk.db
[paths]
blobs = var/blobs
inbox = var/inbox
quarantine = var/quarantine
archive = var/archive
reports = var/reports
spool = var/spool
locks = var/locks
[sla]
holidays = $top/etc/holidays-2026.txt
[cron]
operator = tester
CONF
export RADESK_CONFIG="$T/radesk.conf"
"$radesk" init >"$T/init" 2>&1 &&
	"$radesk" demo --scans "$top/etc/demo/scans" >"$T/demo" 2>&1 ||
	{ cat "$T/init" "$T/demo"; echo "cliwords: 0 passed, 1 failed"; exit 1; }
"$radesk" worker --once >/dev/null 2>&1
q() { sqlite3 -cmd '.timeout 5000' "$T/var/radesk.db" "$@"; }
now=$(date -d 2026-11-20T10:00:00+08:00 +%s)
# A parcel on its way with a failed print, and a key that failed QC, on
# two approved applications.
a1=$(q "SELECT id FROM applications WHERE type<>'renew' AND state IN ('approved','in_production') ORDER BY id LIMIT 1")
a2=$(q "SELECT id FROM applications WHERE type<>'renew' AND state IN ('approved','in_production') ORDER BY id LIMIT 1 OFFSET 1")
q "INSERT INTO shipments(app_id,waybill_no,carrier,state,created_at,updated_at,print_count)
     VALUES ($a1,'SF1234567890','顺丰速运','in_transit',$now,$now,1);
   INSERT INTO jobs(kind,app_id,idem_key,payload,state,attempts,max_attempts,next_attempt_at,last_error,created_at,updated_at)
     VALUES ('label_print',$a1,'print:x:1','{}','dead',4,4,$now,'打印机缺纸',$now,$now),
            ('notify',$a2,'notify:x:1','{}','dead',4,4,$now,'短信网关拒绝',$now,$now);
   INSERT INTO label_prints(shipment_id,n,job_id,state,error,created_at,updated_at)
     SELECT s.id,1,j.id,'failed','打印机缺纸',$now,$now FROM shipments s, jobs j WHERE j.idem_key='print:x:1';
   INSERT INTO production_orders(app_id,state,attempt,idem_key,last_error,created_at,updated_at)
     VALUES ($a2,'qc_failed',1,'production:x:1','芯片写入失败',$now,$now);" ||
	{ echo "cliwords: 0 passed, 1 failed (fixture)"; exit 1; }

# words FILE NAME: no internal code in FILE.
words() {
	_hits=$(sed -E -e 's#(/[^ ]*)##g' \
		-e 's/[A-Za-z0-9_-]+\.(jpg|jpeg|png|pdf|zip|xlsx|tif|tiff|json|conf|db)\b//g' "$1" |
		grep -noE \
		'\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b|\b(org|organization|handler|applicant|fin|financial|ship|shipping|invoice|cert|certificate|payment|liveness|renewal|app|job|decision|operator|audit|bank|report|db)\.[a-z_]+\b|\bfiles\[[0-9]+\]|\b[a-z]+_[a-z_]+\b' |
		sort -t: -k2 -u | head -10)
	if [ -z "$_hits" ]; then ok "$2: in words"; else bad "$2: internal codes" "$_hits"; fi
}
run() { # NAME -- command...
	_n=$1; shift 2
	"$radesk" "$@" >"$T/out" 2>&1
	if [ -s "$T/out" ]; then ok "$_n prints something"; else bad "$_n prints nothing"; fi
	words "$T/out" "$_n"
}

run "ship list" -- ship list
grep -q "in transit" "$T/out" && ok "ship list: the parcel is in transit, in words" ||
	bad "ship list: no 'in transit'" "$(cat "$T/out")"
run "ship issues" -- ship issues
for w in "key failed QC" "label print failed (Label print)" "job gave up (Customer notice)"; do
	grep -qF "$w" "$T/out" && ok "ship issues: $w" || bad "ship issues: no '$w'" "$(cat "$T/out")"
done
# The demo has no portal requests: an empty list is the right answer.
"$radesk" request list --all >"$T/out" 2>&1
words "$T/out" "request list --all"
run "operator list" -- operator list
"$radesk" audit log --limit 400 >"$T/audit" 2>&1
sed 's/{.*//' "$T/audit" >"$T/out"
grep -q "Claimed\|Received" "$T/out" && ok "audit log: actions in words" || bad "audit log: no action in words" "$(head -5 "$T/out")"
words "$T/out" "audit log (but its stored details)"
run "bank unmatched" -- bank unmatched
run "db check" -- db check
run "report daily" -- report daily
run "report range" -- report range --from 2026-11-01 --to 2026-11-19
run "audit verify" -- audit verify
run "config check" -- config check
run "archive purge (dry run)" -- archive purge --dry-run
run "audit sample" -- audit sample --quarter 2026Q4

echo "cliwords: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
