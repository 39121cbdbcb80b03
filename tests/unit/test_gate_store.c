/*
 * test_gate_store.c — the store runs the approval gate on every path:
 * single decisions, bulk, countersign, withdrawal, the worker's system
 * transitions. Each test makes one condition unmet and checks that the
 * path refuses and writes nothing; each would pass if the store skipped
 * the gate, so each fails then.
 *
 * Reproduces issue 13's findings: a bulk approval of unclaimed cases
 * with no checklist, a high-risk case approved without a countersign, a
 * renewal whose certificate ran out after submission.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "helpers/testdb.h"
#include "clock.h"
#include "store/fulfil.h"
#include "store/gate.h"
#include "store/internal.h"
#include "store/operators.h"
#include "store/review.h"
#include "store/withdraw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 2026-11-20T10:00:00+08:00 */
#define NOW 1795140000
#define DAY 86400

/*
 * A1 replace, A2 renew (certificate valid until NOW + 30 days), A3 new,
 * all received, telecom matched, paid online. A4 new shares its USCC
 * with A5, which was rejected: A4 is high risk.
 */
static const char zSeed[] =
	"INSERT INTO operators(id,login,role,created_at,updated_at) VALUES"
	" (1,'alice','auditor',0,0),(2,'bob','auditor',0,0),"
	" (3,'sue','supervisor',0,0),(4,'tom','supervisor',0,0);"
	"INSERT INTO applications(id,app_no,type,state,current_version,"
	" submitted_at,sla_due_at,org_name,org_id_no,created_at,updated_at)"
	" VALUES"
	" (1,'A1','replace','received',1,0,100,'甲公司','U1',0,0),"
	" (2,'A2','renew','received',1,0,200,'乙公司','U2',0,0),"
	" (3,'A3','new','received',1,0,300,'丙公司','U3',0,0),"
	" (4,'A4','new','received',1,0,300,'丁公司','U4',0,0),"
	" (5,'A5','new','rejected',1,0,300,'丁公司','U4',0,0);"
	"INSERT INTO app_versions(id,app_id,version,type,submitted_at,"
	" submitted_at_text,bundle_sha256,manifest_json,ingested_at,sla_due_at,"
	" cert_holder,cert_algorithm,cert_subject_cn,org_id_no,pay_method,"
	" pay_amount_fen,cert_not_after) SELECT id,id,1,type,0,'',"
	" 'x','{}',0,0,'org','SM2','CN '||app_no,org_id_no,'wechat',100,"
	" 1795140000+30*86400 FROM applications;"
	"INSERT INTO checks(app_id,version_id,kind,state,created_at,updated_at)"
	" SELECT id,id,'telecom_handler','match',0,0 FROM applications;"
	"INSERT INTO payments(app_id,version_id,method,amount_fen,state,"
	" created_at) SELECT id,id,'wechat',100,'online',0 FROM applications;";

static struct rd_operator alice = { 1, "alice", "", RD_ROLE_AUDITOR, 1 };
static struct rd_operator bob = { 2, "bob", "", RD_ROLE_AUDITOR, 1 };
static struct rd_operator sue = { 3, "sue", "", RD_ROLE_SUPERVISOR, 1 };
static struct rd_operator tom = { 4, "tom", "", RD_ROLE_SUPERVISOR, 1 };

static const char *const aItems[] = { "FORM_SIGNED", "ID_LEGIBLE" };
static const unsigned aTypes[] = { RD_APP_TYPE_ALL, RD_APP_TYPE_ALL };

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
	struct rd_err err;

	set_now(NOW);
	testdb_open(t);
	assert_int_equal(testdb_exec_raw(t, zSeed), 0);
	/* The checklist comes from the configuration, not the caller. */
	assert_int_equal(store_gate_set_checklist(t->st, aItems, aTypes, 2,
						  &err),
			 RD_OK);
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

static int64_t q_int(struct store *st, const char *zSql)
{
	sqlite3_stmt *p = NULL;
	int64_t v = -1;

	assert_int_equal(sqlite3_prepare_v2(st->db, zSql, -1, &p, NULL), 0);
	if (sqlite3_step(p) == SQLITE_ROW)
		v = sqlite3_column_int64(p, 0);
	sqlite3_finalize(p);
	return v;
}

