#!/bin/sh
# tests/workbook/run.sh BUILD — the workbook against hostile text and
# for people (issues 13 and 14):
#   - bundles whose organisation and handler names, and bundle files
#     whose names, start with = + - @ TAB or CR are ingested by radesk
#     itself; the daily workbook is read back with openpyxl: every such
#     cell is a quote-prefixed string, no cell is a formula;
#   - on the reports suite's data plus a cancellation and two refund
#     decisions, the summary's counts are the detail sheets' (决定数 =
#     the rows of 审核明细, by type and by auditor alike) and working
#     days are rounded to 0.1.
# Prints "workbook: N passed, N failed".
set -u
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
radesk=$(cd "$build" && pwd)/radesk
py=/usr/bin/python3
pass=0
fail=0
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM

ok() { pass=$((pass + 1)); printf '  ok      %s\n' "$1"; }
bad() { fail=$((fail + 1)); printf '  FAIL    %s\n' "$1"; [ $# -gt 1 ] && printf '%s\n' "$2" | sed 's/^/          /' | head -20; }

if ! $py -c "import openpyxl" 2>/dev/null; then
	echo "  SKIP    python3-openpyxl is not installed (tools/deps.sh)"
	echo "workbook: 0 passed, 0 failed"
	exit 0
fi

export LC_ALL=C.UTF-8 TZ=Asia/Shanghai RADESK_USER=cron
home() { # DIR
	mkdir -p "$1/out"
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
locks = var/run
[sla]
holidays = $here/../../etc/holidays-2026.txt
[cron]
operator = cron
CONF
	RADESK_CONFIG="$1/radesk.conf" "$radesk" init >"$1/init.out" 2>&1 ||
		bad "init $1" "$(cat "$1/init.out")"
}

# --- hostile text through the real ingest
home "$T/a"
export RADESK_CONFIG="$T/a/radesk.conf" RADESK_NOW=2026-11-20T10:00:00+08:00
$py "$here/hostile.py" "$T/a/var/inbox" 2>"$T/err" || bad "make the bundles" "$(cat "$T/err")"
"$radesk" ingest --quiet >"$T/ingest.out" 2>&1
n=$(sqlite3 "$T/a/var/radesk.db" "SELECT count(*) FROM applications WHERE org_name LIKE '=%' OR org_name LIKE '+%' OR org_name LIKE '-%' OR org_name LIKE '@%'" 2>/dev/null)
[ "$n" = 4 ] && ok "four applications with formula-like names ingested" || bad "formula-like applications ingested" "$n; $(cat "$T/ingest.out")"
n=$(sqlite3 "$T/a/var/radesk.db" "SELECT count(*) FROM ingest_log WHERE outcome <> 'ingested'" 2>/dev/null)
[ "$n" -ge 6 ] && ok "six broken bundles quarantined" || bad "six broken bundles quarantined" "$n"
"$radesk" report daily --date today --out "$T/a/out" >"$T/rep.out" 2>&1 || bad "report" "$(cat "$T/rep.out")"
x=$T/a/out/radesk-daily-2026-11-20.xlsx
$py "$here/check.py" prefix "$x" >"$T/err" 2>&1
[ $? -eq 0 ] && ok "every formula-like cell quote-prefixed, no formula, each prefix met" ||
	bad "quote prefix" "$(cat "$T/err")"

# --- the summary counts what the detail sheets hold
home "$T/b"
export RADESK_CONFIG="$T/b/radesk.conf" RADESK_NOW=2026-11-21T00:30:00+08:00
sqlite3 "$T/b/var/radesk.db" <"$here/../reports/seed.sql" 2>"$T/err" &&
sqlite3 "$T/b/var/radesk.db" "
INSERT INTO decisions(app_id, version_id, operator_id, action, from_state, to_state, note, created_at) VALUES
 (4, 4, 3, 'cancel', 'received', 'cancelled', '客户撤回', 1795150000),
 (5, 5, 2, 'request_refund', 'received', 'refund_requested', '-退款', 1795151000),
 (5, 5, 3, 'refund', 'refund_requested', 'refunded', '', 1795152000);" 2>>"$T/err" ||
	bad "seed" "$(cat "$T/err")"
"$radesk" report daily --out "$T/b/out" >"$T/rep.out" 2>&1 || bad "report" "$(cat "$T/rep.out")"
grep -q "6 decisions" "$T/rep.out" && ok "the command's summary counts 6 decisions" || bad "6 decisions" "$(cat "$T/rep.out")"
$py "$here/check.py" counts "$T/b/out/radesk-daily-2026-11-20.xlsx" >"$T/err" 2>&1
[ $? -eq 0 ] && ok "决定数, by type and by auditor agree with 审核明细's rows" ||
	bad "summary counts" "$(cat "$T/err")"
$py "$here/check.py" prefix "$T/b/out/radesk-daily-2026-11-20.xlsx" >"$T/err" 2>&1
grep -q "formula cell" "$T/err" && bad "no formula cell in the seeded workbook" "$(cat "$T/err")" || ok "no formula cell in the seeded workbook"

echo "workbook: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
