/*
 * test_invoice.c — one e-invoice per application: the rule and the
 * store's refusals (enqueue, send, record, retry, the trigger).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "helpers/testdb.h"
#include "core/invoice_rule.h"
#include "store/invoice.h"
#include "store/jobs.h"

#include <stdio.h>
#include <string.h>

#define NOW 1795140000

/* A1 has invoice INV-1 (job 10 done); A2 has none and job 20 pending. */
static const char zSeed[] =
	"INSERT INTO applications(id,app_no,type,state,current_version,"
	" submitted_at,sla_due_at,org_name,invoice_no,created_at,updated_at)"
	" VALUES (1,'A1','replace','delivered',1,0,100,'甲','INV-1',0,0),"
	" (2,'A2','replace','approved',1,0,100,'乙',NULL,0,0);"
	"INSERT INTO jobs(id,kind,app_id,idem_key,payload,state,attempts,"
	" max_attempts,next_attempt_at,created_at,updated_at) VALUES"
	" (10,'invoice',1,'invoice:A1:v1','{}','done',1,8,0,0,0),"
	" (11,'invoice',1,'invoice:A1:v2','{}','pending',0,8,0,0,0),"
	" (12,'invoice',1,'invoice:A1:v3','{}','cancelled',0,8,0,0,0),"
	" (20,'invoice',2,'invoice:A2:v1','{}','pending',0,8,0,0,0);";

static int setup(void **state)
{
	return testdb_setup_seeded(state, NOW, zSeed);
}

static void test_rule(void **state)
{
	(void)state;
	assert_int_equal(rd_invoice_rule("", 0, NULL), RD_INVOICE_ISSUE);
	assert_int_equal(rd_invoice_rule(NULL, 0, NULL), RD_INVOICE_ISSUE);
	assert_int_equal(rd_invoice_rule("", 1, NULL), RD_INVOICE_UNDERWAY);
	assert_int_equal(rd_invoice_rule("INV-1", 0, NULL), RD_INVOICE_ISSUED);
	assert_int_equal(rd_invoice_rule("INV-1", 0, "INV-1"), RD_INVOICE_SAME);
	assert_int_equal(rd_invoice_rule("INV-1", 0, "INV-2"),
			 RD_INVOICE_ISSUED);
	assert_int_equal(rd_invoice_rule("", 2, "INV-2"), RD_INVOICE_ISSUE);
}

static void test_may_issue(void **state)
{
	struct testdb *t = *state;
	struct rd_err err;

	assert_int_equal(store_begin(t->st, &err), RD_OK);
	/* A1 has its invoice: refused, the message names it */
	assert_int_equal(store_invoice_may_issue(t->st, 1, 0, &err),
			 RD_ERR_STATE);
	assert_non_null(strstr(rd_err_msg(&err), "INV-1"));
	/* A2: job 20 is under way, so a new one is refused; 20 itself may */
	assert_int_equal(store_invoice_may_issue(t->st, 2, 0, &err),
			 RD_ERR_STATE);
	assert_non_null(strstr(rd_err_msg(&err), "20"));
	assert_int_equal(store_invoice_may_issue(t->st, 2, 20, &err), RD_OK);
	assert_int_equal(store_invoice_may_issue(t->st, 99, 0, &err),
			 RD_ERR_NOTFOUND);
	store_rollback(t->st);
	/* outside a transaction it is a programming error */
	assert_int_equal(store_invoice_may_issue(t->st, 2, 20, &err),
			 RD_ERR_INTERNAL);
}

static void test_record(void **state)
{
	struct testdb *t = *state;
	struct rd_err err;

	assert_int_equal(store_begin(t->st, &err), RD_OK);
	assert_int_equal(store_invoice_record(t->st, 2, "INV-2", &err), RD_OK);
	assert_int_equal(store_invoice_record(t->st, 2, "INV-2", &err), RD_OK);
	assert_int_equal(store_invoice_record(t->st, 2, "INV-3", &err),
			 RD_ERR_STATE);
	assert_int_equal(store_invoice_record(t->st, 1, "INV-9", &err),
			 RD_ERR_STATE);
	assert_int_equal(store_commit(t->st, &err), RD_OK);
	assert_int_equal(testdb_int(t, "SELECT count(*) FROM applications"
				       " WHERE id=2 AND invoice_no='INV-2'"
				       " AND invoice_at=1795140000"),
			 1);
	assert_int_equal(testdb_int(t, "SELECT count(*) FROM applications"
				       " WHERE id=1 AND invoice_no='INV-1'"),
			 1);
}