static int64_t rv(struct store *st, int64_t id)
{
	char z[80];

	snprintf(z, sizeof z, "SELECT row_version FROM applications WHERE id=%lld",
		 (long long)id);
	return q_int(st, z);
}

static const char *state_of(struct store *st, int64_t id)
{
	static char z[32];
	char zSql[80];
	sqlite3_stmt *p = NULL;

	snprintf(zSql, sizeof zSql, "SELECT state FROM applications WHERE id=%lld",
		 (long long)id);
	z[0] = '\0';
	assert_int_equal(sqlite3_prepare_v2(st->db, zSql, -1, &p, NULL), 0);
	if (sqlite3_step(p) == SQLITE_ROW)
		st_column_copy(p, 0, z, sizeof z);
	sqlite3_finalize(p);
	return z;
}

static void claim_tick(struct store *st, const struct rd_operator *op,
		       int64_t id)
{
	struct rd_err err;

	assert_int_equal(store_review_claim(st, op, id, 30, &err), RD_OK);
	for (size_t i = 0; i < 2; i++)
		assert_int_equal(store_review_tick(st, op, id, aItems[i], 1,
						   &err),
				 RD_OK);
}

static struct store_decision_req req_for(struct store *st, int64_t id,
					 enum rd_app_action a)
{
	struct store_decision_req r;

	memset(&r, 0, sizeof r);
	r.app_id = id;
	r.row_version = rv(st, id);
	r.action = a;
	return r;
}

/* Issue 13: `j m m A y` on 待审核 approved two applications nobody had
 * claimed or checked. */
static void test_bulk_needs_checklist_by_claimer(void **state)
{
	struct testdb *t = *state;
	struct rd_err err;
	struct store_decision_req r;
	int64_t aId[2] = { 1, 3 }, aRv[2];
	rd_status aSt[2];
	struct rd_gate_result aRes[2];
	size_t nDone = 9;

	memset(&r, 0, sizeof r);
	r.action = RD_ACT_APPROVE;
	aRv[0] = rv(t->st, 1);
	aRv[1] = rv(t->st, 3);
	assert_int_equal(store_review_bulk(t->st, &sue, aId, aRv, 2, &r, &nDone,
					   aSt, aRes, &err),
			 RD_ERR_STATE);
	assert_int_equal(nDone, 0);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(aSt[i], RD_ERR_STATE);
		assert_true(rd_gate_has(&aRes[i], RD_GATE_C_CHECKLIST));
		assert_true(rd_gate_has(&aRes[i],
					RD_GATE_C_CHECKLIST_NOT_CLAIMER));
	}
	assert_string_equal(state_of(t->st, 1), "received");
	assert_int_equal(q_int(t->st, "SELECT count(*) FROM decisions"), 0);
	/* The preview the console shows says the same. */
	struct rd_gate_result pr;
	char zNo[40];
	assert_int_equal(store_gate_preview(t->st, &sue, 1,
					    RD_GATE_BULK_APPROVE, false, 0,
					    &pr, zNo, sizeof zNo, NULL, &err),
			 RD_OK);
	assert_false(pr.allowed);
	assert_string_equal(zNo, "A1");
	/* alice claims A1 and does its checklist, then lets it go: now
	 * A1 passes in bulk and A3 is skipped. */
	claim_tick(t->st, &alice, 1);
	assert_int_equal(store_review_release(t->st, &alice, 1, &err), RD_OK);
	aRv[0] = rv(t->st, 1);
	assert_int_equal(store_review_bulk(t->st, &sue, aId, aRv, 2, &r, &nDone,
					   aSt, aRes, &err),
			 RD_ERR_STATE);
	assert_int_equal(nDone, 1);
	assert_int_equal(aSt[0], RD_OK);
	assert_int_equal(aSt[1], RD_ERR_STATE);
	assert_string_equal(state_of(t->st, 1), "approved");
	assert_string_equal(state_of(t->st, 3), "received");
	/* Each decision is its own audit entry, marked as bulk. */
	assert_int_equal(q_int(t->st, "SELECT count(*) FROM audit_log WHERE"
				      " action='decision' AND subject='A1' AND"
				      " json_extract(details,'$.bulk')=1"),
			 1);
}

