#!/bin/sh
# tests/retention/run.sh BUILD — `radesk archive purge`: on a demo
# database, an application whose certificate ended one second before the
# retention cut-off is purged (personal fields of every version, names,
# notes, check details, job payloads, PIN, scan rows, its own blobs), one
# ending exactly at the cut-off, one a day younger and one without a
# known end are left alone; --dry-run changes nothing; one app.purge
# entry per application; the audit chain verifies and db check is clean
# afterwards; a second run purges nothing; auditors may not purge.
set -u
build=${1:-build}
radesk=$(cd "$build" && pwd)/radesk
root=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); printf '  ok      %s\n' "$1"; }
no() { fail=$((fail + 1)); printf '  FAIL    %s\n' "$1"; [ -f "$T/out" ] && sed 's/^/      | /' "$T/out" | tail -10; }
eq() { if [ "$2" = "$3" ]; then ok "$1"; else no "$1 (wanted '$2', got '$3')"; fi; }
q() { sqlite3 -cmd ".timeout 5000" "$T/var/radesk.db" "$1"; }
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai RADESK_USER=admin
export RADESK_NOW=2026-12-07T10:00:00+08:00
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
holidays = $root/etc/holidays-2026.txt
CONF
r() { "$radesk" --config "$T/radesk.conf" "$@"; }
r init >"$T/out" 2>&1 && r demo --apps 12 >>"$T/out" 2>&1 &&
	r operator add alice auditor >>"$T/out" 2>&1
eq "setup: init, demo, an auditor" 0 $?

# 2026-12-07T10:00+08:00 less 5 years: 2021-12-07T10:00:00+08:00.
cut=$(date -d '2021-12-07T10:00:00+08:00' +%s)
q "UPDATE app_versions SET cert_not_after = NULL;
   UPDATE app_versions SET cert_not_after = $((cut - 1)) WHERE app_id = 1;
   UPDATE app_versions SET cert_not_after = $cut WHERE app_id = 2;
   UPDATE app_versions SET cert_not_after = $((cut + 86400)) WHERE app_id = 3;
   INSERT INTO notes(app_id, operator_id, body, created_at) VALUES (1, 1, '客户电话 13800000000', 1);"
# A scan of application 1 alone (its own blob) beside the shared ones.
printf 'only application 1 has this scan\n' >"$T/own"
own=$(sha256sum "$T/own" | cut -d' ' -f1)
mkdir -p "$T/var/blobs/$(echo "$own" | cut -c1-2)"
cp "$T/own" "$T/var/blobs/$(echo "$own" | cut -c1-2)/$own"
q "INSERT INTO files(version_id, role, path, sha256, size, content_type)
   SELECT id, 'other', 'own.txt', '$own', 33, 'image/png' FROM app_versions WHERE app_id = 1 AND version = 1"
app1=$(q "SELECT app_no FROM applications WHERE id = 1")
files1=$(q "SELECT count(*) FROM files WHERE version_id IN (SELECT id FROM app_versions WHERE app_id = 1)")
shared=$(q "SELECT sha256 FROM files f JOIN app_versions v ON v.id = f.version_id WHERE v.app_id = 1 AND f.sha256 IN (SELECT f2.sha256 FROM files f2 JOIN app_versions v2 ON v2.id = f2.version_id WHERE v2.app_id <> 1) LIMIT 1")
snap() { q "SELECT group_concat(x, '|') FROM (SELECT v.id || manifest_json || handler_name || applicant_name || ship_address AS x FROM app_versions v ORDER BY v.id)"; }
# What later parts keep of application 1: a reading of one of its scans
# (the text recognised on it), revision-2 fields, a transfer's payer.
q "INSERT INTO scan_reads(file_id, version_id, role, status, read_at)
     SELECT f.id, f.version_id, f.role, 'read', 1 FROM files f
     JOIN app_versions v ON v.id = f.version_id WHERE v.app_id = 1 LIMIT 1;
   INSERT INTO scan_read_lines(read_id, n, text, conf, x, y, w, h)
     SELECT max(id), 0, '张三 110105194912310021', 90, 0, 0, 1, 1 FROM scan_reads;
   INSERT INTO scan_read_fields(read_id, field, value, expected, verdict, conf, x, y, w, h)
     SELECT max(id), 'id.id_no', '110105194912310021', '110105194912310021', 'match', 90, 0, 0, 1, 1 FROM scan_reads;
   UPDATE app_versions SET legal_rep_name = '王五', legal_rep_id_no = '440301197001010050',
     invoice_email = 'fp@example.cn', invoice_mobile = '13700137000' WHERE app_id = 1;
   INSERT INTO app_transfers(version_id, idx, payer_account, payer_name, amount_fen, date, memo)
     SELECT id, 0, '4000023009200123456', '张三', 100, '2021-01-01', '第一笔' FROM app_versions WHERE app_id = 1 LIMIT 1;"
before=$(snap)
others=$(q "SELECT count(*) FROM app_versions WHERE app_id <> 1 AND manifest_json <> '{}'")
audits=$(q "SELECT count(*) FROM audit_log")

