#!/bin/sh
# Supervisors: release someone else's claim, reassign, bulk reject a
# marked selection (the gate skips what someone else has claimed).
. "$(dirname "$0")/lib.sh"
setup
start a alice
wait_for a "RA20261117-0001" || finish
send a c
check "alice claims" wait_for a "Claimed RA20261117-0001"
send a m
# Marking decides nothing: the gate refuses an auditor's bulk decision
# in the store (test_gate.sh), not the screen.
check "marking is only a selection" wait_for a "1 marked"
send a k

start s sue
wait_for s "RA20261117-0001" || finish
send s u
check "a supervisor releases alice's claim" wait_for s "Released RA20261117-0001"
eq "claim gone, back to received" "0|received" \
	"$(sql "SELECT (SELECT count(*) FROM claims WHERE app_id=1), state FROM applications WHERE id=1")"
eq "release audited with the holder" "alice" \
	"$(sql "SELECT json_extract(details,'\$.holder') FROM audit_log WHERE action='app.release' AND actor='sue'")"

send s Enter
wait_for s "RA20261117-0001 · " >/dev/null
send s R
wait_for s "Reassign to" >/dev/null
type_text s bob
send s Enter
check "reassigned to bob" wait_for s "Claimed by bob"
send s q

# Bulk: two claimed by alice and one nobody claimed; mark, reject.
send a j c j c
wait_for a "Claimed RA20261119-0003" >/dev/null
send s g j
send s m m m
check "three marked" wait_for s "3 marked"
send s X
check "reason dialog" wait_for s "Reasons for rejection"
send s Down Down Down Down Down Space Enter
wait_for s "Note to the customers" >/dev/null
type_text s "请补充材料"
send s C-d
check "the selection with each case's gate result" \
	wait_for s "Bulk reject: 3 marked"
check "a case alice holds is skipped" \
	wait_row s RA20261118-0002 "someone else has claimed it"
check "the unclaimed one passes" wait_row s RA20261119-0004 "passes the gate"
wait_for s "Reject the 1 that pass, skip 2?" >/dev/null
send s y
check "bulk decided, the skipped named" \
	wait_for s "1 decided; skipped: RA20261118-0002, RA20261119-0003"
eq "the unclaimed one rejected with the reason" "rejected|PAYMENT_MISSING" \
	"$(sql "SELECT a.state, r.code FROM applications a JOIN decisions d ON d.app_id=a.id JOIN decision_reasons r ON r.decision_id=d.id WHERE a.id IN (2,3,4) ORDER BY a.id")"
eq "decided by sue" "sue" \
	"$(sql "SELECT group_concat(o.login,'|') FROM decisions d JOIN operators o ON o.id=d.operator_id WHERE d.app_id IN (2,3,4)")"
eq "alice keeps her claims" "2" "$(sql "SELECT count(*) FROM claims WHERE app_id IN (2,3,4)")"
finish
