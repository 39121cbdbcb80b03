/*
 * test_store.c — connection, migrations, schema versions, transactions,
 * backup and checks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "helpers/testdb.h"
#include "store/audit.h"
#include "store/jobs.h"
#include "store/migrations.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void test_migrations_are_sorted_and_unique(void **state)
{
	(void)state;
	assert_true(store_migration_count >= 1);
	for (int i = 1; i < store_migration_count; i++)
		assert_true(store_migrations[i].version >
			    store_migrations[i - 1].version);
}

static void test_fresh_db_is_current_and_rerun_is_noop(void **state)
{
	struct testdb t;
	struct rd_err err;
	int have, want, applied = -1;

	(void)state;
	testdb_open(&t);
	assert_int_equal(store_schema_version(t.st, &have, &want, &err), RD_OK);
	assert_int_equal(have, want);
	assert_int_equal(store_check_schema(t.st, &err), RD_OK);
	assert_int_equal(store_migrate(t.st, &applied, &err), RD_OK);
	assert_int_equal(applied, 0);
	testdb_close(&t);
}

static void test_newer_database_is_refused(void **state)
{
	struct testdb t;
	struct rd_err err;
	int applied;

	(void)state;
	testdb_open(&t);
	assert_int_equal(testdb_exec_raw(&t,
					 "INSERT INTO schema_migrations VALUES"
					 "(9999,'future',0)"),
			 SQLITE_OK);
	rd_err_clear(&err);
	assert_int_equal(store_check_schema(t.st, &err), RD_ERR_STATE);
	assert_non_null(strstr(rd_err_msg(&err), "9999"));
	assert_int_not_equal(store_migrate(t.st, &applied, &err), RD_OK);
	testdb_close(&t);
}

static void test_empty_database_says_init(void **state)
{
	char zDir[] = "/tmp/radesk-test-XXXXXX", zPath[128];
	struct store *st = NULL;
	struct rd_err err;

	(void)state;
	assert_non_null(mkdtemp(zDir));
	snprintf(zPath, sizeof zPath, "%s/x.db", zDir);
	assert_int_equal(store_open(zPath, 1000, 0, &st, &err),
			 RD_ERR_NOTFOUND);
	assert_null(st);
	assert_int_equal(store_open(zPath, 1000, 1, &st, &err), RD_OK);
	assert_int_equal(store_check_schema(st, &err), RD_ERR_STATE);
	assert_non_null(strstr(rd_err_msg(&err), "init"));
	store_close(&st);
	assert_null(st);
	unlink(zPath);
	snprintf(zPath, sizeof zPath, "%s/x.db-wal", zDir);
	unlink(zPath);
	snprintf(zPath, sizeof zPath, "%s/x.db-shm", zDir);
	unlink(zPath);
	rmdir(zDir);
}

static void test_rollback_discards(void **state)
{
	struct testdb t;
	struct rd_err err;
	int64_t head;
	char zHash[65];

	(void)state;
	testdb_open(&t);
	assert_int_equal(store_begin(t.st, &err), RD_OK);
	assert_int_equal(store_begin(t.st, &err), RD_ERR_INTERNAL);
	assert_int_equal(store_audit_append(t.st, "a", "x", "", "", &err),
			 RD_OK);
	store_rollback(t.st);
	assert_int_equal(store_audit_head(t.st, &head, zHash, &err), RD_OK);
	assert_int_equal(head, 0);
	testdb_close(&t);
}

static void test_second_writer_waits_then_busy(void **state)
{
	struct testdb t;
	struct store *st2 = NULL;
	struct rd_err err;

	(void)state;
	testdb_open(&t);
	assert_int_equal(store_open(t.path, 100, 0, &st2, &err), RD_OK);
	assert_int_equal(store_begin(t.st, &err), RD_OK);
	/* BEGIN IMMEDIATE: the second writer is refused up front, with a
	 * message, instead of failing later on a lock upgrade. */
	assert_int_equal(store_begin(st2, &err), RD_ERR_BUSY);
	assert_non_null(strstr(rd_err_msg(&err), "busy"));
	store_rollback(t.st);
	assert_int_equal(store_begin(st2, &err), RD_OK);
	store_rollback(st2);
	store_close(&st2);
	testdb_close(&t);
}

static void test_data_version_moves_on_foreign_commit(void **state)
{
	struct testdb t;
	int64_t v1 = 0, v2 = 0;

	(void)state;
	testdb_open(&t);
	assert_int_equal(store_data_version(t.st, &v1), RD_OK);
	assert_int_equal(testdb_exec_raw(&t,
					 "INSERT INTO operators(login,role,"
					 "created_at,updated_at) VALUES"
					 "('zed','auditor',0,0)"),
			 SQLITE_OK);
	assert_int_equal(store_data_version(t.st, &v2), RD_OK);
	assert_true(v2 != v1);
	testdb_close(&t);
}

