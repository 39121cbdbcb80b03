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

/* One integer from raw SQL on a second connection. */
static int64_t sql_int(struct fx *f, const char *zSql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *p = NULL;
	int64_t v = -1;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, zSql, -1, &p, NULL), SQLITE_OK);
	if (sqlite3_step(p) == SQLITE_ROW)
		v = sqlite3_column_int64(p, 0);
	sqlite3_finalize(p);
	sqlite3_close(db);
	return v;
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

/* Names as banks print them: spaces and bracket widths do not count,
 * anything else does. */
static void test_automatch_folds_names(void **state)
{
	struct fx *f = *state;
	struct store_bank_import_result res;
	struct bank_line ls[2];

	sql(f, "UPDATE app_versions SET xfer_payer_name='丙公司（北京分部）' "
	       "WHERE id=3;"
	       "UPDATE app_versions SET xfer_payer_name='乙 公司' WHERE id=2;");
	ls[0] = line(2, "2026-11-21", "333", "丙公司 (北京分部)", 50000, "");
	ls[1] = line(3, "2026-11-01", "222", "乙公司分部", 50000, "");
	assert_int_equal(store_bank_import(f->st, "au", "f.csv", "ff", ls, 2, 0,
					   &res, NULL),
			 RD_OK);
	assert_int_equal(res.matched, 1);
	payment_state(f, 3, "matched", NULL);
	payment_state(f, 2, "unmatched", NULL);
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
	/* A deposit whose job died (the bank may have acted before the
	 * timeout) is asked again under its own key: no second deposit. */
	sql(f, "INSERT INTO jobs(id,kind,app_id,idem_key,payload,state,"
	       "attempts,max_attempts,next_attempt_at,last_error,created_at,"
	       "updated_at) VALUES(900,'bank_deposit',1,'bank:A1:v1:deposit',"
	       "'{}','dead',8,8,0,'timeout',0,0);"
	       "INSERT INTO checks(app_id,version_id,kind,state,job_id,"
	       "detail,created_at,updated_at) VALUES(1,1,'bank_fin_auth',"
	       "'error',900,'timeout',0,0);");
	job2 = 0;
	assert_int_equal(store_check_rerun(f->st, "au", 1, 1, "bank_fin_auth",
					   &job2, NULL),
			 RD_OK);
	assert_int_equal(job2, 900);
	{
		struct store_job j;

		assert_int_equal(store_job_get(f->st, 900, &j, NULL), RD_OK);
		assert_string_equal(j.state, "pending");
		assert_string_equal(j.idem_key, "bank:A1:v1:deposit");
		store_job_fini(&j);
	}
	assert_int_equal(store_check_summary(f->st, 1, sum, sizeof sum, NULL),
			 RD_OK);
	assert_string_equal(sum, "T… B… P✗");
}

/* A fourth application with a realistic account, for the picker. */
static void add_a4(struct fx *f)
{
	sql(f,
	    "INSERT INTO applications(id,app_no,type,state,current_version,"
	    "submitted_at,sla_due_at,org_name,created_at,updated_at) VALUES"
	    "(4,'A4','new','received',1,0,0,'深圳市某某科技有限公司',0,0);"
	    "INSERT INTO app_versions(id,app_id,version,type,submitted_at,"
	    "submitted_at_text,bundle_sha256,manifest_json,ingested_at,"
	    "sla_due_at,pay_method,pay_amount_fen,xfer_payer_account,"
	    "xfer_payer_name,xfer_amount_fen,xfer_date) VALUES"
	    "(4,4,1,'new',0,'','','{}',0,0,'transfer',50000,"
	    "'6222020200112233445','深圳市某某科技有限公司',50000,'2026-11-20');"
	    "INSERT INTO payments(app_id,version_id,method,amount_fen,state,"
	    "created_at) VALUES(4,4,'transfer',50000,'unmatched',0);");
}

struct cands {
	int n;
	struct store_bank_candidate a[16];
};

static int on_cand(void *ctx, const struct store_bank_candidate *c)
{
	struct cands *k = ctx;

	if (k->n < 16)
		k->a[k->n++] = *c;
	return 0;
}

