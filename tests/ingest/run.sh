#!/bin/sh
# tests/ingest/run.sh BUILD — end-to-end test of `radesk ingest`.
#
# Crafts one bad bundle per rule of spec/bundle-v1.md (mkbundle.py) and
# checks each is quarantined with its own reason and nothing stored; good
# bundles of each type; duplicate; resubmission after rejection;
# a version while under review; concurrent runs; kills at each fault point
# followed by a clean re-run. Prints "ingest: N passed, N failed".
set -u
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
radesk=$(cd "$build" && pwd)/radesk
py=/usr/bin/python3
pass=0
fail=0
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai RADESK_USER=tester
export RADESK_NOW=2026-11-20T10:00:00+08:00
export RADESK_CONFIG="$T/radesk.conf"

ok() { pass=$((pass + 1)); printf '  ok      %s\n' "$1"; }
bad() { fail=$((fail + 1)); printf '  FAIL    %s\n' "$1"; [ $# -gt 1 ] && printf '          %s\n' "$2"; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1" "expected '$3', got '$2'"; fi; }
q() { sqlite3 "$T/var/radesk.db" "$1"; }
mk() { "$py" "$here/mkbundle.py" "$@" || bad "mkbundle $*"; }

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
"$radesk" init >/dev/null 2>&1 || { echo "ingest: 0 passed, 1 failed (init)"; exit 1; }
inbox=$T/var/inbox

# --- one bad bundle per rule ---------------------------------------------
rules="symlink gbk_name encrypted dotdot absolute backslash duplicate_name
outside_files unlisted too_many_entries zip_bomb oversize_scan sha_mismatch
size_mismatch wrong_type missing_scan missing_key wrong_types bad_json
manifest_too_big"
expect() {
	case $1 in
	symlink) echo "symbolic links are not allowed" ;;
	gbk_name) echo "not valid UTF-8" ;;
	encrypted) echo "encrypted entries are not allowed" ;;
	dotdot) echo "'..' component" ;;
	absolute) echo "absolute path" ;;
	backslash) echo "backslash" ;;
	duplicate_name) echo "appears twice" ;;
	outside_files) echo "only manifest.json and files under files/" ;;
	unlisted) echo "is not listed in the manifest" ;;
	too_many_entries) echo "entries, more than the limit of 16" ;;
	zip_bomb) echo "(zip bomb)" ;;
	oversize_scan) echo "more than the limit of 2097152" ;;
	sha_mismatch) echo "files[2].sha256 does not match the content" ;;
	size_mismatch) echo "files[1].size does not match the content" ;;
	wrong_type) echo "files[0]: 'files/form.png' is not a JPEG, PNG, BMP or GIF" ;;
	missing_scan) echo "no id_back scan" ;;
	missing_key) echo "handler.id_no: required key is missing" ;;
	wrong_types) echo "payment.amount_fen: must be an integer" ;;
	bad_json) echo "not valid JSON" ;;
	manifest_too_big) echo "'manifest.json' is" ;;
	esac
}
n=0
for r in $rules; do
	n=$((n + 1))
	mk "$inbox/$r.zip" "$r" app_no=9000000000000000$n
done
"$radesk" ingest --quiet >"$T/out" 2>"$T/err"
check "bad bundles: exit 65 (EX_DATAERR)" "$?" 65
for r in $rules; do
	f="$T/var/quarantine/$r.zip"
	if [ -f "$f" ] && [ -f "$f.reason" ] && grep -qF -- "$(expect "$r")" "$f.reason"; then
		ok "quarantined with its own reason: $r"
	else
		bad "quarantined with its own reason: $r" "$(cat "$f.reason" 2>/dev/null | grep reason:)"
	fi
done
check "nothing stored for bad bundles" "$(q 'select (select count(*) from applications)+(select count(*) from files)+(select count(*) from jobs)')" 0
check "no blob stored for bad bundles" "$(find "$T/var/blobs" -type f 2>/dev/null | wc -l)" 0
check "quarantines logged" "$(q "select count(*) from ingest_log where outcome='quarantined'")" "$n"
check "inbox empty after the run" "$(ls "$inbox" | wc -l)" 0

