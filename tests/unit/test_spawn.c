/*
 * test_spawn.c — child processes with their output read line by line
 * without blocking: lines, the last line without a newline, exit status,
 * and ending a child that does not stop by itself.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "spawn.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

struct lines {
	char a[8][RD_CHILD_LINE_MAX + 1];
	int n;
};

static void on_line(void *ctx, const char *z)
{
	struct lines *l = ctx;

	if (l->n < 8)
		snprintf(l->a[l->n++], sizeof l->a[0], "%s", z);
}

/* Read and poll until the child ended and its output is over (5 s). */
static void drain(struct rd_child *c, struct lines *l)
{
	int eof = 0;

	for (int i = 0; i < 500 && !(eof && rd_child_poll(c)); i++) {
		struct timespec ts = { 0, 10000000L };

		eof = rd_child_read(c, on_line, l);
		nanosleep(&ts, NULL);
	}
}

static void test_lines_and_status(void **state)
{
	const char *argv[] = { "sh", "-c",
			       "echo one; printf 'two\\nthr'; sleep 0.1; "
			       "printf 'ee'; echo err >&2; printf last; exit 3",
			       NULL };
	struct rd_child c;
	struct lines l;

	(void)state;
	memset(&l, 0, sizeof l);
	assert_int_equal(rd_child_start(&c, "/bin/sh", argv, NULL), RD_OK);
	assert_true(c.pid > 0);
	drain(&c, &l);
	assert_true(c.reaped);
	assert_true(WIFEXITED(c.status));
	assert_int_equal(WEXITSTATUS(c.status), 3);
	assert_int_equal(l.n, 4);
	assert_string_equal(l.a[0], "one");
	assert_string_equal(l.a[1], "two");
	assert_string_equal(l.a[2], "threeerr");
	assert_string_equal(l.a[3], "last");
	rd_child_fini(&c, 0);
	rd_child_fini(&c, 0);   /* twice is fine */
}

static void test_long_line_cut(void **state)
{
	const char *argv[] = { "sh", "-c",
			       "head -c 3000 /dev/zero | tr '\\0' x; echo", NULL };
	struct rd_child c;
	struct lines l;

	(void)state;
	memset(&l, 0, sizeof l);
	assert_int_equal(rd_child_start(&c, "/bin/sh", argv, NULL), RD_OK);
	drain(&c, &l);
	assert_int_equal(l.n, 3);
	assert_int_equal(strlen(l.a[0]), RD_CHILD_LINE_MAX);
	assert_int_equal(strlen(l.a[1]), RD_CHILD_LINE_MAX);
	assert_int_equal(strlen(l.a[2]), 3000 - 2 * RD_CHILD_LINE_MAX);
	rd_child_fini(&c, 0);
}

static void test_fini_ends_a_child(void **state)
{
	/* Ignores SIGTERM: fini must fall back to SIGKILL. */
	const char *argv[] = { "sh", "-c", "trap '' TERM; echo up; "
					   "while :; do sleep 1; done",
			       NULL };
	struct rd_child c, zero;
	struct lines l;

	(void)state;
	memset(&l, 0, sizeof l);
	assert_int_equal(rd_child_start(&c, "/bin/sh", argv, NULL), RD_OK);
	for (int i = 0; i < 500 && l.n == 0; i++) {
		struct timespec ts = { 0, 10000000L };

		rd_child_read(&c, on_line, &l);
		nanosleep(&ts, NULL);
	}
	assert_string_equal(l.a[0], "up");
	assert_int_equal(rd_child_poll(&c), 0);
	rd_child_fini(&c, 100);
	assert_true(c.reaped);
	assert_true(WIFSIGNALED(c.status));
	assert_int_equal(WTERMSIG(c.status), SIGKILL);
	memset(&zero, 0, sizeof zero);
	rd_child_fini(&zero, 0);   /* nothing started: nothing happens */
}

/* What a child writes on its way out can be read after stopping it. */
static void test_stop_then_read(void **state)
{
	const char *argv[] = { "sh", "-c",
			       "trap 'echo bye; exit 5' TERM; echo up; "
			       "while :; do sleep 0.05; done",
			       NULL };
	struct rd_child c;
	struct lines l;

	(void)state;
	memset(&l, 0, sizeof l);
	assert_int_equal(rd_child_start(&c, "/bin/sh", argv, NULL), RD_OK);
	for (int i = 0; i < 500 && l.n == 0; i++) {
		struct timespec ts = { 0, 10000000L };

		rd_child_read(&c, on_line, &l);
		nanosleep(&ts, NULL);
	}
	rd_child_stop(&c, 3000);
	assert_true(c.reaped);
	assert_true(WIFEXITED(c.status));
	assert_int_equal(WEXITSTATUS(c.status), 5);
	assert_int_equal(rd_child_read(&c, on_line, &l), 1);
	/* (The shell may also report its killed sleep.) */
	assert_true(l.n >= 2);
	assert_string_equal(l.a[0], "up");
	{
		int seen = 0;

		for (int i = 1; i < l.n; i++)
			seen |= !strcmp(l.a[i], "bye");
		assert_true(seen);
	}
	rd_child_fini(&c, 0);
}

static void test_exec_failure(void **state)
{
	const char *argv[] = { "nope", NULL };
	struct rd_child c;
	struct lines l;

	(void)state;
	memset(&l, 0, sizeof l);
	assert_int_equal(rd_child_start(&c, "/nonexistent/radesk", argv, NULL),
			 RD_OK);
	drain(&c, &l);
	assert_true(WIFEXITED(c.status));
	assert_int_equal(WEXITSTATUS(c.status), 127);
	rd_child_fini(&c, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines_and_status),
		cmocka_unit_test(test_long_line_cut),
		cmocka_unit_test(test_fini_ends_a_child),
		cmocka_unit_test(test_stop_then_read),
		cmocka_unit_test(test_exec_failure),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