static void test_candidates(void **state)
{
	struct fx *f = *state;
	struct store_bank_import_result res;
	struct bank_line ls[7];
	struct cands k, pg;
	const char *want[] = { "B", "C", "D", "A", "E" };

	add_a4(f);
	/* A: the same account and name (a space more), another amount.
	 * B: the last four digits and the name, the amount, a day early.
	 * C: the name contained, the amount, ten days early.
	 * D: nothing alike but the amount, 50 days early (any date).
	 * E: another amount, a day late (inside the window).
	 * F: another amount, outside the window: not offered.
	 * G: A1's line, matched automatically: not offered. */
	ls[0] = line(2, "2026-11-23", "6222020200112233445",
		     "深圳市某某科技有限公司 ", 49900, "A");
	ls[1] = line(3, "2026-11-19", "6222999999992233445",
		     "深圳市某某科技有限公司", 50000, "B");
	ls[2] = line(4, "2026-11-10", "1111222233334444", "某某科技", 50000, "C");
	ls[3] = line(5, "2026-10-01", "5555", "别家", 50000, "D");
	ls[4] = line(6, "2026-11-21", "5555", "别家", 100, "E");
	ls[5] = line(7, "2026-09-01", "5555", "别家", 100, "F");
	ls[6] = line(8, "2026-11-20", "111", "甲公司", 50000, "G");
	assert_int_equal(store_bank_import(f->st, "au", "k.csv", "ef", ls, 7, 0,
					   &res, NULL),
			 RD_OK);
	assert_int_equal(res.matched, 1);
	memset(&k, 0, sizeof k);
	assert_int_equal(store_bank_candidates(f->st, 4, NULL, 16, on_cand, &k,
					       NULL),
			 RD_OK);
	assert_int_equal(k.n, 5);
	for (int i = 0; i < 5; i++)
		assert_string_equal(k.a[i].row.line.bank_ref, want[i]);
	assert_int_equal(k.a[0].same_amount, 1);
	assert_int_equal(k.a[0].account, STORE_LIKE_PART);
	assert_int_equal(k.a[0].name, STORE_LIKE_SAME);
	assert_int_equal(k.a[0].days, -1);
	assert_int_equal(k.a[1].name, STORE_LIKE_PART);
	assert_int_equal(k.a[1].account, STORE_LIKE_NONE);
	assert_int_equal(k.a[1].days, -10);
	assert_int_equal(k.a[3].same_amount, 0);
	assert_int_equal(k.a[3].account, STORE_LIKE_SAME);
	assert_int_equal(k.a[3].name, STORE_LIKE_SAME);  /* folded */
	assert_int_equal(k.a[4].days, 1);
	/* Paged two at a time: the same five in the same order. */
	memset(&pg, 0, sizeof pg);
	for (int guard = 0; guard < 5; guard++) {
		int before = pg.n;

		assert_int_equal(store_bank_candidates(f->st, 4,
						       pg.n ? &pg.a[pg.n - 1]
							    : NULL,
						       2, on_cand, &pg, NULL),
				 RD_OK);
		if (pg.n == before)
			break;
	}
	assert_int_equal(pg.n, 5);
	for (int i = 0; i < 5; i++)
		assert_int_equal(pg.a[i].row.id, k.a[i].row.id);
	/* Once B is matched by hand it is no longer offered. */
	assert_int_equal(store_payment_match_manual(f->st, "au", 1, "A4",
						    k.a[0].row.id, NULL),
			 RD_OK);
	memset(&pg, 0, sizeof pg);
	assert_int_equal(store_bank_candidates(f->st, 3, NULL, 16, on_cand,
					       &pg, NULL),
			 RD_OK);
	for (int i = 0; i < pg.n; i++)
		assert_int_not_equal(pg.a[i].row.id, k.a[0].row.id);
}

struct rows {
	int n;
	struct store_bank_row a[16];
};

static int on_row(void *ctx, const struct store_bank_row *r)
{
	struct rows *k = ctx;

	if (k->n < 16)
		k->a[k->n++] = *r;
	return 0;
}

static int on_pay(void *ctx, const struct store_payment *p)
{
	int64_t *ids = ctx;

	ids[++ids[0]] = p->app_id;
	return 0;
}

static int on_import(void *ctx, const struct store_bank_import_row *r)
{
	int64_t *ids = ctx;

	ids[++ids[0]] = r->id;
	return 0;
}

