/*
 * test_fulfil_view.c — what the detail screen reads of fulfilment.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "helpers/testdb.h"
#include "store/fulfil_view.h"

#include <string.h>

/* 2026-11-20T10:00:00+08:00 */
#define NOW 1795140000

/* A1: two production attempts (the first failed QC), a shipment with
 * two prints (the second failed), an issued invoice. A2: nothing yet,
 * an invoice asked for. */
static const char zSeed[] =
	"INSERT INTO applications(id,app_no,type,state,current_version,"
	" submitted_at,sla_due_at,created_at,updated_at,invoice_no,"
	" invoice_at) VALUES"
	" (1,'A1','new','shipped',1,0,0,0,0,'FP77',1795100000),"
	" (2,'A2','new','approved',1,0,0,0,0,NULL,NULL);"
	"INSERT INTO jobs(id,kind,app_id,idem_key,payload,state,max_attempts,"
	" next_attempt_at,created_at,updated_at) VALUES"
	" (10,'production_order',1,'p1','{}','done',8,0,0,0),"
	" (11,'production_order',1,'p1:r1','{}','done',8,0,0,0),"
	" (12,'label_print',1,'label:SF1:1','{}','done',8,0,0,0),"
	" (13,'label_print',1,'label:SF1:2','{}','dead',8,0,0,0),"
	" (20,'invoice',2,'invoice:A2:v1','{}','pending',8,0,0,0);"
	"INSERT INTO production_orders(app_id,job_id,order_id,state,attempt,"
	" medium_serial,last_error,created_at,updated_at) VALUES"
	" (1,10,'ORD1','qc_failed',1,NULL,'verify failed',0,100),"
	" (1,11,'ORD2','ready',2,'KEY42','',0,200);"
	"INSERT INTO shipments(id,app_id,waybill_no,carrier,state,label_sha256,"
	" printed_at,print_count,delivered_at,created_at,updated_at) VALUES"
	" (5,1,'SF1','sf','in_transit','ab',300,1,NULL,0,0);"
	"INSERT INTO label_prints(shipment_id,n,job_id,state,error,created_at,"
	" updated_at) VALUES (5,1,12,'printed','',0,0),"
	" (5,2,13,'failed','printer on fire',0,0);";

static int setup(void **state)
{
	return testdb_setup_seeded(state, NOW, zSeed);
}

static void test_view_full(void **state)
{
	struct testdb *t = *state;
	struct store_fulfil_view v;
	struct rd_err err;

	assert_int_equal(store_fulfil_view_read(t->st, 1, &v, &err), RD_OK);
	/* The latest attempt only. */
	assert_int_equal(v.attempt, 2);
	assert_string_equal(v.order_state, "ready");
	assert_string_equal(v.order_ref, "ORD2");
	assert_string_equal(v.medium_serial, "KEY42");
	assert_string_equal(v.order_error, "");
	assert_string_equal(v.order_job_state, "done");
	assert_int_equal(v.shipment_id, 5);
	assert_string_equal(v.waybill_no, "SF1");
	assert_string_equal(v.carrier, "sf");
	assert_string_equal(v.ship_state, "in_transit");
	assert_int_equal(v.has_label, 1);
	assert_int_equal(v.print_count, 1);
	assert_int_equal(v.printed_at, 300);
	/* The latest print failed: its error is the shipment's. */
	assert_string_equal(v.print_state, "failed");
	assert_string_equal(v.ship_error, "printer on fire");
	assert_string_equal(v.invoice_no, "FP77");
	assert_int_equal(v.invoice_at, 1795100000);
	assert_string_equal(v.invoice_job_state, "");
}

static void test_view_empty_and_missing(void **state)
{
	struct testdb *t = *state;
	struct store_fulfil_view v;
	struct rd_err err;

	assert_int_equal(store_fulfil_view_read(t->st, 2, &v, &err), RD_OK);
	assert_int_equal(v.order_row, 0);
	assert_int_equal(v.shipment_id, 0);
	assert_string_equal(v.invoice_no, "");
	assert_string_equal(v.invoice_job_state, "pending");
	assert_int_equal(store_fulfil_view_read(t->st, 99, &v, &err),
			 RD_ERR_NOTFOUND);
	/* The read transaction ended: a writer is not blocked. */
	assert_int_equal(store_begin(t->st, &err), RD_OK);
	store_rollback(t->st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_view_full, setup,
						testdb_teardown),
		cmocka_unit_test_setup_teardown(test_view_empty_and_missing,
						setup, testdb_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
