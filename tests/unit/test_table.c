/*
 * test_table.c — the CLI table helper (src/table.c): cells cut by
 * display width on character boundaries, CJK aligned, hostile bytes
 * sanitised; and the workbook's formula-prefix rule (reports/xlsx_util).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/text.h"
#include "reports/xlsx_util.h"
#include "table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Print one row into a string (caller frees). */
static char *row(const struct rd_col *cols, int n, const char *const *cells)
{
	FILE *f = tmpfile();
	char *z = calloc(1, 4096);
	size_t got;

	assert_non_null(f);
	assert_non_null(z);
	rd_table_row(f, cols, n, cells);
	rewind(f);
	got = fread(z, 1, 4095, f);
	z[got] = '\0';
	fclose(f);
	return z;
}

/* Display columns of the first k bytes of z. */
static int width_upto(const char *z, const char *stop)
{
	char *copy = strndup(z, (size_t)(stop - z));
	int w = rd_text_width(copy);

	free(copy);
	return w;
}

static void test_cjk_cut_and_aligned(void **state)
{
	static const struct rd_col cols[] = { { 8, 0 }, { 6, 1 },
					      { RD_COL_REST, 0 } };
	const char *a[] = { "张三丰太极拳研究会", "12", "end" };
	const char *b[] = { "ab", "123456789", "end" };
	char *za, *zb;

	(void)state;
	za = row(cols, 3, a);
	zb = row(cols, 3, b);
	assert_true(rd_text_utf8_valid(za, strlen(za)));
	assert_true(rd_text_utf8_valid(zb, strlen(zb)));
	/* the third column starts at display column 8 + 2 + 6 + 2 = 18 */
	assert_int_equal(width_upto(za, strstr(za, "end")), 18);
	assert_int_equal(width_upto(zb, strstr(zb, "end")), 18);
	/* cut with the ellipsis, never half a character */
	assert_non_null(strstr(za, "…"));
	assert_true(strncmp(za, "张三丰", strlen("张三丰")) == 0);
	/* numbers right-aligned */
	assert_non_null(strstr(za, "      12  end"));
	free(za);
	free(zb);
}

static void test_hostile_sanitised(void **state)
{
	static const struct rd_col cols[] = { { 10, 0 }, { RD_COL_REST, 0 } };
	const char *a[] = { "\x1b[31mred", "tail\x1b]0;title\x07\xff" };
	char *z;

	(void)state;
	z = row(cols, 2, a);
	assert_null(strchr(z, '\x1b'));
	assert_null(strchr(z, '\x07'));
	assert_true(rd_text_utf8_valid(z, strlen(z)));
	free(z);
}

static void test_quote_rule(void **state)
{
	(void)state;
	assert_true(rx_text_needs_quote("=1+1", "=1+1"));
	assert_true(rx_text_needs_quote("+86", "+86"));
	assert_true(rx_text_needs_quote("-2", "-2"));
	assert_true(rx_text_needs_quote("@SUM(A1)", "@SUM(A1)"));
	/* TAB and CR are dropped or blanked by sanitising: the raw text
	 * decides */
	assert_true(rx_text_needs_quote("\t=cmd", " =cmd"));
	assert_true(rx_text_needs_quote("\rx", "x"));
	/* a control character hid the '=' */
	assert_true(rx_text_needs_quote("\x01=x", "=x"));
	assert_false(rx_text_needs_quote("张三", "张三"));
	assert_false(rx_text_needs_quote("a=b", "a=b"));
	assert_false(rx_text_needs_quote("", ""));
	assert_false(rx_text_needs_quote(NULL, NULL));
	assert_true(rx_round(7.75, 1) == 7.8);
	assert_true(rx_round(24.0833, 1) == 24.1);
	assert_true(rx_round(0.04, 1) == 0.0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cjk_cut_and_aligned),
		cmocka_unit_test(test_hostile_sanitised),
		cmocka_unit_test(test_quote_rule),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