/* The configured checklist counts even when the caller names none. */
static void test_single_needs_configured_checklist(void **state)
{
	struct testdb *t = *state;
	struct rd_err err;
	struct store_decision_req r;

	assert_int_equal(store_review_claim(t->st, &alice, 1, 30, &err), RD_OK);
	assert_int_equal(store_review_tick(t->st, &alice, 1, aItems[0], 1, &err),
			 RD_OK);
	r = req_for(t->st, 1, RD_ACT_APPROVE);
	assert_int_equal(store_review_decide(t->st, &alice, &r, NULL, &err),
			 RD_ERR_STATE);
	assert_non_null(strstr(err.msg, "checklist items not ticked (1)"));
	assert_string_equal(state_of(t->st, 1), "in_review");
	assert_int_equal(store_review_tick(t->st, &alice, 1, aItems[1], 1, &err),
			 RD_OK);
	r = req_for(t->st, 1, RD_ACT_APPROVE);
	assert_int_equal(store_review_decide(t->st, &alice, &r, NULL, &err),
			 RD_OK);
}

/* Issue 13: a high-risk case (曾未通过) was approved with a plain `a`. */
static void test_high_risk_needs_countersign(void **state)
{
	struct testdb *t = *state;
	struct rd_err err;
	struct store_decision_req r;
	int64_t id = 0;

	assert_int_equal(testdb_exec_raw(t,
		"INSERT INTO decisions(app_id,version_id,operator_id,action,"
		"from_state,to_state,created_at) VALUES(5,5,1,'reject',"
		"'in_review','rejected',0)"), 0);
	claim_tick(t->st, &alice, 4);
	r = req_for(t->st, 4, RD_ACT_APPROVE);
	assert_int_equal(store_review_decide(t->st, &alice, &r, NULL, &err),
			 RD_ERR_STATE);
	assert_non_null(strstr(err.msg, "high risk"));
	assert_string_equal(state_of(t->st, 4), "in_review");
	r.override_reason = "同一单位，前次已补正";
	assert_int_equal(store_review_decide(t->st, &alice, &r, &id, &err),
			 RD_OK);
	assert_string_equal(state_of(t->st, 4), "in_review");
	assert_int_equal(q_int(t->st, "SELECT count(*) FROM audit_log WHERE"
				      " action='decision.override' AND"
				      " details LIKE '%high_risk%'"),
			 1);
	/* tom worked on it (ticked an item): he may not countersign;
	 * sue, who did nothing on it, may. */
	assert_int_equal(testdb_exec_raw(t,
		"INSERT INTO checklist(version_id,item,checked,operator_id,at)"
		" VALUES(4,'EXTRA',1,4,0)"), 0);
	assert_int_equal(store_review_countersign(t->st, &tom, id, 1, "", &err),
			 RD_ERR_DENIED);
	assert_string_equal(state_of(t->st, 4), "in_review");
	/* Refused for role: an auditor's attempt is audited. */
	assert_int_equal(store_review_countersign(t->st, &bob, id, 1, "", &err),
			 RD_ERR_DENIED);
	assert_int_equal(q_int(t->st, "SELECT count(*) FROM audit_log WHERE"
				      " action='app.refused' AND actor='bob'"
				      " AND subject='A4'"),
			 1);
	assert_int_equal(store_review_countersign(t->st, &sue, id, 1, "ok", &err),
			 RD_OK);
	assert_string_equal(state_of(t->st, 4), "approved");
}

/* Issue 13/15: a renewal whose certificate ran out after submission
 * (valid when it came in, expired when it is decided). */
