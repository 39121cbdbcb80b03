/*
 * test_ingest_store.c — the history the pre-checks read
 * (store_ingest_history): open applications with the same serial or
 * organisation, and earlier rejections of the organisation or a person,
 * found through the versions that carry the numbers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "helpers/testdb.h"
#include "ingest/manifest.h"
#include "ingest/precheck.h"
#include "store/ingest_store.h"

#include <stdio.h>
#include <string.h>

#define NOW 1795140000

/*
 * Applications A1..A7. A2 was rejected as version 1 (organisation ORG1,
 * handler H2) and came back as version 2 under ORG2: its rejection
 * belongs to ORG1 and H2, not to ORG2. A3 was rejected before A2
 * (decision ids), though A2 is the older application and version. A5
 * was rejected twice (H1 as applicant). A4 was approved (no rejection).
 * A6 is the bundle's own number. A7 is open with the same serial and
 * organisation.
 */
static const char zSeed[] =
	"INSERT INTO operators(id,login,role,created_at,updated_at) VALUES"
	" (1,'alice','auditor',0,0);"
	"INSERT INTO applications(id,app_no,type,state,current_version,"
	" submitted_at,sla_due_at,org_id_no,cert_serial,created_at,updated_at)"
	" VALUES (1,'A1','new','approved',1,0,0,'ORG9','',0,0),"
	" (2,'A2','new','in_review',2,0,0,'ORG2','',0,0),"
	" (3,'A3','new','rejected',1,0,0,'ORG1','',0,0),"
	" (4,'A4','new','approved',1,0,0,'ORG1','',0,0),"
	" (5,'A5','new','rejected',1,0,0,'ORG3','',0,0),"
	" (6,'A6','new','rejected',1,0,0,'ORG1','',0,0),"
	" (7,'A7','renew','received',1,0,0,'ORG1','SER1',0,0);"
	"INSERT INTO app_versions(id,app_id,version,type,submitted_at,"
	" submitted_at_text,bundle_sha256,manifest_json,ingested_at,sla_due_at,"
	" org_id_no,cert_serial,handler_id_no,applicant_id_no,pay_method,"
	" pay_amount_fen) VALUES"
	" (1,1,1,'new',0,'','x','{}',0,0,'ORG9','','H9','',"
	"  'wechat',100),"
	" (2,2,1,'new',0,'','x','{}',0,0,'ORG1','','H2','','wechat',100),"
	" (3,2,2,'new',0,'','x','{}',0,0,'ORG2','','H8','','wechat',100),"
	" (4,3,1,'new',0,'','x','{}',0,0,'ORG1','','H3','','wechat',100),"
	" (5,4,1,'new',0,'','x','{}',0,0,'ORG1','','H4','','wechat',100),"
	" (6,5,1,'new',0,'','x','{}',0,0,'ORG3','','H5','H1','wechat',100),"
	" (7,6,1,'new',0,'','x','{}',0,0,'ORG1','','H1','','wechat',100),"
	" (8,7,1,'renew',0,'','x','{}',0,0,'ORG1','SER1','H7','',"
	"  'wechat',100);"
	"INSERT INTO decisions(id,app_id,version_id,operator_id,action,"
	" from_state,to_state,created_at) VALUES"
	" (1,5,6,1,'reject','in_review','rejected',1),"
	" (2,3,4,1,'reject','in_review','rejected',2),"
	" (3,2,2,1,'reject','in_review','rejected',3),"
	" (4,4,5,1,'approve','in_review','approved',4),"
	" (5,6,7,1,'reject','in_review','rejected',5),"
	" (6,5,6,1,'reject','in_review','rejected',6);";

static int setup(void **state)
{
	return testdb_setup_seeded(state, NOW, zSeed);
}

/* A manifest of app_no A6 with these numbers (NULL: no applicant). The
 * strings are copied into buf, which the manifest points into. */
struct numbers {
	char app_no[8], org[8], handler[8], applicant[8], serial[8];
};

static void manifest(struct ingest_manifest *m, struct numbers *buf,
		     const char *zOrg, const char *zHandler,
		     const char *zApplicant, const char *zSerial)
{
	memset(m, 0, sizeof *m);
	memset(buf, 0, sizeof *buf);
	snprintf(buf->app_no, sizeof buf->app_no, "A6");
	snprintf(buf->org, sizeof buf->org, "%s", zOrg);
	snprintf(buf->handler, sizeof buf->handler, "%s", zHandler);
	snprintf(buf->applicant, sizeof buf->applicant, "%s",
		 zApplicant ? zApplicant : "");
	snprintf(buf->serial, sizeof buf->serial, "%s", zSerial ? zSerial : "");
	m->app_no = buf->app_no;
	m->org.id_no = buf->org;
	m->handler.id_no = buf->handler;
	m->has_applicant = zApplicant != NULL;
	m->applicant.id_no = buf->applicant;
	m->cert.serial = buf->serial;
}

/* The organisation's rejections: per application, the one rejected
 * first named, the bundle's own number left out, versions judged by the
 * one that was decided. */
static void test_rejected_org(void **state)
{
	struct testdb *t = *state;
	struct ingest_manifest m;
	struct ingest_history h;
	struct numbers num;

	manifest(&m, &num, "ORG1", "H0", NULL, "SER1");
	assert_int_equal(store_ingest_history(t->st, &m, &h, NULL), RD_OK);
	assert_int_equal(h.rejected_org, 2);       /* A3, A2 (v1); not A4, A6 */
	assert_string_equal(h.rejected_app_no, "A3");
	assert_int_equal(h.rejected_person, 0);
	assert_int_equal(h.open_same_org, 1);
	assert_string_equal(h.open_org_app_no, "A7");
	assert_int_equal(h.open_same_serial, 1);
	assert_string_equal(h.open_serial_app_no, "A7");

	manifest(&m, &num, "ORG2", "H0", NULL, NULL);    /* A2 came back as ORG2 */
	assert_int_equal(store_ingest_history(t->st, &m, &h, NULL), RD_OK);
	assert_int_equal(h.rejected_org, 0);
	assert_string_equal(h.rejected_app_no, "");
}

/* A person's rejections, as handler or applicant, each application
 * counted once however often it was rejected. */
static void test_rejected_person(void **state)
{
	struct testdb *t = *state;
	struct ingest_manifest m;
	struct ingest_history h;
	struct numbers num;

	manifest(&m, &num, "ORG0", "H1", NULL, NULL);
	assert_int_equal(store_ingest_history(t->st, &m, &h, NULL), RD_OK);
	assert_int_equal(h.rejected_org, 0);
	assert_int_equal(h.rejected_person, 1);    /* A5 twice; A6 is us */
	assert_string_equal(h.rejected_app_no, "A5");

	manifest(&m, &num, "ORG0", "H3", "H2", NULL);
	assert_int_equal(store_ingest_history(t->st, &m, &h, NULL), RD_OK);
	assert_int_equal(h.rejected_person, 2);    /* A3 handler, A2 applicant */
	assert_string_equal(h.rejected_app_no, "A3");

	manifest(&m, &num, "ORG0", "H8", NULL, NULL);    /* A2 v2: not rejected */
	assert_int_equal(store_ingest_history(t->st, &m, &h, NULL), RD_OK);
	assert_int_equal(h.rejected_person, 0);
	assert_int_equal(h.open_same_org, 0);
	assert_int_equal(h.open_same_serial, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rejected_org, setup,
						testdb_teardown),
		cmocka_unit_test_setup_teardown(test_rejected_person, setup,
						testdb_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
