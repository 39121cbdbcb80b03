/*
 * test_report.c — pure parts of the reports: the working-time histogram
 * percentiles, archive-safe names, the fixed workbook labels.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "reports/daily.h"
#include "reports/dossier.h"

#include <stdlib.h>
#include <string.h>

static void test_hist_empty(void **state)
{
	struct rd_wh_hist *h = calloc(1, sizeof *h);

	(void)state;
	assert_non_null(h);
	assert_int_equal(rd_wh_hist_percentile(h, 0.5), 0);
	assert_int_equal(rd_wh_hist_percentile(h, 0.9), 0);
	free(h);
}

static void test_hist_nearest_rank(void **state)
{
	struct rd_wh_hist *h = calloc(1, sizeof *h);

	(void)state;
	assert_non_null(h);
	/* 10 values: 1..10 hours. Nearest rank: p50 -> 5th, p90 -> 9th. */
	for (int i = 10; i >= 1; i--)
		rd_wh_hist_add(h, (int64_t)i * 3600);
	assert_int_equal(rd_wh_hist_percentile(h, 0.5), 5 * 3600);
	assert_int_equal(rd_wh_hist_percentile(h, 0.9), 9 * 3600);
	assert_int_equal(rd_wh_hist_percentile(h, 1.0), 10 * 3600);
	assert_int_equal(rd_wh_hist_percentile(h, 0.01), 1 * 3600);
	free(h);
}

static void test_hist_resolution_and_clamp(void **state)
{
	struct rd_wh_hist *h = calloc(1, sizeof *h);

	(void)state;
	assert_non_null(h);
	rd_wh_hist_add(h, 59);        /* same minute as 0 */
	rd_wh_hist_add(h, -100);      /* negative counts as 0 */
	rd_wh_hist_add(h, INT64_MAX / 2);  /* beyond the range: last bucket */
	assert_int_equal(h->n, 3);
	assert_int_equal(rd_wh_hist_percentile(h, 0.5), 0);
	assert_int_equal(rd_wh_hist_percentile(h, 1.0),
			 (int64_t)RD_WH_HIST_MINUTES * 60);
	free(h);
}

static void test_safe_name(void **state)
{
	char z[80];

	(void)state;
	rd_dossier_safe_name("scans/../license.jpg", z, sizeof z);
	assert_string_equal(z, "license.jpg");
	rd_dossier_safe_name("../../etc/passwd", z, sizeof z);
	assert_string_equal(z, "passwd");
	rd_dossier_safe_name("营业执照 副本.png", z, sizeof z);
	assert_null(strchr(z, '/'));
	assert_null(strchr(z, ' '));
	assert_string_equal(z + strlen(z) - 4, ".png");
	rd_dossier_safe_name("...", z, sizeof z);
	assert_string_equal(z, "file");
	rd_dossier_safe_name("dir/", z, sizeof z);
	assert_string_equal(z, "file");
	rd_dossier_safe_name(NULL, z, sizeof z);
	assert_string_equal(z, "file");
}

static void test_labels(void **state)
{
	(void)state;
	assert_string_equal(rd_report_label("reject"), "未通过");
	assert_string_equal(rd_report_label("wechat"), "微信支付");
	assert_string_equal(rd_report_label("in_review"), "审核中");
	/* Unknown names pass through, NULL is empty. */
	assert_string_equal(rd_report_label("something_new"), "something_new");
	assert_string_equal(rd_report_label(NULL), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hist_empty),
		cmocka_unit_test(test_hist_nearest_rank),
		cmocka_unit_test(test_hist_resolution_and_clamp),
		cmocka_unit_test(test_safe_name),
		cmocka_unit_test(test_labels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
