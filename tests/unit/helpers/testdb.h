/*
 * testdb.h — a fresh database on a temp file with the real migrations,
 * for store tests. Removed (with its WAL files) by testdb_close().
 */
#ifndef RD_TESTS_TESTDB_H
#define RD_TESTS_TESTDB_H

#include "store/store.h"

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

#endif
