/*
 * test_config.c — the INI reader, its errors, and the example file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "config.h"
#include "fsutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static rd_status parse(struct rd_config *cfg, const char *text,
		       struct rd_err *err)
{
	assert_int_equal(rd_config_init_defaults(cfg, "/base"), RD_OK);
	return rd_config_parse(cfg, text, strlen(text), "t.conf", "/etc/x",
			       err);
}

static void test_defaults_and_values(void **state)
{
	struct rd_config cfg;
	struct rd_err err;

	(void)state;
	assert_int_equal(parse(&cfg,
			       "# comment\n"
			       "[database]\npath = db/r.db\n"
			       "[tariffs]\nrenew = 250.5\n"
			       "[sla]\noffice_open = 08:30\n"
			       "holidays = a.txt, /abs/b.txt\n"
			       "[worker]\nin_console = no\n"
			       "[viewer]\ngraphics = kitty\n"
			       "[provider.telecom]\nbase_url = "
			       "\"http://127.0.0.1:9\"\n",
			       &err),
			 RD_OK);
	assert_string_equal(cfg.db_path, "/etc/x/db/r.db");
	assert_string_equal(cfg.blob_dir, "/base/blobs");
	assert_int_equal(cfg.tariff_renew_fen, 25050);
	assert_int_equal(cfg.tariff_replace_fen, 10000);
	assert_int_equal(cfg.office_open_min, 8 * 60 + 30);
	assert_string_equal(cfg.holiday_files, "/etc/x/a.txt,/abs/b.txt");
	assert_int_equal(cfg.worker_in_console, 0);
	assert_string_equal(cfg.graphics, "kitty");
	assert_int_equal(cfg.sla_working_days, 3);
	assert_string_equal(cfg.provider[RD_PROV_TELECOM].base_url,
			    "http://127.0.0.1:9");
	rd_config_fini(&cfg);
}

struct bad_case {
	const char *text;
	const char *want; /* substring of the message */
};

static void test_errors_name_file_and_line(void **state)
{
	static const struct bad_case cases[] = {
		{ "[database]\n\nnope = 1\n", "t.conf:3: unknown key 'nope'" },
		{ "[nosuch]\n", "t.conf:1: unknown section" },
		{ "path = x\n", "t.conf:1: key 'path' before any" },
		{ "[database]\njunk\n", "t.conf:2: expected 'key = value'" },
		{ "[database\n", "t.conf:1: section header" },
		{ "[database]\nbusy_timeout_ms = 12x\n", "t.conf:2:" },
		{ "[database]\nbusy_timeout_ms = -5\n", "out of range" },
		{ "[sla]\noffice_open = 25:00\n", "t.conf:2:" },
		{ "[tariffs]\nnew = 1.234\n", "t.conf:2:" },
		{ "[worker]\nin_console = maybe\n", "yes or no" },
		{ "[viewer]\n\ngraphics = iterm\n",
		  "t.conf:3: [viewer] graphics: 'iterm' is not one of: auto" },
		{ "[viewer]\ngraphics = \n", "is not one of" },
		{ "[viewer]\ngraphics = sixel kitty\n", "is not one of" },
		{ "[ui]\nlanguage = a\033b\n", "control character" },
	};
	struct rd_config cfg;
	struct rd_err err;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		rd_err_clear(&err);
		assert_int_equal(parse(&cfg, cases[i].text, &err),
				 RD_ERR_CONFIG);
		if (!strstr(rd_err_msg(&err), cases[i].want))
			fail_msg("case %zu: '%s' lacks '%s'", i,
				 rd_err_msg(&err), cases[i].want);
		rd_config_fini(&cfg);
	}
}

