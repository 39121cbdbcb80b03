#!/bin/sh
# tests/demo/run.sh BUILD — end-to-end test of `radesk demo`.
#
# Runs the generator into a fresh home and checks with sqlite3 that the
# data is what the issue asks for: all three types, valid identity numbers
# but for the planted defects (one of each kind), a rejection followed by
# a version 2, submission times over more than a week, overdue and
# not-yet-due work; that the same seed gives the same bundles in a second
# home; that a second run of the same seed is refused; and that the
# database and the audit chain check clean; revision-2 content (legal
# representatives, both invoice kinds, order numbers, portal requests).
# Prints "demo: N passed, N failed".
set -u
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
radesk=$(cd "$build" && pwd)/radesk
pass=0
fail=0
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai RADESK_USER=tester
export RADESK_NOW=2026-11-20T10:00:00+08:00
now=$(date -d 2026-11-20T10:00:00+08:00 +%s)

ok() { pass=$((pass + 1)); printf '  ok      %s\n' "$1"; }
bad() { fail=$((fail + 1)); printf '  FAIL    %s\n' "$1"; [ $# -gt 1 ] && printf '          %s\n' "$2"; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1" "expected '$3', got '$2'"; fi; }
atleast() { if [ "$2" -ge "$3" ] 2>/dev/null; then ok "$1"; else bad "$1" "expected at least $3, got '$2'"; fi; }

# home DIR: a config and a fresh database in DIR
home() {
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
holidays = $top/etc/holidays-2026.txt
[cron]
operator = tester
CONF
	RADESK_CONFIG="$1/radesk.conf" "$radesk" init >/dev/null 2>&1
}
demo() { d=$1; shift; RADESK_CONFIG="$d/radesk.conf" "$radesk" demo --scans "$top/etc/demo/scans" "$@"; }

home "$T/a" || { echo "demo: 0 passed, 1 failed (init)"; exit 1; }
export RADESK_CONFIG="$T/a/radesk.conf"
q() { sqlite3 "$T/a/var/radesk.db" "$1"; }

check "--help exits 0" "$("$radesk" demo --help >/dev/null 2>&1; echo $?)" 0
check "--apps 0 is a usage error (64)" "$("$radesk" demo --apps 0 >/dev/null 2>&1; echo $?)" 64
check "--scans of a missing folder fails" "$("$radesk" demo --scans "$T/nope" >/dev/null 2>&1; echo $?)" 66
check "nothing stored by refused runs" "$(q 'select count(*) from applications')" 0

out=$("$radesk" demo --apps 40 --seed 7 --scans "$top/etc/demo/scans" 2>"$T/err")
check "demo: exit 0" "$?" 0
case $(printf '%s\n' "$out" | head -1) in
"demo: 40 applications ("*"ingest: "*" ingested, 0 duplicate, "*" quarantined") ok "summary line" ;;
*) bad "summary line" "$out $(cat "$T/err")" ;;
esac
# Earlier approvals start fulfilment exactly as the console's do.
nAppr=$(printf '%s\n' "$out" | sed -n 's/^demo: \([0-9]*\) applications\{0,1\} approved.*/\1/p')
check "some applications approved earlier" "$([ "${nAppr:-0}" -gt 0 ] && echo yes)" yes
check "approvals recorded as decisions" "$(q "select count(*) from decisions where action='approve'")" "$nAppr"
check "each approved key has its production order" "$(q "select count(*) from applications a where a.state='approved' and not exists (select 1 from jobs j where j.app_id=a.id and j.kind='production_order')")" 0
check "approved renewals are ready to install, notified" "$(q "select count(*) from applications a where a.type='renew' and a.id in (select app_id from decisions where action='approve') and (a.state<>'ready_to_install' or not exists (select 1 from jobs j where j.app_id=a.id and j.kind='notify'))")" 0
napps=$(q 'select count(*) from applications')
atleast "at least 30 applications stored" "$napps" 30
check "all three types" "$(q 'select group_concat(type) from (select distinct type from applications order by type)')" "new,renew,replace"
check "ingested as actor demo" "$(q "select count(*) > 0 from audit_log where action='app.ingest' and actor='demo'")" 1
check "inbox empty afterwards" "$(ls "$T/a/var/inbox" | wc -l)" 0
check "no hidden temporary bundles left" "$(ls -A "$T/a/var/inbox" | wc -l)" 0

