/*
 * test_audit.c — the hash chain finds edits, deletions and insertions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "helpers/testdb.h"
#include "store/audit.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void append_n(struct store *st, int n)
{
	struct rd_err err;
	char zSubject[32];

	for (int i = 0; i < n; i++) {
		snprintf(zSubject, sizeof zSubject, "APP%03d", i);
		assert_int_equal(store_begin(st, &err), RD_OK);
		assert_int_equal(store_audit_append(st, "alice", "app.claim",
						    zSubject, "{\"k\":1}", &err),
				 RD_OK);
		assert_int_equal(store_commit(st, &err), RD_OK);
	}
}

static void test_intact_chain_verifies(void **state)
{
	struct testdb t;
	struct rd_err err;
	int64_t rows, bad, head;
	char zHead[65];

	(void)state;
	testdb_open(&t);
	append_n(t.st, 5);
	assert_int_equal(store_audit_verify(t.st, &rows, &bad, &err), RD_OK);
	assert_int_equal(rows, 5);
	assert_int_equal(bad, 0);
	assert_int_equal(store_audit_head(t.st, &head, zHead, &err), RD_OK);
	assert_int_equal(head, 5);
	assert_int_equal(strlen(zHead), 64);
	testdb_close(&t);
}

static void test_append_needs_transaction(void **state)
{
	struct testdb t;
	struct rd_err err;

	(void)state;
	testdb_open(&t);
	assert_int_equal(store_audit_append(t.st, "a", "b", "c", "", &err),
			 RD_ERR_INTERNAL);
	testdb_close(&t);
}

static void test_triggers_refuse_update_and_delete(void **state)
{
	struct testdb t;

	(void)state;
	testdb_open(&t);
	append_n(t.st, 2);
	assert_int_not_equal(testdb_exec_raw(&t, "UPDATE audit_log SET "
						 "actor='eve' WHERE id=1"),
			     SQLITE_OK);
	assert_int_not_equal(testdb_exec_raw(&t, "DELETE FROM audit_log "
						 "WHERE id=2"),
			     SQLITE_OK);
	testdb_close(&t);
}

static void expect_broken_at(struct testdb *t, int64_t want_bad,
			     int64_t want_good)
{
	struct rd_err err;
	int64_t rows, bad;

	rd_err_clear(&err);
	assert_int_equal(store_audit_verify(t->st, &rows, &bad, &err),
			 RD_ERR_CORRUPT);
	assert_int_equal(bad, want_bad);
	assert_int_equal(rows, want_good);
	assert_true(strlen(rd_err_msg(&err)) > 0);
}

static void test_edit_behind_its_back_is_found(void **state)
{
	struct testdb t;

	(void)state;
	testdb_open(&t);
	append_n(t.st, 5);
	assert_int_equal(testdb_exec_raw(&t,
					 "DROP TRIGGER audit_log_no_update;"
					 "UPDATE audit_log SET details="
					 "'{\"k\":2}' WHERE id=3"),
			 SQLITE_OK);
	expect_broken_at(&t, 3, 2);
	testdb_close(&t);
}

static void test_rehashed_edit_is_found_by_next_row(void **state)
{
	struct testdb t;

	(void)state;
	testdb_open(&t);
	append_n(t.st, 5);
	/* An attacker who edits a row and also rewrites its hash breaks
	 * the link from the next row. */
	assert_int_equal(testdb_exec_raw(&t,
					 "DROP TRIGGER audit_log_no_update;"
					 "UPDATE audit_log SET actor='eve', "
					 "hash='" "abababababababababababababababab"
					 "abababababababababababababababab' "
					 "WHERE id=2"),
			 SQLITE_OK);
	expect_broken_at(&t, 2, 1);
	testdb_close(&t);
}