static void test_backup_is_a_consistent_copy(void **state)
{
	struct testdb t;
	struct store *copy = NULL;
	struct rd_err err;
	char zDest[160];
	int64_t rows, bad;

	(void)state;
	testdb_open(&t);
	for (int i = 0; i < 20; i++) {
		assert_int_equal(store_begin(t.st, &err), RD_OK);
		assert_int_equal(store_audit_append(t.st, "a", "x", "s", "", &err),
				 RD_OK);
		assert_int_equal(store_commit(t.st, &err), RD_OK);
	}
	snprintf(zDest, sizeof zDest, "%s/backup.db", t.dir);
	assert_int_equal(store_backup(t.st, zDest, &err), RD_OK);
	assert_int_equal(store_open(zDest, 1000, 0, &copy, &err), RD_OK);
	assert_int_equal(store_check_schema(copy, &err), RD_OK);
	assert_int_equal(store_audit_verify(copy, &rows, &bad, &err), RD_OK);
	assert_int_equal(rows, 20);
	store_close(&copy);
	unlink(zDest);
	snprintf(zDest, sizeof zDest, "%s/backup.db-wal", t.dir);
	unlink(zDest);
	snprintf(zDest, sizeof zDest, "%s/backup.db-shm", t.dir);
	unlink(zDest);
	testdb_close(&t);
}

static void count_problem(void *ctx, const char *problem)
{
	(void)problem;
	(*(int *)ctx)++;
}

static void test_check_finds_foreign_key_violation(void **state)
{
	struct testdb t;
	struct rd_err err;
	int problems = -1, seen = 0;

	(void)state;
	testdb_open(&t);
	assert_int_equal(store_check(t.st, count_problem, &seen, &problems,
				     &err),
			 RD_OK);
	assert_int_equal(problems, 0);
	/* foreign_keys is per connection: a careless tool can break them */
	assert_int_equal(testdb_exec_raw(&t,
					 "INSERT INTO notes(app_id,operator_id,"
					 "body,created_at) VALUES(42,42,'x',0)"),
			 SQLITE_OK);
	assert_int_equal(store_check(t.st, count_problem, &seen, &problems,
				     &err),
			 RD_OK);
	assert_true(problems >= 1);
	assert_true(seen >= 1);
	testdb_close(&t);
}

static void test_job_enqueue_is_idempotent(void **state)
{
	struct testdb t;
	struct rd_err err;
	int64_t id1 = 0, id2 = 0;

	(void)state;
	testdb_open(&t);
	assert_int_equal(store_job_enqueue(t.st, "x", 0, "k1", "{}", 0, 3, &id1,
					   &err),
			 RD_ERR_INTERNAL); /* outside a transaction */
	assert_int_equal(store_begin(t.st, &err), RD_OK);
	assert_int_equal(store_job_enqueue(t.st, "x", 0, "k1", "{}", 0, 3, &id1,
					   &err),
			 RD_OK);
	assert_int_equal(store_job_enqueue(t.st, "x", 0, "k1", "{\"a\":1}", 0,
					   3, &id2, &err),
			 RD_OK);
	assert_int_equal(store_commit(t.st, &err), RD_OK);
	assert_true(id1 > 0);
	assert_int_equal(id1, id2);
	testdb_close(&t);
}

/* store_trace collects each statement with its parameters written in. */
static void trace_collect(void *ctx, const char *zSql)
{
	char *z = ctx;
	size_t n = strlen(z);

	snprintf(z + n, 4096 - n, "%s\n", zSql);
}

static void test_trace_shows_expanded_sql_until_off(void **state)
{
	struct testdb t;
	struct rd_err err;
	char *zSeen = calloc(1, 4096);
	int64_t id = 0;

	(void)state;
	assert_non_null(zSeen);
	testdb_open(&t);
	store_trace(t.st, trace_collect, zSeen);
	assert_int_equal(store_begin(t.st, &err), RD_OK);
	assert_int_equal(store_job_enqueue(t.st, "x", 0, "trace-key-1", "{}",
					   0, 3, &id, &err),
			 RD_OK);
	assert_int_equal(store_commit(t.st, &err), RD_OK);
	assert_non_null(strstr(zSeen, "BEGIN IMMEDIATE"));
	assert_non_null(strstr(zSeen, "'trace-key-1'"));   /* bound value */
	store_trace(t.st, NULL, NULL);
	zSeen[0] = '\0';
	assert_int_equal(store_begin(t.st, &err), RD_OK);
	assert_int_equal(store_job_enqueue(t.st, "x", 0, "trace-key-2", "{}",
					   0, 3, &id, &err),
			 RD_OK);
	assert_int_equal(store_commit(t.st, &err), RD_OK);
	assert_string_equal(zSeen, "");
	testdb_close(&t);
	free(zSeen);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_migrations_are_sorted_and_unique),
		cmocka_unit_test(test_fresh_db_is_current_and_rerun_is_noop),
		cmocka_unit_test(test_newer_database_is_refused),
		cmocka_unit_test(test_empty_database_says_init),
		cmocka_unit_test(test_rollback_discards),
		cmocka_unit_test(test_second_writer_waits_then_busy),
		cmocka_unit_test(test_data_version_moves_on_foreign_commit),
		cmocka_unit_test(test_backup_is_a_consistent_copy),
		cmocka_unit_test(test_check_finds_foreign_key_violation),
		cmocka_unit_test(test_job_enqueue_is_idempotent),
		cmocka_unit_test(test_trace_shows_expanded_sql_until_off),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
