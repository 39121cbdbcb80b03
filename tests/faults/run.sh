#!/bin/sh
# tests/faults/run.sh BUILD — the worker against every fault the sandbox
# can inject (docs/sandbox.md): 5xx, drop, latency, late, timeout and
# malformed, plus a refused signature.
#
# For each fault:
#   transient   every provider endpoint (telecom, bank deposit, production
#               order, waybill, notify, invoice) fails once, then answers:
#               each job ends done after two attempts, with exactly one
#               side effect (sandbox counters), even where the provider
#               acted before the fault (late, timeout, malformed) or after
#               the client gave up (latency);
#   status      the bank deposit status poll (a GET) fails once: the poll
#               ends credited, no second deposit;
#   permanent   the fault never clears: the job is dead after max_attempts
#               and its check shows an error;
# and in every case last_error says what happened in one short line of
# text, without control characters and without the shared secret.
# A wrong secret (the provider answers 401) makes the job dead at once.
# FAULT_MODES limits the faults tried (default: all six); KEEP=1 keeps
# the temp folder. Prints "faults: N passed, N failed".
set -u
build=${1:-build}
build=$(cd "$build" && pwd)
top=$(cd "$(dirname "$0")/../.." && pwd)
radesk=$build/radesk
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai RADESK_USER=tester
unset RADESK_NOW RADESK_CONFIG RADESK_FAULT
export no_proxy='*'
. "$top/tests/sandbox/lib.sh"

pass=0
fail=0
T=$(mktemp -d)
trap 'sandbox_stop; [ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
trap 'exit 1' INT TERM

ok() { pass=$((pass + 1)); printf '  ok      %s\n' "$1"; }
ko() { fail=$((fail + 1)); printf '  FAIL    %s\n' "$1"; [ $# -gt 1 ] && printf '          %s\n' "$2"; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else ko "$1" "expected '$2', got '$3'"; fi; }

sandbox_start "$T" "$build/radesk-sandbox" || { echo "faults: 0 passed, 1 failed"; exit 1; }
printf 'not-the-shared-secret\n' >"$T/wrong-secret"
chmod 600 "$T/wrong-secret"

# Client timeout 1 s; the slow faults take 2.5 s, well beyond it.
SLOW=2500
cfg=$T/radesk.conf
{
	printf '[database]\npath = %s/radesk.db\nbusy_timeout_ms = 10000\n' "$T"
	printf '[paths]\nblobs = %s/blobs\ninbox = %s/inbox\nquarantine = %s/q\n' "$T" "$T" "$T"
	printf 'archive = %s/archive\nreports = %s/reports\nspool = %s/spool\nlocks = %s/locks\n' "$T" "$T" "$T" "$T"
	printf 'log = %s/radesk.log\n' "$T"
	printf '[worker]\nmax_attempts = 3\nbackoff_base = 1\nbackoff_max = 1\npoll_interval = 1\nin_console = no\n'
	printf '[cron]\noperator = tester\n'
	sb_providers "$T" 1 1
} >"$cfg"
sed "s|^secret_file = .*|secret_file = $T/wrong-secret|" "$cfg" >"$T/wrong.conf"
"$radesk" --config "$cfg" init >"$T/init.out" 2>&1 || { cat "$T/init.out"; exit 1; }

q() { sqlite3 -cmd '.timeout 10000' "$T/radesk.db" "$1"; }
now=$(date +%s)
q "INSERT INTO applications(id,app_no,type,state,current_version,submitted_at,sla_due_at,org_name,created_at,updated_at)
   VALUES(1,'F0001','new','received',1,$now,$now,'上海测试科技有限公司',$now,$now);
   INSERT INTO app_versions(id,app_id,version,type,submitted_at,submitted_at_text,bundle_sha256,manifest_json,ingested_at,sla_due_at,pay_method,pay_amount_fen)
   VALUES(1,1,1,'new',$now,'x','x','{}',$now,$now,'wechat',50000);"

# The POST endpoints: job kind, path, counter of side effects.
ENDPOINTS="telecom_verify:/v1/telecom/verify:telecom
bank_deposit:/v1/bank/microdeposits:deposits
production_order:/v1/production/orders:orders
courier_waybill:/v1/courier/waybills:waybills
notify:/v1/notify/messages:notify
invoice:/v1/invoice/invoices:invoices"

# payload KIND TAG: a valid request body for KIND, unique per TAG
payload() {
	case $1 in
	telecom_verify) echo '{"name":"赵六","id_no":"110101199003071234","mobile":"1390000'"$2"'","role":"handler"}' ;;
	bank_deposit) echo '{"account_name":"上海测试科技有限公司","account_no":"622200'"$2"'1","bank":"工行","amount_fen":1,"memo":"PIN"}' ;;
	production_order) echo '{"app_no":"F000'"$2"'","holder":"org","algorithm":"SM2","subject_cn":"上海测试科技有限公司","org_id_no":"91310000MA1FL8XQ3B","medium":"usb-key","outlet":"sh"}' ;;
	courier_waybill) echo '{"app_no":"F000'"$2"'","sender":{"name":"RA"},"recipient":{"name":"张三","mobile":"13800138000","address":"上海市浦东新区 1 号"},"parcel":{"items":1}}' ;;
	*) echo '{"app_no":"F000'"$2"'","event":"test"}' ;;
	esac
}

