/*
 * test_retention.c — the retention rule (core/retention) and the purge
 * (store/retention is tested end to end: tests/retention/run.sh).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/retention.h"
#include "core/timefmt.h"

static int64_t at(int y, int m, int d, int hh, int mm, int ss)
{
	int64_t t = 0;

	assert_int_equal(rd_time_from_local(y, m, d, hh, mm, ss, &t), RD_OK);
	return t;
}

static void test_cutoff(void **state)
{
	(void)state;
	assert_int_equal(rd_retention_cutoff(at(2026, 12, 7, 10, 0, 0), 5),
			 at(2021, 12, 7, 10, 0, 0));
	/* 29 February into a common year */
	assert_int_equal(rd_retention_cutoff(at(2028, 2, 29, 0, 0, 0), 5),
			 at(2023, 2, 28, 0, 0, 0));
	assert_int_equal(rd_retention_cutoff(0, -1), INT64_MIN);
}

static void test_may_purge(void **state)
{
	int64_t now = at(2026, 12, 7, 10, 0, 0);
	int64_t cut = at(2021, 12, 7, 10, 0, 0);

	(void)state;
	assert_true(rd_retention_may_purge(cut - 1, now, 5));
	assert_false(rd_retention_may_purge(cut, now, 5));
	assert_false(rd_retention_may_purge(cut + 1, now, 5));
	assert_false(rd_retention_may_purge(now, now, 5));
	/* unknown end, or a retention below one year: never */
	assert_false(rd_retention_may_purge(0, now, 5));
	assert_false(rd_retention_may_purge(cut - 1, now, 0));
	/* a longer retention keeps what five years would let go */
	assert_false(rd_retention_may_purge(cut - 1, now, 6));
	assert_true(rd_retention_may_purge(at(2020, 1, 1, 0, 0, 0), now, 6));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cutoff),
		cmocka_unit_test(test_may_purge),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
