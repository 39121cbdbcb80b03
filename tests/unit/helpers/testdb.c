/*
 * testdb.c — temp databases for store tests.
 */
#include "testdb.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "clock.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void testdb_open(struct testdb *t)
{
	struct rd_err err;

	memset(t, 0, sizeof *t);
	snprintf(t->dir, sizeof t->dir, "/tmp/radesk-test-XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	snprintf(t->path, sizeof t->path, "%s/radesk.db", t->dir);
	rd_err_clear(&err);
	if (store_open(t->path, 5000, 1, &t->st, &err) != RD_OK ||
	    store_migrate(t->st, NULL, &err) != RD_OK)
		fail_msg("testdb: %s", rd_err_msg(&err));
}

void testdb_close(struct testdb *t)
{
	char z[200];

	store_close(&t->st);
	unlink(t->path);
	snprintf(z, sizeof z, "%s-wal", t->path);
	unlink(z);
	snprintf(z, sizeof z, "%s-shm", t->path);
	unlink(z);
	rmdir(t->dir);
}

int testdb_exec_raw(const struct testdb *t, const char *zSql)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open(t->path, &db);

	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(db, 5000);
		rc = sqlite3_exec(db, zSql, NULL, NULL, NULL);
	}
	sqlite3_close(db);
	return rc;
}

/* Prepare zSql on a second connection and step to the first row;
 * *pDb and *pStmt are closed by the caller. */
static int first_row(const struct testdb *t, const char *zSql, sqlite3 **pDb,
		     sqlite3_stmt **pStmt)
{
	if (sqlite3_open(t->path, pDb) != SQLITE_OK)
		fail_msg("testdb: cannot open %s", t->path);
	sqlite3_busy_timeout(*pDb, 5000);
	if (sqlite3_prepare_v2(*pDb, zSql, -1, pStmt, NULL) != SQLITE_OK)
		fail_msg("testdb: %s: %s", sqlite3_errmsg(*pDb), zSql);
	return sqlite3_step(*pStmt) == SQLITE_ROW;
}

int64_t testdb_int(const struct testdb *t, const char *zSql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *p = NULL;
	int64_t v = -1;

	if (first_row(t, zSql, &db, &p))
		v = sqlite3_column_int64(p, 0);
	sqlite3_finalize(p);
	sqlite3_close(db);
	return v;
}

void testdb_text(const struct testdb *t, const char *zSql, char *out,
		 size_t n)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *p = NULL;
	const unsigned char *z;

	out[0] = '\0';
	if (first_row(t, zSql, &db, &p) &&
	    (z = sqlite3_column_text(p, 0)) != NULL)
		snprintf(out, n, "%s", (const char *)z);
	sqlite3_finalize(p);
	sqlite3_close(db);
}

void testdb_set_now(int64_t t)
{
	char z[32];

	snprintf(z, sizeof z, "@%lld", (long long)t);
	setenv("RADESK_NOW", z, 1);
	rd_clock_reset();
}

int testdb_setup_seeded(void **state, int64_t now, const char *zSeed)
{
	struct testdb *t = calloc(1, sizeof *t);

	assert_non_null(t);
	testdb_set_now(now);
	testdb_open(t);
	if (testdb_exec_raw(t, zSeed) != SQLITE_OK)
		fail_msg("testdb: the seed SQL failed");
	*state = t;
	return 0;
}

int testdb_teardown(void **state)
{
	struct testdb *t = *state;

	testdb_close(t);
	free(t);
	*state = NULL;
	return 0;
}