# --- good bundles of each type --------------------------------------------
mk "$inbox/100000000000000001-v1.zip" good app_no=100000000000000001 type=replace
mk "$inbox/100000000000000002-v1.zip" good app_no=100000000000000002 type=renew method=alipay
mk "$inbox/100000000000000003-v1.zip" good app_no=100000000000000003 type=new holder=personal method=transfer
out=$("$radesk" ingest 2>"$T/err")
check "good bundles: exit 0" "$?" 0
check "summary line" "$out" "ingest: 3 ingested, 0 duplicate, 0 quarantined"
check "three applications received" "$(q "select count(*) from applications where state='received'")" 3
check "types stored" "$(q "select group_concat(type) from (select type from applications order by app_no)")" "replace,renew,new"
check "scans stored" "$(q 'select count(*) from files')" 12
check "blobs on disk, db check layout" "$(find "$T/var/blobs" -type f -name '????????????????????????????????????????????????????????????????' | wc -l)" "$(q 'select count(distinct sha256) from files')"
check "transfer payment unmatched" "$(q "select p.state from payments p join applications a on a.id=p.app_id where a.app_no='100000000000000003'")" unmatched
check "personal: telecom for handler and applicant" "$(q "select count(*) from checks c join applications a on a.id=c.app_id where a.app_no='100000000000000003' and c.kind like 'telecom_%'")" 2
check "no bank deposit for a transfer" "$(q "select count(*) from jobs where idem_key like 'bank:100000000000000003:%'")" 0
check "queue summary from the start: checks waiting, transfer unmatched" \
	"$(q "select verify_summary from applications where app_no='100000000000000003'")" "T… A… P✗"
check "queue summary: online payment, deposit waiting" \
	"$(q "select verify_summary from applications where app_no='100000000000000002'")" "T… B… P✓"
check "bank deposit job for wechat" "$(q "select count(*) from jobs j join checks c on c.job_id=j.id where j.kind='bank_deposit' and c.kind='bank_fin_auth'")" 2
check "audited" "$(q "select count(*) from audit_log where action='app.ingest'")" 3
check "SLA due after submission" "$(q "select count(*) from applications where sla_due_at > submitted_at")" 3
check "archived" "$(ls "$T/var/archive" | wc -l)" 3

# --- duplicate -------------------------------------------------------------
mk "$inbox/dup.zip" good app_no=100000000000000001 type=replace
out=$("$radesk" ingest 2>"$T/err")
check "duplicate: exit 0" "$?" 0
check "duplicate summary" "$out" "ingest: 0 ingested, 1 duplicate, 0 quarantined"
check "duplicate stores nothing" "$(q 'select count(*) from app_versions')" 3
check "duplicate logged" "$(q "select count(*) from ingest_log where outcome='duplicate'")" 1

# --- newer version while received: refused into quarantine -----------------
mk "$inbox/100000000000000001-v2.zip" good app_no=100000000000000001 version=2
"$radesk" ingest --quiet >/dev/null 2>&1
check "version while under review: quarantined" "$(grep -c 'only a rejected' "$T/var/quarantine/100000000000000001-v2.zip.reason" 2>/dev/null)" 1
check "version while under review: nothing stored" "$(q 'select count(*) from app_versions')" 3

# --- resubmission after rejection ----------------------------------------
aid=$(q "select id from applications where app_no='100000000000000001'")
vid=$(q "select id from app_versions where app_id=$aid")
opid=$(q "select id from operators limit 1")
q "insert into decisions(app_id,version_id,operator_id,action,from_state,to_state,created_at) values($aid,$vid,$opid,'reject','in_review','rejected',1); update applications set state='rejected' where id=$aid;"
mk "$inbox/100000000000000001-v2.zip" good app_no=100000000000000001 version=2
out=$("$radesk" ingest 2>"$T/err")
check "resubmission ingested" "$out" "ingest: 1 ingested, 0 duplicate, 0 quarantined"
check "resubmission reopens" "$(q "select state||':'||current_version from applications where id=$aid")" "received:2"
check "old version and decision kept" "$(q "select count(*) from app_versions where app_id=$aid")/$(q "select count(*) from decisions where app_id=$aid")" "2/1"
check "resubmit audited" "$(q "select count(*) from audit_log where action='app.resubmit'")" 1
mk "$inbox/100000000000000009-v1.zip" good app_no=100000000000000009
"$radesk" ingest --quiet >/dev/null 2>&1
check "earlier rejection flagged as risk" "$(q "select count(*) from findings f join app_versions v on v.id=f.version_id join applications a on a.id=v.app_id where a.app_no='100000000000000009' and f.code='earlier_rejected' and f.severity='risk'")" 1

