#!/bin/sh
# tests/audit/run.sh BUILD — the audit log's signed checkpoints end to
# end (issue 13, "the chain survives truncation"): radesk init makes the
# Ed25519 key (0600), audit anchor and every report append a signed line,
# and audit verify finds entries cut off the end, a database put back to
# an older copy (as it was, or written again since), and a checkpoint
# whose signature fails. Prints "audit: N passed, N failed".
set -u
build=${1:-build}
radesk=$(cd "$build" && pwd)/radesk
pass=0
fail=0
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM

ok() { pass=$((pass + 1)); printf '  ok      %s\n' "$1"; }
bad() { fail=$((fail + 1)); printf '  FAIL    %s\n' "$1"; [ $# -gt 1 ] && printf '          %s\n' "$2"; }
# expect NAME RC WORD CMD...: exit status RC and WORD in stdout+stderr
expect() {
	name=$1 want=$2 word=$3; shift 3
	"$@" >"$T/out" 2>&1; rc=$?
	if [ "$rc" -ne "$want" ]; then
		bad "$name" "exit $rc, wanted $want: $(head -c 400 "$T/out")"
	elif [ -n "$word" ] && ! grep -q -- "$word" "$T/out"; then
		bad "$name" "no '$word' in: $(head -c 400 "$T/out")"
	else
		ok "$name"
	fi
}
r() { RADESK_USER=${AS:-boss} "$radesk" "$@"; }
q() { sqlite3 "$T/var/radesk.db" "$1"; }

export LC_ALL=C.UTF-8 TZ=Asia/Shanghai RADESK_CONFIG="$T/radesk.conf"
export RADESK_NOW=2026-12-07T09:00:00+08:00+
cat >"$T/radesk.conf" <<CONF
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
holidays = $(cd "$(dirname "$0")/../.." && pwd)/etc/holidays-2026.txt
[cron]
operator = cron
[audit]
key = keys/anchor.key
anchors = anchors/audit-anchors.log
CONF

expect "init makes the database and the key" 0 "audit key" r init
mode=$(stat -c %a "$T/keys/anchor.key" 2>/dev/null)
[ "$mode" = 600 ] && ok "the key is mode 0600" || bad "the key is mode 0600" "mode $mode"
grep -q 'BEGIN PRIVATE KEY' "$T/keys/anchor.key" && ok "the key is a PEM private key" || bad "the key is a PEM private key"
expect "keygen never replaces a key" 65 "never replaced" r audit keygen
r operator add cron auditor >/dev/null 2>&1
r operator add alice auditor >/dev/null 2>&1
r operator add sue supervisor >/dev/null 2>&1
expect "verify before any checkpoint says so" 0 "no signed checkpoint" r audit verify

AS=alice expect "anchor: an auditor is refused" 77 "Supervisor role" r audit anchor
n=$(q "SELECT count(*) FROM audit_log WHERE action='operator.refused' AND actor='alice' AND details LIKE '%\"needs\":\"supervisor\"%' AND details LIKE '%audit anchor%'")
[ "$n" = 1 ] && ok "the auditor's refusal is audited with the role and command" || bad "the auditor's refusal is audited" "$n rows"
AS=cron expect "anchor by the cron operator" 0 "checkpoint:" r audit anchor
expect "anchor by a supervisor" 0 "checkpoint:" r audit anchor
lines=$(wc -l <"$T/anchors/audit-anchors.log")
[ "$lines" = 2 ] && ok "two checkpoint lines appended" || bad "two checkpoint lines appended" "$lines"
cnt=$(q "SELECT count(*) FROM audit_log")
head=$(q "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1")
last=$(tail -1 "$T/anchors/audit-anchors.log")
case "$last" in
"v1 "*" $cnt "*" $head "*) ok "the checkpoint holds the count and head hash" ;;
*) bad "the checkpoint holds the count and head hash" "$last vs $cnt $head" ;;
esac
expect "verify: intact and matching" 0 "matches the latest signed checkpoint" r audit verify

