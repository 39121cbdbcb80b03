/*
 * test_queue_sort.c — the queue's orders and the filter menu's
 * conditions (issue #14): every order, both directions, paged by key
 * forward and back, gives exactly the rows an ORDER BY over the whole
 * table gives; several states merge in order; each order is read from
 * an index (no temporary B-tree in the plan).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "helpers/testdb.h"
#include "core/state.h"
#include "store/queue.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOW 1795140000
#define N_APPS 80

/* Equal submission times, due times and organisation names in runs, so
 * the id must break ties; states spread over five. */
static const char zSeed[] =
	"INSERT INTO operators(id,login,role,created_at,updated_at) VALUES"
	" (1,'alice','auditor',0,0),(2,'bob','auditor',0,0);"
	"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<80)"
	" INSERT INTO applications(id,app_no,type,state,current_version,"
	" submitted_at,sla_due_at,org_name,org_id_no,cert_serial,handler_name,"
	" decided_at,risk,created_at,updated_at) SELECT i,"
	" printf('RA%04d',(i*53)%97),"
	" CASE i%3 WHEN 0 THEN 'replace' WHEN 1 THEN 'renew' ELSE 'new' END,"
	" CASE i%5 WHEN 0 THEN 'rejected' WHEN 1 THEN 'in_review'"
	"  WHEN 2 THEN 'approved' ELSE 'received' END, 1,"
	" 100 + (i*7)%11, 1000 + (i*37)%20, printf('单位%d有限公司',i%9),"
	" '', '', '', CASE WHEN i%5 IN (0,2) THEN 5000+(i%13) ELSE NULL END,"
	" i%4, 0, 0 FROM n;"
	"INSERT INTO app_versions(app_id,version,type,submitted_at,"
	" submitted_at_text,channel,bundle_sha256,manifest_json,ingested_at,"
	" sla_due_at,pay_method,pay_amount_fen) SELECT id,1,type,0,'',"
	" CASE WHEN id%2 THEN 'web' ELSE 'app' END,'x','{}',0,0,'wechat',100"
	" FROM applications;"
	"INSERT INTO claims VALUES (3,1,0,9999999999),(4,2,0,9999999999),"
	" (8,1,0,9999999999);";

static int setup(void **state)
{
	return testdb_setup_seeded(state, NOW, zSeed);
}

/* The ids of the filtered rows in the order asked for, by SQL over the
 * whole table (what paging must reproduce). */
static int expected(const struct testdb *t, const char *zWhere,
		    const char *zOrder, int64_t *aId)
{
	sqlite3 *db;
	sqlite3_stmt *p;
	char z[1024];
	int n = 0;

	assert_int_equal(sqlite3_open(t->path, &db), SQLITE_OK);
	snprintf(z, sizeof z,
		 "SELECT a.id FROM applications a LEFT JOIN claims c"
		 " ON c.app_id=a.id AND c.expires_at > %d WHERE %s ORDER BY %s",
		 NOW, zWhere, zOrder);
	assert_int_equal(sqlite3_prepare_v2(db, z, -1, &p, NULL), SQLITE_OK);
	while (sqlite3_step(p) == SQLITE_ROW)
		aId[n++] = sqlite3_column_int64(p, 0);
	sqlite3_finalize(p);
	sqlite3_close(db);
	return n;
}

/* Page forward 7 at a time, then back from the end; both must give
 * the expected ids. */
