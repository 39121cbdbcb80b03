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