static void test_renewal_expired_at_decision(void **state)
{
	struct testdb *t = *state;
	struct rd_err err;
	struct store_decision_req r;
	struct rd_gate_result pr;

	claim_tick(t->st, &alice, 2);
	set_now(NOW + 31 * DAY);
	assert_int_equal(store_review_touch(t->st, &alice, 2, 30, &err),
			 RD_ERR_NOTFOUND);
	claim_tick(t->st, &alice, 2);
	/* The detail's preview shows it as an unmet condition. */
	assert_int_equal(store_gate_preview(t->st, &alice, 2, RD_GATE_APPROVE,
					    false, 0, &pr, NULL, 0, NULL, &err),
			 RD_OK);
	assert_false(pr.allowed);
	assert_int_equal(pr.n, 1);
	assert_int_equal(pr.a[0].cond, RD_GATE_C_CERT_EXPIRED);
	r = req_for(t->st, 2, RD_ACT_APPROVE);
	assert_int_equal(store_review_decide(t->st, &alice, &r, NULL, &err),
			 RD_ERR_STATE);
	assert_non_null(strstr(err.msg, "certificate to renew has expired"));
	assert_string_equal(state_of(t->st, 2), "in_review");
	set_now(NOW);
}

/* Open error findings block approval on every path. */
static void test_error_finding_blocks(void **state)
{
	struct testdb *t = *state;
	struct rd_err err;
	struct store_decision_req r;
	int64_t aId[1] = { 1 }, aRv[1];
	size_t nDone = 0;

	assert_int_equal(testdb_exec_raw(t,
		"INSERT INTO findings(version_id,code,severity,field,message)"
		" VALUES(1,'uscc_check','error','org.id_no','bad')"), 0);
	claim_tick(t->st, &alice, 1);
	r = req_for(t->st, 1, RD_ACT_APPROVE);
	assert_int_equal(store_review_decide(t->st, &alice, &r, NULL, &err),
			 RD_ERR_STATE);
	assert_non_null(strstr(err.msg, "open error findings (1)"));
	assert_int_equal(store_review_release(t->st, &alice, 1, &err), RD_OK);
	memset(&r, 0, sizeof r);
	r.action = RD_ACT_APPROVE;
	aRv[0] = rv(t->st, 1);
	assert_int_equal(store_review_bulk(t->st, &sue, aId, aRv, 1, &r, &nDone,
					   NULL, NULL, &err),
			 RD_ERR_STATE);
	assert_int_equal(nDone, 0);
	assert_string_equal(state_of(t->st, 1), "received");
}

/* Refusals for lack of role are audited, one entry per case. */
static void test_role_refusal_audited(void **state)
{
	struct testdb *t = *state;
	struct rd_err err;
	struct store_decision_req r;
	int64_t aId[2] = { 1, 3 }, aRv[2];
	const char *aReason[] = { "OTHER" };
	size_t nDone = 0;

	memset(&r, 0, sizeof r);
	r.action = RD_ACT_REJECT;
	r.aReason = aReason;
	r.nReason = 1;
	aRv[0] = rv(t->st, 1);
	aRv[1] = rv(t->st, 3);
	assert_int_equal(store_review_bulk(t->st, &bob, aId, aRv, 2, &r, &nDone,
					   NULL, NULL, &err),
			 RD_ERR_DENIED);
	assert_int_equal(nDone, 0);
	assert_int_equal(q_int(t->st, "SELECT count(*) FROM audit_log WHERE"
				      " action='app.refused' AND actor='bob'"),
			 2);
	assert_string_equal(state_of(t->st, 1), "received");
}

