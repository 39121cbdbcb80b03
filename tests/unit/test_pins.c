/*
 * test_pins.c — one PIN per application: six digits, made once, the
 * same on every later call, different applications drawing their own.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "helpers/testdb.h"
#include "store/pins.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

static void seed(struct testdb *t, int n)
{
	char zSql[512];

	for (int i = 1; i <= n; i++) {
		snprintf(zSql, sizeof zSql,
			 "INSERT INTO applications(id,app_no,type,state,"
			 "current_version,submitted_at,sla_due_at,created_at,"
			 "updated_at) VALUES(%d,'RA20261120-%04d','new',"
			 "'received',1,0,0,0,0)",
			 i, i);
		assert_int_equal(testdb_exec_raw(t, zSql), 0);
	}
}

static int all_digits(const char *z)
{
	for (; *z; z++)
		if (*z < '0' || *z > '9')
			return 0;
	return 1;
}

static void test_pin_made_once(void **state)
{
	struct testdb t;
	struct rd_err err = { 0 };
	char a[RD_PIN_LEN + 1], b[RD_PIN_LEN + 1];

	(void)state;
	testdb_open(&t);
	seed(&t, 1);
	assert_int_equal(store_begin(t.st, &err), RD_OK);
	assert_int_equal(store_app_pin(t.st, 1, a, &err), RD_OK);
	assert_int_equal(store_commit(t.st, &err), RD_OK);
	assert_int_equal(strlen(a), RD_PIN_LEN);
	assert_true(all_digits(a));
	assert_int_equal(store_begin(t.st, &err), RD_OK);
	assert_int_equal(store_app_pin(t.st, 1, b, &err), RD_OK);
	assert_int_equal(store_commit(t.st, &err), RD_OK);
	assert_string_equal(a, b);
	testdb_close(&t);
}

static void test_pin_rolled_back_with_tx(void **state)
{
	struct testdb t;
	struct rd_err err = { 0 };
	char a[RD_PIN_LEN + 1], b[RD_PIN_LEN + 1];
	int differ = 0;

	(void)state;
	testdb_open(&t);
	seed(&t, 1);
	/* A rolled-back action leaves no PIN behind; the next draw is new
	 * (with a million values, twenty equal draws mean a broken source). */
	for (int i = 0; i < 20 && !differ; i++) {
		assert_int_equal(store_begin(t.st, &err), RD_OK);
		assert_int_equal(store_app_pin(t.st, 1, a, &err), RD_OK);
		store_rollback(t.st);
		assert_int_equal(store_begin(t.st, &err), RD_OK);
		assert_int_equal(store_app_pin(t.st, 1, b, &err), RD_OK);
		store_rollback(t.st);
		differ = strcmp(a, b) != 0;
	}
	assert_true(differ);
	testdb_close(&t);
}

static void test_pin_malformed_refused(void **state)
{
	struct testdb t;
	struct rd_err err = { 0 };
	char a[RD_PIN_LEN + 1];

	(void)state;
	testdb_open(&t);
	seed(&t, 2);
	/* The table's CHECK keeps anything but six digits out. */
	assert_int_not_equal(testdb_exec_raw(&t, "INSERT INTO app_pins "
						 "VALUES(2,'12345x',0)"),
			     0);
	assert_int_not_equal(testdb_exec_raw(&t, "INSERT INTO app_pins "
						 "VALUES(2,'1234567',0)"),
			     0);
	assert_int_equal(store_begin(t.st, &err), RD_OK);
	assert_int_equal(store_app_pin(t.st, 2, a, &err), RD_OK);
	store_rollback(t.st);
	testdb_close(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pin_made_once),
		cmocka_unit_test(test_pin_rolled_back_with_tx),
		cmocka_unit_test(test_pin_malformed_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
