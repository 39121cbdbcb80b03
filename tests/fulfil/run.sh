#!/bin/sh
# tests/fulfil/run.sh BUILD — fulfilment end to end against the sandbox:
# a supervisor approves in the console (tmux), then `radesk worker` and
# `radesk ship` carry the applications through. Prints
# "fulfil: N passed, N failed" and exits non-zero on a failure.
#
# Covers: approval → production order → queued/writing → ready → waybill
# (generic protocol) → label spooled → picked up → delivered → completed;
# a QC failure and the supervisor's retry; the PIN SMS of bank-transfer
# payers (handler or applicant by holder) carrying the PIN; the e-invoice
# number, and completion waiting for it; a second invoice job never
# sent and a second number refused; one application's channel mapped to
# a second outlet, whose own production line (a second sandbox) makes it; a renewal's notice and its
# install report; a returned parcel in the issues; label reprints through
# a print command and a failing printer; the SF Express adapter (signed
# form, label fetch, routes); a worker killed during the production order
# and during the SF order: exactly one order and one waybill; an approved
# application cancelled before production: no order is ever sent.
set -u
build=${1:-build}
build=$(cd "$build" && pwd)
root=$(cd "$(dirname "$0")/../.." && pwd)
radesk=$build/radesk
sandbox=$build/radesk-sandbox
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai
unset RADESK_NOW RADESK_CONFIG http_proxy https_proxy HTTP_PROXY HTTPS_PROXY
export no_proxy='*'

