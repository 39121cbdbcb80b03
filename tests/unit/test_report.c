/*
 * test_report.c — pure parts of the reports: the working-time histogram
 * percentiles, archive-safe names, the fixed workbook labels.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "helpers/deadpid.h"
#include "reports/common.h"
#include "reports/daily.h"
#include "reports/dossier.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

static void touch(const char *zDir, const char *zName, long pid)
{
	char zPath[512];
	FILE *f;

	snprintf(zPath, sizeof zPath, "%s/%s%ld", zDir, zName, pid);
	f = fopen(zPath, "w");
	assert_non_null(f);
	fclose(f);
}

static int present(const char *zDir, const char *zName, long pid)
{
	char zPath[512];
	struct stat sb;

	snprintf(zPath, sizeof zPath, "%s/%s%ld", zDir, zName, pid);
	return stat(zPath, &sb) == 0;
}

/* A run killed mid-write leaves its temp file; the next run removes it,
 * but not the file of a run still going, nor another report's. */
static void test_tmp_reserve_sweeps_dead_runs(void **state)
{
	char zDir[] = "/tmp/radesk-report-XXXXXX";
	char zFinal[256], zTmp[512];
	const char *zDaily = ".radesk-daily-2026-11-20.xlsx.tmp-";
	pid_t dead;

	(void)state;
	assert_non_null(mkdtemp(zDir));
	dead = test_dead_pid();
	touch(zDir, zDaily, (long)dead);
	touch(zDir, zDaily, (long)getppid());
	touch(zDir, ".radesk-range-x.xlsx.tmp-", (long)dead);
	snprintf(zFinal, sizeof zFinal, "%s/radesk-daily-2026-11-20.xlsx", zDir);
	assert_int_equal(rd_report_tmp_reserve(zFinal, zTmp, sizeof zTmp, NULL),
			 RD_OK);
	assert_false(present(zDir, zDaily, (long)dead));
	assert_true(present(zDir, zDaily, (long)getppid()));
	assert_true(present(zDir, ".radesk-range-x.xlsx.tmp-", (long)dead));
	assert_true(present(zDir, zDaily, (long)getpid()));
	unlink(zTmp);
	{
		char zPath[512];

		snprintf(zPath, sizeof zPath, "%s/%s%ld", zDir, zDaily,
			 (long)getppid());
		unlink(zPath);
		snprintf(zPath, sizeof zPath, "%s/.radesk-range-x.xlsx.tmp-%ld",
			 zDir, (long)dead);
		unlink(zPath);
	}
	assert_int_equal(rmdir(zDir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hist_empty),
		cmocka_unit_test(test_hist_nearest_rank),
		cmocka_unit_test(test_hist_resolution_and_clamp),
		cmocka_unit_test(test_safe_name),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_tmp_reserve_sweeps_dead_runs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
