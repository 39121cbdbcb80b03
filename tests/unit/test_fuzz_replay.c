/*
 * test_fuzz_replay.c — every fuzz target (tests/fuzz/fuzz_*.c) over its
 * seed corpus and every crasher the fuzzers found and we fixed
 * (tests/fuzz/regress/<target>/), so make test catches a regression
 * without clang. The ASan build and make valgrind turn a memory error on
 * one of these inputs into a failure; the targets abort on a broken
 * invariant.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fsutil.h"
#include "ingest/bundle.h"
#include "tests/fuzz/fuzz.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int (*fuzz_fn)(const uint8_t *data, size_t size);

/* Run fn on every file in dir; returns how many. A missing dir is 0. */
static int replay_dir(const char *dir, fuzz_fn fn)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)) != NULL) {
		char zPath[512];
		char *buf = NULL;
		size_t len = 0;

		if (e->d_name[0] == '.')
			continue;
		snprintf(zPath, sizeof zPath, "%s/%s", dir, e->d_name);
		assert_int_equal(rd_read_file(zPath, 1 << 22, &buf, &len, NULL),
				 RD_OK);
		/* The targets get exactly the file's bytes, as libFuzzer
		 * would give them: copy into a buffer of that size so that
		 * a read past the end is caught. */
		{
			uint8_t *p = malloc(len ? len : 1);

			assert_non_null(p);
			memcpy(p, buf, len);
			assert_int_equal(fn(p, len), 0);
			free(p);
		}
		free(buf);
		n++;
	}
	closedir(d);
	return n;
}

static void replay(const char *target, fuzz_fn fn)
{
	char zDir[128];
	int nSeed, nRegress;

	snprintf(zDir, sizeof zDir, "tests/fuzz/corpus/%s", target);
	nSeed = replay_dir(zDir, fn);
	snprintf(zDir, sizeof zDir, "tests/fuzz/regress/%s", target);
	nRegress = replay_dir(zDir, fn);
	print_message("%s: %d seeds, %d kept crashers\n", target, nSeed,
		      nRegress);
	/* Run from the repository root (make): no seeds means a wrong
	 * directory, not a pass. */
	assert_true(nSeed > 0);
}

/* The well-formed seeds must pass the reader, or the fuzzer would never
 * get past the first rule into the manifest and the scans. */
static void test_good_seeds_are_good(void **state)
{
	static const char *const good[] = { "replace-wechat", "renew-transfer",
					    "new-personal-alipay" };
	struct ingest_limits lim;

	(void)state;
	ingest_limits_default(&lim);
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		char zPath[128];
		struct ingest_bundle *b = NULL;
		struct rd_err err;

		snprintf(zPath, sizeof zPath, "tests/fuzz/corpus/bundle/%s.zip",
			 good[i]);
		if (ingest_bundle_read(zPath, &lim, &b, &err) != RD_OK)
			fail_msg("%s: %s", zPath, err.msg);
		assert_int_equal(b->m->nFile, 4);
		ingest_bundle_free(&b);
	}
}

static void test_bundle(void **state)
{
	(void)state;
	replay("bundle", fuzz_bundle);
}

static void test_manifest(void **state)
{
	(void)state;
	replay("manifest", fuzz_manifest);
}

static void test_image(void **state)
{
	(void)state;
	replay("image", fuzz_image);
}

static void test_bankcsv(void **state)
{
	(void)state;
	replay("bankcsv", fuzz_bankcsv);
}

static void test_config(void **state)
{
	(void)state;
	replay("config", fuzz_config);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_seeds_are_good),
		cmocka_unit_test(test_bundle),
		cmocka_unit_test(test_manifest),
		cmocka_unit_test(test_image),
		cmocka_unit_test(test_bankcsv),
		cmocka_unit_test(test_config),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
