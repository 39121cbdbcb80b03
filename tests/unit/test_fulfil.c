/*
 * test_fulfil.c — the fulfilment store: the day's shipments (masked,
 * paged), the issues list, the supervisor's production retry and label
 * prints.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "helpers/testdb.h"
#include "clock.h"
#include "store/fulfil.h"
#include "store/internal.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 2026-11-20T10:00:00+08:00 */
#define NOW 1795140000
#define DAY0 (NOW - 10 * 3600)

/* Operators: 1 auditor, 2 supervisor, 3 disabled supervisor.
 * A1 in production with a QC-failed order; A2 shipped with a labelled
 * waybill; A3 in production whose order job is dead; A4 cancelled with a
 * dead job (not an issue); A5 shipped yesterday. */
static const char zSeed[] =
	"INSERT INTO operators(id,login,role,enabled,created_at,updated_at)"
	" VALUES (1,'alice','auditor',1,0,0),(2,'sue','supervisor',1,0,0),"
	" (3,'old','supervisor',0,0,0);"
	"INSERT INTO applications(id,app_no,type,state,current_version,"
	" submitted_at,sla_due_at,org_name,created_at,updated_at) VALUES"
	" (1,'A1','new','in_production',1,0,0,'甲公司',0,0),"
	" (2,'A2','replace','shipped',1,0,0,'乙公司',0,0),"
	" (3,'A3','new','in_production',1,0,0,'丙公司',0,0),"
	" (4,'A4','new','cancelled',1,0,0,'丁公司',0,0),"
	" (5,'A5','new','shipped',1,0,0,'戊公司',0,0);"
	"INSERT INTO app_versions(id,app_id,version,type,submitted_at,"
	" submitted_at_text,bundle_sha256,manifest_json,ingested_at,sla_due_at,"
	" pay_method,pay_amount_fen,ship_recipient,ship_mobile,ship_province,"
	" ship_city) SELECT id,id,1,type,0,'','x','{}',0,0,'wechat',100,"
	" '张小明','13800138000','广东省','深圳市' FROM applications;"
	"INSERT INTO jobs(id,kind,app_id,idem_key,payload,state,max_attempts,"
	" next_attempt_at,last_error,created_at,updated_at) VALUES"
	" (1,'production_order',1,'production:A1:v1','{\"app_no\":\"A1\"}',"
	"  'done',8,0,'',0,100),"
	" (2,'production_order',3,'production:A3:v1','{\"app_no\":\"A3\"}',"
	"  'dead',8,0,'HTTP 500',0,200),"
	" (3,'courier_status',4,'waybill:A4:v1:status','{}','dead',8,0,"
	"  'gone',0,300);"
	"INSERT INTO production_orders(id,app_id,job_id,order_id,state,"
	" attempt,idem_key,last_error,created_at,updated_at) VALUES"
	" (1,1,1,'PO1','qc_failed',1,'production:A1:v1','QC: chip',0,150),"
	" (2,3,2,NULL,'requested',1,'production:A3:v1','',0,0);"
	"INSERT INTO shipments(id,app_id,waybill_no,carrier,state,label_sha256,"
	" created_at,updated_at) VALUES"
	" (1,2,'SF100','sf','picked_up','" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',"
	"  1795140000 - 3600, 1795140000 - 3600),"
	" (2,5,'SF099','sf','in_transit',NULL,1795140000 - 86400,"
	"  1795140000 - 86400);";

static void set_now(int64_t t)
{
	char z[32];

	snprintf(z, sizeof z, "@%lld", (long long)t);
	setenv("RADESK_NOW", z, 1);
	rd_clock_reset();
}

static int setup(void **state)
{
	struct testdb *t = calloc(1, sizeof *t);

	set_now(NOW);
	testdb_open(t);
	assert_int_equal(testdb_exec_raw(t, zSeed), 0);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct testdb *t = *state;

	testdb_close(t);
	free(t);
	return 0;
}

/* One integer from SQL on the store's own connection. */
static int64_t q_int(struct testdb *t, const char *zSql)
{
	sqlite3_stmt *p = NULL;
	struct rd_err err;
	int64_t v = -1;

	assert_int_equal(st_prepare(t->st, zSql, &p, &err), RD_OK);
	if (sqlite3_step(p) == SQLITE_ROW)
		v = sqlite3_column_int64(p, 0);
	sqlite3_finalize(p);
	return v;
}

