#!/bin/sh
# tests/cli/run.sh BUILD — the admin subcommands through the real binary:
# init, operators, the login gate, migrations, backup under load, audit
# verify on a tampered log, config errors and exit codes.
set -u
build=${1:-build}
radesk=$(cd "$build" && pwd)/radesk
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); printf '  ok      %s\n' "$1"; }
no() { fail=$((fail + 1)); printf '  FAIL    %s\n' "$1"; [ -f "$tmp/out" ] && sed 's/^/      | /' "$tmp/out" | tail -15; }
# expect CODE NAME -- command...: run, capture, compare exit status
expect() {
	want=$1; name=$2; shift 3
	"$@" >"$tmp/out" 2>&1
	got=$?
	if [ "$got" -eq "$want" ]; then ok "$name"; else no "$name (exit $got, wanted $want)"; fi
}
has() { if grep -q -- "$1" "$tmp/out"; then ok "$2"; else no "$2 (no '$1')"; fi; }

export LC_ALL=C.UTF-8 TZ=Asia/Shanghai
unset RADESK_CONFIG
conf=$tmp/radesk.conf
cat >"$conf" <<CONF
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
[cron]
operator = root
CONF
r() { RADESK_USER=${AS:-root} "$radesk" --config "$conf" "$@"; }

expect 0 "init creates the database" -- r init --name 管理员
has "is its admin" "init names the admin"
[ -d "$tmp/var/inbox" ] && ok "init creates the folders" || no "init creates the folders"
expect 0 "init again is a no-op" -- r init
has "nothing to do" "second init says so"

expect 0 "add auditor" -- r operator add alice auditor 张三
expect 0 "add supervisor" -- r operator add bob supervisor 李四
expect 65 "duplicate operator refused" -- r operator add alice auditor
has "already exists" "duplicate message"
expect 64 "bad role is a usage error" -- r operator add carol boss
expect 0 "list operators" -- r operator list
has "张三" "list shows CJK display names"
AS=alice expect 77 "auditor cannot add operators" -- r operator add eve auditor
has "Administrator" "refusal names the role needed"
AS=mallory expect 77 "unknown login refused" -- r operator list
has "not a radesk operator" "unknown login message"
expect 0 "disable alice" -- r operator disable alice
AS=alice expect 77 "disabled login refused" -- r operator list
expect 0 "enable alice" -- r operator enable alice
expect 65 "last admin cannot be demoted" -- r operator role root auditor
expect 0 "audit log shows refusals" -- r audit log --limit 100
has "Operator refused" "refusal is in the audit log, in words"

expect 0 "db migrate on current schema" -- r db migrate
has "up to date" "migrate says up to date"
expect 0 "db check on a clean database" -- r db check

# Backup while another process keeps writing.
( for i in 1 2 3 4 5 6 7 8 9 10; do r operator add "w$i" auditor >/dev/null 2>&1; done ) &
writer=$!
expect 0 "db backup while writing" -- r db backup "$tmp/backup.db"
wait $writer
if [ "$(sqlite3 "$tmp/backup.db" 'PRAGMA integrity_check')" = ok ]; then ok "backup passes integrity_check"; else no "backup passes integrity_check"; fi
[ ! -e "$tmp/backup.db-wal" ] && ok "backup is one self-contained file" || no "backup is one self-contained file"

expect 0 "audit verify on an intact chain" -- r audit verify
has "intact" "verify says intact"
sqlite3 "$tmp/var/radesk.db" "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor='eve' WHERE id=3;"
expect 65 "audit verify on an edited chain" -- r audit verify
has "row 3" "verify names the first bad row"
expect 65 "db check reports the broken chain" -- r db check

# A database from a newer radesk is refused, not touched.
sqlite3 "$tmp/var/radesk.db" "INSERT INTO schema_migrations VALUES(999,'future',0);"
expect 65 "newer schema refused" -- r operator list
has "upgrade radesk" "newer schema message says what to do"
expect 65 "migrate refuses a newer schema" -- r db migrate

# Configuration errors name the file and line.
printf '[database]\npath = x\ncolour = red\n' >"$tmp/bad.conf"
expect 78 "unknown key refused" -- "$radesk" --config "$tmp/bad.conf" config check
has "bad.conf:3: unknown key 'colour'" "config error names file and line"
expect 78 "missing config file" -- "$radesk" --config "$tmp/none.conf" config check
expect 64 "unknown command" -- "$radesk" frobnicate
expect 0 "--help" -- "$radesk" --help
has "operator" "--help lists commands"
expect 64 "console refuses without a terminal" -- r console

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
