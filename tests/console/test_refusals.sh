#!/bin/sh
# A known operator refused for lack of role in the console is audited
# (issue 13): an auditor's supervisor-only requests — bulk mark, bulk
# approve, countersign, reassign, export, dashboard — are refused by the
# dispatcher with the screen's message and each leaves an 'app.refused'
# entry naming the action (and the application, in the detail).
. "$(dirname "$0")/lib.sh"
setup
start a alice
wait_for a "RA20261117-0001" || finish
n() { sql "SELECT count(*) FROM audit_log WHERE actor='alice' AND action='app.refused' AND details LIKE '%\"action\":\"$1\"%'${2:+ AND subject='$2'}"; }

# Bulk decisions and countersigns are refused by the approval gate in
# the store, and audited there: test_gate.sh and test_override.sh.
send a D
check "dashboard refused" wait_for a "The dashboard is for supervisors."
eq "dashboard refusal audited" 1 "$(n dashboard)"

send a Enter
check "the detail opens" wait_for a "RA20261117-0001"
send a R
check "reassign refused" wait_for a "Only supervisors reassign"
eq "reassign refusal audited" 1 "$(n reassign RA20261117-0001)"
send a e
check "export refused" wait_for a "Only a supervisor can export a dossier"
eq "export refusal audited" 1 "$(n export_dossier RA20261117-0001)"
eq "the role is in the entry" 2 \
	"$(sql "SELECT count(*) FROM audit_log WHERE actor='alice' AND action='app.refused' AND subject='RA20261117-0001' AND details LIKE '%\"role\":\"auditor\"%'")"
eq "the chain is still intact" 0 "$(RADESK_USER=admin "$RADESK" --config "$T/radesk.conf" audit verify >/dev/null 2>&1; echo $?)"

# A supervisor is not stopped by the dispatcher.
start s sue
wait_for s "RA20261117-0001" || finish
send s D
check "the supervisor's dashboard opens" wait_for s "Open work by deadline"
eq "nothing refused for sue" 0 "$(sql "SELECT count(*) FROM audit_log WHERE actor='sue' AND action='app.refused'")"
finish
