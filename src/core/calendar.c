/*
 * calendar.c — working-day rule, holiday file parser, working-time
 * arithmetic.
 *
 * Working time is computed through a cumulative function W(t) = working
 * seconds from 1970-01-01 00:00 local up to t (negative before). The
 * number of Mon–Fri days before a day number is closed-form; each override
 * shifts that count by ±1 (an "off" weekday, a "work" weekend day), and a
 * prefix sum over the sorted overrides gives the shift before any day in
 * O(log n). Differences of W are then exact for any span.
 */
#include "core/calendar.h"
#include "core/i18n.h"
#include "core/timefmt.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* An entry parsed from one file, before the merge. */
struct cal_entry {
	int64_t day;
	int kind;
	int line;
};

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b) != 0 && a < 0)
		q--;
	return q;
}

void rd_cal_init(struct rd_calendar *cal)
{
	memset(cal, 0, sizeof *cal);
	cal->start_min = RD_CAL_DEFAULT_START;
	cal->end_min = RD_CAL_DEFAULT_END;
}

void rd_cal_fini(struct rd_calendar *cal)
{
	free(cal->aDay);
	free(cal->aPrefix);
	memset(cal, 0, sizeof *cal);
}

rd_status rd_cal_set_hours(struct rd_calendar *cal, int start_min, int end_min)
{
	if (start_min < 0 || end_min > 24 * 60 || start_min >= end_min)
		return RD_ERR_INVALID;
	cal->start_min = start_min;
	cal->end_min = end_min;
	return RD_OK;
}

int64_t rd_cal_day_seconds(const struct rd_calendar *cal)
{
	return (int64_t)(cal->end_min - cal->start_min) * 60;
}

static bool is_weekend(int64_t day)
{
	return rd_time_weekday(day) >= 6;
}

/* Effect of an override on the weekday rule. */
static int override_delta(int64_t day, int kind)
{
	if (kind == RD_CAL_OFF && !is_weekend(day))
		return -1;
	if (kind == RD_CAL_WORK && is_weekend(day))
		return 1;
	return 0;
}