/* The worker starts production only on an approval in force. */
static void test_worker_needs_approval(void **state)
{
	struct testdb *t = *state;
	struct store_fulfil_event ev;
	struct rd_err err;

	/* A3 set to approved behind the review's back, with its job. */
	assert_int_equal(testdb_exec_raw(t,
		"UPDATE applications SET state='approved' WHERE id=3;"
		"INSERT INTO jobs(id,kind,app_id,idem_key,payload,state,"
		" max_attempts,next_attempt_at,last_error,created_at,updated_at)"
		" VALUES(50,'production_order',3,'production:A3:v1','{}',"
		" 'running',8,0,'',0,0);"
		"INSERT INTO production_orders(app_id,job_id,state,attempt,"
		" idem_key,created_at,updated_at) VALUES(3,50,'requested',1,"
		" 'production:A3:v1',0,0)"), 0);
	memset(&ev, 0, sizeof ev);
	ev.job_id = 50;
	ev.kind = "production_order";
	ev.app_id = 3;
	ev.payload = "{}";
	ev.outcome = "done";
	ev.result = "{\"order_id\":\"ORD3\",\"state\":\"queued\"}";
	ev.error = "";
	ev.max_attempts = 5;
	assert_int_equal(store_begin(t->st, &err), RD_OK);
	assert_int_equal(store_fulfil_apply(t->st, &ev, &err), RD_OK);
	assert_int_equal(store_commit(t->st, &err), RD_OK);
	assert_string_equal(state_of(t->st, 3), "approved");
	/* With the approval recorded, the same answer moves it. */
	assert_int_equal(testdb_exec_raw(t,
		"INSERT INTO decisions(app_id,version_id,operator_id,action,"
		"from_state,to_state,created_at) VALUES(3,3,1,'approve',"
		"'in_review','approved',0)"), 0);
	assert_int_equal(store_begin(t->st, &err), RD_OK);
	assert_int_equal(store_fulfil_apply(t->st, &ev, &err), RD_OK);
	assert_int_equal(store_commit(t->st, &err), RD_OK);
	assert_string_equal(state_of(t->st, 3), "in_production");
}

/* A withdrawal goes through the gate's table too. */
static void test_withdraw_through_gate(void **state)
{
	struct testdb *t = *state;
	struct rd_err err;

	assert_int_equal(store_withdraw(t->st, &sue, 5, rv(t->st, 5),
					RD_ACT_REFUND, "x", NULL, &err),
			 RD_ERR_STATE);
	assert_int_equal(store_withdraw(t->st, &sue, 1, rv(t->st, 1),
					RD_ACT_CANCEL, "客户撤销", NULL, &err),
			 RD_OK);
	assert_string_equal(state_of(t->st, 1), "cancelled");
	assert_int_equal(store_withdraw(t->st, &sue, 1, rv(t->st, 1),
					RD_ACT_CANCEL, "again", NULL, &err),
			 RD_ERR_STATE);
}

/*
 * Issue 15: A2 and A6 are the SM2 and RSA renewals of one key (A6's
 * related_app_no names A2). They are decided together: approving one
 * approves both in one transaction, or neither when the other fails.
 */
static const char zPair[] =
	"INSERT INTO applications(id,app_no,type,state,current_version,"
	" submitted_at,sla_due_at,org_name,org_id_no,created_at,updated_at)"
	" VALUES (6,'A6','renew','received',1,0,200,'乙公司','U2',0,0);"
	"INSERT INTO app_versions(id,app_id,version,type,submitted_at,"
	" submitted_at_text,bundle_sha256,manifest_json,ingested_at,sla_due_at,"
	" cert_holder,cert_algorithm,cert_subject_cn,org_id_no,pay_method,"
	" pay_amount_fen,cert_not_after,related_app_no) VALUES (6,6,1,"
	" 'renew',0,'','x','{}',0,0,'org','RSA','CN A6','U2','wechat',100,"
	" 1795140000+30*86400,'A2');"
	"INSERT INTO checks(app_id,version_id,kind,state,created_at,updated_at)"
	" VALUES (6,6,'telecom_handler','match',0,0);"
	"INSERT INTO payments(app_id,version_id,method,amount_fen,state,"
	" created_at) VALUES (6,6,'wechat',100,'online',0);";

