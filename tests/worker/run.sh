#!/bin/sh
# tests/worker/run.sh BUILD — end to end: radesk worker against the
# sandbox provider server on a free loopback port. Prints
# "worker: N passed, N failed" and exits non-zero on a failure.
#
# Covers: telecom outcomes, the micro-deposit and its status poll (name
# agrees / differs / refused), retries through injected faults ending
# done or dead, a worker killed during a request (no second deposit),
# two workers never running one job, and bank statement import and
# matching when `radesk bank` exists.
set -u
build=${1:-build}
build=$(cd "$build" && pwd)
radesk=$build/radesk
sandbox=$build/radesk-sandbox
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai RADESK_USER=tester
unset RADESK_NOW RADESK_CONFIG http_proxy https_proxy HTTP_PROXY HTTPS_PROXY
export no_proxy='*'

pass=0
fail=0
tmp=$(mktemp -d)
spid=
cleanup() {
	[ -n "$spid" ] && kill "$spid" 2>/dev/null && wait "$spid" 2>/dev/null
	for p in $(cat "$tmp"/pids 2>/dev/null); do
		kill -9 "$p" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

ok() { pass=$((pass + 1)); printf '  PASS    %s\n' "$1"; }
ko() { fail=$((fail + 1)); printf '  FAIL    %s\n' "$1"; [ $# -gt 1 ] && printf '      | %s\n' "$2"; }
# check NAME EXPECTED ACTUAL
check() { if [ "$2" = "$3" ]; then ok "$1"; else ko "$1" "want '$2', got '$3'"; fi; }

q() { sqlite3 -cmd '.timeout 5000' "$tmp/radesk.db" "$@"; }

# --- sandbox on a free port
umask 077
. "$(dirname "$0")/../sandbox/lib.sh"
sandbox_start "$tmp" "$sandbox" || exit 1
spid=$SB_PID
base=$SB_BASE
counter() { sb_counter "$1"; }
fault() { sb_fault "$@"; } # PATH MODE COUNT MS

# --- configuration and database
{
	printf '[database]\npath = %s/radesk.db\nbusy_timeout_ms = 10000\n' "$tmp"
	printf '[paths]\nblobs = %s/blobs\ninbox = %s/inbox\nquarantine = %s/q\n' "$tmp" "$tmp" "$tmp"
	printf 'archive = %s/archive\nreports = %s/reports\nspool = %s/spool\nlocks = %s/locks\n' "$tmp" "$tmp" "$tmp" "$tmp"
	printf 'log = %s/radesk.log\n' "$tmp"
	printf '[worker]\nmax_attempts = 4\nbackoff_base = 1\nbackoff_max = 1\npoll_interval = 1\nin_console = no\n'
	printf '[cron]\noperator = tester\n'
	sb_providers "$tmp" 2 3
} >"$tmp/radesk.conf"
cfg=$tmp/radesk.conf
"$radesk" --config "$cfg" init >"$tmp/init.out" 2>&1 || { echo "init failed"; cat "$tmp/init.out"; exit 1; }

now=$(date +%s)
q "INSERT INTO applications(id,app_no,type,state,current_version,submitted_at,sla_due_at,org_name,created_at,updated_at)
   VALUES(1,'A0001','new','received',1,$now,$now,'上海测试科技有限公司',$now,$now);
   INSERT INTO app_versions(id,app_id,version,type,submitted_at,submitted_at_text,bundle_sha256,manifest_json,ingested_at,sla_due_at,pay_method,pay_amount_fen)
   VALUES(1,1,1,'new',$now,'x','x','{}',$now,$now,'transfer',50000);"

# add_job VAR KIND KEY PAYLOAD [CHECK_KIND]: the new job's id goes to $VAR
add_job() {
	q "INSERT INTO jobs(kind,app_id,idem_key,payload,state,attempts,max_attempts,next_attempt_at,created_at,updated_at)
	   VALUES('$2',1,'$3','$4','pending',0,4,$now,$now,$now);"
	_id=$(q "SELECT id FROM jobs WHERE idem_key='$3'")
	eval "$1=$_id"
	if [ -n "${5:-}" ]; then
		q "INSERT INTO checks(app_id,version_id,kind,state,job_id,created_at,updated_at)
		   VALUES(1,1,'$5','pending',$_id,$now,$now);"
	fi
}
job_state() { q "SELECT state FROM jobs WHERE id=$1"; }
check_state() { q "SELECT state FROM checks WHERE job_id=$1 OR id=(SELECT max(id) FROM checks WHERE kind='$2')" | tail -1; }
# run `worker --once` until job $1 is in state $2 or the deadline passes
run_until() {
	i=0
	while [ "$(job_state "$1")" != "$2" ] && [ $i -lt 60 ]; do
		"$radesk" --config "$cfg" worker --once --id "w$3" >>"$tmp/worker.log" 2>&1
		[ "$(job_state "$1")" = "$2" ] && break
		sleep 0.2
		i=$((i + 1))
	done
	job_state "$1"
}

# --- telecom outcomes
add_job j1 telecom_verify 'telecom:A0001:v1:handler' '{"name":"张三","id_no":"110101199003071234","mobile":"13800138000","role":"handler"}' telecom_handler
add_job j2 telecom_verify 'telecom:A0001:v1:applicant' '{"name":"李错","id_no":"110101199003071234","mobile":"13800138001","role":"applicant"}' telecom_applicant
add_job j3 telecom_verify 'telecom:X:nf' '{"name":"王五","id_no":"110101199003071234","mobile":"13800000000","role":"handler"}'
"$radesk" --config "$cfg" worker --once --id w1 >>"$tmp/worker.log" 2>&1
check "telecom match" "done match" "$(job_state $j1) $(q "SELECT state FROM checks WHERE job_id=$j1")"
check "telecom mismatch" "done mismatch" "$(job_state $j2) $(q "SELECT state FROM checks WHERE job_id=$j2")"
check "telecom not found (job result)" "done" "$(job_state $j3)"
q "SELECT result FROM jobs WHERE id=$j3" | grep -q '"not_found"' && ok "telecom not_found stored" || ko "telecom not_found stored"
check "telecom provider ref kept" "1" "$(q "SELECT count(*) FROM checks WHERE job_id=$j1 AND ref LIKE 'TEL%'")"
check "verify summary" "T✓ A✗" "$(q 'SELECT verify_summary FROM applications WHERE id=1')"
check "audit entries for jobs" "3" "$(q "SELECT count(*) FROM audit_log WHERE action='job.done'")"
check "audited under the application number" "3" "$(q "SELECT count(*) FROM audit_log WHERE action='job.done' AND subject='A0001'")"
check "signature accepted" "0" "$(counter auth_failures)"

# --- micro-deposit: credited with agreeing name, differing name, refused
add_job j10 bank_deposit 'bank:A0001:v1' '{"account_name":"上海测试科技有限公司","account_no":"6222000011","bank":"工行","amount_fen":1,"memo":"PIN 1234"}' bank_fin_auth
check "deposit credited" "done" "$(run_until $j10 done 1)"
st=$(q "SELECT j.state FROM jobs j WHERE j.idem_key='bank:A0001:v1:status'")
[ "$st" != done ] && st=$(run_until "$(q "SELECT id FROM jobs WHERE idem_key='bank:A0001:v1:status'")" done 1)
check "deposit status poll done" "done" "$st"
check "fin auth credited" "credited" "$(q "SELECT state FROM checks WHERE kind='bank_fin_auth' ORDER BY id DESC LIMIT 1")"
q "SELECT detail FROM checks WHERE kind='bank_fin_auth' ORDER BY id DESC LIMIT 1" | grep -q '"上海测试科技有限公司"' && ok "fin auth credited: detail says the name the bank saw" || ko "fin auth credited: detail says the name the bank saw"
q "UPDATE applications SET org_name='上海测试科技有限公司' WHERE id=1"
add_job j11 bank_deposit 'bank:name7' '{"account_name":"上海测试科技有限公司","account_no":"6222000017","bank":"工行","amount_fen":1,"memo":"PIN"}' bank_fin_auth
run_until $j11 done 1 >/dev/null
sid=$(q "SELECT id FROM jobs WHERE idem_key='bank:name7:status'")
check "name differs: poll done" "done" "$(run_until "${sid:-0}" done 1)"
check "name differs: check failed" "failed" "$(q "SELECT state FROM checks WHERE job_id=${sid:-0}")"
q "SELECT detail FROM checks WHERE job_id=${sid:-0}" | grep -q '某某另一家有限公司' && ok "name differs: detail names the bank's name" || ko "name differs: detail"
add_job j12 bank_deposit 'bank:closed4' '{"account_name":"上海测试科技有限公司","account_no":"6222000014","bank":"工行","amount_fen":1,"memo":"PIN"}' bank_fin_auth
run_until $j12 done 1 >/dev/null
sid=$(q "SELECT id FROM jobs WHERE idem_key='bank:closed4:status'")
run_until "${sid:-0}" done 1 >/dev/null
check "refused deposit: check failed" "failed" "$(q "SELECT state FROM checks WHERE job_id=${sid:-0}")"
add_job j13 bank_deposit 'bank:slow6' '{"account_name":"上海测试科技有限公司","account_no":"6222000016","bank":"工行","amount_fen":1,"memo":"PIN"}' bank_fin_auth
run_until $j13 done 1 >/dev/null
sid=$(q "SELECT id FROM jobs WHERE idem_key='bank:slow6:status'")
RADESK_NOW="@$(( $(date +%s) + 5 ))+" "$radesk" --config "$cfg" worker --once --id w1 >>"$tmp/worker.log" 2>&1
check "deposit not yet credited: polled again later, no attempt spent" "pending 0 deposit sent, not yet credited" "$(q "SELECT state||' '||attempts||' '||last_error FROM jobs WHERE id=${sid:-0}")"
check "deposit not yet credited: check sent" "sent" "$(q "SELECT state FROM checks WHERE job_id=${sid:-0}")"
check "four deposits, one each" "4" "$(counter deposits)"

# --- faults: 5xx twice, then done; dropped connection; malformed answer
fault /v1/telecom/verify 5xx 2
add_job j20 telecom_verify 'f:5xx' '{"name":"赵六","id_no":"1","mobile":"13900000001"}'
check "5xx twice then done" "done" "$(run_until $j20 done 2)"
check "5xx: three attempts" "3" "$(q "SELECT attempts FROM jobs WHERE id=$j20")"
fault /v1/telecom/verify drop 1
add_job j21 telecom_verify 'f:drop' '{"name":"赵六","id_no":"1","mobile":"13900000002"}'
check "dropped connection then done" "done" "$(run_until $j21 done 2)"
t0=$(counter telecom)
fault /v1/telecom/verify malformed 1
add_job j22 telecom_verify 'f:malformed' '{"name":"赵六","id_no":"1","mobile":"13900000003"}'
check "malformed answer then done" "done" "$(run_until $j22 done 2)"
check "malformed: retry replayed, one side effect" "$((t0 + 1))" "$(counter telecom)"
fault /v1/telecom/verify timeout 1 6000
add_job j23 telecom_verify 'f:timeout' '{"name":"赵六","id_no":"1","mobile":"13900000004"}'
check "timeout then done" "done" "$(run_until $j23 done 2)"
fault /v1/telecom/verify 5xx 100
add_job j24 telecom_verify 'f:dead' '{"name":"赵六","id_no":"1","mobile":"13900000005"}' telecom_handler
check "always 5xx: dead" "dead" "$(run_until $j24 dead 2)"
check "dead after max attempts" "4" "$(q "SELECT attempts FROM jobs WHERE id=$j24")"
check "dead job's check shows error" "error" "$(q "SELECT state FROM checks WHERE job_id=$j24")"
curl -s -X DELETE "$base/_sandbox/faults" >/dev/null
add_job j25 telecom_verify 'f:400' '{"name":"赵六","mobile":"13900000006"}'
check "missing field in payload: dead at once" "dead 1" "$(run_until $j25 dead 2) $(q "SELECT attempts FROM jobs WHERE id=$j25")"

# --- a worker killed during the deposit request: no second deposit
d0=$(counter deposits)
fault /v1/bank/microdeposits late 1 20000
add_job j30 bank_deposit 'bank:kill' '{"account_name":"上海测试科技有限公司","account_no":"6222000031","bank":"工行","amount_fen":1,"memo":"PIN"}'
"$radesk" --config "$cfg" worker --id victim >>"$tmp/worker.log" 2>&1 &
vpid=$!
echo "$vpid" >>"$tmp/pids"
i=0
while [ "$(counter deposits)" = "$d0" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
check "deposit made while the answer is late" "$((d0 + 1))" "$(counter deposits)"
check "job running under the victim" "running victim" "$(q "SELECT state||' '||locked_by FROM jobs WHERE id=$j30")"
# The worker holds no transaction while it waits on the provider: a
# writer (what the console does) gets through at once.
t0=$(date +%s%N)
q "BEGIN IMMEDIATE; UPDATE applications SET updated_at=updated_at WHERE id=1; COMMIT;" >/dev/null 2>&1
w=$?
t1=$(date +%s%N)
ms=$(( (t1 - t0) / 1000000 ))
[ $w -eq 0 ] && [ $ms -lt 2000 ] && ok "database writable during a slow call (${ms} ms)" || ko "database writable during a slow call" "rc=$w ${ms} ms"
kill -9 "$vpid"; wait "$vpid" 2>/dev/null
# Restart after the lease: the clock runs 60 s ahead (the lease is
# 3+2+30 s here; the sandbox tolerates 300 s of skew).
later=$(( $(date +%s) + 60 ))
i=0
while [ "$(job_state $j30)" != done ] && [ $i -lt 20 ]; do
	RADESK_NOW="@$later+" "$radesk" --config "$cfg" worker --once --id rescuer >>"$tmp/worker.log" 2>&1
	i=$((i + 1))
done
check "restarted worker finished the job" "done" "$(job_state $j30)"
check "still exactly one deposit" "$((d0 + 1))" "$(counter deposits)"

# --- two workers never run one job
r0=$(counter requests_telecom)
n=40
q "BEGIN; $(i=100; while [ $i -lt $((100 + n)) ]; do
	printf "INSERT INTO jobs(kind,app_id,idem_key,payload,state,attempts,max_attempts,next_attempt_at,created_at,updated_at) VALUES('telecom_verify',NULL,'par:%d','{\"name\":\"钱七\",\"id_no\":\"1\",\"mobile\":\"1390000%04d\"}','pending',0,4,%d,%d,%d);" $i $i "$now" "$now" "$now"
	i=$((i + 1)); done) COMMIT;"
# Slow every answer a little so that both workers are busy at once.
fault /v1/telecom/verify latency $n 50
"$radesk" --config "$cfg" worker --once --id parA >"$tmp/parA.log" 2>&1 &
pa=$!
"$radesk" --config "$cfg" worker --once --id parB >"$tmp/parB.log" 2>&1 &
pb=$!
wait $pa; wait $pb
check "parallel: all jobs done" "$n" "$(q "SELECT count(*) FROM jobs WHERE idem_key LIKE 'par:%' AND state='done'")"
check "parallel: one request per job" "$((r0 + n))" "$(counter requests_telecom)"
curl -s -X DELETE "$base/_sandbox/faults" >/dev/null
a=$(grep -c 'telecom_verify attempt' "$tmp/parA.log"); b=$(grep -c 'telecom_verify attempt' "$tmp/parB.log")
check "parallel: log lines add up" "$n" "$((a + b))"
dup=$(cat "$tmp/parA.log" "$tmp/parB.log" | sed -n 's/.*job \([0-9]*\) telecom_verify attempt.*/\1/p' | sort | uniq -d | wc -l)
check "parallel: no job in both logs" "0" "$dup"
[ "$a" -gt 0 ] && [ "$b" -gt 0 ] && ok "parallel: both workers worked" || ko "parallel: both workers worked" "A=$a B=$b $(head -c 300 "$tmp/parA.log")"

# --- jobs without a handler stay pending
add_job j40 frobnicate 'nohandler' '{}'
"$radesk" --config "$cfg" worker --once --id w1 >>"$tmp/worker.log" 2>&1
grep -q "job $j1 telecom_verify attempt 1/4: done check=match" "$tmp/radesk.log" && ok "job lines in the log file" || ko "job lines in the log file"
check "unknown kind left pending" "pending no handler yet" "$(q "SELECT state||' '||last_error FROM jobs WHERE id=$j40")"

# --- bank statement import and matching (radesk bank)
if "$radesk" bank --help >/dev/null 2>&1; then
	q "UPDATE app_versions SET xfer_payer_account='6222111122223333', xfer_payer_name='上海测试科技有限公司', xfer_amount_fen=50000, xfer_date='2026-11-20' WHERE id=$j1;
	   INSERT INTO payments(app_id,version_id,method,amount_fen,state,created_at) VALUES(1,1,'transfer',50000,'unmatched',$now);"
	printf '\357\273\277交易日期,付款账号,付款户名,金额,流水号,摘要\n' >"$tmp/st.csv"
	printf '2026-11-21,6222111122223333,上海测试科技有限公司,"500.00",B001,证书费\n' >>"$tmp/st.csv"
	printf '2026-13-01,1,x,1.00,B002,bad date\n' >>"$tmp/st.csv"
	printf '2026-11-21,6222999900001111,"某公司, 分部","1,234.50",B003,other\n' >>"$tmp/st.csv"
	printf '2026-11-21,1,x,abc,B004,bad amount\n' >>"$tmp/st.csv"
	"$radesk" --config "$cfg" bank import "$tmp/st.csv" >"$tmp/imp1.out" 2>&1
	check "import: exit status 0 with bad lines" "0" "$?"
	check "import: good lines stored" "2" "$(q 'SELECT count(*) FROM bank_statement_lines')"
	grep -q 'line 3' "$tmp/imp1.out" && grep -q 'line 5' "$tmp/imp1.out" && ok "import: bad lines named" || ko "import: bad lines named" "$(cat "$tmp/imp1.out")"
	check "import: quoted amount with comma" "123450" "$(q "SELECT amount_fen FROM bank_statement_lines WHERE bank_ref='B003'")"
	check "import: payment matched automatically" "matched" "$(q 'SELECT state FROM payments WHERE app_id=1')"
	"$radesk" --config "$cfg" bank import "$tmp/st.csv" >"$tmp/imp2.out" 2>&1
	check "re-import adds nothing" "2" "$(q 'SELECT count(*) FROM bank_statement_lines')"
	check "imports recorded" "2" "$(q 'SELECT count(*) FROM bank_imports')"
	"$radesk" --config "$cfg" bank unmatched >"$tmp/unm.out" 2>&1
	grep -q 'B003' "$tmp/unm.out" && ok "unmatched lists the other line" || ko "unmatched lists the other line" "$(cat "$tmp/unm.out")"
fi

# Under SAN=1 the sanitizers report into the logs.
if cat "$tmp"/*.log "$tmp"/*.out 2>/dev/null | grep -q 'Sanitizer\|runtime error'; then
	ko "no sanitizer reports" "$(cat "$tmp"/*.log "$tmp"/*.out | grep -m3 'Sanitizer\|runtime error')"
else
	ok "no sanitizer reports"
fi

echo "worker: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
