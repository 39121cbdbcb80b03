/*
 * calendar.h — working days, office hours and SLA deadlines.
 *
 * A working day is Monday..Friday unless the holiday data marks it "off";
 * a Saturday or Sunday is a working day only when marked "work" (the
 * adjusted working weekends, 调休). Dates for which no file was loaded
 * simply follow the weekday rule.
 *
 * Working time is the office hours [start, end) of every working day, in
 * the fixed business time zone UTC+08:00 (see core/timefmt.h). Default
 * office hours: 09:00–17:00 (8 hours, so "3 working days" = 24 working
 * hours).
 *
 * Holiday file format (etc/holidays-YYYY.txt), one entry a line:
 *     YYYY-MM-DD off|work  label
 * '#' starts a comment line; blank lines are ignored; the label is
 * optional free text (UTF-8). Pure: the caller reads the file and hands the
 * bytes to rd_cal_parse().
 */
#ifndef RD_CORE_CALENDAR_H
#define RD_CORE_CALENDAR_H

#include "core/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RD_CAL_DEFAULT_START (9 * 60)   /* 09:00, minutes after midnight */
#define RD_CAL_DEFAULT_END (17 * 60)    /* 17:00 */

/* Longest SLA rd_cal_sla_deadline() accepts, in working days. */
#define RD_CAL_MAX_SLA_DAYS 3660

enum rd_cal_kind {
	RD_CAL_OFF = 1,   /* a day off, whatever its weekday */
	RD_CAL_WORK = 2   /* a working day, whatever its weekday */
};

/* One dated override; internal to the calendar, exposed for embedding. */
struct rd_cal_override {
	int64_t day;        /* local days since 1970-01-01 */
	int kind;           /* enum rd_cal_kind */
	int delta;          /* +1 / -1 / 0: effect on the weekday rule */
};

/*
 * The calendar. Embed it and use rd_cal_init()/rd_cal_fini(); it owns its
 * override array. Not thread-safe for writing; any number of readers once
 * loaded.
 */
struct rd_calendar {
	struct rd_cal_override *aDay;  /* sorted by day, unique */
	int64_t *aPrefix;              /* aPrefix[i] = sum of delta of aDay[0..i) */
	size_t nDay;
	size_t nAlloc;
	int start_min;                 /* office opens, minutes after midnight */
	int end_min;                   /* office closes (exclusive) */
};

/* Empty calendar (weekday rule only) with the default office hours. */
void rd_cal_init(struct rd_calendar *cal);

/* Free the overrides; cal may be re-initialised afterwards. */
void rd_cal_fini(struct rd_calendar *cal);

/*
 * Add the entries of one holiday file (text[0..len), need not be
 * NUL-terminated; zName is the file name used in messages, may be NULL).
 * May be called several times: an entry for a date that an earlier call
 * already set replaces it (so a local override file loaded after the
 * national one wins). Within one call, the same date twice is an error.
 * All-or-nothing: on error the calendar is unchanged and err says
 * "holidays-2026.txt:12: ...". RD_ERR_INVALID on bad data, RD_ERR_NOMEM.
 */
rd_status rd_cal_parse(struct rd_calendar *cal, const char *text, size_t len,
		       const char *zName, struct rd_err *err);

/*
 * Set office hours as minutes after local midnight, 0 <= start < end <=
 * 1440. RD_ERR_INVALID (hours unchanged) otherwise.
 */
rd_status rd_cal_set_hours(struct rd_calendar *cal, int start_min, int end_min);

/* Length of one working day in seconds (end - start). */
int64_t rd_cal_day_seconds(const struct rd_calendar *cal);

/* True when y-m-d is a working day; false for an invalid date. */
bool rd_cal_is_working_day(const struct rd_calendar *cal, int y, int m, int d);

/* Same, for a local day number (days since 1970-01-01, UTC+08:00). */
bool rd_cal_is_working_daynum(const struct rd_calendar *cal, int64_t day);

/*
 * Working seconds in [from, to): positive when to > from, the negated
 * count of [to, from) when to < from, 0 when equal. Exact and O(log n)
 * for any span (handling-time statistics over years are cheap).
 */
int64_t rd_cal_working_seconds_between(const struct rd_calendar *cal,
				       int64_t from, int64_t to);

/*
 * SLA deadline: the earliest instant at which `days` working days
 * (days × office-day length) of working time have elapsed since
 * `submitted`. Submission outside office hours starts counting at the next
 * opening; so a deadline always falls inside office hours, and can be the
 * closing instant itself (Saturday submission, 3 days, 09–17 → Wednesday
 * 17:00). days == 0 gives submitted itself. RD_ERR_INVALID when days < 0
 * or > RD_CAL_MAX_SLA_DAYS; RD_ERR_LIMIT if no deadline is found within
 * the supported date range. *due is written only on RD_OK.
 */
rd_status rd_cal_sla_deadline(const struct rd_calendar *cal, int64_t submitted,
			      int days, int64_t *due);

/*
 * The other way: the latest instant *from such that [*from, to) holds
 * `seconds` of working time — how far back "N working hours ago" is.
 * An application submitted after *from has been waiting less than
 * `seconds` of working time at `to`. seconds == 0 gives to itself.
 * RD_ERR_INVALID when seconds < 0 or more than RD_CAL_MAX_SLA_DAYS
 * office days; RD_ERR_LIMIT if not found within the supported range.
 * *from is written only on RD_OK.
 */
rd_status rd_cal_working_back(const struct rd_calendar *cal, int64_t to,
			      int64_t seconds, int64_t *from);

#endif
