/*
 * test_fsutil.c — the file-system helpers: removing what killed writers
 * left behind.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fsutil.h"
#include "helpers/deadpid.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void touch(const char *zDir, const char *zName)
{
	char zPath[512];
	FILE *f;

	snprintf(zPath, sizeof zPath, "%s/%s", zDir, zName);
	f = fopen(zPath, "w");
	assert_non_null(f);
	fclose(f);
}

static int present(const char *zDir, const char *zName)
{
	char zPath[512];
	struct stat sb;

	snprintf(zPath, sizeof zPath, "%s/%s", zDir, zName);
	return stat(zPath, &sb) == 0;
}

static void gone(const char *zDir, const char *zName)
{
	char zPath[512];

	snprintf(zPath, sizeof zPath, "%s/%s", zDir, zName);
	unlink(zPath);
}

/* Only names with the prefix that end in the id of a dead process. */
static void test_tmp_sweep(void **state)
{
	char zDir[] = "/tmp/rd-fsutil-XXXXXX";
	char zDead[64], zLive[64], zOwn[64], zNotPid[64], zOther[64];
	long dead = (long)test_dead_pid();

	(void)state;
	assert_non_null(mkdtemp(zDir));
	snprintf(zDead, sizeof zDead, ".tmp-ab-%ld", dead);
	snprintf(zLive, sizeof zLive, ".tmp-ab-%ld", (long)getppid());
	snprintf(zOwn, sizeof zOwn, ".tmp-ab-%ld", (long)getpid());
	snprintf(zNotPid, sizeof zNotPid, ".tmp-ab-%ldx", dead);
	snprintf(zOther, sizeof zOther, "keep-%ld", dead);
	touch(zDir, zDead);
	touch(zDir, zLive);
	touch(zDir, zOwn);
	touch(zDir, zNotPid);
	touch(zDir, zOther);
	rd_tmp_sweep(zDir, ".tmp-");
	assert_false(present(zDir, zDead));
	assert_true(present(zDir, zLive));
	assert_true(present(zDir, zOwn));
	assert_true(present(zDir, zNotPid));
	assert_true(present(zDir, zOther));
	rd_tmp_sweep("/nonexistent/radesk", ".tmp-"); /* no folder: nothing */
	gone(zDir, zLive);
	gone(zDir, zOwn);
	gone(zDir, zNotPid);
	gone(zDir, zOther);
	assert_int_equal(rmdir(zDir), 0);
}

/* An atomic write removes its own leftovers, not another file's. */
static void test_atomic_write_sweeps(void **state)
{
	char zDir[] = "/tmp/rd-fsutil-XXXXXX";
	char zPath[128], zMine[64], zTheirs[64];
	long dead = (long)test_dead_pid();

	(void)state;
	assert_non_null(mkdtemp(zDir));
	snprintf(zMine, sizeof zMine, "a.reason.tmp.%ld", dead);
	snprintf(zTheirs, sizeof zTheirs, "b.reason.tmp.%ld", dead);
	touch(zDir, zMine);
	touch(zDir, zTheirs);
	snprintf(zPath, sizeof zPath, "%s/a.reason", zDir);
	assert_int_equal(rd_write_file_atomic(zPath, "why\n", 4, 0640, NULL),
			 RD_OK);
	assert_false(present(zDir, zMine));
	assert_true(present(zDir, zTheirs));
	assert_true(present(zDir, "a.reason"));
	gone(zDir, zTheirs);
	gone(zDir, "a.reason");
	assert_int_equal(rmdir(zDir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tmp_sweep),
		cmocka_unit_test(test_atomic_write_sweeps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
