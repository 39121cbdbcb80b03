#!/bin/sh
# run-demo.sh BUILD — what `make run` does after building:
#   1. a demo home under ./var (kept between runs; `make distclean` or
#      `rm -rf var` starts afresh) with a config, secrets, a database,
#      operators and realistic synthetic applications;
#   2. the sandbox provider server on loopback, and a second one as the
#      Minhang outlet's production line, stopped when you leave;
#   3. the console, as you (an admin).
set -eu
build=${1:-build}
top=$(pwd)
var=$top/var
radesk=$top/$build/radesk
sandbox=$top/$build/radesk-sandbox
port=${RADESK_DEMO_PORT:-8787}
# the second outlet's production line (channels and outlets)
port2=$((port + 1))
conf=$var/radesk.conf

if [ ! -f "$conf" ]; then
	echo "run: making a demo home in $var"
	mkdir -p "$var/secrets"
	chmod 700 "$var/secrets"
	umask 077
	head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$var/secrets/sandbox.key"
	umask 022
	{
		echo "# Demo configuration written by tools/run-demo.sh."
		echo "# Relative paths are relative to this folder."
		echo "[database]"
		echo "path = radesk.db"
		echo "[paths]"
		echo "blobs = blobs"
		echo "inbox = inbox"
		echo "quarantine = quarantine"
		echo "archive = archive"
		echo "reports = reports"
		echo "spool = spool"
		echo "locks = run"
		echo "log = radesk.log"
		echo "[sla]"
		echo "holidays = ../etc/holidays-2026.txt"
		echo "[review]"
		echo "reasons = ../etc/reject-reasons.txt"
		echo "checklists = ../etc/checklists.txt"
		echo "[cron]"
		echo "# You run the demo's console, so its worker runs as you."
		echo "operator = $(id -un)"
		echo "[worker]"
		echo "in_console = yes"
		echo "backoff_base = 2"
		echo "[scan_read]"
		echo "enabled = yes"
		for p in telecom bank production courier notify invoice; do
			echo "[provider.$p]"
			echo "base_url = http://127.0.0.1:$port"
			echo "secret_file = secrets/sandbox.key"
		done
		echo "# The portal's web front-end is served by the default outlet,"
		echo "# its mobile one by the Minhang outlet and its own line."
		echo "[channels]"
		echo "web = default"
		echo "mobile = minhang"
		echo "[provider.production.minhang]"
		echo "base_url = http://127.0.0.1:$port2"
	} >"$conf"
	"$radesk" --config "$conf" init
	me=$(id -un)
	"$radesk" --config "$conf" operator add wangfang auditor 王芳 >/dev/null
	"$radesk" --config "$conf" operator add liuyang auditor 刘洋 >/dev/null
	"$radesk" --config "$conf" operator add chenjing supervisor 陈静 >/dev/null
	if "$radesk" demo --help >/dev/null 2>&1; then
		"$radesk" --config "$conf" demo --apps 80 --seed 2026
	fi
	echo "run: demo ready; operators: $me (admin), wangfang, liuyang (auditors), chenjing (supervisor)"
fi

# A demo home from an older build: bring its schema up to date (a no-op
# when it is current).
"$radesk" --config "$conf" db migrate >/dev/null

pid=""
pid2=""
cleanup() {
	for p in $pid $pid2; do
		kill "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
}
trap cleanup EXIT INT TERM HUP
if [ -x "$sandbox" ]; then
	"$sandbox" --secret-file "$var/secrets/sandbox.key" --port "$port" \
		>>"$var/sandbox.log" 2>&1 &
	pid=$!
	echo "run: sandbox providers on 127.0.0.1:$port (log: var/sandbox.log)"
	"$sandbox" --secret-file "$var/secrets/sandbox.key" --port "$port2" \
		--outlet minhang >>"$var/sandbox-minhang.log" 2>&1 &
	pid2=$!
	echo "run: the Minhang outlet's production line on 127.0.0.1:$port2"
fi
"$radesk" --config "$conf"
