/*
 * test_operators.c — operator records, roles and the login gate.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "helpers/testdb.h"
#include "store/audit.h"
#include "store/operators.h"

#include <string.h>

static int find_action(void *ctx, const struct store_audit_row *row)
{
	const char **want = ctx;

	if (!strcmp(row->action, want[0]) && !strcmp(row->subject, want[1]))
		want[2] = "found";
	return 0;
}

static int audited(struct store *st, const char *action, const char *subject)
{
	const char *want[3] = { action, subject, NULL };
	struct rd_err err;

	assert_int_equal(store_audit_list(st, NULL, 0, 100, find_action, want,
					  &err),
			 RD_OK);
	return want[2] != NULL;
}

static void test_add_get_and_duplicate(void **state)
{
	struct testdb t;
	struct rd_operator op;
	struct rd_err err;

	(void)state;
	testdb_open(&t);
	assert_int_equal(store_operator_add(t.st, "root", "alice", "张三",
					    RD_ROLE_AUDITOR, &err),
			 RD_OK);
	assert_int_equal(store_operator_get(t.st, "alice", &op, &err), RD_OK);
	assert_string_equal(op.display_name, "张三");
	assert_int_equal(op.role, RD_ROLE_AUDITOR);
	assert_true(op.enabled);
	assert_int_equal(store_operator_add(t.st, "root", "alice", "",
					    RD_ROLE_ADMIN, &err),
			 RD_ERR_EXISTS);
	assert_true(audited(t.st, "operator.add", "alice"));
	testdb_close(&t);
}

static void test_bad_login_and_role_refused(void **state)
{
	struct testdb t;
	struct rd_err err;

	(void)state;
	testdb_open(&t);
	assert_int_equal(store_operator_add(t.st, "root", "bad login", "",
					    RD_ROLE_AUDITOR, &err),
			 RD_ERR_INVALID);
	assert_int_equal(store_operator_add(t.st, "root", "x\033[2J", "",
					    RD_ROLE_AUDITOR, &err),
			 RD_ERR_INVALID);
	assert_int_equal(store_operator_add(t.st, "root", "", "",
					    RD_ROLE_AUDITOR, &err),
			 RD_ERR_INVALID);
	assert_int_equal(store_operator_add(t.st, "root", "worker", "",
					    RD_ROLE_SYSTEM, &err),
			 RD_ERR_INVALID);
	testdb_close(&t);
}

static void test_unknown_and_disabled_are_refused_and_logged(void **state)
{
	struct testdb t;
	struct rd_operator op;
	struct rd_err err;

	(void)state;
	testdb_open(&t);
	assert_int_equal(store_operator_add(t.st, "root", "root", "",
					    RD_ROLE_ADMIN, &err),
			 RD_OK);
	assert_int_equal(store_operator_add(t.st, "root", "bob", "",
					    RD_ROLE_AUDITOR, &err),
			 RD_OK);
	assert_int_equal(store_operator_authenticate(t.st, "bob", &op, &err),
			 RD_OK);
	assert_int_equal(store_operator_authenticate(t.st, "mallory", &op,
						     &err),
			 RD_ERR_DENIED);
	assert_non_null(strstr(rd_err_msg(&err), "mallory"));
	assert_true(audited(t.st, "operator.refused", "mallory"));
	assert_int_equal(store_operator_set_enabled(t.st, "root", "bob", 0,
						    &err),
			 RD_OK);
	assert_int_equal(store_operator_authenticate(t.st, "bob", &op, &err),
			 RD_ERR_DENIED);
	assert_true(audited(t.st, "operator.disable", "bob"));
	assert_true(audited(t.st, "operator.refused", "bob"));
	testdb_close(&t);
}

static void test_last_admin_is_protected(void **state)
{
	struct testdb t;
	struct rd_err err;

	(void)state;
	testdb_open(&t);
	assert_int_equal(store_operator_add(t.st, "root", "root", "",
					    RD_ROLE_ADMIN, &err),
			 RD_OK);
	assert_int_equal(store_operator_set_role(t.st, "root", "root",
						 RD_ROLE_AUDITOR, &err),
			 RD_ERR_STATE);
	assert_int_equal(store_operator_set_enabled(t.st, "root", "root", 0,
						    &err),
			 RD_ERR_STATE);
	assert_int_equal(store_operator_add(t.st, "root", "ann", "",
					    RD_ROLE_ADMIN, &err),
			 RD_OK);
	assert_int_equal(store_operator_set_role(t.st, "ann", "root",
						 RD_ROLE_SUPERVISOR, &err),
			 RD_OK);
	assert_true(audited(t.st, "operator.role", "root"));
	testdb_close(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_get_and_duplicate),
		cmocka_unit_test(test_bad_login_and_role_refused),
		cmocka_unit_test(test_unknown_and_disabled_are_refused_and_logged),
		cmocka_unit_test(test_last_admin_is_protected),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
