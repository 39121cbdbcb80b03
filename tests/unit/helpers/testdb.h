/*
 * testdb.h — a fresh database on a temp file with the real migrations,
 * for store tests. Removed (with its WAL files) by testdb_close().
 */
#ifndef RD_TESTS_TESTDB_H
#define RD_TESTS_TESTDB_H

#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

struct testdb {
	char dir[64];       /* mkdtemp folder */
	char path[128];     /* dir/radesk.db */
	struct store *st;
};

/* Create and migrate; fails the test on error. */
void testdb_open(struct testdb *t);

/* Close the store, delete the files and the folder. */
void testdb_close(struct testdb *t);

/* Run raw SQL on a second connection, behind the store's back (as an
 * attacker or another process would). Returns the sqlite3 result code. */
int testdb_exec_raw(const struct testdb *t, const char *zSql);

/* The first column of the first row of zSql, read on a second
 * connection (what is committed): as an integer (-1 when no row), or as
 * text into out[n] ("" when no row or NULL). Fail the test on bad SQL. */
int64_t testdb_int(const struct testdb *t, const char *zSql);
void testdb_text(const struct testdb *t, const char *zSql, char *out,
		 size_t n);

/* Pin rd_now() to unix time t (RADESK_NOW). */
void testdb_set_now(int64_t t);

/* For cmocka: pin the clock to now, open a fresh database, run zSeed
 * (raw SQL) and put the struct testdb in *state; testdb_teardown undoes
 * it. */
int testdb_setup_seeded(void **state, int64_t now, const char *zSeed);
int testdb_teardown(void **state);

#endif
