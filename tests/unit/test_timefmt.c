/*
 * test_timefmt.c — civil dates, RFC 3339, UTC+08:00 formatting.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/timefmt.h"

#include <string.h>

static void test_days_from_civil(void **state)
{
	int y, m, d;
	int64_t i;

	(void)state;
	assert_int_equal(rd_time_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(rd_time_days_from_civil(1969, 12, 31), -1);
	assert_int_equal(rd_time_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(rd_time_days_from_civil(2026, 11, 20), 20777);
	assert_int_equal(rd_time_days_from_civil(0, 1, 1), -719528);
	assert_int_equal(rd_time_days_from_civil(9999, 12, 31), 2932896);
	/* Round trip across a wide span, including leap days. */
	for (i = -800000; i < 3000000; i += 997) {
		rd_time_civil_from_days(i, &y, &m, &d);
		assert_true(rd_time_date_valid(y, m, d) || y < 0 || y > 9999);
		assert_int_equal(rd_time_days_from_civil(y, m, d), i);
	}
	rd_time_civil_from_days(rd_time_days_from_civil(2024, 2, 29), &y, &m, &d);
	assert_int_equal(y, 2024);
	assert_int_equal(m, 2);
	assert_int_equal(d, 29);
}

static void test_leap_and_weekday(void **state)
{
	(void)state;
	assert_true(rd_time_is_leap(2000));
	assert_true(rd_time_is_leap(2024));
	assert_false(rd_time_is_leap(1900));
	assert_false(rd_time_is_leap(2026));
	assert_int_equal(rd_time_days_in_month(2026, 2), 28);
	assert_int_equal(rd_time_days_in_month(2028, 2), 29);
	assert_int_equal(rd_time_days_in_month(2026, 13), 0);
	assert_false(rd_time_date_valid(2026, 2, 29));
	assert_false(rd_time_date_valid(2026, 4, 31));
	assert_false(rd_time_date_valid(2026, 0, 1));
	assert_false(rd_time_date_valid(10000, 1, 1));
	/* 1970-01-01 Thursday; 2026-11-20 Friday; 2026-09-20 Sunday. */
	assert_int_equal(rd_time_weekday(0), 4);
	assert_int_equal(rd_time_weekday(-1), 3);
	assert_int_equal(rd_time_weekday(-4), 7);
	assert_int_equal(rd_time_weekday(rd_time_days_from_civil(2026, 11, 20)), 5);
	assert_int_equal(rd_time_weekday(rd_time_days_from_civil(2026, 9, 20)), 7);
	assert_int_equal(rd_time_weekday(rd_time_days_from_civil(2026, 10, 10)), 6);
}

static void test_rfc3339_good(void **state)
{
	int64_t t = 0;

	(void)state;
	assert_int_equal(rd_time_parse_rfc3339("2026-11-20T09:31:02+08:00", &t, NULL),
			 RD_OK);
	assert_int_equal(t, 1795138262);
	assert_int_equal(rd_time_parse_rfc3339("2026-11-20T01:31:02Z", &t, NULL), RD_OK);
	assert_int_equal(t, 1795138262);
	assert_int_equal(rd_time_parse_rfc3339("2026-11-20t01:31:02z", &t, NULL), RD_OK);
	assert_int_equal(t, 1795138262);
	assert_int_equal(rd_time_parse_rfc3339("2026-11-19T20:01:02-05:30", &t, NULL),
			 RD_OK);
	assert_int_equal(t, 1795138262);
	assert_int_equal(rd_time_parse_rfc3339("2026-11-20T01:31:02.999999Z", &t, NULL),
			 RD_OK);
	assert_int_equal(t, 1795138262);
	assert_int_equal(rd_time_parse_rfc3339("1970-01-01T00:00:00Z", &t, NULL), RD_OK);
	assert_int_equal(t, 0);
	assert_int_equal(rd_time_parse_rfc3339("1969-12-31T23:59:59Z", &t, NULL), RD_OK);
	assert_int_equal(t, -1);
	assert_int_equal(rd_time_parse_rfc3339("2024-02-29T12:00:00+00:00", &t, NULL),
			 RD_OK);
	assert_int_equal(t, 1709208000);
	assert_int_equal(rd_time_parse_rfc3339("2000-02-29T00:00:00Z", &t, NULL), RD_OK);
}

