#!/bin/sh
# tests/rev2/run.sh BUILD — bundle format revision 2 and portal requests
# (issue 15), end to end through `radesk ingest`.
#
# Every bundle and request file is built here at run time
# (tests/ingest/mkbundle.py with setj./del. overrides); each key of
# revision 2 is checked stored, each business rule as its finding, each
# contract rule as a quarantine with a reason naming the key, and portal
# requests as stored, idempotent by file name and changing no state.
# Prints "rev2: N passed, N failed".
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
mk() { "$py" "$top/tests/ingest/mkbundle.py" "$@" || bad "mkbundle $*"; }
v() { q "select $2 from app_versions v join applications a on a.id=v.app_id where a.app_no='$1' and v.version=a.current_version"; }
finding() { q "select group_concat(f.severity||':'||f.field,' ') from findings f join app_versions v on v.id=f.version_id join applications a on a.id=v.app_id where a.app_no='$1' and f.code='$2'"; }
reason() { grep '^reason:' "$T/var/quarantine/$1.reason" 2>/dev/null; }
refused() { # name, text the reason must contain
	if grep -qF -- "$2" "$T/var/quarantine/$1.reason" 2>/dev/null; then ok "refused: $1"; else bad "refused: $1" "$(reason "$1")"; fi
}

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
"$radesk" init >/dev/null 2>&1 || { echo "rev2: 0 passed, 1 failed (init)"; exit 1; }
inbox=$T/var/inbox
LR='{"name":"王五","id_type":"resident_id","id_no":"'$("$py" -c "import sys; sys.path.insert(0,'$top/tests/ingest'); import mkbundle; print(mkbundle.rid('44030119700101005'))")'"}'
LRBAD='{"name":"王五","id_type":"resident_id","id_no":"440301197001010050"}'

# --- revision-2 keys stored --------------------------------------------------
mk "$inbox/50000000000000001-v1.zip" good app_no=50000000000000001 \
	'setj.order_no="017047461437547153"' 'setj.related_app_no="50000000000000002"' \
	"setj.legal_rep=$LR" 'setj.auth_method="bank_deposit"' \
	'setj.invoice.kind="electronic"' 'setj.invoice.purpose="介质服务费"' \
	'setj.invoice.email="fp@example.cn"' 'setj.invoice.mobile="13700137000"'
mk "$inbox/50000000000000002-v1.zip" good app_no=50000000000000002 'setj.order_no="20220909161842010000085862"'
mk "$inbox/50000000000000003-v1.zip" good app_no=50000000000000003
mk "$inbox/50000000000000004-v1.zip" good app_no=50000000000000004 "setj.legal_rep=$LRBAD" 'setj.auth_method="sms"'
out=$("$radesk" ingest 2>"$T/err")
check "revision-2 bundles ingested" "$out" "ingest: 4 ingested, 0 duplicate, 0 quarantined"
check "order_no and related_app_no stored" "$(v 50000000000000001 "order_no||'|'||related_app_no")" "017047461437547153|50000000000000002"
check "legal representative stored" "$(v 50000000000000001 "legal_rep_name||'|'||legal_rep_id_type")" "王五|resident_id"
check "auth_method stored" "$(v 50000000000000001 auth_method)" bank_deposit
check "invoice kind, purpose, e-mail, mobile stored" "$(v 50000000000000001 "invoice_kind||'|'||invoice_purpose||'|'||invoice_email||'|'||invoice_mobile")" "electronic|介质服务费|fp@example.cn|13700137000"
check "a complete revision-2 bundle has no rev-2 finding" "$(finding 50000000000000001 legal_rep_missing)$(finding 50000000000000001 auth_method_mismatch)$(finding 50000000000000001 invoice_no_address)" ""
check "legal_rep missing from a revision-2 org replacement: error" "$(finding 50000000000000002 legal_rep_missing)" "error:legal_rep"
check "legal_rep missing from a revision-1 bundle: warning only" "$(finding 50000000000000003 legal_rep_missing)" "warning:legal_rep"
check "a revision-1 bundle stores no revision-2 value" "$(v 50000000000000003 "coalesce(order_no,'-')||coalesce(legal_rep_name,'-')||coalesce(auth_method,'-')")" "---"
check "legal_rep ID check character: error finding" "$(finding 50000000000000004 resident_id_check)" "error:legal_rep.id_no"
check "sms with a wechat payment: error finding" "$(finding 50000000000000004 auth_method_mismatch)" "error:auth_method"