AS() { RADESK_USER=$1; shift; "$@"; RADESK_USER=admin; }
RADESK_USER=alice r archive purge --dry-run >"$T/out" 2>&1
eq "an auditor may not purge (77)" 77 $?
eq "the auditor's refusal is audited" 1 "$(q "SELECT count(*) FROM audit_log WHERE action = 'operator.refused' AND id > (SELECT max(id) FROM audit_log) - 1")"
audits=$(q "SELECT count(*) FROM audit_log")
r archive purge --dry-run >"$T/out" 2>&1
eq "dry run exits 0" 0 $?
grep -q "before 2021-12-07" "$T/out" && ok "the cut-off is said" || no "the cut-off is said"
grep -q "would purge $app1 (certificate ended 2021-12-07): $files1 scans" "$T/out" &&
	ok "dry run lists the application past the cut-off" || no "dry run lists the application past the cut-off"
eq "dry run lists nothing else" 1 "$(grep -c '^would purge' "$T/out")"
eq "dry run changes nothing" "$before" "$(snap)"
eq "dry run writes no audit entry" "$audits" "$(q "SELECT count(*) FROM audit_log")"

r archive purge >"$T/out" 2>&1
eq "purge exits 0" 0 $?
grep -q "^purged $app1 " "$T/out" && grep -q "^1 applications purged" "$T/out" &&
	ok "purge reports the application and the total" || no "purge reports the application and the total"
eq "its personal fields are gone in every version" "" \
	"$(q "SELECT group_concat(handler_name || handler_id_no || handler_mobile || applicant_name || applicant_id_no || ship_address || ship_mobile || org_name || fin_account_no, '') FROM app_versions WHERE app_id = 1")"
eq "the manifest as received is gone" "{}" "$(q "SELECT DISTINCT manifest_json FROM app_versions WHERE app_id = 1")"
eq "the queue's copies of the names are gone" "||" "$(q "SELECT org_name || '|' || org_id_no || '|' || handler_name FROM applications WHERE id = 1")"
eq "notes, checks, jobs, PIN emptied" "0|0|0|0" \
	"$(q "SELECT (SELECT count(*) FROM notes WHERE app_id = 1 AND body <> '') || '|' || (SELECT count(*) FROM checks WHERE app_id = 1 AND detail <> '') || '|' || (SELECT count(*) FROM jobs WHERE app_id = 1 AND payload <> '{}') || '|' || (SELECT count(*) FROM app_pins WHERE app_id = 1)")"
eq "the scans' readings are gone" 0 \
	"$(q "SELECT (SELECT count(*) FROM scan_reads r JOIN app_versions v ON v.id = r.version_id WHERE v.app_id = 1) + (SELECT count(*) FROM scan_read_lines) + (SELECT count(*) FROM scan_read_fields)")"
eq "revision-2 personal fields and the transfers' payers are gone" "|" \
	"$(q "SELECT group_concat(coalesce(legal_rep_name,'') || coalesce(legal_rep_id_no,'') || coalesce(invoice_email,'') || coalesce(invoice_mobile,''), '') || '|' || (SELECT group_concat(payer_account || payer_name || coalesce(memo,''), '') FROM app_transfers t JOIN app_versions v2 ON v2.id = t.version_id WHERE v2.app_id = 1) FROM app_versions WHERE app_id = 1")"
eq "its scan rows are gone" 0 "$(q "SELECT count(*) FROM files WHERE version_id IN (SELECT id FROM app_versions WHERE app_id = 1)")"
[ ! -e "$T/var/blobs/$(echo "$own" | cut -c1-2)/$own" ] && ok "its own scan's blob is deleted" || no "its own scan's blob is deleted"
if [ -n "$shared" ]; then
	[ -e "$T/var/blobs/$(echo "$shared" | cut -c1-2)/$shared" ] &&
		ok "a scan other applications still use stays" || no "a scan other applications still use stays"
fi
eq "what the record keeps: number, type, state, purge time" "$app1|1" \
	"$(q "SELECT app_no || '|' || (purged_at = $(date -d "$RADESK_NOW" +%s)) FROM applications WHERE id = 1")"
eq "the applications at and inside the boundary, and without an end, untouched" \
	"$others" "$(q "SELECT count(*) FROM app_versions WHERE app_id <> 1 AND manifest_json <> '{}'")"
eq "nothing else purged" 1 "$(q "SELECT count(*) FROM applications WHERE purged_at IS NOT NULL")"
eq "one app.purge audit entry, by the admin, for it" "admin|$app1|$files1" \
	"$(q "SELECT actor || '|' || subject || '|' || json_extract(details, '\$.files') FROM audit_log WHERE action = 'app.purge'")"
q "SELECT details FROM audit_log WHERE action = 'app.purge'" | grep -q "1380000\|$(q "SELECT handler_name FROM app_versions WHERE app_id = 2 LIMIT 1")x" &&
	no "the audit entry holds no personal data" || ok "the audit entry holds no personal data"
r audit verify >"$T/out" 2>&1
eq "the audit chain still verifies" 0 $?
r db check >"$T/out" 2>&1
eq "db check is clean (no dangling scan)" 0 $?
r archive purge >"$T/out" 2>&1
grep -q "^0 applications purged" "$T/out" && ok "a second run purges nothing" || no "a second run purges nothing"
# The boundary moves with the clock: a day later application 2 (ended
# exactly at the old cut-off) is past it.
RADESK_NOW=2026-12-08T10:00:00+08:00 r archive purge --dry-run >"$T/out" 2>&1
grep -q "would purge $(q "SELECT app_no FROM applications WHERE id = 2")" "$T/out" && ! grep -q "$(q "SELECT app_no FROM applications WHERE id = 3")" "$T/out" &&
	ok "a day later the one at the boundary is due, the younger one not" ||
	no "a day later the one at the boundary is due, the younger one not"
echo "retention: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
