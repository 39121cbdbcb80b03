#!/bin/sh
# tests/deb/run.sh BUILD — the Debian package on this machine: build it
# (tools/make-deb.sh, lintian clean), install it with dpkg, work with it
# as a fresh operator and as the radesk service account sharing one
# database, reinstall (postinst migrates the existing database), remove
# it (data and configuration stay) and purge it (the configuration goes,
# the data stays). Needs root and a machine that may get the package:
# the test machine is disposable. Slow (the package build), so it runs
# under `make test-clients` (RADESK_SLOW_CLIENTS=1), which CI runs.
set -u
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
pass=0
fail=0
skip() { echo "deb: 0 passed, 0 failed (skipped: $1)"; exit 0; }
case $build in
*asan*) skip "the plain pass builds and installs the package" ;;
esac
[ "${RADESK_SLOW_CLIENTS:-0}" = 1 ] ||
	skip "the package build takes minutes; make test-clients runs it"
[ "$(id -u)" -eq 0 ] || skip "installing a package needs root"
command -v dpkg-buildpackage >/dev/null 2>&1 && command -v lintian >/dev/null 2>&1 ||
	skip "dpkg-dev, debhelper or lintian is missing (make deps)"

ok() { pass=$((pass + 1)); printf '  ok      %s\n' "$1"; }
no() { fail=$((fail + 1)); printf '  FAIL    %s\n' "$1"; [ -f "$tmp/out" ] && sed 's/^/      | /' "$tmp/out" | tail -20; }
expect() { # expect DESC CMD...: the command succeeds
	d=$1; shift
	if "$@" >"$tmp/out" 2>&1; then ok "$d"; else no "$d"; fi
}
eq() { if [ "$2" = "$3" ]; then ok "$1"; else no "$1 (wanted '$2', got '$3')"; fi; }

tmp=$(mktemp -d)
chmod 755 "$tmp"
op=rdop$$
made_group=0
getent group radesk >/dev/null || made_group=1
if dpkg-query -W -f='${Status}' radesk 2>/dev/null | grep -q "installed\|config-files"; then
	echo "deb: a radesk package is installed here already; refusing to touch it" >&2
	echo "deb: 0 passed, 1 failed"
	exit 1
fi
for d in /var/lib/radesk /var/spool/radesk /etc/radesk; do
	if [ -e "$d" ] && [ -n "$(ls -A "$d" 2>/dev/null)" ]; then
		echo "deb: $d holds data; refusing to install over it" >&2
		echo "deb: 0 passed, 1 failed"
		exit 1
	fi
