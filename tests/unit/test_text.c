/*
 * test_text.c — UTF-8, display width, sanitising, fitting.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/text.h"

#include <stdlib.h>
#include <string.h>

static void test_decode(void **state)
{
	uint32_t cp = 0;

	(void)state;
	assert_int_equal(rd_text_utf8_decode("A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(rd_text_utf8_decode("\xC2\xA5", 2, &cp), 2);
	assert_int_equal(cp, 0xA5);
	assert_int_equal(rd_text_utf8_decode("张", 3, &cp), 3);
	assert_int_equal(cp, 0x5F20);
	assert_int_equal(rd_text_utf8_decode("\xF0\xA0\x80\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x20000);
	/* Invalid: lone continuation, overlong, surrogate, > U+10FFFF, bad lead. */
	assert_int_equal(rd_text_utf8_decode("\x80", 1, &cp), 1);
	assert_int_equal(cp, RD_TEXT_REPLACEMENT);
	assert_int_equal(rd_text_utf8_decode("\xC0\xAF", 2, &cp), 1);
	assert_int_equal(cp, RD_TEXT_REPLACEMENT);
	assert_int_equal(rd_text_utf8_decode("\xE0\x80\xAF", 3, &cp), 1);
	assert_int_equal(cp, RD_TEXT_REPLACEMENT);
	assert_int_equal(rd_text_utf8_decode("\xED\xA0\x80", 3, &cp), 1);
	assert_int_equal(cp, RD_TEXT_REPLACEMENT);
	assert_int_equal(rd_text_utf8_decode("\xF4\x90\x80\x80", 4, &cp), 1);
	assert_int_equal(cp, RD_TEXT_REPLACEMENT);
	assert_int_equal(rd_text_utf8_decode("\xFF", 1, &cp), 1);
	assert_int_equal(cp, RD_TEXT_REPLACEMENT);
	/* Truncated sequence: the valid prefix is one maximal subpart. */
	assert_int_equal(rd_text_utf8_decode("\xE5\xBC" "A", 3, &cp), 2);
	assert_int_equal(cp, RD_TEXT_REPLACEMENT);
	assert_int_equal(rd_text_utf8_decode("\xE5\xBC", 2, &cp), 2);
	assert_int_equal(rd_text_utf8_decode("", 0, &cp), 0);
}

static void test_encode_and_valid(void **state)
{
	char a[4];

	(void)state;
	assert_int_equal(rd_text_utf8_encode(0x41, a), 1);
	assert_int_equal(rd_text_utf8_encode(0xA5, a), 2);
	assert_int_equal(rd_text_utf8_encode(0x5F20, a), 3);
	assert_memory_equal(a, "张", 3);
	assert_int_equal(rd_text_utf8_encode(0x1F600, a), 4);
	assert_int_equal(rd_text_utf8_encode(0xD800, a), 3);
	assert_memory_equal(a, "\xEF\xBF\xBD", 3);
	assert_int_equal(rd_text_utf8_encode(0x110000, a), 3);

	assert_true(rd_text_utf8_valid("", 0));
	assert_true(rd_text_utf8_valid(NULL, 0));
	assert_true(rd_text_utf8_valid("张三 abc", strlen("张三 abc")));
	assert_true(rd_text_utf8_valid("\xEF\xBF\xBD", 3));   /* a real U+FFFD */
	assert_false(rd_text_utf8_valid("\xE5\xBC", 2));
	assert_false(rd_text_utf8_valid("ab\xFF", 3));
	assert_false(rd_text_utf8_valid("\xC0\x80", 2));
	assert_false(rd_text_utf8_valid("\xED\xB0\x80", 3));
	/* GBK bytes for 张三 are not UTF-8. */
	assert_false(rd_text_utf8_valid("\xD5\xC5\xC8\xFD", 4));
	assert_int_equal(rd_text_cp_count("张三ab"), 4);
	assert_int_equal(rd_text_cp_count(NULL), 0);
}

