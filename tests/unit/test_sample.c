/*
 * test_sample.c — the self-audit sample's rules (core/sample); the store
 * and the command are tested end to end in tests/sample/run.sh.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/sample.h"
#include "core/timefmt.h"

static void test_size(void **state)
{
	(void)state;
	assert_int_equal(rd_sample_size(0), 0);
	assert_int_equal(rd_sample_size(-5), 0);
	assert_int_equal(rd_sample_size(1), 1);
	assert_int_equal(rd_sample_size(33), 1);
	assert_int_equal(rd_sample_size(34), 2);
	assert_int_equal(rd_sample_size(100), 3);
	assert_int_equal(rd_sample_size(101), 4);
	for (int64_t p = 1; p < 5000; p++) {
		int64_t n = rd_sample_size(p);

		assert_true(n * 100 >= p * 3);
		assert_true(n <= p);
		assert_true((n - 1) * 100 < p * 3 || n == 1);
	}
}

static void test_may_review(void **state)
{
	(void)state;
	assert_true(rd_sample_may_review(2, 1, 2));
	assert_false(rd_sample_may_review(1, 1, 1)); /* own decision */
	assert_false(rd_sample_may_review(3, 1, 2)); /* not assigned */
	assert_false(rd_sample_may_review(0, 1, 0));
}

static void test_quarter(void **state)
{
	int64_t from = 0, to = 0, want = 0;

	(void)state;
	assert_int_equal(rd_quarter_parse("2026Q4", &from, &to), RD_OK);
	assert_int_equal(rd_time_from_local(2026, 10, 1, 0, 0, 0, &want), RD_OK);
	assert_int_equal(from, want);
	assert_int_equal(rd_time_from_local(2027, 1, 1, 0, 0, 0, &want), RD_OK);
	assert_int_equal(to, want);
	assert_int_equal(rd_quarter_parse("2026Q1", &from, &to), RD_OK);
	assert_int_equal(rd_time_from_local(2026, 4, 1, 0, 0, 0, &want), RD_OK);
	assert_int_equal(to, want);
	assert_int_equal(rd_quarter_parse("2026Q5", &from, &to), RD_ERR_INVALID);
	assert_int_equal(rd_quarter_parse("2026q4", &from, &to), RD_ERR_INVALID);
	assert_int_equal(rd_quarter_parse("26Q4", &from, &to), RD_ERR_INVALID);
	assert_int_equal(rd_quarter_parse("2026Q4x", &from, &to), RD_ERR_INVALID);
	assert_int_equal(rd_quarter_parse(NULL, &from, &to), RD_ERR_INVALID);
}

static void test_splitmix(void **state)
{
	uint64_t a = 42, b = 42;

	(void)state;
	for (int i = 0; i < 100; i++)
		assert_true(rd_splitmix64(&a) == rd_splitmix64(&b));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_may_review),
		cmocka_unit_test(test_quarter),
		cmocka_unit_test(test_splitmix),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
