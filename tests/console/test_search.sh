#!/bin/sh
# Global search (issue #14): / searches every tab into a result list that
# says each hit's tab, f limits it to the tab, Enter opens, Esc returns;
# Up recalls earlier searches from the history file.
. "$(dirname "$0")/lib.sh"
setup
# A person found by name and by the ID number's last four.
sql "UPDATE app_versions SET applicant_name='赵六', applicant_id_no='110105194912310021' WHERE app_id=4;"
start q alice
wait_for q "RA20261117-0001" >/dev/null
send q /
check "/ opens the search empty" wait_for q "Search: number"
type_text q "91110108MA01ABCD1X"
send q Enter
check "a hit in the to-review tab says so" wait_row q "RA20261117-0001" "To review"
check "a hit in the decided tab says so" wait_row q "RA20261015-0005" "Decided"
check "the header counts the hits in every tab" \
	wait_for q "2 found in every tab"
send q f
check "f limits the search to the queue's tab" \
	wait_for q "1 found in To review"
check "... the decided one goes" wait_gone q "RA20261015-0005"
send q f
check "f again searches every tab" wait_for q "RA20261015-0005"
send q Down Enter
check "Enter opens the hit under the cursor" wait_for q "RA20261117-0001 · "
send q Escape
check "Esc from the application returns to the results" \
	wait_for q "2 found in every tab"
send q Escape
check "Esc from the results returns to the queue" wait_for q "To review 274"
send q /
type_text q "0021"
send q Enter
check "the ID number's last four find the person" \
	wait_row q "RA20261119-0004" "To review"
send q /
type_text q "赵六"
send q Enter
check "the applicant's name finds the application" \
	wait_row q "RA20261119-0004" "To review"
send q /
wait_for q "Search: number" >/dev/null
send q Up
check "Up recalls the last search" wait_for q "│赵六"
send q Up
check "Up again the one before" wait_for q "│0021"
send q Down Down
check "Down past the newest gives back the empty line" wait_gone q "│赵六"
send q Escape
hist=$(cat "$T/home/.local/state/radesk/search-alice" 2>/dev/null | tr '\n' ' ')
eq "the history file keeps the searches, newest last" \
	"91110108MA01ABCD1X 0021 赵六 " "$hist"
# Paging: every test application is 测试单位N有限公司.
send q Escape
wait_for q "To review 274" >/dev/null
send q /
type_text q "测试单位"
send q Enter
check "a broad search fills the page" wait_for q "found in every tab"
send q G
check "G reads on to the oldest hit" wait_for q "RA20261120-1001"
send q g
check "g back to the newest" wait_for q "RA20261120-1299"
# The status line at 80 columns: a long message wraps over two lines,
# the next key clears it, and so do a few seconds.
start s alice en_US.UTF-8 80 24
wait_for s "RA20261117-0001" >/dev/null
send s /
type_text s "张三"
send s Enter
wait_for s "found in every tab" >/dev/null
send s Z
check "a long message's start shows" wait_for s "Enter opens the application, f limits"
check "... and its end, on a second line, not cut" wait_for s "Esc goes back"
send s Down
check "the next key clears it" wait_gone s "Esc goes back"
send s Z
wait_for s "Esc goes back" >/dev/null
check "a few seconds clear it too" wait_gone s "Esc goes back" 10
finish
