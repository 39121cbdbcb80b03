#!/bin/sh
# Queue sort (F6, < >), filter menu (F4, F), z, saved views, the columns
# at 80×24, the high-risk mark without colour, and the help's legend
# (issue #14).
. "$(dirname "$0")/lib.sh"
setup
start q alice
wait_for q "RA20261117-0001" >/dev/null
# Sort: the menu's columns, then the direction.
send q F6
check "F6 opens the sort menu" wait_for q "Sort by"
send q Down Down Down Enter
check "then asks the direction" wait_for q "Direction"
send q Down Enter
check "the header says the order" wait_for q "Sorted by Application ↓"
check "the sorted column is marked" wait_for q "Application↓"
row=$(screen q | sed -n 4p)
case $row in *RA20261120-1299*) check "the highest number first" true ;;
	*) echo "    got: $row" >&2; check "the highest number first" false ;; esac
send q '<'
wait_for q "Sort by" >/dev/null
send q Down Down Down Down Enter
wait_for q "Direction" >/dev/null
send q Enter
check "< sorts by organisation, ascending" wait_for q "Sorted by Organisation ↑"
# Filter menu: states (several), high risk.
send q z
check "z clears the sort" wait_gone q "Sorted by"
send q Tab Tab Tab
check "to the All tab" wait_for q "RA20261120-1010"
send q F
check "F opens the filter menu" wait_for q "High risk only: no"
send q Down Enter
check "States: a list to pick several" wait_for q "Space picks"
# Received (1st) and Completed: find Completed's place in the list.
send q Space
n=$(sed -n '/^#define RD_APP_STATE_LIST/,/^$/p' "$ROOT/src/core/state.h" |
	grep -n 'RD_ST_COMPLETED' | cut -d: -f1)
i=2
while [ "$i" -lt "$n" ]; do send q Down; i=$((i + 1)); done
send q Space Enter
check "the menu shows the states picked" \
	wait_for q "States: Received, Completed"
send q Escape
check "the summary names both states" \
	wait_for q "Filter: Received, Completed"
check "completed ones show" wait_for q "RA20261120-1010"
check "rejected ones do not" wait_gone q "RA20261015-0005"
send q F4
wait_for q "High risk only: no" >/dev/null
send q Down Down Down Down Enter
check "high risk toggles in the menu" wait_for q "High risk only: yes"
send q Escape
check "the summary says high risk" wait_for q "high risk"
check "only high-risk rows are left" wait_gone q "RA20261120-1010"
check "... with their text marker" wait_for q "!RA20261117-0001"
# Saved view: this tab + filters under a name, a tab of its own.
send q w
check "w asks the view's name" wait_for q "as a view named"
type_text q "危险"
send q Enter
check "the view is a tab" wait_for q "◆危险"
check "the saved file holds it" \
	grep -q "危险" "$T/home/.local/state/radesk/views-alice"
send q z
check "z clears the filters" wait_gone q "Filter:"
send q Tab
check "Tab wraps from the view to To review" wait_for q "To review 274"
send q BTab
check "Shift-Tab goes to the view again, filters back" \
	wait_for q "Filter: Received, Completed · high risk"
send q W
wait_for q "Delete the saved view" >/dev/null
send q y
check "W deletes the view" wait_gone q "◆危险"
# Help: the legend of the marks.
send q '?'
wait_for q "radesk — keys" >/dev/null
send q G
check "help explains the high-risk mark" wait_for q "High risk: a pre-check"
check "help has a section for the jobs screen" wait_for q "Jobs (J)"
send q q
# 80×24, no colour: the checks and the SLA stay, the mark shows.
NO_COLOR=1 start n bob en_US.UTF-8 80 24
check "80×24: the checks column stays" wait_for n "Checks"
check "80×24: the SLA column stays" wait_for n " SLA "
check "80×24: the checks of a row show" wait_row n "RA20261119-0004" "T✗ P✓"
check "80×24, NO_COLOR: high risk is a '!'" wait_for n "!RA20261119-0004"
start z bob zh_CN.UTF-8 80 24
check "80×24 in Chinese: the checks column stays" wait_for z "核验"
check "... and the SLA's" wait_row z "RA20261119-0004" "T✗ P✓"
finish
