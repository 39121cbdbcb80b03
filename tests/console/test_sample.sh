#!/bin/sh
# The self-audit sample screen (K): a supervisor sees the quarter's
# sample drawn by `radesk audit sample`, re-reviews the item assigned to
# them with a verdict and a note (stored, audited), is refused on an
# item assigned to someone else; an auditor cannot open the screen.
. "$(dirname "$0")/lib.sh"
setup
# 40 approvals in 2026Q4, by alice (auditor) and sue (supervisor).
sql "UPDATE applications SET state = 'approved' WHERE id BETWEEN 100 AND 139;
     INSERT INTO decisions(app_id, version_id, operator_id, action, from_state, to_state, created_at)
     SELECT id, id, CASE id % 2 WHEN 0 THEN (SELECT id FROM operators WHERE login = 'alice')
                                 ELSE (SELECT id FROM operators WHERE login = 'sue') END,
            'approve', 'in_review', 'approved', 1795000000 + id
     FROM applications WHERE id BETWEEN 100 AND 139" >/dev/null
RADESK_USER=admin RADESK_NOW=$NOW "$RADESK" --config "$T/radesk.conf" \
	audit sample --quarter 2026Q4 --seed 7 >"$T/draw.log" 2>&1
pop=$(sql "SELECT count(DISTINCT app_id) FROM decisions WHERE action = 'approve'")
check "the sample is drawn" grep -q "2 of $pop approved applications drawn (seed 7)" "$T/draw.log"
mine=$(sql "SELECT a.app_no || ' ' || o.login FROM audit_sample_items i JOIN applications a ON a.id = i.app_id JOIN operators o ON o.id = i.reviewer_id ORDER BY a.app_no LIMIT 1")
set -- $mine
app=$1 who=$2
other=$(sql "SELECT a.app_no FROM audit_sample_items i JOIN applications a ON a.id = i.app_id JOIN operators o ON o.id = i.reviewer_id WHERE o.login <> '$who' ORDER BY a.app_no LIMIT 1")

start a alice en_US.UTF-8 80 24
wait_for a "RA2026" >/dev/null
send a K
check "an auditor is told the screen is for supervisors" \
	wait_for a "The self-audit sample is for supervisors."

start s "$who" en_US.UTF-8 80 24
wait_for s "RA2026" >/dev/null
send s K
check "the screen names the quarter, the count and the seed" \
	wait_for s "Self-audit sample 2026Q4 · 2 of $pop approvals · seed 7"
check "the items with their reviewer" wait_row s "$app" "$who"
check "still open" wait_row s "$app" "open"
screen s >"$T/screen.txt"
check "fits 80 columns" sh -c "! awk 'length > 80' '$T/screen.txt' | grep -q ."
send s g Enter
check "a verdict to choose" wait_for s "Re-review of $app"
send s Down Enter
check "then a note" wait_for s "Note on the re-review"
type_text s "照片与证件不符"
send s Enter
check "recorded, said on the status line" wait_for s "re-review of $app recorded"
check "the row shows the verdict and the note" wait_row s "$app" "disagree"
wait_row s "$app" "照片与证件不符" >/dev/null
eq "verdict and note stored" "disagree|照片与证件不符" \
	"$(sql "SELECT verdict || '|' || note FROM audit_sample_items i JOIN applications a ON a.id = i.app_id WHERE a.app_no = '$app'")"
eq "and audited" "$who" "$(sql "SELECT actor FROM audit_log WHERE action = 'audit.sample_review' AND subject = '$app'")"
if [ -n "$other" ]; then
	send s G Enter
	wait_for s "Re-review of $other" >/dev/null
	send s Enter
	wait_for s "Note on the re-review" >/dev/null
	type_text s "not mine"
	send s Enter
	check "an item assigned to another supervisor is refused" \
		wait_for s "$other is assigned to another supervisor"
	eq "nothing stored for it" "" "$(sql "SELECT coalesce(verdict, '') FROM audit_sample_items i JOIN applications a ON a.id = i.app_id WHERE a.app_no = '$other'")"
fi
send s q
check "q goes back to the queue" wait_for s "RA2026"
finish
