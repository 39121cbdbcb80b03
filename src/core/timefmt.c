/*
 * timefmt.c — civil-date arithmetic (Howard Hinnant's days_from_civil),
 * RFC 3339 parsing and UTC+08:00 formatting, all in integers.
 */
#include "core/timefmt.h"
#include "core/i18n.h"

#include <stdio.h>
#include <string.h>

/* Floor division for a positive divisor (C division truncates). */
static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b) != 0 && (a < 0))
		q--;
	return q;
}

bool rd_time_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int rd_time_days_in_month(int y, int m)
{
	static const unsigned char aDays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && rd_time_is_leap(y))
		return 29;
	return aDays[m - 1];
}

bool rd_time_date_valid(int y, int m, int d)
{
	if (y < 0 || y > 9999)
		return false;
	if (m < 1 || m > 12)
		return false;
	return d >= 1 && d <= rd_time_days_in_month(y, m);
}

int64_t rd_time_days_from_civil(int y, int m, int d)
{
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = floor_div(yy, 400);
	int64_t yoe = yy - era * 400;                               /* [0, 399] */
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1; /* [0, 365] */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;        /* [0, 146096] */

	return era * 146097 + doe - 719468;
}

void rd_time_civil_from_days(int64_t days, int *y, int *m, int *d)
{
	int64_t z = days + 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t dd = doy - (153 * mp + 2) / 5 + 1;
	int64_t mm = mp < 10 ? mp + 3 : mp - 9;

	*y = (int)(yoe + era * 400 + (mm <= 2));
	*m = (int)mm;
	*d = (int)dd;
}

int rd_time_weekday(int64_t days)
{
	/* 1970-01-01 was a Thursday (ISO 4). */
	int64_t r = (days % 7 + 7) % 7;   /* 0 = Thursday */

	return (int)((r + 3) % 7) + 1;
}

int64_t rd_time_local_day(int64_t epoch, int *sec)
{
	int64_t t;
	int64_t day;

	if (epoch < RD_TIME_MIN)
		epoch = RD_TIME_MIN;
	if (epoch > RD_TIME_MAX)
		epoch = RD_TIME_MAX;
	t = epoch + RD_TIME_TZ_OFFSET;
	day = floor_div(t, 86400);
	if (sec)
		*sec = (int)(t - day * 86400);
	return day;
}

rd_status rd_time_from_local(int y, int m, int d, int hh, int mm, int ss,
			     int64_t *epoch)
{
	if (!rd_time_date_valid(y, m, d))
		return RD_ERR_INVALID;
	if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 59)
		return RD_ERR_INVALID;
	*epoch = rd_time_days_from_civil(y, m, d) * 86400 + hh * 3600
		 + mm * 60 + ss - RD_TIME_TZ_OFFSET;
	return RD_OK;
}

rd_status rd_time_to_local(int64_t epoch, struct rd_tm *tm)
{
	int64_t day;
	int sec;

	memset(tm, 0, sizeof *tm);
	if (epoch < RD_TIME_MIN || epoch > RD_TIME_MAX)
		return RD_ERR_INVALID;
	day = rd_time_local_day(epoch, &sec);
	rd_time_civil_from_days(day, &tm->year, &tm->mon, &tm->day);
	tm->hour = sec / 3600;
	tm->min = sec / 60 % 60;
	tm->sec = sec % 60;
	tm->wday = rd_time_weekday(day);
	return RD_OK;
}

