/*
 * test_queue.c — keyset paging per tab, search, and the detail read.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "helpers/testdb.h"
#include "store/queue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOW 1795140000

/* 60 applications: due times not in id order, a few equal (the id
 * breaks ties); every 5th decided. */
static const char zSeed[] =
	"INSERT INTO operators(id,login,role,created_at,updated_at) VALUES"
	" (1,'alice','auditor',0,0),(2,'bob','auditor',0,0);"
	"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<60)"
	" INSERT INTO applications(id,app_no,type,state,current_version,"
	" submitted_at,sla_due_at,org_name,org_id_no,cert_serial,handler_name,"
	" decided_at,created_at,updated_at) SELECT i, printf('RA%04d',i),"
	" CASE i%3 WHEN 0 THEN 'replace' WHEN 1 THEN 'renew' ELSE 'new' END,"
	" CASE WHEN i%5=0 THEN 'rejected' ELSE 'received' END, 1, i,"
	" 1000 + (i*37)%20, printf('单位%d有限公司',i), printf('USCC%d',i),"
	" printf('SER%d',i), printf('经办%d',i),"
	" CASE WHEN i%5=0 THEN 5000+i ELSE NULL END, 0, 0 FROM n;"
	"INSERT INTO app_versions(app_id,version,type,submitted_at,"
	" submitted_at_text,bundle_sha256,manifest_json,ingested_at,sla_due_at,"
	" org_name,org_id_no,cert_serial,handler_name,handler_id_no,"
	" handler_mobile,pay_method,pay_amount_fen) SELECT id,1,type,0,'','x',"
	" '{}',0,0,org_name,org_id_no,cert_serial,handler_name,"
	" CASE WHEN id IN (7,10) THEN '11010519491231002X' ELSE '' END,"
	" '13800138000','wechat',100 FROM applications;"
	"INSERT INTO claims VALUES (3,1,0,9999999999),(4,2,0,9999999999),"
	" (6,1,0,10);"
	"INSERT INTO decisions(app_id,version_id,operator_id,action,from_state,"
	" to_state,created_at) VALUES (10,10,2,'reject','in_review','rejected',1);";

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

