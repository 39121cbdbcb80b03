/*
 * test_report_queries.c — the supervisor dashboard's counts on a real
 * database: buckets by waiting time and by deadline at their edges,
 * today's throughput (refused overrides left out, pending ones in), the
 * waiting work, and each operator's day; and the production and
 * shipping rows of the report with the columns of migration 003.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "helpers/testdb.h"
#include "store/report_queries.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "Now" and the edges the caller would compute from the calendar; the
 * store only compares. */
#define NOW 100000
#define SINCE 90000
#define AGE1 99000   /* submitted after: less than one working day */
#define AGE2 98000
#define AGE3 97000
#define DUE1 101000  /* due at or before: within one working day */
#define DUE2 102000

/* Literal numbers: NOW 100000, SINCE 90000, AGE1..3 99000 98000 97000,
 * DUE1..2 101000 102000. */
static const char zSeed[] =
	"INSERT INTO operators(id,login,display_name,role,enabled,created_at,"
	" updated_at) VALUES"
	" (1,'admin','','admin',1,0,0),(2,'alice','Alice 李','auditor',1,0,0),"
	" (3,'bob','','auditor',1,0,0),(4,'sue','','supervisor',1,0,0),"
	" (5,'gone','','auditor',0,0,0),(6,'idle','','auditor',0,0,0);"
	/* Open: A1..A5 in age buckets 0, 1, 1, 3, 3 (an edge itself falls
	 * in the older bucket) and due buckets 0, 1, 1, 2, 3. Closed ones
	 * do not count. */
	"INSERT INTO applications(id,app_no,type,state,current_version,"
	" submitted_at,sla_due_at,created_at,updated_at) VALUES"
	" (1,'A1','new','received',1,99500,99999,0,0),"
	" (2,'A2','new','in_review',1,99000,100000,0,0),"
	" (3,'A3','new','received',1,98500,101000,0,0),"
	" (4,'A4','new','in_review',1,97000,102000,0,0),"
	" (5,'A5','new','received',1,10,102001,0,0),"
	" (6,'A6','new','approved',1,10,0,0,0),"
	" (7,'A7','new','rejected',1,99900,0,0,0);"
	"INSERT INTO app_versions(id,app_id,version,type,submitted_at,"
	" submitted_at_text,bundle_sha256,manifest_json,ingested_at,sla_due_at,"
	" cert_holder,cert_algorithm,cert_subject_cn,org_id_no,pay_method,"
	" pay_amount_fen) SELECT id,id,1,type,0,'','x','{}',0,0,'org','SM2',"
	" 'CN','U','wechat',1 FROM applications;"
	/* Today: alice approves 2 (one an override waiting for its
	 * countersign) and rejects 1; bob returns 1 and had an override
	 * refused (not counted); sue cancels 1; gone rejects 1 (listed
	 * although disabled). Alice's approval of yesterday is not
	 * counted. */
	"INSERT INTO decisions(app_id,version_id,operator_id,action,from_state,"
	" to_state,countersign,created_at) VALUES"
	" (6,6,2,'approve','in_review','approved','none',90000),"
	" (6,6,2,'approve','in_review','in_review','pending',100000),"
	" (7,7,2,'reject','in_review','rejected','none',95000),"
	" (7,7,3,'return_fin_auth','in_review','fin_auth_failed','none',96000),"
	" (7,7,3,'approve','in_review','in_review','refused',96500),"
	" (6,6,4,'cancel','approved','cancelled','none',97000),"
	" (6,6,2,'approve','in_review','approved','none',89999),"
	" (7,7,5,'reject','in_review','rejected','none',91000);"
	/* An override alice made yesterday, countersigned by sue today: a
	 * countersign of sue's, no decision of alice's today. */
	"INSERT INTO decisions(app_id,version_id,operator_id,action,from_state,"
	" to_state,countersign,countersigned_by,countersigned_at,created_at)"
	" VALUES (7,7,2,'approve','in_review','approved','approved',4,98000,"
	" 80000);"
	/* Claims: alice holds A2 (due now: at risk) and A5 (later); bob's
	 * claim on A4 has expired. */
	"INSERT INTO claims(app_id,operator_id,claimed_at,expires_at) VALUES"
	" (2,2,0,100600),(5,2,0,100600),(4,3,0,100000);"
	"INSERT INTO jobs(kind,app_id,idem_key,payload,state,attempts,"
	" max_attempts,next_attempt_at,created_at,updated_at) VALUES"
	" ('notify',1,'k1','{}','dead',8,8,0,0,0),"
	" ('notify',1,'k2','{}','pending',0,8,0,0,0);"
	"INSERT INTO ingest_log(bundle_name,outcome,at) VALUES"
	" ('a.zip','ingested',90000),('b.zip','ingested',100000),"
	" ('c.zip','quarantined',95000),('d.zip','duplicate',95000),"
	" ('e.zip','ingested',89999);";

