/*
 * test_money.c — fen formatting and parsing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/money.h"

#include <string.h>

static void check_fmt(int64_t fen, const char *zWant)
{
	char z[RD_MONEY_BUFSZ];

	assert_int_equal(rd_money_format(fen, z, sizeof z), RD_OK);
	assert_string_equal(z, zWant);
}

static void test_format(void **state)
{
	(void)state;
	check_fmt(0, "¥0.00");
	check_fmt(1, "¥0.01");
	check_fmt(10, "¥0.10");
	check_fmt(10000, "¥100.00");
	check_fmt(-50, "-¥0.50");
	check_fmt(-1, "-¥0.01");
	check_fmt(99999, "¥999.99");
	check_fmt(100000, "¥1,000.00");
	check_fmt(123456789, "¥1,234,567.89");
	check_fmt(-123456789, "-¥1,234,567.89");
	check_fmt(100000000, "¥1,000,000.00");
	check_fmt(INT64_MAX, "¥92,233,720,368,547,758.07");
	check_fmt(INT64_MIN, "-¥92,233,720,368,547,758.08");
	check_fmt(INT64_MIN + 1, "-¥92,233,720,368,547,758.07");
}

static void test_format_flags_and_limits(void **state)
{
	char z[RD_MONEY_BUFSZ];

	(void)state;
	assert_int_equal(rd_money_format_ex(123456789, RD_MONEY_NO_SYMBOL, z, sizeof z),
			 RD_OK);
	assert_string_equal(z, "1,234,567.89");
	assert_int_equal(rd_money_format_ex(-123456789,
					    RD_MONEY_NO_SYMBOL | RD_MONEY_NO_GROUPING,
					    z, sizeof z), RD_OK);
	assert_string_equal(z, "-1234567.89");
	assert_int_equal(rd_money_format_ex(100000, RD_MONEY_NO_GROUPING, z, sizeof z),
			 RD_OK);
	assert_string_equal(z, "¥1000.00");
	/* "¥100.00" is 8 bytes: 9 fit, 8 do not. */
	assert_int_equal(rd_money_format(10000, z, 9), RD_OK);
	assert_string_equal(z, "¥100.00");
	assert_int_equal(rd_money_format(10000, z, 8), RD_ERR_LIMIT);
	assert_string_equal(z, "");
	assert_int_equal(rd_money_format(10000, z, 0), RD_ERR_LIMIT);
}

static void check_parse(const char *s, int64_t want)
{
	struct rd_err err;
	int64_t fen = -777;

	rd_err_clear(&err);
	if (rd_money_parse(s, &fen, &err) != RD_OK)
		fail_msg("\"%s\" rejected: %s", s, err.msg);
	assert_int_equal(fen, want);
}

static void check_reject(const char *s)
{
	struct rd_err err;
	int64_t fen = -777;

	rd_err_clear(&err);
	if (rd_money_parse(s, &fen, &err) != RD_ERR_INVALID)
		fail_msg("\"%s\" accepted as %lld", s ? s : "(null)", (long long)fen);
	assert_int_equal(fen, -777);
	assert_true(err.msg[0] != '\0');
}

static void test_parse_good(void **state)
{
	(void)state;
	check_parse("100", 10000);
	check_parse("100.5", 10050);
	check_parse("100.50", 10050);
	check_parse("100.05", 10005);
	check_parse("0", 0);
	check_parse("0.01", 1);
	check_parse("1,234.00", 123400);
	check_parse("1,234,567.89", 123456789);
	check_parse("¥100", 10000);
	check_parse("￥100.00", 10000);
	check_parse("  ¥1,000  ", 100000);
	check_parse("-¥0.50", -50);
	check_parse("-0.5", -50);
	check_parse("007", 700);
	check_parse("92233720368547758.07", INT64_MAX);
	check_parse("-92233720368547758.08", INT64_MIN);
	check_parse("¥92,233,720,368,547,758.07", INT64_MAX);
}

static void test_parse_bad(void **state)
{
	(void)state;
	check_reject(NULL);
	check_reject("");
	check_reject("   ");
	check_reject("¥");
	check_reject("-");
	check_reject("100.505");
	check_reject("0.001");
	check_reject("100.");
	check_reject(".5");
	check_reject("1.2.3");
	check_reject("abc");
	check_reject("100元");
	check_reject("1e3");
	check_reject("0x10");
	check_reject("+100");
	check_reject("--1");
	check_reject("¥-1");
	check_reject("1 000");
	check_reject("1,2345");
	check_reject("12,34");
	check_reject(",123");
	check_reject("1,,234");
	check_reject("1234,567");
	check_reject("1,234,");
	check_reject("1,234.5,0");
	check_reject("１００");
	check_reject("92233720368547758.08");
	check_reject("92233720368547759");
	check_reject("-92233720368547758.09");
	check_reject("99999999999999999999999");
}

static void test_round_trip(void **state)
{
	static const int64_t aVal[] = {
		0, 1, -1, 99, 100, 12345, -987654321, INT64_MAX, INT64_MIN,
	};
	char z[RD_MONEY_BUFSZ];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof aVal / sizeof aVal[0]; i++) {
		int64_t back = 0;

		assert_int_equal(rd_money_format(aVal[i], z, sizeof z), RD_OK);
		assert_int_equal(rd_money_parse(z, &back, NULL), RD_OK);
		assert_int_equal(back, aVal[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_flags_and_limits),
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
