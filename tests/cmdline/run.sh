#!/bin/sh
# tests/cmdline/run.sh BUILD — the command line as a user meets it
# (issue 14 "Command line", issue 13 "identity"):
#   - every command and subcommand the dispatcher knows (listed by the
#     binary itself, `radesk --commands`) answers --help on stdout with
#     exit 0, with no configuration anywhere;
#   - ingest and worker run only as [cron] operator; anyone else is
#     refused and audited; a known operator refused for lack of role is
#     audited too;
#   - report daily says which day it wrote, --date today works;
#   - CLI tables cut by display width on character boundaries and line
#     CJK up.
# Prints "cmdline: N passed, N failed".
set -u
build=${1:-build}
radesk=$(cd "$build" && pwd)/radesk
top=$(cd "$(dirname "$0")/../.." && pwd)
py=/usr/bin/python3
pass=0
fail=0
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM

ok() { pass=$((pass + 1)); printf '  ok      %s\n' "$1"; }
bad() { fail=$((fail + 1)); printf '  FAIL    %s\n' "$1"; [ $# -gt 1 ] && printf '          %s\n' "$2"; }
expect() { # NAME RC WORD CMD...
	name=$1 want=$2 word=$3; shift 3
	"$@" >"$T/out" 2>&1; rc=$?
	if [ "$rc" -ne "$want" ]; then
		bad "$name" "exit $rc, wanted $want: $(head -c 300 "$T/out")"
	elif [ -n "$word" ] && ! grep -q -- "$word" "$T/out"; then
		bad "$name" "no '$word' in: $(head -c 300 "$T/out")"
	else
		ok "$name"
	fi
}
q() { sqlite3 "$T/h/var/radesk.db" "$1"; }

export LC_ALL=C.UTF-8 TZ=Asia/Shanghai

# --- --help everywhere, without a configuration: an empty folder, no
# RADESK_CONFIG, HOME elsewhere (./etc/radesk.conf is not there either).
mkdir -p "$T/empty"
"$radesk" --commands >"$T/cmds" 2>"$T/err"
n=$(wc -l <"$T/cmds")
[ "$n" -ge 30 ] && [ ! -s "$T/err" ] && ok "radesk --commands lists $n commands and subcommands" ||
	bad "radesk --commands lists the commands" "$n lines: $(cat "$T/err")"
grep -qx "audit verify" "$T/cmds" && grep -qx "db backup" "$T/cmds" && grep -qx "audit anchor" "$T/cmds" &&
	ok "the list has the subcommands" || bad "the list has the subcommands" "$(cat "$T/cmds")"
nbad=0
while read -r c s; do
	for h in --help -h; do
		( cd "$T/empty" && env -u RADESK_CONFIG HOME="$T/empty" \
			"$radesk" $c $s $h >"$T/h.out" 2>"$T/h.err" ); rc=$?
		if [ "$rc" -ne 0 ] || ! head -1 "$T/h.out" | grep -q '^usage: radesk' || [ -s "$T/h.err" ]; then
			nbad=$((nbad + 1))
			bad "radesk $c $s $h" "exit $rc; stdout: $(head -c 120 "$T/h.out"); stderr: $(head -c 200 "$T/h.err")"
		fi
	done
	# The subcommand is described in its command's usage.
	if [ -n "$s" ] && ! grep -q "radesk $c $s" "$T/h.out"; then
		nbad=$((nbad + 1))
		bad "usage of '$c' names '$s'" "$(head -5 "$T/h.out")"
	fi
done <"$T/cmds"
[ "$nbad" -eq 0 ] && ok "every command and subcommand: --help/-h on stdout, exit 0, no config needed"
# ... and a subcommand the usage names is one the dispatcher knows.
nbad=0
for c in $(awk '!/ / { print }' "$T/cmds"); do
	"$radesk" "$c" --help 2>/dev/null | sed -n "s/^ *\(usage:\)\{0,1\} *radesk $c \([a-z][a-z]*\).*/\2/p" |
		sort -u | while read -r s; do
			grep -qx "$c $s" "$T/cmds" || echo "$c $s"
		done
done >"$T/unknown"
[ ! -s "$T/unknown" ] && ok "every subcommand in a usage text is in the dispatcher's list" ||
	bad "subcommands in usage texts but not in the dispatcher" "$(cat "$T/unknown")"
expect "an unknown subcommand: 64" 64 "unknown subcommand" "$radesk" audit frobnicate
expect "radesk --help still works" 0 "Commands:" "$radesk" --help

# --- a home with operators
mkdir -p "$T/h"
export RADESK_CONFIG="$T/h/radesk.conf" RADESK_NOW=2026-12-07T10:00:00+08:00
cat >"$T/h/radesk.conf" <<CONF
[database]
path = var/radesk.db
[paths]
blobs = var/blobs
inbox = var/inbox
quarantine = var/quarantine
archive = var/archive
reports = var/reports
spool = var/spool
locks = var/run
[sla]
holidays = $top/etc/holidays-2026.txt
CONF
RADESK_USER=boss "$radesk" init --name 老板 >/dev/null 2>&1 || bad "init"
for u in cron:auditor alice:auditor; do
	RADESK_USER=boss "$radesk" operator add "${u%%:*}" "${u#*:}" >/dev/null 2>&1
done
RADESK_USER=boss "$radesk" operator add zhang auditor 张三丰太极拳研究会会长兼秘书长 >/dev/null 2>&1
RADESK_USER=boss "$radesk" operator add li supervisor 李 >/dev/null 2>&1

# --- [cron] operator
RADESK_USER=cron expect "ingest without [cron] operator: refused (78)" 78 "cron] operator" "$radesk" ingest
RADESK_USER=cron expect "worker without [cron] operator: refused (78)" 78 "cron] operator" "$radesk" worker --once
printf '[cron]\noperator = cron\n' >>"$T/h/radesk.conf"
RADESK_USER=cron expect "ingest as the cron operator" 0 "" "$radesk" ingest --quiet
RADESK_USER=cron expect "worker as the cron operator" 0 "" "$radesk" worker --once
RADESK_USER=alice expect "ingest as an auditor: refused (77)" 77 "cron operator 'cron'" "$radesk" ingest
RADESK_USER=boss expect "worker as the admin: refused (77)" 77 "cron operator 'cron'" "$radesk" worker --once
RADESK_USER=mallory expect "ingest as a stranger: refused (77)" 77 "" "$radesk" ingest
n=$(q "SELECT count(*) FROM audit_log WHERE action='operator.refused' AND details LIKE '%not_cron_operator%'")
[ "$n" = 3 ] && ok "each refusal is audited" || bad "each refusal is audited" "$n rows"
n=$(q "SELECT count(*) FROM audit_log WHERE action='operator.refused' AND actor='mallory' AND details LIKE '%\"command\":\"ingest\"%'")
[ "$n" = 1 ] && ok "the stranger's refusal names the login and command" || bad "the stranger's refusal names the login and command" "$n"
RADESK_USER=boss "$radesk" operator disable cron >/dev/null 2>&1
RADESK_USER=cron expect "a disabled cron operator: refused (77)" 77 "disabled" "$radesk" ingest
n=$(q "SELECT count(*) FROM audit_log WHERE action='operator.refused' AND actor='cron' AND details LIKE '%disabled%'")
[ "$n" = 1 ] && ok "the disabled cron operator's refusal is audited" || bad "the disabled cron operator's refusal is audited" "$n"
RADESK_USER=boss "$radesk" operator enable cron >/dev/null 2>&1

# --- a known operator refused for lack of role
RADESK_USER=alice expect "audit log as an auditor: refused (77)" 77 "role" "$radesk" audit log
RADESK_USER=alice expect "operator add as an auditor: refused (77)" 77 "role" "$radesk" operator add x auditor
n=$(q "SELECT count(*) FROM audit_log WHERE action='operator.refused' AND actor='alice' AND details LIKE '%\"reason\":\"role\"%'")
[ "$n" = 2 ] && ok "role refusals are audited" || bad "role refusals are audited" "$n rows"
n=$(q "SELECT count(*) FROM audit_log WHERE actor='alice' AND details LIKE '%\"command\":\"audit log\"%' AND details LIKE '%\"needs\":\"supervisor\"%'")
[ "$n" = 1 ] && ok "the entry names the command and the role needed" || bad "the entry names the command and the role needed" "$n"

# --- report daily: which day
mkdir -p "$T/h/var/reports"
RADESK_USER=cron expect "report daily says it wrote yesterday" 0 "for 2026-12-06 (yesterday)" "$radesk" report daily
RADESK_USER=li expect "report daily --date today" 0 "for 2026-12-07 (today)" "$radesk" report daily --date today
[ -s "$T/h/var/reports/radesk-daily-2026-12-07.xlsx" ] && ok "--date today wrote today's file" || bad "--date today wrote today's file"
RADESK_USER=li expect "report daily --date with a date says just the date" 0 "for 2026-12-01:" "$radesk" report daily --date 2026-12-01
RADESK_USER=li expect "report daily --date nonsense: 65" 65 "today or yesterday" "$radesk" report daily --date someday

# --- tables: display width, character boundaries, CJK aligned
RADESK_USER=boss "$radesk" operator list >"$T/ops" 2>&1
$py - "$T/ops" <<'PY' >"$T/err" 2>&1
import sys, unicodedata
def w(s):
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
raw = open(sys.argv[1], "rb").read()
text = raw.decode("utf-8")          # strict: no cut characters
rows = [l for l in text.splitlines() if l]
bad = 0
for l in rows:
    # login 16, role 10, name 20, each followed by two spaces: the 4th
    # column starts at display column 52 on every row
    cols = 0; i = 0
    while i < len(l) and cols < 52:
        cols += w(l[i]); i += 1
    if cols != 52 or l[i - 2:i] != "  " or l[i] == " ":
        print("misaligned:", repr(l)); bad += 1
if not any("…" in l for l in rows):
    print("the long CJK name is not cut with …"); bad += 1
sys.exit(1 if bad else 0)
PY
[ $? -eq 0 ] && ok "operator list: valid UTF-8, CJK names cut by width, columns aligned" ||
	bad "operator list aligned" "$(cat "$T/err") $(cat "$T/ops")"
# audit log: a long CJK subject is cut on a character boundary
RADESK_USER=boss "$radesk" operator add wang auditor 王五 >/dev/null 2>&1
RADESK_USER=li "$radesk" audit log --limit 100 >"$T/log" 2>&1
$py - "$T/log" <<'PY' >"$T/err" 2>&1
import sys, unicodedata
def w(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
text = open(sys.argv[1], "rb").read().decode("utf-8")
bad = 0
for l in text.splitlines():
    # id 6, time 19, actor 12, action 22, subject 28 + separators: the
    # details start at display column 97
    cols = 0; i = 0
    while i < len(l) and cols < 97:
        cols += w(l[i]); i += 1
    if cols != 97 or l[i - 2:i] != "  ":
        print("misaligned:", repr(l)); bad += 1
sys.exit(1 if bad else 0)
PY
[ $? -eq 0 ] && ok "audit log: valid UTF-8, columns aligned by display width" ||
	bad "audit log aligned" "$(cat "$T/err")"

echo "cmdline: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
