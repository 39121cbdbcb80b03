#!/bin/sh
# Two consoles race for one application; a decision against a stale view
# is refused with the name of who acted, and nothing is recorded.
. "$(dirname "$0")/lib.sh"
setup
start a alice
start b bob
wait_for a "RA20261118-0002" || finish
wait_for b "RA20261118-0002" || finish
send a j
send b j
send a c
check "alice claims" wait_for a "Claimed RA20261118-0002"
check "bob's queue refreshes by itself and shows alice's claim" \
	wait_row b "RA20261118-0002" "alice"
send b c
check "bob's claim is refused with alice's name" \
	wait_for b "RA20261118-0002 is claimed by alice"
eq "one claim, alice's" "alice" \
	"$(sql "SELECT o.login FROM claims c JOIN operators o ON o.id=c.operator_id WHERE app_id=2")"

send a Enter
wait_for a "Claimed by alice" >/dev/null
send a l
wait_for a "[ ] Form signed" >/dev/null
for i in 1 2 3 4 5 6; do send a Space Down; done
send a Enter a
# A high-risk case (rejected before): the gate asks for an override.
check "alice is about to approve" \
	wait_for a "Write an override for a supervisor to countersign?"

start s sue
wait_for s "RA20261118-0002" >/dev/null
send s j Enter
wait_for s "Claimed by alice" >/dev/null
send s R
wait_for s "Reassign to" >/dev/null
type_text s bob
send s Enter
check "sue reassigns to bob meanwhile" wait_for s "Reassigned"

send a y
wait_for a "Override: why approve anyway?" >/dev/null
type_text a "前次驳回原因已补正"
send a C-d
check "alice's stale approval is refused, naming sue" \
	wait_for a "was changed by sue"
eq "nothing decided" "0|in_review" \
	"$(sql "SELECT (SELECT count(*) FROM decisions WHERE app_id=2), state FROM applications WHERE id=2")"
check "alice's view refreshed" wait_for a "Claimed by bob"
finish