# --- several transfers, with memos ------------------------------------------
T2='[{"payer_account":"4000023009200123456","payer_name":"深圳市星河数智科技有限公司","amount_fen":30000,"date":"2026-11-18","memo":"订单 20220909161842 第一笔"},{"payer_account":"4000023009200123456","payer_name":"深圳市星河数智科技有限公司","amount_fen":20000,"date":"2026-11-19","memo":"第二笔"}]'
mk "$inbox/50000000000000011-v1.zip" good app_no=50000000000000011 type=new method=transfer \
	del.payment.transfer=1 "setj.payment.transfers=$T2" 'setj.auth_method="sms"' "setj.legal_rep=$LR"
mk "$inbox/50000000000000012-v1.zip" good app_no=50000000000000012 type=new method=transfer \
	del.payment.transfer=1 "setj.payment.transfers=$(echo "$T2" | sed 's/20000/10000/')" "setj.legal_rep=$LR"
mk "$inbox/50000000000000013-v1.zip" good app_no=50000000000000013 type=new method=transfer
out=$("$radesk" ingest 2>"$T/err")
check "transfer bundles ingested" "$out" "ingest: 3 ingested, 0 duplicate, 0 quarantined"
check "two transfers stored with their memos" "$(q "select group_concat(t.idx||':'||t.amount_fen||':'||t.memo,'|') from app_transfers t join app_versions v on v.id=t.version_id join applications a on a.id=v.app_id where a.app_no='50000000000000011'")" "0:30000:订单 20220909161842 第一笔|1:20000:第二笔"
check "the payment's transfer amount is their sum" "$(v 50000000000000011 xfer_amount_fen)" 50000
check "transfers adding up to the amount: no finding" "$(finding 50000000000000011 transfer_amount)" ""
check "transfers not adding up: warning on payment.transfers" "$(finding 50000000000000012 transfer_amount)" "warning:payment.transfers"
check "payment.transfer is the one-element case" "$(q "select count(*)||':'||coalesce(max(t.memo),'-') from app_transfers t join app_versions v on v.id=t.version_id join applications a on a.id=v.app_id where a.app_no='50000000000000013'")" "1:-"

# reconciliation: each transfer needs its own statement line; together
# they pay the order (50000000000000012 finds its 300.00 line taken)
{
	printf 'date,payer_account,payer_name,amount\n'
	printf '2026-11-18,4000023009200123456,深圳市星河数智科技有限公司,300.00\n'
	printf '2026-11-19,4000023009200123456,深圳市 星河数智科技有限公司,200.00\n'
} >"$T/st.csv"
"$radesk" bank import "$T/st.csv" >/dev/null 2>&1
pstate() { q "select p.state from payments p join applications a on a.id=p.app_id where a.app_no='$1'"; }
check "two transfers, two statement lines: the payment is matched" "$(pstate 50000000000000011)" matched
check "both lines recorded against the payment" "$(q "select count(*) from payment_transfer_lines x join payments p on p.id=x.payment_id join applications a on a.id=p.app_id where a.app_no='50000000000000011'")" 2
check "a transfer without its line: still unmatched, nothing half-recorded" "$(pstate 50000000000000012):$(q "select count(*) from payment_transfer_lines x join payments p on p.id=x.payment_id join applications a on a.id=p.app_id where a.app_no='50000000000000012'")" "unmatched:0"
check "the match is audited" "$(q "select details from audit_log where action='payment.match' and subject='50000000000000011'")" '{"statement_lines":[1,2]}'
check "the queue summary shows it paid" "$(q "select verify_summary from applications where app_no='50000000000000011'")" "T… P✓"