# add_job KIND KEY MAX_ATTEMPTS [CHECK_KIND]: prints the new job's id
add_job() {
	_app=1
	if [ "$1" = invoice ]; then
		# an application gets one invoice, ever (issue 15): each
		# invoice job here is of an application of its own
		_no=FI$(echo "$2" | cksum | cut -d' ' -f1)
		q "INSERT INTO applications(app_no,type,state,current_version,submitted_at,sla_due_at,org_name,created_at,updated_at)
		   VALUES('$_no','new','received',1,$now,$now,'上海测试科技有限公司',$now,$now);
		   INSERT INTO app_versions(app_id,version,type,submitted_at,submitted_at_text,bundle_sha256,manifest_json,ingested_at,sla_due_at,pay_method,pay_amount_fen)
		   SELECT id,1,'new',$now,'x','x','{}',$now,$now,'wechat',50000 FROM applications WHERE app_no='$_no';"
		_app=$(q "SELECT id FROM applications WHERE app_no='$_no'")
	fi
	q "INSERT INTO jobs(kind,app_id,idem_key,payload,state,attempts,max_attempts,next_attempt_at,created_at,updated_at)
	   VALUES('$1',$_app,'$2','$(payload "$1" "$(echo "$2" | cksum | cut -c1-4)")','pending',0,$3,$now,$now,$now);"
	_id=$(q "SELECT id FROM jobs WHERE idem_key='$2'")
	[ -n "${4:-}" ] && q "INSERT INTO checks(app_id,version_id,kind,state,job_id,created_at,updated_at)
	   VALUES(1,1,'$4','pending',$_id,$now,$now);"
	echo "$_id"
}

# drain CONF IDS: run workers (two at a time) until every job in IDS
# (comma-separated) is done or dead, 40 s at most.
drain() {
	_deadline=$(($(date +%s) + 40))
	while [ "$(q "SELECT count(*) FROM jobs WHERE id IN ($2) AND state NOT IN ('done','dead')")" != 0 ] &&
		[ "$(date +%s)" -lt "$_deadline" ]; do
		"$radesk" --config "$1" worker --once --id fa >>"$T/worker.log" 2>&1 &
		_p=$!
		"$radesk" --config "$1" worker --once --id fb >>"$T/worker.log" 2>&1
		wait $_p
		sleep 0.2
	done
}

# Follow-up polls wait out of the way until a step wants one.
park_polls() { q "UPDATE jobs SET next_attempt_at = $now + 100000 WHERE kind LIKE '%_status' AND state = 'pending'"; }

# sane_error DESC JOB PATTERN: last_error is one short line of text that
# matches PATTERN (grep -E, case-insensitive) and holds no secret
sane_error() {
	_e=$(q "SELECT last_error FROM jobs WHERE id=$2")
	_n=$(q "SELECT length(last_error) FROM jobs WHERE id=$2")
	if [ -z "$_e" ] || [ "$_n" -gt 300 ]; then
		ko "$1: last_error is a short message" "'$_e'"
	elif [ "$(q "SELECT last_error GLOB '*[' || char(1) || '-' || char(31) || char(127) || ']*' FROM jobs WHERE id=$2")" != 0 ]; then
		ko "$1: last_error has no control characters" "'$_e'"
	elif echo "$_e" | grep -q 'sandbox-secret'; then
		ko "$1: last_error does not show the secret" "'$_e'"
	elif ! echo "$_e" | grep -qiE "$3"; then
		ko "$1: last_error says what happened" "'$_e' does not match /$3/"
	else
		ok "$1: last_error '$_e'"
	fi
}

