/*
 * test_review.c — claims, decisions, overrides and countersigns.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "helpers/testdb.h"
#include "clock.h"
#include "store/operators.h"
#include "store/review.h"
#include "store/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 2026-11-20T10:00:00+08:00 */
#define NOW 1795140000

static const char zSeed[] =
	"INSERT INTO operators(id,login,role,created_at,updated_at) VALUES"
	" (1,'alice','auditor',0,0),(2,'bob','auditor',0,0),"
	" (3,'sue','supervisor',0,0),(4,'tom','supervisor',0,0);"
	"INSERT INTO applications(id,app_no,type,state,current_version,"
	" submitted_at,sla_due_at,org_name,created_at,updated_at) VALUES"
	" (1,'A1','replace','received',1,0,100,'甲公司',0,0),"
	" (2,'A2','renew','received',1,0,200,'乙公司',0,0),"
	" (3,'A3','new','received',1,0,300,'丙公司',0,0);"
	"INSERT INTO app_versions(id,app_id,version,type,submitted_at,"
	" submitted_at_text,bundle_sha256,manifest_json,ingested_at,sla_due_at,"
	" cert_holder,cert_algorithm,cert_subject_cn,org_id_no,pay_method,"
	" pay_amount_fen) SELECT id,id,1,type,0,'',"
	" 'x','{}',0,0,'org','SM2','CN '||app_no,'USCC'||id,'wechat',100"
	" FROM applications;"
	/* The renewal's certificate is valid until 2026-12-31. */
	"UPDATE app_versions SET cert_not_after=1798646400 WHERE id=2;"
	"INSERT INTO checks(app_id,version_id,kind,state,created_at,updated_at)"
	" VALUES (1,1,'telecom_handler','match',0,0),"
	" (2,2,'telecom_handler','match',0,0),"
	" (3,3,'telecom_handler','mismatch',0,0);"
	"INSERT INTO payments(app_id,version_id,method,amount_fen,state,"
	" created_at) SELECT id,id,'wechat',100,'online',0 FROM applications;";

static struct rd_operator alice = { 1, "alice", "", RD_ROLE_AUDITOR, 1 };
static struct rd_operator bob = { 2, "bob", "", RD_ROLE_AUDITOR, 1 };
static struct rd_operator sue = { 3, "sue", "", RD_ROLE_SUPERVISOR, 1 };
static struct rd_operator tom = { 4, "tom", "", RD_ROLE_SUPERVISOR, 1 };

static const char *const aItems[] = { "FORM_SIGNED", "ID_LEGIBLE" };

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

static void q_text(struct store *st, const char *zSql, char *out, size_t n)
{
	sqlite3_stmt *p = NULL;

	out[0] = '\0';
	assert_int_equal(sqlite3_prepare_v2(st->db, zSql, -1, &p, NULL), 0);
	if (sqlite3_step(p) == SQLITE_ROW)
		st_column_copy(p, 0, out, n);
	sqlite3_finalize(p);
}

static int64_t rv(struct store *st, int64_t id)
{
	char z[80];

	snprintf(z, sizeof z, "SELECT row_version FROM applications WHERE id=%lld",
		 (long long)id);
	return q_int(st, z);
}

