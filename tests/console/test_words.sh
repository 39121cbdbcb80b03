#!/bin/sh
# Words, never internal codes (issue #14): the queue, applications with
# findings, checks, related ones and decisions, the search, the help
# and the other screens are read through; no screen may show an
# internal code (lib.sh keeps every screen read; words_check).
. "$(dirname "$0")/lib.sh"
setup
start q sue en_US.UTF-8 120 50
wait_for q "RA20261117-0001" >/dev/null
for app in RA20261117-0001 RA20261119-0003 RA20261119-0004 RA20261015-0005 \
	RA20261120-1010; do
	check "open $app" open_app q "$app"
	for _ in 1 2 3; do send q PageDown; sleep 0.3; screen q >/dev/null; done
	send q Escape
	wait_for q "To review" >/dev/null
done
send q '?'
check "the help" wait_for q "radesk — keys"
for _ in 1 2 3 4 5; do send q PageDown; sleep 0.3; screen q >/dev/null; done
send q q
for k in J S B D; do
	send q "$k"
	sleep 1
	screen q >/dev/null
	send q Escape
	check "back from $k" wait_for q "To review"
done
check "no internal code on any screen read" words_check
finish
