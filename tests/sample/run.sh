#!/bin/sh
# tests/sample/run.sh BUILD — `radesk audit sample`: the quarter's
# approved applications (a demo's, some decided by a supervisor), at
# least 3% drawn with the seed recorded and audited, each assigned to a
# supervisor who did not decide it; a re-review only by the assignee,
# once, stored and audited; the quarterly workbook read back with
# openpyxl; the same seed draws the same sample on the same data.
set -u
build=${1:-build}
radesk=$(cd "$build" && pwd)/radesk
root=$(cd "$(dirname "$0")/../.." && pwd)
py=/usr/bin/python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); printf '  ok      %s\n' "$1"; }
no() { fail=$((fail + 1)); printf '  FAIL    %s\n' "$1"; [ -f "$T/out" ] && sed 's/^/      | /' "$T/out" | tail -10; }
eq() { if [ "$2" = "$3" ]; then ok "$1"; else no "$1 (wanted '$2', got '$3')"; fi; }
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai RADESK_USER=admin
export RADESK_NOW=2026-12-07T10:00:00+08:00
mkconf() {
	mkdir -p "$1"
	cat >"$1/radesk.conf" <<CONF
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
holidays = $root/etc/holidays-2026.txt
CONF
}
D=$T/a
mkconf "$D"
q() { sqlite3 -cmd ".timeout 5000" "$D/var/radesk.db" "$1"; }
r() { "$radesk" --config "$D/radesk.conf" "$@"; }
setup_db() {
	r init >"$T/out" 2>&1 && r demo --apps 300 >>"$T/out" 2>&1 &&
		r operator add sue supervisor >>"$T/out" 2>&1 &&
		r operator add tom supervisor >>"$T/out" 2>&1 &&
		r operator add alice auditor >>"$T/out" 2>&1 &&
		q "UPDATE decisions SET operator_id = (SELECT id FROM operators WHERE login = 'sue') WHERE action = 'approve' AND id % 2 = 0"
}
setup_db
eq "setup: a demo with approvals, two supervisors, an auditor" 0 $?
pop=$(q "SELECT count(DISTINCT app_id) FROM decisions WHERE action = 'approve'")
[ "$pop" -ge 34 ] && ok "the quarter has $pop approvals" || no "the quarter has enough approvals ($pop)"

RADESK_USER=alice r audit sample --quarter 2026Q4 >"$T/out" 2>&1
eq "an auditor may not draw (77)" 77 $?
r audit sample --quarter 2026q4 >"$T/out" 2>&1
eq "a malformed quarter is a usage error (64)" 64 $?
r audit sample --quarter 2026Q4 --seed 4242 >"$T/out" 2>&1
eq "the draw exits 0" 0 $?
n=$(q "SELECT count(*) FROM audit_sample_items")
want=$(( (pop * 3 + 99) / 100 ))
eq "3% rounded up are drawn" "$want" "$n"
[ $((n * 100)) -ge $((pop * 3)) ] && ok "at least 3% ($n of $pop)" || no "at least 3% ($n of $pop)"
grep -q "$n of $pop approved applications drawn (seed 4242)" "$T/out" && ok "the draw says what it did" || no "the draw says what it did"
eq "the seed is recorded" "4242|$pop|admin" "$(q "SELECT seed || '|' || population || '|' || drawn_by FROM audit_samples WHERE quarter = '2026Q4'")"
eq "and audited" "4242|$n" "$(q "SELECT json_extract(details, '\$.seed') || '|' || json_extract(details, '\$.drawn') FROM audit_log WHERE action = 'audit.sample' AND subject = '2026Q4'")"
eq "nobody reviews their own decision" 0 "$(q "SELECT count(*) FROM audit_sample_items WHERE reviewer_id = decider_id")"
eq "every reviewer is a supervisor or admin" 0 "$(q "SELECT count(*) FROM audit_sample_items i JOIN operators o ON o.id = i.reviewer_id WHERE o.role = 'auditor'")"
eq "every item is its application's approval" "$n" "$(q "SELECT count(*) FROM audit_sample_items i JOIN decisions d ON d.id = i.decision_id WHERE d.action = 'approve' AND d.app_id = i.app_id")"
r audit sample --quarter 2026Q4 >"$T/out" 2>&1
eq "a quarter is drawn once (65)" 65 $?
draw1=$(q "SELECT group_concat(app_id) FROM (SELECT app_id FROM audit_sample_items ORDER BY app_id)")