for code in account_name_mismatch renew_expired open_same_serial earlier_rejected; do
	atleast "planted defect found: $code" "$(q "select count(*) from findings where code='$code'")" 1
done
atleast "planted defect found: uscc_check or resident_id_check" \
	"$(q "select count(*) from findings where code in ('uscc_check','resident_id_check')")" 1
# planted, not everywhere: check characters are valid except for a few
nid=$(q "select count(*) from findings where code in ('uscc_check','resident_id_check')")
if [ "$nid" -le 4 ]; then ok "check characters valid but for the planted ones ($nid)"; else bad "check characters valid but for the planted ones" "$nid findings"; fi
npay=$(q "select count(*) from findings where code='payment_amount'")
if [ "$npay" -le 3 ]; then ok "amounts equal the tariffs but for the planted ones ($npay)"; else bad "amounts equal the tariffs" "$npay findings"; fi
ndef=$(q "select count(distinct v.app_id) from findings f join app_versions v on v.id=f.version_id where f.code in ('uscc_check','resident_id_check','account_name_mismatch','renew_expired','open_same_serial','payment_amount','liveness_failed')")
if [ "$ndef" -ge 4 ] && [ "$ndef" -le $((napps / 3)) ]; then ok "planted share is modest ($ndef of $napps)"; else bad "planted share is modest" "$ndef of $napps"; fi

check "a version 2 exists" "$(q 'select count(*) > 0 from app_versions where version=2')" 1
check "version 2 follows a rejection decision" "$(q "select count(*) > 0 from decisions d join app_versions v on v.id=d.version_id where d.action='reject' and v.version=1 and exists (select 1 from app_versions w where w.app_id=v.app_id and w.version=2 and w.submitted_at > d.created_at)")" 1
check "rejections carry a reason code" "$(q "select count(*) from decisions d where d.action='reject' and not exists (select 1 from decision_reasons r where r.decision_id=d.id)")" 0
check "no application left rejected (all resubmitted)" "$(q "select count(*) from applications where state='rejected'")" 0

spread=$(q 'select max(submitted_at) - min(submitted_at) from applications')
atleast "submissions spread over more than 7 days" "$spread" $((7 * 86400 + 1))
check "no submission in the future" "$(q "select count(*) from applications where submitted_at > $now")" 0
check "no submission older than 14 days" "$(q "select count(*) from applications where submitted_at < $now - 15 * 86400")" 0
atleast "some work overdue" "$(q "select count(*) from applications where sla_due_at < $now")" 1
atleast "some work not yet due" "$(q "select count(*) from applications where sla_due_at > $now")" 1
atleast "some submissions in the evening or at weekends" "$(q "select count(*) from applications where cast(strftime('%H', submitted_at, 'unixepoch', '+8 hours') as int) >= 18 or strftime('%w', submitted_at, 'unixepoch', '+8 hours') in ('0','6')")" 1
check "Chinese organisation names" "$(q "select count(*) from app_versions where org_name not like '%公司'")" 0
check "payment methods of all kinds" "$(q "select count(distinct json_extract(manifest_json,'\$.payment.method')) from app_versions")" 3

# revision 2 (issue 15): legal representatives, invoices of both kinds
# going where the customer asked, the portal's order numbers
check "every organisation's replace/new has its legal representative" \
	"$(q "select count(*) from app_versions where type<>'renew' and cert_holder='org' and coalesce(legal_rep_name,'')=''")" 0
