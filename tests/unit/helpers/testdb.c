/*
 * testdb.c — temp databases for store tests.
 */
#include "testdb.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

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