/* Index of the first override with aDay[i].day >= day. */
static size_t lower_bound(const struct rd_calendar *cal, int64_t day)
{
	size_t lo = 0, hi = cal->nDay;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cal->aDay[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool rd_cal_is_working_daynum(const struct rd_calendar *cal, int64_t day)
{
	size_t i = lower_bound(cal, day);

	if (i < cal->nDay && cal->aDay[i].day == day)
		return cal->aDay[i].kind == RD_CAL_WORK;
	return !is_weekend(day);
}

bool rd_cal_is_working_day(const struct rd_calendar *cal, int y, int m, int d)
{
	if (!rd_time_date_valid(y, m, d))
		return false;
	return rd_cal_is_working_daynum(cal, rd_time_days_from_civil(y, m, d));
}

/* Mon–Fri days in [0, day) (negated count of [day, 0) for day < 0). */
static int64_t weekdays_before(int64_t day)
{
	/* Day 0 is a Thursday: cumulative weekdays over Thu Fri Sat Sun Mon Tue. */
	static const int aPart[7] = { 0, 1, 2, 2, 2, 3, 4 };
	int64_t weeks = floor_div(day, 7);
	int64_t r = day - weeks * 7;

	return weeks * 5 + aPart[r];
}

/* Working days in [0, day), signed as above. */
static int64_t workdays_before(const struct rd_calendar *cal, int64_t day)
{
	size_t i = lower_bound(cal, day);
	int64_t shift = cal->nDay ? cal->aPrefix[i] : 0;

	return weekdays_before(day) + shift;
}

/* W(t): working seconds from local 1970-01-01 00:00 to t. */
static int64_t working_upto(const struct rd_calendar *cal, int64_t t)
{
	int sec;
	int64_t day = rd_time_local_day(t, &sec);
	int64_t w = workdays_before(cal, day) * rd_cal_day_seconds(cal);

	if (rd_cal_is_working_daynum(cal, day)) {
		int64_t open = (int64_t)cal->start_min * 60;
		int64_t close = (int64_t)cal->end_min * 60;

		if (sec > open)
			w += (sec < close ? sec : close) - open;
	}
	return w;
}

int64_t rd_cal_working_seconds_between(const struct rd_calendar *cal,
				       int64_t from, int64_t to)
{
	return working_upto(cal, to) - working_upto(cal, from);
}

rd_status rd_cal_sla_deadline(const struct rd_calendar *cal, int64_t submitted,
			      int days, int64_t *due)
{
	int64_t open = (int64_t)cal->start_min * 60;
	int64_t close = (int64_t)cal->end_min * 60;
	int64_t remaining;
	int64_t day, lastDay;
	int sec;

	if (days < 0 || days > RD_CAL_MAX_SLA_DAYS)
		return RD_ERR_INVALID;
	if (days == 0) {
		*due = submitted;
		return RD_OK;
	}
	if (submitted < RD_TIME_MIN || submitted > RD_TIME_MAX)
		return RD_ERR_LIMIT;
	remaining = (int64_t)days * rd_cal_day_seconds(cal);
	day = rd_time_local_day(submitted, &sec);
	lastDay = rd_time_local_day(RD_TIME_MAX, NULL);
	for (; day <= lastDay; day++, sec = 0) {
		int64_t begin, avail;

		if (!rd_cal_is_working_daynum(cal, day))
			continue;
		begin = sec > open ? sec : open;
		if (begin >= close)
			continue;
		avail = close - begin;
		if (remaining <= avail) {
			*due = day * 86400 + begin + remaining - RD_TIME_TZ_OFFSET;
			return RD_OK;
		}
		remaining -= avail;
	}
	return RD_ERR_LIMIT;
}

rd_status rd_cal_working_back(const struct rd_calendar *cal, int64_t to,
			      int64_t seconds, int64_t *from)
{
	int64_t open = (int64_t)cal->start_min * 60;
	int64_t close = (int64_t)cal->end_min * 60;
	int64_t remaining = seconds;
	int64_t day, firstDay;
	int sec;

	if (seconds < 0 ||
	    seconds > (int64_t)RD_CAL_MAX_SLA_DAYS * rd_cal_day_seconds(cal))
		return RD_ERR_INVALID;
	if (seconds == 0) {
		*from = to;
		return RD_OK;
	}
	if (to < RD_TIME_MIN || to > RD_TIME_MAX)
		return RD_ERR_LIMIT;
	day = rd_time_local_day(to, &sec);
	firstDay = rd_time_local_day(RD_TIME_MIN, NULL);
	/* The mirror of rd_cal_sla_deadline(): spend the office hours of
	 * each working day, walking back from `to`. */
	for (; day >= firstDay; day--, sec = 86400) {
		int64_t end, avail;

		if (!rd_cal_is_working_daynum(cal, day))
			continue;
		end = sec < close ? sec : close;
		if (end <= open)
			continue;
		avail = end - open;
		if (remaining <= avail) {
			*from = day * 86400 + end - remaining - RD_TIME_TZ_OFFSET;
			return RD_OK;
		}
		remaining -= avail;
	}
	return RD_ERR_LIMIT;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct cal_entry *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return x->line - y->line;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/*
 * Parse one line (no '\n'); *skip set for blank/comment lines.
 * Returns a translated reason on error (static), NULL when fine.
 */
static const char *parse_line(const char *p, size_t n, struct cal_entry *e,
			      bool *skip)
{
	char zDate[11];
	size_t i = 0, w;
	int y, m, d;

	*skip = false;
	while (i < n && is_blank(p[i]))
		i++;
	if (i == n || p[i] == '#') {
		*skip = true;
		return NULL;
	}
	if (n - i < 10)
		return _("expected \"YYYY-MM-DD off|work label\"");
	memcpy(zDate, p + i, 10);
	zDate[10] = '\0';
	if (rd_time_parse_date(zDate, &y, &m, &d) != RD_OK)
		return _("not a valid date (expected YYYY-MM-DD)");
	i += 10;
	if (i == n || !is_blank(p[i]))
		return _("expected a space after the date");
	while (i < n && is_blank(p[i]))
		i++;
	for (w = i; w < n && !is_blank(p[w]); w++)
		;
	if (w - i == 3 && memcmp(p + i, "off", 3) == 0)
		e->kind = RD_CAL_OFF;
	else if (w - i == 4 && memcmp(p + i, "work", 4) == 0)
		e->kind = RD_CAL_WORK;
	else
		return _("the day kind must be \"off\" or \"work\"");
	/* The rest of the line is a free-text label. */
	e->day = rd_time_days_from_civil(y, m, d);
	return NULL;
}

/* Rebuild deltas and the prefix sums after the override array changed. */
static void rebuild_prefix(struct rd_calendar *cal)
{
	size_t i;

	cal->aPrefix[0] = 0;
	for (i = 0; i < cal->nDay; i++) {
		cal->aDay[i].delta = override_delta(cal->aDay[i].day,
						    cal->aDay[i].kind);
		cal->aPrefix[i + 1] = cal->aPrefix[i] + cal->aDay[i].delta;
	}
}

rd_status rd_cal_parse(struct rd_calendar *cal, const char *text, size_t len,
		       const char *zName, struct rd_err *err)
{
	struct cal_entry *aNew = NULL;
	struct rd_cal_override *aMerged = NULL;
	int64_t *aPrefix = NULL;
	size_t nNew = 0, nAlloc = 0, pos = 0, i, j, k;
	int line = 0;
	rd_status rc = RD_OK;

	if (!zName)
		zName = "<holidays>";
	if (!text)
		len = 0;
	/* A UTF-8 byte-order mark written by some editors. */
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;
	while (pos < len) {
		const char *pLine = text + pos;
		const char *pEnd = memchr(pLine, '\n', len - pos);
		size_t n = pEnd ? (size_t)(pEnd - pLine) : len - pos;
		struct cal_entry e;
		const char *zWhy;
		bool skip;

		line++;
		pos += n + (pEnd ? 1 : 0);
		if (memchr(pLine, '\0', n)) {
			rc = rd_err_set(err, RD_ERR_INVALID, _("%s:%d: %s"),
					zName, line, _("NUL byte in line"));
			goto cleanup;
		}
		zWhy = parse_line(pLine, n, &e, &skip);
		if (zWhy) {
			rc = rd_err_set(err, RD_ERR_INVALID, _("%s:%d: %s"),
					zName, line, zWhy);
			goto cleanup;
		}
		if (skip)
			continue;
		e.line = line;
		if (nNew == nAlloc) {
			size_t nGrow = nAlloc ? nAlloc * 2 : 64;
			struct cal_entry *p = realloc(aNew, nGrow * sizeof *p);

			if (!p) {
				rc = rd_err_set(err, RD_ERR_NOMEM, _("%s: out of memory"),
						zName);
				goto cleanup;
			}
			aNew = p;
			nAlloc = nGrow;
		}
		aNew[nNew++] = e;
	}
	if (nNew == 0)
		goto cleanup;
	qsort(aNew, nNew, sizeof *aNew, cmp_entry);
	for (i = 1; i < nNew; i++) {
		if (aNew[i].day == aNew[i - 1].day) {
			rc = rd_err_set(err, RD_ERR_INVALID,
					_("%s:%d: this date is already listed on line %d"),
					zName, aNew[i].line, aNew[i - 1].line);
			goto cleanup;
		}
	}

	/* Merge; a new entry replaces an old one for the same date. */
	aMerged = malloc((cal->nDay + nNew) * sizeof *aMerged);
	aPrefix = malloc((cal->nDay + nNew + 1) * sizeof *aPrefix);
	if (!aMerged || !aPrefix) {
		rc = rd_err_set(err, RD_ERR_NOMEM, _("%s: out of memory"), zName);
		goto cleanup;
	}
	for (i = 0, j = 0, k = 0; i < cal->nDay || j < nNew;) {
		if (j == nNew || (i < cal->nDay && cal->aDay[i].day < aNew[j].day)) {
			aMerged[k++] = cal->aDay[i++];
		} else {
			if (i < cal->nDay && cal->aDay[i].day == aNew[j].day)
				i++;
			aMerged[k].day = aNew[j].day;
			aMerged[k].kind = aNew[j].kind;
			aMerged[k].delta = 0;
			k++;
			j++;
		}
	}
	free(cal->aDay);
	free(cal->aPrefix);
	cal->aDay = aMerged;
	cal->aPrefix = aPrefix;
	cal->nDay = k;
	cal->nAlloc = cal->nDay + nNew;
	aMerged = NULL;
	aPrefix = NULL;
	rebuild_prefix(cal);
	assert(cal->nDay <= cal->nAlloc);

cleanup:
	free(aNew);
	free(aMerged);
	free(aPrefix);
	return rc;
}
