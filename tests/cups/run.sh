#!/bin/sh
# tests/cups/run.sh BUILD — the label print path against a real CUPS
# queue: a cupsd of the test's own (private config, spool and state
# folders, 127.0.0.1 and a free port, no domain socket) with a raw queue
# on the file backend; the sandbox's courier answers with real label
# PDFs (pdfinfo reads them, pdftoppm renders them); a demo's approved
# applications go through the worker until a label_print job has run
# `[print] command = lp -h 127.0.0.1:PORT -d LABELS`, and the PDF CUPS
# wrote is the label in the blob store, byte for byte.
# Prints "cups: N passed, N failed".
set -u
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
case $build in
*asan*) echo "cups: 0 passed, 0 failed (skipped: the plain pass prints through CUPS)"; exit 0 ;;
esac
for t in cupsd lpadmin lp lpstat pdfinfo pdftoppm; do
	command -v $t >/dev/null 2>&1 || PATH=$PATH:/usr/sbin
	if ! command -v $t >/dev/null 2>&1; then
		echo "cups: 0 passed, 0 failed (skipped: $t is missing; make deps)"
		exit 0
	fi
done
build=$(cd "$build" && pwd)
radesk=$build/radesk
. "$root/tests/sandbox/lib.sh"
pass=0
fail=0
T=$(mktemp -d)
chmod 755 "$T"
cupsd_pid=
printer_pid=
cleanup() {
	[ -n "$printer_pid" ] && kill "$printer_pid" 2>/dev/null
	sandbox_stop
	[ -n "$cupsd_pid" ] && kill "$cupsd_pid" 2>/dev/null && wait "$cupsd_pid" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
ok() { pass=$((pass + 1)); printf '  ok      %s\n' "$1"; }
ko() { fail=$((fail + 1)); printf '  FAIL    %s\n' "$1"; [ -f "$T/err" ] && sed 's/^/      | /' "$T/err" | tail -15; }
expect() { name=$1; shift; if "$@" >"$T/err" 2>&1; then ok "$name"; else ko "$name"; fi; }
q() { sqlite3 -cmd ".timeout 5000" "$T/var/radesk.db" "$1"; }

# ---------------------------------------------------------------- cupsd
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
c=$T/cups
mkdir -p "$c/spool" "$c/cache" "$c/state" "$c/log" "$c/tmp" "$c/ppd" "$T/printed"
chmod 1777 "$c/tmp" "$T/printed"
cat >"$c/cupsd.conf" <<CONF
Listen 127.0.0.1:$port
LogLevel warn
Browsing No
WebInterface No
DefaultAuthType None
<Location />
  Order allow,deny
  Allow from 127.0.0.1
</Location>
<Location /admin>
  Order allow,deny
  Allow from 127.0.0.1
</Location>
<Policy default>
  <Limit All>
    Order allow,deny
    Allow from 127.0.0.1
  </Limit>
</Policy>
CONF
cat >"$c/cups-files.conf" <<CONF
ServerRoot $c
RequestRoot $c/spool
CacheDir $c/cache
StateDir $c/state
TempDir $c/tmp
AccessLog $c/log/access_log
ErrorLog $c/log/error_log
PageLog $c/log/page_log
FileDevice Yes
Sandboxing Relaxed
SystemGroup root
ServerBin /usr/lib/cups
DataDir /usr/share/cups
CONF
cupsd -f -c "$c/cupsd.conf" -s "$c/cups-files.conf" >"$c/log/stdout" 2>&1 &
cupsd_pid=$!
up=0
for i in $(seq 1 100); do
	lpstat -h "127.0.0.1:$port" -r 2>/dev/null | grep -q "is running" && { up=1; break; }
	kill -0 "$cupsd_pid" 2>/dev/null || break
	sleep 0.1
done
if [ "$up" != 1 ]; then
	cat "$c/log/stdout" "$c/log/error_log" 2>/dev/null | tail -20
	echo "cups: 0 passed, 1 failed (cupsd did not start on 127.0.0.1:$port)"
	exit 1
fi
ok "a private cupsd on 127.0.0.1:$port"
# The "printer": each connection's bytes into printed/job-N.
/usr/bin/python3 - "$T/printed" "$T/printer.port" <<'PY' &
import os, socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(4)
open(sys.argv[2] + ".tmp", "w").write(str(s.getsockname()[1]))
os.rename(sys.argv[2] + ".tmp", sys.argv[2])
n = 0
while True:
    c, _ = s.accept()
    n += 1
    with open(os.path.join(sys.argv[1], ".job-%d" % n), "wb") as f:
        while True:
            b = c.recv(65536)
            if not b:
                break
            f.write(b)
    c.close()
    os.rename(os.path.join(sys.argv[1], ".job-%d" % n),
              os.path.join(sys.argv[1], "job-%d" % n))
PY
printer_pid=$!
for i in $(seq 1 50); do [ -s "$T/printer.port" ] && break; sleep 0.1; done
expect "a raw queue LABELS on the socket backend" \
	lpadmin -h "127.0.0.1:$port" -p LABELS -E -v "socket://127.0.0.1:$(cat "$T/printer.port")" -m raw
expect "the queue accepts jobs" sh -c "lpstat -h 127.0.0.1:$port -a LABELS | grep -q accepting"

# ---------------------------------------------------------------- radesk
sandbox_start "$T" "$build/radesk-sandbox" || { echo "cups: 0 passed, 1 failed (sandbox)"; exit 1; }
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai RADESK_USER=admin HOME=$T
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
locks = var/locks
[sla]
holidays = $root/etc/holidays-2026.txt
[review]
reasons = $root/etc/reject-reasons.txt
checklists = $root/etc/checklists.txt
[cron]
operator = admin
[worker]
backoff_base = 1
backoff_max = 1
in_console = no
[print]
command = lp -h 127.0.0.1:$port -d LABELS -t radesk-label
timeout = 20
[shipping]
sender_name = 王寄件
sender_company = 示例CA
sender_mobile = 02100000000
sender_province = 上海市
sender_city = 上海市
sender_address = 浦东新区示例路1号
poll_production = 1
poll_tracking = 1
CONF
sb_providers "$T" >>"$T/radesk.conf"
r() { "$radesk" --config "$T/radesk.conf" "$@"; }
expect "init and a demo with approved applications" sh -c \
	"'$radesk' --config '$T/radesk.conf' init && '$radesk' --config '$T/radesk.conf' demo --apps 16"
i=0
while [ $i -lt 120 ]; do
	[ "$(q "SELECT count(*) FROM label_prints WHERE state='printed'")" -gt 0 ] 2>/dev/null && break
	r worker --once >>"$T/worker.log" 2>&1
	sleep 0.25
	i=$((i + 1))
done
n=$(q "SELECT count(*) FROM label_prints WHERE state='printed'")
[ "${n:-0}" -gt 0 ] && ok "a label_print job ran lp ($n printed)" ||
	{ tail -20 "$T/worker.log" >"$T/err"; ko "a label_print job ran lp"; }
sha=$(q "SELECT s.label_sha256 FROM label_prints lp JOIN shipments s ON s.id=lp.shipment_id WHERE lp.state='printed' ORDER BY lp.id LIMIT 1")
blob=$T/var/blobs/$(echo "$sha" | cut -c1-2)/$sha
expect "the label the sandbox returned is kept" test -s "$blob"
expect "pdfinfo reads the label" sh -c "pdfinfo '$blob' | grep -q '^Pages: *1'"
expect "pdftoppm renders it" pdftoppm -r 50 -png -singlefile "$blob" "$T/label"
expect "the rendering is a picture with ink on it" /usr/bin/python3 -c "
from PIL import Image; import sys
im = Image.open(sys.argv[1]).convert('L')
assert im.size[0] > 100 and im.size[1] > 100, im.size
assert min(im.getdata()) < 128, 'blank page'" "$T/label.png"
# CUPS finishes the job asynchronously: wait for the printer's file.
for i in $(seq 1 150); do
	[ -s "$T/printed/job-1" ] && [ -z "$(lpstat -h "127.0.0.1:$port" -o LABELS 2>/dev/null)" ] && break
	sleep 0.1
done
expect "CUPS completed the job" sh -c "lpstat -h 127.0.0.1:$port -W completed -o LABELS | grep -q LABELS"
expect "the printer received the label, byte for byte" cmp "$blob" "$T/printed/job-1"
expect "pdfinfo reads what CUPS printed" pdfinfo "$T/printed/job-1"
[ "$fail" -eq 0 ] || tail -15 "$c/log/error_log" 2>/dev/null
echo "cups: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