static void tick_all(struct store *st, const struct rd_operator *op,
		     int64_t id)
{
	struct rd_err err;

	for (size_t i = 0; i < 2; i++)
		assert_int_equal(store_review_tick(st, op, id, aItems[i], 1, &err),
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
	r.aRequired = aItems;
	r.nRequired = 2;
	return r;
}

static void test_claim_lease(void **state)
{
	struct testdb *t = *state;
	struct rd_err err;

	assert_int_equal(store_review_claim(t->st, &alice, 1, 30, &err), RD_OK);
	assert_int_equal(q_int(t->st, "SELECT expires_at FROM claims"),
			 NOW + 1800);
	char z[32];
	q_text(t->st, "SELECT state FROM applications WHERE id=1", z, sizeof z);
	assert_string_equal(z, "in_review");
	/* Someone else: refused with the holder's name. */
	assert_int_equal(store_review_claim(t->st, &bob, 1, 30, &err),
			 RD_ERR_CONFLICT);
	assert_non_null(strstr(err.msg, "alice"));
	/* Own renewal is fine. */
	assert_int_equal(store_review_claim(t->st, &alice, 1, 30, &err), RD_OK);
	/* Activity extends the lease; bob cannot touch alice's claim. */
	set_now(NOW + 600);
	assert_int_equal(store_review_touch(t->st, &alice, 1, 30, &err), RD_OK);
	assert_int_equal(q_int(t->st, "SELECT expires_at FROM claims"),
			 NOW + 600 + 1800);
	assert_int_equal(store_review_touch(t->st, &bob, 1, 30, &err),
			 RD_ERR_NOTFOUND);
	/* The old deadline has passed but the extended lease holds. */
	set_now(NOW + 1801);
	assert_int_equal(store_review_claim(t->st, &bob, 1, 30, &err),
			 RD_ERR_CONFLICT);
	/* After the lease, bob takes it over. */
	set_now(NOW + 600 + 1801);
	assert_int_equal(store_review_claim(t->st, &bob, 1, 30, &err), RD_OK);
	assert_int_equal(q_int(t->st, "SELECT operator_id FROM claims"), 2);
	/* alice's release is refused; a supervisor may release. */
	assert_int_equal(store_review_release(t->st, &alice, 1, &err),
			 RD_ERR_DENIED);
	assert_int_equal(store_review_release(t->st, &sue, 1, &err), RD_OK);
	q_text(t->st, "SELECT state FROM applications WHERE id=1", z, sizeof z);
	assert_string_equal(z, "received");
	assert_int_equal(q_int(t->st, "SELECT count(*) FROM audit_log WHERE "
				      "action='app.claim'"),
			 3);
}

static void test_approve_needs_checklist_then_enqueues(void **state)
{
	struct testdb *t = *state;
	struct rd_err err;
	struct store_decision_req r;
	char z[128];

	r = req_for(t->st, 1, RD_ACT_APPROVE);
	assert_int_equal(store_review_decide(t->st, &alice, &r, NULL, &err),
			 RD_ERR_DENIED);   /* no claim */
	assert_int_equal(store_review_claim(t->st, &alice, 1, 30, &err), RD_OK);
	r = req_for(t->st, 1, RD_ACT_APPROVE);
	assert_int_equal(store_review_decide(t->st, &alice, &r, NULL, &err),
			 RD_ERR_STATE);
	/* The gate's words, not the item codes. */
	assert_non_null(strstr(err.msg, "checklist items not ticked (2)"));
	tick_all(t->st, &alice, 1);
	r = req_for(t->st, 1, RD_ACT_APPROVE);
	assert_int_equal(store_review_decide(t->st, &alice, &r, NULL, &err),
			 RD_OK);
	q_text(t->st, "SELECT state FROM applications WHERE id=1", z, sizeof z);
	assert_string_equal(z, "approved");
	q_text(t->st, "SELECT idem_key FROM jobs WHERE kind='production_order'",
	       z, sizeof z);
	assert_string_equal(z, "production:A1:v1");
	q_text(t->st, "SELECT json_extract(payload,'$.subject_cn') FROM jobs",
	       z, sizeof z);
	assert_string_equal(z, "CN A1");
	assert_int_equal(q_int(t->st, "SELECT count(*) FROM claims"), 0);
	assert_int_equal(q_int(t->st, "SELECT decided_by FROM applications "
				      "WHERE id=1"),
			 1);
}

/* An online payment's financial authentication must have been credited
 * (the latest check counts); a transfer has none to wait for. */
static void test_approve_needs_bank_credited(void **state)
{
	struct testdb *t = *state;
	struct rd_err err;
	struct store_decision_req r;

	assert_int_equal(testdb_exec_raw(t,
		"INSERT INTO checks(app_id,version_id,kind,state,detail,"
		"created_at,updated_at) VALUES(1,1,'bank_fin_auth','failed',"
		"'account closed',0,0)"), 0);
	assert_int_equal(store_review_claim(t->st, &alice, 1, 30, &err), RD_OK);
	tick_all(t->st, &alice, 1);
	r = req_for(t->st, 1, RD_ACT_APPROVE);
	assert_int_equal(store_review_decide(t->st, &alice, &r, NULL, &err),
			 RD_ERR_STATE);
	assert_non_null(strstr(err.msg, "bank deposit not credited"));
	/* The auditor returns it for financial authentication instead. */
	r = req_for(t->st, 1, RD_ACT_RETURN_FIN_AUTH);
	r.note = "请重新填写对公账户";
	assert_int_equal(store_review_decide(t->st, &alice, &r, NULL, &err),
			 RD_OK);
	assert_int_equal(q_int(t->st, "SELECT count(*) FROM applications WHERE "
				      "id=1 AND state='fin_auth_failed'"),
			 1);
	assert_int_equal(q_int(t->st, "SELECT count(*) FROM jobs WHERE "
				      "kind='notify' AND idem_key="
				      "'notify:A1:v1:fin_auth_failed'"),
			 1);
	/* A later check that was credited is what counts. */
	assert_int_equal(testdb_exec_raw(t,
		"INSERT INTO checks(app_id,version_id,kind,state,created_at,"
		"updated_at) VALUES(2,2,'bank_fin_auth','failed',0,0),"
		"(2,2,'bank_fin_auth','credited',0,0)"), 0);
	assert_int_equal(store_review_claim(t->st, &alice, 2, 30, &err), RD_OK);
	tick_all(t->st, &alice, 2);
	r = req_for(t->st, 2, RD_ACT_APPROVE);
	assert_int_equal(store_review_decide(t->st, &alice, &r, NULL, &err),
			 RD_OK);
}

static void test_stale_view_conflict(void **state)
{
	struct testdb *t = *state;
	struct rd_err err;
	struct store_decision_req r;

	assert_int_equal(store_review_claim(t->st, &alice, 1, 30, &err), RD_OK);
	tick_all(t->st, &alice, 1);
	r = req_for(t->st, 1, RD_ACT_APPROVE);
	assert_int_equal(store_review_reassign(t->st, &sue, 1, "alice", 30, &err),
			 RD_OK);
	assert_int_equal(store_review_decide(t->st, &alice, &r, NULL, &err),
			 RD_ERR_CONFLICT);
	assert_non_null(strstr(err.msg, "sue"));
	assert_int_equal(q_int(t->st, "SELECT count(*) FROM decisions"), 0);
	assert_int_equal(q_int(t->st, "SELECT count(*) FROM jobs"), 0);
}

static void test_reject_needs_reason(void **state)
{
	struct testdb *t = *state;
	struct rd_err err;
	struct store_decision_req r;
	const char *aReason[] = { "ID_EXPIRED", "OTHER" };
	char z[128];

	assert_int_equal(store_review_claim(t->st, &alice, 2, 30, &err), RD_OK);
	r = req_for(t->st, 2, RD_ACT_REJECT);
	assert_int_equal(store_review_decide(t->st, &alice, &r, NULL, &err),
			 RD_ERR_INVALID);
	r.aReason = aReason;
	r.nReason = 2;
	r.note = "身份证已过期";
	assert_int_equal(store_review_decide(t->st, &alice, &r, NULL, &err),
			 RD_OK);
	q_text(t->st, "SELECT state FROM applications WHERE id=2", z, sizeof z);
	assert_string_equal(z, "rejected");
	assert_int_equal(q_int(t->st, "SELECT count(*) FROM decision_reasons"), 2);
	q_text(t->st, "SELECT json_extract(payload,'$.note') FROM jobs WHERE "
		      "kind='notify'",
	       z, sizeof z);
	assert_string_equal(z, "身份证已过期");
}

static void test_override_countersign(void **state)
{
	struct testdb *t = *state;
	struct rd_err err;
	struct store_decision_req r;
	int64_t id = 0, pend = 0, decider = 0;
	char z[128];

	/* A3 has a telecom mismatch: approval needs an override. */
	assert_int_equal(store_review_claim(t->st, &sue, 3, 30, &err), RD_OK);
	tick_all(t->st, &sue, 3);
	r = req_for(t->st, 3, RD_ACT_APPROVE);
	assert_int_equal(store_review_decide(t->st, &sue, &r, NULL, &err),
			 RD_ERR_STATE);
	assert_non_null(strstr(err.msg, "telecom"));
	r.override_reason = "verified by phone";
	assert_int_equal(store_review_decide(t->st, &sue, &r, &id, &err), RD_OK);
	q_text(t->st, "SELECT state FROM applications WHERE id=3", z, sizeof z);
	assert_string_equal(z, "in_review");
	assert_int_equal(store_review_pending(t->st, 3, &pend, &decider, &err),
			 RD_OK);
	assert_int_equal(pend, id);
	assert_int_equal(decider, 3);
	assert_int_equal(q_int(t->st, "SELECT count(*) FROM jobs"), 0);
	/* A second decision while pending is refused. */
	r = req_for(t->st, 3, RD_ACT_REJECT);
	assert_int_equal(store_review_decide(t->st, &sue, &r, NULL, &err),
			 RD_ERR_STATE);
	/* Not by an auditor, not by the decider. */
	assert_int_equal(store_review_countersign(t->st, &alice, id, 1, "", &err),
			 RD_ERR_DENIED);
	assert_int_equal(store_review_countersign(t->st, &sue, id, 1, "", &err),
			 RD_ERR_DENIED);
	assert_int_equal(store_review_countersign(t->st, &tom, id, 1, "ok", &err),
			 RD_OK);
	q_text(t->st, "SELECT state FROM applications WHERE id=3", z, sizeof z);
	assert_string_equal(z, "approved");
	assert_int_equal(q_int(t->st, "SELECT countersigned_by FROM decisions"), 4);
	assert_int_equal(q_int(t->st, "SELECT count(*) FROM jobs WHERE "
				      "kind='production_order'"),
			 1);
	/* Twice is refused. */
	assert_int_equal(store_review_countersign(t->st, &tom, id, 1, "", &err),
			 RD_ERR_CONFLICT);
}

static void test_override_refused(void **state)
{
	struct testdb *t = *state;
	struct rd_err err;
	struct store_decision_req r;
	int64_t id = 0;
	char z[32];

	assert_int_equal(store_review_claim(t->st, &alice, 3, 30, &err), RD_OK);
	tick_all(t->st, &alice, 3);
	r = req_for(t->st, 3, RD_ACT_APPROVE);
	r.override_reason = "trust me";
	assert_int_equal(store_review_decide(t->st, &alice, &r, &id, &err), RD_OK);
	assert_int_equal(store_review_countersign(t->st, &tom, id, 0, "no", &err),
			 RD_OK);
	q_text(t->st, "SELECT state FROM applications WHERE id=3", z, sizeof z);
	assert_string_equal(z, "in_review");
	q_text(t->st, "SELECT countersign FROM decisions", z, sizeof z);
	assert_string_equal(z, "refused");
	assert_int_equal(q_int(t->st, "SELECT count(*) FROM audit_log WHERE "
				      "action='decision.refuse'"),
			 1);
}

static void test_renew_ready_to_install(void **state)
{
	struct testdb *t = *state;
	struct rd_err err;
	struct store_decision_req r;
	char z[64];

	assert_int_equal(store_review_claim(t->st, &alice, 2, 30, &err), RD_OK);
	tick_all(t->st, &alice, 2);
	r = req_for(t->st, 2, RD_ACT_APPROVE);
	assert_int_equal(store_review_decide(t->st, &alice, &r, NULL, &err), RD_OK);
	q_text(t->st, "SELECT state FROM applications WHERE id=2", z, sizeof z);
	assert_string_equal(z, "ready_to_install");
	q_text(t->st, "SELECT kind FROM jobs", z, sizeof z);
	assert_string_equal(z, "notify");
}

static void test_note_reveal_bulk(void **state)
{
	struct testdb *t = *state;
	struct rd_err err;
	struct store_decision_req r;
	const char *aReason[] = { "OTHER" };
	int64_t aId[2] = { 1, 2 }, aRv[2];
	size_t nDone = 0;

	assert_int_equal(store_review_note(t->st, &bob, 1, "", &err),
			 RD_ERR_INVALID);
	assert_int_equal(store_review_note(t->st, &bob, 1, "看过了", &err), RD_OK);
	/* A reveal without a reason is refused and leaves no entry. */
	assert_int_equal(store_review_reveal(t->st, &bob, 1, "handler_id_no",
					     "Handler: ID number", "", &err),
			 RD_ERR_INVALID);
	assert_int_equal(store_review_reveal(t->st, &bob, 1,
					     "handler_id_no,handler_mobile",
					     "Handler: ID number, mobile",
					     "customer on the phone", &err),
			 RD_OK);
	assert_int_equal(q_int(t->st, "SELECT count(*) FROM audit_log WHERE "
				      "action='pii.reveal' AND actor='bob' AND "
				      "details LIKE '%handler_id_no%' AND "
				      "json_extract(details,'$.reason')="
				      "'customer on the phone' AND "
				      "json_extract(details,'$.field_words')="
				      "'Handler: ID number, mobile'"),
			 1);
	/* Bulk: claim puts them in review first (bulk needs in_review). */
	assert_int_equal(store_review_claim(t->st, &alice, 1, 30, &err), RD_OK);
	assert_int_equal(store_review_claim(t->st, &alice, 2, 30, &err), RD_OK);
	memset(&r, 0, sizeof r);
	r.action = RD_ACT_REJECT;
	r.aReason = aReason;
	r.nReason = 1;
	aRv[0] = rv(t->st, 1);
	aRv[1] = rv(t->st, 2);
	assert_int_equal(store_review_bulk(t->st, &alice, aId, aRv, 2, &r, &nDone,
					   NULL, NULL, &err),
			 RD_ERR_DENIED);
	/* alice holds the claims: sue's bulk would take them from her. */
	assert_int_equal(store_review_release(t->st, &alice, 1, &err), RD_OK);
	assert_int_equal(store_review_release(t->st, &alice, 2, &err), RD_OK);
	aRv[0] = rv(t->st, 1);
	aRv[1] = 999;  /* stale: that one fails, the other goes through */
	assert_int_equal(store_review_bulk(t->st, &sue, aId, aRv, 2, &r, &nDone,
					   NULL, NULL, &err),
			 RD_ERR_CONFLICT);
	assert_int_equal(nDone, 1);
	assert_int_equal(q_int(t->st, "SELECT count(*) FROM applications WHERE "
				      "state='rejected'"),
			 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_claim_lease, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_approve_needs_checklist_then_enqueues, setup, teardown),
		cmocka_unit_test_setup_teardown(test_approve_needs_bank_credited,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_view_conflict, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_reject_needs_reason, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_override_countersign, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_override_refused, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_renew_ready_to_install, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_note_reveal_bulk, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
