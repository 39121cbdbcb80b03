#!/bin/sh
# tests/requests/run.sh BUILD — supervisors act on the portal's requests
# (issue 15) end to end: bundles and request files through `radesk
# ingest`, then `radesk request approve|paid|dismiss`. A cancellation
# goes through the withdraw path; a refund is approved by one supervisor
# and marked paid by a DIFFERENT one (the same one is refused, and the
# refusal logged); an auditor is refused; a refund of more than was paid
# is refused; a dismissed request leaves the application as it was.
# Prints "requests: N passed, N failed".
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
req() { printf '%s' "$2" >"$inbox/$1"; }
as() { # LOGIN ARGS...: radesk as LOGIN, stdout+stderr to $T/out, exit code echoed
	_u=$1
	shift
	RADESK_USER=$_u "$radesk" "$@" >"$T/out" 2>&1
	echo $?
}

# --help needs no configuration
check "request approve --help without a config" \
	"$(env -u RADESK_CONFIG RADESK_USER=nobody "$radesk" --config /nonexistent request approve --help >/dev/null 2>&1; echo $?)" 0
env -u RADESK_CONFIG "$radesk" request --help 2>&1 | grep -q 'radesk request paid REQUEST --note TEXT' &&
	ok "the usage names the actions" || bad "the usage names the actions"

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
"$radesk" init >/dev/null 2>&1 || { echo "requests: 0 passed, 1 failed (init)"; exit 1; }
"$radesk" operator add sue supervisor "Sue 苏" >/dev/null 2>&1 &&
	"$radesk" operator add tom supervisor "Tom 唐" >/dev/null 2>&1 &&
	"$radesk" operator add alice auditor "Alice 李" >/dev/null 2>&1 ||
	bad "operators added"
inbox=$T/var/inbox
mk "$inbox/60000000000000001-v1.zip" good app_no=60000000000000001
mk "$inbox/60000000000000002-v1.zip" good app_no=60000000000000002
mk "$inbox/60000000000000003-v1.zip" good app_no=60000000000000003
mk "$inbox/60000000000000004-v1.zip" good app_no=60000000000000004
"$radesk" ingest --quiet >/dev/null 2>&1
check "four bundles ingested" "$(q "select count(*) from applications where state='received'")" 4
paid2=$(q "select p.amount_fen from payments p join applications a on a.id=p.app_id where a.app_no='60000000000000002'")
req 60000000000000001-cancel-1.json '{"format":"radesk-request/1","app_no":"60000000000000001","kind":"cancel","requested_at":"2026-11-20T09:50:00+08:00","reason":"不需要了"}'
req 60000000000000002-refund-1.json '{"format":"radesk-request/1","app_no":"60000000000000002","kind":"refund","requested_at":"2026-11-20T09:55:00+08:00","reason":"重复付款","refund":{"amount_fen":'"$paid2"',"route":"bank","account":"6222020200001234567"}}'
req 60000000000000003-refund-1.json '{"format":"radesk-request/1","app_no":"60000000000000003","kind":"refund","requested_at":"2026-11-20T09:56:00+08:00","refund":{"amount_fen":'"$((paid2 + 1))"',"route":"original"}}'
req 60000000000000004-cancel-1.json '{"format":"radesk-request/1","app_no":"60000000000000004","kind":"cancel","requested_at":"2026-11-20T09:57:00+08:00","reason":"误操作"}'
"$radesk" ingest --quiet >/dev/null 2>&1
check "four requests ingested" "$(q "select count(*) from portal_requests where state='open'")" 4
check "the list names each request as the commands take it" \
	"$(as sue request list >/dev/null; sort "$T/out" | cut -f10 | tr '\n' ' ')" "60000000000000001-cancel-1 60000000000000002-refund-1 60000000000000003-refund-1 60000000000000004-cancel-1 "

