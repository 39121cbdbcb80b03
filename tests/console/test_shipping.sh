#!/bin/sh
# The shipping screen (S): the day's shipments and their labels, batch
# printing (one print job per shipment, never two), the day moving, the
# attention tab with a QC retry (a new production order job) and a dead
# job's retry, the Fulfilment section of the detail with its reprint (L),
# and auditors refused (and logged) where supervisors act.
. "$(dirname "$0")/lib.sh"
setup
# Today is 2026-11-20 (+08:00): 1795104000 is its midnight.
# RA20261119-0004 shipped this morning (SF1002, label printed once),
# RA20261118-0002 waits for its first print (SF1001), RA20261120-1003 is
# waiting for its waybill; RA20261120-1010 went out yesterday (SF0999).
# RA20261120-1002 failed QC; the customer message of RA20261120-1004
# gave up.
# Each approved as the review records it (a decision in force): the
# gate remakes a key or completes a renewal only under one.
sql "UPDATE applications SET state='in_production' WHERE id IN (2,102,103);
     UPDATE applications SET state='shipped' WHERE id=4;
     UPDATE applications SET state='ready_to_install' WHERE id=104;
     INSERT INTO decisions(app_id,version_id,operator_id,action,from_state,
      to_state,created_at) SELECT a.id,v.id,1,'approve','in_review',
      a.state,1795130000 FROM applications a JOIN app_versions v ON
      v.app_id=a.id AND v.version=a.current_version
      WHERE a.id IN (2,4,102,103,104);
     INSERT INTO jobs(id,kind,app_id,idem_key,payload,state,attempts,
      max_attempts,next_attempt_at,last_error,created_at,updated_at) VALUES
      (50,'label_print',4,'label:SF1002:1','{}','done',1,8,0,'',
       1795107600,1795107600),
      (51,'production_order',102,'production:RA20261120-1002:v1',
       '{\"app_no\":\"RA20261120-1002\",\"holder\":\"org\"}','done',1,8,0,
       '',1795100000,1795100000),
      (52,'notify',104,'notify:RA20261120-1004:v1:ready_to_install','{}',
       'dead',8,8,0,'HTTP 400: bad mobile',1795110000,1795110000);
     INSERT INTO production_orders(app_id,job_id,order_id,state,attempt,
      idem_key,last_error,created_at,updated_at) VALUES
      (102,51,'ORD9','qc_failed',1,'production:RA20261120-1002:v1',
       'chip write verify failed',1795100000,1795111000);
     INSERT INTO shipments(id,app_id,waybill_no,carrier,state,label_sha256,
      printed_at,print_count,created_at,updated_at) VALUES
      (1,2,'SF1001','generic','created','$(printf 'a%.0s' $(seq 64))',NULL,0,
       1795136400,1795136400),
      (2,4,'SF1002','generic','picked_up','$(printf 'b%.0s' $(seq 64))',
       1795132860,1,1795132800,1795137000),
      (3,103,NULL,'generic','requested',NULL,NULL,0,1795138200,1795138200),
      (4,110,'SF0999','generic','delivered','$(printf 'c%.0s' $(seq 64))',
       1795020000,1,1795020000,1795090000);
     INSERT INTO label_prints(shipment_id,n,job_id,state,created_at,
      updated_at) VALUES (2,1,50,'printed',1795107600,1795107700);"

labels() {
	sql "SELECT group_concat(idem_key, ' ') FROM (SELECT idem_key FROM jobs
	     WHERE kind='label_print' ORDER BY idem_key)"
}

start a alice
wait_for a "RA20261117-0001" || finish
send a S
check "the shipping screen" wait_for a "Shipments 3"
check "today" wait_for a "2026-11-20 (today)"
check "printed this morning" wait_row a SF1002 "printed 08:01"
check "waiting for its first print" wait_row a SF1001 "not printed"
check "no waybill yet" wait_row a RA20261120-1003 "no label yet"
check "problems counted" wait_for a "Needs attention 2"
send a P
check "auditors do not batch-print" wait_for a "Only a supervisor prints labels in a batch"
eq "the refusal is logged" "alice|label.print_batch" \
	"$(sql "SELECT actor, json_extract(details,'\$.action') FROM audit_log WHERE action='app.refused'")"

