/*
 * test_catalog.c — reject-reason and checklist catalogues.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "catalog.h"
#include "core/state.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

static rd_status parse(struct rd_catalog *c, const char *z, struct rd_err *e)
{
	return rd_catalog_parse(c, z, strlen(z), "t.txt", e);
}

static void test_reasons_and_sections(void **state)
{
	struct rd_catalog c;
	struct rd_err err;
	const struct rd_catalog_item *it;

	(void)state;
	rd_catalog_init(&c);
	assert_int_equal(parse(&c,
			       "# comment\n\n"
			       "ALL_TYPES | 全部 | All\r\n"
			       "[renew]\n"
			       "  CERT_VALID |证书有效| Certificate valid  \n"
			       "[replace]\nCERT_VALID | 有效 | Valid\n",
			       &err),
			 RD_OK);
	assert_int_equal(c.n, 3);
	it = rd_catalog_find(&c, "ALL_TYPES");
	assert_non_null(it);
	assert_int_equal(it->types, RD_APP_TYPE_ALL);
	assert_string_equal(c.a[1].label_zh, "证书有效");
	assert_string_equal(c.a[1].label_en, "Certificate valid");
	assert_int_equal(c.a[1].types, RD_APP_TYPE_BIT(RD_APP_RENEW));
	assert_null(rd_catalog_find(&c, "NOPE"));
	setenv("LANGUAGE", "zh_CN", 1);
	assert_string_equal(rd_catalog_label(it), "全部");
	setenv("LANGUAGE", "en", 1);
	assert_string_equal(rd_catalog_label(it), "All");
	rd_catalog_fini(&c);
}

static void test_errors_name_file_and_line(void **state)
{
	struct rd_catalog c;
	struct rd_err err;

	(void)state;
	rd_catalog_init(&c);
	assert_int_equal(parse(&c, "A | a | a\nbad code | x | y\n", &err),
			 RD_ERR_INVALID);
	assert_non_null(strstr(err.msg, "t.txt:2:"));
	assert_int_equal(c.n, 0);   /* all or nothing */
	assert_int_equal(parse(&c, "A | only two\n", &err), RD_ERR_INVALID);
	assert_non_null(strstr(err.msg, "t.txt:1:"));
	assert_int_equal(parse(&c, "A|a|a\nB|b|b\nA|c|c\n", &err),
			 RD_ERR_INVALID);
	assert_non_null(strstr(err.msg, "t.txt:3:"));
	assert_int_equal(parse(&c, "[weird]\n", &err), RD_ERR_INVALID);
	assert_int_equal(parse(&c, "A | | \n", &err), RD_ERR_INVALID);
	assert_int_equal(parse(&c, "A|a|b|c\n", &err), RD_ERR_INVALID);
	assert_int_equal(rd_catalog_parse(&c, "A|\xff|b\n", 7, "t.txt", &err),
			 RD_ERR_INVALID);
	rd_catalog_fini(&c);
}

static void test_shipped_files_parse(void **state)
{
	struct rd_catalog c;
	struct rd_err err;

	(void)state;
	rd_catalog_init(&c);
	assert_int_equal(rd_catalog_load(&c, "etc/reject-reasons.txt", &err),
			 RD_OK);
	assert_non_null(rd_catalog_find(&c, "FORM_UNSIGNED"));
	assert_non_null(rd_catalog_find(&c, "RENEW_EXPIRED"));
	assert_string_equal(rd_catalog_find(&c, "OTHER")->label_zh, "其他");
	rd_catalog_fini(&c);
	assert_int_equal(rd_catalog_load(&c, "etc/checklists.txt", &err), RD_OK);
	assert_true(c.n >= 9);
	rd_catalog_fini(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reasons_and_sections),
		cmocka_unit_test(test_errors_name_file_and_line),
		cmocka_unit_test(test_shipped_files_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
