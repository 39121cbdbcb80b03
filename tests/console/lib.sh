# lib.sh — harness for console tests: a temp radesk set-up, consoles in a
# private tmux server, keystrokes, and polling the screen with a deadline.
#
#   . tests/console/lib.sh            (BUILD must be set; default build)
#   setup                             temp dir, config, init, seed.sql
#   start NAME LOGIN [LANG] [W] [H]   a console in tmux session NAME
#   send NAME KEYS...                 tmux send-keys (key names)
#   type NAME TEXT                    literal text (CJK allowed)
#   wait_for NAME TEXT [SECONDS]      poll capture-pane until TEXT shows
#   wait_row NAME KEY TEXT [SECONDS]  poll until KEY's line shows TEXT
#   wait_gone NAME TEXT [SECONDS]     poll until TEXT is gone
#   open_app NAME APP_NO              search the queue's tab, open the detail
#   screen NAME                       print the screen
#   sql QUERY                         sqlite3 on the test database
#   check DESC CMD...                 count a pass or a failure
#   finish                            print "NAME: N passed, N failed"
#
# Everything is pinned: locale, TZ, TERM, size, HOME and the clock.
#
# VALGRIND=1 (make valgrind) runs every console under tests/valgrind.sh,
# reports in $T/valgrind.PID, each a failure unless clean, and stretches
# every deadline by SLOW (default 10 under valgrind, else 1; tests with
# deadlines of their own use `within SECONDS`).
set -u
BUILD=${BUILD:-${1:-build}}
case $BUILD in /*) ;; *) BUILD=$(pwd)/$BUILD ;; esac
RADESK=$BUILD/radesk
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TNAME=${TNAME:-$(basename "$0" .sh)}
T=$(mktemp -d "${TMPDIR:-/tmp}/radesk-console.XXXXXX")
SOCK="rdc-$$-$(date +%s%N | tail -c 6)"
NOW=${NOW:-2026-11-20T10:00:00+08:00}
PASS=0
FAIL=0
if [ "${VALGRIND:-0}" = 1 ]; then
	SLOW=${SLOW:-10}
	WRAP="VG_LOG=$T${VG_OPTS:+ VG_OPTS='$VG_OPTS'} sh $ROOT/tests/valgrind.sh"
	# what a console's process looks like to pgrep -f
	PROC="^[^ ]*valgrind[^ ]* .*$RADESK --config $T/radesk.conf"
else
	SLOW=${SLOW:-1}
	WRAP=
	PROC="^$RADESK --config $T/radesk.conf"
fi

# within SECONDS: the epoch second of a deadline SECONDS (times SLOW) away
within() {
	echo $(($(date +%s) + $1 * SLOW))
}

cleanup() {
	tmux -L "$SOCK" kill-server 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE

setup() {
	mkdir -p "$T/home"
	cat >"$T/radesk.conf" <<CONF
[database]
path = var/radesk.db
busy_timeout_ms = 5000
[paths]
blobs = var/blobs
inbox = var/inbox
quarantine = var/quarantine
archive = var/archive
reports = var/reports
spool = var/spool
locks = var/locks
[sla]
holidays = $ROOT/etc/holidays-2026.txt
[review]
claim_lease_minutes = 30
reasons = $ROOT/etc/reject-reasons.txt
checklists = $ROOT/etc/checklists.txt
[worker]
in_console = no
[cron]
operator = admin
CONF
	RADESK_USER=admin RADESK_NOW=$NOW "$RADESK" --config "$T/radesk.conf" \
		init >"$T/init.log" 2>&1 || { cat "$T/init.log"; exit 1; }
	sqlite3 "$T/var/radesk.db" <"$HERE/seed.sql" || exit 1
}

# The command line of a console for LOGIN (used by start and the ssh test).
console_cmd() {
	printf 'env -i PATH=%s LANG=%s LC_ALL=%s TZ=Asia/Shanghai TERM=xterm-256color HOME=%s RADESK_NOW=%s RADESK_USER=%s ASAN_OPTIONS=log_path=%s/asan:detect_leaks=1 UBSAN_OPTIONS=log_path=%s/ubsan:print_stacktrace=1 %s %s %s --config %s; echo RADESK-EXIT=$?; sleep 600' \
		"$PATH" "$2" "$2" "$T/home" "$NOW" "$1" "$T" "$T" \
		"${NO_COLOR:+NO_COLOR=1}" "$WRAP" "$RADESK" "$T/radesk.conf"
}

start() {
	name=$1 login=$2 lang=${3:-en_US.UTF-8} w=${4:-100} h=${5:-30}
	if tmux -L "$SOCK" has-session 2>/dev/null; then
		tmux -L "$SOCK" new-session -d -s "$name" -x "$w" -y "$h" \
			"$(console_cmd "$login" "$lang")"
	else
		tmux -L "$SOCK" -f /dev/null new-session -d -s "$name" -x "$w" \
			-y "$h" "$(console_cmd "$login" "$lang")"
	fi
	tmux -L "$SOCK" set-option -t "$name" status off >/dev/null
	tmux -L "$SOCK" set-option -g escape-time 0 >/dev/null
}

send() {
	name=$1
	shift
	tmux -L "$SOCK" send-keys -t "$name" "$@"
}

type_text() {
	tmux -L "$SOCK" send-keys -t "$1" -l "$2"
}

# Every screen a test reads is kept in $T/captures (a new file only when
# it changed), for words_check.
mkdir -p "$T/captures"
CAPN=0
screen() {
	_cap=$(tmux -L "$SOCK" capture-pane -p -t "$1")
	_sum=$(printf '%s' "$_cap" | cksum | cut -d' ' -f1)
	_last=$(cat "$T/captures/.last-$1" 2>/dev/null)
	if [ "$_sum" != "$_last" ]; then
		CAPN=$((CAPN + 1))
		printf '%s\n' "$_cap" >"$T/captures/$(printf %05d $CAPN)-$1.txt"
		echo "$_sum" >"$T/captures/.last-$1"
	fi
	printf '%s\n' "$_cap"
}

# words_check: 0 when no screen kept in $T/captures shows an internal
# code (issue #14): UPPER_SNAKE (FORM_SIGNED), a dotted field path
# (handler.id_no), files[2], or a lower_snake word (in_transit). What
# came in from outside is drawn as given, so the seed's own texts are
# not codes: none of them has that shape.
words_check() {
	# A file's own name (the bundle's, e.g. id_front.jpg) is not a code.
	_hits=$(cat "$T"/captures/*.txt 2>/dev/null |
		sed -E 's/[A-Za-z0-9_-]+\.(jpg|jpeg|png|pdf|zip|xlsx|tif|tiff|json)\b//g' |
		grep -noE \
		'\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b|\b(org|organization|handler|applicant|fin|financial|ship|shipping|invoice|cert|certificate|payment|liveness|renewal)\.[a-z_]+\b|\bfiles\[[0-9]+\]|\b[a-z]+_[a-z_]+\b' |
		sort -t: -k2 -u | head -20)
	if [ -n "$_hits" ]; then
		echo "    internal codes on screen:" >&2
		echo "$_hits" | sed 's/^/    | /' >&2
		return 1
	fi
	return 0
}

# wait_for NAME TEXT [SECONDS]: 0 when TEXT appeared before the deadline.
wait_for() {
	deadline=$(within "${3:-5}")
	while :; do
		if screen "$1" | grep -qF -- "$2"; then
			return 0
		fi
		[ "$(date +%s)" -ge "$deadline" ] && break
		sleep 0.1
	done
	echo "    (timed out waiting for '$2' on $1; screen:)" >&2
	screen "$1" | sed 's/^/    | /' >&2
	FAIL=$((FAIL + 1))
	return 1
}

# wait_row NAME KEY TEXT [SECONDS]: a line holding KEY also shows TEXT.
wait_row() {
	deadline=$(within "${4:-5}")
	while :; do
		if screen "$1" | grep -F -- "$2" | grep -qF -- "$3"; then
			return 0
		fi
		[ "$(date +%s)" -ge "$deadline" ] && break
		sleep 0.1
	done
	echo "    (timed out waiting for '$3' on the line of '$2' on $1)" >&2
	screen "$1" | sed 's/^/    | /' >&2
	FAIL=$((FAIL + 1))
	return 1
}

wait_gone() {
	deadline=$(within "${3:-5}")
	while :; do
		if ! screen "$1" | grep -qF -- "$2"; then
			return 0
		fi
		[ "$(date +%s)" -ge "$deadline" ] && break
		sleep 0.1
	done
	echo "    (timed out waiting for '$2' to go on $1)" >&2
	FAIL=$((FAIL + 1))
	return 1
}

# open_app NAME APP_NO: search for it in the queue's current tab (the
# search box cleared first) and open its detail; 0 when it opened.
open_app() {
	send "$1" /
	# The editor's own line: a dialog drops keys sent before it shows.
	wait_for "$1" "Ctrl-A/E/K/U" >/dev/null
	send "$1" C-u
	type_text "$1" "$2"
	send "$1" Enter Enter
	wait_for "$1" "$2 · "
}

sql() {
	sqlite3 -cmd ".timeout 5000" "$T/var/radesk.db" "$1"
}

check() {
	desc=$1
	shift
	if "$@"; then
		PASS=$((PASS + 1))
		printf '    ok    %s\n' "$desc"
	else
		FAIL=$((FAIL + 1))
		printf '    FAIL  %s\n' "$desc"
	fi
}

# eq DESC EXPECTED ACTUAL
eq() {
	if [ "$2" = "$3" ]; then
		check "$1" true
	else
		echo "    expected '$2', got '$3'" >&2
		check "$1" false
	fi
}

finish() {
	# Every suite checks its screens for internal codes (issue #14);
	# WORDS_CHECK=0 turns it off while debugging something else.
	if [ "${WORDS_CHECK:-1}" = 1 ]; then
		check "no internal code on any screen of this test" words_check
	fi
	# Hang up every console (as a closed terminal would) and wait for
	# them to end, so leak reports of sanitizer builds are written.
	tmux -L "$SOCK" kill-server 2>/dev/null
	deadline=$(within 10)
	while pgrep -f -- "$PROC" >/dev/null 2>&1; do
		[ "$(date +%s)" -ge "$deadline" ] && break
		sleep 0.1
	done
	check "every console ended after the hang-up" \
		sh -c "! pgrep -f -- '$PROC' >/dev/null"
	# Valgrind reports (VALGRIND=1): clean means no error at all.
	for f in "$T"/valgrind.*; do
		[ -f "$f" ] || continue
		if ! grep -q 'ERROR SUMMARY: 0 errors' "$f"; then
			grep -v -e '== *$' -e 'Memcheck, a memory' -e 'Copyright (C)' \
				-e 'Using Valgrind' -e 'Command: ' -e 'Parent PID' "$f" |
				sed 's/^/    | /' | head -${VG_LINES:-60}
			check "valgrind clean ($(basename "$f"))" false
		fi
	done
	# Sanitizer builds write their reports next to the database.
	for f in "$T"/asan.* "$T"/ubsan.*; do
		[ -f "$f" ] || continue
		sed 's/^/    | /' "$f" | head -40
		check "no sanitizer report ($(basename "$f"))" false
	done
	echo "$TNAME: $PASS passed, $FAIL failed"
	[ "$FAIL" -eq 0 ]
	exit $?
}
