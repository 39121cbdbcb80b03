#!/bin/sh
# tests/outlets/run.sh BUILD — channels and outlets (issue 15) through
# the real ingest path: [channels] maps each portal channel to an outlet,
# recorded with the version when the bundle arrives (the production order
# goes to that outlet's line: tests/fulfil, with a second sandbox); the
# configuration is refused when a channel names an outlet without its
# [provider.production.OUTLET] line. Prints "outlets: N passed, N failed".
set -u
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
radesk=$(cd "$build" && pwd)/radesk
py=/usr/bin/python3
pass=0
fail=0
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai RADESK_USER=tester
export RADESK_NOW=2026-11-20T10:00:00+08:00
export RADESK_CONFIG="$T/radesk.conf"

ok() { pass=$((pass + 1)); printf '  ok      %s\n' "$1"; }
bad() { fail=$((fail + 1)); printf '  FAIL    %s\n' "$1"; [ $# -gt 1 ] && printf '          %s\n' "$2"; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1" "expected '$3', got '$2'"; fi; }
q() { sqlite3 "$T/var/radesk.db" "$1"; }
mk() { "$py" "$top/tests/ingest/mkbundle.py" "$@" || bad "mkbundle $*"; }

base() {
	cat <<CONF
[database]
path = var/radesk.db
[paths]
blobs = var/blobs
inbox = var/inbox
quarantine = var/quarantine
archive = var/archive
reports = var/reports
spool = var/spool
locks = var/locks
[sla]
holidays = $top/etc/holidays-2026.txt
[cron]
operator = tester
CONF
}
# a channel naming an outlet with no production line: refused
{ base; printf '[channels]\nwechat = minhang\n'; } >"$T/radesk.conf"
"$radesk" config check >"$T/out" 2>&1
check "an outlet without its line is refused (exit 78)" "$?" 78
grep -q 'no \[provider.production.minhang\]' "$T/out" && ok "saying which" || bad "saying which" "$(cat "$T/out")"
{ base; printf '[channels]\nWe Chat = minhang\n'; } >"$T/radesk.conf"
check "a channel name with a space is refused" "$("$radesk" config check >/dev/null 2>&1; echo $?)" 78
{ base; printf '[provider.production.minhang]\nadapter = sf\n'; } >"$T/radesk.conf"
check "a production line speaks the generic protocol" "$("$radesk" config check >/dev/null 2>&1; echo $?)" 78

{ base; printf '[channels]\nwechat = minhang\nweb = default\n'
  printf '[provider.production.minhang]\nbase_url = http://127.0.0.1:9\ntimeout = 7\n'; } >"$T/radesk.conf"
check "channels and an outlet's line accepted" "$("$radesk" config check >/dev/null 2>&1; echo $?)" 0
"$radesk" init >/dev/null 2>&1 || { echo "outlets: 0 passed, 1 failed (init)"; exit 1; }
inbox=$T/var/inbox
mk "$inbox/70000000000000001-v1.zip" good app_no=70000000000000001 'setj.channel="wechat"'
mk "$inbox/70000000000000002-v1.zip" good app_no=70000000000000002 'setj.channel="web"'
mk "$inbox/70000000000000003-v1.zip" good app_no=70000000000000003 'setj.channel="counter"'
"$radesk" ingest --quiet >/dev/null 2>&1
check "three bundles ingested" "$(q "select count(*) from applications")" 3
check "each version's outlet from its channel (an unknown channel: default)" \
	"$(q "select group_concat(a.app_no||':'||v.channel||':'||v.outlet,' ') from (select * from applications order by app_no) a join app_versions v on v.app_id=a.id")" \
	"70000000000000001:wechat:minhang 70000000000000002:web:default 70000000000000003:counter:default"
echo "outlets: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