static void test_pages_unmatch_and_counts(void **state)
{
	struct fx *f = *state;
	struct store_bank_import_result res;
	struct store_reconcile_counts cnt;
	struct store_payment pay;
	struct bank_line ls[4];
	struct rows all, pg;
	struct rd_operator au = { 1, "au", "", RD_ROLE_AUDITOR, 1 };
	struct rd_operator su = { 2, "su", "", RD_ROLE_SUPERVISOR, 1 };
	int64_t ids[8] = { 0 }, lineB;
	struct rd_err err;

	sql(f, "INSERT INTO operators(id,login,role,created_at,updated_at) "
	       "VALUES(2,'su','supervisor',0,0)");
	ls[0] = line(2, "2026-11-22", "111", "甲公司", 50000, "A1");
	ls[1] = line(3, "2026-11-05", "9", "x", 70000, "B");
	ls[2] = line(4, "2026-11-05", "9", "y", 70000, "C");
	ls[3] = line(5, "2026-11-01", "9", "z", 70000, "D");
	assert_int_equal(store_bank_import(f->st, "au", "p1.csv", "01", ls, 2, 0,
					   &res, NULL),
			 RD_OK);
	assert_int_equal(store_bank_import(f->st, "au", "p2.csv", "02", ls + 2,
					   2, 1, &res, NULL),
			 RD_OK);
	/* Free lines in statement order, the matched one left out, and
	 * paged one at a time the same. */
	memset(&all, 0, sizeof all);
	assert_int_equal(store_bank_free_lines(f->st, NULL, -1, on_row, &all,
					       NULL),
			 RD_OK);
	assert_int_equal(all.n, 3);
	assert_string_equal(all.a[0].line.bank_ref, "D");
	assert_string_equal(all.a[1].line.bank_ref, "B");
	assert_string_equal(all.a[2].line.bank_ref, "C");
	memset(&pg, 0, sizeof pg);
	for (int i = 0; i < 4; i++)
		assert_int_equal(store_bank_free_lines(f->st,
						       pg.n ? &pg.a[pg.n - 1]
							    : NULL,
						       1, on_row, &pg, NULL),
				 RD_OK);
	assert_int_equal(pg.n, 3);
	for (int i = 0; i < 3; i++)
		assert_int_equal(pg.a[i].id, all.a[i].id);
	lineB = all.a[1].id;

	/* Unmatched payments (A2, A3) by index, one page after A2's. */
	assert_int_equal(store_payment_unmatched_page(f->st, 0, 1, on_pay, ids,
						      NULL),
			 RD_OK);
	assert_int_equal(store_payment_unmatched_page(f->st, 2, 5, on_pay, ids,
						      NULL),
			 RD_OK);
	assert_int_equal(ids[0], 2);
	assert_int_equal(ids[1], 2);
	assert_int_equal(ids[2], 3);
	/* Imports newest first, paged. */
	ids[0] = 0;
	assert_int_equal(store_bank_imports(f->st, 0, 1, on_import, ids, NULL),
			 RD_OK);
	assert_int_equal(store_bank_imports(f->st, ids[1], 5, on_import, ids,
					    NULL),
			 RD_OK);
	assert_int_equal(ids[0], 2);
	assert_true(ids[1] > ids[2]);
	assert_int_equal(store_reconcile_counts(f->st, &cnt, NULL), RD_OK);
	assert_int_equal(cnt.unmatched, 2);
	assert_int_equal(cnt.free_lines, 3);
	assert_int_equal(cnt.imports, 2);

	/* A match by hand shows its line and who made it... */
	assert_int_equal(store_payment_match_manual(f->st, "au", 1, "A2", lineB,
						    NULL),
			 RD_OK);
	assert_int_equal(store_payment_get(f->st, 2, &pay, NULL), RD_OK);
	assert_string_equal(pay.state, "manual");
	assert_string_equal(pay.matched_by, "au");
	assert_string_equal(pay.line.bank_ref, "B");
	assert_int_equal(pay.line.amount_fen, 70000);
	assert_true(pay.matched_at > 0);
	assert_int_equal(store_reconcile_counts(f->st, &cnt, NULL), RD_OK);
	assert_int_equal(cnt.free_lines, 2);
	/* ...an automatic one no operator. */
	assert_int_equal(store_payment_get(f->st, 1, &pay, NULL), RD_OK);
	assert_string_equal(pay.state, "matched");
	assert_string_equal(pay.matched_by, "");
	assert_string_equal(pay.line.bank_ref, "A1");

	/* Undo: supervisors only, matches by hand only, audited. */
	assert_int_equal(store_payment_unmatch(f->st, &au, 2, &err),
			 RD_ERR_DENIED);
	assert_int_equal(store_payment_unmatch(f->st, &su, 1, &err),
			 RD_ERR_STATE);
	assert_int_equal(store_payment_unmatch(f->st, &su, 99, &err),
			 RD_ERR_NOTFOUND);
	assert_int_equal(store_payment_unmatch(f->st, &su, 2, &err), RD_OK);
	payment_state(f, 2, "unmatched", NULL);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM audit_log WHERE "
				    "action='payment.unmatch' AND actor='su' "
				    "AND subject='A2'"),
			 1);
	assert_int_equal(store_payment_get(f->st, 2, &pay, NULL), RD_OK);
	assert_int_equal(pay.line_id, 0);
	assert_string_equal(pay.matched_by, "");
	assert_int_equal(store_reconcile_counts(f->st, &cnt, NULL), RD_OK);
	assert_int_equal(cnt.free_lines, 3);
	assert_int_equal(cnt.unmatched, 2);
	{
		char sum[64];

		assert_int_equal(store_check_summary(f->st, 2, sum, sizeof sum,
						     NULL),
				 RD_OK);
		assert_string_equal(sum, "P✗");
	}
	/* The line can be matched again. */
	assert_int_equal(store_payment_match_manual(f->st, "su", 2, "A3", lineB,
						    NULL),
			 RD_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_import_match_reimport,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_automatch_folds_names,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_manual_match, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_checks_summary_and_rerun,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_candidates, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_pages_unmatch_and_counts,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
