/*
 * test_calendar.c — working days, holiday file parsing, SLA arithmetic.
 *
 * Runs from the repository root (as `make unit` does) so that the shipped
 * etc/holidays-2026.txt is the file under test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/calendar.h"
#include "core/timefmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HOUR 3600

static const char *const zHolidayPath = "etc/holidays-2026.txt";

/* Local (UTC+08:00) wall-clock time to epoch. */
static int64_t at(int y, int m, int d, int hh, int mm)
{
	int64_t t = 0;

	assert_int_equal(rd_time_from_local(y, m, d, hh, mm, 0, &t), RD_OK);
	return t;
}

static char *slurp(const char *zPath, size_t *pLen)
{
	FILE *f = fopen(zPath, "rb");
	char *z;
	long n;

	if (!f)
		fail_msg("cannot open %s (run from the repository root)", zPath);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	z = malloc((size_t)n);
	assert_non_null(z);
	assert_int_equal(fread(z, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*pLen = (size_t)n;
	return z;
}

static int setup_2026(void **state)
{
	struct rd_calendar *cal = malloc(sizeof *cal);
	struct rd_err err;
	size_t len;
	char *z;

	if (!cal)
		return -1;
	rd_cal_init(cal);
	z = slurp(zHolidayPath, &len);
	if (rd_cal_parse(cal, z, len, "holidays-2026.txt", &err) != RD_OK) {
		print_error("%s\n", err.msg);
		free(z);
		return -1;
	}
	free(z);
	*state = cal;
	return 0;
}

static int teardown_cal(void **state)
{
	struct rd_calendar *cal = *state;

	rd_cal_fini(cal);
	free(cal);
	return 0;
}

static void test_working_days(void **state)
{
	const struct rd_calendar *cal = *state;

	/* Plain weekdays and weekends. */
	assert_true(rd_cal_is_working_day(cal, 2026, 11, 20));   /* Fri */
	assert_false(rd_cal_is_working_day(cal, 2026, 11, 21));  /* Sat */
	assert_false(rd_cal_is_working_day(cal, 2026, 11, 22));  /* Sun */
	assert_true(rd_cal_is_working_day(cal, 2026, 11, 23));   /* Mon */
	/* National Day block and its adjusted working weekends. */
	assert_true(rd_cal_is_working_day(cal, 2026, 9, 20));    /* Sun, work */
	assert_false(rd_cal_is_working_day(cal, 2026, 9, 25));   /* Fri, off */
	assert_false(rd_cal_is_working_day(cal, 2026, 10, 1));   /* Thu, off */
	assert_false(rd_cal_is_working_day(cal, 2026, 10, 5));   /* Mon, off */
	assert_false(rd_cal_is_working_day(cal, 2026, 10, 7));   /* Wed, off */
	assert_true(rd_cal_is_working_day(cal, 2026, 10, 8));    /* Thu */
	assert_true(rd_cal_is_working_day(cal, 2026, 10, 10));   /* Sat, work */
	assert_false(rd_cal_is_working_day(cal, 2026, 10, 11));  /* Sun */
	/* Spring Festival. */
	assert_true(rd_cal_is_working_day(cal, 2026, 2, 14));    /* Sat, work */
	assert_false(rd_cal_is_working_day(cal, 2026, 2, 16));   /* Mon, off */
	assert_true(rd_cal_is_working_day(cal, 2026, 2, 28));    /* Sat, work */
	assert_true(rd_cal_is_working_day(cal, 2026, 1, 4));     /* Sun, work */
	assert_false(rd_cal_is_working_day(cal, 2026, 1, 1));    /* Thu, off */
	/* No data for 2027: weekday rule (2027-01-01 is a Friday). */
	assert_true(rd_cal_is_working_day(cal, 2027, 1, 1));
	assert_false(rd_cal_is_working_day(cal, 2027, 1, 2));
	/* Invalid dates are not working days. */
	assert_false(rd_cal_is_working_day(cal, 2026, 2, 29));
	assert_false(rd_cal_is_working_day(cal, 2026, 13, 1));
}

static void test_empty_calendar(void **state)
{
	struct rd_calendar cal;

	(void)state;
	rd_cal_init(&cal);
	assert_false(rd_cal_is_working_day(&cal, 2026, 9, 20));
	assert_true(rd_cal_is_working_day(&cal, 2026, 10, 1));
	assert_int_equal(rd_cal_day_seconds(&cal), 8 * HOUR);
	/* Mon 09:00 → Mon 09:00 next week: 5 days of 8 hours. */
	assert_int_equal(rd_cal_working_seconds_between(&cal, at(2026, 11, 23, 9, 0),
							 at(2026, 11, 30, 9, 0)),
			 40 * HOUR);
	rd_cal_fini(&cal);
	rd_cal_fini(&cal);   /* idempotent */
}

static void check_sla(const struct rd_calendar *cal, int64_t sub, int days,
		      int64_t want)
{
	char zGot[RD_TIME_BUFSZ], zWant[RD_TIME_BUFSZ];
	int64_t due = 0;

	assert_int_equal(rd_cal_sla_deadline(cal, sub, days, &due), RD_OK);
	if (due != want) {
		rd_time_format_local(due, zGot, sizeof zGot, RD_TIME_SECONDS);
		rd_time_format_local(want, zWant, sizeof zWant, RD_TIME_SECONDS);
		fail_msg("deadline %s, expected %s", zGot, zWant);
	}
	/* The deadline is the first instant with enough working time. */
	if (days > 0) {
		assert_int_equal(rd_cal_working_seconds_between(cal, sub, due),
				 days * rd_cal_day_seconds(cal));
		assert_true(rd_cal_working_seconds_between(cal, sub, due - 1)
			    < days * rd_cal_day_seconds(cal));
	}
}

static void test_sla_examples(void **state)
{
	const struct rd_calendar *cal = *state;
	int64_t due = 0;

	(void)due;
	/* Friday 10:00 + 3 working days → Wednesday 10:00. */
	check_sla(cal, at(2026, 11, 20, 10, 0), 3, at(2026, 11, 25, 10, 0));
	/* Saturday: counting starts Monday 09:00 → Wednesday 17:00. */
	check_sla(cal, at(2026, 11, 21, 14, 30), 3, at(2026, 11, 25, 17, 0));
	/* Friday after hours: same. */
	check_sla(cal, at(2026, 11, 20, 17, 0), 3, at(2026, 11, 25, 17, 0));
	check_sla(cal, at(2026, 11, 20, 23, 59), 3, at(2026, 11, 25, 17, 0));
	/* Before opening. */
	check_sla(cal, at(2026, 11, 23, 7, 15), 1, at(2026, 11, 23, 17, 0));
	check_sla(cal, at(2026, 11, 23, 16, 59), 1, at(2026, 11, 24, 16, 59));
	/* days == 0 is the submission instant itself. */
	check_sla(cal, at(2026, 11, 21, 3, 0), 0, at(2026, 11, 21, 3, 0));
	assert_int_equal(rd_cal_sla_deadline(cal, at(2026, 11, 20, 10, 0), -1, &due),
			 RD_ERR_INVALID);
	assert_int_equal(rd_cal_sla_deadline(cal, at(2026, 11, 20, 10, 0),
					     RD_CAL_MAX_SLA_DAYS + 1, &due),
			 RD_ERR_INVALID);
	assert_int_equal(rd_cal_sla_deadline(cal, INT64_MAX, 3, &due), RD_ERR_LIMIT);
}

static void test_sla_holidays(void **state)
{
	const struct rd_calendar *cal = *state;

	/* Wed 09-30 10:00: 7h that day, 10-01..07 off, Thu 8h, Fri 8h,
	 * Saturday 10-10 is a working day: 1h → 10-10 10:00. */
	check_sla(cal, at(2026, 9, 30, 10, 0), 3, at(2026, 10, 10, 10, 0));
	/* After hours on 09-30: 10-08, 10-09, 10-10 full days. */
	check_sla(cal, at(2026, 9, 30, 18, 0), 3, at(2026, 10, 10, 17, 0));
	/* Inside the block: counting starts 10-08 09:00. */
	check_sla(cal, at(2026, 10, 3, 11, 0), 1, at(2026, 10, 8, 17, 0));
	check_sla(cal, at(2026, 10, 3, 11, 0), 4, at(2026, 10, 12, 17, 0));
	/* Fri 09-18 16:00 + 1 day: Sunday 09-20 is a working day. */
	check_sla(cal, at(2026, 9, 18, 16, 0), 1, at(2026, 9, 20, 16, 0));
	/* Thu 09-24 12:00 + 2: 09-25..27 off (Mid-Autumn), Mon 09-28, Tue 09-29. */
	check_sla(cal, at(2026, 9, 24, 12, 0), 2, at(2026, 9, 29, 12, 0));
	/* Spring Festival: Fri 02-13 09:00 + 2 → Sat 02-14 work, then 02-24. */
	check_sla(cal, at(2026, 2, 13, 9, 0), 2, at(2026, 2, 14, 17, 0));
	check_sla(cal, at(2026, 2, 13, 9, 0), 3, at(2026, 2, 24, 17, 0));
}

static void test_working_seconds(void **state)
{
	const struct rd_calendar *cal = *state;
	int64_t a = at(2026, 11, 20, 10, 0), b = at(2026, 11, 25, 10, 0);

	assert_int_equal(rd_cal_working_seconds_between(cal, a, b), 24 * HOUR);
	assert_int_equal(rd_cal_working_seconds_between(cal, b, a), -24 * HOUR);
	assert_int_equal(rd_cal_working_seconds_between(cal, a, a), 0);
	/* Over the National Day block. */
	assert_int_equal(rd_cal_working_seconds_between(cal, at(2026, 9, 30, 0, 0),
							 at(2026, 10, 9, 0, 0)),
			 16 * HOUR);
	/* A weekend and holidays contribute nothing. */
	assert_int_equal(rd_cal_working_seconds_between(cal, at(2026, 10, 1, 9, 0),
							 at(2026, 10, 7, 17, 0)),
			 0);
	/* Within one day, partly outside hours. */
	assert_int_equal(rd_cal_working_seconds_between(cal, at(2026, 11, 20, 6, 0),
							 at(2026, 11, 20, 12, 30)),
			 3 * HOUR + 1800);
	/* The whole of 2026 has 248 working days. */
	assert_int_equal(rd_cal_working_seconds_between(cal, at(2026, 1, 1, 0, 0),
							 at(2027, 1, 1, 0, 0)),
			 248 * 8 * HOUR);
	/* Extremes do not overflow. */
	assert_true(rd_cal_working_seconds_between(cal, INT64_MIN, INT64_MAX) > 0);
	assert_true(rd_cal_working_seconds_between(cal, INT64_MAX, INT64_MIN) < 0);
}

/* The closed form agrees with a naive day-by-day count, also before 1970. */
static void test_working_seconds_naive(void **state)
{
	const struct rd_calendar *cal = *state;
	int64_t start = rd_time_days_from_civil(2025, 12, 1);
	int64_t end = rd_time_days_from_civil(2027, 1, 31);
	int64_t d, k;
	int64_t naive = 0;

	for (d = start; d < end; d++) {
		if (rd_cal_is_working_daynum(cal, d))
			naive += 8 * HOUR;
		assert_int_equal(rd_cal_working_seconds_between(
					 cal, start * 86400 - 8 * HOUR,
					 (d + 1) * 86400 - 8 * HOUR),
				 naive);
	}
	naive = 0;
	start = rd_time_days_from_civil(1969, 11, 1);
	for (k = 0; k < 120; k++) {
		if (rd_cal_is_working_daynum(cal, start + k))
			naive += 8 * HOUR;
	}
	assert_int_equal(rd_cal_working_seconds_between(cal, start * 86400 - 8 * HOUR,
							 (start + 120) * 86400 - 8 * HOUR),
			 naive);
}

static void check_back(const struct rd_calendar *cal, int64_t to,
		       int64_t seconds, int64_t want)
{
	int64_t from = 0;

	assert_int_equal(rd_cal_working_back(cal, to, seconds, &from), RD_OK);
	assert_int_equal(from, want);
	assert_int_equal(rd_cal_working_seconds_between(cal, from, to), seconds);
}

static void test_working_back(void **state)
{
	const struct rd_calendar *cal = *state;
	int64_t fri10 = at(2026, 11, 20, 10, 0), from = 0;

	/* One office day back from Friday 10:00 is Thursday 10:00. */
	check_back(cal, fri10, 8 * HOUR, at(2026, 11, 19, 10, 0));
	check_back(cal, fri10, 24 * HOUR, at(2026, 11, 17, 10, 0));
	/* Exactly the morning: the opening itself, not the night before. */
	check_back(cal, fri10, 1 * HOUR, at(2026, 11, 20, 9, 0));
	check_back(cal, fri10, 1 * HOUR + 1, at(2026, 11, 19, 17, 0) - 1);
	/* From a Sunday: Friday's hours come first. */
	check_back(cal, at(2026, 11, 22, 12, 0), 2 * HOUR, at(2026, 11, 20, 15, 0));
	/* Back over the National Day block to 09-30. */
	check_back(cal, at(2026, 10, 8, 11, 0), 4 * HOUR, at(2026, 9, 30, 15, 0));
	/* The mirror of the SLA deadline. */
	check_back(cal, at(2026, 10, 10, 10, 0), 24 * HOUR, at(2026, 9, 30, 10, 0));
	assert_int_equal(rd_cal_working_back(cal, fri10, 0, &from), RD_OK);
	assert_int_equal(from, fri10);
	assert_int_equal(rd_cal_working_back(cal, fri10, -1, &from),
			 RD_ERR_INVALID);
	assert_int_equal(rd_cal_working_back(cal, INT64_MIN, HOUR, &from),
			 RD_ERR_LIMIT);
	/* Round trips over a year, at odd hours. */
	for (int64_t t = at(2026, 1, 1, 0, 0); t < at(2027, 1, 1, 0, 0);
	     t += 86400 * 3 + 3607) {
		for (int64_t s = HOUR / 2; s <= 40 * HOUR; s += 7 * HOUR) {
			assert_int_equal(rd_cal_working_back(cal, t, s, &from),
					 RD_OK);
			assert_int_equal(rd_cal_working_seconds_between(cal, from,
									 t),
					 s);
			/* The latest such instant: a second later is less. */
			assert_true(rd_cal_working_seconds_between(cal, from + 1,
								   t) < s);
		}
	}
}

static void test_hours(void **state)
{
	struct rd_calendar cal;

	(void)state;
	rd_cal_init(&cal);
	assert_int_equal(rd_cal_set_hours(&cal, 17 * 60, 9 * 60), RD_ERR_INVALID);
	assert_int_equal(rd_cal_set_hours(&cal, 9 * 60, 9 * 60), RD_ERR_INVALID);
	assert_int_equal(rd_cal_set_hours(&cal, -1, 9 * 60), RD_ERR_INVALID);
	assert_int_equal(rd_cal_set_hours(&cal, 0, 24 * 60 + 1), RD_ERR_INVALID);
	assert_int_equal(rd_cal_day_seconds(&cal), 8 * HOUR);
	assert_int_equal(rd_cal_set_hours(&cal, 8 * 60 + 30, 17 * 60 + 30), RD_OK);
	assert_int_equal(rd_cal_day_seconds(&cal), 9 * HOUR);
	/* Fri 10:00 + 3 days of 9h = 27h: Fri 7.5, Mon 9, Tue 9, Wed 1.5 → 10:00. */
	check_sla(&cal, at(2026, 11, 20, 10, 0), 3, at(2026, 11, 25, 10, 0));
	check_sla(&cal, at(2026, 11, 21, 10, 0), 3, at(2026, 11, 25, 17, 30));
	/* Round-the-clock office. */
	assert_int_equal(rd_cal_set_hours(&cal, 0, 24 * 60), RD_OK);
	check_sla(&cal, at(2026, 11, 20, 10, 0), 1, at(2026, 11, 23, 10, 0));
	rd_cal_fini(&cal);
}

static void test_parse_errors(void **state)
{
	static const struct {
		const char *zText;
		const char *zWant;   /* message prefix */
	} aCase[] = {
		{ "2026-10-01 of 国庆节\n", "h.txt:1: " },
		{ "# c\n\n2026-13-01 off x\n", "h.txt:3: " },
		{ "2026-02-30 off x\n", "h.txt:1: " },
		{ "2026-10-01off\n", "h.txt:1: " },
		{ "2026-10-01\n", "h.txt:1: " },
		{ "26-10-01 off\n", "h.txt:1: " },
		{ "2026-10-01 OFF\n", "h.txt:1: " },
		{ "2026-10-01 holiday\n", "h.txt:1: " },
		{ "2026-10-01 off a\n2026-10-02 off b\n2026-10-01 work c\n", "h.txt:3: " },
		{ "2026-10-01 off\n2026-10-0\x00 off\n", "h.txt:2: " },
	};
	struct rd_calendar cal;
	struct rd_err err;
	size_t i;

	(void)state;
	rd_cal_init(&cal);
	for (i = 0; i < sizeof aCase / sizeof aCase[0]; i++) {
		size_t len = strlen(aCase[i].zText);

		if (i == sizeof aCase / sizeof aCase[0] - 1)
			len = 30;   /* the embedded NUL case */
		rd_err_clear(&err);
		assert_int_equal(rd_cal_parse(&cal, aCase[i].zText, len, "h.txt", &err),
				 RD_ERR_INVALID);
		if (strncmp(err.msg, aCase[i].zWant, strlen(aCase[i].zWant)) != 0)
			fail_msg("case %zu: message \"%s\", want prefix \"%s\"", i,
				 err.msg, aCase[i].zWant);
		/* All-or-nothing: the calendar is still empty. */
		assert_int_equal(cal.nDay, 0);
		assert_true(rd_cal_is_working_day(&cal, 2026, 10, 1));
	}
	rd_cal_fini(&cal);
}

static void test_parse_format(void **state)
{
	static const char zText[] =
		"\xEF\xBB\xBF# header\r\n"
		"\r\n"
		"   # indented comment\n"
		"2026-10-01 off\r\n"
		"2026-10-10\twork\t国庆节调休\n"
		"2026-11-23 off   office closed";   /* no final newline */
	struct rd_calendar cal;
	struct rd_err err;

	(void)state;
	rd_cal_init(&cal);
	assert_int_equal(rd_cal_parse(&cal, zText, strlen(zText), NULL, &err), RD_OK);
	assert_int_equal(cal.nDay, 3);
	assert_false(rd_cal_is_working_day(&cal, 2026, 10, 1));
	assert_true(rd_cal_is_working_day(&cal, 2026, 10, 10));
	assert_false(rd_cal_is_working_day(&cal, 2026, 11, 23));
	/* A later file overrides an earlier entry for the same date. */
	assert_int_equal(rd_cal_parse(&cal, "2026-10-10 off local\n2026-12-31 off x\n",
				      38, "local.txt", &err), RD_OK);
	assert_int_equal(cal.nDay, 4);
	assert_false(rd_cal_is_working_day(&cal, 2026, 10, 10));
	assert_false(rd_cal_is_working_day(&cal, 2026, 12, 31));
	/* Empty input adds nothing. */
	assert_int_equal(rd_cal_parse(&cal, "", 0, "e.txt", &err), RD_OK);
	assert_int_equal(rd_cal_parse(&cal, NULL, 0, "e.txt", &err), RD_OK);
	assert_int_equal(cal.nDay, 4);
	rd_cal_fini(&cal);
}

static void test_shipped_file(void **state)
{
	const struct rd_calendar *cal = *state;

	/* Every data line of etc/holidays-2026.txt was taken. */
	assert_int_equal(cal->nDay, 39);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_working_days, setup_2026, teardown_cal),
		cmocka_unit_test(test_empty_calendar),
		cmocka_unit_test_setup_teardown(test_sla_examples, setup_2026, teardown_cal),
		cmocka_unit_test_setup_teardown(test_sla_holidays, setup_2026, teardown_cal),
		cmocka_unit_test_setup_teardown(test_working_seconds, setup_2026, teardown_cal),
		cmocka_unit_test_setup_teardown(test_working_seconds_naive, setup_2026,
						teardown_cal),
		cmocka_unit_test_setup_teardown(test_working_back, setup_2026,
						teardown_cal),
		cmocka_unit_test(test_hours),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_parse_format),
		cmocka_unit_test_setup_teardown(test_shipped_file, setup_2026, teardown_cal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
