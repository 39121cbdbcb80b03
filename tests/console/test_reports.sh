#!/bin/sh
# Reports from the console: the workbook from the reports screen (E),
# written by a child process while the console stays responsive, with
# cancellation that leaves nothing behind; the dossier from the detail
# screen (e).
. "$(dirname "$0")/lib.sh"
setup
R="$T/var/reports"
daily="$R/radesk-daily-2026-11-19.xlsx"
# Files in the reports folder other than finished ones (temporary files).
leftovers() { ls -A "$R" | grep '^\.' ; }
report_procs() { pgrep -f -- "--config $T/radesk.conf report" ; }

# --- E: an auditor writes yesterday's (masked) workbook.
start a alice
wait_for a "RA20261117-0001" || finish
send a E
check "E opens the reports screen" wait_for a "Enter write a report"
send a Enter
check "the menu offers yesterday" wait_for a "Daily report for yesterday, 2026-11-19"
send a Enter
check "the workbook is written; the path and size shown" \
	wait_for a "Report written: $daily (" 20
check "the file is listed in the folder" wait_row a "radesk-daily-2026-11-19.xlsx" "KB"
check "openpyxl opens it, six sheets, masked" /usr/bin/python3 -c '
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
assert wb.sheetnames == ["汇总", "审核明细", "收款", "制证寄送", "超时积压", "入库异常"], wb.sheetnames
assert wb["汇总"]["B5"].value == "已脱敏", wb["汇总"]["B5"].value
' "$daily"
eq "audited as alice's report.daily, not unmasked" "alice|report.daily" \
	"$(sql "SELECT actor, action FROM audit_log WHERE action LIKE 'report.%'")"
eq "no temporary file left" "" "$(leftovers)"

# --- another run holds the report lock: the screen says why it failed.
mkfifo "$T/release"
( exec 9>"$T/var/locks/report.lock"; flock -x 9; : >"$T/held"; read _ <"$T/release" ) &
holder=$!
deadline=$(($(date +%s) + 10))
while [ ! -e "$T/held" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.05; done
send a Enter
wait_for a "Daily report for yesterday" >/dev/null
send a Enter
check "lock held: the failure and its reason shown" wait_for a "Report failed: radesk report:" 10
check "lock held: the reason names the lock" wait_for a "another 'report' is running"
echo go >"$T/release"
wait "$holder"

# --- a supervisor's unmasked workbook for another day, audited.
start s sue
wait_for s "RA20261117-0001" || finish
send s E
wait_for s "Enter write a report" >/dev/null
send s Enter
wait_for s "Daily report for another day" >/dev/null
send s Down Down Enter
check "asks for the day" wait_for s "Day (YYYY-MM-DD)"
send s C-u
type_text s "2026-11-18"
send s Enter
check "supervisors choose masked or unmasked" wait_for s "Unmasked: personal data in clear"
send s Down Enter
check "the unmasked workbook is written" \
	wait_for s "Report written: $R/radesk-daily-2026-11-18.xlsx" 20
eq "audited report.daily and report.unmasked by sue" "2" \
	"$(sql "SELECT count(*) FROM audit_log WHERE actor='sue' AND subject='radesk-daily-2026-11-18.xlsx' AND action IN ('report.daily','report.unmasked')")"

# --- D: the supervisors' dashboard, its numbers against SQL.
# Today (Friday 2026-11-20, now 10:00): alice approves two (one an
# override waiting for its countersign) and rejects one, bob returns one
# and had an override refused; alice holds an overdue claim; a dead job;
# two bundles ingested and one quarantined.
sql "INSERT INTO decisions(app_id,version_id,operator_id,action,from_state,
       to_state,countersign,created_at) VALUES
       (101,6,2,'approve','in_review','approved','none',1795136400),
       (102,7,2,'approve','in_review','in_review','pending',1795137000),
       (103,8,2,'reject','in_review','rejected','none',1795137600),
       (104,9,3,'return_fin_auth','in_review','fin_auth_failed','none',1795138200),
       (105,10,3,'approve','in_review','in_review','refused',1795138800);
     -- every other kind of action: tom cancels one and requests and
     -- makes a refund; sue countersigns an override bob made this morning
     INSERT INTO decisions(app_id,version_id,operator_id,action,from_state,
       to_state,countersign,countersigned_by,countersigned_at,created_at) VALUES
       (103,8,5,'cancel','in_review','cancelled','none',NULL,NULL,1795138900),
       (104,9,5,'request_refund','fin_auth_failed','refund_requested','none',NULL,NULL,1795139000),
       (104,9,5,'refund','refund_requested','refunded','none',NULL,NULL,1795139100),
       (105,10,3,'approve','in_review','approved','approved',4,1795139200,1795110000);
     INSERT INTO claims(app_id,operator_id,claimed_at,expires_at)
       VALUES (1,2,1795139000,1795141800);
     UPDATE applications SET state='in_review' WHERE id=1;
     INSERT INTO jobs(kind,app_id,idem_key,payload,state,attempts,max_attempts,
       next_attempt_at,created_at,updated_at)
       VALUES ('notify',1,'dash-dead','{}','dead',8,8,0,0,0);
     INSERT INTO ingest_log(bundle_name,outcome,at) VALUES
       ('x1.zip','ingested',1795120000),('x2.zip','ingested',1795139000),
       ('x3.zip','quarantined',1795130000),('x4.zip','ingested',1795000000)" >/dev/null
