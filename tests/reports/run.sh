#!/bin/sh
# tests/reports/run.sh BUILD — end-to-end tests of `radesk report` and
# `radesk export dossier` on a temporary database seeded from seed.sql.
# The workbook is read back with Debian's python3-openpyxl
# (check_daily.py). Prints "reports: N passed, N failed".
#
# Concurrency contract tested here: a second report while one holds the
# lock exits 75 (EX_TEMPFAIL) at once and leaves the published file alone.
set -u
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
radesk=$(cd "$build" && pwd)/radesk
py=/usr/bin/python3
pass=0
fail=0
T=$(mktemp -d)
holder=
cleanup() {
	[ -n "$holder" ] && kill "$holder" 2>/dev/null
	chattr -i "$T/ro" 2>/dev/null
	chmod -R u+w "$T" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT INT TERM

ok() { pass=$((pass + 1)); printf '  PASS    %s\n' "$1"; }
ko() { fail=$((fail + 1)); printf '  FAIL    %s\n' "$1"; [ -f "$T/err" ] && sed 's/^/      | /' "$T/err" | tail -5; }
expect() { # NAME CONDITION...
	name=$1; shift
	if "$@"; then ok "$name"; else ko "$name"; fi
}

export LC_ALL=C.UTF-8 TZ=UTC
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
holidays = $here/../../etc/holidays-2026.txt
[cron]
operator = rdadmin
[review]
reasons = $T/reasons.txt
CONF
# The seed's reason codes, with labels (the workbook shows the labels).
cat >"$T/reasons.txt" <<'REASONS'
ID_BLURRY       | 身份证照片模糊 | ID photos blurred
LICENSE_EXPIRED | 营业执照已过期 | Business licence expired
REASONS

"$radesk" init >/dev/null 2>"$T/err" &&
	sqlite3 "$T/var/radesk.db" <"$here/seed.sql" 2>>"$T/err" &&
	$py "$here/audit_append.py" "$T/var/radesk.db" 1795137300 auditor1 \
		app.decide RA-2026-0001 '{"action":"approve"}' 2>>"$T/err" &&
	$py "$here/audit_append.py" "$T/var/radesk.db" 1795159200 worker \
		production.request RA-2026-0001 '{"order":"PO-778899"}' 2>>"$T/err"
expect "setup: init, seed, chained audit rows" [ $? -eq 0 ]
mkdir -p "$T/var/blobs/df" "$T/out"
printf 'radesk test scan #1\n' \
	>"$T/var/blobs/df/dfb84f7d98917ea8d6a3069c826ee29a2779a4a0754dcf1b737af0cb3d4d134f"
xlsx="$T/out/radesk-daily-2026-11-20.xlsx"

# --- the workbook, read back independently
"$radesk" report daily --date 2026-11-20 --out "$T/out" >"$T/out.txt" 2>"$T/err"
expect "report daily exits 0" [ $? -eq 0 ]
expect "report daily writes the file" [ -s "$xlsx" ]
$py "$here/check_daily.py" "$xlsx" >"$T/err" 2>&1
expect "workbook read back by openpyxl" [ $? -eq 0 ]
expect "no temporary file left" [ -z "$(ls -A "$T/out" | grep -v '^radesk-daily-2026-11-20.xlsx$')" ]
n=$(sqlite3 "$T/var/radesk.db" "SELECT count(*) FROM audit_log WHERE action='report.daily' AND subject='radesk-daily-2026-11-20.xlsx'")
expect "report audited (report.daily)" [ "$n" = 1 ]
"$radesk" audit verify >/dev/null 2>"$T/err"
expect "audit chain intact after the report" [ $? -eq 0 ]

# --- --quiet prints nothing; a rerun replaces the file with the same data
ino1=$(stat -c %i "$xlsx")
out=$("$radesk" report daily --date 2026-11-20 --out "$T/out" --quiet 2>"$T/err"); rc=$?
expect "rerun with --quiet: exit 0, silent" [ $rc -eq 0 -a -z "$out" ]
expect "rerun replaced the file (new inode: renamed into place)" [ "$(stat -c %i "$xlsx")" != "$ino1" ]
$py "$here/check_daily.py" "$xlsx" >"$T/err" 2>&1
expect "rerun gives the same data" [ $? -eq 0 ]

# --- two runs at once: one holds the lock, the other exits 75 at once
mkdir -p "$T/var/run"
mkfifo "$T/release"
( exec 9>"$T/var/run/report.lock"; flock -x 9; : >"$T/held"; read _ <"$T/release" ) &
holder=$!
deadline=$(($(date +%s) + 10))
while [ ! -e "$T/held" ] && [ "$(date +%s)" -lt "$deadline" ]; do :; done
ino1=$(stat -c %i "$xlsx")
"$radesk" report daily --date 2026-11-20 --out "$T/out" --quiet 2>"$T/err"; rc=$?
expect "concurrent run exits 75 (EX_TEMPFAIL)" [ $rc -eq 75 ]
expect "concurrent run names the lock" grep -q 'report' "$T/err"
expect "concurrent run leaves the file alone" [ "$(stat -c %i "$xlsx")" = "$ino1" ]
echo go >"$T/release"
wait "$holder"; holder=
# and two real runs started together: each exits 0 or 75, one file stays valid
"$radesk" report daily --date 2026-11-20 --out "$T/out" --quiet 2>/dev/null & p1=$!
"$radesk" report daily --date 2026-11-20 --out "$T/out" --quiet 2>/dev/null & p2=$!
wait $p1; r1=$?; wait $p2; r2=$?
expect "two simultaneous runs: each 0 or 75, not both 75" \
	sh -c "[ \( $r1 -eq 0 -o $r1 -eq 75 \) -a \( $r2 -eq 0 -o $r2 -eq 75 \) -a \( $r1 -eq 0 -o $r2 -eq 0 \) ]"
$py "$here/check_daily.py" "$xlsx" >"$T/err" 2>&1
expect "file valid after simultaneous runs" [ $? -eq 0 ]

# --- read-only output folder: clear error, non-zero, no partial file
mkdir -p "$T/ro"
if [ "$(id -u)" = 0 ]; then chattr +i "$T/ro"; else chmod 555 "$T/ro"; fi
"$radesk" report daily --date 2026-11-20 --out "$T/ro" 2>"$T/err"; rc=$?
expect "read-only folder: exit 73/74" [ $rc -eq 74 -o $rc -eq 73 ]
expect "read-only folder: message names the folder" grep -q "$T/ro" "$T/err"
expect "read-only folder: nothing written" [ -z "$(ls -A "$T/ro")" ]
chattr -i "$T/ro" 2>/dev/null; chmod 755 "$T/ro"

# --- range and argument errors
"$radesk" report range --from 2026-11-19 --to 2026-11-20 --out "$T/out" --quiet 2>"$T/err"
expect "report range writes its file" [ -s "$T/out/radesk-range-2026-11-19_2026-11-20.xlsx" ]
"$radesk" report daily --date 2026-13-01 --out "$T/out" 2>"$T/err"; rc=$?
expect "bad date: exit 65" [ $rc -eq 65 ]
RADESK_USER=auditor1 "$radesk" report daily --date 2026-11-20 --out "$T/out" --unmasked 2>"$T/err"; rc=$?
expect "--unmasked refused for an auditor (77)" [ $rc -eq 77 ]
RADESK_USER=super1 "$radesk" report daily --date 2026-11-20 --out "$T/out" --unmasked --quiet 2>"$T/err"; rc=$?
n=$(sqlite3 "$T/var/radesk.db" "SELECT count(*) FROM audit_log WHERE action='report.unmasked' AND actor='super1'")
expect "--unmasked by a supervisor works and is audited" [ $rc -eq 0 -a "$n" = 1 ]
v=$($py -c "import openpyxl,sys; ws=openpyxl.load_workbook(sys.argv[1])['审核明细']; print(ws['D2'].value)" "$xlsx")
expect "--unmasked shows the clear name" [ "$v" = "张伟明" ]

# --- dossier
export RADESK_USER=super1
"$radesk" export dossier RA-2026-0001 -o "$T/d1.zip" --quiet 2>"$T/err"
expect "export dossier exits 0" [ $? -eq 0 ]
"$radesk" export dossier RA-2026-0001 -o "$T/d2.zip" --quiet 2>"$T/err"
expect "dossier is deterministic (byte-identical)" cmp -s "$T/d1.zip" "$T/d2.zip"
mkdir "$T/dx" && (cd "$T/dx" && unzip -q ../d1.zip)
(cd "$T/dx" && sha256sum -c --quiet SHA256SUMS) >"$T/err" 2>&1
expect "SHA256SUMS verifies" [ $? -eq 0 ]
for f in application.json versions.json versions/v1/manifest.json files.json \
	findings.json checks.json decisions.json notes.json payments.json \
	fulfilment.json audit.json scans/v1/1-business_license-license.jpg; do
	[ -f "$T/dx/$f" ] || echo "missing $f" >>"$T/missing"
done
expect "dossier has every part" [ ! -e "$T/missing" ]
expect "scan bytes kept, hostile path flattened" \
	sh -c "printf 'radesk test scan #1\n' | cmp -s - '$T/dx/scans/v1/1-business_license-license.jpg'"
$py - "$T/dx" >"$T/err" 2>&1 <<'PY'
import json, sys, os
d = sys.argv[1]
audit = json.load(open(os.path.join(d, "audit.json")))
assert [a["action"] for a in audit] == ["app.decide", "production.request"], audit
assert audit[1]["prev_hash"] == audit[0]["hash"], "chain hashes"
assert all(len(a["hash"]) == 64 for a in audit)
dec = json.load(open(os.path.join(d, "decisions.json")))
assert dec[0]["note"].startswith("=HYPERLINK") and dec[0]["operator_login"] == "auditor1"
ver = json.load(open(os.path.join(d, "versions.json")))
assert ver[0]["manifest_file"] == "versions/v1/manifest.json" and "manifest_json" not in ver[0]
assert open(os.path.join(d, "versions/v1/manifest.json")).read().startswith('{"format":1,"app_no":"RA-2026-0001"')
notes = json.load(open(os.path.join(d, "notes.json")))
assert notes[0]["body"] == "内部备注：已电话核实经办人"
PY
expect "dossier JSON: audit chain, decisions, manifest, notes" [ $? -eq 0 ]
n=$(sqlite3 "$T/var/radesk.db" "SELECT count(*) FROM audit_log WHERE action='export.dossier' AND subject='RA-2026-0001'")
expect "dossier exports audited" [ "$n" = 2 ]
RADESK_USER=auditor1 "$radesk" export dossier RA-2026-0001 -o "$T/d3.zip" 2>"$T/err"; rc=$?
expect "dossier refused for an auditor (77)" [ $rc -eq 77 -a ! -e "$T/d3.zip" ]
"$radesk" export dossier RA-2099-9999 -o "$T/d4.zip" 2>"$T/err"; rc=$?
expect "unknown application: 66, no file" [ $rc -eq 66 -a ! -e "$T/d4.zip" ]
printf 'tampered scan bytes\n' \
	>"$T/var/blobs/df/dfb84f7d98917ea8d6a3069c826ee29a2779a4a0754dcf1b737af0cb3d4d134f"
"$radesk" export dossier RA-2026-0001 -o "$T/d5.zip" 2>"$T/err"; rc=$?
expect "tampered scan: refused (65), says tampered, no file" \
	sh -c "[ $rc -eq 65 ] && grep -q tampered '$T/err' && [ ! -e '$T/d5.zip' ]"
expect "tampered scan: no temporary file left" [ -z "$(ls -A "$T" | grep '^\.d5')" ]

echo "reports: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
