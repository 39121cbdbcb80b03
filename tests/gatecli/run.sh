#!/bin/sh
# tests/gatecli/run.sh BUILD — the approval gate on every command-line
# path that moves an application or remakes its key (issue #13):
#   - `ship retry` (make the key again) and `ship installed` (a
#     renewal's install report) are refused while the approval is not in
#     force (an override waiting for its countersign), by an auditor, or
#     in the wrong state; each refusal names the unmet condition in words
#     and is audited; nothing moves;
#   - once the approval is in force both go through.
# Prints "gatecli: N passed, N failed".
set -u
build=${1:-build}
radesk=$(cd "$build" && pwd)/radesk
root=$(cd "$(dirname "$0")/../.." && pwd)
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai
unset RADESK_NOW RADESK_CONFIG
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

ok() { pass=$((pass + 1)); printf '  ok      %s\n' "$1"; }
ko() { fail=$((fail + 1)); printf '  FAIL    %s\n' "$1"; [ $# -gt 1 ] && printf '      | %s\n' "$2"; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else ko "$1" "want '$2', got '$3'"; fi; }
has() { if grep -qF -- "$2" "$3"; then ok "$1"; else ko "$1" "no '$2' in: $(cat "$3")"; fi; }
hasnt() { if grep -qE -- "$2" "$3"; then ko "$1" "'$2' in: $(cat "$3")"; else ok "$1"; fi; }
q() { sqlite3 -cmd '.timeout 5000' "$tmp/radesk.db" "$@"; }

cat >"$tmp/radesk.conf" <<CONF
[database]
path = $tmp/radesk.db
[paths]
blobs = $tmp/blobs
inbox = $tmp/inbox
quarantine = $tmp/q
archive = $tmp/archive
reports = $tmp/reports
spool = $tmp/spool
locks = $tmp/locks
[sla]
holidays = $root/etc/holidays-2026.txt
[cron]
operator = admin
CONF
cfg=$tmp/radesk.conf
RADESK_USER=admin "$radesk" --config "$cfg" init >"$tmp/init.out" 2>&1 ||
	{ cat "$tmp/init.out"; echo "gatecli: 0 passed, 1 failed"; exit 1; }

now=$(date +%s)
# 1: a new key in production whose QC failed; 2: a renewal ready to
# install. Both were approved by sue with an override that still waits
# for a second supervisor's countersign: no approval in force.
q "INSERT INTO operators(id,login,display_name,role,created_at,updated_at) VALUES
    (20,'sue','Sue','supervisor',$now,$now),(21,'tom','Tom','supervisor',$now,$now),
    (22,'alice','Alice','auditor',$now,$now);
   INSERT INTO applications(id,app_no,type,state,current_version,submitted_at,sla_due_at,org_name,handler_name,created_at,updated_at) VALUES
    (1,'RA20261120-0001','new','in_production',1,$now,$((now+100)),'上海一号科技有限公司','张三',$now,$now),
    (2,'RA20261120-0002','renew','ready_to_install',1,$now,$((now+100)),'上海二号科技有限公司','李四',$now,$now);
   INSERT INTO app_versions(id,app_id,version,type,submitted_at,submitted_at_text,bundle_sha256,manifest_json,ingested_at,sla_due_at,
     cert_holder,cert_algorithm,cert_subject_cn,org_name,org_id_no,handler_name,pay_method,pay_amount_fen)
   SELECT a.id,a.id,1,a.type,$now,'x','x','{}',$now,a.sla_due_at,'org','SM2','CN '||a.app_no,a.org_name,
     '913100000000000'||a.id,a.handler_name,'wechat',50000 FROM applications a;
   INSERT INTO decisions(app_id,version_id,operator_id,action,from_state,to_state,override_reason,countersign,created_at)
   VALUES (1,1,20,'approve','in_review','approved','客户资料已电话核实','pending',$now),
          (2,2,20,'approve','in_review','ready_to_install','客户资料已电话核实','pending',$now);
   INSERT INTO jobs(id,kind,app_id,idem_key,payload,state,attempts,max_attempts,next_attempt_at,created_at,updated_at)
   VALUES (1,'production_order',1,'production:RA20261120-0001:v1','{}','done',1,4,$now,$now,$now);
   INSERT INTO production_orders(app_id,job_id,state,attempt,idem_key,created_at,updated_at)
   VALUES (1,1,'qc_failed',1,'production:RA20261120-0001:v1',$now,$now);" ||
	{ echo "gatecli: 0 passed, 1 failed (fixture)"; exit 1; }

refusals() { q "SELECT count(*) FROM audit_log WHERE action='app.refused' AND subject='$1'"; }

# --- ship retry
RADESK_USER=sue "$radesk" --config "$cfg" ship retry RA20261120-0001 --note "重做" >"$tmp/r1" 2>&1
check "retry refused without an approval in force (exit 65)" 65 "$?"
has "the refusal says which condition in words" "no approval in force" "$tmp/r1"
hasnt "no internal code in the refusal" '\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b|\b[a-z]+_[a-z_]+\b' "$tmp/r1"
check "no second production order" 1 "$(q 'SELECT count(*) FROM production_orders WHERE app_id=1')"
check "the refusal is audited with its words" "1|production.retry" \
	"$(q "SELECT count(*)||'|'||json_extract(details,'\$.action') FROM audit_log WHERE action='app.refused' AND subject='RA20261120-0001' AND json_extract(details,'\$.why') LIKE '%no approval in force%'")"
RADESK_USER=alice "$radesk" --config "$cfg" ship retry RA20261120-0001 >"$tmp/r2" 2>&1
check "an auditor may not retry (exit 77)" 77 "$?"
check "the auditor's refusal is audited too" 2 "$(refusals RA20261120-0001)"
RADESK_USER=sue "$radesk" --config "$cfg" ship retry RA20261120-0002 >"$tmp/r3" 2>&1
check "a renewal has no key to make again (exit 65)" 65 "$?"
check "that refusal is audited" 1 "$(refusals RA20261120-0002)"

# --- ship installed
RADESK_USER=sue "$radesk" --config "$cfg" ship installed RA20261120-0002 --note "已安装" >"$tmp/i1" 2>&1
check "install refused without an approval in force (exit 65)" 65 "$?"
has "the install refusal says which condition in words" "no approval in force" "$tmp/i1"
hasnt "no internal code in the install refusal" '\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b|\b[a-z]+_[a-z_]+\b' "$tmp/i1"
check "the renewal did not move" ready_to_install "$(q 'SELECT state FROM applications WHERE id=2')"
check "the install refusal is audited" 1 \
	"$(q "SELECT count(*) FROM audit_log WHERE action='app.refused' AND subject='RA20261120-0002' AND json_extract(details,'\$.action')='install_report' AND json_extract(details,'\$.why') LIKE '%no approval in force%'")"
RADESK_USER=sue "$radesk" --config "$cfg" ship installed RA20261120-0001 >"$tmp/i2" 2>&1
check "a key application cannot be reported installed (exit 65)" 65 "$?"

# --- the second supervisor countersigns: the approval is in force
q "UPDATE decisions SET countersign='approved', countersigned_by=21, countersigned_at=$now"
RADESK_USER=sue "$radesk" --config "$cfg" ship retry RA20261120-0001 --note "重做" >"$tmp/r4" 2>&1
check "retry goes through once the approval is in force" 0 "$?"
check "a second production order" 2 "$(q 'SELECT count(*) FROM production_orders WHERE app_id=1')"
RADESK_USER=sue "$radesk" --config "$cfg" ship installed RA20261120-0002 --note "已安装" >"$tmp/i4" 2>&1
check "install goes through once the approval is in force" "0 completed" \
	"$? $(q 'SELECT state FROM applications WHERE id=2')"
RADESK_USER=admin "$radesk" --config "$cfg" audit verify >"$tmp/v" 2>&1
check "the audit chain is intact" 0 "$?"

echo "gatecli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