static void test_deletion_is_found(void **state)
{
	struct testdb t;

	(void)state;
	testdb_open(&t);
	append_n(t.st, 5);
	assert_int_equal(testdb_exec_raw(&t,
					 "DROP TRIGGER audit_log_no_delete;"
					 "DELETE FROM audit_log WHERE id=4"),
			 SQLITE_OK);
	expect_broken_at(&t, 5, 3);
	testdb_close(&t);
}

static void test_tail_deletion_changes_head(void **state)
{
	struct testdb t;
	struct rd_err err;
	int64_t head1, head2;
	char z1[65], z2[65];

	(void)state;
	testdb_open(&t);
	append_n(t.st, 3);
	assert_int_equal(store_audit_head(t.st, &head1, z1, &err), RD_OK);
	assert_int_equal(testdb_exec_raw(&t,
					 "DROP TRIGGER audit_log_no_delete;"
					 "DELETE FROM audit_log WHERE id=3"),
			 SQLITE_OK);
	/* Truncating the tail keeps a valid chain; what reveals it is the
	 * head hash printed in each daily report. */
	assert_int_equal(store_audit_head(t.st, &head2, z2, &err), RD_OK);
	assert_int_not_equal(head1, head2);
	assert_string_not_equal(z1, z2);
	testdb_close(&t);
}

static int count_rows(void *ctx, const struct store_audit_row *row)
{
	int *n = ctx;

	assert_string_equal(row->subject, "APP001");
	(*n)++;
	return 0;
}

static void test_list_by_subject(void **state)
{
	struct testdb t;
	struct rd_err err;
	int n = 0;

	(void)state;
	testdb_open(&t);
	append_n(t.st, 4);
	assert_int_equal(store_audit_list(t.st, "APP001", 0, 10, count_rows, &n,
					  &err),
			 RD_OK);
	assert_int_equal(n, 1);
	testdb_close(&t);
}

struct ids {
	int64_t a[16];
	int n;
};

static int collect_ids(void *ctx, const struct store_audit_row *row)
{
	struct ids *x = ctx;

	x->a[x->n++] = row->id;
	return 0;
}

/* store_audit_list gives n rows, the first and last of them with these
 * ids. */
static void expect_ids(struct store *st, const char *subject,
		       int64_t before_id, int limit, int n, int64_t first,
		       int64_t last)
{
	struct ids x = { .n = 0 };

	assert_int_equal(store_audit_list(st, subject, before_id, limit,
					  collect_ids, &x, NULL),
			 RD_OK);
	assert_int_equal(x.n, n);
	assert_int_equal(x.a[0], first);
	assert_int_equal(x.a[n - 1], last);
}

/* Newest first, below before_id, at most limit; one subject's rows the
 * same way (its index, audit_subject, serves it in that order). */
static void test_list_pages(void **state)
{
	struct testdb t;

	(void)state;
	testdb_open(&t);
	append_n(t.st, 4);       /* ids 1..4, subjects APP000..APP003 */
	append_n(t.st, 2);       /* ids 5, 6: APP000, APP001 again */
	expect_ids(t.st, NULL, 0, 2, 2, 6, 5);
	expect_ids(t.st, NULL, 5, 0, 4, 4, 1);
	expect_ids(t.st, "APP000", 0, 10, 2, 5, 1);
	expect_ids(t.st, "APP000", 5, 10, 1, 1, 1);
	expect_ids(t.st, "APP001", 0, 1, 1, 6, 6);
	testdb_close(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_intact_chain_verifies),
		cmocka_unit_test(test_append_needs_transaction),
		cmocka_unit_test(test_triggers_refuse_update_and_delete),
		cmocka_unit_test(test_edit_behind_its_back_is_found),
		cmocka_unit_test(test_rehashed_edit_is_found_by_next_row),
		cmocka_unit_test(test_deletion_is_found),
		cmocka_unit_test(test_tail_deletion_changes_head),
		cmocka_unit_test(test_list_by_subject),
		cmocka_unit_test(test_list_pages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