# --- concurrent runs -------------------------------------------------------
for i in 1 2 3 4 5 6; do mk "$inbox/20000000000000000$i-v1.zip" good app_no=20000000000000000$i; done
"$radesk" ingest --quiet >/dev/null 2>"$T/e1" & p1=$!
"$radesk" ingest --quiet >/dev/null 2>"$T/e2" & p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
if { [ $r1 = 0 ] && [ $r2 = 0 ]; } || { [ $r1 = 0 ] && [ $r2 = 75 ]; } || { [ $r1 = 75 ] && [ $r2 = 0 ]; }; then
	ok "concurrent runs: 0 and 0/75 ($r1, $r2)"
else
	bad "concurrent runs: 0 and 0/75" "got $r1 and $r2: $(cat "$T/e1" "$T/e2")"
fi
check "concurrent runs: nothing doubled" "$(q "select count(*) from app_versions v join applications a on a.id=v.app_id where a.app_no like '2000000000000000%'")" 6
check "lock busy: exit 75" "$(flock "$T/var/locks/ingest.lock" "$radesk" ingest --quiet >/dev/null 2>&1; echo $?)" 75

# --- kill mid-ingest, then a clean re-run ----------------------------------
k=0
for fp in ingest-after-blobs ingest-before-commit ingest-after-commit; do
	k=$((k + 1))
	mk "$inbox/30000000000000000$k-v1.zip" good app_no=30000000000000000$k
	RADESK_FAULT=$fp "$radesk" ingest --quiet >/dev/null 2>&1
	check "$fp: killed (137)" "$?" 137
	case $fp in
	ingest-after-commit) want=1 ;;
	*) want=0 ;;
	esac
	check "$fp: all or nothing" "$(q "select count(*) from applications where app_no='30000000000000000$k'")" $want
	check "$fp: bundle still in the inbox" "$(ls "$inbox" | wc -l)" 1
	out=$("$radesk" ingest 2>"$T/err")
	case $fp in
	ingest-after-commit) check "$fp: re-run finds a duplicate" "$out" "ingest: 0 ingested, 1 duplicate, 0 quarantined" ;;
	*) check "$fp: re-run ingests" "$out" "ingest: 1 ingested, 0 duplicate, 0 quarantined" ;;
	esac
	check "$fp: stored once" "$(q "select count(*) from app_versions v join applications a on a.id=v.app_id where a.app_no='30000000000000000$k'")" 1
done
# --- a transfer already on the statement is matched at ingest -------------
# Two identical lines (one transfer each); the import matches the one
# application there is, the second waits for the next.
{
	printf 'date,payer_account,payer_name,amount\n'
	printf '2026-11-19,4000023009200123456,深圳市星河数智科技有限公司,500.00\n'
	printf '2026-11-20,4000023009200123456,深圳市星河数智科技有限公司,500.00\n'
} >"$T/st.csv"
"$radesk" bank import "$T/st.csv" >/dev/null 2>&1
check "import matches the waiting transfer" \
	"$(q "select p.state from payments p join applications a on a.id=p.app_id where a.app_no='100000000000000003'")" matched
mk "$inbox/100000000000000019-v1.zip" good app_no=100000000000000019 type=new method=transfer
"$radesk" ingest >/dev/null 2>&1
check "the next transfer is matched as it arrives" \
	"$(q "select p.state, l.value_date from payments p join applications a on a.id=p.app_id join bank_statement_lines l on l.id=p.statement_line_id where a.app_no='100000000000000019'")" "matched|2026-11-20"
check "audited under the application" \
	"$(q "select count(*) from audit_log where action='payment.match' and subject='100000000000000019'")" 1
check "its summary shows the payment" \
	"$(q "select verify_summary from applications where app_no='100000000000000019'")" "T… P✓"

