/*
 * main.c — radesk-bench: the measuring half of `make bench`.
 *
 *   radesk-bench gen DB N DECISIONS SCANS HOLIDAYS   fill a database
 *   radesk-bench queue DB SQLFILE                    queue pages, SQL out
 *   radesk-bench render FILE COLS ROWS REPS          decode + render
 *   radesk-bench bundles DIR N SCANS                 demo bundles, no ingest
 *   radesk-bench race DB PROCS PER_PROC              claims and decisions
 *   radesk-bench race-ref DB PROCS PER_PROC          the same on bare SQLite
 *   radesk-bench exec REPS OUT -- CMD...             time a command
 *   radesk-bench scanform OUT                        draw an A4 form scan
 *   radesk-bench scanread FILE                       read it (OCR, seal)
 *
 * See tests/bench/bench.sh for how they are put together.
 */
#include "bench.h"

#include <stdio.h>
#include <string.h>

static const struct {
	const char *zName;
	int (*fn)(int, char **);
} aCmd[] = {
	{ "gen", bench_gen },         { "queue", bench_queue },
	{ "render", bench_render },   { "bundles", bench_bundles },
	{ "race", bench_race },       { "race-ref", bench_race },
	{ "exec", bench_exec },
	{ "scanform", bench_scanform }, { "scanread", bench_scanread },
};

int main(int argc, char **argv)
{
	for (size_t i = 0; argc > 1 && i < sizeof aCmd / sizeof aCmd[0]; i++)
		if (!strcmp(argv[1], aCmd[i].zName))
			return aCmd[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "usage: radesk-bench gen|queue|render|bundles|race|"
			"race-ref|exec|scanform|scanread ... (see tests/bench/main.c)\n");
	return 2;
}
