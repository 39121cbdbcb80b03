#!/bin/sh
# Reports from the console: the dossier from the detail screen (e).
. "$(dirname "$0")/lib.sh"
setup

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
start s sue
wait_for s "RA20261118-0002" || finish
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
eq "no temporary file left" "dossier-RA20261118-0002.zip" "$(ls -A "$T/var/reports")"
finish