static void test_cp_width(void **state)
{
	(void)state;
	assert_int_equal(rd_text_cp_width('A'), 1);
	assert_int_equal(rd_text_cp_width(0xE9), 1);        /* é */
	assert_int_equal(rd_text_cp_width(0x0301), 0);      /* combining acute */
	assert_int_equal(rd_text_cp_width(0x200B), 0);      /* zero-width space */
	assert_int_equal(rd_text_cp_width(0xFEFF), 0);
	assert_int_equal(rd_text_cp_width(0x5F20), 2);      /* 张 */
	assert_int_equal(rd_text_cp_width(0x4E00), 2);
	assert_int_equal(rd_text_cp_width(0x9FFF), 2);
	assert_int_equal(rd_text_cp_width(0x3400), 2);      /* ext A */
	assert_int_equal(rd_text_cp_width(0x20000), 2);     /* ext B */
	assert_int_equal(rd_text_cp_width(0x3FFFD), 2);
	assert_int_equal(rd_text_cp_width(0xAC00), 2);      /* 가 */
	assert_int_equal(rd_text_cp_width(0x3042), 2);      /* あ */
	assert_int_equal(rd_text_cp_width(0x30A2), 2);      /* ア */
	assert_int_equal(rd_text_cp_width(0x3000), 2);      /* ideographic space */
	assert_int_equal(rd_text_cp_width(0x3002), 2);      /* 。 */
	assert_int_equal(rd_text_cp_width(0xFF0C), 2);      /* ， */
	assert_int_equal(rd_text_cp_width(0xFF01), 2);      /* ！ */
	assert_int_equal(rd_text_cp_width(0xFFE5), 2);      /* ￥ */
	assert_int_equal(rd_text_cp_width(0xFF61), 1);      /* halfwidth ｡ */
	assert_int_equal(rd_text_cp_width(0x1F600), 2);     /* 😀 */
	assert_int_equal(rd_text_cp_width(0x1F914), 2);     /* 🤔 */
	assert_int_equal(rd_text_cp_width(0x2026), 1);      /* … */
	assert_int_equal(rd_text_cp_width(0xA5), 1);        /* ¥ */
	assert_int_equal(rd_text_cp_width(0x1B), 0);        /* ESC */
	assert_int_equal(rd_text_cp_width(0x9B), 0);        /* CSI */
}

static void test_width(void **state)
{
	(void)state;
	assert_int_equal(rd_text_width(NULL), 0);
	assert_int_equal(rd_text_width(""), 0);
	assert_int_equal(rd_text_width("abc"), 3);
	assert_int_equal(rd_text_width("张三"), 4);
	assert_int_equal(rd_text_width("深圳市腾讯计算机系统有限公司"), 28);
	assert_int_equal(rd_text_width("ABC（中国）有限公司"), 3 + 16);
	assert_int_equal(rd_text_width("e\xCC\x81"), 1);          /* e + U+0301 */
	assert_int_equal(rd_text_width("a\x1b[31mb"), 6);        /* ESC removed */
	assert_int_equal(rd_text_width("\xFF"), 1);               /* U+FFFD */
}

static void check_sanitize(const char *in, const char *want)
{
	char z[256];
	char *pDup;

	assert_int_equal(rd_text_sanitize(in, z, sizeof z), RD_OK);
	assert_string_equal(z, want);
	pDup = rd_text_sanitize_dup(in);
	assert_non_null(pDup);
	assert_string_equal(pDup, want);
	free(pDup);
}

static void test_sanitize(void **state)
{
	(void)state;
	check_sanitize(NULL, "");
	check_sanitize("", "");
	check_sanitize("深圳市某某有限公司", "深圳市某某有限公司");
	/* ESC sequences lose their ESC, so they are inert text. */
	check_sanitize("Evil\x1b[2J\x1b]0;pwned\x07" "Co", "Evil[2J]0;pwnedCo");
	check_sanitize("a\tb\nc\rd", "a b cd");
	check_sanitize("x\x7fy\x01z", "xyz");
	/* C1: CSI (U+009B) and NEL (U+0085) encoded as UTF-8. */
	check_sanitize("a\xC2\x9B" "31mb\xC2\x85" "c", "a31mbc");
	/* Raw C1 bytes are invalid UTF-8: U+FFFD, never a C1 control. */
	check_sanitize("a\x9b" "b", "a\xEF\xBF\xBD" "b");
	/* Bidi overrides and isolates (RLO, LRE, PDF, LRI, PDI) and
	 * zero-width characters are made visible, never passed through. */
	check_sanitize("abc\xE2\x80\xAEgpj.exe", "abc⟨U+202E⟩gpj.exe");
	check_sanitize("\xE2\x80\xAA" "x\xE2\x80\xAC\xE2\x81\xA6y\xE2\x81\xA9",
		       "⟨U+202A⟩x⟨U+202C⟩⟨U+2066⟩y⟨U+2069⟩");
	check_sanitize("张\xE2\x80\x8B三", "张⟨U+200B⟩三");
	check_sanitize("\xEF\xBB\xBF" "a\xF3\xA0\x80\x81", "⟨U+FEFF⟩a⟨U+E0001⟩");
	assert_int_equal(rd_text_width("张\xE2\x80\x8B三"), 12);
	/* Line separator becomes a space. */
	check_sanitize("a\xE2\x80\xA8" "b", "a b");
	/* Invalid UTF-8 → U+FFFD per maximal subpart. */
	check_sanitize("\xD5\xC5", "\xEF\xBF\xBD\xEF\xBF\xBD");
	check_sanitize("\xE5\xBC" "A", "\xEF\xBF\xBD" "A");
}