static void test_nul_byte_refused(void **state)
{
	struct rd_config cfg;
	struct rd_err err;
	const char text[] = "[database]\0path=x\n";

	(void)state;
	assert_int_equal(rd_config_init_defaults(&cfg, "."), RD_OK);
	assert_int_equal(rd_config_parse(&cfg, text, sizeof text - 1, "t", ".",
					 &err),
			 RD_ERR_CONFIG);
	rd_config_fini(&cfg);
}

struct seen {
	int n;
	int missing;
	char *text;
};

static void check_documented(void *ctx, const char *section, const char *key,
			     const char *value)
{
	struct seen *s = ctx;
	char zSect[80], zKey[80];
	const char *p;

	(void)value;
	s->n++;
	snprintf(zSect, sizeof zSect, "\n[%s]\n", section);
	snprintf(zKey, sizeof zKey, "\n%s =", key);
	p = strstr(s->text, zSect);
	/* the key must appear after its section header, before the next */
	if (!p) {
		s->missing++;
		print_error("example lacks section [%s]\n", section);
		return;
	}
	p = strstr(p + 1, zKey);
	if (!p || (strstr(strstr(s->text, zSect) + 1, "\n[") &&
		   p > strstr(strstr(s->text, zSect) + 1, "\n["))) {
		s->missing++;
		print_error("example lacks [%s] %s\n", section, key);
	}
}

static void test_example_documents_every_key_and_parses(void **state)
{
	struct rd_config cfg;
	struct rd_err err;
	struct seen s = { 0, 0, NULL };
	size_t len;
	char *zText;

	(void)state;
	assert_int_equal(rd_read_file("etc/radesk.conf.example", 1 << 20,
				      &zText, &len, &err),
			 RD_OK);
	assert_int_equal(rd_config_init_defaults(&cfg, "."), RD_OK);
	assert_int_equal(rd_config_parse(&cfg, zText, len, "example", ".",
					 &err),
			 RD_OK);
	s.text = zText;
	rd_config_visit(&cfg, check_documented, &s);
	assert_true(s.n > 40);
	assert_int_equal(s.missing, 0);
	rd_config_fini(&cfg);
	free(zText);
}

static void test_secret_file_mode(void **state)
{
	char zDir[] = "/tmp/radesk-test-XXXXXX", zPath[128];
	struct rd_err err;
	char *zSecret = NULL;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(zDir));
	snprintf(zPath, sizeof zPath, "%s/k", zDir);
	f = fopen(zPath, "w");
	assert_non_null(f);
	fputs("s3cret\n", f);
	fclose(f);
	chmod(zPath, 0644);
	assert_int_equal(rd_config_read_secret(zPath, &zSecret, &err),
			 RD_ERR_CONFIG);
	assert_non_null(strstr(rd_err_msg(&err), "chmod 600"));
	chmod(zPath, 0600);
	assert_int_equal(rd_config_read_secret(zPath, &zSecret, &err), RD_OK);
	assert_string_equal(zSecret, "s3cret");
	free(zSecret);
	unlink(zPath);
	rmdir(zDir);
}

static void test_load_search_order(void **state)
{
	struct rd_config cfg;
	struct rd_err err;

	(void)state;
	setenv("RADESK_CONFIG", "/nonexistent/radesk.conf", 1);
	assert_int_equal(rd_config_load(&cfg, NULL, &err), RD_ERR_CONFIG);
	assert_non_null(strstr(rd_err_msg(&err), "/nonexistent/radesk.conf"));
	assert_int_equal(rd_config_load(&cfg, "etc/radesk.conf.example", &err),
			 RD_OK);
	assert_string_equal(cfg.source, "etc/radesk.conf.example");
	rd_config_fini(&cfg);
	unsetenv("RADESK_CONFIG");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_and_values),
		cmocka_unit_test(test_errors_name_file_and_line),
		cmocka_unit_test(test_nul_byte_refused),
		cmocka_unit_test(test_example_documents_every_key_and_parses),
		cmocka_unit_test(test_secret_file_mode),
		cmocka_unit_test(test_load_search_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