pass=0
fail=0
tmp=$(mktemp -d)
sock="rdf-$$"
spid=
cleanup() {
	tmux -L "$sock" kill-server 2>/dev/null
	[ -n "$spid" ] && kill "$spid" 2>/dev/null && wait "$spid" 2>/dev/null
	for p in $(cat "$tmp"/pids 2>/dev/null); do
		kill -9 "$p" 2>/dev/null
	done
	[ -n "${KEEP:-}" ] && echo "kept $tmp" || rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

ok() { pass=$((pass + 1)); printf '  PASS    %s\n' "$1"; }
ko() { fail=$((fail + 1)); printf '  FAIL    %s\n' "$1"; [ $# -gt 1 ] && printf '      | %s\n' "$2"; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else ko "$1" "want '$2', got '$3'"; fi; }
q() { sqlite3 -cmd '.timeout 5000' "$tmp/radesk.db" "$@"; }

# --- sandbox on a free port
umask 077
printf 'sandbox-secret-%s\n' "$$" >"$tmp/secret"
chmod 600 "$tmp/secret"
"$sandbox" --secret-file "$tmp/secret" --port 0 --port-file "$tmp/port" \
	>"$tmp/sandbox.out" 2>&1 &
spid=$!
i=0
while [ ! -s "$tmp/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
[ -s "$tmp/port" ] || { echo "sandbox did not start"; cat "$tmp/sandbox.out"; exit 1; }
base=http://127.0.0.1:$(cat "$tmp/port")
counter() { curl -s "$base/_sandbox/counters" | sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p"; }
# a second outlet's production line (issue 15): the minhang outlet's
# sandbox takes only orders for minhang
"$sandbox" --secret-file "$tmp/secret" --port 0 --port-file "$tmp/port2" \
	--outlet minhang >"$tmp/sandbox2.out" 2>&1 &
echo $! >>"$tmp/pids"
i=0
while [ ! -s "$tmp/port2" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
[ -s "$tmp/port2" ] || { echo "second sandbox did not start"; cat "$tmp/sandbox2.out"; exit 1; }
base2=http://127.0.0.1:$(cat "$tmp/port2")
counter2() { curl -s "$base2/_sandbox/counters" | sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p"; }
fault() { # PATH MODE COUNT MS
	curl -s -X POST "$base/_sandbox/faults" \
		-d "{\"path\":\"$1\",\"mode\":\"$2\",\"count\":$3,\"ms\":${4:-0}}" >/dev/null
}

# --- configuration: $cfg generic courier, $cfg_sf the SF adapter
conf() { # COURIER_ADAPTER PRINT_COMMAND MAX_ATTEMPTS
	printf '[database]\npath = %s/radesk.db\nbusy_timeout_ms = 10000\n' "$tmp"
	printf '[paths]\nblobs = %s/blobs\ninbox = %s/inbox\nquarantine = %s/q\n' "$tmp" "$tmp" "$tmp"
	printf 'archive = %s/archive\nreports = %s/reports\nspool = %s/spool\nlocks = %s/locks\n' "$tmp" "$tmp" "$tmp" "$tmp"
	printf 'log = %s/radesk.log\n' "$tmp"
	printf '[sla]\nholidays = %s/etc/holidays-2026.txt\n' "$root"
	printf '[review]\nreasons = %s/etc/reject-reasons.txt\nchecklists = %s/etc/checklists.txt\n' "$root" "$root"
	printf '[worker]\nmax_attempts = %s\nbackoff_base = 1\nbackoff_max = 1\npoll_interval = 1\nin_console = no\n' "$3"
	printf '[cron]\noperator = admin\n'
	printf '[print]\ncommand = %s\ntimeout = 5\n' "$2"
	printf '[shipping]\nsender_name = 王寄件\nsender_company = 示例CA\nsender_mobile = 02100000000\n'
	printf 'sender_province = 上海市\nsender_city = 上海市\nsender_address = 浦东新区示例路1号\n'
	printf 'poll_production = 1\npoll_tracking = 1\nsf_monthly_card = 7550000000\n'
	for k in telecom bank production courier notify invoice; do
		printf '[provider.%s]\nbase_url = %s\nadapter = %s\n' "$k" "$base" \
			"$([ $k = courier ] && echo "$1" || echo generic)"
		printf 'secret_file = %s/secret\nkey_id = radesk\nconnect_timeout = 2\ntimeout = 3\n' "$tmp"
	done
	printf '[channels]\nwechat = minhang\n[provider.production.minhang]\nbase_url = %s\n' "$base2"
}
conf generic "" 4 >"$tmp/radesk.conf"
conf sf "" 4 >"$tmp/sf.conf"
cfg=$tmp/radesk.conf
RADESK_USER=admin "$radesk" --config "$cfg" init >"$tmp/init.out" 2>&1 || { echo "init failed"; cat "$tmp/init.out"; exit 1; }

now=$(date +%s)
# Applications, all received with the checks an approval needs:
#  0001 new, org, transfer: generic path to completed; PIN SMS to handler
#  0003 replace, personal, transfer, e-invoice: QC fails first; PIN SMS
#       to the applicant; completed only once the invoice number is in
#  0004 renew, org, wechat: notice, then `ship installed`
#  0005 new, org, wechat: the address makes the parcel come back (退)
#  0006 new, org, wechat: approved later, shipped with SF Express
#  0007 new, org, wechat: approved with 0006, cancelled before production
q "INSERT INTO operators(login,display_name,role,created_at,updated_at) VALUES
    ('sue','Sue','supervisor',$now,$now),('alice','Alice','auditor',$now,$now);
   INSERT INTO applications(id,app_no,type,state,current_version,submitted_at,sla_due_at,org_name,handler_name,created_at,updated_at) VALUES
    (1,'RA20261120-0001','new','received',1,$now,$((now+100)),'上海一号科技有限公司','张三',$now,$now),
    (2,'RA20261120-0003','replace','received',1,$now,$((now+200)),'上海三号科技有限公司','李四',$now,$now),
    (3,'RA20261120-0004','renew','received',1,$now,$((now+300)),'上海四号科技有限公司','王五',$now,$now),
    (4,'RA20261120-0005','new','received',1,$now,$((now+400)),'上海五号科技有限公司','赵六',$now,$now),
    (5,'RA20261120-0006','new','received',1,$now,$((now+500000)),'深圳六号科技有限公司','钱七',$now,$now),
    (6,'RA20261120-0007','new','received',1,$now,$((now+600000)),'深圳七号科技有限公司','孙八',$now,$now);
   INSERT INTO app_versions(app_id,version,type,submitted_at,submitted_at_text,bundle_sha256,manifest_json,ingested_at,sla_due_at,
     cert_holder,cert_algorithm,cert_subject_cn,org_name,org_id_no,handler_name,handler_mobile,handler_email,
     applicant_name,applicant_mobile,applicant_email,ship_recipient,ship_mobile,ship_province,ship_city,ship_county,ship_address,ship_postcode,
     invoice_wanted,invoice_title,invoice_taxpayer_id,pay_method,pay_amount_fen,cert_not_after)
   SELECT a.id,1,a.type,$now,'x','x','{}',$now,a.sla_due_at,
     CASE a.id WHEN 2 THEN 'personal' ELSE 'org' END,'SM2','CN '||a.app_no,a.org_name,'9131000000000000'||a.id,a.handler_name,
     '1380000000'||a.id,'h'||a.id||'@example.cn','申请人'||a.id,'1390000000'||a.id,'p'||a.id||'@example.cn',
     '收件人'||a.id,'1370000000'||a.id,'上海市','上海市','浦东新区',
     CASE a.id WHEN 4 THEN '拒收路退回弄5号' ELSE '世纪大道'||a.id||'号' END,'200120',
     a.id=2,CASE a.id WHEN 2 THEN '上海三号科技有限公司' END,CASE a.id WHEN 2 THEN '91310000000000003X' END,
     CASE WHEN a.id IN (1,2) THEN 'transfer' ELSE 'wechat' END,50000,$((now+90*86400))
   FROM applications a;
   UPDATE app_versions SET outlet='minhang' WHERE app_id=4;
   UPDATE app_versions SET invoice_kind='electronic',invoice_purpose='介质服务费',invoice_email='fp3@example.cn',invoice_mobile='13600000003' WHERE app_id=2;
   INSERT INTO checks(app_id,version_id,kind,state,created_at,updated_at) SELECT id,id,'telecom_handler','match',$now,$now FROM applications;
   INSERT INTO payments(app_id,version_id,method,amount_fen,state,created_at)
     SELECT id,id,CASE WHEN id IN (1,2) THEN 'transfer' ELSE 'wechat' END,50000,CASE WHEN id IN (1,2) THEN 'matched' ELSE 'online' END,$now FROM applications;"

# --- a supervisor approves in the console
console() { # SESSION LOGIN
	tmux -L "$sock" -f /dev/null new-session -d -s "$1" -x 120 -y 30 \
		"env -i PATH=$PATH LANG=en_US.UTF-8 LC_ALL=en_US.UTF-8 TZ=Asia/Shanghai TERM=xterm-256color HOME=$tmp RADESK_USER=$2 ASAN_OPTIONS=log_path=$tmp/asan UBSAN_OPTIONS=log_path=$tmp/ubsan $radesk --config $cfg; sleep 600"
	tmux -L "$sock" set-option -g escape-time 0 >/dev/null
}
screen() { tmux -L "$sock" capture-pane -p -t "$1"; }
wait_for() { # SESSION TEXT
	i=0
	while [ $i -lt 100 ]; do
		screen "$1" | grep -qF -- "$2" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	screen "$1" | sed 's/^/      | /'
	return 1
}
approve_marked() { # SESSION N: mark N from the top, approve them
	tmux -L "$sock" send-keys -t "$1" g
	k=0
	while [ $k -lt "$2" ]; do tmux -L "$sock" send-keys -t "$1" m; k=$((k + 1)); done
	wait_for "$1" "$2 marked" || return 1
	tmux -L "$sock" send-keys -t "$1" A
	wait_for "$1" "Approve the $2 that pass, skip 0?" || return 1
	tmux -L "$sock" send-keys -t "$1" y
	wait_for "$1" "$2 decided"
}
review() { # SESSION APP_NO ITEMS: claim it, tick its checklist, release
	tmux -L "$sock" send-keys -t "$1" /
	wait_for "$1" "Enter save · Esc cancel" >/dev/null || return 1
	tmux -L "$sock" send-keys -t "$1" C-u
	tmux -L "$sock" send-keys -t "$1" -l "$2"
	tmux -L "$sock" send-keys -t "$1" Enter Enter
	wait_for "$1" "$2 · " >/dev/null || return 1
	tmux -L "$sock" send-keys -t "$1" c
	wait_for "$1" "Claimed by" >/dev/null || return 1
	tmux -L "$sock" send-keys -t "$1" l
	wait_for "$1" "[ ] " >/dev/null || return 1
	k=0
	while [ $k -lt "$3" ]; do tmux -L "$sock" send-keys -t "$1" Space Down; k=$((k + 1)); done
	tmux -L "$sock" send-keys -t "$1" Enter
	tmux -L "$sock" send-keys -t "$1" u
	wait_for "$1" "Released" >/dev/null || return 1
	tmux -L "$sock" send-keys -t "$1" q
	wait_for "$1" "To review" >/dev/null
}
# The gate approves in bulk only what someone claimed and checked: an
# auditor does the checklists first.
console a alice
wait_for a "RA20261120-0001" >/dev/null || ko "console shows the queue"
review a RA20261120-0001 6 && review a RA20261120-0003 4 &&
	review a RA20261120-0004 3 && review a RA20261120-0005 6 &&
	ok "an auditor claims and checks four" || ko "an auditor claims and checks four"
console s sue
wait_for s "RA20261120-0001" >/dev/null || ko "console shows the queue"
approve_marked s 4 && ok "bulk approval of four in the console" || ko "bulk approval of four in the console"
check "states after approval" "approved approved ready_to_install approved received received" \
	"$(q "SELECT group_concat(state,' ') FROM (SELECT state FROM applications ORDER BY id)")"

# The approval's transaction wrote the jobs.
check "production orders requested with their jobs" "1|requested|production:RA20261120-0001:v1 2|requested|production:RA20261120-0003:v1 4|requested|production:RA20261120-0005:v1" \
	"$(q "SELECT group_concat(x,' ') FROM (SELECT po.app_id||'|'||po.state||'|'||j.idem_key x FROM production_orders po JOIN jobs j ON j.id=po.job_id ORDER BY po.app_id)")"
pin1=$(q "SELECT pin FROM app_pins WHERE app_id=1")
pin2=$(q "SELECT pin FROM app_pins WHERE app_id=2")
check "the production order carries the PIN" "$pin1" "$(q "SELECT json_extract(payload,'\$.pin') FROM jobs WHERE idem_key='production:RA20261120-0001:v1'")"
check "PIN SMS jobs for the two transfer payers" "notify:RA20261120-0001:v1:pin|13800000001 notify:RA20261120-0003:v1:pin|13900000002" \
	"$(q "SELECT group_concat(x,' ') FROM (SELECT idem_key||'|'||json_extract(payload,'\$.to') x FROM jobs WHERE idem_key LIKE '%:pin' ORDER BY idem_key)")"
check "renewal notice" "1" "$(q "SELECT count(*) FROM jobs WHERE idem_key='notify:RA20261120-0004:v1:ready_to_install'")"
check "invoice job only where asked for" "invoice:RA20261120-0003:v1" "$(q "SELECT group_concat(idem_key) FROM jobs WHERE kind='invoice'")"
check "the e-invoice goes where the customer asked (revision 2)" "fp3@example.cn|13600000003|electronic|介质服务费" \
	"$(q "SELECT json_extract(payload,'\$.email')||'|'||json_extract(payload,'\$.mobile')||'|'||json_extract(payload,'\$.kind')||'|'||json_extract(payload,'\$.purpose') FROM jobs WHERE kind='invoice'")"
q "SELECT count(*) FROM audit_log WHERE details LIKE '%$pin1%' OR details LIKE '%$pin2%'" | grep -qx 0 && ok "no PIN in the audit trail" || ko "no PIN in the audit trail"

# --- the worker carries them through (generic courier)
skew=0
W() { # run `worker --once` with config $1 (default $cfg)
	RADESK_USER=admin RADESK_NOW="@$(( $(date +%s) + skew ))" "$radesk" --config "${1:-$cfg}" worker --once --id "w$$" >>"$tmp/worker.log" 2>&1
}
# until SQL gives WANT (or the deadline), running the worker each round
until_sql() { # DESC WANT SQL [CONFIG]
	i=0
	while [ $i -lt 80 ]; do
		got=$(q "$3")
		[ "$got" = "$2" ] && break
		W "${4:-}"
		sleep 0.25
		i=$((i + 1))
	done
	check "$1" "$2" "$(q "$3")"
}
until_sql "0001 in production, order queued or further" "in_production" "SELECT state FROM applications WHERE id=1"
check "order id of the provider kept" "1" "$(q "SELECT count(*) FROM production_orders WHERE app_id=1 AND order_id LIKE 'ORD%'")"
until_sql "0003 fails QC" "qc_failed" "SELECT state FROM production_orders WHERE app_id=2"
check "QC reason kept" "QC: chip write verify failed" "$(q "SELECT last_error FROM production_orders WHERE app_id=2")"
RADESK_USER=alice "$radesk" --config "$cfg" ship issues >"$tmp/issues1.out" 2>&1
grep -q 'RA20261120-0003 *key failed QC' "$tmp/issues1.out" && ok "issues show the QC failure" || ko "issues show the QC failure" "$(cat "$tmp/issues1.out")"
RADESK_USER=alice "$radesk" --config "$cfg" ship retry RA20261120-0003 --note "again" >"$tmp/retry0.out" 2>&1
check "an auditor may not retry production" "77" "$?"
RADESK_USER=sue "$radesk" --config "$cfg" ship retry RA20261120-0003 --note "芯片写入失败，重做" >"$tmp/retry.out" 2>&1
check "supervisor retries production" "0" "$?"
check "second attempt with its own key" "2|production:RA20261120-0003:v1:r1" \
	"$(q "SELECT po.attempt||'|'||j.idem_key FROM production_orders po JOIN jobs j ON j.id=po.job_id WHERE po.app_id=2 ORDER BY po.id DESC LIMIT 1")"
check "retry audited with the note" "sue|芯片写入失败，重做" \
	"$(q "SELECT actor||'|'||json_extract(details,'\$.note') FROM audit_log WHERE action='production.retry'")"

until_sql "0001 delivered and completed" "completed" "SELECT state FROM applications WHERE id=1"
check "0001 went through every state" "app.start_production app.ship app.deliver app.complete" \
	"$(q "SELECT group_concat(action,' ') FROM (SELECT action FROM audit_log WHERE subject='RA20261120-0001' AND action LIKE 'app.%' AND actor='worker' ORDER BY id)")"
wb1=$(q "SELECT waybill_no FROM shipments WHERE app_id=1")
check "waybill of the generic courier" "generic" "$(q "SELECT carrier FROM shipments WHERE app_id=1")"
check "shipment delivered with its time" "delivered|1" "$(q "SELECT state||'|'||(delivered_at>0) FROM shipments WHERE app_id=1")"
sha1=$(q "SELECT label_sha256 FROM shipments WHERE app_id=1")
[ -f "$tmp/blobs/$(echo "$sha1" | cut -c1-2)/$sha1" ] && ok "label kept in the blob store" || ko "label kept in the blob store" "$sha1"
q "SELECT result FROM jobs WHERE kind='courier_waybill' AND app_id=1" | grep -q label_pdf_base64 && ko "no Base64 label in the job result" || ok "no Base64 label in the job result"
[ -f "$tmp/spool/$wb1-1.pdf" ] && head -c 5 "$tmp/spool/$wb1-1.pdf" | grep -q '%PDF-' && ok "first label print in the spool folder" || ko "first label print in the spool folder" "$(ls "$tmp/spool" 2>&1)"
check "print recorded" "1|printed|$tmp/spool/$wb1-1.pdf" "$(q "SELECT s.print_count||'|'||lp.state||'|'||lp.target FROM shipments s JOIN label_prints lp ON lp.shipment_id=s.id WHERE s.app_id=1")"

until_sql "0003 completed after the retry" "completed" "SELECT state FROM applications WHERE id=2"
check "invoice number stored" "1" "$(q "SELECT count(*) FROM applications WHERE id=2 AND invoice_no LIKE 'INV%' AND invoice_at>0")"
# An invoice is never issued twice: a second invoice job for 0003 (as a
# re-approval or an older build would leave) is not sent; the number and
# the sandbox's invoice count stay; the database refuses a new number.
inv0=$(counter invoices)
no3=$(q "SELECT invoice_no FROM applications WHERE id=2")
q "INSERT INTO jobs(kind,app_id,idem_key,payload,state,max_attempts,next_attempt_at,created_at,updated_at)
   SELECT 'invoice',2,'invoice:RA20261120-0003:v1:again',payload,'pending',4,0,$now,$now FROM jobs WHERE idem_key='invoice:RA20261120-0003:v1'"
W; W
check "the second invoice job was not sent" "$inv0" "$(counter invoices)"
check "it is cancelled, saying why" "cancelled|1" \
	"$(q "SELECT state||'|'||(last_error LIKE '%$no3%') FROM jobs WHERE idem_key='invoice:RA20261120-0003:v1:again'")"
check "the refusal is audited" "1" "$(q "SELECT count(*) FROM audit_log WHERE action='invoice.not_reissued' AND subject='RA20261120-0003'")"
check "the invoice number stayed" "$no3" "$(q "SELECT invoice_no FROM applications WHERE id=2")"
q "UPDATE applications SET invoice_no='INV-OTHER' WHERE id=2" >"$tmp/inv2.out" 2>&1
check "the database refuses a second number" "1|$no3" \
	"$(grep -c 'never issued twice' "$tmp/inv2.out")|$(q "SELECT invoice_no FROM applications WHERE id=2")"

check "two orders for 0003, the first failed QC" "qc_failed ready" "$(q "SELECT group_concat(state,' ') FROM (SELECT state FROM production_orders WHERE app_id=2 ORDER BY id)")"

# PIN SMS: the sandbox received the text with the PIN, to the right person.
curl -s "$base/_sandbox/messages" >"$tmp/messages.json"
python3 - "$tmp/messages.json" "$pin1" "$pin2" >"$tmp/sms.out" 2>&1 <<'PY'
import json, sys
msgs = json.load(open(sys.argv[1]))
pins = {m["app_no"]: m for m in msgs if m.get("event") == "pin"}
a, b = pins["RA20261120-0001"], pins["RA20261120-0003"]
assert a["to"] == "13800000001" and sys.argv[2] in a["text"], a
assert b["to"] == "13900000002" and sys.argv[3] in b["text"], b
assert "pin" not in a and "RA20261120-0001" in a["text"], a
assert any(m.get("event") == "ready_to_install" and m["app_no"] == "RA20261120-0004" for m in msgs)
print("ok")
PY
check "PIN SMS texts carry the PIN to handler and applicant; renewal notice sent" "ok" "$(cat "$tmp/sms.out")"

until_sql "0005's parcel comes back" "returned" "SELECT state FROM shipments WHERE app_id=4"
check "returned reason kept" "收件人拒收" "$(q "SELECT last_error FROM shipments WHERE app_id=4")"
# 0005's channel maps to the minhang outlet: its key was made on that
# outlet's line (the other sandbox), and followed there until ready.
check "0005's order went to the minhang outlet's line" "1|minhang|minhang|1" \
	"$(counter2 orders)|$(q "SELECT po.outlet||'|'||json_extract(j.payload,'\$.outlet')||'|'||(po.order_id LIKE 'ORD-minhang-%') FROM production_orders po JOIN jobs j ON j.id=po.job_id WHERE po.app_id=4")"
check "the default line made none of minhang's" "0" \
	"$(q "SELECT count(*) FROM production_orders WHERE app_id<>4 AND (outlet<>'default' OR order_id LIKE 'ORD-minhang-%')")"
check "its status polls asked the minhang line" "minhang" \
	"$(q "SELECT group_concat(DISTINCT json_extract(payload,'\$.outlet')) FROM jobs WHERE kind='production_status' AND app_id=4")"
RADESK_USER=alice "$radesk" --config "$cfg" ship issues >"$tmp/issues2.out" 2>&1
grep -q 'RA20261120-0005 *parcel returned' "$tmp/issues2.out" && ok "issues show the returned parcel" || ko "issues show the returned parcel" "$(cat "$tmp/issues2.out")"
grep -q 'RA20261120-0003 *key failed QC' "$tmp/issues2.out" && ko "a retried QC failure is no longer an issue" || ok "a retried QC failure is no longer an issue"

# The renewal: installed reported by a supervisor (an auditor may not).
RADESK_USER=alice "$radesk" --config "$cfg" ship installed RA20261120-0004 >"$tmp/inst0.out" 2>&1
check "installed refused for an auditor" "77 ready_to_install" "$? $(q "SELECT state FROM applications WHERE id=3")"
RADESK_USER=sue "$radesk" --config "$cfg" ship installed RA20261120-0001 >"$tmp/inst0.out" 2>&1
check "installed refused for a key application" "65" "$?"
RADESK_USER=sue "$radesk" --config "$cfg" ship installed RA20261120-0004 --note "客户电话确认" >"$tmp/inst.out" 2>&1
check "renewal installed → completed" "0 completed" "$? $(q "SELECT state FROM applications WHERE id=3")"
check "the auditor's attempt audited" "alice|install_report" "$(q "SELECT actor||'|'||json_extract(details,'\$.action') FROM audit_log WHERE action='app.refused' AND subject='RA20261120-0004'")"
check "install audited" "sue|install_report" "$(q "SELECT actor||'|'||json_extract(details,'\$.why') FROM audit_log WHERE action='app.complete' AND subject='RA20261120-0004'")"

# --- list and reprint
RADESK_USER=alice "$radesk" --config "$cfg" ship list >"$tmp/list.out" 2>&1
grep -q "RA20261120-0001 *$wb1 *delivered *generic" "$tmp/list.out" && grep -q '收\*\*1 *137\*\*\*\*0001' "$tmp/list.out" && grep -q '3 shipment(s)' "$tmp/list.out" \
	&& ok "list shows today's shipments, masked" || ko "list shows today's shipments, masked" "$(cat "$tmp/list.out")"
# A reprint through a print command (run without a shell).
cat >"$tmp/fake-lp" <<EOF
#!/bin/sh
printf '%s\n' "\$@" >"$tmp/lp-args"
head -c 5 "\$3" >"$tmp/lp-head"
EOF
chmod 755 "$tmp/fake-lp"
conf generic "'$tmp/fake-lp' -d 'LABELS 2'" 4 >"$tmp/print.conf"
RADESK_USER=alice "$radesk" --config "$cfg" ship print "$wb1" >"$tmp/reprint.out" 2>&1
check "reprint queued" "0" "$?"
RADESK_USER=alice "$radesk" --config "$cfg" ship print "$wb1" >"$tmp/reprint2.out" 2>&1
check "not queued twice" "65" "$?"
until_sql "reprint done through the print command" "2" "SELECT print_count FROM shipments WHERE app_id=1" "$tmp/print.conf"
check "print command got its words and the PDF" "-d|LABELS 2|$tmp/blobs/$(echo "$sha1" | cut -c1-2)/$sha1|%PDF-" \
	"$(tr '\n' '|' <"$tmp/lp-args")$(cat "$tmp/lp-head")"
# A printer that fails: retried, then the print is failed and an issue.
printf '#!/bin/sh\necho "printer on fire" >&2\nexit 3\n' >"$tmp/bad-lp"
chmod 755 "$tmp/bad-lp"
conf generic "$tmp/bad-lp" 2 >"$tmp/bad.conf"
RADESK_USER=sue "$radesk" --config "$cfg" ship print --all >"$tmp/all.out" 2>&1
check "batch print of the day" "0|3 label print(s) queued" "$?|$(cat "$tmp/all.out")"
q "UPDATE jobs SET max_attempts=2 WHERE kind='label_print' AND state='pending'"
until_sql "failing printer: prints failed" "3" "SELECT count(*) FROM label_prints WHERE state='failed'" "$tmp/bad.conf"
check "printer's message kept" "3" "$(q "SELECT count(*) FROM label_prints WHERE state='failed' AND error LIKE '%exited with status 3: printer on fire%'")"
RADESK_USER=alice "$radesk" --config "$cfg" ship issues >"$tmp/issues3.out" 2>&1
grep -q "label print failed (Label print) $wb1" "$tmp/issues3.out" && ok "issues show the failed print" || ko "issues show the failed print" "$(cat "$tmp/issues3.out")"

# --- SF Express, with a worker killed in the production order and in
# the SF order. The victim is killed once its request reached the
# sandbox; the sandbox finishes the work on its own (latency fault).
o0=$(counter orders)
w0=$(counter waybills)
review a RA20261120-0006 6 && review a RA20261120-0007 6 ||
	ko "an auditor checks the SF application and one more"
approve_marked s 2 && ok "approval of the SF application and one more" || ko "approval of the SF application and one more"
# A supervisor cancels 0007 before its order went out (the console's
# withdrawal, helper "ship"'s): the order must never be sent.
tmux -L "$sock" send-keys -t s Tab Tab Tab Tab /
wait_for s "Enter save · Esc cancel" >/dev/null
tmux -L "$sock" send-keys -t s -l RA20261120-0007
tmux -L "$sock" send-keys -t s Enter Enter
wait_for s "RA20261120-0007 · " >/dev/null
tmux -L "$sock" send-keys -t s C
wait_for s "Cancel: note to the customer" >/dev/null
tmux -L "$sock" send-keys -t s -l "客户撤销"
tmux -L "$sock" send-keys -t s C-d
wait_for s "Cancel RA20261120-0007?" >/dev/null
tmux -L "$sock" send-keys -t s y
wait_for s "RA20261120-0007 cancelled" >/dev/null && ok "0007 cancelled in the console" || ko "0007 cancelled in the console"
check "its production order and job stopped" "cancelled|cancelled" \
	"$(q "SELECT j.state||'|'||po.state FROM production_orders po JOIN jobs j ON j.id=po.job_id WHERE po.app_id=6")"
victim() { # NAME COUNTER: run a worker until COUNTER moved, then kill -9
	c0=$(counter "$2")
	RADESK_USER=admin RADESK_NOW="@$(( $(date +%s) + skew ))+" "$radesk" --config "$tmp/sf.conf" worker --id "$1" >>"$tmp/worker.log" 2>&1 &
	vpid=$!
	echo "$vpid" >>"$tmp/pids"
	i=0
	while [ "$(counter "$2")" = "$c0" ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done
	kill -9 "$vpid"; wait "$vpid" 2>/dev/null
}
fault /v1/production/orders latency 1 2500
victim victim requests_production
i=0
while [ "$(counter orders)" = "$o0" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
check "order made after the worker died" "$((o0 + 1))" "$(counter orders)"
check "its job left running under the dead worker" "runningvictim" "$(q "SELECT state||locked_by FROM jobs WHERE idem_key='production:RA20261120-0006:v1'")"
# Restart after the lease (3+2+30 s): the clock runs 60 s ahead from now.
skew=60
until_sql "0006 in production after the restart" "in_production" "SELECT state FROM applications WHERE id=5" "$tmp/sf.conf"
check "still exactly one production order" "$((o0 + 1))" "$(counter orders)"
# The next SF call of this worker is the order: it dies in it.
fault /std/service latency 1 2500
victim victim2 sf_requests
i=0
while [ "$(counter waybills)" = "$w0" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
check "SF order made after the worker died" "$((w0 + 1))" "$(counter waybills)"
check "the waybill job left running under the dead worker" "runningvictim2" "$(q "SELECT state||locked_by FROM jobs WHERE kind='courier_waybill' AND app_id=5")"
skew=120
until_sql "0006 delivered and completed via SF" "completed" "SELECT state FROM applications WHERE id=5" "$tmp/sf.conf"
check "still exactly one waybill" "$((w0 + 1))" "$(counter waybills)"
check "the replayed SF order was a duplicate, looked up" "1" "$(counter sf_duplicates)"
check "SF digests all accepted" "0" "$(counter sf_digest_failures)"
check "SF shipment with label" "sf|1|delivered" "$(q "SELECT carrier||'|'||(label_sha256 IS NOT NULL)||'|'||state FROM shipments WHERE app_id=5")"
wb5=$(q "SELECT waybill_no FROM shipments WHERE app_id=5")
[ -f "$tmp/spool/$wb5-1.pdf" ] && ok "SF label printed to the spool folder" || ko "SF label printed to the spool folder" "$(ls "$tmp/spool")"
check "one order per attempt and one waybill per shipment" "5 4" \
	"$(q "SELECT count(DISTINCT order_id) FROM production_orders WHERE order_id IS NOT NULL") $(q "SELECT count(DISTINCT waybill_no) FROM shipments")"
check "the cancelled application: no order sent, nothing shipped, still cancelled" "cancelled|0|0" \
	"$(q "SELECT state FROM applications WHERE id=6")|$(q "SELECT count(*) FROM production_orders WHERE app_id=6 AND order_id IS NOT NULL")|$(q "SELECT count(*) FROM shipments WHERE app_id=6")"
curl -s "$base/_sandbox/messages" | grep -q '"app_no":"RA20261120-0007","event":"cancelled"' \
	&& ok "the customer was told of the cancellation" || ko "the customer was told of the cancellation" "$(curl -s "$base/_sandbox/messages" | head -c 600)"
check "signatures accepted" "0" "$(counter auth_failures)"
RADESK_USER=admin "$radesk" --config "$cfg" audit verify >"$tmp/verify.out" 2>&1
check "audit chain intact" "0" "$?"
RADESK_USER=admin "$radesk" --config "$cfg" db check >"$tmp/dbcheck.out" 2>&1
check "db check: labels are referenced blobs" "0|0" "$?|$(grep -c 'unreferenced\|missing' "$tmp/dbcheck.out")"

tmux -L "$sock" kill-server 2>/dev/null
if cat "$tmp"/*.log "$tmp"/*.out "$tmp"/asan* "$tmp"/ubsan* 2>/dev/null | grep -q 'Sanitizer\|runtime error'; then
	ko "no sanitizer reports" "$(cat "$tmp"/*.log "$tmp"/*.out "$tmp"/asan* "$tmp"/ubsan* 2>/dev/null | grep -m3 'Sanitizer\|runtime error')"
else
	ok "no sanitizer reports"
fi
echo "fulfil: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
