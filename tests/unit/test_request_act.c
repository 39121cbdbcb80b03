/*
 * test_request_act.c — supervisors act on the portal's requests: a
 * cancellation through the withdraw path, a refund approved by one
 * supervisor and paid by another (the same one refused), dismissal; and
 * the pure refund rule.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "helpers/testdb.h"
#include "core/refund_rule.h"
#include "store/operators.h"
#include "store/request_act.h"
#include "store/requests.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOW 1795140000

/* A1 approved with a pending production job and a cancel request; A2 a
 * refund request of 200 yuan to a bank account; A3 asks 400 of 300; A4
 * in production with a cancel request. */
static const char zSeed[] =
	"INSERT INTO operators(id,login,role,created_at,updated_at) VALUES"
	" (1,'alice','auditor',0,0),(3,'sue','supervisor',0,0),"
	" (4,'tom','supervisor',0,0);"
	"INSERT INTO applications(id,app_no,type,state,current_version,"
	" submitted_at,sla_due_at,org_name,verify_summary,created_at,"
	" updated_at) VALUES"
	" (1,'A1','new','approved',1,0,100,'甲','T✓ P✓',0,0),"
	" (2,'A2','replace','received',1,0,200,'乙','T✓ P✓',0,0),"
	" (3,'A3','replace','received',1,0,300,'丙','T✓ P✓',0,0),"
	" (4,'A4','replace','in_production',1,0,400,'丁','T✓ P✓',0,0);"
	"INSERT INTO app_versions(id,app_id,version,type,submitted_at,"
	" submitted_at_text,bundle_sha256,manifest_json,ingested_at,sla_due_at,"
	" pay_method,pay_amount_fen) SELECT id,id,1,type,0,'','x','{}',0,0,"
	" 'wechat',30000 FROM applications;"
	"INSERT INTO payments(app_id,version_id,method,amount_fen,state,"
	" created_at) SELECT id,id,'wechat',30000,'online',0 FROM applications;"
	"INSERT INTO jobs(id,kind,app_id,idem_key,payload,state,attempts,"
	" max_attempts,next_attempt_at,created_at,updated_at) VALUES"
	" (10,'production_order',1,'production:A1:v1','{}','pending',0,8,0,0,0);"
	"INSERT INTO portal_requests(id,file_name,file_sha256,app_id,app_no,"
	" kind,seq,requested_at,requested_at_text,reason,refund_amount_fen,"
	" refund_route,refund_account,request_json,received_at) VALUES"
	" (1,'A1-cancel-1.json','s',1,'A1','cancel',1,0,'','不要了',NULL,NULL,"
	"  NULL,'{}',1),"
	" (2,'A2-refund-1.json','s',2,'A2','refund',1,0,'','重复付款',20000,"
	"  'bank','6222020200001234567','{}',2),"
	" (3,'A3-refund-1.json','s',3,'A3','refund',1,0,'','',40000,"
	"  'original',NULL,'{}',3),"
	" (4,'A4-cancel-1.json','s',4,'A4','cancel',1,0,'','',NULL,NULL,NULL,"
	"  '{}',4);";

static struct rd_operator alice = { 1, "alice", "", RD_ROLE_AUDITOR, 1 };
static struct rd_operator sue = { 3, "sue", "", RD_ROLE_SUPERVISOR, 1 };
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

static rd_status act(struct testdb *t, const struct rd_operator *op,
		     int64_t id, enum store_request_act a, const char *note,
		     struct rd_err *err)
{
	rd_err_clear(err);
	return store_request_act(t->st, op, id, a, note, err);
}

static void test_rule(void **state)
{
	struct rd_err err;

	(void)state;
	assert_int_equal(rd_refund_may_approve(100, 100, "original", "", &err),
			 RD_OK);
	assert_int_equal(rd_refund_may_approve(0, 100, "original", "", &err),
			 RD_ERR_INVALID);
	assert_int_equal(rd_refund_may_approve(101, 100, "original", "", &err),
			 RD_ERR_INVALID);
	assert_int_equal(rd_refund_may_approve(50, 100, "bank", "", &err),
			 RD_ERR_INVALID);
	assert_int_equal(rd_refund_may_approve(50, 100, "bank", "6222", &err),
			 RD_OK);
	assert_int_equal(rd_refund_may_approve(50, 100, "cash", "", &err),
			 RD_ERR_INVALID);
	assert_int_equal(rd_refund_may_pay(3, 4, &err), RD_OK);
	assert_int_equal(rd_refund_may_pay(3, 3, &err), RD_ERR_DENIED);
	assert_int_equal(rd_refund_may_pay(0, 3, &err), RD_ERR_STATE);
}

