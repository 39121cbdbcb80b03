#!/bin/sh
# tests/bench/bench.sh BUILD — `make bench`: generate (or reuse) the large
# data set, measure radesk and a reference tool for each row in the same
# run, print one table (docs/PERFORMANCE.md says how to read it).
#
# Scale and effort (environment):
#   BENCH_APPS=N        applications (default 1000000)
#   BENCH_DECISIONS=N   decided on the report's day (default N/10, at
#                       most 100000)
#   BENCH_QUICK=1       one repetition of everything, few bundles and
#                       decisions: the smoke test's setting
#   BENCH_REPS=N        repetitions of the quick measurements (default 5)
#   BENCH_BUNDLES=N     demo applications for the ingest row (default 100)
#   BENCH_PROCS=N       concurrent deciders (default 32)
#   BENCH_PER_PROC=N    decisions each (default 100)
#   BENCH_DIR=DIR       cache and work folder (default BUILD/bench)
#
# The generated database is cached as BENCH_DIR/gen-<key>.db, the key
# made of the generator's version, N, the decisions and the migrations,
# so a rerun starts in seconds; every run works on a copy. Results go to
# BENCH_DIR/results.txt ("key value") and BENCH_DIR/table.txt.
#
# Exit status: 0, or 1 when a step failed or the concurrency run found a
# lost or double decision or a busy error surfaced. Times are reported,
# never judged.
set -u
build=${1:-build}
build=$(cd "$build" && pwd)
root=$(cd "$(dirname "$0")/../.." && pwd)
here=$root/tests/bench
radesk=$build/radesk
rb=$build/radesk-bench
py=/usr/bin/python3

N=${BENCH_APPS:-1000000}
def_dec=$((N / 10)); [ "$def_dec" -gt 100000 ] && def_dec=100000
D=${BENCH_DECISIONS:-$def_dec}
QUICK=${BENCH_QUICK:-0}
if [ "$QUICK" = 1 ]; then
	REPS=${BENCH_REPS:-1}; NB=${BENCH_BUNDLES:-12}; PER=${BENCH_PER_PROC:-2}
else
	REPS=${BENCH_REPS:-5}; NB=${BENCH_BUNDLES:-100}; PER=${BENCH_PER_PROC:-100}
fi
PROCS=${BENCH_PROCS:-32}
dir=${BENCH_DIR:-$build/bench}
W=$dir/run
R=$dir/results.txt
failed=""

export LC_ALL=C.UTF-8 TZ=Asia/Shanghai RADESK_USER=benchadmin
export RADESK_NOW=2026-11-20T10:00:00+08:00
unset RADESK_CONFIG
DAY0=1795017600          # 2026-11-19 00:00 +08:00, the report's day
DAY1=$((DAY0 + 86400))

say() { printf 'bench: %s\n' "$*" >&2; }
fail() { say "FAILED: $*"; failed="$failed $1"; }
put() { printf '%s %s\n' "$1" "$2" >>"$R"; }
get() { sed -n "s/^$1 //p" "$R" | tail -n 1; }

[ -x "$radesk" ] && [ -x "$rb" ] || { say "build $radesk and $rb first"; exit 1; }
mkdir -p "$dir"
rm -rf "$W"
mkdir -p "$W/sql" "$W/out" "$W/bundles"
: >"$R"

config() { # DB -> a config for that database in $W
	cat >"$W/radesk.conf" <<CONF
[database]
path = $1
busy_timeout_ms = 10000
[paths]
blobs = $W/var/blobs
inbox = $W/var/inbox
quarantine = $W/var/quarantine
archive = $W/var/archive
reports = $W/out
spool = $W/var/spool
locks = $W/var/locks
[sla]
holidays = $root/etc/holidays-2026.txt
[review]
reasons = $root/etc/reject-reasons.txt
checklists = $root/etc/checklists.txt
[worker]
in_console = no
[cron]
operator = benchadmin
CONF
}

