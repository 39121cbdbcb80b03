/*
 * test_withdraw.c — cancellation, refund requests and refunds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "helpers/testdb.h"
#include "clock.h"
#include "store/jobs.h"
#include "store/operators.h"
#include "store/withdraw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 2026-11-20T10:00:00+08:00 */
#define NOW 1795140000

/*
 * A1 replace received, A2 renew ready_to_install, A3 new approved with a
 * pending production job and a 'requested' order row, A4 replace
 * in_production, A5 replace approved (its job is changed per test), A6
 * new in_review claimed by alice with an override waiting.
 */
static const char zSeed[] =
	"INSERT INTO operators(id,login,role,created_at,updated_at) VALUES"
	" (1,'alice','auditor',0,0),(3,'sue','supervisor',0,0),"
	" (4,'tom','supervisor',0,0),"
	" (5,'root','admin',0,0);"
	"INSERT INTO applications(id,app_no,type,state,current_version,"
	" submitted_at,sla_due_at,org_name,verify_summary,created_at,"
	" updated_at) VALUES"
	" (1,'A1','replace','received',1,0,100,'甲','T✓ P✓',0,0),"
	" (2,'A2','renew','ready_to_install',1,0,200,'乙','T✓ P✓',0,0),"
	" (3,'A3','new','approved',1,0,300,'丙','T✓ P✓',0,0),"
	" (4,'A4','replace','in_production',1,0,400,'丁','T✓ P✓',0,0),"
	" (5,'A5','replace','approved',1,0,500,'戊','T✓ P✓',0,0),"
	" (6,'A6','new','in_review',1,0,600,'己','T✓ P✓',0,0);"
	"INSERT INTO app_versions(id,app_id,version,type,submitted_at,"
	" submitted_at_text,bundle_sha256,manifest_json,ingested_at,sla_due_at,"
	" pay_method,pay_amount_fen) SELECT id,id,1,type,0,'','x','{}',0,0,"
	" 'wechat',30000 FROM applications;"
	"INSERT INTO payments(app_id,version_id,method,amount_fen,state,"
	" created_at) SELECT id,id,'wechat',30000,'online',0 FROM applications;"
	"INSERT INTO checks(app_id,version_id,kind,state,created_at,updated_at)"
	" SELECT id,id,'telecom_handler','match',0,0 FROM applications;"
	"INSERT INTO jobs(id,kind,app_id,idem_key,payload,state,attempts,"
	" max_attempts,next_attempt_at,created_at,updated_at) VALUES"
	" (30,'production_order',3,'production:A3:v1','{}','pending',0,8,0,0,0),"
	" (31,'telecom_verify',3,'telecom:A3','{}','pending',0,8,0,0,0),"
	" (32,'invoice',3,'invoice:A3:v1','{}','failed',1,8,0,0,0),"
	" (33,'notify',3,'notify:A3:v1:pin','{}','pending',0,8,0,0,0),"
	" (50,'production_order',5,'production:A5:v1','{}','pending',0,8,0,0,0);"
	"INSERT INTO production_orders(app_id,job_id,state,created_at,"
	" updated_at) VALUES (3,30,'requested',0,0);"
	"INSERT INTO claims(app_id,operator_id,claimed_at,expires_at) VALUES"
	" (6,1,0,9999999999);"
	"INSERT INTO decisions(id,app_id,version_id,operator_id,action,"
	" from_state,to_state,override_reason,countersign,created_at) VALUES"
	" (60,6,6,3,'approve','in_review','approved','trust me','pending',0);";

static struct rd_operator alice = { 1, "alice", "", RD_ROLE_AUDITOR, 1 };
static struct rd_operator sue = { 3, "sue", "", RD_ROLE_SUPERVISOR, 1 };
static struct rd_operator root = { 5, "root", "", RD_ROLE_ADMIN, 1 };
static struct rd_operator tom = { 4, "tom", "", RD_ROLE_SUPERVISOR, 1 };

static int setup(void **state)
{
	return testdb_setup_seeded(state, NOW, zSeed);
}

static void assert_text(struct testdb *t, const char *zSql, const char *want)
{
	char z[512];

	testdb_text(t, zSql, z, sizeof z);
	assert_string_equal(z, want);
}

static int64_t rv(struct testdb *t, int64_t id)
{
	char z[80];

	snprintf(z, sizeof z, "SELECT row_version FROM applications WHERE id=%lld",
		 (long long)id);
	return testdb_int(t, z);
}