static void test_cancel(void **state)
{
	struct testdb *t = *state;
	struct rd_err err;

	assert_int_equal(act(t, &sue, 1, STORE_REQ_APPROVE, "按客户申请撤销",
			     &err),
			 RD_OK);
	assert_text(t, "SELECT state FROM applications WHERE id=1",
		    "cancelled");
	/* the withdraw path stopped the unsent production job */
	assert_text(t, "SELECT state FROM jobs WHERE id=10", "cancelled");
	assert_text(t,
		    "SELECT state||'|'||outcome||'|'||approved_by||'|'||"
		    "closed_by||'|'||note FROM portal_requests WHERE id=1",
		    "closed|cancelled|3|3|按客户申请撤销");
	assert_text(t,
		    "SELECT group_concat(actor||':'||action,' ') FROM (SELECT *"
		    " FROM audit_log WHERE subject='A1' ORDER BY id)",
		    "sue:app.cancel sue:request.approve");
	/* closed: nothing more */
	assert_int_equal(act(t, &tom, 1, STORE_REQ_DISMISS, "x", &err),
			 RD_ERR_STATE);
	assert_int_equal(act(t, &tom, 1, STORE_REQ_PAID, "x", &err),
			 RD_ERR_STATE);
	/* in production: the withdraw path refuses, the request stays open */
	assert_int_equal(act(t, &sue, 4, STORE_REQ_APPROVE, "撤销", &err),
			 RD_ERR_STATE);
	assert_non_null(strstr(err.msg, "production has started"));
	assert_text(t, "SELECT state||coalesce(outcome,'-') FROM"
		       " portal_requests WHERE id=4",
		    "open-");
	assert_int_equal(act(t, &sue, 4, STORE_REQ_DISMISS, "已在制证，无法撤销",
			     &err),
			 RD_OK);
	assert_text(t, "SELECT state||'|'||outcome||'|'||closed_by FROM"
		       " portal_requests WHERE id=4",
		    "closed|dismissed|3");
	assert_text(t, "SELECT state FROM applications WHERE id=4",
		    "in_production");
}