# What a client sees of each fault.
expect_error() {
	case $1 in
	5xx) echo '503' ;;
	drop) echo 'nothing|empty|closed|connection|recv' ;;
	latency | late | timeout) echo 'time' ;;
	malformed) echo 'json|malformed|parse|unexpected|invalid' ;;
	esac
}

for mode in ${FAULT_MODES:-5xx drop latency late timeout malformed}; do
	ms=0
	case $mode in latency | late | timeout) ms=$SLOW ;; esac

	# --- transient: every endpoint fails once
	before=""
	ids=""
	echo "$ENDPOINTS" | while IFS=: read -r kind path counter; do
		sb_fault "$path" "$mode" 1 "$ms"
	done
	for e in $ENDPOINTS; do
		kind=${e%%:*}
		counter=${e##*:}
		before="$before $counter=$(sb_counter "$counter")"
		ids="$ids,$(add_job "$kind" "t:$mode:$kind" 3)"
	done
	ids=${ids#,}
	drain "$cfg" "$ids"
	park_polls
	check "$mode once: every endpoint's job done after two attempts" \
		"done:2 done:2 done:2 done:2 done:2 done:2" \
		"$(q "SELECT group_concat(state || ':' || attempts, ' ') FROM (SELECT state, attempts FROM jobs WHERE id IN ($ids) ORDER BY id)")"
	one=""
	for b in $before; do
		c=${b%%=*}
		n=${b#*=}
		[ "$(sb_counter "$c")" = "$((n + 1))" ] || one="$one $c:$n->$(sb_counter "$c")"
	done
	check "$mode once: one side effect per endpoint" "" "$one"

	# --- status poll: the deposit's GET fails once (the fault's path
	# with a slash matches only the GET of a deposit, not the POST)
	sb_fault /v1/bank/microdeposits/ "$mode" 1 "$ms"
	d0=$(sb_counter deposits)
	dep=$(add_job bank_deposit "s:$mode" 3 bank_fin_auth)
	drain "$cfg" "$dep"
	poll=$(q "SELECT id FROM jobs WHERE kind = 'bank_deposit_status' AND idem_key LIKE 's:$mode:%'")
	if [ -z "$poll" ]; then
		ko "$mode on the status poll: a poll follows the deposit" "$(q "SELECT state || ' ' || last_error FROM jobs WHERE id = $dep")"
	else
		drain "$cfg" "$poll"
		check "$mode on the status poll: done after two attempts" "done:2" \
			"$(q "SELECT state || ':' || attempts FROM jobs WHERE id = $poll")"
		check "$mode on the status poll: credited, one deposit" "credited $((d0 + 1))" \
			"$(q "SELECT state FROM checks WHERE job_id = $poll") $(sb_counter deposits)"
	fi
	sb_faults_clear

	# --- permanent: the fault stays
	sb_fault /v1/telecom/verify "$mode" 0 "$ms"
	id=$(add_job telecom_verify "p:$mode" 2 telecom_handler)
	drain "$cfg" "$id"
	check "$mode always: dead after max attempts" "dead:2" \
		"$(q "SELECT state || ':' || attempts FROM jobs WHERE id = $id")"
	check "$mode always: the check shows an error" "error" \
		"$(q "SELECT state FROM checks WHERE job_id = $id")"
	sane_error "$mode always" "$id" "$(expect_error "$mode")"
	sb_faults_clear
done

# --- a refused signature: 4xx is final
a0=$(sb_counter auth_failures)
id=$(add_job telecom_verify "sig:wrong" 3 telecom_handler)
drain "$T/wrong.conf" "$id"
check "wrong secret: dead at once" "dead:1" \
	"$(q "SELECT state || ':' || attempts FROM jobs WHERE id = $id")"
check "wrong secret: the sandbox refused the signature" "$((a0 + 1))" "$(sb_counter auth_failures)"
sane_error "wrong secret" "$id" '401|signature|unauthori[sz]ed'
check "wrong secret: the check shows an error" "error" \
	"$(q "SELECT state FROM checks WHERE job_id = $id")"

if grep -q 'Sanitizer\|runtime error' "$T/worker.log"; then
	ko "no sanitizer reports" "$(grep -m3 'Sanitizer\|runtime error' "$T/worker.log")"
else
	ok "no sanitizer reports"
fi
echo "faults: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
