#!/bin/sh
# The portal requests screen (P from the queue, supervisors): an auditor
# is refused (and the attempt logged); a supervisor approves a
# cancellation (the application is cancelled, its unsent production job
# stops), approves a refund and is refused marking it paid herself; a
# second supervisor marks it paid; a request is dismissed.
. "$(dirname "$0")/lib.sh"
setup
# RA20261118-0002 approved with its production job waiting; requests:
# a cancel of 0002, a refund of ¥80.00 of RA20261117-0001 (paid ¥100.00)
# to a bank account, a cancel of RA20261119-0003 to dismiss.
sql "UPDATE applications SET state='approved', decided_at=1795130000,
      decided_by=1 WHERE id=2;
     INSERT INTO jobs(id,kind,app_id,idem_key,payload,state,attempts,
      max_attempts,next_attempt_at,created_at,updated_at) VALUES
      (20,'production_order',2,'production:RA20261118-0002:v1','{}',
       'pending',0,8,1795130000,1795130000,1795130000);
     INSERT INTO portal_requests(file_name,file_sha256,app_id,app_no,kind,
      seq,requested_at,requested_at_text,reason,refund_amount_fen,
      refund_route,refund_account,request_json,received_at) VALUES
      ('RA20261118-0002-cancel-1.json','x',2,'RA20261118-0002','cancel',1,
       1795139000,'','不需要了',NULL,NULL,NULL,'{}',1795139000),
      ('RA20261117-0001-refund-1.json','x',1,'RA20261117-0001','refund',1,
       1795139100,'','重复付款',8000,'bank','6222020200001234567','{}',
       1795139100),
      ('RA20261119-0003-cancel-1.json','x',3,'RA20261119-0003','cancel',1,
       1795139200,'','误点',NULL,NULL,NULL,'{}',1795139200);"

start a alice en_US.UTF-8 80 24
wait_for a "RA20261117-0001" || finish
send a P
check "an auditor is refused" wait_for a "The portal's requests are for supervisors."
eq "the refusal is logged" "alice|portal_requests" \
	"$(sql "SELECT actor, json_extract(details,'\$.action') FROM audit_log WHERE action='app.refused'")"

start s sue en_US.UTF-8 80 24
wait_for s "RA20261117-0001" || finish
send s P
check "the screen lists the three open requests" wait_for s "RA20261119-0003"
check "the refund with its amount and route" wait_row s "RA20261117-0001" "¥80.00"
send s g
# newest first: 0003, 0001, 0002 — go to the cancellation of 0002
send s j j
send s a
check "approve asks for a note" wait_for s "Approve: note to the customer"
type_text s "按客户申请撤销"
send s C-d
check "and confirms" wait_for s "Cancel RA20261118-0002 as the customer asked?"
send s y
check "approved" wait_for s "Request of RA20261118-0002 approved; the customer is told"
eq "the application is cancelled, its production job stopped" "cancelled|cancelled" \
	"$(sql "SELECT a.state, j.state FROM applications a JOIN jobs j ON j.app_id=a.id WHERE a.id=2 AND j.id=20")"
check "the cancelled request leaves the open tab" wait_gone s "RA20261118-0002   cancel"

# the refund: sue approves it
send s g j
send s a
wait_for s "Approve: note to the customer" >/dev/null
type_text s "同意退款"
send s C-d
check "the refund confirmation names amount and route" wait_for s "Approve the refund of ¥80.00 for RA20261117-0001 (to a bank account)?"
send s y
check "refund approved" wait_for s "Request of RA20261117-0001 approved"
check "shown as approved, to be paid, by sue" wait_row s "RA20261117-0001" "approved, to be paid"
# sue may not mark it paid
send s '$'
wait_for s "Refund paid: note to the customer" >/dev/null
type_text s "已退"
send s C-d
wait_for s "Mark the refund of ¥80.00 for RA20261117-0001 paid back?" >/dev/null
send s y
check "the same supervisor is refused" wait_for s "a different supervisor marks it paid"
eq "nothing changed" "refund_requested|online" \
	"$(sql "SELECT a.state, p.state FROM applications a JOIN payments p ON p.app_id=a.id WHERE a.id=1")"

# tom marks it paid
start t tom en_US.UTF-8 80 24
wait_for t "To review" || finish
send t P
wait_row t "RA20261117-0001" "approved" >/dev/null
send t g j
send t '$'
wait_for t "Refund paid: note to the customer" >/dev/null
type_text t "已退回 80 元"
send t C-d
wait_for t "paid back?" >/dev/null
send t y
check "a second supervisor marks it paid" wait_for t "Refund of RA20261117-0001 paid; the customer is told"
eq "refunded, the payment too" "refunded|refunded" \
	"$(sql "SELECT a.state, p.state FROM applications a JOIN payments p ON p.app_id=a.id WHERE a.id=1")"
eq "approved by sue, closed by tom" "paid|sue|tom" \
	"$(sql "SELECT r.outcome, o1.login, o2.login FROM portal_requests r JOIN operators o1 ON o1.id=r.approved_by JOIN operators o2 ON o2.id=r.closed_by WHERE r.app_id=1")"

# tom dismisses the last one
send t g
send t x
wait_for t "Dismiss: note to the customer" >/dev/null
type_text t "已与客户确认无需撤销"
send t C-d
wait_for t "Dismiss the request of RA20261119-0003?" >/dev/null
send t y
check "dismissed" wait_for t "Request of RA20261119-0003 dismissed"
check "no open requests left" wait_for t "No open requests."
eq "the application as it was" "received" "$(sql "SELECT state FROM applications WHERE id=3")"
send t Tab
check "All shows the three, closed" wait_row t "RA20261119-0003" "dismissed"
check "the cancellation shown cancelled" wait_row t "RA20261118-0002" "cancelled"
send t Enter
check "Enter opens the application" wait_for t "RA20261119-0003 · "
send t q
check "back to the requests" wait_for t "Portal requests"
eq "the audit chain holds" "0" \
	"$(RADESK_USER=admin "$RADESK" --config "$T/radesk.conf" audit verify >/dev/null 2>&1; echo $?)"
finish