# Anyone reprints one label, from the detail (L).
send a Enter
check "the detail opens from the list" wait_for a "RA20261119-0004 · "
send a g ] ] ] ] ] ]
check "the Fulfilment section" wait_for a "[Fulfilment]"
check "shipment line" wait_for a "SF1002 · generic · Picked up"
send a L
check "reprint queued" wait_for a "Label of SF1002 queued for printing"
send a L
check "never two waiting prints" wait_for a "already waiting to be printed"
send a q
check "Back returns to the shipping screen" wait_for a "Shipments 3"
check "the list shows the queued print" wait_row a SF1002 "print queued"
eq "one more print job for SF1002" "label:SF1002:1 label:SF1002:2" "$(labels)"

# A supervisor batch-prints the marked labels.
start s sue
wait_for s "RA20261117-0001" || finish
send s S
wait_for s "Shipments 3" >/dev/null
send s j m
check "marked" wait_for s "1 marked"
send s P
check "confirm" wait_for s "Print 1 marked label?"
send s y
check "printed" wait_for s "1 label queued for printing"
send s P
check "nothing marked: all unprinted" wait_for s "print every label of the day"
send s y
check "nothing left to print" wait_for s "0 labels queued for printing"
send s g m m m P
wait_for s "Print 3 marked labels?" >/dev/null
send s y
check "none queued twice" wait_for s "0 labels queued, 3 not"
eq "exactly one print job per shipment from the batch" \
	"label:SF1001:1 label:SF1002:1 label:SF1002:2" "$(labels)"
eq "the prints are recorded" "1|1|queued 2|2|queued" \
	"$(sql "SELECT group_concat(shipment_id||'|'||n||'|'||state, ' ') FROM (SELECT * FROM label_prints WHERE state='queued' ORDER BY shipment_id)")"

# Days.
send s "["
check "yesterday" wait_for s "2026-11-19"
check "yesterday's shipment" wait_row s SF0999 "Delivered"
send s "]"
check "back to today" wait_for s "2026-11-20 (today)"
send s d
wait_for s "Day (YYYY-MM-DD" >/dev/null
send s C-u
type_text s 2026-11-19
send s Enter
check "a date typed" wait_row s SF0999 "Delivered"
send s d
wait_for s "Day (YYYY-MM-DD" >/dev/null
send s C-u Enter
check "empty is today" wait_for s "2026-11-20 (today)"

# The attention tab: an auditor is refused, a supervisor retries.
send a Tab
check "QC failure listed" wait_row a RA20261120-1002 "QC failed"
check "dead job listed" wait_row a RA20261120-1004 "Customer message"
send a r
check "auditors do not retry" wait_for a "Only a supervisor retries"
eq "logged" "production.retry" \
	"$(sql "SELECT json_extract(details,'\$.action') FROM audit_log WHERE action='app.refused' ORDER BY id DESC LIMIT 1")"

send s Tab
wait_for s "QC failed" >/dev/null
send s g
send s r
check "retry asks for a note" wait_for s "Retry production: note"
type_text s "芯片更换"
send s Enter
check "retried" wait_for s "RA20261120-1002: a new production order is queued"
eq "a new order job with the next key" "production_order|pending" \
	"$(sql "SELECT kind, state FROM jobs WHERE idem_key='production:RA20261120-1002:v1:r1'")"
eq "attempt 2 recorded" "2|requested" \
	"$(sql "SELECT attempt, state FROM production_orders WHERE app_id=102 ORDER BY id DESC LIMIT 1")"
check "gone from the list" wait_gone s "QC failed"
send s g
check "the dead job" wait_row s RA20261120-1004 "Job gave up"
send s r
check "confirm the job retry" wait_for s "Retry job 52 (Customer message) now?"
send s y
check "job retried" wait_for s "Job 52 will be retried."
eq "back to pending" "pending" "$(sql "SELECT state FROM jobs WHERE id=52")"
check "nothing left" wait_for s "Nothing needs attention."
send s q
check "Esc leaves to the queue" wait_for s "To review"
finish
