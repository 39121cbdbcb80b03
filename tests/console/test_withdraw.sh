#!/bin/sh
# Withdrawals from the detail screen: an auditor is refused (and the
# attempt logged); a supervisor cancels an approved application, which
# stops its unsent production order in the same transaction; production
# being sent right now refuses the cancel; a refund is requested, then
# marked refunded (the payment too) by a second supervisor, the first
# one refused (two people); notes are required.
. "$(dirname "$0")/lib.sh"
setup
# RA20261118-0002 (new) and RA20261119-0004 (replace) approved, each with
# its production order job: 2's still waiting, 4's being sent right now.
sql "UPDATE applications SET state='approved', decided_at=1795130000,
      decided_by=1 WHERE id IN (2,4);
     INSERT INTO jobs(id,kind,app_id,idem_key,payload,state,attempts,
      max_attempts,next_attempt_at,locked_by,locked_until,created_at,
      updated_at) VALUES
      (20,'production_order',2,'production:RA20261118-0002:v1','{}',
       'pending',0,8,1795130000,NULL,NULL,1795130000,1795130000),
      (40,'production_order',4,'production:RA20261119-0004:v1','{}',
       'running',1,8,1795130000,'w1',1795140300,1795130000,1795130000);
     INSERT INTO production_orders(app_id,job_id,state,created_at,
      updated_at) VALUES (2,20,'requested',1795130000,1795130000);"

start a alice
wait_for a "RA20261117-0001" || finish
send a Enter
wait_for a "RA20261117-0001 · " >/dev/null
send a C
check "an auditor is refused" wait_for a "is for supervisors (you are Auditor)"
eq "the refusal is logged" "alice|RA20261117-0001|cancel" \
	"$(sql "SELECT actor, subject, json_extract(details,'\$.action') FROM audit_log WHERE action='app.refused'")"
send a '$'
check "refund too" wait_for a "\"Request refund\" is for supervisors"
eq "nothing changed" "received|0" \
	"$(sql "SELECT state, (SELECT count(*) FROM decisions WHERE app_id=1) FROM applications WHERE id=1")"

start s sue
wait_for s "RA20261117-0001" || finish
send s Tab Tab Tab Tab
wait_for s "RA20261118-0002" >/dev/null
check "open the approved one" open_app s RA20261118-0002
check "shown as approved" wait_for s "RA20261118-0002 · New issuance · Approved"
send s C
check "note editor for the customer" wait_for s "Cancel: note to the customer"
send s C-d
check "an empty note is refused" wait_for s "The customer needs a note saying why"
send s C
wait_for s "Cancel: note to the customer" >/dev/null
type_text s "客户申请撤销"
send s C-d
check "confirm" wait_for s "Cancel RA20261118-0002? It cannot be undone."
send s y
check "cancelled" wait_for s "RA20261118-0002 cancelled; the customer is told"
check "header shows it" wait_for s "RA20261118-0002 · New issuance · Cancelled"
eq "state" "cancelled" "$(sql "SELECT state FROM applications WHERE id=2")"
eq "production job cancelled in the same transaction" "cancelled|cancelled" \
	"$(sql "SELECT j.state, o.state FROM jobs j JOIN production_orders o ON o.job_id=j.id WHERE j.id=20")"
eq "decision row with the note" "cancel|approved|cancelled|客户申请撤销|sue" \
	"$(sql "SELECT d.action, d.from_state, d.to_state, d.note, o.login FROM decisions d JOIN operators o ON o.id=d.operator_id WHERE d.app_id=2")"
eq "audited with the job it stopped" "sue|[20]" \
	"$(sql "SELECT actor, json_extract(details,'\$.jobs_cancelled') FROM audit_log WHERE action='app.cancel' AND subject='RA20261118-0002'")"
eq "the customer is notified" "notify:RA20261118-0002:v1:cancelled" \
	"$(sql "SELECT idem_key FROM jobs WHERE app_id=2 AND kind='notify'")"
send s g ] ] ] ] ]
check "the decision is listed" wait_for s "cancel Approved → Cancelled"
send s q

# The order is being sent right now: refused, nothing written.
check "open the one in flight" open_app s RA20261119-0004
send s C
wait_for s "Cancel: note to the customer" >/dev/null
type_text s "stop"
send s C-d
wait_for s "It cannot be undone." >/dev/null
send s y
check "refused while the order is being sent" wait_for s "is being sent to the production line right now"
eq "still approved, job still running, no decision" "approved|running|0" \
	"$(sql "SELECT a.state, j.state, (SELECT count(*) FROM decisions WHERE app_id=4) FROM applications a JOIN jobs j ON j.app_id=a.id WHERE a.id=4")"
send s q

# Refund: request, then mark refunded.
send s Tab
check "back to To review" wait_for s "RA20261117-0001"
send s g Enter
wait_for s "RA20261117-0001 · " >/dev/null
send s '$'
check "refund request note" wait_for s "Refund request: note to the customer"
type_text s "重复付款"
send s C-d
wait_for s "Request a refund for RA20261117-0001?" >/dev/null
send s y
check "refund requested" wait_for s "Refund requested for RA20261117-0001"
check "header" wait_for s "Refund requested ·"
send s '$'
check "now it marks refunded" wait_for s "Refunded: note to the customer"
type_text s "已原路退回 100 元"
send s C-d
wait_for s "Mark RA20261117-0001 refunded" >/dev/null
send s n
check "saying no leaves it" wait_for s "Left as it was; nothing recorded"
eq "still requested" "refund_requested|online" \
	"$(sql "SELECT a.state, p.state FROM applications a JOIN payments p ON p.app_id=a.id WHERE a.id=1")"
send s '$'
wait_for s "Refunded: note to the customer" >/dev/null
type_text s "已原路退回 100 元"
send s C-d
wait_for s "Mark RA20261117-0001 refunded" >/dev/null
send s y
# A refund needs two people: sue requested it, so sue is refused.
check "the same supervisor may not mark it refunded" wait_for s "a different supervisor marks it paid"
eq "still requested after the refusal" "refund_requested|online" \
	"$(sql "SELECT a.state, p.state FROM applications a JOIN payments p ON p.app_id=a.id WHERE a.id=1")"
eq "the refusal is logged" "sue|refund" \
	"$(sql "SELECT actor, json_extract(details,'\$.action') FROM audit_log WHERE action='app.refused' AND subject='RA20261117-0001' AND json_extract(details,'\$.action')='refund'")"
send s q
start t tom
wait_for t "To review" >/dev/null || finish
open_app t RA20261117-0001 >/dev/null
send t '$'
wait_for t "Refunded: note to the customer" >/dev/null
type_text t "已原路退回 100 元"
send t C-d
wait_for t "Mark RA20261117-0001 refunded" >/dev/null
send t y
check "refunded by a second supervisor" wait_for t "RA20261117-0001 refunded; the customer is told"
eq "state and payment" "refunded|refunded" \
	"$(sql "SELECT a.state, p.state FROM applications a JOIN payments p ON p.app_id=a.id WHERE a.id=1")"
eq "both steps audited" "app.request_refund app.refund" \
	"$(sql "SELECT group_concat(action, ' ') FROM (SELECT action FROM audit_log WHERE subject='RA20261117-0001' AND action LIKE 'app.%refund' ORDER BY id)")"
eq "the customer is told twice" "2" \
	"$(sql "SELECT count(*) FROM jobs WHERE app_id=1 AND kind='notify'")"
eq "the audit chain holds" "0" \
	"$(RADESK_USER=admin "$RADESK" --config "$T/radesk.conf" audit verify >/dev/null 2>&1; echo $?)"
finish