send a D
check "an auditor is refused the dashboard" wait_for a "The dashboard is for supervisors."
eq "the refusal is audited" "1" \
	"$(sql "SELECT count(*) FROM audit_log WHERE actor='alice' AND action='app.refused' AND details LIKE '%dashboard%'")"
send s D
check "D opens the dashboard" wait_for s "Open work by deadline"
# The edges by hand: one, two, three office days before now are Thursday,
# Wednesday, Tuesday 10:00; due within one and two working days means by
# Monday and Tuesday 10:00.
OPEN="state IN ('received','in_review')"
ageSql() { sql "SELECT count(*) FROM applications WHERE $OPEN AND $1"; }
# The number after LABEL's bar on the screen of NAME.
cell() {
	screen "$1" | /usr/bin/python3 -c '
import re, sys
m = re.search(re.escape(sys.argv[1]) + r" +[▏▎▍▌▋▊▉█]* +([0-9,]+)", sys.stdin.read())
print(m.group(1).replace(",", "") if m else "none")' "$2"
}
wait_for s "returned (fin. auth)" >/dev/null
eq "age: under 1 working day" "$(ageSql "submitted_at > 1795053600")" "$(cell s "under 1 working day")"
eq "age: 1 to 2 days" "$(ageSql "submitted_at <= 1795053600 AND submitted_at > 1794967200")" "$(cell s "1 to 2 days")"
eq "age: 2 to 3 days" "$(ageSql "submitted_at <= 1794967200 AND submitted_at > 1794880800")" "$(cell s "2 to 3 days")"
eq "age: 3 days or more" "$(ageSql "submitted_at <= 1794880800")" "$(cell s "3 days or more")"
eq "deadline: overdue" "$(ageSql "sla_due_at < 1795140000")" "$(cell s "overdue")"
eq "deadline: within 1 day" "$(ageSql "sla_due_at >= 1795140000 AND sla_due_at <= 1795399200")" "$(cell s "due within 1 day")"
eq "deadline: within 2 days" "$(ageSql "sla_due_at > 1795399200 AND sla_due_at <= 1795485600")" "$(cell s "within 2 days")"
eq "deadline: later" "$(ageSql "sla_due_at > 1795485600")" "$(cell s "later")"
TODAY="created_at >= 1795104000 AND created_at <= 1795140000 AND countersign <> 'refused'"
eq "today: approved (the pending override too, not the refused one)" \
	"$(sql "SELECT count(*) FROM decisions WHERE $TODAY AND action='approve'")" "$(cell s "approved")"