static void q_text(struct testdb *t, const char *zSql, char *buf, size_t n)
{
	sqlite3_stmt *p = NULL;
	struct rd_err err;

	buf[0] = '\0';
	assert_int_equal(st_prepare(t->st, zSql, &p, &err), RD_OK);
	if (sqlite3_step(p) == SQLITE_ROW)
		st_column_copy(p, 0, buf, n);
	sqlite3_finalize(p);
}

static void test_ship_list_day(void **state)
{
	struct testdb *t = *state;
	struct store_ship_row rows[4];
	struct rd_err err;
	int n = -1, total = -1;

	assert_int_equal(store_ship_list(t->st, DAY0, DAY0 + 86400, 0, 4,
					 rows, &n, &total, &err),
			 RD_OK);
	assert_int_equal(n, 1);
	assert_int_equal(total, 1);
	assert_string_equal(rows[0].app_no, "A2");
	assert_string_equal(rows[0].waybill_no, "SF100");
	assert_string_equal(rows[0].state, "picked_up");
	assert_string_equal(rows[0].app_state, "shipped");
	assert_string_equal(rows[0].recipient, "张*明");
	assert_string_equal(rows[0].mobile, "138****8000");
	assert_string_equal(rows[0].city, "广东省深圳市");
	assert_int_equal(rows[0].has_label, 1);
	assert_string_equal(rows[0].print_state, "");
	/* The day before holds the other one; paging past the end is empty. */
	assert_int_equal(store_ship_list(t->st, DAY0 - 86400, DAY0, 0, 4,
					 rows, &n, &total, &err),
			 RD_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].waybill_no, "SF099");
	assert_int_equal(rows[0].has_label, 0);
	assert_int_equal(store_ship_list(t->st, DAY0 - 86400, DAY0 + 86400, 1,
					 4, rows, &n, &total, &err),
			 RD_OK);
	assert_int_equal(total, 2);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].waybill_no, "SF100");
}

static void test_issues(void **state)
{
	struct testdb *t = *state;
	struct store_fulfil_issue rows[8];
	struct rd_err err;
	int n = -1, total = -1;

	assert_int_equal(store_fulfil_issues(t->st, 0, 8, rows, &n, &total,
					     &err),
			 RD_OK);
	/* A3's dead order job (newest), A1's QC failure; A4 is cancelled. */
	assert_int_equal(total, 2);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].what, STORE_FI_JOB_DEAD);
	assert_string_equal(rows[0].app_no, "A3");
	assert_string_equal(rows[0].kind, "production_order");
	assert_string_equal(rows[0].detail, "HTTP 500");
	assert_int_equal(rows[1].what, STORE_FI_QC_FAILED);
	assert_string_equal(rows[1].app_no, "A1");
	assert_int_equal(rows[1].attempt, 1);
	assert_string_equal(rows[1].detail, "QC: chip");
	assert_int_equal(store_fulfil_issues(t->st, 1, 8, rows, &n, NULL,
					     &err),
			 RD_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].app_no, "A1");
}

static void test_retry_after_qc_failure(void **state)
{
	struct testdb *t = *state;
	struct rd_err err;
	char z[256];

	/* An auditor or a disabled supervisor may not. */
	assert_int_equal(store_fulfil_retry_production(t->st, "alice", 1, 1,
						       "again", &err),
			 RD_ERR_DENIED);
	assert_int_equal(store_fulfil_retry_production(t->st, "old", 3, 1,
						       "again", &err),
			 RD_ERR_DENIED);
	assert_int_equal(store_fulfil_retry_production(t->st, "sue", 2, 1,
						       "chip cracked", &err),
			 RD_OK);
	assert_int_equal(q_int(t, "SELECT count(*) FROM production_orders "
				  "WHERE app_id=1"),
			 2);
	assert_int_equal(q_int(t, "SELECT attempt FROM production_orders "
				  "WHERE app_id=1 ORDER BY id DESC LIMIT 1"),
			 2);
	q_text(t, "SELECT j.idem_key||' '||j.state||' '||j.payload||' '||"
		  "po.state FROM production_orders po JOIN jobs j ON "
		  "j.id=po.job_id WHERE po.app_id=1 ORDER BY po.id DESC "
		  "LIMIT 1",
	       z, sizeof z);
	assert_string_equal(z, "production:A1:v1:r1 pending "
			       "{\"app_no\":\"A1\"} requested");
	q_text(t, "SELECT actor||' '||action||' '||subject||' '||details "
		  "FROM audit_log ORDER BY id DESC LIMIT 1",
	       z, sizeof z);
	assert_non_null(strstr(z, "sue production.retry A1 "));
	assert_non_null(strstr(z, "\"note\":\"chip cracked\""));
	assert_non_null(strstr(z, "\"mode\":\"new_order\""));
	/* The new order is alive: a second retry has nothing to do, and the
	 * QC failure is no longer an issue. */
	assert_int_equal(store_fulfil_retry_production(t->st, "sue", 2, 1,
						       "", &err),
			 RD_ERR_STATE);
	assert_int_equal(q_int(t, "SELECT count(*) FROM jobs WHERE "
				  "kind='production_order' AND app_id=1"),
			 2);
}

