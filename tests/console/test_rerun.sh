#!/bin/sh
# Re-running a verification from the detail screen: a new outbox job under
# a new idempotency key and a pending check, audited; the console itself
# makes no network call. Without a job behind the check, it says so.
. "$(dirname "$0")/lib.sh"
setup
# App 4's telecom check went through the outbox (mismatch); app 1's check
# has no job behind it (entered by hand in the seed).
sql "INSERT INTO jobs(id,kind,app_id,idem_key,payload,state,attempts,
       max_attempts,next_attempt_at,created_at,updated_at)
     VALUES(70,'telecom_verify',4,'telecom:RA20261119-0004:v1:handler',
       '{\"name\":\"x\",\"id_no\":\"y\",\"mobile\":\"z\",\"role\":\"handler\"}',
       'done',1,8,0,0,0);
     UPDATE checks SET job_id=70 WHERE app_id=4;" >/dev/null
start a alice
wait_for a "RA20261119-0004" || finish
send a /
wait_for a "Ctrl-A/E/K/U" >/dev/null
type_text a "RA20261119-0004"
send a Enter Enter
wait_for a "RA20261119-0004 · " >/dev/null
send a V
check "menu offers the telecom check" wait_for a "Telecom (handler)"
send a Enter
check "status line says it is queued" wait_for a "queued again"
eq "a new pending job with a new key" "pending|telecom:RA20261119-0004:v1:handler:r1" \
	"$(sql "SELECT state, idem_key FROM jobs WHERE id > 70")"
eq "a new pending check points at it" "pending" \
	"$(sql "SELECT c.state FROM checks c JOIN jobs j ON j.id=c.job_id WHERE j.id > 70")"
eq "audited" "alice|RA20261119-0004" \
	"$(sql "SELECT actor, subject FROM audit_log WHERE action='check.rerun'")"
send a q
wait_for a "Application" >/dev/null
send a g Enter
wait_for a "RA20261117-0001 · " >/dev/null
send a V
wait_for a "Telecom (handler)" >/dev/null
send a Enter
check "no job behind the check: refused with a message" wait_for a "no Telecom check (handler) to run"
eq "nothing queued for it" "1" "$(sql "SELECT count(*) FROM jobs WHERE id > 70")"
finish
