#!/bin/sh
# Queue: order, sanitising, navigation by key, tabs, filters, search, help.
. "$(dirname "$0")/lib.sh"
setup
start q alice
check "queue shows the most urgent first" wait_for q "RA20261117-0001"
first=$(screen q | sed -n 3p)
case $first in *RA20261117-0001*) check "overdue application on top" true ;;
	*) check "overdue application on top" false ;; esac
check "an ESC in an organisation name is drawn as text, not obeyed" \
	wait_for q "Evil[31mRED2J"
check "tab counts" wait_for q "To review 274"
send q G
check "G goes to the last page" wait_for q "RA20261120-1299"
send q g
check "g back to the first" wait_for q "RA20261117-0001"
send q PageDown
check "PgDn reads the next page by key" wait_for q "RA20261120-1031"
send q PageUp
check "PgUp reads back" wait_for q "RA20261117-0001"
send q Tab
check "Tab to Mine (empty)" wait_for q "Nothing here."
send q Tab
check "Tab skips Countersign for an auditor: Decided, newest first" \
	wait_for q "RA20261120-1290"
send q Tab
check "Tab to All" wait_for q "RA20261120-1010"
send q Tab
check "Tab wraps to To review" wait_for q "RA20261117-0001"
send q BTab
check "Shift-Tab goes back to All" wait_for q "RA20261120-1010"
send q Tab
wait_for q "RA20261118-0002" >/dev/null
send q t
check "type filter shown" wait_for q "Replace   alice"
check "filter hides other types" wait_gone q "RA20261118-0002"
send q t t t
check "filter cleared" wait_for q "RA20261118-0002"
send q T
check "state filter: received" wait_for q "Received  alice"
send q T
check "state filter: in review (none yet)" wait_for q "Nothing here with this filter"
send q T T T T T T T T T T T T
check "state filter cycles back to all" wait_for q "RA20261117-0001"
send q /
type_text q "上海浦东"
send q Enter
check "search by organisation lists the hit and its tab" \
	wait_row q "RA20261119-0004" "To review"
send q Escape
check "Esc goes back to the queue" wait_for q "To review 274"
send q /
send q C-u
type_text q "91110108MA01ABCD1X"
send q Enter
check "search by USCC finds the decided one too" \
	wait_row q "RA20261015-0005" "Decided"
check "... and the one to review" wait_row q "RA20261117-0001" "To review"
send q Escape
wait_for q "To review 274" >/dev/null
send q n
check "n walks the tab's matches and wraps" wait_for q "(search wrapped)"
send q /
send q C-u
type_text q "浦"
send q Enter
check "search by one character of a name" wait_row q "RA20261119-0004" "To review"
send q /
send q C-u
type_text q "没有这家"
send q Enter
check "a search that matches nothing says so" wait_for q "Nothing found"
send q Escape
wait_for q "To review 274" >/dev/null
send q '?'
check "help is generated from the key table" wait_for q "Claim the application"
send q q
check "back from help" wait_for q "RA20261117-0001"
send q Escape
check "Esc in the queue does not quit" wait_for q "Esc does not quit"
send q q
check "q asks first, as mutt does" wait_for q "Quit radesk?"
send q y
check "then quits" wait_for q "RADESK-EXIT=0"
finish