eq "today: rejected" "$(sql "SELECT count(*) FROM decisions WHERE $TODAY AND action='reject'")" "$(cell s "rejected")"
eq "today: returned" "$(sql "SELECT count(*) FROM decisions WHERE $TODAY AND action='return_fin_auth'")" "$(cell s "returned (fin. auth)")"
eq "today: received" "$(sql "SELECT count(*) FROM ingest_log WHERE outcome='ingested' AND at >= 1795104000")" "$(cell s "received")"
eq "today: countersigned" "$(sql "SELECT count(*) FROM decisions WHERE countersigned_at >= 1795104000 AND countersigned_at <= 1795140000")" "$(cell s "countersigned")"
eq "today: cancelled" "$(sql "SELECT count(*) FROM decisions WHERE $TODAY AND action='cancel'")" "$(cell s "cancelled")"
eq "today: refund requested" "$(sql "SELECT count(*) FROM decisions WHERE $TODAY AND action='request_refund'")" "$(cell s "refund requested")"
eq "today: refunded" "$(sql "SELECT count(*) FROM decisions WHERE $TODAY AND action='refund'")" "$(cell s "refunded")"
eq "waiting: to be claimed" "$(sql "SELECT count(*) FROM applications WHERE state='received'")" "$(cell s "to be claimed")"
eq "waiting: in review" "$(sql "SELECT count(*) FROM applications WHERE state='in_review'")" "$(cell s "in review")"
eq "waiting: to countersign" "$(sql "SELECT count(*) FROM decisions WHERE countersign='pending'")" "$(cell s "to countersign")"
eq "waiting: dead jobs" "$(sql "SELECT count(*) FROM jobs WHERE state='dead'")" "$(cell s "dead jobs")"
check "bars are drawn" sh -c "tmux -L '$SOCK' capture-pane -p -t s | grep 'to be claimed' | grep -q '█'"
# Columns: decided, approved, rejected, returned, countersigned,
# cancelled, refund requested, refunded, claimed, at risk.
# alice: decided 3 (approve 2, reject 1), 1 claim, at risk 1.
row() { screen s | grep "^$1" | tr -d '▏▎▍▌▋▊▉█' | awk '{print $3, $4, $5, $6, $7, $8, $9, $10, $11, $12}'; }
eq "alice's row" "3 2 1 0 0 0 0 0 1 1" "$(row 'Alice 李')"
eq "bob's row (the refused override not counted)" "2 1 0 1 0 0 0 0 0 0" "$(row 'Bob 王')"
eq "sue's row: a countersign in a column of its own" "0 0 0 0 1 0 0 0 0 0" "$(row 'Sue 苏')"
eq "tom's row: cancel, refund request, refund each in its own" "3 0 0 0 0 1 1 1 0 0" "$(row 'Tom 唐')"
check "the column heads" sh -c "tmux -L '$SOCK' capture-pane -p -t s | grep '^Operator' | grep -q 'Csign.*Canc.*Rf.req.*Refund'"
check "the busiest operator first" sh -c "tmux -L '$SOCK' capture-pane -p -t s | grep -A1 '^Operator' | tail -1 | grep -q '^Alice'"
# Another process decides: the dashboard follows (data_version).
sql "INSERT INTO decisions(app_id,version_id,operator_id,action,from_state,
       to_state,created_at) VALUES (106,11,3,'approve','in_review','approved',1795139500)" >/dev/null
want=$(sql "SELECT count(*) FROM decisions WHERE $TODAY AND action='approve'")
deadline=$(($(date +%s) + 5))
while [ "$(cell s "approved")" != "$want" ] && [ "$(date +%s)" -lt "$deadline" ]; do
	sleep 0.1
done
eq "another process's decision shows" "$want" "$(cell s "approved")"
send s Escape
check "Esc goes back to where D was pressed" wait_for s "Enter write a report"