# ------------------------------------------------------------ data set
gver=$(sed -n 's/^#define BENCH_GEN_VERSION \([0-9]*\).*/\1/p' "$here/bench.h")
schema=$(cat "$root"/db/*.sql | sha256sum | cut -c1-8)
key="v$gver-n$N-d$D-$schema"
cached=$dir/gen-$key.db
if [ ! -s "$cached" ]; then
	say "generating $N applications ($D decided on 2026-11-19) into $cached"
	rm -f "$dir"/gen-*.db* "$dir"/tmp-gen.db*
	config "$dir/tmp-gen.db"
	if "$radesk" --config "$W/radesk.conf" init >/dev/null &&
		"$rb" gen "$dir/tmp-gen.db" "$N" "$D" "$root/etc/demo/scans" \
			"$root/etc/holidays-2026.txt" >"$W/gen.txt"; then
		mv "$dir/tmp-gen.db" "$cached"
		mv "$W/gen.txt" "$cached.txt"
	else
		fail gen; exit 1
	fi
else
	say "reusing $cached"
fi
cat "$cached.txt" >>"$R"
# Radesk keeps the file in WAL mode; nothing else may be beside it.
rm -f "$cached-wal" "$cached-shm"
cp "$cached" "$W/radesk.db" || { fail copy; exit 1; }
config "$W/radesk.db"
CONF=$W/radesk.conf
put db_mb "$(($(stat -c %s "$W/radesk.db") / 1048576))"

# Median of the sqlite3 tool's per-statement wall time for one case: the
# script with K+1 copies minus the script with one, over K (so start-up
# and the schema load cancel out). K aims at ~200 ms of work.
sqlite_ref() { # CASE RADESK_MS
	k=$(awk -v ms="$2" 'BEGIN { k = int(200 / (ms > 0.01 ? ms : 0.01));
		if (k < 3) k = 3; if (k > 2000) k = 2000; print k }')
	cp "$W/sql/$1.sql" "$W/sql/$1.one"
	i=0; : >"$W/sql/$1.many"
	while [ $i -le "$k" ]; do cat "$W/sql/$1.sql" >>"$W/sql/$1.many"; i=$((i + 1)); done
	"$rb" exec one "$REPS" -- sqlite3 "$W/radesk.db" ".read $W/sql/$1.one" >"$W/t1"
	"$rb" exec many "$REPS" -- sqlite3 "$W/radesk.db" ".read $W/sql/$1.many" >"$W/t2"
	awk -v k="$k" '/^one_ms/ { a = $2 } /^many_ms/ { b = $2 }
		END { v = (b - a) / k; printf "%.3f\n", v < 0 ? 0 : v }' "$W/t1" "$W/t2"
}

# ------------------------------------------------------------ queue
say "queue pages"
if "$rb" queue "$W/radesk.db" "$W/sql" "$REPS" >>"$R"; then
	for c in first next filter search miss counts; do
		put "ref_queue_${c}_ms" "$(sqlite_ref $c "$(get "queue_${c}_ms")")"
	done
else
	fail queue
fi

# ------------------------------------------------------------ console
# From starting the process in a fresh tmux window to the queue's column
# header on screen (capture-pane polled as fast as it answers), at 80x24.
# Reference: the same on an empty database (radesk init only).
sock=rdb-$$
tmux_() { tmux -L "$sock" "$@"; }
first_frame() { # DB -> ms (median of REPS)
	config "$1"
	: >"$W/ff"
	r=0
	while [ $r -lt "$REPS" ]; do
		t0=$(date +%s%N)
		tmux_ new-window -d -t bench -n c "env LANG=en_US.UTF-8 LC_ALL=en_US.UTF-8 TERM=xterm-256color RADESK_USER=aud001 $radesk --config $W/radesk.conf; sleep 60"
		deadline=$(($(date +%s) + 60))
		until tmux_ capture-pane -p -t bench:c 2>/dev/null | grep -q 'Application'; do
			[ "$(date +%s)" -ge "$deadline" ] && { echo timeout >>"$W/ff"; break; }
		done
		t1=$(date +%s%N)
		tmux_ kill-window -t bench:c
		echo $(((t1 - t0) / 1000)) >>"$W/ff"
		r=$((r + 1))
	done
	config "$W/radesk.db"
	grep -q timeout "$W/ff" && return 1
	sort -n "$W/ff" | awk '{ a[NR] = $1 } END { printf "%.1f\n", a[int((NR + 1) / 2)] / 1000 }'
}
say "console first frame"
if command -v tmux >/dev/null 2>&1; then
	tmux_ -f /dev/null new-session -d -s bench -x 80 -y 24 "sleep 3600"
	tmux_ set-option -g default-size 80x24 >/dev/null 2>&1
	config "$W/empty.db"
	"$radesk" --config "$CONF" init >/dev/null 2>&1
	"$radesk" --config "$CONF" operator add aud001 auditor >/dev/null 2>&1
	ms=$(first_frame "$W/radesk.db") && put console_ms "$ms" || fail console
	ms=$(first_frame "$W/empty.db") && put ref_console_ms "$ms" || fail console-ref
	tmux_ kill-server 2>/dev/null
else
	fail console "(no tmux)"
fi

# ------------------------------------------------------------ ingest
say "ingest"
mkdir -p "$W/var/inbox"
if "$rb" bundles "$W/bundles" "$NB" "$root/etc/demo/scans" >>"$R"; then
	cp "$W"/bundles/*.zip "$W/var/inbox/"
	"$rb" exec ingest 1 -- "$radesk" --config "$CONF" ingest >>"$R"
	"$rb" exec ref_ingest 1 -- sh -c "unzip -tqq '$W/bundles/*.zip' >/dev/null && sha256sum $W/bundles/*.zip" >>"$R"
	nb=$(get bundles)
	put ingest_per_s "$(awk -v n="$nb" -v ms="$(get ingest_ms)" 'BEGIN { printf "%.1f", n * 1000 / ms }')"
	put ref_ingest_per_s "$(awk -v n="$nb" -v ms="$(get ref_ingest_ms)" 'BEGIN { printf "%.1f", n * 1000 / ms }')"
	[ "$(get ingest_status)" = 0 ] || [ "$(get ingest_status)" = 65 ] || fail ingest "status $(get ingest_status)"
else
	fail bundles
fi

# ------------------------------------------------------------ report
say "daily report"
"$rb" exec report 1 -- "$radesk" --config "$CONF" report daily --date 2026-11-19 \
	--out "$W/out" --quiet >>"$R"
[ "$(get report_status)" = 0 ] || fail report "status $(get report_status)"
if "$py" -c 'import xlsxwriter' 2>/dev/null; then
	"$rb" exec ref_report 1 -- "$py" "$here/xlsx_ref.py" "$W/radesk.db" \
		"$DAY0" "$DAY1" "$W/out/ref.xlsx" >>"$R"
else
	say "python3-xlsxwriter missing (make deps): no reference"
fi

# ------------------------------------------------------------ scan render
say "scan render"
jpeg=$dir/scan-2mb.jpg
[ -s "$jpeg" ] || "$py" "$here/mkjpeg.py" "$root/etc/demo/scans/form.jpg" "$jpeg" >/dev/null ||
	fail mkjpeg
put jpeg_kb "$(($(stat -c %s "$jpeg" 2>/dev/null || echo 0) / 1024))"
"$rb" exec render "$REPS" -- "$rb" render "$jpeg" 160 48 1 >>"$R"
"$rb" render "$jpeg" 160 48 "$REPS" >>"$R" || fail render
if command -v chafa >/dev/null 2>&1; then
	"$rb" exec ref_render "$REPS" -- chafa -f symbols -c full \
		--symbols block+border+space -s 160x48 "$jpeg" >>"$R"
else
	say "chafa missing (make deps): no reference"
fi

# ------------------------------------------------------------ scan reading
say "reading one A4 form scan"
form=$W/form-a4.jpg
if "$rb" scanform "$form"; then
	"$rb" exec scanread 1 -- sh -c "'$rb' scanread '$form' 2>/dev/null" >>"$R"
	[ "$(get scanread_status)" = 0 ] || fail scanread "status $(get scanread_status)"
	if command -v tesseract >/dev/null 2>&1; then
		"$rb" exec ref_scanread 1 -- sh -c "tesseract '$form' - -l chi_sim --psm 6 >/dev/null 2>&1" >>"$R"
	else
		say "tesseract missing (make deps): no reference"
	fi
else
	fail scanform
fi

# ------------------------------------------------------------ concurrency
say "$PROCS processes claiming and deciding"
"$rb" race "$W/radesk.db" "$PROCS" "$PER" >>"$R" 2>"$W/race.err" ||
	fail race "$(tail -n 3 "$W/race.err")"
"$rb" race-ref "$W/ref.db" "$PROCS" "$PER" >>"$R" 2>>"$W/race.err" ||
	fail race-ref

# ------------------------------------------------------------ the table
sh "$here/table.sh" "$R" | tee "$dir/table.txt"
[ -z "$failed" ] || { say "failed:$failed"; exit 1; }
exit 0