static void test_refund_two_people(void **state)
{
	struct testdb *t = *state;
	struct store_request_row *rows = NULL;
	struct rd_err err;
	size_t n = 0;

	/* a cancellation has nothing to pay; not approved: nothing to pay */
	assert_int_equal(act(t, &tom, 1, STORE_REQ_PAID, "x", &err),
			 RD_ERR_INVALID);
	assert_int_equal(act(t, &tom, 2, STORE_REQ_PAID, "x", &err),
			 RD_ERR_STATE);
	assert_int_equal(act(t, &sue, 2, STORE_REQ_APPROVE, "同意退款",
			     &err),
			 RD_OK);
	assert_text(t, "SELECT state FROM applications WHERE id=2",
		    "refund_requested");
	assert_text(t, "SELECT state||'|'||approved_by||'|'||"
		       "coalesce(outcome,'-') FROM portal_requests WHERE id=2",
		    "open|3|-");
	/* the list shows who approved it */
	assert_int_equal(store_request_list(t->st, 1, &rows, &n, &err), RD_OK);
	for (size_t i = 0; i < n; i++)
		if (rows[i].id == 2) {
			assert_string_equal(rows[i].approved_by, "sue");
			assert_string_equal(rows[i].ref, "A2-refund-1");
		}
	free(rows);
	/* no second approval, no dismissal once approved */
	assert_int_equal(act(t, &tom, 2, STORE_REQ_APPROVE, "x", &err),
			 RD_ERR_STATE);
	assert_int_equal(act(t, &tom, 2, STORE_REQ_DISMISS, "x", &err),
			 RD_ERR_STATE);
	/* the same person may not mark it paid: refused and logged */
	assert_int_equal(act(t, &sue, 2, STORE_REQ_PAID, "已退", &err),
			 RD_ERR_DENIED);
	assert_non_null(strstr(err.msg, "different supervisor"));
	assert_text(t, "SELECT state FROM applications WHERE id=2",
		    "refund_requested");
	assert_text(t, "SELECT state FROM payments WHERE app_id=2", "online");
	assert_text(t,
		    "SELECT actor||'|'||json_extract(details,'$.action') FROM"
		    " audit_log WHERE action='app.refused' AND subject='A2'",
		    "sue|request.paid");
	/* a different supervisor does */
	assert_int_equal(act(t, &tom, 2, STORE_REQ_PAID, "已退回 200 元",
			     &err),
			 RD_OK);
	assert_text(t, "SELECT state FROM applications WHERE id=2",
		    "refunded");
	assert_text(t, "SELECT state FROM payments WHERE app_id=2",
		    "refunded");
	assert_text(t,
		    "SELECT state||'|'||outcome||'|'||approved_by||'|'||"
		    "closed_by FROM portal_requests WHERE id=2",
		    "closed|paid|3|4");
	assert_text(t,
		    "SELECT json_extract(details,'$.amount_fen')||'|'||"
		    "json_extract(details,'$.route') FROM audit_log WHERE"
		    " action='request.paid'",
		    "20000|bank");
	/* refunded meanwhile from the detail screen by tom: sue's approved
	 * request of A3 is closed by tom's "paid" without a second refund */
	assert_int_equal(testdb_exec_raw(t, "UPDATE portal_requests SET"
					 " refund_amount_fen=100 WHERE id=3"),
			 0);
	assert_int_equal(act(t, &sue, 3, STORE_REQ_APPROVE, "同意", &err),
			 RD_OK);
	assert_int_equal(testdb_exec_raw(t, "UPDATE applications SET"
					 " state='refunded' WHERE id=3"),
			 0);
	assert_int_equal(act(t, &sue, 3, STORE_REQ_PAID, "x", &err),
			 RD_ERR_DENIED);
	assert_int_equal(act(t, &tom, 3, STORE_REQ_PAID, "已退", &err), RD_OK);
	assert_text(t, "SELECT outcome||'|'||closed_by FROM portal_requests"
		       " WHERE id=3",
		    "paid|4");
	assert_int_equal(testdb_int(t, "SELECT count(*) FROM decisions WHERE"
				       " app_id=3 AND action='refund'"),
			 0);
	/* the database refuses a paid request with one person */
	assert_int_not_equal(testdb_exec_raw(t, "UPDATE portal_requests"
					     " SET approved_by=3, closed_by=3,"
					     " outcome='paid' WHERE id=4"),
			     0);
	assert_int_equal(testdb_int(t, "SELECT count(*) FROM portal_requests"
				       " WHERE id=4 AND outcome IS NULL"),
			 1);
}

static void test_refused(void **state)
{
	struct testdb *t = *state;
	struct rd_err err;
	int64_t id = 0;

	/* more than was paid */
	assert_int_equal(act(t, &sue, 3, STORE_REQ_APPROVE, "ok", &err),
			 RD_ERR_INVALID);
	assert_non_null(strstr(err.msg, "more than"));
	assert_text(t, "SELECT state FROM applications WHERE id=3",
		    "received");
	/* an auditor: refused and logged */
	assert_int_equal(act(t, &alice, 2, STORE_REQ_APPROVE, "ok", &err),
			 RD_ERR_DENIED);
	assert_int_equal(testdb_int(t, "SELECT count(*) FROM audit_log WHERE"
				       " action='app.refused' AND actor='alice'"),
			 1);
	/* a note is required */
	assert_int_equal(act(t, &sue, 2, STORE_REQ_APPROVE, "  ", &err),
			 RD_ERR_INVALID);
	assert_int_equal(act(t, &sue, 99, STORE_REQ_APPROVE, "x", &err),
			 RD_ERR_NOTFOUND);
	assert_int_equal(store_request_find(t->st, "A2-refund-1", &id, &err),
			 RD_OK);
	assert_int_equal(id, 2);
	assert_int_equal(store_request_find(t->st, "A2-refund-9", &id, &err),
			 RD_ERR_NOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rule),
		cmocka_unit_test_setup_teardown(test_cancel, setup,
						testdb_teardown),
		cmocka_unit_test_setup_teardown(test_refund_two_people, setup,
						testdb_teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup,
						testdb_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