# --- a long report: the console stays responsive, Esc cancels, nothing
# is left behind and the earlier file is untouched.
sql "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 200000)
     INSERT INTO decisions(app_id,version_id,operator_id,action,from_state,
       to_state,note,created_at)
     SELECT 101 + i % 300, 6 + i % 300, 2 + i % 2, 'reject', 'in_review',
       'rejected', 'n' || i, 1795017600 + i % 80000 FROM n" >/dev/null
ino=$(stat -c %i "$daily")
nAudit=$(sql "SELECT count(*) FROM audit_log")
send s Enter
wait_for s "Daily report for yesterday" >/dev/null
send s Enter
wait_for s "Unmasked: personal data in clear" >/dev/null
send s Enter
check "the report is being written" wait_for s "— writing…"
send s '?'
check "responsive while it runs: help opens" wait_for s "keys (Esc or q to go back)"
send s Escape
check "Esc in help goes back to the reports screen" wait_for s "Esc cancel the report"
check "progress: rows counted while writing" wait_for s " rows" 10
send s Escape
check "Esc cancels the report" wait_for s "Report cancelled; nothing was written" 10
eq "no temporary file left after the cancel" "" "$(leftovers)"
eq "the earlier file is untouched" "$ino" "$(stat -c %i "$daily")"
eq "nothing audited for the cancelled run" "$nAudit" "$(sql "SELECT count(*) FROM audit_log")"
eq "the report process has ended" "" "$(report_procs)"
send s Escape
check "Esc (nothing running) goes back to the queue" wait_for s "RA20261117-0001"

# --- quitting while a report runs stops it and leaves nothing behind.
start q tom
wait_for q "RA20261117-0001" || finish
send q E
wait_for q "Enter write a report" >/dev/null
send q Enter
wait_for q "Daily report for yesterday" >/dev/null
send q Enter
wait_for q "Unmasked: personal data in clear" >/dev/null
send q Enter
check "tom's report is being written" wait_for q "— writing…"
send q F10
check "the console quits at once" wait_for q "RADESK-EXIT=0" 5
eq "no report process left after quitting" "" "$(report_procs)"
eq "no temporary file left after quitting" "" "$(leftovers)"
eq "the earlier file is still untouched" "$ino" "$(stat -c %i "$daily")"

# --- e in the detail: the dossier zip, audited, supervisors only.
# The seed's scans have no blobs; give application 2 a real one.
mkdir -p "$T/scan"
printf 'radesk console test scan\n' >"$T/scan/s.jpg"
h=$(sha256sum "$T/scan/s.jpg" | cut -c1-64)
mkdir -p "$T/var/blobs/$(echo "$h" | cut -c1-2)"
cp "$T/scan/s.jpg" "$T/var/blobs/$(echo "$h" | cut -c1-2)/$h"
sql "UPDATE files SET sha256='$h', size=25 WHERE version_id=2" >/dev/null
start b bob
wait_for b "RA20261118-0002" || finish
send b /
type_text b "RA20261118-0002"
send b Enter Enter
wait_for b "RA20261118-0002 · " >/dev/null
send b e
check "an auditor may not export a dossier" wait_for b "Only a supervisor can export"
send s /
type_text s "RA20261118-0002"
send s Enter Enter
wait_for s "RA20261118-0002 · " >/dev/null
send s e
wait_for s "Export the dossier of RA20261118-0002" >/dev/null
send s y
zip="$T/var/reports/dossier-RA20261118-0002.zip"
check "status line shows the path" wait_for s "Dossier written: $T/var/reports/dossier-RA2026"
check "the zip exists and unzip -t accepts it" sh -c "unzip -tq '$zip' >/dev/null"
check "the zip holds the scan" sh -c "unzip -l '$zip' | grep -q 'scans/v1/'"
eq "the export is audited, by sue" "sue|RA20261118-0002" \
	"$(sql "SELECT actor, subject FROM audit_log WHERE action='export.dossier'")"
eq "no temporary file left by the export" "" "$(leftovers)"
finish
