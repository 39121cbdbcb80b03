/*
 * test_payments.c — statement import (idempotent), automatic and manual
 * payment matching, checks and the verification summary, on a temporary
 * database with the real migrations.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "store/checks.h"
#include "store/jobs.h"
#include "store/payments.h"
#include "store/store.h"

#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct fx {
	char dir[64];
	char path[96];
	struct store *st;
};

/* Raw SQL through a second connection: fixtures only (applications and
 * versions are the ingest's to write). */
static void sql(struct fx *f, const char *zSql)
{
	sqlite3 *db = NULL;
	char *zErr = NULL;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	if (sqlite3_exec(db, zSql, NULL, NULL, &zErr) != SQLITE_OK)
		fail_msg("%s: %s", zSql, zErr);
	sqlite3_close(db);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	snprintf(f->dir, sizeof f->dir, "/tmp/rd-pay-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
	if (store_open(f->path, 5000, 1, &f->st, NULL) != RD_OK ||
	    store_migrate(f->st, NULL, NULL) != RD_OK)
		return -1;
	sql(f,
	    "INSERT INTO operators(id,login,role,created_at,updated_at) "
	    "VALUES(1,'au','auditor',0,0);"
	    "INSERT INTO applications(id,app_no,type,state,current_version,"
	    "submitted_at,sla_due_at,org_name,created_at,updated_at) VALUES"
	    "(1,'A1','new','received',1,0,0,'甲公司',0,0),"
	    "(2,'A2','new','received',1,0,0,'乙公司',0,0),"
	    "(3,'A3','new','received',1,0,0,'丙公司',0,0);"
	    "INSERT INTO app_versions(id,app_id,version,type,submitted_at,"
	    "submitted_at_text,bundle_sha256,manifest_json,ingested_at,"
	    "sla_due_at,pay_method,pay_amount_fen,xfer_payer_account,"
	    "xfer_payer_name,xfer_amount_fen,xfer_date) VALUES"
	    "(1,1,1,'new',0,'','','{}',0,0,'transfer',50000,'111','甲公司',50000,'2026-11-20'),"
	    "(2,2,1,'new',0,'','','{}',0,0,'transfer',50000,'222','乙公司',50000,'2026-11-01'),"
	    "(3,3,1,'new',0,'','','{}',0,0,'transfer',50000,'333','丙公司',50000,'2026-11-20');"
	    "INSERT INTO payments(app_id,version_id,method,amount_fen,state,"
	    "created_at) VALUES(1,1,'transfer',50000,'unmatched',0),"
	    "(2,2,'transfer',50000,'unmatched',0),"
	    "(3,3,'transfer',50000,'unmatched',0);");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char cmd[128];

	store_close(&f->st);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static struct bank_line line(int no, const char *date, const char *acct,
			     const char *name, int64_t fen, const char *ref)
{
	struct bank_line l;

	memset(&l, 0, sizeof l);
	l.line_no = no;
	snprintf(l.value_date, sizeof l.value_date, "%s", date);
	snprintf(l.payer_account, sizeof l.payer_account, "%s", acct);
	snprintf(l.payer_name, sizeof l.payer_name, "%s", name);
	l.amount_fen = fen;
	snprintf(l.bank_ref, sizeof l.bank_ref, "%s", ref);
	return l;
}

static void payment_state(struct fx *f, int64_t app, const char *want,
			  int64_t *line_id)
{
	struct store_payment p;

	assert_int_equal(store_payment_get(f->st, app, &p, NULL), RD_OK);
	assert_string_equal(p.state, want);
	if (line_id)
		*line_id = p.line_id;
}

static int count_lines(void *ctx, const struct store_bank_row *r)
{
	(void)r;
	(*(int *)ctx)++;
	return 0;
}

static void test_import_match_reimport(void **state)
{
	struct fx *f = *state;
	struct store_bank_import_result res;
	struct bank_line ls[5];
	int64_t lid = 0;
	int nfree = 0;
	char sum[64];

	ls[0] = line(2, "2026-11-21", "111", "甲公司", 50000, "");  /* A1 */
	ls[1] = line(3, "2026-11-21", "222", "乙公司", 50000, "");  /* A2: 20 days late */
	ls[2] = line(4, "2026-11-21", "333", "丙公司X", 50000, ""); /* A3: name differs */
	ls[3] = line(5, "2026-11-22", "999", "丁", 100, "");
	ls[4] = line(6, "2026-11-22", "999", "丁", 100, "");        /* same again */
	assert_int_equal(store_bank_import(f->st, "au", "s.csv", "ab", ls, 5, 1,
					   &res, NULL),
			 RD_OK);
	assert_int_equal(res.lines_ok, 5);  /* identical lines both kept */
	assert_int_equal(res.lines_dup, 0);
	assert_int_equal(res.lines_bad, 1);
	assert_int_equal(res.matched, 1);
	payment_state(f, 1, "matched", &lid);
	assert_true(lid > 0);
	payment_state(f, 2, "unmatched", NULL);
	payment_state(f, 3, "unmatched", NULL);
	assert_int_equal(store_check_summary(f->st, 1, sum, sizeof sum, NULL),
			 RD_OK);
	assert_string_equal(sum, "P✓");
	assert_int_equal(store_check_summary(f->st, 2, sum, sizeof sum, NULL),
			 RD_OK);
	assert_string_equal(sum, "P✗");

	/* Same statement again: nothing new, nothing matched twice. */
	assert_int_equal(store_bank_import(f->st, "au", "s.csv", "ab", ls, 5, 1,
					   &res, NULL),
			 RD_OK);
	assert_int_equal(res.lines_ok, 0);
	assert_int_equal(res.lines_dup, 5);
	assert_int_equal(res.matched, 0);
	assert_int_equal(store_bank_unmatched_lines(f->st, count_lines, &nfree,
						    NULL),
			 RD_OK);
	assert_int_equal(nfree, 4);
}

static void test_manual_match(void **state)
{
	struct fx *f = *state;
	struct store_bank_import_result res;
	struct bank_line l = line(2, "2026-11-21", "333", "丙公司X", 50000, "R");
	int64_t lid = 0, used = 0;
	struct rd_err err;

	assert_int_equal(store_bank_import(f->st, "au", "m.csv", "cd", &l, 1, 0,
					   &res, NULL),
			 RD_OK);
	assert_int_equal(res.matched, 0);
	/* The only line of this fresh database. */
	lid = 1;
	assert_int_equal(store_payment_match_manual(f->st, "au", 1, "A3", 999,
						    &err),
			 RD_ERR_NOTFOUND);
	assert_int_equal(store_payment_match_manual(f->st, "au", 1, "A3", lid,
						    &err),
			 RD_OK);
	payment_state(f, 3, "manual", &used);
	assert_int_equal(used, lid);
	/* Neither the payment nor the line can be matched twice. */
	assert_int_equal(store_payment_match_manual(f->st, "au", 1, "A3", lid,
						    &err),
			 RD_ERR_STATE);
	assert_int_equal(store_payment_match_manual(f->st, "au", 1, "A2", lid,
						    &err),
			 RD_ERR_STATE);
	assert_int_equal(store_payment_match_manual(f->st, "au", 1, "NOPE", lid,
						    &err),
			 RD_ERR_NOTFOUND);
}

static void test_checks_summary_and_rerun(void **state)
{
	struct fx *f = *state;
	int64_t job = 0, job2 = 0, app = 0;
	char sum[64];

	assert_int_equal(store_begin(f->st, NULL), RD_OK);
	assert_int_equal(store_job_enqueue(f->st, "telecom_verify", 1,
					   "telecom:A1:v1:handler",
					   "{\"name\":\"x\"}", 0, 3, &job, NULL),
			 RD_OK);
	assert_int_equal(store_commit(f->st, NULL), RD_OK);
	{
		char z[256];

		snprintf(z, sizeof z,
			 "INSERT INTO checks(app_id,version_id,kind,state,job_id,"
			 "created_at,updated_at) VALUES(1,1,'telecom_handler',"
			 "'pending',%lld,0,0)",
			 (long long)job);
		sql(f, z);
	}
	assert_int_equal(store_check_summary(f->st, 1, sum, sizeof sum, NULL),
			 RD_OK);
	assert_string_equal(sum, "T… P✗");
	assert_int_equal(store_begin(f->st, NULL), RD_OK);
	assert_int_equal(store_check_update_by_job(f->st, job, "mismatch",
						   "TEL1", "no", &app, NULL),
			 RD_OK);
	assert_int_equal(app, 1);
	assert_int_equal(store_check_summary_refresh(f->st, 1, NULL), RD_OK);
	assert_int_equal(store_commit(f->st, NULL), RD_OK);
	assert_int_equal(store_check_summary(f->st, 1, sum, sizeof sum, NULL),
			 RD_OK);
	assert_string_equal(sum, "T✗ P✗");
	/* Re-run: a new job with a new key, the summary back to pending. */
	assert_int_equal(store_check_rerun(f->st, "au", 1, 1, "telecom_handler",
					   &job2, NULL),
			 RD_OK);
	assert_true(job2 > job);
	{
		struct store_job j;

		assert_int_equal(store_job_get(f->st, job2, &j, NULL), RD_OK);
		assert_string_equal(j.idem_key, "telecom:A1:v1:handler:r1");
		assert_string_equal(j.payload, "{\"name\":\"x\"}");
		store_job_fini(&j);
	}
	assert_int_equal(store_check_summary(f->st, 1, sum, sizeof sum, NULL),
			 RD_OK);
	assert_string_equal(sum, "T… P✗");
	assert_int_equal(store_check_rerun(f->st, "au", 1, 1, "bank_fin_auth",
					   NULL, NULL),
			 RD_ERR_NOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_import_match_reimport,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_manual_match, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_checks_summary_and_rerun,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