done
cleanup() {
	dpkg -P radesk >/dev/null 2>&1
	userdel -r "$op" >/dev/null 2>&1
	rm -rf /var/lib/radesk /var/spool/radesk /run/radesk /etc/radesk
	if [ "$made_group" = 1 ]; then
		userdel radesk >/dev/null 2>&1
		groupdel radesk >/dev/null 2>&1
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# ---------------------------------------------------------------- build
before=$(cd "$root" && git status --porcelain --ignored=no)
t0=$(date +%s)
expect "make deb builds the package, lintian clean" sh "$root/tools/make-deb.sh" "$build"
echo "  (package build: $(($(date +%s) - t0)) s)"
deb=$(ls "$build"/deb/radesk_*_*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || { echo "deb: 0 passed, 1 failed"; exit 1; }
eq "the build leaves git status as it was" "$before" "$(cd "$root" && git status --porcelain --ignored=no)"
dpkg-deb -c "$deb" >"$tmp/list"
for f in ./usr/bin/radesk ./usr/share/man/man1/radesk.1.gz \
	./usr/share/locale/zh_CN/LC_MESSAGES/radesk.mo ./etc/radesk/radesk.conf \
	./lib/systemd/system/radesk-worker.service \
	./lib/systemd/system/radesk-report.service \
	./lib/systemd/system/radesk-report.timer ./etc/cron.d/radesk \
	./usr/share/radesk/holidays-2026.txt \
	./usr/share/doc/radesk/examples/sshd-radesk.conf; do
	if grep -q " $f\$" "$tmp/list"; then ok "ships $f"; else no "ships $f"; fi
done
eq "the configuration is a conffile" "/etc/radesk/radesk.conf" \
	"$(dpkg-deb -I "$deb" conffiles | grep radesk.conf)"
dpkg-deb --fsys-tarfile "$deb" | tar -xO ./etc/cron.d/radesk >"$tmp/cron"
eq "every cron job is commented out" "" \
	"$(grep -v -e '^#' -e '^$' -e '^[A-Z_]*=' "$tmp/cron")"
grep -q '^#\*/5 .* radesk ingest' "$tmp/cron" && ok "the cron lines are there to enable" ||
	no "the cron lines are there to enable"

# ---------------------------------------------------------------- install
expect "dpkg -i installs it" dpkg -i "$deb"
eq "radesk is on PATH" "/usr/bin/radesk" "$(command -v radesk)"
expect "a radesk system group" getent group radesk
eq "the configuration: root:radesk 0640" "root:radesk 640" "$(stat -c '%U:%G %a' /etc/radesk/radesk.conf)"
eq "/var/lib/radesk: radesk:radesk 2770" "radesk:radesk 2770" "$(stat -c '%U:%G %a' /var/lib/radesk)"
eq "/var/spool/radesk: radesk:radesk 2770" "radesk:radesk 2770" "$(stat -c '%U:%G %a' /var/spool/radesk)"
eq "the service account cannot log in" "/usr/sbin/nologin" "$(getent passwd radesk | cut -d: -f7)"
expect "man radesk is installed" sh -c 'zcat /usr/share/man/man1/radesk.1.gz | grep -q "^.TH RADESK"'

# A fresh operator: own account, member of radesk, umask 007 (as the
# ForceCommand of etc/sshd-radesk.conf and the units set it).
useradd -m -G radesk -s /bin/sh "$op"
as() { u=$1; shift; runuser -u "$u" -- env -i PATH=/usr/bin:/bin LC_ALL=C.UTF-8 TZ=Asia/Shanghai HOME=/tmp sh -c "umask 007; $*"; }
expect "radesk init as a fresh operator (installed configuration)" as "$op" radesk init --name 测试
eq "the operator owns the database, the group shares it" "$op:radesk 660" "$(stat -c '%U:%G %a' /var/lib/radesk/radesk.db)"
expect "the operator fills a demo (bundles ingested)" as "$op" radesk demo --apps 6
n=$(as "$op" "radesk ingest --help >/dev/null; radesk audit log --limit 500" | grep -c Received)
[ "$n" -gt 0 ] && ok "the demo's ingests are audited ($n)" || no "the demo's ingests are audited"
expect "the service account is made an operator" as "$op" radesk operator add radesk auditor
/usr/bin/python3 "$root/tests/ingest/mkbundle.py" "$tmp/20261207000100.zip" good app_no=20261207000100 >"$tmp/out" 2>&1
install -m 660 -o "$op" -g radesk "$tmp/20261207000100.zip" /var/spool/radesk/inbox/
expect "cron's ingest as the radesk account (shared database)" as radesk radesk ingest
as "$op" "radesk audit log --subject 20261207000100" >"$tmp/out" 2>&1
grep -q "Received" "$tmp/out" && ok "the bundle the radesk account ingested is in the database" ||
	no "the bundle the radesk account ingested is in the database"
expect "the worker runs once as the radesk account" as radesk radesk worker --once
expect "the operator writes a report" as "$op" radesk report daily --date 2026-12-06
x=/var/lib/radesk/reports/radesk-daily-2026-12-06.xlsx
expect "the workbook opens in openpyxl" /usr/bin/python3 -c "import openpyxl,sys; openpyxl.load_workbook(sys.argv[1])" "$x"
expect "the audit chain verifies" as "$op" radesk audit verify
apps=$(as "$op" "radesk audit log --limit 1000" | wc -l)

# ---------------------------------------------------------------- upgrade
dpkg -i "$deb" >"$tmp/out" 2>&1 && ok "reinstall over the live database" || no "reinstall over the live database"
grep -q "radesk: migrating /var/lib/radesk/radesk.db (as $op)" "$tmp/out" &&
	ok "postinst migrates the existing database as its admin" ||
	no "postinst migrates the existing database as its admin"
grep -q "migration failed" "$tmp/out" && no "the migration succeeds" || ok "the migration succeeds"
expect "the data is intact after the reinstall" as "$op" radesk audit verify

# ---------------------------------------------------------------- remove, purge
expect "dpkg -r removes the package" dpkg -r radesk
[ ! -e /usr/bin/radesk ] && ok "the program is gone" || no "the program is gone"
[ -f /etc/radesk/radesk.conf ] && ok "remove keeps the configuration" || no "remove keeps the configuration"
[ -s /var/lib/radesk/radesk.db ] && [ -f "$x" ] && ok "remove keeps the data" || no "remove keeps the data"
expect "dpkg -P purges it" dpkg -P radesk
[ ! -e /etc/radesk/radesk.conf ] && ok "purge removes the configuration" || no "purge removes the configuration"
[ -s /var/lib/radesk/radesk.db ] && [ -f "$x" ] && [ -d /var/spool/radesk/archive ] &&
	ok "purge keeps the database, the scans and the reports" ||
	no "purge keeps the database, the scans and the reports"
eq "the database is still whole" "ok" "$(/usr/bin/python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('pragma integrity_check').fetchone()[0])" /var/lib/radesk/radesk.db)"
[ "$apps" -gt 1 ] || no "the audit log had entries"
echo "deb: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