static void walk(const struct testdb *t, const struct store_queue_filter *f,
		 const int64_t *aWant, int nWant)
{
	struct store_queue_row rows[7];
	int64_t aGot[N_APPS + 1];
	struct store_queue_key last;
	int n = 0, k;

	memset(&last, 0, sizeof last);
	for (;;) {
		assert_int_equal(store_queue_page(t->st, f, n ? &last : NULL,
						  STORE_Q_AFTER, NOW, 7, rows,
						  &k, NULL),
				 RD_OK);
		for (int i = 0; i < k; i++) {
			assert_true(n < N_APPS);
			aGot[n++] = rows[i].id;
		}
		if (k < 7)
			break;
		last = rows[k - 1].key;
	}
	assert_int_equal(n, nWant);
	for (int i = 0; i < n; i++)
		assert_int_equal(aGot[i], aWant[i]);
	n = 0;
	for (;;) {
		assert_int_equal(store_queue_page(t->st, f, n ? &last : NULL,
						  STORE_Q_BEFORE, NOW, 7, rows,
						  &k, NULL),
				 RD_OK);
		for (int i = 0; i < k; i++)
			aGot[n++] = rows[i].id;
		if (k < 7)
			break;
		last = rows[k - 1].key;
	}
	assert_int_equal(n, nWant);
	for (int i = 0; i < n; i++)
		assert_int_equal(aGot[i], aWant[nWant - 1 - i]);
	{
		int64_t c = 0;

		assert_int_equal(store_queue_count(t->st, f, NOW, 10000, &c,
						   NULL),
				 RD_OK);
		assert_int_equal(c, nWant);
	}
}

static const struct {
	enum store_queue_sort sort;
	const char *zCol;
} aSort[] = {
	{ STORE_QS_SLA, "a.sla_due_at" },
	{ STORE_QS_SUBMITTED, "a.submitted_at" },
	{ STORE_QS_APP_NO, "a.app_no" },
	{ STORE_QS_ORG, "substr(a.org_name,1,64)" },
	{ STORE_QS_DECIDED, "a.decided_at" },
};

static void test_every_order(void **state)
{
	struct testdb *t = *state;
	int64_t aWant[N_APPS + 1];

	for (size_t s = 0; s < sizeof aSort / sizeof *aSort; s++)
		for (int desc = 0; desc < 2; desc++)
			for (int tab = STORE_Q_REVIEW; tab <= STORE_Q_ALL;
			     tab += STORE_Q_ALL - STORE_Q_REVIEW) {
				struct store_queue_filter f = {
					.tab = tab, .sort = aSort[s].sort,
					.desc = desc, .me = 1 };
				char zW[256], zO[256];
				int n;

				snprintf(zW, sizeof zW, "%s%s",
					 tab == STORE_Q_REVIEW
						 ? "a.state IN ('received','in_review')"
						 : "1",
					 aSort[s].sort == STORE_QS_DECIDED
						 ? " AND a.decided_at IS NOT NULL"
						 : "");
				snprintf(zO, sizeof zO, "%s %s, a.id %s",
					 aSort[s].zCol, desc ? "DESC" : "ASC",
					 desc ? "DESC" : "ASC");
				n = expected(t, zW, zO, aWant);
				if (aSort[s].sort != STORE_QS_DECIDED ||
				    tab == STORE_Q_ALL)
					assert_true(n > 0);
				walk(t, &f, aWant, n);
			}
}