static rd_status wd(struct testdb *t, const struct rd_operator *op,
		    int64_t id, enum rd_app_action a, const char *note,
		    struct rd_err *err)
{
	rd_err_clear(err);
	return store_withdraw(t->st, op, id, rv(t, id), a, note, NULL, err);
}

static void test_cancel_received(void **state)
{
	struct testdb *t = *state;
	struct rd_err err;
	int64_t dec = 0, v0 = rv(t, 1);

	assert_int_equal(store_withdraw(t->st, &sue, 1, v0, RD_ACT_CANCEL,
					"客户来电撤销", &dec, &err),
			 RD_OK);
	assert_true(dec > 0);
	assert_text(t, "SELECT state FROM applications WHERE id=1",
		    "cancelled");
	assert_int_equal(rv(t, 1), v0 + 1);
	assert_text(t,
		    "SELECT action||'|'||from_state||'|'||to_state||'|'||note"
		    "||'|'||operator_id FROM decisions WHERE app_id=1",
		    "cancel|received|cancelled|客户来电撤销|3");
	assert_text(t,
		    "SELECT kind||'|'||idem_key||'|'||json_extract(payload,"
		    "'$.event')||'|'||json_extract(payload,'$.note') FROM jobs"
		    " WHERE app_id=1",
		    "notify|notify:A1:v1:cancelled|cancelled|客户来电撤销");
	assert_text(t,
		    "SELECT actor||'|'||action||'|'||subject||'|'||"
		    "json_extract(details,'$.from')||'|'||"
		    "json_extract(details,'$.to') FROM audit_log"
		    " ORDER BY id DESC LIMIT 1",
		    "sue|app.cancel|A1|received|cancelled");
	/* Terminal: a second cancel is refused by the table. */
	assert_int_equal(wd(t, &sue, 1, RD_ACT_CANCEL, "again", &err),
			 RD_ERR_STATE);
	assert_int_equal(testdb_int(t, "SELECT count(*) FROM decisions"
				      " WHERE app_id=1"),
			 1);
}

static void test_cancel_approved_stops_production(void **state)
{
	struct testdb *t = *state;
	struct rd_err err;

	assert_int_equal(wd(t, &sue, 3, RD_ACT_CANCEL, "duplicate order", &err),
			 RD_OK);
	assert_text(t, "SELECT state FROM jobs WHERE id=30", "cancelled");
	assert_text(t, "SELECT state FROM jobs WHERE id=32", "cancelled");
	/* No PIN for a key that will not be made. */
	assert_text(t, "SELECT state FROM jobs WHERE id=33", "cancelled");
	/* Verifications are left alone. */
	assert_text(t, "SELECT state FROM jobs WHERE id=31", "pending");
	assert_text(t, "SELECT state FROM production_orders WHERE app_id=3",
		    "cancelled");
	assert_text(t,
		    "SELECT json_extract(details,'$.jobs_cancelled') FROM"
		    " audit_log WHERE action='app.cancel' AND subject='A3'",
		    "[30,32,33]");
	/* The supervisors' job cancel of the jobs screen is not needed. */
	assert_int_equal(testdb_int(t, "SELECT count(*) FROM audit_log"
				      " WHERE action='job.cancel'"),
			 0);
	/* Nor can the jobs screen send the order after all. */
	assert_int_equal(store_job_retry(t->st, "sue", 30, &err), RD_ERR_STATE);
	assert_non_null(strstr(err.msg, "withdrawn"));
	assert_text(t, "SELECT state FROM jobs WHERE id=30", "cancelled");
}

static void assert_untouched_a5(struct testdb *t, int64_t v0)
{
	assert_text(t, "SELECT state FROM applications WHERE id=5",
		    "approved");
	assert_int_equal(rv(t, 5), v0);
	assert_int_equal(testdb_int(t, "SELECT count(*) FROM decisions"
				      " WHERE app_id=5"),
			 0);
	assert_int_equal(testdb_int(t, "SELECT count(*) FROM jobs WHERE"
				      " app_id=5 AND kind='notify'"),
			 0);
}