# --- renewal pricing by the tariff table; sync_only is free ---------------
PAIR='{"serial":"5A1B2C3D4E5F6071","algorithm":"RSA","not_after":"2027-03-01T00:00:00+08:00"}'
mk "$inbox/50000000000000021-v1.zip" good app_no=50000000000000021 type=renew 'setj.renewal={"years":2}' 'setj.payment.amount_fen=36000'
mk "$inbox/50000000000000022-v1.zip" good app_no=50000000000000022 type=renew 'setj.renewal={"years":2}' 'setj.payment.amount_fen=18000'
mk "$inbox/50000000000000023-v1.zip" good app_no=50000000000000023 type=renew 'setj.renewal={"years":1,"sync_only":true}' 'setj.payment.amount_fen=0' "setj.certificate.paired=$PAIR"
mk "$inbox/50000000000000024-v1.zip" good app_no=50000000000000024 type=renew 'setj.renewal={"years":1,"sync_only":true}' 'setj.payment.amount_fen=0'
out=$("$radesk" ingest 2>"$T/err")
check "renewals ingested" "$out" "ingest: 4 ingested, 0 duplicate, 0 quarantined"
check "2 years x 180.00 paid: no amount finding" "$(finding 50000000000000021 payment_amount)" ""
check "renewal years stored, months derived" "$(v 50000000000000021 "renewal_years||'|'||renewal_months||'|'||renewal_sync_only")" "2|24|0"
check "2 years paid as 1: amount finding" "$(finding 50000000000000022 payment_amount)" "error:payment.amount_fen"
check "sync_only renewal is free" "$(finding 50000000000000023 payment_amount)" ""
check "paired certificate stored" "$(v 50000000000000023 "paired_serial||'|'||paired_algorithm||'|'||(paired_not_after>0)")" "5A1B2C3D4E5F6071|RSA|1"
check "sync_only without a paired certificate: warning" "$(finding 50000000000000024 sync_without_pair)" "warning:certificate.paired"
# the table is configuration: a price of 200.00 a year makes 36000 wrong
sed 's/^\[sla\]$/[tariffs]\nrenew_year_org_sm2 = 200.00\n[sla]/' "$T/radesk.conf" >"$T/tariff.conf"
mk "$inbox/50000000000000025-v1.zip" good app_no=50000000000000025 type=renew 'setj.renewal={"years":2}' 'setj.payment.amount_fen=40000'
RADESK_CONFIG="$T/tariff.conf" "$radesk" ingest --quiet >/dev/null 2>&1
check "configured price a year is used" "$(finding 50000000000000025 payment_amount)" ""

# --- per-type SLA: renewal 2 working days, replacement 3 -------------------
check "renewal due in 2 working days, replacement in 3" \
	"$(q "select (select sla_due_at from applications where app_no='50000000000000021') < (select sla_due_at from applications where app_no='50000000000000003')")" 1
sed 's/^\[sla\]$/[sla]\nworking_days_renew = 3/' "$T/radesk.conf" >"$T/sla.conf"
mk "$inbox/50000000000000026-v1.zip" good app_no=50000000000000026 type=renew 'setj.renewal={"years":2}' 'setj.payment.amount_fen=36000'
RADESK_CONFIG="$T/sla.conf" "$radesk" ingest --quiet >/dev/null 2>&1
check "[sla] working_days_renew = 3 makes it the replacement's deadline" \
	"$(q "select (select sla_due_at from applications where app_no='50000000000000026') = (select sla_due_at from applications where app_no='50000000000000003')")" 1