static int key_cmp(const struct store_queue_key *a,
		   const struct store_queue_key *b)
{
	if (a->k != b->k)
		return a->k < b->k ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* Walking forward page by page visits every row exactly once in order,
 * and walking back from the end gives the same rows reversed. */
static void test_keyset_walk(void **state)
{
	struct testdb *t = *state;
	struct store_queue_filter f = { .tab = STORE_Q_REVIEW };
	struct store_queue_row rows[7], all[64], back[64];
	struct store_queue_key last;
	int n, total = 0, nBack = 0, have = 0;
	struct rd_err err;

	do {
		assert_int_equal(store_queue_page(t->st, &f, have ? &last : NULL,
						  STORE_Q_AFTER, NOW, 7, rows, &n,
						  &err),
				 RD_OK);
		for (int i = 0; i < n; i++) {
			if (total)
				assert_true(key_cmp(&all[total - 1].key,
						    &rows[i].key) < 0);
			assert_string_equal(rows[i].state, "received");
			all[total++] = rows[i];
		}
		if (n) {
			last = rows[n - 1].key;
			have = 1;
		}
	} while (n == 7);
	assert_int_equal(total, 48);
	have = 0;
	do {
		assert_int_equal(store_queue_page(t->st, &f, have ? &last : NULL,
						  STORE_Q_BEFORE, NOW, 7, rows,
						  &n, &err),
				 RD_OK);
		for (int i = 0; i < n; i++)
			back[nBack++] = rows[i];
		if (n) {
			last = rows[n - 1].key;
			have = 1;
		}
	} while (n == 7);
	assert_int_equal(nBack, 48);
	for (int i = 0; i < 48; i++)
		assert_int_equal(back[i].id, all[47 - i].id);
	/* FROM is inclusive. */
	assert_int_equal(store_queue_page(t->st, &f, &all[10].key, STORE_Q_FROM,
					  NOW, 1, rows, &n, &err),
			 RD_OK);
	assert_int_equal(rows[0].id, all[10].id);
}

static void test_tabs_and_filters(void **state)
{
	struct testdb *t = *state;
	struct store_queue_filter f = { .tab = STORE_Q_MINE, .me = 1 };
	struct store_queue_row rows[64];
	int n;
	int64_t c;

	/* Mine: live claims only (6's lease is long gone). */
	assert_int_equal(store_queue_page(t->st, &f, NULL, STORE_Q_FROM, NOW,
					  64, rows, &n, NULL),
			 RD_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, 3);
	assert_string_equal(rows[0].claimed_by, "alice");
	/* Decided: newest decision first. */
	f.tab = STORE_Q_DONE;
	assert_int_equal(store_queue_page(t->st, &f, NULL, STORE_Q_FROM, NOW,
					  64, rows, &n, NULL),
			 RD_OK);
	assert_int_equal(n, 12);
	assert_int_equal(rows[0].id, 60);
	assert_int_equal(rows[11].id, 5);
	assert_int_equal(store_queue_page(t->st, &f, &rows[0].key, STORE_Q_AFTER,
					  NOW, 1, rows + 20, &n, NULL),
			 RD_OK);
	assert_int_equal(rows[20].id, 55);
	/* Type and state filters. */
	f.tab = STORE_Q_ALL;
	f.type = "renew";
	f.state = "rejected";
	assert_int_equal(store_queue_count(t->st, &f, NOW, 1000, &c, NULL),
			 RD_OK);
	assert_int_equal(c, 4);   /* i%5==0 and i%3==1: 10, 25, 40, 55 */
	f.type = NULL;
	f.state = NULL;
	assert_int_equal(store_queue_count(t->st, &f, NOW, 25, &c, NULL), RD_OK);
	assert_int_equal(c, 25);  /* capped */
}

static void test_search(void **state)
{
	struct testdb *t = *state;
	struct store_queue_filter f = { .tab = STORE_Q_ALL };
	struct store_queue_row r;
	int n;

	f.search = "单位17有";
	assert_int_equal(store_queue_page(t->st, &f, NULL, STORE_Q_FROM, NOW, 1,
					  &r, &n, NULL),
			 RD_OK);
	assert_int_equal(n, 1);
	assert_int_equal(r.id, 17);
	f.search = "USCC23";
	store_queue_page(t->st, &f, NULL, STORE_Q_FROM, NOW, 1, &r, &n, NULL);
	assert_int_equal(r.id, 23);
	f.search = "SER41";
	store_queue_page(t->st, &f, NULL, STORE_Q_FROM, NOW, 1, &r, &n, NULL);
	assert_int_equal(r.id, 41);
	f.search = "经办9";
	store_queue_page(t->st, &f, NULL, STORE_Q_FROM, NOW, 1, &r, &n, NULL);
	assert_int_equal(r.id, 9);
	f.search = "RA005";    /* app no. prefix: 50..59 */
	{
		int64_t c;

		store_queue_count(t->st, &f, NOW, 100, &c, NULL);
		assert_int_equal(c, 10);
	}
	f.search = "%";        /* not a wildcard */
	store_queue_page(t->st, &f, NULL, STORE_Q_FROM, NOW, 1, &r, &n, NULL);
	assert_int_equal(n, 0);
}

static void test_detail(void **state)
{
	struct testdb *t = *state;
	struct store_detail *d = NULL;
	struct rd_err err;
	int seen_id = 0;

	assert_int_equal(store_detail_read(t->st, 999, NOW, &d, &err),
			 RD_ERR_NOTFOUND);
	assert_null(d);
	assert_int_equal(store_detail_read(t->st, 7, NOW, &d, &err), RD_OK);
	assert_string_equal(d->app.app_no, "RA0007");
	assert_int_equal(d->version, 1);
	for (size_t i = 0; i < d->nField; i++)
		if (!strcmp(d->aField[i].name, "handler_id_no")) {
			assert_string_equal(d->aField[i].value,
					    "11010519491231002X");
			assert_int_equal(d->aField[i].pii, STORE_PII_ID);
			seen_id = 1;
		}
	assert_true(seen_id);
	/* RA0010 shares the handler's ID and was rejected: high risk. */
	assert_int_equal(d->nRelated, 1);
	assert_string_equal(d->aRelated[0].app_no, "RA0010");
	assert_string_equal(d->aRelated[0].why, "id");
	assert_int_equal(d->aRelated[0].high_risk, 1);
	store_detail_free(&d);
	assert_null(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_keyset_walk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tabs_and_filters, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_search, setup, teardown),
		cmocka_unit_test_setup_teardown(test_detail, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
