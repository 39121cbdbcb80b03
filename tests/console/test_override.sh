#!/bin/sh
# Four eyes: an approval whose checks did not pass needs a written
# override, which waits until a supervisor other than the decider
# countersigns it (or refuses it).
. "$(dirname "$0")/lib.sh"
setup
start a alice
wait_for a "RA20261119-0004" || finish
send a j j j Enter
check "detail of the telecom mismatch" wait_for a "RA20261119-0004 · Key replacement"
check "mismatch shown" wait_for a "mismatch"
send a c
wait_for a "Claimed by alice" >/dev/null
send a l
wait_for a "[ ] Form signed" >/dev/null
for i in 1 2 3 4; do send a Space Down; done
send a Enter
send a a
check "offered an override" wait_for a "Write an override"
check "the dialog lists the unmet conditions" \
	wait_for a "telecom check of the handler not matched"
check "high risk among them" wait_for a "high risk: needs an override"
send a y
check "override editor" wait_for a "Override: why approve anyway?"
type_text a "运营商库姓名为旧名，已电话核实"
send a Enter
type_text a "second line"
send a C-d
check "override recorded" wait_for a "Override recorded"
eq "decision waits for a countersign" "pending|in_review" \
	"$(sql "SELECT d.countersign, a.state FROM decisions d JOIN applications a ON a.id=d.app_id WHERE a.id=4")"
eq "multi-line reason kept" "运营商库姓名为旧名，已电话核实
second line" "$(sql "SELECT override_reason FROM decisions WHERE app_id=4")"
eq "no production order yet" "0" "$(sql "SELECT count(*) FROM jobs WHERE app_id=4")"
send a s
check "auditors cannot countersign" wait_for a "your role does not allow it"
eq "the refusal is audited" "alice|countersign" \
	"$(sql "SELECT actor, json_extract(details,'\$.action') FROM audit_log WHERE action='app.refused' ORDER BY id DESC LIMIT 1")"

start s sue
wait_for s "Countersign 1" || finish
send s Tab Tab
check "supervisor's Countersign tab lists it" wait_for s "RA20261119-0004"
send s Enter
wait_for s "override awaiting countersign" >/dev/null
send s s
check "the countersign lists what the override passes" \
	wait_for s "Override on RA20261119-0004 passes"
check "named in words" wait_for s "telecom check of the handler not matched"
send s y
check "countersign menu" wait_for s "Countersign the override"
send s Enter
wait_for s "Countersign note" >/dev/null
type_text s "同意"
send s Enter
check "countersigned" wait_for s "Countersigned; the approval took effect"
eq "approved once countersigned" "approved|approved" \
	"$(sql "SELECT d.countersign, a.state FROM decisions d JOIN applications a ON a.id=d.app_id WHERE a.id=4")"
eq "countersigned by sue, decided by alice" "sue|alice" \
	"$(sql "SELECT cs.login, o.login FROM decisions d JOIN operators cs ON cs.id=d.countersigned_by JOIN operators o ON o.id=d.operator_id WHERE d.app_id=4")"
eq "production order enqueued on countersign" "production_order" \
	"$(sql "SELECT kind FROM jobs WHERE app_id=4")"
check "alice's screen refreshed by itself" wait_for a "Approved" 5

# A refused override sends it back to review.
send a q
wait_for a "RA20261119-0003" >/dev/null
open_app a RA20261119-0003 >/dev/null
send a c l
wait_for a "[ ] Certificate still valid" >/dev/null
for i in 1 2 3; do send a Space Down; done
send a Enter
send a a
wait_for a "Write an override" >/dev/null
# Issue 13/15: its certificate ran out after it was submitted; the
# gate checks validity now, not at submission.
check "an expired renewal is shown as unmet" \
	wait_for a "the certificate to renew has expired"
send a y
wait_for a "Override: why" >/dev/null
type_text a "telecom pending for days"
send a C-d
wait_for a "Override recorded" >/dev/null
send s q
wait_for s "Countersign 1" >/dev/null
send s Enter
wait_for s "RA20261119-0003" >/dev/null
send s s
wait_for s "Override on RA20261119-0003 passes" >/dev/null
check "the countersigner sees the expiry too" \
	wait_for s "the certificate to renew has expired"
send s y
wait_for s "Countersign the override" >/dev/null
send s Down Enter
wait_for s "Countersign note" >/dev/null
type_text s "wait for the telecom answer"
send s Enter
check "refused" wait_for s "Override refused"
eq "back in review, refused" "refused|in_review" \
	"$(sql "SELECT d.countersign, a.state FROM decisions d JOIN applications a ON a.id=d.app_id WHERE a.id=3")"
finish