static void test_cancel_refused_once_sent(void **state)
{
	struct testdb *t = *state;
	struct rd_err err;
	int64_t v0 = rv(t, 5);

	/* Being sent right now. */
	assert_int_equal(testdb_exec_raw(t, "UPDATE jobs SET state='running',"
					    " locked_by='w1' WHERE id=50"),
			 0);
	assert_int_equal(wd(t, &sue, 5, RD_ACT_CANCEL, "stop", &err),
			 RD_ERR_STATE);
	assert_non_null(strstr(err.msg, "right now"));
	assert_text(t, "SELECT state FROM jobs WHERE id=50", "running");
	assert_untouched_a5(t, v0);
	/* Answered by the production line. */
	assert_int_equal(testdb_exec_raw(t, "UPDATE jobs SET state='done'"
					    " WHERE id=50"),
			 0);
	assert_int_equal(wd(t, &sue, 5, RD_ACT_REQUEST_REFUND, "stop", &err),
			 RD_ERR_STATE);
	assert_non_null(strstr(err.msg, "already reached"));
	assert_untouched_a5(t, v0);
	/* A numbered order (the job itself was retried and is pending). */
	assert_int_equal(testdb_exec_raw(t,
					 "UPDATE jobs SET state='pending' WHERE"
					 " id=50; INSERT INTO production_orders"
					 "(app_id,job_id,order_id,state,"
					 "created_at,updated_at) VALUES"
					 " (5,50,'ORD77','queued',0,0)"),
			 0);
	assert_int_equal(wd(t, &sue, 5, RD_ACT_CANCEL, "stop", &err),
			 RD_ERR_STATE);
	assert_non_null(strstr(err.msg, "ORD77"));
	assert_text(t, "SELECT state FROM jobs WHERE id=50", "pending");
	assert_untouched_a5(t, v0);
}

static void test_cancel_dead_job(void **state)
{
	struct testdb *t = *state;
	struct rd_err err;

	/* A job that died on a 4xx never made an order: cancel it too. */
	assert_int_equal(testdb_exec_raw(t, "UPDATE jobs SET state='dead',"
					    " attempts=8 WHERE id=50"),
			 0);
	assert_int_equal(wd(t, &sue, 5, RD_ACT_CANCEL, "bad address", &err),
			 RD_OK);
	assert_text(t, "SELECT state FROM jobs WHERE id=50", "cancelled");
}

static void test_after_production(void **state)
{
	struct testdb *t = *state;
	struct rd_err err;

	assert_int_equal(wd(t, &sue, 4, RD_ACT_CANCEL, "late", &err),
			 RD_ERR_STATE);
	assert_non_null(strstr(err.msg, "production has started"));
	assert_int_equal(wd(t, &sue, 4, RD_ACT_REQUEST_REFUND, "late", &err),
			 RD_ERR_STATE);
	assert_text(t, "SELECT state FROM applications WHERE id=4",
		    "in_production");
}

static void test_auditor_refused_and_logged(void **state)
{
	struct testdb *t = *state;
	struct rd_err err;
	int64_t v0 = rv(t, 1);

	assert_int_equal(wd(t, &alice, 1, RD_ACT_CANCEL, "mine", &err),
			 RD_ERR_DENIED);
	assert_non_null(strstr(err.msg, "supervisors"));
	assert_text(t, "SELECT state FROM applications WHERE id=1",
		    "received");
	assert_int_equal(rv(t, 1), v0);
	assert_text(t,
		    "SELECT actor||'|'||subject||'|'||json_extract(details,"
		    "'$.action')||'|'||json_extract(details,'$.role') FROM"
		    " audit_log WHERE action='app.refused'",
		    "alice|A1|cancel|auditor");
	assert_int_equal(wd(t, &alice, 1, RD_ACT_REFUND, "", &err),
			 RD_ERR_DENIED);
	assert_int_equal(testdb_int(t, "SELECT count(*) FROM audit_log WHERE"
				      " action='app.refused'"),
			 2);
	/* An admin is at least a supervisor. */
	assert_int_equal(wd(t, &root, 1, RD_ACT_CANCEL, "by admin", &err),
			 RD_OK);
}

static void test_note_required_and_stale_view(void **state)
{
	struct testdb *t = *state;
	struct rd_err err;

	assert_int_equal(wd(t, &sue, 1, RD_ACT_CANCEL, " \t\n", &err),
			 RD_ERR_INVALID);
	assert_int_equal(wd(t, &sue, 1, RD_ACT_CANCEL, NULL, &err),
			 RD_ERR_INVALID);
	assert_int_equal(store_withdraw(t->st, &sue, 1, rv(t, 1) - 1,
					RD_ACT_CANCEL, "stale", NULL, &err),
			 RD_ERR_CONFLICT);
	assert_int_equal(store_withdraw(t->st, &sue, 1, rv(t, 1),
					RD_ACT_APPROVE, "no", NULL, &err),
			 RD_ERR_INVALID);
	assert_int_equal(wd(t, &sue, 999, RD_ACT_CANCEL, "none", &err),
			 RD_ERR_NOTFOUND);
	assert_text(t, "SELECT state FROM applications WHERE id=1",
		    "received");
}