static void test_sanitize_limits(void **state)
{
	char z[8];
	char *pDup;

	(void)state;
	/* Cut at a code point boundary only. */
	assert_int_equal(rd_text_sanitize("张三李四", z, 8), RD_ERR_LIMIT);
	assert_string_equal(z, "张三");
	assert_int_equal(rd_text_sanitize("张三", z, 7), RD_OK);
	assert_int_equal(rd_text_sanitize("abc", z, 0), RD_ERR_LIMIT);
	assert_int_equal(rd_text_sanitize("abc", z, 1), RD_ERR_LIMIT);
	assert_string_equal(z, "");
	/* Worst growth: every byte invalid. */
	pDup = rd_text_sanitize_dup("\xFF\xFF\xFF");
	assert_non_null(pDup);
	assert_string_equal(pDup, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	free(pDup);
}

static void check_fit(const char *s, int width, const char *want)
{
	char z[128];

	assert_int_equal(rd_text_fit(s, width, z, sizeof z), RD_OK);
	assert_string_equal(z, want);
	if (width > 0)
		assert_int_equal(rd_text_width(z), width);
}

static void test_fit(void **state)
{
	(void)state;
	check_fit("abc", 5, "abc  ");
	check_fit("abc", 3, "abc");
	check_fit("abcdef", 4, "abc…");
	check_fit("abcdef", 1, "…");
	check_fit("abc", 0, "");
	check_fit("abc", -3, "");
	check_fit(NULL, 2, "  ");
	check_fit("张三", 4, "张三");
	check_fit("张三", 6, "张三  ");
	/* 张三李 is 6 wide. In 5: 张三 (4) + … */
	check_fit("张三李", 5, "张三…");
	/* In 4: the … needs a column, 三 would straddle: a space instead. */
	check_fit("张三李", 4, "张 …");
	check_fit("张三李", 3, "张…");
	check_fit("张三李", 2, " …");
	check_fit("张三李", 1, "…");
	check_fit("a张三", 4, "a张…");
	check_fit("a张三", 3, "a …");
	/* Control characters never count or appear. */
	check_fit("\x1b[1mab", 4, "[1m…");
	/* Combining mark stays with its base. */
	check_fit("e\xCC\x81" "abc", 3, "e\xCC\x81" "a…");
}

static void test_truncate_and_pad(void **state)
{
	char z[64];

	(void)state;
	assert_int_equal(rd_text_truncate("张三李", 4, z, sizeof z), RD_OK);
	assert_string_equal(z, "张…");
	assert_int_equal(rd_text_truncate("abc", 10, z, sizeof z), RD_OK);
	assert_string_equal(z, "abc");
	assert_int_equal(rd_text_truncate("abcdef", 4, z, sizeof z), RD_OK);
	assert_string_equal(z, "abc…");
	assert_int_equal(rd_text_pad_right("张", 5, z, sizeof z), RD_OK);
	assert_string_equal(z, "张   ");
	assert_int_equal(rd_text_pad_left("张", 5, z, sizeof z), RD_OK);
	assert_string_equal(z, "   张");
	assert_int_equal(rd_text_pad_left("¥1.00", 7, z, sizeof z), RD_OK);
	assert_string_equal(z, "  ¥1.00");
	/* Never truncates. */
	assert_int_equal(rd_text_pad_right("张三李", 2, z, sizeof z), RD_OK);
	assert_string_equal(z, "张三李");
	assert_int_equal(rd_text_pad_left("a\x1b" "b", 3, z, sizeof z), RD_OK);
	assert_string_equal(z, " ab");
	/* Output buffer too small: cut at a boundary and say so. */
	assert_int_equal(rd_text_fit("张三李四", 8, z, 7), RD_ERR_LIMIT);
	assert_string_equal(z, "张三");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_encode_and_valid),
		cmocka_unit_test(test_cp_width),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_sanitize),
		cmocka_unit_test(test_sanitize_limits),
		cmocka_unit_test(test_fit),
		cmocka_unit_test(test_truncate_and_pad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