static void test_paired_refused_when_partner_fails(void **state)
{
	struct testdb *t = *state;
	struct rd_err err;
	struct store_decision_req r;
	struct rd_gate_result pr;

	assert_int_equal(testdb_exec_raw(t, zPair), 0);
	claim_tick(t->st, &alice, 2);
	r = req_for(t->st, 2, RD_ACT_APPROVE);
	/* A6's checklist is not ticked: A2 may not go alone. */
	assert_int_equal(store_review_decide(t->st, &alice, &r, NULL, &err),
			 RD_ERR_STATE);
	assert_non_null(strstr(err.msg, rd_gate_cond_label(RD_GATE_C_PAIRED)));
	assert_non_null(strstr(err.msg,
			       rd_gate_cond_label(RD_GATE_C_CHECKLIST)));
	assert_string_equal(state_of(t->st, 2), "in_review");
	assert_string_equal(state_of(t->st, 6), "received");
	assert_int_equal(q_int(t->st, "SELECT count(*) FROM decisions"), 0);
	/* The preview names it too, with the partner's conditions as bits;
	 * the other way round (from A6) the same. */
	assert_int_equal(store_gate_preview(t->st, &alice, 2, RD_GATE_APPROVE,
					    false, 0, &pr, NULL, 0, NULL, &err),
			 RD_OK);
	assert_true(rd_gate_has(&pr, RD_GATE_C_PAIRED));
	assert_int_equal(pr.a[pr.n - 1].detail & (1 << RD_GATE_C_CHECKLIST),
			 1 << RD_GATE_C_CHECKLIST);
	/* An override cannot split the pair. */
	r.override_reason = "customer waiting";
	assert_int_equal(store_review_decide(t->st, &alice, &r, NULL, &err),
			 RD_ERR_STATE);
	assert_int_equal(q_int(t->st, "SELECT count(*) FROM decisions"), 0);
	/* A partner someone else holds is refused as well. */
	assert_int_equal(store_review_claim(t->st, &bob, 6, 30, &err), RD_OK);
	for (size_t i = 0; i < 2; i++)
		assert_int_equal(store_review_tick(t->st, &bob, 6, aItems[i], 1,
						   &err),
				 RD_OK);
	r = req_for(t->st, 2, RD_ACT_APPROVE);
	assert_int_equal(store_review_decide(t->st, &alice, &r, NULL, &err),
			 RD_ERR_STATE);
	assert_non_null(strstr(err.msg,
			       rd_gate_cond_label(RD_GATE_C_CLAIMED_BY_OTHER)));
	assert_string_equal(state_of(t->st, 6), "in_review");
}

static void test_paired_approved_together(void **state)
{
	struct testdb *t = *state;
	struct rd_err err;
	struct store_decision_req r;

	assert_int_equal(testdb_exec_raw(t, zPair), 0);
	claim_tick(t->st, &alice, 6);
	assert_int_equal(store_review_release(t->st, &alice, 6, &err), RD_OK);
	claim_tick(t->st, &alice, 2);
	r = req_for(t->st, 2, RD_ACT_APPROVE);
	assert_int_equal(store_review_decide(t->st, &alice, &r, NULL, &err),
			 RD_OK);
	assert_string_equal(state_of(t->st, 2), "ready_to_install");
	assert_string_equal(state_of(t->st, 6), "ready_to_install");
	assert_int_equal(q_int(t->st, "SELECT count(*) FROM decisions WHERE"
				      " action='approve' AND operator_id=1"),
			 2);
	/* Both audit entries, the partner's naming the pair. */
	assert_int_equal(q_int(t->st, "SELECT count(*) FROM audit_log WHERE"
				      " action='decision' AND subject='A2'"),
			 1);
	assert_int_equal(q_int(t->st, "SELECT count(*) FROM audit_log WHERE"
				      " action='decision' AND subject='A6' AND"
				      " json_extract(details,'$.paired')='A2'"),
			 1);
	/* Nothing is left for A6: its approval is in force. */
	r = req_for(t->st, 6, RD_ACT_APPROVE);
	assert_int_not_equal(store_review_decide(t->st, &alice, &r, NULL,
						 &err),
			     RD_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_bulk_needs_checklist_by_claimer, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_single_needs_configured_checklist, setup, teardown),
		cmocka_unit_test_setup_teardown(test_high_risk_needs_countersign,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_renewal_expired_at_decision,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_finding_blocks, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_role_refusal_audited, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_worker_needs_approval, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_paired_refused_when_partner_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paired_approved_together,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_withdraw_through_gate, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