# an auditor may not act: refused, logged, nothing changed
check "an auditor is refused (exit 77)" "$(as alice request approve 60000000000000001-cancel-1 --note 撤销)" 77
check "the auditor's refusal is logged" "$(q "select count(*) from audit_log where action='app.refused' and actor='alice'")" 1
check "a note is required" "$(as sue request approve 60000000000000001-cancel-1)" 64
check "an unknown request" "$(as sue request approve 60000000000000001-cancel-9 --note x)" 66

# a cancellation through the withdraw path
check "sue approves the cancellation" "$(as sue request approve 60000000000000001-cancel-1 --note 按客户申请撤销)" 0
check "the application is cancelled" "$(q "select state from applications where app_no='60000000000000001'")" cancelled
check "the customer is told" "$(q "select count(*) from jobs where idem_key='notify:60000000000000001:v1:cancelled'")" 1
check "the request is closed, cancelled, by sue" \
	"$(q "select r.state||':'||r.outcome||':'||o.login from portal_requests r join operators o on o.id=r.closed_by where r.app_no='60000000000000001'")" "closed:cancelled:sue"
check "approved again: refused" "$(as tom request approve 60000000000000001-cancel-1 --note again)" 65

# a refund: two people
check "sue approves the refund" "$(as sue request approve 60000000000000002-refund-1 --note 同意退款)" 0
check "the application waits for the refund" "$(q "select state from applications where app_no='60000000000000002'")" refund_requested
as sue request list >/dev/null
check "the list shows it approved, by sue" \
	"$(grep '^60000000000000002' "$T/out" | cut -f5,11)" "$(printf 'approved, to be paid\tsue')"
check "sue may not also mark it paid (exit 77)" "$(as sue request paid 60000000000000002-refund-1 --note 已退)" 77
grep -q "a different supervisor marks it paid" "$T/out" && ok "the refusal says why" || bad "the refusal says why" "$(cat "$T/out")"
check "still waiting, payment untouched" \
	"$(q "select a.state||':'||p.state from applications a join payments p on p.app_id=a.id where a.app_no='60000000000000002'")" "refund_requested:online"
check "sue's refusal is logged" \
	"$(q "select count(*) from audit_log where action='app.refused' and actor='sue' and json_extract(details,'\$.action')='request.paid'")" 1
check "tom marks it paid" "$(as tom request paid 60000000000000002-refund-1 --note 已退回)" 0
check "refunded, the payment too" \
	"$(q "select a.state||':'||p.state from applications a join payments p on p.app_id=a.id where a.app_no='60000000000000002'")" "refunded:refunded"
check "the request: paid, approved by sue, closed by tom" \
	"$(q "select r.outcome||':'||o1.login||':'||o2.login from portal_requests r join operators o1 on o1.id=r.approved_by join operators o2 on o2.id=r.closed_by where r.app_no='60000000000000002'")" "paid:sue:tom"
check "audited with amount and route" \
	"$(q "select actor||':'||json_extract(details,'\$.amount_fen')||':'||json_extract(details,'\$.route') from audit_log where action='request.paid'")" "tom:$paid2:bank"

# more than was paid: refused; then dismissed, the application untouched
check "a refund of more than was paid is refused" "$(as sue request approve 60000000000000003-refund-1 --note ok)" 65
grep -q "more than" "$T/out" && ok "saying so" || bad "saying so" "$(cat "$T/out")"
check "dismissed" "$(as tom request dismiss 60000000000000003-refund-1 --note 金额有误，请重新申请)" 0
check "the application is as it was" "$(q "select state from applications where app_no='60000000000000003'")" received
check "a cancellation has nothing to pay" "$(as tom request paid 60000000000000004-cancel-1 --note x)" 65
check "open requests left" "$(as sue request list >/dev/null; cut -f1 "$T/out" | tr '\n' ' ')" "60000000000000004 "
check "every request listed with --all" "$(as sue request list --all >/dev/null; wc -l <"$T/out")" 4

check "audit chain verifies" "$("$radesk" audit verify >/dev/null 2>&1; echo $?)" 0
check "db check" "$("$radesk" db check >/dev/null 2>&1; echo $?)" 0
echo "requests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