# --- hostile input, spec revision 2 (issue 13) ------------------------------
# Each bundle is built here, now; each must be refused whole with a reason
# naming the entry or key, and leave the database, the blobs and the queue
# as they were.
snap() {
	printf '%s|%s|%s|%s|%s|%s\n' \
		"$(q 'select count(*) from applications')" "$(q 'select count(*) from app_versions')" \
		"$(q 'select count(*) from files')" "$(q 'select count(*) from jobs')" \
		"$(q 'select count(*) from findings')" "$(find "$T/var/blobs" -type f | wc -l)"
}
h2rules="trailing_png truncated_png undecodable_png trailing_gif bmp_mismatch over_pixels
nfc_names gbk_name gbk_central gbk_local future bad_app_letters bad_app_short bad_app_long bad_order_no"
h2expect() {
	case $1 in
	trailing_png) echo "files[1] (business_license) 'files/license.png': the scan does not decode completely: the PNG image carries" ;;
	truncated_png) echo "files[1] (business_license) 'files/license.png': the scan does not decode completely: the PNG image is corrupt or truncated" ;;
	undecodable_png) echo "files[1] (business_license) 'files/license.png': the scan does not decode completely" ;;
	trailing_gif) echo "files[3] (id_back) 'files/id_back.gif': the scan does not decode completely: the GIF image carries" ;;
	bmp_mismatch) echo "files[2] (id_front) 'files/id_front.bmp': the scan does not decode completely: the BMP header gives a file size" ;;
	over_pixels) echo "files[3] (id_back) 'files/id_back.gif': the scan does not decode completely: the GIF image claims 9000 x 9000 pixels" ;;
	nfc_names) echo "after Unicode NFC normalisation" ;;
	gbk_name|gbk_central|gbk_local) echo "entry name is not valid UTF-8 (probably GBK)" ;;
	future) echo "manifest: submitted_at: 2026-11-20T10:06:00+08:00 is more than 5 minutes in the future" ;;
	bad_app_*) echo "manifest: app_no: must be 8 to 32 digits" ;;
	bad_order_no) echo "manifest: order_no: must be 8 to 32 digits" ;;
	esac
}
before=$(snap)
n=0
for r in $h2rules; do
	n=$((n + 1))
	case $r in
	bad_app_letters) mk "$inbox/$r.zip" good app_no=A1234567890 ;;
	bad_app_short) mk "$inbox/$r.zip" good app_no=1234567 ;;
	bad_app_long) mk "$inbox/$r.zip" good app_no=123456789012345678901234567890123 ;;
	bad_order_no) mk "$inbox/$r.zip" good app_no=9100000000000000$n 'setj.order_no="2022-0909"' ;;
	*) mk "$inbox/$r.zip" "$r" app_no=9100000000000000$n ;;
	esac
done
jpeg_cases="trailing_jpeg truncated_jpeg corrupt_jpeg"
"$py" "$here/mkbundle.py" "$T/probe.zip" jpeg_ok 2>/dev/null; havejpeg=$?
if [ $havejpeg = 0 ]; then
	for r in $jpeg_cases; do
		n=$((n + 1))
		mk "$inbox/$r.zip" "$r" app_no=9100000000000000$n
	done
	h2rules="$h2rules $jpeg_cases"
else
	echo "  skip    JPEG cases: Python's Pillow (python3-pil) is missing"
fi
"$radesk" ingest --quiet >"$T/out" 2>"$T/err"
check "hostile rev-2 bundles: exit 65" "$?" 65
for r in $h2rules; do
	f="$T/var/quarantine/$r.zip"
	case $r in
	trailing_jpeg) want="files[0] (application_form) 'files/form.jpg': the scan does not decode completely: the JPEG image carries" ;;
	truncated_jpeg) want="files[0] (application_form) 'files/form.jpg': the scan does not decode completely: the JPEG image is corrupt or truncated" ;;
	corrupt_jpeg) want="files[0] (application_form) 'files/form.jpg': the scan does not decode completely" ;;
	*) want=$(h2expect "$r") ;;
	esac
	if [ -f "$f" ] && [ -f "$f.reason" ] && grep -qF -- "$want" "$f.reason"; then
		ok "refused with its reason: $r"
	else
		bad "refused with its reason: $r" "$(grep reason: "$f.reason" 2>/dev/null)"
	fi
done
check "hostile rev-2: database, blobs and queue unchanged" "$(snap)" "$before"
check "hostile rev-2: inbox empty" "$(ls "$inbox" | wc -l)" 0

