#!/bin/sh
# The approval gate through the console, issue 13's findings first:
# a supervisor's `j m m A y` on To review approved two applications
# nobody had claimed or checked; now the selection is listed with each
# case's gate result, the ones that fail are skipped and named, and a
# bulk approval needs the checklist done by someone who claimed the case.
# Then the reveal: one field, a reason, logged, hidden again on leaving.
. "$(dirname "$0")/lib.sh"
setup
# RA20261120-1002 and -1003 are clean apart from the review itself:
# telecom matched, paid online.
sql "INSERT INTO checks(app_id,version_id,kind,state,created_at,updated_at)
      SELECT app_id, id, 'telecom_handler', 'match', 0, 0 FROM app_versions
      WHERE app_id IN (102,103);
     INSERT INTO payments(app_id,version_id,method,amount_fen,state,
      created_at) SELECT app_id, id, 'alipay', 30000, 'online', 0
      FROM app_versions WHERE app_id IN (102,103);"

start s sue
wait_for s "RA20261117-0001" || finish
# The finding as reported: j m m A y.
send s j
send s m
send s m
send s A
check "the selection is listed before anything is decided" \
	wait_for s "Bulk approve: 2 marked"
check "each case with the gate's result, in words" \
	wait_for s "checklist not done by someone who claimed the application"
check "nothing passes, so nothing is offered" \
	wait_for s "No marked case passes the gate"
send s y
check "closed" wait_gone s "Bulk approve: 2 marked"
eq "nothing approved" "0" "$(sql "SELECT count(*) FROM decisions WHERE action='approve'")"
eq "nothing moved" "0" \
	"$(sql "SELECT count(*) FROM applications WHERE state='approved'")"

# alice claims RA20261120-1002, does its checklist, lets it go.
start a alice
wait_for a "RA20261117-0001" || finish
open_app a RA20261120-1002 >/dev/null
send a c
wait_for a "Claimed by alice" >/dev/null
send a l
wait_for a "[ ] Form signed and stamped" >/dev/null
for i in 1 2 3 4 5 6; do send a Space Down; done
send a Enter
send a u
wait_for a "Released" >/dev/null
eq "six ticks by alice" "6" \
	"$(sql "SELECT count(*) FROM checklist c JOIN operators o ON o.id=c.operator_id WHERE o.login='alice' AND c.checked=1")"

# sue marks -1002 and -1003: one passes, one is skipped and named.
# the global search's "go to": back from the application, the queue's
# cursor is on it
open_app s RA20261120-1002 >/dev/null
send s q
wait_for s "Match: RA20261120-1002" >/dev/null
send s m
# the global search's "go to": back from the application, the queue's
# cursor is on it
open_app s RA20261120-1003 >/dev/null
send s q
wait_for s "Match: RA20261120-1003" >/dev/null
send s m
send s A
check "the list again" wait_for s "Bulk approve: 2 marked"
check "the claimed and checked one passes" wait_row s RA20261120-1002 "passes the gate"
check "the other one does not" wait_row s RA20261120-1003 "checklist items not ticked (4)"
check "each unmet condition on a line of its own" \
	wait_for s "checklist not done by someone who claimed the application (4)"
check "the question names what happens" wait_for s "Approve the 1 that pass, skip 1?"
send s y
check "skipped and named" wait_for s "1 decided; skipped: RA20261120-1003"
eq "the one that passed is approved" "approved|received" \
	"$(sql "SELECT (SELECT state FROM applications WHERE id=102), (SELECT state FROM applications WHERE id=103)")"
eq "its own audit entry, marked bulk" "1" \
	"$(sql "SELECT count(*) FROM audit_log WHERE action='decision' AND subject='RA20261120-1002' AND json_extract(details,'\$.bulk')=1")"

# An auditor's bulk decision is refused by the store and audited.
send a q
wait_for a "To review" >/dev/null
send a g
send a m
send a A
check "an auditor's bulk is refused" wait_for a "your role does not allow it"
send a n
eq "the refusal is audited" "1" \
	"$(sql "SELECT count(*) FROM audit_log WHERE action='app.refused' AND actor='alice'")"

# Reveal: which field and why; only that field; logged; hidden on leaving.
send a Escape
open_app a RA20261117-0001 >/dev/null
send a NPage
check "ID masked by default" wait_for a "110105********002X"
send a v
check "which field" wait_for a "Reveal which field?"
check "fields in words" wait_for a "Handler: ID number"
check "or all" wait_for a "All personal data of this application"
send a Enter
check "why" wait_for a "Why reveal it? (logged)"
send a G Enter
check "free text reason" wait_for a "Reason for revealing (logged)"
type_text a "客户来电核对身份证号"
send a Enter
check "revealed and logged" wait_for a "Revealed (logged): Handler: ID number"
check "that field in clear" wait_for a "11010519491231002X"
eq "the audit entry names the field, in words, and the reason" \
	"handler_id_no|Handler: ID number|客户来电核对身份证号" \
	"$(sql "SELECT json_extract(details,'\$.fields'), json_extract(details,'\$.field_words'), json_extract(details,'\$.reason') FROM audit_log WHERE action='pii.reveal' AND actor='alice'")"
check "the applicant's ID (the same number) stays masked" \
	wait_for a "110105********002X"
send a q
wait_for a "To review" >/dev/null
# (the detail keeps its scroll position for the same application)
send a /
wait_for a "Enter save · Esc cancel" >/dev/null
send a C-u
type_text a RA20261117-0001
send a Enter Enter
send a g
wait_for a "RA20261117-0001 · " >/dev/null
send a NPage
check "masked again after leaving the detail" wait_for a "110105********002X"
finish