# --- contract errors of revision 2: refused whole ---------------------------
before=$(q "select count(*) from app_versions")/$(q "select count(*) from app_transfers")
mk "$inbox/both.zip" good app_no=50000000000000031 method=transfer "setj.payment.transfers=$T2"
mk "$inbox/years.zip" good app_no=50000000000000032 type=renew 'setj.renewal={"years":6}'
mk "$inbox/kind.zip" good app_no=50000000000000033 'setj.invoice.kind="paper"'
mk "$inbox/auth.zip" good app_no=50000000000000034 'setj.auth_method="face"'
mk "$inbox/legal.zip" good app_no=50000000000000035 'setj.legal_rep={"name":"王五","id_type":"resident_id"}'
mk "$inbox/related.zip" good app_no=50000000000000036 'setj.related_app_no="5000-36"'
mk "$inbox/self.zip" good app_no=50000000000000037 'setj.related_app_no="50000000000000037"'
mk "$inbox/memo.zip" good app_no=50000000000000038 method=transfer del.payment.transfer=1 \
	'setj.payment.transfers=[{"payer_account":"1","payer_name":"x","amount_fen":50000,"date":"2026-11-19","memo":7}]'
mk "$inbox/nox.zip" good app_no=50000000000000039 method=transfer del.payment.transfer=1 'setj.payment.transfers=[]'
mk "$inbox/paired.zip" good app_no=50000000000000040 'setj.certificate.paired={"serial":"X","algorithm":"DSA"}'
"$radesk" ingest --quiet >/dev/null 2>&1
check "contract errors: exit 65" "$?" 65
refused both.zip "manifest: payment.transfers: is given together with payment.transfer"
refused years.zip "manifest: renewal.years: is out of range"
refused kind.zip "manifest: invoice.kind: must be one of electronic, quota_paper"
refused auth.zip "manifest: auth_method: must be one of bank_deposit, sms"
refused legal.zip "manifest: legal_rep.id_no: required key is missing"
refused related.zip "manifest: related_app_no: must be 8 to 32 digits"
refused self.zip "manifest: related_app_no: names the application itself"
refused memo.zip "manifest: payment.transfers[0].memo: must be a string"
refused nox.zip "manifest: payment.transfers: must list at least one transfer"
refused paired.zip "manifest: certificate.paired.algorithm: must be one of SM2, RSA, SM2+RSA"
check "contract errors: nothing stored" "$(q "select count(*) from app_versions")/$(q "select count(*) from app_transfers")" "$before"

# --- requests from the portal ----------------------------------------------
req() { printf '%s' "$2" >"$inbox/$1"; }
state3=$(q "select state||':'||row_version from applications where app_no='50000000000000003'")
audit0=$(q "select count(*) from audit_log")
req 50000000000000003-cancel-1.json '{"format":"radesk-request/1","app_no":"50000000000000003","kind":"cancel","requested_at":"2026-11-20T09:50:00+08:00","reason":"不需要了"}'
req 50000000000000011-refund-1.json '{"format":"radesk-request/1","app_no":"50000000000000011","kind":"refund","requested_at":"2026-11-20T09:55:00+08:00","reason":"重复付款","refund":{"amount_fen":20000,"route":"bank","account":"6222020200001234567"}}'
req 50000000000000021-refund-1.json '{"format":"radesk-request/1","app_no":"50000000000000021","kind":"refund","requested_at":"2026-11-20T09:56:00+08:00","refund":{"amount_fen":36000,"route":"original"}}'
out=$("$radesk" ingest 2>"$T/err")
check "requests ingested from the inbox" "$out" "ingest: 3 ingested, 0 duplicate, 0 quarantined"
check "requests stored for supervisors, open" "$(q "select group_concat(app_no||':'||kind||':'||seq||':'||state||':'||coalesce(refund_amount_fen,0)||':'||coalesce(refund_route,'-'),' ') from (select * from portal_requests order by id)")" \
	"50000000000000003:cancel:1:open:0:- 50000000000000011:refund:1:open:20000:bank 50000000000000021:refund:1:open:36000:original"
check "a request changes no state" "$(q "select state||':'||row_version from applications where app_no='50000000000000003'")" "$state3"
check "each request audited" "$(q "select count(*) from audit_log where action='request.receive'")" 3
check "request files archived" "$(ls "$T/var/archive" | grep -c '\.json$')" 3
list=$("$radesk" request list 2>&1)
check "radesk request list: three open requests" "$(printf '%s\n' "$list" | wc -l)" 3
check "radesk request list: the refund in words, amount and route" \
	"$(printf '%s\n' "$list" | grep '^50000000000000011' | cut -f2,3,5,7,8,9)" "$(printf 'refund\t1\topen\t¥200.00\tto a bank account\t重复付款')"