static void test_retry_dead_job(void **state)
{
	struct testdb *t = *state;
	struct rd_err err;

	assert_int_equal(store_fulfil_retry_production(t->st, "sue", 2, 3,
						       NULL, &err),
			 RD_OK);
	/* Same job, same key: no second order at the provider. */
	assert_int_equal(q_int(t, "SELECT count(*) FROM jobs WHERE app_id=3"),
			 1);
	assert_int_equal(q_int(t, "SELECT state='pending' AND attempts=0 "
				  "FROM jobs WHERE id=2"),
			 1);
	assert_int_equal(q_int(t, "SELECT count(*) FROM production_orders "
				  "WHERE app_id=3"),
			 1);
	/* Not in production: refused. */
	assert_int_equal(store_fulfil_retry_production(t->st, "sue", 2, 2,
						       NULL, &err),
			 RD_ERR_STATE);
	assert_int_equal(store_fulfil_retry_production(t->st, "sue", 2, 99,
						       NULL, &err),
			 RD_ERR_NOTFOUND);
}

static void test_label_print(void **state)
{
	struct testdb *t = *state;
	struct rd_err err;
	char z[256];

	assert_int_equal(store_label_print_enqueue(t->st, "alice", 1, 1, &err),
			 RD_OK);
	q_text(t, "SELECT j.kind||' '||j.idem_key||' '||lp.state||' '||lp.n||"
		  "' '||lp.requested_by FROM label_prints lp JOIN jobs j ON "
		  "j.id=lp.job_id WHERE lp.shipment_id=1",
	       z, sizeof z);
	assert_string_equal(z, "label_print label:SF100:1 queued 1 1");
	/* Not twice while one is queued. */
	assert_int_equal(store_label_print_enqueue(t->st, "alice", 1, 1, &err),
			 RD_ERR_STATE);
	assert_int_equal(testdb_exec_raw(t, "UPDATE label_prints SET "
					    "state='printed'"),
			 0);
	assert_int_equal(store_label_print_enqueue(t->st, "alice", 1, 1, &err),
			 RD_OK);
	assert_int_equal(q_int(t, "SELECT count(*) FROM jobs WHERE "
				  "idem_key='label:SF100:2'"),
			 1);
	assert_int_equal(q_int(t, "SELECT count(*) FROM audit_log WHERE "
				  "action='label.print' AND subject='A2'"),
			 2);
	/* No label yet; no such shipment; nobody signed in. */
	assert_int_equal(store_label_print_enqueue(t->st, "alice", 1, 2, &err),
			 RD_ERR_STATE);
	assert_int_equal(store_label_print_enqueue(t->st, "alice", 1, 9, &err),
			 RD_ERR_NOTFOUND);
	assert_int_equal(store_label_print_enqueue(t->st, "x", 0, 1, &err),
			 RD_ERR_DENIED);
}

static void test_label_batch(void **state)
{
	struct testdb *t = *state;
	struct rd_err err;
	int queued = -1;

	assert_int_equal(store_label_print_batch(t->st, "alice", 1, DAY0,
						 DAY0 + 86400, 0, &queued,
						 &err),
			 RD_ERR_DENIED);
	assert_int_equal(store_label_print_batch(t->st, "sue", 2, DAY0,
						 DAY0 + 86400, 1, &queued,
						 &err),
			 RD_OK);
	assert_int_equal(queued, 1);
	/* The print is queued: a second batch adds nothing. */
	assert_int_equal(store_label_print_batch(t->st, "sue", 2, DAY0,
						 DAY0 + 86400, 0, &queued,
						 &err),
			 RD_OK);
	assert_int_equal(queued, 0);
}

static void test_find_waybill(void **state)
{
	struct testdb *t = *state;
	struct rd_err err;
	int64_t id = 0;

	assert_int_equal(store_ship_find_waybill(t->st, "SF099", &id, &err),
			 RD_OK);
	assert_int_equal(id, 2);
	assert_int_equal(store_ship_find_waybill(t->st, "nope", &id, &err),
			 RD_ERR_NOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ship_list_day, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_issues, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retry_after_qc_failure,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_retry_dead_job, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_label_print, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_label_batch, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_find_waybill, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
