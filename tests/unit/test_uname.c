/*
 * test_uname.c — names: NFC, the one comparison key, invisible and
 * look-alike characters (core/uname.h), and how sanitising shows them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/text.h"
#include "core/uname.h"

#include <stdlib.h>
#include <string.h>

static void check_nfc(const char *in, const char *want)
{
	char *z = NULL;

	assert_int_equal(rd_uname_nfc(in, &z), RD_OK);
	assert_string_equal(z, want);
	free(z);
}

static void test_nfc(void **state)
{
	char *z = NULL;

	(void)state;
	check_nfc("files/cafe\xCC\x81.png", "files/caf\xC3\xA9.png");
	check_nfc("files/caf\xC3\xA9.png", "files/caf\xC3\xA9.png");
	check_nfc("深圳市", "深圳市");
	/* NFC keeps compatibility characters: Ａ is not A here */
	check_nfc("\xEF\xBC\xA1", "\xEF\xBC\xA1");
	/* not UTF-8 (GBK bytes of 测试) */
	assert_int_equal(rd_uname_nfc("\xB2\xE2\xCA\xD4", &z), RD_ERR_INVALID);
	assert_null(z);
}

static void check_key(const char *in, const char *want)
{
	char *z = NULL;

	assert_int_equal(rd_uname_key(in, &z), RD_OK);
	assert_string_equal(z, want);
	free(z);
}

static void test_key(void **state)
{
	(void)state;
	check_key("深圳市某某（深圳）有限公司", "深圳市某某(深圳)有限公司");
	check_key("  深圳市 某某\xE3\x80\x80有限公司 ", "深圳市某某有限公司");
	check_key("\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3 Co., Ltd", "abcco.,ltd");
	check_key("张\xE2\x80\x8B三", "张三");              /* zero-width */
	check_key("张三\xE2\x80\xAE", "张三");              /* RLO */
	check_key("cafe\xCC\x81", "caf\xC3\xA9");
	assert_true(rd_uname_same("深圳市某某科技有限公司",
				  "深圳市某某科技有限公司 "));
	assert_true(rd_uname_same("ABC（中国）", "abc(中国)"));
	assert_false(rd_uname_same("深圳市某某科技有限公司",
				   "深圳市某某技术有限公司"));
	/* a Cyrillic о is another letter: not the same name */
	assert_false(rd_uname_same("Bosch", "B\xD0\xBEsch"));
	assert_false(rd_uname_same(NULL, "x"));
	assert_false(rd_uname_same("\xFF", "\xFF"));
}

static void check_suspect(const char *in, enum rd_uname_kind want,
			  uint32_t want_cp)
{
	uint32_t cp = 1;

	assert_int_equal(rd_uname_suspect(in, &cp), want);
	assert_int_equal(cp, want_cp);
}

static void test_suspect(void **state)
{
	(void)state;
	check_suspect(NULL, RD_UNAME_OK, 0);
	check_suspect("张三", RD_UNAME_OK, 0);
	check_suspect("深圳市ABC科技有限公司", RD_UNAME_OK, 0);
	check_suspect("某某（深圳）有限公司", RD_UNAME_OK, 0);
	check_suspect("买买提·艾力", RD_UNAME_OK, 0);
	check_suspect("José Müller", RD_UNAME_OK, 0);
	check_suspect("Jose\xCC\x81", RD_UNAME_OK, 0);      /* NFC: José */
	check_suspect("Иван Петров", RD_UNAME_OK, 0);     /* all Cyrillic */
	/* invisible */
	check_suspect("张\xE2\x80\x8B三", RD_UNAME_INVISIBLE, 0x200B);
	check_suspect("张三\xE2\x80\x8D", RD_UNAME_INVISIBLE, 0x200D);
	check_suspect("\xEF\xBB\xBF张三", RD_UNAME_INVISIBLE, 0xFEFF);
	check_suspect("张三\xE2\x80\xAE", RD_UNAME_INVISIBLE, 0x202E);
	check_suspect("张\xC2\xAD三", RD_UNAME_INVISIBLE, 0xAD);
	check_suspect("张\xC2\xA0三", RD_UNAME_INVISIBLE, 0xA0);   /* NBSP */
	check_suspect("张\xE3\x85\xA4三", RD_UNAME_INVISIBLE, 0x3164);
	check_suspect("张\x01三", RD_UNAME_INVISIBLE, 1);
	check_suspect("张\xEF\xB8\x8F三", RD_UNAME_INVISIBLE, 0xFE0F);
	/* look-alike: compatibility characters */
	check_suspect("深圳市\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3科技",
		      RD_UNAME_LOOKALIKE, 0xFF21);
	check_suspect("张三\xEF\xBC\x91", RD_UNAME_LOOKALIKE, 0xFF11); /* １ */
	check_suspect("\xF0\x9D\x90\x80pple", RD_UNAME_LOOKALIKE, 0x1D400);
	/* look-alike: other scripts mixed in */
	check_suspect("深圳市某某科技有限公\xD1\x81司", RD_UNAME_MIXED, 0x441);
	check_suspect("B\xD0\xBEsch", RD_UNAME_MIXED, 0x43E);
	check_suspect("\xCE\x91pple", RD_UNAME_MIXED, 0x391);     /* Greek Α */
	check_suspect("\xD0\x98\xCE\xB1", RD_UNAME_MIXED, 0x418); /* Cyr+Greek */
	check_suspect("\xFF\xFE", RD_UNAME_INVISIBLE, 0);
}

static void test_sanitize_shows(void **state)
{
	char z[128];

	(void)state;
	rd_text_sanitize("张\xE2\x80\x8B三", z, sizeof z);
	assert_string_equal(z, "张⟨U+200B⟩三");
	rd_text_sanitize("\xE2\x80\xAE" "gpj.exe", z, sizeof z);
	assert_string_equal(z, "⟨U+202E⟩gpj.exe");
	assert_true(rd_text_cp_is_invisible(0x200B));
	assert_false(rd_text_cp_is_invisible(0x5F20));
	/* fitting measures the visible form: 张⟨U+200B⟩三 is 12 columns */
	assert_int_equal(rd_text_width("张\xE2\x80\x8B三"), 12);
	rd_text_fit("张\xE2\x80\x8B三", 14, z, sizeof z);
	assert_string_equal(z, "张⟨U+200B⟩三  ");
	rd_text_fit("张\xE2\x80\x8B三", 6, z, sizeof z);
	assert_string_equal(z, "张⟨U+…");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nfc),
		cmocka_unit_test(test_key),
		cmocka_unit_test(test_suspect),
		cmocka_unit_test(test_sanitize_shows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
