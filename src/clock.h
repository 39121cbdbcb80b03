/*
 * clock.h — the one source of "now".
 *
 * RADESK_NOW pins the clock for tests and demos: an RFC 3339 time
 * ("2026-11-21T10:00:00+08:00") or "@<unix seconds>". With a trailing
 * "+" ("2026-11-21T10:00:00+08:00+") the clock starts there and runs on
 * in real time, so leases and retries still expire.
 */
#ifndef RD_CLOCK_H
#define RD_CLOCK_H

#include <stdint.h>

/* Unix seconds. */
int64_t rd_now(void);

/* Milliseconds of a monotonic clock, for durations and timeouts only
 * (never pinned by RADESK_NOW, never a date). */
int64_t rd_mono_ms(void);

/* Re-read RADESK_NOW (after setenv in tests). */
void rd_clock_reset(void);

#endif
