/*
 * clock.c — wall clock with the RADESK_NOW override.
 */
#include "clock.h"

#include "core/timefmt.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static int g_loaded;
static int g_pinned;      /* 1: fixed, 2: starts there and runs */
static int64_t g_base;    /* pinned instant */
static int64_t g_start;   /* real time when the running clock started */

static void clock_load(void)
{
	const char *z = getenv("RADESK_NOW");
	char zBuf[64];
	size_t n;
	int running = 0;
	int64_t t = 0;

	g_loaded = 1;
	g_pinned = 0;
	if (!z || !*z)
		return;
	n = strlen(z);
	if (n >= sizeof zBuf)
		return;
	memcpy(zBuf, z, n + 1);
	if (n > 1 && zBuf[n - 1] == '+' && zBuf[0] != '@') {
		running = 1;
		zBuf[n - 1] = '\0';
	}
	if (zBuf[0] == '@') {
		char *end;

		t = strtoll(zBuf + 1, &end, 10);
		if (*end == '+') {
			running = 1;
			end++;
		}
		if (*end)
			return;
	} else if (rd_time_parse_rfc3339(zBuf, &t, NULL) != RD_OK) {
		return;
	}
	g_base = t;
	g_start = (int64_t)time(NULL);
	g_pinned = running ? 2 : 1;
}

int64_t rd_now(void)
{
	if (!g_loaded)
		clock_load();
	if (g_pinned == 1)
		return g_base;
	if (g_pinned == 2)
		return g_base + ((int64_t)time(NULL) - g_start);
	return (int64_t)time(NULL);
}

void rd_clock_reset(void)
{
	g_loaded = 0;
}

int64_t rd_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
