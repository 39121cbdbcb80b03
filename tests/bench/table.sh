#!/bin/sh
# tests/bench/table.sh RESULTS — the table of `make bench` from the
# "key value" lines bench.sh collected. Ratio = radesk's cost over the
# reference's (time, memory; for rates the reference's rate over
# radesk's), so above 1 means radesk is slower or bigger. Correctness
# counts have no reference: they must be 0.
set -u
R=$1
get() { sed -n "s/^$1 //p" "$R" | tail -n 1; }

machine=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
mem=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
printf 'radesk bench — %s applications (%s MB), %s decided on 2026-11-19\n' \
	"$(get gen_apps || true)" "$(get db_mb)" "$(get gen_decided_on_day)"
printf 'machine: %s, %s cores, %s; %s; SQLite %s\n\n' "${machine:-?}" \
	"$(nproc)" "$mem" "$(uname -sr)" "$(sqlite3 --version 2>/dev/null | cut -d' ' -f1)"

# row LABEL UNIT RADESK_KEY REF_KEY KIND REFERENCE-NAME [SCALE]
#   KIND: t = cost (ratio radesk/ref), r = rate (ratio ref/radesk),
#         c = count that must be 0
row() {
	v=$(get "$3"); ref=$(get "$4")
	awk -v l="$1" -v u="$2" -v v="$v" -v r="$ref" -v k="$5" -v n="$6" \
	    -v s="${7:-1}" 'BEGIN {
		if (v == "") v = "n/a"; else v = v * s;
		if (k == "c") { printf "%-38s %12s %14s %7s  %s\n", l, v, "0", \
			(v == 0 ? "ok" : "FAIL"), n; exit }
		if (r == "") r = "n/a"; else r = r * s;
		q = "n/a";
		if (v != "n/a" && r != "n/a" && v > 0 && r > 0)
			q = sprintf("%.2f", k == "r" ? r / v : v / r);
		fv = (v == "n/a") ? v : sprintf("%.3g %s", v, u);
		fr = (r == "n/a") ? r : sprintf("%.3g %s", r, u);
		printf "%-38s %12s %14s %7s  %s\n", l, fv, fr, q, n }'
}

printf '%-38s %12s %14s %7s  %s\n' "row" "radesk" "reference" "ratio" "reference is"
printf '%-38s %12s %14s %7s  %s\n' "---" "------" "---------" "-----" "------------"
row "queue: first page (to review)" ms queue_first_ms ref_queue_first_ms t "sqlite3 CLI, same SQL"
row "queue: next page" ms queue_next_ms ref_queue_next_ms t "sqlite3 CLI, same SQL"
row "queue: filter (renewals)" ms queue_filter_ms ref_queue_filter_ms t "sqlite3 CLI, same SQL"
row "queue: search organisation (all)" ms queue_search_ms ref_queue_search_ms t "sqlite3 CLI, same SQL"
row "queue: search, no match (all)" ms queue_miss_ms ref_queue_miss_ms t "sqlite3 CLI, same SQL"
row "queue: tab counts (5 tabs)" ms queue_counts_ms ref_queue_counts_ms t "sqlite3 CLI, same SQL"
row "console: start to first frame" ms console_ms ref_console_ms t "radesk, empty database"
row "ingest ($(get bundles) bundles)" /s ingest_per_s ref_ingest_per_s r "unzip -t + sha256sum"
row "daily report: time" s report_ms ref_report_ms t "python3-xlsxwriter" 0.001
row "daily report: peak memory" MB report_maxrss_kb ref_report_maxrss_kb t "python3-xlsxwriter" 0.0009765625
row "scan render 2 MB JPEG -> 160x48" ms render_ms ref_render_ms t "chafa CLI"
row "read one A4 form scan (OCR, seal)" s scanread_ms ref_scanread_ms t "tesseract CLI, chi_sim" 0.001
row "$(get race_procs) procs: decisions/s" /s race_per_second race_ref_per_second r "bare SQLite txns"
row "$(get race_procs) procs: p99 decision commit" ms race_p99_ms race_ref_p99_ms t "bare SQLite txns"
row "$(get race_procs) procs: lost decisions" "" race_lost "" c "must be 0"
row "$(get race_procs) procs: double decisions" "" race_double "" c "must be 0"
row "$(get race_procs) procs: busy errors surfaced" "" race_busy "" c "must be 0"
printf '\nin-process: render decode %s ms + cells %s ms\n' \
	"$(get render_decode_ms)" "$(get render_cells_ms)"
printf 'race: %s decisions, decision p50 %s ms, claim p99 %s ms, %s claims lost to another worker\n' \
	"$(get race_decisions)" "$(get race_p50_ms)" "$(get race_claim_p99_ms)" "$(get race_conflicts)"
