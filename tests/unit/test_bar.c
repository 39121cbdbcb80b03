/*
 * test_bar.c — text bar charts: rounding to eighths, the smallest
 * visible bar, clamping, widths and the ASCII fallback.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/bar.h"
#include "core/text.h"

#include <string.h>

static void test_eighths(void **state)
{
	(void)state;
	assert_int_equal(rd_bar_eighths(0, 10, 10), 0);
	assert_int_equal(rd_bar_eighths(5, 0, 10), 0);
	assert_int_equal(rd_bar_eighths(5, 10, 0), 0);
	assert_int_equal(rd_bar_eighths(-3, 10, 10), 0);
	assert_int_equal(rd_bar_eighths(10, 10, 10), 80);
	assert_int_equal(rd_bar_eighths(5, 10, 10), 40);
	assert_int_equal(rd_bar_eighths(99, 10, 10), 80);     /* clamped */
	assert_int_equal(rd_bar_eighths(1, 1000000, 10), 1);  /* visible */
	assert_int_equal(rd_bar_eighths(1, 3, 1), 3);         /* 2.67 -> 3 */
	assert_int_equal(rd_bar_eighths(INT64_MAX / 2, INT64_MAX / 2 + 1, 20),
			 160);
	assert_int_equal(rd_bar_eighths(INT64_MAX / 4, INT64_MAX / 2, 20), 80);
}

static void test_text(void **state)
{
	char z[RD_BAR_BUFSZ(10)];

	(void)state;
	rd_bar_text(10, 10, 4, 1, z, sizeof z);
	assert_string_equal(z, "████");
	rd_bar_text(5, 16, 4, 1, z, sizeof z);     /* 10 eighths */
	assert_string_equal(z, "█▎");
	rd_bar_text(1, 1000, 4, 1, z, sizeof z);
	assert_string_equal(z, "▏");
	rd_bar_text(0, 1000, 4, 1, z, sizeof z);
	assert_string_equal(z, "");
	rd_bar_text(7, 8, 1, 1, z, sizeof z);
	assert_string_equal(z, "▉");
	rd_bar_text(10, 10, 10, 1, z, sizeof z);
	assert_int_equal(rd_text_width(z), 10);
	assert_int_equal(strlen(z), 30);
	/* Too small a buffer: whole characters only. */
	rd_bar_text(10, 10, 10, 1, z, 8);
	assert_string_equal(z, "██");
}

static void test_ascii(void **state)
{
	char z[RD_BAR_BUFSZ(10)];

	(void)state;
	rd_bar_text(10, 10, 5, 0, z, sizeof z);
	assert_string_equal(z, "#####");
	rd_bar_text(1, 1000, 5, 0, z, sizeof z);
	assert_string_equal(z, "#");
	rd_bar_text(5, 10, 5, 0, z, sizeof z);     /* 2.5 columns -> 3 */
	assert_string_equal(z, "###");
	rd_bar_text(0, 10, 5, 0, z, sizeof z);
	assert_string_equal(z, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_eighths),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_ascii),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
