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
#include "store/queue_search.h"

#include <sqlite3.h>
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
	/* the portal's order number (bundle revision 2), current version */
	assert_int_equal(testdb_exec_raw(t,
		"UPDATE app_versions SET order_no='20220909161842010000085862'"
		" WHERE app_id=33"), 0);
	f.search = "20220909161842010000085862";
	store_queue_page(t->st, &f, NULL, STORE_Q_FROM, NOW, 1, &r, &n, NULL);
	assert_int_equal(n, 1);
	assert_int_equal(r.id, 33);
	f.search = "2022090916184201";   /* exact, not a prefix */
	store_queue_page(t->st, &f, NULL, STORE_Q_FROM, NOW, 1, &r, &n, NULL);
	assert_int_equal(n, 0);
	/* the global search (every tab) finds it by order number too */
	assert_int_equal(store_search_global(t->st,
		"20220909161842010000085862", -1, 0, 0, NOW, 1, &r, &n, NULL),
		RD_OK);
	assert_int_equal(n, 1);
	assert_int_equal(r.id, 33);
	f.search = "%";        /* not a wildcard */
	store_queue_page(t->st, &f, NULL, STORE_Q_FROM, NOW, 1, &r, &n, NULL);
	assert_int_equal(n, 0);
}

/*
 * 2,100 applications for the search: every organisation name holds 大厦
 * (more matches than a search reads as candidates: the tab is walked),
 * fewer hold 星河1 (read from the candidates). A few odd names: SQL
 * wildcards, a quote, one 2,500 characters long. States, claims and a
 * pending countersign spread over every tab; due times collide.
 */
static const char zSearchSeed[] =
	"INSERT INTO operators(id,login,role,created_at,updated_at) VALUES"
	" (1,'alice','auditor',0,0),(2,'bob','supervisor',0,0);"
	"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n"
	" WHERE i<2100)"
	" INSERT INTO applications(id,app_no,type,state,current_version,"
	" submitted_at,sla_due_at,org_name,org_id_no,cert_serial,handler_name,"
	" decided_at,created_at,updated_at) SELECT i, printf('RB%05d',i),"
	" CASE i%3 WHEN 0 THEN 'replace' WHEN 1 THEN 'renew' ELSE 'new' END,"
	" CASE i%4 WHEN 0 THEN 'received' WHEN 1 THEN 'in_review'"
	"  WHEN 2 THEN 'approved' ELSE 'rejected' END, 1, i,"
	" 1000 + (i*37)%500,"
	" CASE i WHEN 2091 THEN '北京华为技术有限公司大厦'"
	"  WHEN 2092 THEN 'Acme 100% _Widgets_ 大厦'"
	"  WHEN 2093 THEN 'O''Brien 大厦 & Co'"
	"  WHEN 2094 THEN replace(hex(zeroblob(2500)),'00','长') || 'ZZ尾巴大厦'"
	"  ELSE printf('星河%d大厦%s有限公司', i%40, char(0x4e00 + i%97)) END,"
	" printf('USCC%04d', i%300), printf('SER%d', i), printf('经办%d', i%50),"
	" CASE WHEN i%4 >= 2 THEN 5000 + (i*13)%900 ELSE NULL END, 0, 0 FROM n;"
	"INSERT INTO claims SELECT id, 1 + id%2, 0, 9999999999 FROM applications"
	" WHERE id%4 = 1 AND id%3 = 0;"
	"INSERT INTO app_versions(app_id,version,type,submitted_at,"
	" submitted_at_text,bundle_sha256,manifest_json,ingested_at,sla_due_at,"
	" pay_method,pay_amount_fen) SELECT id,1,type,0,'','x','{}',0,0,"
	" 'wechat',100 FROM applications WHERE id%10 = 3;"
	"INSERT INTO decisions(app_id,version_id,operator_id,action,from_state,"
	" to_state,override_reason,countersign,created_at) SELECT v.app_id,"
	" v.id,1,'approve','in_review','approved','x','pending',1"
	" FROM app_versions v;";

static int setup_search(void **state)
{
	return testdb_setup_seeded(state, NOW, zSearchSeed);
}

/* Every row of the filtered tab in order (no search), up to nMax. */
static int tab_rows(struct store *st, const struct store_queue_filter *f,
		    struct store_queue_row *a, int nMax)
{
	struct store_queue_filter all = *f;
	int n = 0, got;

	all.search = NULL;
	do {
		assert_int_equal(store_queue_page(st, &all, n ? &a[n - 1].key
							     : NULL,
						  STORE_Q_AFTER, NOW, 64, a + n,
						  &got, NULL),
				 RD_OK);
		n += got;
	} while (got == 64 && n + 64 <= nMax);
	return n;
}