# idempotent by file name
req 50000000000000003-cancel-1.json '{"format":"radesk-request/1","app_no":"50000000000000003","kind":"cancel","requested_at":"2026-11-20T09:50:00+08:00","reason":"不需要了"}'
out=$("$radesk" ingest 2>"$T/err")
check "the same request file again: duplicate" "$out" "ingest: 0 ingested, 1 duplicate, 0 quarantined"
check "the same request file again: stored once" "$(q "select count(*) from portal_requests where file_name='50000000000000003-cancel-1.json'")" 1
# bad requests: quarantined with a reason naming the key
n0=$(q "select count(*) from portal_requests")
req 50000000000000003-cancel-2.json '{"format":"radesk-request/1","app_no":"50000000000000003","kind":"refund","requested_at":"2026-11-20T09:50:00+08:00"}'
req 50000000000000011-refund-2.json '{"format":"radesk-request/1","app_no":"50000000000000011","kind":"refund","requested_at":"2026-11-20T09:50:00+08:00","refund":{"route":"bank","account":"1"}}'
req 50000000000000011-refund-3.json '{"format":"radesk-request/1","app_no":"50000000000000011","kind":"refund","requested_at":"2026-11-20T09:50:00+08:00","refund":{"amount_fen":100,"route":"bank"}}'
req 50000000000000011-refund-4.json '{"format":"radesk-request/1","app_no":"50000000000000011","kind":"refund","requested_at":"2026-11-20T11:00:00+08:00","refund":{"amount_fen":100,"route":"original"}}'
req 59999999999999999-cancel-1.json '{"format":"radesk-request/1","app_no":"59999999999999999","kind":"cancel","requested_at":"2026-11-20T09:50:00+08:00"}'
req 50000000000000003-cancel-3.json '{"format":"radesk-request/2","app_no":"50000000000000003","kind":"cancel","requested_at":"2026-11-20T09:50:00+08:00"}'
req 50000000000000003-cancel-4.json '{"format":"radesk-request/1","app_no":"50000000000000021","kind":"cancel","requested_at":"2026-11-20T09:50:00+08:00"}'
req 50000000000000003-cancel-5.json '{"format":"radesk-request/1","app_no":"50000000000000003","kind":"cancel","requested_at":"2026-11-20T09:50:00+08:00","refund":{"amount_fen":1,"route":"original"}}'
req 50000000000000003-cancel-6.json '{"format":"radesk-request/1",'
"$radesk" ingest --quiet >/dev/null 2>&1
check "bad requests: exit 65" "$?" 65
refused 50000000000000003-cancel-2.json "request: kind: differs from the file name"
refused 50000000000000011-refund-2.json "request: refund.amount_fen: required key is missing"
refused 50000000000000011-refund-3.json "request: refund.account: required key is missing"
refused 50000000000000011-refund-4.json "request: requested_at: is more than 5 minutes in the future"
refused 59999999999999999-cancel-1.json "request: app_no: no application 59999999999999999 is known here"
refused 50000000000000003-cancel-3.json "request: format: unknown request format"
refused 50000000000000003-cancel-4.json "request: app_no: differs from the file name"
refused 50000000000000003-cancel-5.json "request: refund: is only for a refund request"
refused 50000000000000003-cancel-6.json "request: not valid JSON"
check "bad requests: nothing stored" "$(q "select count(*) from portal_requests")" "$n0"
check "bad requests: still no state changed" "$(q "select state||':'||row_version from applications where app_no='50000000000000003'")" "$state3"
check "inbox empty" "$(ls "$inbox" | wc -l)" 0
check "other json files are not taken" "$(touch "$inbox/notes.json"; "$radesk" ingest >/dev/null 2>&1; ls "$inbox")" "notes.json"

check "db check after everything" "$("$radesk" db check >/dev/null 2>&1; echo $?)" 0
check "audit chain verifies" "$("$radesk" audit verify >/dev/null 2>&1; echo $?)" 0
echo "rev2: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
