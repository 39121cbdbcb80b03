#!/bin/sh
# Dialogs that are never seen never act: every modal of the console is
# opened and its title must be on the screen before any key is sent to
# it. The shipping screen's retry editor once stayed invisible and took
# the keys typed after r ("r", Enter) as a retry with the note "r": keys
# typed before a modal was drawn are dropped now, so typing ahead
# commits nothing. Esc never quits; q in the queue asks; F10 quits.
. "$(dirname "$0")/lib.sh"
setup
# RA20261120-1002 failed QC (the shipping screen's attention tab).
# 102 was approved (a decision in force: the gate remakes a key only
# under one); the bulk checks below count only new approvals.
sql "UPDATE applications SET state='in_production' WHERE id=102;
     INSERT INTO decisions(app_id,version_id,operator_id,action,from_state,
      to_state,created_at) SELECT 102,id,1,'approve','in_review',
      'in_production',1795130000 FROM app_versions WHERE app_id=102;
     INSERT INTO jobs(id,kind,app_id,idem_key,payload,state,attempts,
      max_attempts,next_attempt_at,last_error,created_at,updated_at) VALUES
      (51,'production_order',102,'production:RA20261120-1002:v1',
       '{\"app_no\":\"RA20261120-1002\",\"holder\":\"org\"}','done',1,8,0,
       '',1795100000,1795100000);
     INSERT INTO production_orders(app_id,job_id,order_id,state,attempt,
      idem_key,last_error,created_at,updated_at) VALUES
      (102,51,'ORD9','qc_failed',1,'production:RA20261120-1002:v1',
       'chip write verify failed',1795100000,1795111000);"
retries() {
	sql "SELECT count(*) FROM jobs WHERE kind='production_order' AND app_id=102"
}

start s sue en_US.UTF-8 80 24
wait_for s "RA20261117-0001" || finish

# The known bug: S, Tab, r, and the keys that followed at once.
send s S
wait_for s "Needs attention 1" >/dev/null
send s Tab
wait_for s "QC failed" >/dev/null
send s r r Enter
check "the retry editor is drawn" wait_for s "Retry production: note"
eq "the keys typed ahead did not commit a retry" "1" "$(retries)"
send s Escape
check "Esc cancels it" wait_for s "Cancelled"
eq "nothing retried" "1" "$(retries)"
send s r
check "retry editor title before any key" wait_for s "Retry production: note"
type_text s "chip replaced"
send s Enter
check "a seen editor acts" wait_for s "a new production order is queued"
eq "one retry" "2" "$(retries)"
send s Escape
wait_for s "To review" >/dev/null

# Queue: search, quit question; Esc never quits.
send s /
check "search editor" wait_for s "Search: number, organisation"
send s Escape
send s q
check "q asks before quitting" wait_for s "Quit radesk?"
send s n
check "n stays" wait_gone s "Quit radesk?"
send s Escape
check "Esc in the queue does not quit" wait_for s "Esc does not quit"
send s Escape Escape Escape
sleep 0.5
check "still running after more Esc" sh -c "! tmux -L '$SOCK' capture-pane -p -t s | grep -q RADESK-EXIT"

# Detail: each dialog's title first.
open_app s RA20261117-0001 >/dev/null
send s c
wait_for s "Claimed by sue" >/dev/null
send s l
check "checklist dialog" wait_for s "Checklist"
check "its items" wait_for s "[ ] Form signed and stamped"
send s Escape
send s i
check "note editor" wait_for s "Internal note (not sent to the customer)"
send s Escape
send s a
check "approve shows the gate's conditions first" wait_for s "Override: RA20261117-0001 does not meet"
send s n
send s x
check "reasons menu" wait_for s "Reasons for rejection"
send s Escape
send s v
check "reveal menu" wait_for s "Reveal which field?"
send s Escape
send s R
check "reassign editor" wait_for s "Reassign to (login)"
send s Escape
send s C
check "cancel asks for a note" wait_for s "Cancel: note to the customer (why)"
send s Escape
eq "nothing decided by any of them" "0" "$(sql "SELECT count(*) FROM decisions WHERE app_id=1")"
eq "still claimed, in review" "in_review" "$(sql "SELECT state FROM applications WHERE id=1")"

# Bulk: the list dialog.
send s q
wait_for s "To review" >/dev/null
send s g m m A
check "bulk list drawn" wait_for s "Bulk approve: 2 marked"
send s n
eq "nothing approved in bulk" "0" "$(sql "SELECT count(*) FROM decisions WHERE action='approve' AND app_id<>102")"

# F10 quits at once.
send s F10
check "F10 quits" wait_for s "RADESK-EXIT=0"
finish