/* Read exactly n ASCII digits at s into *out; false if any is not a digit. */
static bool read_digits(const char *s, int n, int *out)
{
	int v = 0;
	int i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

/* "YYYY-MM-DD" at s (no terminator check); fields unvalidated. */
static bool read_date(const char *s, int *y, int *m, int *d)
{
	return read_digits(s, 4, y) && s[4] == '-' && read_digits(s + 5, 2, m)
	       && s[7] == '-' && read_digits(s + 8, 2, d);
}

rd_status rd_time_parse_rfc3339(const char *s, int64_t *epoch,
				struct rd_err *err)
{
	int y, mo, d, hh, mi, ss, oh = 0, om = 0;
	int sign = 0;
	const char *p;
	int64_t t;

	if (!s || !*s)
		return rd_err_set(err, RD_ERR_INVALID, _("empty date-time"));
	if (strlen(s) < 20 || !read_date(s, &y, &mo, &d)
	    || (s[10] != 'T' && s[10] != 't')
	    || !read_digits(s + 11, 2, &hh) || s[13] != ':'
	    || !read_digits(s + 14, 2, &mi) || s[16] != ':'
	    || !read_digits(s + 17, 2, &ss))
		goto bad_shape;
	p = s + 19;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			goto bad_shape;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p == '+' ? 1 : -1;
		if (!read_digits(p + 1, 2, &oh) || p[3] != ':'
		    || !read_digits(p + 4, 2, &om))
			goto bad_shape;
		p += 6;
	} else {
		goto bad_shape;
	}
	if (*p != '\0')
		goto bad_shape;

	if (!rd_time_date_valid(y, mo, d))
		return rd_err_set(err, RD_ERR_INVALID,
				  _("\"%s\": no such calendar date"), s);
	if (hh > 23 || mi > 59 || ss > 59)
		return rd_err_set(err, RD_ERR_INVALID,
				  _("\"%s\": time of day out of range "
				    "(leap seconds are not accepted)"), s);
	if (oh > 23 || om > 59)
		return rd_err_set(err, RD_ERR_INVALID,
				  _("\"%s\": UTC offset out of range"), s);
	t = rd_time_days_from_civil(y, mo, d) * 86400 + hh * 3600 + mi * 60 + ss;
	t -= (int64_t)sign * (oh * 3600 + om * 60);
	*epoch = t;
	return RD_OK;

bad_shape:
	return rd_err_set(err, RD_ERR_INVALID,
			  _("\"%s\" is not an RFC 3339 date-time "
			    "(expected e.g. 2026-11-20T09:31:02+08:00)"), s);
}

rd_status rd_time_format_local(int64_t epoch, char *buf, size_t n, int style)
{
	struct rd_tm tm;
	char zTmp[RD_TIME_BUFSZ];
	int len;

	if (n > 0)
		buf[0] = '\0';
	if (rd_time_to_local(epoch, &tm) != RD_OK)
		return RD_ERR_INVALID;
	switch (style) {
	case RD_TIME_MINUTES:
		len = snprintf(zTmp, sizeof zTmp, "%04d-%02d-%02d %02d:%02d",
			       tm.year, tm.mon, tm.day, tm.hour, tm.min);
		break;
	case RD_TIME_SECONDS:
		len = snprintf(zTmp, sizeof zTmp, "%04d-%02d-%02d %02d:%02d:%02d",
			       tm.year, tm.mon, tm.day, tm.hour, tm.min, tm.sec);
		break;
	case RD_TIME_DATE:
		len = snprintf(zTmp, sizeof zTmp, "%04d-%02d-%02d",
			       tm.year, tm.mon, tm.day);
		break;
	case RD_TIME_RFC3339:
		len = snprintf(zTmp, sizeof zTmp,
			       "%04d-%02d-%02dT%02d:%02d:%02d+08:00",
			       tm.year, tm.mon, tm.day, tm.hour, tm.min, tm.sec);
		break;
	default:
		return RD_ERR_INVALID;
	}
	if (len < 0 || (size_t)len >= n)
		return RD_ERR_LIMIT;
	memcpy(buf, zTmp, (size_t)len + 1);
	return RD_OK;
}

rd_status rd_time_parse_date(const char *s, int *y, int *m, int *d)
{
	int yy, mm, dd;

	if (!s || strlen(s) != 10 || !read_date(s, &yy, &mm, &dd))
		return RD_ERR_INVALID;
	if (!rd_time_date_valid(yy, mm, dd))
		return RD_ERR_INVALID;
	*y = yy;
	*m = mm;
	*d = dd;
	return RD_OK;
}