static void test_refund_flow(void **state)
{
	struct testdb *t = *state;
	struct rd_err err;

	/* No refund without a request. */
	assert_int_equal(wd(t, &sue, 2, RD_ACT_REFUND, "paid back", &err),
			 RD_ERR_STATE);
	assert_non_null(strstr(err.msg, "request the refund first"));
	assert_int_equal(wd(t, &sue, 2, RD_ACT_REQUEST_REFUND,
			    "客户不再需要", &err),
			 RD_OK);
	assert_text(t, "SELECT state FROM applications WHERE id=2",
		    "refund_requested");
	assert_text(t, "SELECT state FROM payments WHERE app_id=2",
		    "online");
	assert_int_equal(wd(t, &sue, 2, RD_ACT_CANCEL, "no", &err),
			 RD_ERR_STATE);
	/* Two people: sue requested it, so sue cannot mark it refunded
	 * (refused and logged); tom can. */
	assert_int_equal(wd(t, &sue, 2, RD_ACT_REFUND, "已退回 300 元", &err),
			 RD_ERR_DENIED);
	assert_non_null(strstr(err.msg, "different supervisor"));
	assert_text(t, "SELECT state FROM applications WHERE id=2",
		    "refund_requested");
	assert_text(t,
		    "SELECT actor||'|'||subject||'|'||json_extract(details,"
		    "'$.action') FROM audit_log WHERE action='app.refused'",
		    "sue|A2|refund");
	assert_int_equal(wd(t, &tom, 2, RD_ACT_REFUND, "已退回 300 元", &err),
			 RD_OK);
	assert_text(t, "SELECT state FROM applications WHERE id=2",
		    "refunded");
	assert_text(t, "SELECT state FROM payments WHERE app_id=2",
		    "refunded");
	assert_text(t, "SELECT verify_summary FROM applications WHERE id=2",
		    "T✓ PR");
	assert_text(t,
		    "SELECT json_extract(details,'$.payment.amount_fen')||'|'||"
		    "json_extract(details,'$.payment.was') FROM audit_log"
		    " WHERE action='app.refund'",
		    "30000|online");
	assert_text(t,
		    "SELECT group_concat(action||'>'||to_state, ' ') FROM"
		    " (SELECT * FROM decisions WHERE app_id=2 ORDER BY id)",
		    "request_refund>refund_requested refund>refunded");
	assert_text(t,
		    "SELECT group_concat(idem_key, ' ') FROM (SELECT * FROM jobs"
		    " WHERE app_id=2 AND kind='notify' ORDER BY id)",
		    "notify:A2:v1:refund_requested notify:A2:v1:refunded");
	/* Request from approved stops production as a cancel does. */
	assert_int_equal(wd(t, &sue, 3, RD_ACT_REQUEST_REFUND, "refund", &err),
			 RD_OK);
	assert_text(t, "SELECT state FROM jobs WHERE id=30", "cancelled");
}

static void test_claim_and_override_closed(void **state)
{
	struct testdb *t = *state;
	struct rd_err err;

	/* sue made the override, so she cannot appear as its countersigner. */
	assert_int_equal(wd(t, &sue, 6, RD_ACT_CANCEL, "customer withdrew",
			    &err),
			 RD_OK);
	assert_int_equal(testdb_int(t, "SELECT count(*) FROM claims WHERE"
				      " app_id=6"),
			 0);
	assert_text(t,
		    "SELECT countersign||'|'||COALESCE(countersigned_by,'-')||"
		    "'|'||countersign_note FROM decisions WHERE id=60",
		    "refused|-|customer withdrew");
	assert_int_equal(testdb_int(t, "SELECT count(*) FROM decisions WHERE"
				      " countersign='pending'"),
			 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cancel_received, setup,
						testdb_teardown),
		cmocka_unit_test_setup_teardown(
			test_cancel_approved_stops_production, setup, testdb_teardown),
		cmocka_unit_test_setup_teardown(test_cancel_refused_once_sent,
						setup, testdb_teardown),
		cmocka_unit_test_setup_teardown(test_cancel_dead_job, setup,
						testdb_teardown),
		cmocka_unit_test_setup_teardown(test_after_production, setup,
						testdb_teardown),
		cmocka_unit_test_setup_teardown(test_auditor_refused_and_logged,
						setup, testdb_teardown),
		cmocka_unit_test_setup_teardown(
			test_note_required_and_stale_view, setup, testdb_teardown),
		cmocka_unit_test_setup_teardown(test_refund_flow, setup,
						testdb_teardown),
		cmocka_unit_test_setup_teardown(test_claim_and_override_closed,
						setup, testdb_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