static void test_rfc3339_bad(void **state)
{
	static const char *const aBad[] = {
		"", "2026-11-20", "2026-11-20 09:31:02+08:00",
		"2026-11-20T09:31:02", "2026-11-20T09:31+08:00",
		"2026-11-20T09:31:02+0800", "2026-11-20T09:31:02+08",
		"2026-11-20T09:31:02.+08:00", "2026-11-20T09:31:02+08:00 ",
		" 2026-11-20T09:31:02+08:00", "26-11-20T09:31:02+08:00",
		"2026-1-20T09:31:02+08:00", "2026/11/20T09:31:02+08:00",
		"2026-11-20T9:31:02+08:00", "2026-11-20T09:31:02Zjunk",
		"2026-13-20T09:31:02+08:00", "2026-00-20T09:31:02+08:00",
		"2026-02-29T09:31:02+08:00", "1900-02-29T00:00:00Z",
		"2026-04-31T09:31:02+08:00", "2026-11-20T24:00:00+08:00",
		"2026-11-20T09:60:02+08:00", "2026-11-20T09:31:60+08:00",
		"2026-11-20T09:31:02+24:00", "2026-11-20T09:31:02+08:60",
		"２０２６-11-20T09:31:02+08:00",
	};
	struct rd_err err;
	int64_t t = 42;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof aBad / sizeof aBad[0]; i++) {
		rd_err_clear(&err);
		if (rd_time_parse_rfc3339(aBad[i], &t, &err) != RD_ERR_INVALID)
			fail_msg("accepted \"%s\"", aBad[i]);
		assert_int_equal(err.code, RD_ERR_INVALID);
		assert_true(err.msg[0] != '\0');
		assert_int_equal(t, 42);
	}
	assert_int_equal(rd_time_parse_rfc3339(NULL, &t, NULL), RD_ERR_INVALID);
}

static void test_format_local(void **state)
{
	char z[RD_TIME_BUFSZ];

	(void)state;
	assert_int_equal(rd_time_format_local(1795138262, z, sizeof z, RD_TIME_MINUTES),
			 RD_OK);
	assert_string_equal(z, "2026-11-20 09:31");
	assert_int_equal(rd_time_format_local(1795138262, z, sizeof z, RD_TIME_SECONDS),
			 RD_OK);
	assert_string_equal(z, "2026-11-20 09:31:02");
	assert_int_equal(rd_time_format_local(1795138262, z, sizeof z, RD_TIME_DATE),
			 RD_OK);
	assert_string_equal(z, "2026-11-20");
	assert_int_equal(rd_time_format_local(1795138262, z, sizeof z, RD_TIME_RFC3339),
			 RD_OK);
	assert_string_equal(z, "2026-11-20T09:31:02+08:00");
	/* UTC 16:00 is already the next local day. */
	assert_int_equal(rd_time_format_local(1795190400, z, sizeof z,
					      RD_TIME_SECONDS), RD_OK);
	assert_string_equal(z, "2026-11-21 00:00:00");
	assert_int_equal(rd_time_format_local(-1, z, sizeof z, RD_TIME_SECONDS), RD_OK);
	assert_string_equal(z, "1970-01-01 07:59:59");
	assert_int_equal(rd_time_format_local(RD_TIME_MIN, z, sizeof z, RD_TIME_SECONDS),
			 RD_OK);
	assert_string_equal(z, "0000-01-01 00:00:00");
	assert_int_equal(rd_time_format_local(RD_TIME_MAX, z, sizeof z, RD_TIME_SECONDS),
			 RD_OK);
	assert_string_equal(z, "9999-12-31 23:59:59");
	/* Out of range and extremes: no overflow, an error and "". */
	assert_int_equal(rd_time_format_local(RD_TIME_MAX + 1, z, sizeof z, 0),
			 RD_ERR_INVALID);
	assert_string_equal(z, "");
	assert_int_equal(rd_time_format_local(INT64_MAX, z, sizeof z, 0), RD_ERR_INVALID);
	assert_int_equal(rd_time_format_local(INT64_MIN, z, sizeof z, 0), RD_ERR_INVALID);
	assert_int_equal(rd_time_format_local(0, z, sizeof z, 99), RD_ERR_INVALID);
	/* Small buffer. */
	assert_int_equal(rd_time_format_local(0, z, 10, RD_TIME_DATE), RD_ERR_LIMIT);
	assert_string_equal(z, "");
	assert_int_equal(rd_time_format_local(0, z, 11, RD_TIME_DATE), RD_OK);
	assert_string_equal(z, "1970-01-01");
}