static void test_menu_filters(void **state)
{
	struct testdb *t = *state;
	int64_t aWant[N_APPS + 1];
	struct store_queue_filter f = { .tab = STORE_Q_ALL, .me = 1 };
	int n;

	/* Several states, merged in the default (SLA) order. */
	f.states = (1u << RD_ST_APPROVED) | (1u << RD_ST_REJECTED) |
		   (1u << RD_ST_RECEIVED);
	n = expected(t, "a.state IN ('approved','rejected','received')",
		     "a.sla_due_at, a.id", aWant);
	assert_true(n > 20);
	walk(t, &f, aWant, n);
	/* ... and by organisation, descending. */
	f.sort = STORE_QS_ORG;
	f.desc = 1;
	n = expected(t, "a.state IN ('approved','rejected','received')",
		     "substr(a.org_name,1,64) DESC, a.id DESC", aWant);
	walk(t, &f, aWant, n);
	/* Within the to-review tab only its open states count. */
	f.tab = STORE_Q_REVIEW;
	f.sort = STORE_QS_DEFAULT;
	n = expected(t, "a.state = 'received'", "a.sla_due_at, a.id", aWant);
	walk(t, &f, aWant, n);
	f.states = 1u << RD_ST_APPROVED;
	walk(t, &f, aWant, 0);
	/* High risk, an SLA band, the channel, claimed by me. */
	memset(&f, 0, sizeof f);
	f.tab = STORE_Q_ALL;
	f.me = 1;
	f.risk_only = 1;
	f.due_from = 1005;
	f.due_before = 1015;
	f.channel = "web";
	n = expected(t,
		     "a.risk >= 2 AND a.sla_due_at >= 1005 AND a.sla_due_at < 1015"
		     " AND a.id % 2 = 1",
		     "a.sla_due_at, a.id", aWant);
	assert_true(n > 0);
	walk(t, &f, aWant, n);
	memset(&f, 0, sizeof f);
	f.tab = STORE_Q_ALL;
	f.me = 1;
	f.mine_only = 1;
	n = expected(t, "c.operator_id = 1", "a.sla_due_at, a.id", aWant);
	assert_int_equal(n, 2);
	walk(t, &f, aWant, n);
}

static void test_channels(void **state)
{
	struct testdb *t = *state;
	char aCh[4][32];
	int n = 0;

	assert_int_equal(store_queue_channels(t->st, aCh, 4, &n, NULL), RD_OK);
	assert_int_equal(n, 2);
	assert_string_equal(aCh[0], "app");
	assert_string_equal(aCh[1], "web");
}

/* The statements a page runs, for their plans. */
struct trace {
	char *az[16];
	int n;
};

static void on_sql(void *ctx, const char *zSql)
{
	struct trace *tr = ctx;

	if (tr->n < 16 && !strncmp(zSql, "SELECT a.id", 11))
		tr->az[tr->n++] = strdup(zSql);
}

/* Every order reads its index in order: no plan of a page sorts. */
static void test_plans_use_an_index(void **state)
{
	struct testdb *t = *state;
	sqlite3 *db;

	assert_int_equal(sqlite3_open(t->path, &db), SQLITE_OK);
	for (size_t s = 0; s < sizeof aSort / sizeof *aSort; s++)
		for (int tab = STORE_Q_REVIEW; tab <= STORE_Q_ALL;
		     tab += STORE_Q_ALL - STORE_Q_REVIEW) {
			struct store_queue_filter f = { .tab = tab,
							.sort = aSort[s].sort };
			struct store_queue_row rows[5];
			struct trace tr = { { 0 }, 0 };
			int k;

			store_trace(t->st, on_sql, &tr);
			assert_int_equal(store_queue_page(t->st, &f, NULL,
							  STORE_Q_FROM, NOW, 5,
							  rows, &k, NULL),
					 RD_OK);
			store_trace(t->st, NULL, NULL);
			assert_true(tr.n > 0);
			for (int i = 0; i < tr.n; i++) {
				char z[4096];
				sqlite3_stmt *p;

				snprintf(z, sizeof z, "EXPLAIN QUERY PLAN %s",
					 tr.az[i]);
				assert_int_equal(sqlite3_prepare_v2(db, z, -1, &p,
								    NULL),
						 SQLITE_OK);
				while (sqlite3_step(p) == SQLITE_ROW) {
					const char *zD = (const char *)
						sqlite3_column_text(p, 3);

					if (strstr(zD, "TEMP B-TREE"))
						fail_msg("sort %d tab %d sorts: %s",
							 aSort[s].sort, tab,
							 tr.az[i]);
				}
				sqlite3_finalize(p);
				free(tr.az[i]);
			}
		}
	sqlite3_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_every_order, setup,
						testdb_teardown),
		cmocka_unit_test_setup_teardown(test_menu_filters, setup,
						testdb_teardown),
		cmocka_unit_test_setup_teardown(test_channels, setup,
						testdb_teardown),
		cmocka_unit_test_setup_teardown(test_plans_use_an_index, setup,
						testdb_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
