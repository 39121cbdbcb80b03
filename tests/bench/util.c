/*
 * util.c — clock, percentiles, random numbers and output of radesk-bench.
 */
#include "bench.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

double bench_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double bench_percentile(double *a, size_t n, double p)
{
	size_t rank;

	if (n == 0)
		return 0.0;
	qsort(a, n, sizeof *a, cmp_double);
	rank = (size_t)ceil(p * (double)n);
	if (rank < 1)
		rank = 1;
	if (rank > n)
		rank = n;
	return a[rank - 1];
}

uint64_t bench_rng_next(struct bench_rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

uint64_t bench_rng_below(struct bench_rng *r, uint64_t n)
{
	return bench_rng_next(r) % n;
}

double bench_rng_unit(struct bench_rng *r)
{
	return (double)(bench_rng_next(r) >> 11) / 9007199254740992.0;
}

void bench_put(const char *key, const char *fmt, ...)
{
	va_list ap;

	printf("%s ", key);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

long bench_env_long(const char *name, long def)
{
	const char *z = getenv(name);
	char *e;
	long v;

	if (!z || !*z)
		return def;
	v = strtol(z, &e, 10);
	return *e ? def : v;
}