static void test_round_trip(void **state)
{
	char z[RD_TIME_BUFSZ];
	int64_t t, back;

	(void)state;
	for (t = -3000000000LL; t < 5000000000LL; t += 86399 * 37 + 13) {
		assert_int_equal(rd_time_format_local(t, z, sizeof z, RD_TIME_RFC3339),
				 RD_OK);
		assert_int_equal(rd_time_parse_rfc3339(z, &back, NULL), RD_OK);
		assert_int_equal(back, t);
	}
}

static void test_local_helpers(void **state)
{
	struct rd_tm tm;
	int64_t t = 0;
	int sec = -1;

	(void)state;
	assert_int_equal(rd_time_from_local(2026, 11, 20, 9, 31, 2, &t), RD_OK);
	assert_int_equal(t, 1795138262);
	assert_int_equal(rd_time_from_local(2026, 2, 29, 0, 0, 0, &t), RD_ERR_INVALID);
	assert_int_equal(rd_time_from_local(2026, 2, 28, 24, 0, 0, &t), RD_ERR_INVALID);
	assert_int_equal(rd_time_to_local(1795138262, &tm), RD_OK);
	assert_int_equal(tm.year, 2026);
	assert_int_equal(tm.mon, 11);
	assert_int_equal(tm.day, 20);
	assert_int_equal(tm.hour, 9);
	assert_int_equal(tm.min, 31);
	assert_int_equal(tm.sec, 2);
	assert_int_equal(tm.wday, 5);
	assert_int_equal(rd_time_local_day(-28800, &sec), 0);
	assert_int_equal(sec, 0);
	assert_int_equal(rd_time_local_day(-28801, &sec), -1);
	assert_int_equal(sec, 86399);
	assert_int_equal(rd_time_to_local(INT64_MIN, &tm), RD_ERR_INVALID);
}

static void test_parse_date(void **state)
{
	int y = 0, m = 0, d = 0;

	(void)state;
	assert_int_equal(rd_time_parse_date("2026-10-10", &y, &m, &d), RD_OK);
	assert_int_equal(y, 2026);
	assert_int_equal(m, 10);
	assert_int_equal(d, 10);
	assert_int_equal(rd_time_parse_date("2026-02-29", &y, &m, &d), RD_ERR_INVALID);
	assert_int_equal(rd_time_parse_date("2026-1-01", &y, &m, &d), RD_ERR_INVALID);
	assert_int_equal(rd_time_parse_date("2026-01-011", &y, &m, &d), RD_ERR_INVALID);
	assert_int_equal(rd_time_parse_date("2026/01/01", &y, &m, &d), RD_ERR_INVALID);
	assert_int_equal(rd_time_parse_date("", &y, &m, &d), RD_ERR_INVALID);
	assert_int_equal(rd_time_parse_date(NULL, &y, &m, &d), RD_ERR_INVALID);
	assert_int_equal(y, 2026);
	assert_int_equal(m, 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_days_from_civil),
		cmocka_unit_test(test_leap_and_weekday),
		cmocka_unit_test(test_rfc3339_good),
		cmocka_unit_test(test_rfc3339_bad),
		cmocka_unit_test(test_format_local),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_local_helpers),
		cmocka_unit_test(test_parse_date),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