static int setup(void **state)
{
	struct testdb *t = calloc(1, sizeof *t);

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

struct ops {
	char aLogin[8][16];
	struct store_dash_operator a[8];
	int n;
};

static rd_status on_op(void *ctx, const struct store_dash_operator *r)
{
	struct ops *o = ctx;

	if (o->n < 8) {
		snprintf(o->aLogin[o->n], sizeof o->aLogin[0], "%s", r->login);
		o->a[o->n] = *r;
		o->a[o->n].login = o->aLogin[o->n];
		o->a[o->n].name = "";
		o->n++;
	}
	return RD_OK;
}

static void test_dashboard(void **state)
{
	struct testdb *t = *state;
	struct store_dash_query q = {
		.now = NOW, .since = SINCE,
		.aAgeAfter = { AGE1, AGE2, AGE3 },
		.aDueBy = { NOW, DUE1, DUE2 },
	};
	struct store_dashboard d;
	struct ops o;
	struct rd_err err;

	memset(&o, 0, sizeof o);
	assert_int_equal(store_dashboard_read(t->st, &q, &d, on_op, &o, &err),
			 RD_OK);
	/* By age: A1 (99500), A2 at AGE1 exactly -> 1, A3 98500 -> 1,
	 * A4 at AGE3 -> 3, A5 -> 3. */
	assert_int_equal(d.aAge[0], 1);
	assert_int_equal(d.aAge[1], 2);
	assert_int_equal(d.aAge[2], 0);
	assert_int_equal(d.aAge[3], 2);
	/* By deadline: A1 overdue; A2 due now and A3 at DUE1 -> 1; A4 at
	 * DUE2 -> 2; A5 after -> 3. */
	assert_int_equal(d.aDue[0], 1);
	assert_int_equal(d.aDue[1], 2);
	assert_int_equal(d.aDue[2], 1);
	assert_int_equal(d.aDue[3], 1);
	assert_int_equal(d.nReceived, 3);
	assert_int_equal(d.nInReview, 2);
	assert_int_equal(d.nCountersign, 1);
	assert_int_equal(d.nDeadJobs, 1);
	assert_int_equal(d.nIngested, 2);
	assert_int_equal(d.nQuarantined, 1);
	assert_int_equal(d.nApproved, 2);
	assert_int_equal(d.nRejected, 2);
	assert_int_equal(d.nReturned, 1);
	assert_int_equal(d.nCancelled, 1);
	assert_int_equal(d.nRefundRequested, 0);
	assert_int_equal(d.nRefunded, 0);
	assert_int_equal(d.nCountersigned, 1);

	/* alice 3, then bob 1, gone 1, sue 1 by login; the admin and the
	 * disabled idle operator are not listed. */
	assert_int_equal(o.n, 4);
	assert_string_equal(o.a[0].login, "alice");
	assert_int_equal(o.a[0].nDecided, 3);
	assert_int_equal(o.a[0].nApproved, 2);
	assert_int_equal(o.a[0].nRejected, 1);
	assert_int_equal(o.a[0].nClaimed, 2);
	assert_int_equal(o.a[0].nAtRisk, 1);
	assert_string_equal(o.a[1].login, "bob");
	assert_int_equal(o.a[1].nDecided, 1);
	assert_int_equal(o.a[1].nReturned, 1);
	assert_int_equal(o.a[1].nClaimed, 0);   /* expired */
	assert_string_equal(o.a[2].login, "gone");
	assert_int_equal(o.a[2].nDecided, 1);
	assert_string_equal(o.a[3].login, "sue");
	assert_int_equal(o.a[3].nDecided, 1);
	assert_int_equal(o.a[3].nApproved + o.a[3].nRejected +
			 o.a[3].nReturned, 0);
	assert_int_equal(o.a[3].nCancelled, 1);
	assert_int_equal(o.a[3].nCountersigned, 1);
	assert_int_equal(o.a[0].nCountersigned, 0);

	/* Without a callback the counts still come. */
	assert_int_equal(store_dashboard_read(t->st, &q, &d, NULL, NULL, &err),
			 RD_OK);
	assert_int_equal(d.nApproved, 2);
}

struct ful {
	char aRef[4][32];
	int64_t aAttempt[4], aPrints[4], aDelivered[4];
	char aErr[4][32];
	int n;
};

static rd_status on_ful(void *ctx, const struct store_rep_fulfil *r)
{
	struct ful *f = ctx;

	if (f->n < 4) {
		snprintf(f->aRef[f->n], sizeof f->aRef[0], "%s", r->ref);
		snprintf(f->aErr[f->n], sizeof f->aErr[0], "%s", r->last_error);
		f->aAttempt[f->n] = r->attempt;
		f->aPrints[f->n] = r->print_count;
		f->aDelivered[f->n] = r->delivered_at;
		f->n++;
	}
	return RD_OK;
}

static void test_fulfilment_rows(void **state)
{
	struct testdb *t = *state;
	struct ful f;
	struct rd_err err;

	assert_int_equal(
		testdb_exec_raw(t,
			"INSERT INTO production_orders(app_id,order_id,state,"
			" attempt,last_error,created_at,updated_at) VALUES"
			" (6,'P1','qc_failed',1,'QC failed',100,200),"
			" (6,'P2','ready',2,'',300,400),"
			" (6,'P0','ready',1,'',10,20);"
			"INSERT INTO shipments(app_id,waybill_no,carrier,state,"
			" print_count,delivered_at,created_at,updated_at) VALUES"
			" (6,'W1','SF','delivered',2,450,50,450);"),
		0);
	memset(&f, 0, sizeof f);
	assert_int_equal(store_report_fulfilment(t->st, 100, 500, on_ful, &f,
						 &err),
			 RD_OK);
	/* P0 is outside the period; W1 was created before it but changed
	 * in it. */
	assert_int_equal(f.n, 3);
	assert_string_equal(f.aRef[0], "P1");
	assert_string_equal(f.aErr[0], "QC failed");
	assert_int_equal(f.aAttempt[0], 1);
	assert_string_equal(f.aRef[1], "P2");
	assert_int_equal(f.aAttempt[1], 2);
	assert_string_equal(f.aRef[2], "W1");
	assert_int_equal(f.aAttempt[2], 0);
	assert_int_equal(f.aPrints[2], 2);
	assert_int_equal(f.aDelivered[2], 450);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_dashboard, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fulfilment_rows, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
