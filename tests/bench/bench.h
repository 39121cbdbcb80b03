/*
 * bench.h — radesk-bench, the driver behind `make bench`
 * (tests/bench/bench.sh, docs/PERFORMANCE.md).
 *
 * One program, one subcommand per measurement; each prints its figures
 * as "key value" lines on stdout for the shell glue to collect. Nothing
 * here asserts a time: the only verdicts are the correctness counts of
 * the concurrency run (lost, double, busy), which make `race` exit 1.
 */
#ifndef RD_BENCH_H
#define RD_BENCH_H

#include <stddef.h>
#include <stdint.h>

/* Version of the data set `gen` makes; part of the cache key, so bump it
 * whenever gen.c changes what it writes. */
#define BENCH_GEN_VERSION 1

/* The bench's clock: "now" is 2026-11-20 10:00 (+08:00), a Friday, and
 * the day with the decisions is the day before. */
#define BENCH_NOW_TEXT "2026-11-20T10:00:00+08:00"

/* Operators `gen` creates: auditors aud001.., supervisors sup01.. */
#define BENCH_AUDITORS 40
#define BENCH_SUPERVISORS 5

/* Subcommands (argv[0] is the subcommand name). Exit status as main's. */
int bench_gen(int argc, char **argv);
int bench_queue(int argc, char **argv);
int bench_render(int argc, char **argv);
int bench_bundles(int argc, char **argv);
int bench_race(int argc, char **argv);
int bench_exec(int argc, char **argv);
int bench_scanform(int argc, char **argv);
int bench_scanread(int argc, char **argv);

/* Monotonic wall clock in milliseconds. */
double bench_ms(void);

/* p-th percentile (0..1, nearest rank) of a[0..n); sorts a in place.
 * 0 when n is 0. */
double bench_percentile(double *a, size_t n, double p);

/* splitmix64: a small, fast, seedable generator. */
struct bench_rng {
	uint64_t s;
};
uint64_t bench_rng_next(struct bench_rng *r);
/* Uniform in [0, n); n > 0. */
uint64_t bench_rng_below(struct bench_rng *r, uint64_t n);
/* Uniform in [0, 1). */
double bench_rng_unit(struct bench_rng *r);

/* Print "key value" with the value formatted by fmt. */
void bench_put(const char *key, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Integer environment variable, or def when unset or not a number. */
long bench_env_long(const char *name, long def);

#endif