# re-review
item=$(q "SELECT a.app_no || ' ' || o.login || ' ' || od.login FROM audit_sample_items i JOIN applications a ON a.id = i.app_id JOIN operators o ON o.id = i.reviewer_id JOIN operators od ON od.id = i.decider_id ORDER BY i.id LIMIT 1")
set -- $item
app=$1 reviewer=$2 decider=$3
other=sue
[ "$reviewer" = sue ] && other=tom
[ "$other" = "$decider" ] && other=admin
RADESK_USER=$decider r audit sample review --quarter 2026Q4 "$app" --verdict agree --note "mine" >"$T/out" 2>&1
eq "the decider may not re-review it (77)" 77 $?
RADESK_USER=$other r audit sample review --quarter 2026Q4 "$app" --verdict agree --note "not mine" >"$T/out" 2>&1
eq "another supervisor than the assignee may not (77)" 77 $?
RADESK_USER=$reviewer r audit sample review --quarter 2026Q4 "$app" --verdict maybe --note x >"$T/out" 2>&1
[ $? -ne 0 ] && ok "a verdict is agree or disagree" || no "a verdict is agree or disagree"
RADESK_USER=$reviewer r audit sample review --quarter 2026Q4 "$app" --verdict disagree --note "证件照片模糊，应退回" >"$T/out" 2>&1
eq "the assignee records the re-review" 0 $?
eq "verdict and note stored" "disagree|证件照片模糊，应退回|1" "$(q "SELECT i.verdict || '|' || i.note || '|' || (i.reviewed_at > 0) FROM audit_sample_items i JOIN applications a ON a.id = i.app_id WHERE a.app_no = '$app'")"
eq "the re-review is audited" "$reviewer|disagree" "$(q "SELECT actor || '|' || json_extract(details, '\$.verdict') FROM audit_log WHERE action = 'audit.sample_review' AND subject = '$app'")"
RADESK_USER=$reviewer r audit sample review --quarter 2026Q4 "$app" --verdict agree --note again >"$T/out" 2>&1
eq "once only (65)" 65 $?
r audit sample list --quarter 2026Q4 >"$T/out" 2>&1
grep -q "^$app .*disagree" "$T/out" && grep -q "seed 4242" "$T/out" && ok "list shows the items and the verdict" || no "list shows the items and the verdict"
r audit verify >"$T/out" 2>&1
eq "the audit chain verifies" 0 $?

# workbook
r audit sample workbook --quarter 2026Q4 --out "$T" >"$T/out" 2>&1
eq "the workbook is written" 0 $?
$py - "$T/radesk-sample-2026Q4.xlsx" "$n" "$pop" "$app" >"$T/out" 2>&1 <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
n, pop, app = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
items = wb["抽样复核"]
rows = list(items.iter_rows(min_row=2, values_only=True))
assert len(rows) == n, (len(rows), n)
assert [r for r in rows if r[0] == app][0][4:6] == ("不同意", "证件照片模糊，应退回"), rows
assert sum(1 for r in rows if r[4] == "未复核") == n - 1
s = {r[0]: r[1] for r in wb["汇总"].iter_rows(values_only=True)}
assert s["季度"] == "2026Q4" and s["随机种子"] == "4242", s
assert s["核准申请数"] == pop and s["抽取数"] == n and s["已复核"] == 1 and s["不同意"] == 1, s
for ws in wb:
    for row in ws.iter_rows():
        for c in row:
            assert c.data_type != "f", c.coordinate
print("ok")
PY
eq "openpyxl reads the items, the verdict and the summary back" 0 $?

# The same seed on the same data draws the same sample.
rm -rf "$D"
mkconf "$D"
setup_db
r audit sample --quarter 2026Q4 --seed 4242 >"$T/out" 2>&1
eq "the same seed draws the same applications" "$draw1" "$(q "SELECT group_concat(app_id) FROM (SELECT app_id FROM audit_sample_items ORDER BY app_id)")"
echo "sample: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