# a scan that takes longer than [ingest] scan_decode_ms is refused too
sed 's/^\[sla\]$/[ingest]\nscan_decode_ms = 10\n[sla]/' "$T/radesk.conf" >"$T/slow.conf"
mk "$inbox/slow_scan.zip" slow_scan app_no=91000000000000099
RADESK_CONFIG="$T/slow.conf" "$radesk" ingest --quiet >/dev/null 2>&1
check "slow scan: exit 65" "$?" 65
check "slow scan: refused by the time limit, naming the file" \
	"$(grep -c "files\[1\] (business_license) 'files/license.png': the scan does not decode completely: decoding the PNG image took longer than 10 ms" "$T/var/quarantine/slow_scan.zip.reason" 2>/dev/null)" 1
check "slow scan: nothing stored" "$(snap)" "$before"

# the same bundles, clean, are taken: 4 minutes ahead is within the rule,
# a real JPEG decodes, a big scan decodes within the default limits
mk "$inbox/92000000000000001-v1.zip" future app_no=92000000000000001 when=2026-11-20T10:04:00+08:00
mk "$inbox/92000000000000003-v1.zip" slow_scan app_no=92000000000000003
if [ $havejpeg = 0 ]; then mk "$inbox/92000000000000002-v1.zip" jpeg_ok app_no=92000000000000002; fi
out=$("$radesk" ingest 2>"$T/err")
check "clean neighbours ingested" "$out" "ingest: $([ $havejpeg = 0 ] && echo 3 || echo 2) ingested, 0 duplicate, 0 quarantined"

# names with invisible or look-alike characters: stored, with an error finding
finding() { q "select group_concat(f.severity||':'||f.field,' ') from findings f join app_versions v on v.id=f.version_id join applications a on a.id=v.app_id where a.app_no='$1' and f.code='$2'"; }
mk "$inbox/93000000000000001-v1.zip" good app_no=93000000000000001 'setj.handler.name="张\u200b三"'
mk "$inbox/93000000000000002-v1.zip" good app_no=93000000000000002 'setj.organization.name="深圳市星河数智科技有限公\u0441司"' 'setj.financial.account_name="深圳市星河数智科技有限公\u0441司"'
mk "$inbox/93000000000000003-v1.zip" good app_no=93000000000000003 'setj.shipping.recipient="\uff21\uff22\uff23"'
mk "$inbox/93000000000000004-v1.zip" good app_no=93000000000000004 'setj.financial.account_name="深圳市星河数智科技有限公司\u202e"'
mk "$inbox/93000000000000005-v1.zip" good app_no=93000000000000005 'setj.financial.account_name=" 深圳市 星河数智科技有限公司 "'
out=$("$radesk" ingest 2>"$T/err")
check "names: all five stored" "$out" "ingest: 5 ingested, 0 duplicate, 0 quarantined"
check "zero-width space in a person's name: error finding" "$(finding 93000000000000001 name_invisible)" "error:handler.name"
check "Cyrillic letter in a Chinese company name: error finding" "$(finding 93000000000000002 name_lookalike)" "error:organization.name error:financial.account_name"
check "full-width letters in the recipient: error finding" "$(finding 93000000000000003 name_lookalike)" "error:shipping.recipient"
check "bidi override in the account name: error finding" "$(finding 93000000000000004 name_invisible)" "error:financial.account_name"
check "the finding shows the character spelt out" \
	"$(q "select f.arg from findings f join app_versions v on v.id=f.version_id join applications a on a.id=v.app_id where a.app_no='93000000000000001' and f.code='name_invisible'")" "U+200B: 张⟨U+200B⟩三"
check "same name with spaces: no account mismatch (one normalised form)" "$(finding 93000000000000005 account_name_mismatch)" ""
check "same name with spaces: no name finding" "$(finding 93000000000000005 name_invisible)$(finding 93000000000000005 name_lookalike)" ""
check "zero-width in the account name only: not a different name, but flagged" "$(finding 93000000000000004 account_name_mismatch)" ""
check "rev-1 good bundle has no name finding" "$(finding 100000000000000019 name_invisible)$(finding 100000000000000019 name_lookalike)" ""

check "db check after everything" "$("$radesk" db check >/dev/null 2>&1; echo $?)" 0
check "audit chain verifies" "$("$radesk" audit verify >/dev/null 2>&1; echo $?)" 0

echo "ingest: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
