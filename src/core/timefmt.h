/*
 * timefmt.h — civil dates, RFC 3339 parsing and local-time formatting.
 *
 * Pure integer arithmetic: no localtime(), no TZ, no time(). All instants
 * are unix epoch seconds (int64_t). The business time zone is fixed at
 * UTC+08:00 (China Standard Time has no DST), so "local" below always
 * means UTC+08:00.
 *
 * Supported range: local dates 0000-01-01 .. 9999-12-31. Functions that
 * take an instant outside it report RD_ERR_INVALID rather than overflow.
 */
#ifndef RD_CORE_TIMEFMT_H
#define RD_CORE_TIMEFMT_H

#include "core/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Offset of the business time zone from UTC, in seconds (UTC+08:00). */
#define RD_TIME_TZ_OFFSET (8 * 3600)

/* Smallest and largest instants the formatting functions accept:
 * 0000-01-01T00:00:00+08:00 and 9999-12-31T23:59:59+08:00. */
#define RD_TIME_MIN ((int64_t)-62167248000)
#define RD_TIME_MAX ((int64_t)253402271999)

/* Buffer size that fits every rd_time_format_local() style. */
#define RD_TIME_BUFSZ 32

/* Output styles of rd_time_format_local(). */
enum rd_time_style {
	RD_TIME_MINUTES = 0, /* "2026-11-20 09:31" */
	RD_TIME_SECONDS,     /* "2026-11-20 09:31:02" */
	RD_TIME_DATE,        /* "2026-11-20" */
	RD_TIME_RFC3339      /* "2026-11-20T09:31:02+08:00" */
};

/* A broken-down local (UTC+08:00) time. wday is ISO: 1 = Monday .. 7 = Sunday. */
struct rd_tm {
	int year;
	int mon;   /* 1..12 */
	int day;   /* 1..31 */
	int hour;  /* 0..23 */
	int min;   /* 0..59 */
	int sec;   /* 0..59 */
	int wday;  /* 1..7, Monday = 1 */
};

/* True when y is a Gregorian leap year (proleptic; any y). */
bool rd_time_is_leap(int y);

/* Days in month m (1..12) of year y; 0 when m is out of range. */
int rd_time_days_in_month(int y, int m);

/* True when y-m-d is a real Gregorian date with 0 <= y <= 9999. */
bool rd_time_date_valid(int y, int m, int d);

/*
 * Days since 1970-01-01 of the civil date y-m-d (negative before 1970).
 * Proleptic Gregorian, exact for any date inside the supported range; the
 * caller passes a valid date (see rd_time_date_valid()).
 */
int64_t rd_time_days_from_civil(int y, int m, int d);

/* Inverse of rd_time_days_from_civil(). Out-params must not be NULL. */
void rd_time_civil_from_days(int64_t days, int *y, int *m, int *d);

/* ISO weekday (1 = Monday .. 7 = Sunday) of a day count since 1970-01-01. */
int rd_time_weekday(int64_t days);

/*
 * The local day number (days since 1970-01-01 in UTC+08:00) that contains
 * the instant epoch, and the seconds since local midnight through *sec
 * (may be NULL). Floor semantics: correct for instants before 1970 too.
 * epoch must lie in [RD_TIME_MIN, RD_TIME_MAX]; otherwise it is clamped.
 */
int64_t rd_time_local_day(int64_t epoch, int *sec);

/*
 * Instant of the local wall-clock time y-m-d hh:mm:ss (UTC+08:00).
 * Returns RD_ERR_INVALID (and leaves *epoch alone) when a field is out of
 * range (sec 60 is rejected). epoch must not be NULL.
 */
rd_status rd_time_from_local(int y, int m, int d, int hh, int mm, int ss,
			     int64_t *epoch);

/*
 * Break an instant down into local (UTC+08:00) fields. RD_ERR_INVALID when
 * epoch is outside [RD_TIME_MIN, RD_TIME_MAX] (tm is then zeroed).
 */
rd_status rd_time_to_local(int64_t epoch, struct rd_tm *tm);

/*
 * Parse a strict RFC 3339 date-time: "YYYY-MM-DDTHH:MM:SS[.frac](Z|±hh:mm)".
 * 'T' and 'Z' may be lowercase (RFC 3339 §5.6 note); no other separators,
 * no missing fields, no surrounding spaces. Fractional seconds (any number
 * of digits) are truncated toward the earlier second. Leap seconds (:60)
 * are rejected: nothing upstream produces them and epoch seconds cannot
 * represent them. Field ranges and leap years are checked.
 * On success *epoch holds the instant; on error it is left alone and err
 * (may be NULL) names what was wrong.
 */
rd_status rd_time_parse_rfc3339(const char *s, int64_t *epoch,
				struct rd_err *err);

/*
 * Format an instant in local time (UTC+08:00) in one of the rd_time_style
 * styles. buf receives a NUL-terminated string; RD_TIME_BUFSZ is always
 * enough. Returns RD_ERR_LIMIT when n is too small and RD_ERR_INVALID for
 * an instant out of range or an unknown style; buf is then "" (if n > 0).
 */
rd_status rd_time_format_local(int64_t epoch, char *buf, size_t n, int style);

/*
 * Parse a calendar date "YYYY-MM-DD" (exactly that shape, a real date).
 * Out-params are written only on success; RD_ERR_INVALID otherwise.
 */
rd_status rd_time_parse_date(const char *s, int *y, int *m, int *d);

#endif