atleast "legal representatives stored" "$(q "select count(*) from app_versions where legal_rep_id_no<>''")" 1
check "no legal_rep_missing finding" "$(q "select count(*) from findings where code='legal_rep_missing'")" 0
check "invoices of both kinds" "$(q "select group_concat(invoice_kind) from (select distinct invoice_kind from app_versions where invoice_kind is not null order by 1)")" "electronic,quota_paper"
check "electronic invoices say where they go" "$(q "select count(*) from app_versions where invoice_kind='electronic' and coalesce(invoice_email,'')=''")" 0
check "every version has the portal's order number" "$(q "select count(*) from app_versions where coalesce(order_no,'')=''")" 0
check "paired SM2/RSA renewals name each other" \
	"$(q "select count(*) from app_versions v join applications a on a.id=v.app_id join app_versions w on w.related_app_no=a.app_no join applications b on b.id=w.app_id where v.related_app_no=b.app_no and v.type='renew' and w.type='renew' and v.cert_algorithm='SM2' and w.cert_algorithm='RSA' and v.paired_serial=b.cert_serial")" 2
atleast "payments of several transfers, with memos" \
	"$(q "select count(*) from (select version_id from app_transfers where memo<>'' group by version_id having count(*)=2)")" 1
check "their transfers add up to the payment" \
	"$(q "select count(*) from app_versions v where (select count(*) from app_transfers t where t.version_id=v.id)>1 and (select sum(amount_fen) from app_transfers t where t.version_id=v.id)<>v.pay_amount_fen")" 0
check "portal requests: a cancellation and two refunds, open" \
	"$(q "select group_concat(kind||':'||coalesce(refund_route,'-')||':'||state,' ') from (select * from portal_requests order by kind, refund_route)")" \
	"cancel:-:open refund:bank:open refund:original:open"
check "the requests are of applications waiting, not approved" \
	"$(q "select count(*) from portal_requests r join applications a on a.id=r.app_id where a.state not in ('received','in_review')")" 0
check "db check clean" "$("$radesk" db check >/dev/null 2>&1; echo $?)" 0
check "audit chain verifies" "$("$radesk" audit verify >/dev/null 2>&1; echo $?)" 0

# the same seed again in the same home is refused, nothing added
before=$(q 'select count(*) from app_versions')
"$radesk" demo --apps 40 --seed 7 --scans "$top/etc/demo/scans" >/dev/null 2>"$T/err"
rc=$?
if [ "$rc" -ne 0 ] && grep -q 'another --seed' "$T/err"; then ok "same seed twice is refused"; else bad "same seed twice is refused" "rc=$rc $(cat "$T/err")"; fi
check "refused run adds nothing" "$(q 'select count(*) from app_versions')" "$before"

# determinism: a second fresh home, the same seed, the same bundles
home "$T/b" || bad "init second home"
demo "$T/b" --apps 40 --seed 7 >/dev/null 2>&1
check "second home: exit 0" "$?" 0
sig() { sqlite3 "$1/var/radesk.db" "select a.app_no||' v'||v.version||' '||v.bundle_sha256 from app_versions v join applications a on a.id=v.app_id order by a.app_no, v.version"; }
sig "$T/a" >"$T/sig.a"
sig "$T/b" >"$T/sig.b"
if [ -s "$T/sig.a" ] && cmp -s "$T/sig.a" "$T/sig.b"; then ok "same seed: same app numbers and bundle hashes"; else bad "same seed: same app numbers and bundle hashes" "$(diff "$T/sig.a" "$T/sig.b" | head -3)"; fi
mf() { sqlite3 "$1/var/radesk.db" "select manifest_json from app_versions v join applications a on a.id=v.app_id order by a.app_no, v.version" | sha256sum; }
check "same seed: same manifests" "$(mf "$T/a")" "$(mf "$T/b")"
demo "$T/b" --apps 40 --seed 8 >/dev/null 2>&1
check "another seed in the same home: exit 0" "$?" 0
check "another seed: new app numbers" "$(sqlite3 "$T/b/var/radesk.db" 'select count(*) from applications')" "$((napps * 2))"

echo "demo: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
