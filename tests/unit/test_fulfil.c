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

/* The approval the review recorded for app_id (the fixture sets states
 * directly): the gate lets a key be remade, or a renewal be reported
 * installed, only under an approval in force. */
static void approval_in_force(struct testdb *t, int64_t app_id)
{
	char zSql[320];

	snprintf(zSql, sizeof zSql,
		 "INSERT INTO decisions(app_id,version_id,operator_id,action,"
		 "from_state,to_state,created_at) SELECT a.id,v.id,2,'approve',"
		 "'in_review',a.state,0 FROM applications a JOIN app_versions v"
		 " ON v.app_id=a.id AND v.version=a.current_version"
		 " WHERE a.id=%lld", (long long)app_id);
	assert_int_equal(testdb_exec_raw(t, zSql), 0);
}

static void test_retry_after_qc_failure(void **state)
{
	struct testdb *t = *state;
	struct rd_err err;
	char z[256];

	/* Not without the approval in force. */
	assert_int_equal(store_fulfil_retry_production(t->st, "sue", 2, 1,
						       "again", &err),
			 RD_ERR_STATE);
	assert_non_null(strstr(rd_err_msg(&err), "no approval in force"));
	approval_in_force(t, 1);
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

	approval_in_force(t, 3);
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
	/* A print whose job a supervisor cancelled does not block. */
	assert_int_equal(testdb_exec_raw(t, "UPDATE jobs SET state='cancelled'"
					    " WHERE kind='label_print'"),
			 0);
	assert_int_equal(store_label_print_enqueue(t->st, "alice", 1, 1, &err),
			 RD_OK);
	assert_int_equal(testdb_exec_raw(t, "UPDATE label_prints SET "
					    "state='printed'"),
			 0);
	assert_int_equal(store_label_print_enqueue(t->st, "alice", 1, 1, &err),
			 RD_OK);
	assert_int_equal(q_int(t, "SELECT count(*) FROM jobs WHERE "
				  "idem_key='label:SF100:3'"),
			 1);
	assert_int_equal(q_int(t, "SELECT count(*) FROM audit_log WHERE "
				  "action='label.print' AND subject='A2'"),
			 3);
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

/* ---- approval and the worker's outcomes ------------------------------- */

/* A6: new, org, transfer, e-invoice, approved; A7: renew, personal,
 * transfer, ready to install; A8: replace, wechat, approved. */
static const char zSeed2[] =
	"INSERT INTO applications(id,app_no,type,state,current_version,"
	" submitted_at,sla_due_at,org_name,created_at,updated_at) VALUES"
	" (6,'A6','new','approved',1,0,0,'己公司',0,0),"
	" (7,'A7','renew','ready_to_install',1,0,0,'庚公司',0,0),"
	" (8,'A8','replace','approved',2,0,0,'辛公司',0,0);"
	"INSERT INTO app_versions(id,app_id,version,type,submitted_at,"
	" submitted_at_text,bundle_sha256,manifest_json,ingested_at,sla_due_at,"
	" cert_holder,cert_algorithm,cert_subject_cn,org_id_no,handler_name,"
	" handler_mobile,handler_email,applicant_name,applicant_mobile,"
	" applicant_email,pay_method,pay_amount_fen,invoice_wanted,"
	" invoice_title,invoice_taxpayer_id,ship_recipient,ship_mobile,"
	" ship_address) VALUES"
	" (6,6,1,'new',0,'','x','{}',0,0,'org','SM2','CN6','U6','张','13800000006',"
	"  'h6@x.cn','李','13900000006','a6@x.cn','transfer',50000,1,'己公司',"
	"  'T6','收六','13700000006','路6号'),"
	" (7,7,1,'renew',0,'','x','{}',0,0,'personal','RSA','CN7','U7','张',"
	"  '13800000007','h7@x.cn','李','13900000007','a7@x.cn','transfer',"
	"  30000,0,NULL,NULL,NULL,NULL,NULL),"
	" (8,8,2,'replace',0,'','x','{}',0,0,'org','SM2','CN8','U8','张',"
	"  '13800000008','','李','','','wechat',10000,0,NULL,NULL,'收八',"
	"  '13700000008','路8号');";

static int setup2(void **state)
{
	struct testdb *t;

	setup(state);
	t = *state;
	assert_int_equal(testdb_exec_raw(t, zSeed2), 0);
	return 0;
}

static void approve(struct testdb *t, int64_t app_id, const char *note)
{
	struct rd_err err;
	char zSql[320];

	/* The decision the review would have recorded: the gate lets
	 * production start only on an approval in force. */
	snprintf(zSql, sizeof zSql,
		 "INSERT INTO decisions(app_id,version_id,operator_id,action,"
		 "from_state,to_state,created_at) SELECT a.id,v.id,2,'approve',"
		 "'in_review',a.state,0 FROM applications a JOIN app_versions v"
		 " ON v.app_id=a.id AND v.version=a.current_version"
		 " WHERE a.id=%lld", (long long)app_id);
	assert_int_equal(testdb_exec_raw(t, zSql), 0);
	assert_int_equal(store_begin(t->st, &err), RD_OK);
	assert_int_equal(store_fulfil_on_approve(t->st, app_id, NULL, note,
						 &err),
			 RD_OK);
	assert_int_equal(store_commit(t->st, &err), RD_OK);
}

static void test_on_approve(void **state)
{
	struct testdb *t = *state;
	char z[512], pin[16];

	approve(t, 6, "");
	q_text(t, "SELECT pin FROM app_pins WHERE app_id=6", pin, sizeof pin);
	assert_int_equal(strlen(pin), 6);
	q_text(t, "SELECT po.state||' '||po.attempt||' '||j.idem_key||' '||"
		  "json_extract(j.payload,'$.pin')||' '||"
		  "json_extract(j.payload,'$.outlet') FROM production_orders po"
		  " JOIN jobs j ON j.id=po.job_id WHERE po.app_id=6",
	       z, sizeof z);
	{
		char want[128];

		snprintf(want, sizeof want,
			 "requested 1 production:A6:v1 %s default", pin);
		assert_string_equal(z, want);
	}
	/* Transfer, organisation certificate: the PIN SMS to the handler. */
	q_text(t, "SELECT json_extract(payload,'$.to')||' '||"
		  "json_extract(payload,'$.pin')||' '||"
		  "json_extract(payload,'$.event') FROM jobs WHERE "
		  "idem_key='notify:A6:v1:pin'",
	       z, sizeof z);
	assert_non_null(strstr(z, "13800000006 "));
	assert_non_null(strstr(z, pin));
	q_text(t, "SELECT json_extract(payload,'$.title')||' '||"
		  "json_extract(payload,'$.taxpayer_id')||' '||"
		  "json_extract(payload,'$.amount_fen')||' '||"
		  "json_extract(payload,'$.email') FROM jobs WHERE "
		  "idem_key='invoice:A6:v1'",
	       z, sizeof z);
	assert_string_equal(z, "己公司 T6 50000 h6@x.cn");
	/* A replay adds nothing. */
	approve(t, 6, "");
	assert_int_equal(q_int(t, "SELECT count(*) FROM jobs WHERE app_id=6"),
			 3);
	assert_int_equal(q_int(t, "SELECT count(*) FROM production_orders "
				  "WHERE app_id=6"),
			 1);
	assert_int_equal(q_int(t, "SELECT count(*) FROM audit_log WHERE"
				  " action='invoice.not_reissued'"),
			 0);
	/* Its invoice issued, a version 2 approved again: production
	 * again, but never a second invoice (store/invoice.h), audited. */
	assert_int_equal(testdb_exec_raw(t,
		"UPDATE applications SET invoice_no='INV6', current_version=2"
		" WHERE id=6;"
		"INSERT INTO app_versions(id,app_id,version,type,submitted_at,"
		" submitted_at_text,bundle_sha256,manifest_json,ingested_at,"
		" sla_due_at,cert_holder,cert_algorithm,cert_subject_cn,"
		" org_id_no,handler_name,handler_mobile,handler_email,"
		" pay_method,pay_amount_fen,invoice_wanted,invoice_title,"
		" invoice_taxpayer_id,ship_recipient,ship_mobile,ship_address)"
		" SELECT 16,6,2,type,0,'','y','{}',0,0,cert_holder,"
		" cert_algorithm,cert_subject_cn,org_id_no,handler_name,"
		" handler_mobile,handler_email,'wechat',50000,1,invoice_title,"
		" invoice_taxpayer_id,ship_recipient,ship_mobile,ship_address"
		" FROM app_versions WHERE id=6"),
		0);
	approve(t, 6, "");
	assert_int_equal(q_int(t, "SELECT count(*) FROM jobs WHERE"
				  " idem_key='production:A6:v2'"),
			 1);
	assert_int_equal(q_int(t, "SELECT count(*) FROM jobs WHERE app_id=6"
				  " AND kind='invoice'"),
			 1);
	assert_int_equal(q_int(t, "SELECT count(*) FROM audit_log WHERE"
				  " action='invoice.not_reissued' AND"
				  " subject='A6' AND json_extract(details,"
				  "'$.why') LIKE '%INV6%'"),
			 1);
	/* Renewal, personal certificate: notice; PIN to the applicant. */
	approve(t, 7, "请安装");
	q_text(t, "SELECT group_concat(idem_key||'>'||"
		  "coalesce(json_extract(payload,'$.to'),"
		  "json_extract(payload,'$.note')),' ') FROM "
		  "(SELECT * FROM jobs WHERE app_id=7 ORDER BY id)",
	       z, sizeof z);
	assert_string_equal(z, "notify:A7:v1:ready_to_install>请安装 "
			       "notify:A7:v1:pin>13900000007");
	assert_int_equal(q_int(t, "SELECT count(*) FROM production_orders "
				  "WHERE app_id=7"),
			 0);
	/* Online payment, no invoice: the order only, of version 2. */
	approve(t, 8, NULL);
	q_text(t, "SELECT group_concat(idem_key) FROM jobs WHERE app_id=8", z,
	       sizeof z);
	assert_string_equal(z, "production:A8:v2");
}

/* Feed one outcome to store_fulfil_apply in its own transaction. */
static void feed(struct testdb *t, int64_t job_id, const char *outcome,
		 const char *result, const char *label)
{
	struct store_fulfil_event ev;
	struct rd_err err;
	sqlite3_stmt *p = NULL;
	char kind[32] = "", payload[512] = "";
	int64_t app_id = 0;

	assert_int_equal(st_prepare(t->st,
				    "SELECT kind, app_id, payload FROM jobs "
				    "WHERE id=?1",
				    &p, &err),
			 RD_OK);
	sqlite3_bind_int64(p, 1, job_id);
	assert_int_equal(sqlite3_step(p), SQLITE_ROW);
	st_column_copy(p, 0, kind, sizeof kind);
	app_id = sqlite3_column_int64(p, 1);
	st_column_copy(p, 2, payload, sizeof payload);
	sqlite3_finalize(p);
	memset(&ev, 0, sizeof ev);
	ev.job_id = job_id;
	ev.kind = kind;
	ev.app_id = app_id;
	ev.payload = payload;
	ev.outcome = outcome;
	ev.result = result;
	ev.error = strcmp(outcome, "done") ? "boom" : "";
	ev.label_sha256 = label;
	ev.max_attempts = 5;
	assert_int_equal(store_begin(t->st, &err), RD_OK);
	assert_int_equal(store_fulfil_apply(t->st, &ev, &err), RD_OK);
	assert_int_equal(store_commit(t->st, &err), RD_OK);
}

/* A job made by record()'s follow-up, as the worker would. */
static int64_t add_job(struct testdb *t, const char *kind, int64_t app_id,
		       const char *key, const char *payload)
{
	char zSql[512];

	snprintf(zSql, sizeof zSql,
		 "INSERT INTO jobs(kind,app_id,idem_key,payload,state,"
		 "max_attempts,next_attempt_at,created_at,updated_at) VALUES"
		 "('%s',%lld,'%s','%s','pending',5,0,0,0)",
		 kind, (long long)app_id, key, payload);
	assert_int_equal(testdb_exec_raw(t, zSql), 0);
	snprintf(zSql, sizeof zSql, "SELECT id FROM jobs WHERE idem_key='%s'",
		 key);
	return q_int(t, zSql);
}

static const char *app_state(struct testdb *t, int64_t app_id)
{
	static char z[32];
	char zSql[96];

	snprintf(zSql, sizeof zSql, "SELECT state FROM applications WHERE id=%lld",
		 (long long)app_id);
	q_text(t, zSql, z, sizeof z);
	return z;
}

#define LABEL "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

static void test_apply_path(void **state)
{
	struct testdb *t = *state;
	int64_t jOrder, jStatus, jWay, jTrack, jPrint, jInv;
	char z[256];

	approve(t, 6, "");
	jOrder = q_int(t, "SELECT id FROM jobs WHERE idem_key='production:A6:v1'");
	feed(t, jOrder, "done", "{\"order_id\":\"ORD6\",\"state\":\"queued\"}",
	     NULL);
	assert_string_equal(app_state(t, 6), "in_production");
	jStatus = add_job(t, "production_status", 6, "production:A6:v1:status",
			  "{\"order_id\":\"ORD6\"}");
	feed(t, jStatus, "pending", "{\"order_id\":\"ORD6\",\"state\":\"writing\"}",
	     NULL);
	q_text(t, "SELECT order_id||' '||state FROM production_orders WHERE "
		  "app_id=6",
	       z, sizeof z);
	assert_string_equal(z, "ORD6 writing");
	/* An answer that crossed an older one changes nothing. */
	feed(t, jStatus, "done", "{\"order_id\":\"ORD6\",\"state\":\"ready\","
				 "\"medium_serial\":\"USB6\"}",
	     NULL);
	feed(t, jStatus, "pending", "{\"order_id\":\"ORD6\",\"state\":\"queued\"}",
	     NULL);
	q_text(t, "SELECT state||' '||medium_serial FROM production_orders "
		  "WHERE app_id=6",
	       z, sizeof z);
	assert_string_equal(z, "ready USB6");
	/* Ready: the waybill job, to the version's address, and its row. */
	q_text(t, "SELECT j.idem_key||' '||s.state||' '||"
		  "json_extract(j.payload,'$.recipient.address')||' '||"
		  "json_extract(j.payload,'$.parcel.medium_serial') FROM "
		  "shipments s JOIN jobs j ON j.id=s.job_id WHERE s.app_id=6",
	       z, sizeof z);
	assert_string_equal(z, "waybill:A6:v1 requested 路6号 USB6");
	jWay = q_int(t, "SELECT job_id FROM shipments WHERE app_id=6");
	feed(t, jWay, "failed", NULL, NULL);
	assert_int_equal(q_int(t, "SELECT last_error='boom' FROM shipments "
				  "WHERE app_id=6"),
			 1);
	feed(t, jWay, "done", "{\"waybill_no\":\"SF6\",\"carrier\":\"sf\"}",
	     LABEL);
	q_text(t, "SELECT waybill_no||' '||carrier||' '||state||' '||"
		  "last_error FROM shipments WHERE app_id=6",
	       z, sizeof z);
	assert_string_equal(z, "SF6 sf created ");
	/* The worker's own first print. */
	q_text(t, "SELECT j.idem_key||' '||lp.state||' '||"
		  "coalesce(lp.requested_by,'worker') FROM label_prints lp "
		  "JOIN jobs j ON j.id=lp.job_id",
	       z, sizeof z);
	assert_string_equal(z, "label:SF6:1 queued worker");
	jPrint = q_int(t, "SELECT job_id FROM label_prints");
	feed(t, jPrint, "failed", NULL, NULL);
	assert_int_equal(q_int(t, "SELECT state='queued' AND error='boom' "
				  "FROM label_prints"),
			 1);
	feed(t, jPrint, "done", "{\"target\":\"/spool/SF6-1.pdf\"}", NULL);
	feed(t, jPrint, "done", "{\"target\":\"/spool/SF6-1.pdf\"}", NULL);
	q_text(t, "SELECT s.print_count||' '||lp.state||' '||lp.target FROM "
		  "shipments s JOIN label_prints lp ON lp.shipment_id=s.id",
	       z, sizeof z);
	assert_string_equal(z, "1 printed /spool/SF6-1.pdf");
	/* Tracking: picked up ships; delivered waits for the invoice. */
	jTrack = add_job(t, "courier_status", 6, "waybill:A6:v1:status",
			 "{\"waybill_no\":\"SF6\"}");
	feed(t, jTrack, "pending", "{\"state\":\"created\"}", NULL);
	assert_string_equal(app_state(t, 6), "in_production");
	feed(t, jTrack, "pending", "{\"state\":\"picked_up\"}", NULL);
	assert_string_equal(app_state(t, 6), "shipped");
	feed(t, jTrack, "done", "{\"state\":\"delivered\"}", NULL);
	assert_string_equal(app_state(t, 6), "delivered");
	assert_int_equal(q_int(t, "SELECT delivered_at>0 FROM shipments WHERE "
				  "app_id=6"),
			 1);
	jInv = q_int(t, "SELECT id FROM jobs WHERE idem_key='invoice:A6:v1'");
	feed(t, jInv, "done", "{\"invoice_no\":\"INV6\"}", NULL);
	assert_string_equal(app_state(t, 6), "completed");
	assert_int_equal(q_int(t, "SELECT invoice_no='INV6' AND completed_at>0"
				  " FROM applications WHERE id=6"),
			 1);
	q_text(t, "SELECT group_concat(action,' ') FROM (SELECT action FROM "
		  "audit_log WHERE subject='A6' ORDER BY id)",
	       z, sizeof z);
	assert_string_equal(z, "app.start_production label.print app.ship "
			       "app.deliver app.complete");
}

static void test_apply_qc_failed_and_cancelled(void **state)
{
	struct testdb *t = *state;
	int64_t jOrder, jStatus;

	approve(t, 8, NULL);
	jOrder = q_int(t, "SELECT id FROM jobs WHERE idem_key='production:A8:v2'");
	feed(t, jOrder, "done", "{\"order_id\":\"ORD8\"}", NULL);
	jStatus = add_job(t, "production_status", 8, "production:A8:v2:status",
			  "{\"order_id\":\"ORD8\"}");
	feed(t, jStatus, "done", "{\"order_id\":\"ORD8\",\"state\":\"qc_failed\","
				 "\"reason\":\"bad chip\"}",
	     NULL);
	assert_int_equal(q_int(t, "SELECT state='qc_failed' AND "
				  "last_error='bad chip' FROM production_orders"
				  " WHERE app_id=8"),
			 1);
	assert_int_equal(q_int(t, "SELECT count(*) FROM audit_log WHERE "
				  "action='production.qc_failed' AND "
				  "subject='A8'"),
			 1);
	assert_int_equal(q_int(t, "SELECT count(*) FROM shipments WHERE "
				  "app_id=8"),
			 0);
	/* Retried; cancelled meanwhile: the key is ready but nothing
	 * ships, and the application stays cancelled. */
	assert_int_equal(store_fulfil_retry_production(t->st, "sue", 2, 8, "",
						       NULL),
			 RD_OK);
	assert_int_equal(testdb_exec_raw(t, "UPDATE applications SET "
					    "state='cancelled' WHERE id=8"),
			 0);
	jOrder = q_int(t, "SELECT id FROM jobs WHERE "
			  "idem_key='production:A8:v2:r1'");
	feed(t, jOrder, "done", "{\"order_id\":\"ORD8b\"}", NULL);
	jStatus = add_job(t, "production_status", 8,
			  "production:A8:v2:r1:status",
			  "{\"order_id\":\"ORD8b\"}");
	feed(t, jStatus, "done", "{\"order_id\":\"ORD8b\",\"state\":\"ready\"}",
	     NULL);
	assert_string_equal(app_state(t, 8), "cancelled");
	assert_int_equal(q_int(t, "SELECT state='ready' FROM production_orders"
				  " WHERE order_id='ORD8b'"),
			 1);
	assert_int_equal(q_int(t, "SELECT count(*) FROM shipments WHERE "
				  "app_id=8"),
			 0);
}

static void test_installed(void **state)
{
	struct testdb *t = *state;
	struct rd_err err;

	assert_int_equal(store_fulfil_installed(t->st, "sue", 2, 6, NULL,
						&err),
			 RD_ERR_STATE);
	assert_int_equal(store_fulfil_installed(t->st, "x", 0, 7, NULL, &err),
			 RD_ERR_DENIED);
	/* Completing is final: an auditor may not, a disabled supervisor
	 * neither. */
	assert_int_equal(store_fulfil_installed(t->st, "alice", 1, 7, "ok",
						&err),
			 RD_ERR_DENIED);
	assert_int_equal(store_fulfil_installed(t->st, "old", 3, 7, "ok",
						&err),
			 RD_ERR_DENIED);
	assert_string_equal(app_state(t, 7), "ready_to_install");
	/* Not without the approval in force (the gate). */
	assert_int_equal(store_fulfil_installed(t->st, "sue", 2, 7, "ok",
						&err),
			 RD_ERR_STATE);
	assert_non_null(strstr(rd_err_msg(&err), "no approval in force"));
	assert_string_equal(app_state(t, 7), "ready_to_install");
	approval_in_force(t, 7);
	assert_int_equal(store_fulfil_installed(t->st, "sue", 2, 7, "ok",
						&err),
			 RD_OK);
	assert_string_equal(app_state(t, 7), "completed");
	assert_int_equal(q_int(t, "SELECT count(*) FROM audit_log WHERE "
				  "action='app.complete' AND subject='A7' AND "
				  "actor='sue'"),
			 1);
	assert_int_equal(store_fulfil_installed(t->st, "sue", 2, 7, "ok",
						&err),
			 RD_ERR_STATE);
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
		cmocka_unit_test_setup_teardown(test_on_approve, setup2,
						teardown),
		cmocka_unit_test_setup_teardown(test_apply_path, setup2,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_apply_qc_failed_and_cancelled, setup2, teardown),
		cmocka_unit_test_setup_teardown(test_installed, setup2,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
