/*
 * test_bank_csv.c — the bank statement reader.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "bank_csv.h"

#include <stdio.h>
#include <string.h>

struct got {
	struct bank_line lines[16];
	int n;
	int bad_line[16];
	char bad_why[16][256];
	int nbad;
};

static int on_line(void *ctx, const struct bank_line *l)
{
	struct got *g = ctx;

	if (g->n < 16)
		g->lines[g->n] = *l;
	g->n++;
	return 0;
}

static int on_bad(void *ctx, int line_no, const char *why)
{
	struct got *g = ctx;

	if (g->nbad < 16) {
		g->bad_line[g->nbad] = line_no;
		snprintf(g->bad_why[g->nbad], sizeof g->bad_why[0], "%s", why);
	}
	g->nbad++;
	return 0;
}

static rd_status parse(const char *text, struct got *g)
{
	memset(g, 0, sizeof *g);
	return bank_csv_parse(text, strlen(text), on_line, on_bad, g, NULL);
}

static void test_chinese_header_bom_crlf(void **state)
{
	struct got g;

	(void)state;
	assert_int_equal(parse("\xEF\xBB\xBF交易日期,付款账号,付款户名,金额,流水号,摘要\r\n"
			       "2026-11-21,6222,\"上海某某有限公司\",\"1,234.56\",B1,\"证书费, 含税\"\r\n"
			       "\r\n"
			       "2026-11-22,6223,王五,0.01,,\r\n",
			       &g),
			 RD_OK);
	assert_int_equal(g.nbad, 0);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.lines[0].value_date, "2026-11-21");
	assert_string_equal(g.lines[0].payer_name, "上海某某有限公司");
	assert_int_equal(g.lines[0].amount_fen, 123456);
	assert_string_equal(g.lines[0].memo, "证书费, 含税");
	assert_int_equal(g.lines[0].line_no, 2);
	assert_int_equal(g.lines[1].line_no, 4);
	assert_int_equal(g.lines[1].amount_fen, 1);
}

static void test_english_header_any_order_quotes(void **state)
{
	struct got g;

	(void)state;
	assert_int_equal(parse("amount,payer_name,date,payer_account\n"
			       "10,\"He said \"\"hi\"\"\",2026-01-02,77\n",
			       &g),
			 RD_OK);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.lines[0].payer_name, "He said \"hi\"");
	assert_string_equal(g.lines[0].payer_account, "77");
	assert_int_equal(g.lines[0].amount_fen, 1000);
	assert_string_equal(g.lines[0].bank_ref, "");
}

static void test_bad_lines_reported_good_kept(void **state)
{
	struct got g;

	(void)state;
	assert_int_equal(parse("date,payer_account,payer_name,amount\n"
			       "2026-02-30,1,a,1.00\n"     /* 2: no such day */
			       "2026-03-01,1,a,1.001\n"    /* 3: 3 decimals */
			       "2026-03-01,1,a,-5\n"       /* 4: negative */
			       "2026-03-01,1,a,5\n"        /* 5: good */
			       "2026-03-01,,a,5\n"         /* 6: no account */
			       "2026-03-01,1,\"a,5\n"      /* 7: open quote */
			       ,
			       &g),
			 RD_OK);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.lines[0].line_no, 5);
	assert_int_equal(g.nbad, 5);
	assert_int_equal(g.bad_line[0], 2);
	assert_int_equal(g.bad_line[1], 3);
	assert_int_equal(g.bad_line[2], 4);
	assert_int_equal(g.bad_line[3], 6);
	assert_int_equal(g.bad_line[4], 7);
	assert_non_null(strstr(g.bad_why[0], "2026-02-30"));
}

static void test_multiline_field_keeps_line_numbers(void **state)
{
	struct got g;

	(void)state;
	assert_int_equal(parse("date,payer_account,payer_name,amount,memo\n"
			       "2026-03-01,1,a,5,\"two\nlines\"\n"
			       "bad,1,a,5,x\n",
			       &g),
			 RD_OK);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.lines[0].memo, "two lines");
	assert_int_equal(g.nbad, 1);
	assert_int_equal(g.bad_line[0], 4);
}

static void test_header_required(void **state)
{
	struct got g;
	struct rd_err err;

	(void)state;
	memset(&g, 0, sizeof g);
	assert_int_equal(bank_csv_parse("", 0, on_line, on_bad, &g, &err),
			 RD_ERR_INVALID);
	assert_int_equal(bank_csv_parse("date,payer_name,amount\n", 23, on_line,
					on_bad, &g, &err),
			 RD_ERR_INVALID);
	assert_non_null(strstr(err.msg, "payer_account"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chinese_header_bom_crlf),
		cmocka_unit_test(test_english_header_any_order_quotes),
		cmocka_unit_test(test_bad_lines_reported_good_kept),
		cmocka_unit_test(test_multiline_field_keeps_line_numbers),
		cmocka_unit_test(test_header_required),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