static void test_before_send(void **state)
{
	struct testdb *t = *state;
	struct store_job job;
	struct rd_err err;
	int claimed = 0, refused = -1, seen11 = 0, seen20 = 0;

	/* The worker claims both pending invoice jobs; A1's is cancelled
	 * before any call, A2's may go. */
	for (int i = 0; i < 2; i++) {
		memset(&job, 0, sizeof job);
		assert_int_equal(store_job_claim(t->st, "w1", 60, &job,
						 &claimed, &err),
				 RD_OK);
		assert_int_equal(claimed, 1);
		assert_int_equal(store_invoice_before_send(t->st, job.id, "w1",
							   &refused, &err),
				 RD_OK);
		if (job.id == 11) {
			seen11 = 1;
			assert_int_equal(refused, 1);
		} else {
			seen20 = job.id == 20;
			assert_int_equal(refused, 0);
		}
		store_job_fini(&job);
	}
	assert_true(seen11 && seen20);
	assert_int_equal(testdb_int(t, "SELECT count(*) FROM jobs WHERE id=11"
				       " AND state='cancelled' AND last_error"
				       " LIKE '%INV-1%' AND locked_by IS NULL"),
			 1);
	assert_int_equal(testdb_int(t, "SELECT count(*) FROM jobs WHERE id=20"
				       " AND state='running'"),
			 1);
	assert_int_equal(testdb_int(t, "SELECT count(*) FROM audit_log WHERE"
				       " actor='worker' AND action="
				       "'invoice.not_reissued' AND subject='A1'"
				       " AND json_extract(details,'$.job')=11"),
			 1);
	/* another worker's job is not this one's to cancel */
	assert_int_equal(store_invoice_before_send(t->st, 20, "w2", &refused,
						   &err),
			 RD_OK);
	assert_int_equal(refused, 0);
}

static void test_retry_and_trigger(void **state)
{
	struct testdb *t = *state;
	struct rd_err err;
	int revived = -1;

	/* a cancelled invoice job of an invoiced application stays so */
	assert_int_equal(store_job_retry(t->st, "sue", 12, &err),
			 RD_ERR_STATE);
	assert_non_null(strstr(rd_err_msg(&err), "INV-1"));
	assert_int_equal(store_begin(t->st, &err), RD_OK);
	assert_int_equal(store_job_revive(t->st, 12, &revived, &err),
			 RD_ERR_STATE);
	store_rollback(t->st);
	assert_int_equal(testdb_int(t, "SELECT count(*) FROM jobs WHERE id=12"
				       " AND state='cancelled'"),
			 1);
	/* the database itself refuses a changed or cleared number */
	assert_int_not_equal(testdb_exec_raw(t, "UPDATE applications SET"
					     " invoice_no='INV-X' WHERE id=1"),
			     0);
	assert_int_not_equal(testdb_exec_raw(t, "UPDATE applications SET"
					     " invoice_no=NULL WHERE id=1"),
			     0);
	assert_int_equal(testdb_exec_raw(t, "UPDATE applications SET"
					 " invoice_no='INV-1' WHERE id=1"),
			 0);
	assert_int_equal(testdb_exec_raw(t, "UPDATE applications SET"
					 " invoice_no='INV-7' WHERE id=2"),
			 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rule),
		cmocka_unit_test_setup_teardown(test_may_issue, setup,
						testdb_teardown),
		cmocka_unit_test_setup_teardown(test_record, setup,
						testdb_teardown),
		cmocka_unit_test_setup_teardown(test_before_send, setup,
						testdb_teardown),
		cmocka_unit_test_setup_teardown(test_retry_and_trigger, setup,
						testdb_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