# A report leaves a checkpoint of its own.
mkdir -p "$T/var/reports"
AS=cron expect "the nightly report runs as the cron operator" 0 "(yesterday)" r report daily
lines=$(wc -l <"$T/anchors/audit-anchors.log")
[ "$lines" = 3 ] && ok "the report appended a checkpoint" || bad "the report appended a checkpoint" "$lines lines"
expect "verify after the report" 0 "matches" r audit verify

# --- a database put back to an older copy, as it was
cp "$T/var/radesk.db" "$T/old.db"
r operator add bob auditor >/dev/null 2>&1
r operator disable bob >/dev/null 2>&1
r audit anchor >/dev/null 2>&1
expect "verify with the newer checkpoint" 0 "matches" r audit verify
cp "$T/var/radesk.db" "$T/new.db"
cp "$T/old.db" "$T/var/radesk.db"
rm -f "$T/var/radesk.db-wal" "$T/var/radesk.db-shm"
expect "rolled back to an older copy: found" 65 "DATABASE ROLLED BACK" r audit verify
grep -q "an older copy was put back" "$T/out" && ok "it names the checkpoint the copy matches" || bad "it names the checkpoint the copy matches" "$(cat "$T/out")"

# --- the same older copy, written to again: another head under the id
r operator add carol auditor >/dev/null 2>&1
r operator add dave auditor >/dev/null 2>&1
r operator add erin auditor >/dev/null 2>&1
expect "rolled back and written again: found" 65 "ROLLED BACK OR REPLACED" r audit verify

# --- entries cut off the end (the triggers dropped first, as an
# attacker with the file would)
cp "$T/new.db" "$T/var/radesk.db"
rm -f "$T/var/radesk.db-wal" "$T/var/radesk.db-shm"
expect "verify the restored newest copy" 0 "matches" r audit verify
q "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log);" 2>"$T/sqlerr" ||
	q "$(sqlite3 "$T/var/radesk.db" "SELECT 'DROP TRIGGER ' || name || ';' FROM sqlite_master WHERE type='trigger' AND tbl_name='audit_log'") DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log);"
expect "tail deleted: the chain alone looks intact" 65 "audit chain intact" r audit verify
grep -q "ENTRIES DELETED FROM THE END" "$T/out" && ok "tail deleted: reported" || bad "tail deleted: reported" "$(cat "$T/out")"
grep -q "1 entries after" "$T/out" && ok "tail deleted: how many" || bad "tail deleted: how many" "$(cat "$T/out")"

# --- a checkpoint whose signature fails
cp "$T/new.db" "$T/var/radesk.db"
rm -f "$T/var/radesk.db-wal" "$T/var/radesk.db-shm"
cp "$T/anchors/audit-anchors.log" "$T/anchors.bak"
# Claim more entries than were signed: the count changes, the signature
# does not.
awk 'END { $3 = $3 + 5 } { lines[NR] = $0 } END { for (i = 1; i < NR; i++) print lines[i]; print }' \
	"$T/anchors.bak" >"$T/anchors/audit-anchors.log"
expect "edited checkpoint: signature fails" 65 "CHECKPOINT SIGNATURE FAILS" r audit verify
# Signed with another key.
cp "$T/anchors.bak" "$T/anchors/audit-anchors.log"
mv "$T/keys/anchor.key" "$T/keys/anchor.key.old"
expect "a new key for the next test" 0 "made audit key" r audit keygen
expect "checkpoints of another key fail" 65 "SIGNATURE FAILS" r audit verify
mv "$T/keys/anchor.key.old" "$T/keys/anchor.key"
expect "the right key again: all well" 0 "matches" r audit verify

# --- the key's mode
chmod 644 "$T/keys/anchor.key"
expect "a key readable by others is refused" 78 "must be 0600" r audit anchor
chmod 600 "$T/keys/anchor.key"

echo "audit: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
