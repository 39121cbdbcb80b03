#!/bin/sh
# Renewals complete when the install is reported: I in the detail, for
# supervisors, with a note; an auditor is refused (and logged); other
# applications are not completed this way.
. "$(dirname "$0")/lib.sh"
setup
# Approved as a renewal is (a decision in force): the install report
# may complete only what an approval let through (the gate).
sql "UPDATE applications SET state='ready_to_install', decided_at=1795130000,
      decided_by=1 WHERE id=3;
     INSERT INTO decisions(app_id,version_id,operator_id,action,from_state,
      to_state,created_at) VALUES (3,3,1,'approve','in_review',
      'ready_to_install',1795130000)"

start a alice
wait_for a "RA20261117-0001" || finish
send a Tab Tab Tab
wait_for a "RA20261119-0003" >/dev/null
check "open the renewal" open_app a RA20261119-0003
check "ready to install" wait_for a "Renewal · Ready to install"
send a g ] ] ] ] ] ]
check "the Fulfilment section says how it completes" \
	wait_for a "it completes when the install is reported (I)"
send a I
check "an auditor is refused" wait_for a "Only a supervisor records an install"
eq "the attempt is logged" "alice|RA20261119-0003|install_report" \
	"$(sql "SELECT actor, subject, json_extract(details,'\$.action') FROM audit_log WHERE action='app.refused'")"
eq "still ready to install" "ready_to_install" \
	"$(sql "SELECT state FROM applications WHERE id=3")"

start s sue
wait_for s "RA20261117-0001" || finish
send s Enter
wait_for s "RA20261117-0001 · " >/dev/null
send s I
check "not a renewal" wait_for s "Only a renewal ready to install"
send s q
send s Tab Tab Tab Tab
wait_for s "RA20261119-0003" >/dev/null
check "open the renewal" open_app s RA20261119-0003
send s I
check "a note" wait_for s "Install reported: by whom, when"
type_text s "客户电话确认已安装"
send s Enter
check "confirm" wait_for s "Complete RA20261119-0003 as installed?"
send s y
check "completed" wait_for s "RA20261119-0003 installed and completed"
check "the header says so" wait_for s "Renewal · Completed"
eq "state and time" "completed|1795140000" \
	"$(sql "SELECT state, completed_at FROM applications WHERE id=3")"
eq "audited with the note" "sue|install_report|客户电话确认已安装" \
	"$(sql "SELECT actor, json_extract(details,'\$.why'), json_extract(details,'\$.note') FROM audit_log WHERE action='app.complete'")"
send s I
check "only once" wait_for s "Only a renewal ready to install"
finish
