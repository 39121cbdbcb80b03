#!/bin/sh
# tests/office/run.sh BUILD — every workbook radesk writes (the daily and
# the range report, masked and unmasked, and the self-audit sample) opens in LibreOffice: converted
# headless to xlsx and to CSV (each sheet) with a private user profile,
# the values LibreOffice keeps are compared with what openpyxl reads in
# radesk's file, and the charts survive the round trip (compare.py).
# The self-audit sample's workbook is among them. Prints "office: N
# passed, N failed".
set -u
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
py=/usr/bin/python3
case $build in
*asan*) echo "office: 0 passed, 0 failed (skipped: the plain pass runs LibreOffice on the same workbooks)"; exit 0 ;;
esac
if ! command -v soffice >/dev/null 2>&1; then
	echo "office: 0 passed, 0 failed (skipped: LibreOffice is not installed; make deps)"
	exit 0
fi
radesk=$(cd "$build" && pwd)/radesk
pass=0
fail=0
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
trap 'exit 1' INT TERM HUP
ok() { pass=$((pass + 1)); printf '  ok      %s\n' "$1"; }
ko() { fail=$((fail + 1)); printf '  FAIL    %s\n' "$1"; [ -f "$T/err" ] && sed 's/^/      | /' "$T/err" | tail -25; }
expect() { name=$1; shift; if "$@" >"$T/err" 2>&1; then ok "$name"; else ko "$name"; fi; }

export LC_ALL=C.UTF-8 TZ=UTC HOME=$T
export RADESK_CONFIG="$T/radesk.conf" RADESK_NOW=2026-11-21T00:30:00+08:00
export RADESK_USER=rdadmin
cat >"$T/radesk.conf" <<CONF
[database]
path = $T/var/radesk.db
[paths]
blobs = $T/var/blobs
inbox = $T/var/inbox
quarantine = $T/var/quarantine
archive = $T/var/archive
reports = $T/var/reports
spool = $T/var/spool
locks = $T/var/run
[sla]
holidays = $root/etc/holidays-2026.txt
CONF
"$radesk" init >/dev/null 2>"$T/err" &&
	sqlite3 "$T/var/radesk.db" <"$root/tests/reports/seed.sql" 2>>"$T/err"
expect "setup: init and the reports' seed" [ $? -eq 0 ]
mkdir -p "$T/out"
"$radesk" report daily --date 2026-11-20 --out "$T/out" --quiet 2>"$T/err" &&
	"$radesk" report range --from 2026-11-01 --to 2026-11-20 --out "$T/out" --quiet 2>>"$T/err" &&
	mkdir -p "$T/out/u" && "$radesk" report daily --date 2026-11-20 --unmasked --out "$T/out/u" --quiet 2>>"$T/err"
expect "radesk writes the workbooks" [ $? -eq 0 ]
# The quarterly self-audit workbook, with a re-review whose note looks
# like a formula.
"$radesk" audit sample --quarter 2026Q4 --seed 1 >/dev/null 2>"$T/err" &&
	app=$(sqlite3 "$T/var/radesk.db" "SELECT a.app_no || ' ' || o.login FROM audit_sample_items i JOIN applications a ON a.id = i.app_id JOIN operators o ON o.id = i.reviewer_id LIMIT 1") &&
	RADESK_USER=${app#* } "$radesk" audit sample review --quarter 2026Q4 "${app% *}" \
		--verdict agree --note '=1+1 核验无误' >/dev/null 2>>"$T/err" &&
	"$radesk" audit sample workbook --quarter 2026Q4 --out "$T/out" >/dev/null 2>>"$T/err"
expect "radesk writes the self-audit sample workbook" [ -s "$T/out/radesk-sample-2026Q4.xlsx" ]

lo() { # lo FILTER OUTDIR FILE: a headless conversion, private profile
	timeout 120 soffice -env:UserInstallation=file://$T/profile --headless \
		--norestore --nolockcheck --convert-to "$1" --outdir "$2" "$3"
}
for x in "$T"/out/*.xlsx "$T"/out/u/*.xlsx; do
	wb=$(basename "$x")
	case $x in */u/*) wb="$wb (unmasked)" ;; esac
	rm -rf "$T/lo" "$T/csv"
	mkdir -p "$T/lo" "$T/csv"
	lo xlsx "$T/lo" "$x" >"$T/err" 2>&1
	if [ -s "$T/lo/$(basename "$x")" ] && ! grep -qi "error\|repair\|corrupt" "$T/err"; then
		ok "$wb: LibreOffice opens and saves it without complaint"
	else
		ko "$wb: LibreOffice opens and saves it without complaint"
		continue
	fi
	# CSV of every sheet (token 12 = -1), UTF-8 (76), comma, quote.
	lo 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
		"$T/csv" "$x" >"$T/err" 2>&1
	expect "$wb: LibreOffice exports every sheet as CSV" sh -c "ls '$T/csv'/*.csv"
	expect "$wb: values, CSV and charts match openpyxl" \
		$py "$here/compare.py" "$x" "$T/lo/$(basename "$x")" "$T/csv"
	sed 's/^/      /' "$T/err" | tail -1
done
echo "office: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