/* Serial and whole organisation name of every application (the queue
 * row has no serial and may hold only the start of a name), read once
 * from the file; owned here, freed by free_names(). */
static char *azSerial[2200], *azName[2200];

static void load_names(const struct testdb *t)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *p = NULL;

	assert_int_equal(sqlite3_open(t->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT id, cert_serial,"
					    " org_name FROM applications",
					    -1, &p, NULL),
			 SQLITE_OK);
	while (sqlite3_step(p) == SQLITE_ROW) {
		int id = sqlite3_column_int(p, 0);

		assert_true(id > 0 && id < 2200);
		free(azSerial[id]);
		free(azName[id]);
		azSerial[id] = strdup((const char *)sqlite3_column_text(p, 1));
		azName[id] = strdup((const char *)sqlite3_column_text(p, 2));
	}
	sqlite3_finalize(p);
	sqlite3_close(db);
}

static void free_names(void)
{
	for (int i = 0; i < 2200; i++) {
		free(azSerial[i]);
		free(azName[i]);
		azSerial[i] = azName[i] = NULL;
	}
}

/* What the search must match, judged here without SQL. */
static int matches(const struct store_queue_row *r, const char *q)
{
	return !strncmp(r->app_no, q, strlen(q)) ||
	       !strcmp(r->org_id_no, q) || !strcmp(r->handler_name, q) ||
	       !strcmp(azSerial[r->id], q) || strstr(azName[r->id], q);
}

/* The search gives exactly the tab's rows that match, in the tab's
 * order, forward in pages and backward from the end; the count agrees. */
static void expect_search(const struct testdb *t, enum store_queue_tab tab,
			  const char *q)
{
	static struct store_queue_row aAll[2200], aWant[2200], aPage[7];
	struct store_queue_filter f = { .tab = tab, .me = 1, .search = q };
	int nAll = tab_rows(t->st, &f, aAll, 2200), nWant = 0, k = 0, got;
	int64_t c = -1;

	for (int i = 0; i < nAll; i++)
		if (matches(&aAll[i], q))
			aWant[nWant++] = aAll[i];
	do {
		assert_int_equal(store_queue_page(t->st, &f,
						  k ? &aWant[k - 1].key : NULL,
						  STORE_Q_AFTER, NOW, 7, aPage,
						  &got, NULL),
				 RD_OK);
		for (int i = 0; i < got; i++, k++) {
			if (k >= nWant || aPage[i].id != aWant[k].id)
				fail_msg("tab %d, search \"%s\": row %d is %lld",
					 tab, q, k, (long long)aPage[i].id);
		}
	} while (got == 7);
	assert_int_equal(k, nWant);
	got = 0;
	assert_int_equal(store_queue_page(t->st, &f, NULL, STORE_Q_BEFORE, NOW,
					  7, aPage, &got, NULL),
			 RD_OK);
	assert_int_equal(got, nWant < 7 ? nWant : 7);
	for (int i = 0; i < got; i++)
		assert_int_equal(aPage[i].id, aWant[nWant - 1 - i].id);
	assert_int_equal(store_queue_count(t->st, &f, NOW, 100000, &c, NULL),
			 RD_OK);
	assert_int_equal(c, nWant);
}

/* Whichever way a search is answered (its candidates, or walking the
 * tab when they are many), every tab gives what testing each row would. */
static void test_search_same_rows(void **state)
{
	static const char *const azTerm[] = {
		"大厦", "星河1", "星河17大", "华", "华为", "技术有限", "RB0001",
		"RB", "RB02093", "USCC0007", "SER77", "经办3", "%", "_W",
		"100% _", "'", "O'Brien", "ZZ尾巴", "长长长", "不存在",
		"Z", "司", "\xe5\xa4", NULL
	};
	struct testdb *t = *state;

	load_names(t);
	for (int tab = 0; tab < STORE_Q_TAB_COUNT; tab++)
		for (int i = 0; azTerm[i]; i++)
			expect_search(t, (enum store_queue_tab)tab, azTerm[i]);
	/* A renamed organisation is found by its new name. */
	assert_int_equal(testdb_exec_raw(t, "UPDATE applications SET"
					    " org_name='云帆新名字' WHERE id=8"),
			 0);
	load_names(t);
	expect_search(t, STORE_Q_ALL, "新名");
	expect_search(t, STORE_Q_ALL, "星河8大厦");
	free_names();
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
		cmocka_unit_test_setup_teardown(test_search_same_rows,
						setup_search, testdb_teardown),
		cmocka_unit_test_setup_teardown(test_detail, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
