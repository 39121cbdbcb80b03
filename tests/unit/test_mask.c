/*
 * test_mask.c — masking of IDs, accounts, mobiles, e-mails and names.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/mask.h"

#include <string.h>

typedef rd_status (*mask_fn)(const char *, char *, size_t);

static void check(mask_fn fn, const char *in, const char *want)
{
	char z[RD_MASK_BUFSZ];

	memset(z, 'Q', sizeof z);
	assert_int_equal(fn(in, z, sizeof z), RD_OK);
	assert_string_equal(z, want);
}

static void test_id(void **state)
{
	(void)state;
	check(rd_mask_id, "440301199001011234", "440301********1234");
	check(rd_mask_id, "11010519491231002X", "110105********002X");
	check(rd_mask_id, "91350100M000100Y43", "913501********0Y43");
	/* 15-digit legacy ID: 6 + 5 + 4. */
	check(rd_mask_id, "110105491231002", "110105*****1002");
	/* Short numbers (passport, permits) keep one at each end. */
	check(rd_mask_id, "E12345678", "E*******8");
	check(rd_mask_id, "1234567890", "1********0");
	check(rd_mask_id, "abc", "a*c");
	check(rd_mask_id, "ab", "**");
	check(rd_mask_id, "a", "*");
	check(rd_mask_id, "", "");
	check(rd_mask_id, NULL, "");
}

static void test_account(void **state)
{
	(void)state;
	check(rd_mask_account, "6222021234567891234", "6222***********1234");
	check(rd_mask_account, "6222001234561234", "6222********1234");
	check(rd_mask_account, "622200123456", "6222****3456");
	check(rd_mask_account, "12345678901", "1*********1");
	check(rd_mask_account, "12", "**");
	check(rd_mask_account, NULL, "");
}

static void check_fit(const char *in, int width, const char *want)
{
	char z[RD_MASK_BUFSZ];

	memset(z, 'Q', sizeof z);
	assert_int_equal(rd_mask_account_fit(in, width, z, sizeof z), RD_OK);
	assert_string_equal(z, want);
}

static void test_account_fit(void **state)
{
	(void)state;
	/* Room enough: the plain mask. */
	check_fit("6222021234567891234", 19, "6222***********1234");
	check_fit("6222021234567891234", 40, "6222***********1234");
	/* Less room: fewer stars, head and tail kept. */
	check_fit("6222021234567891234", 12, "6222****1234");
	check_fit("622202123456789123456789", 19, "6222***********6789");
	/* Never fewer than one star, even when that is too wide. */
	check_fit("6222021234567891234", 5, "6222*1234");
	check_fit("12", 1, "*");
	check_fit(NULL, 10, "");
}

static void test_mobile(void **state)
{
	(void)state;
	check(rd_mask_mobile, "13800138000", "138****8000");
	check(rd_mask_mobile, "+8613800138000", "+86*******8000");
	check(rd_mask_mobile, "0755-12345678", "075******5678");
	check(rd_mask_mobile, "1380013", "1*****3");
	check(rd_mask_mobile, "", "");
	check(rd_mask_mobile, NULL, "");
}

static void test_email(void **state)
{
	(void)state;
	check(rd_mask_email, "a@b.cn", "a***@b.cn");
	check(rd_mask_email, "zhangsan@example.com.cn", "z***@example.com.cn");
	check(rd_mask_email, "张三@例子.中国", "张***@例子.中国");
	/* The last '@' separates the domain. */
	check(rd_mask_email, "\"a@b\"@c.cn", "\"***@c.cn");
	/* No usable '@': masked like a short ID. */
	check(rd_mask_email, "noatsign", "n******n");
	check(rd_mask_email, "@b.cn", "@***n");
	check(rd_mask_email, "", "");
	check(rd_mask_email, NULL, "");
}

static void test_name(void **state)
{
	(void)state;
	check(rd_mask_name, "张三", "张*");
	check(rd_mask_name, "张小三", "张*三");
	check(rd_mask_name, "欧阳娜娜", "欧**娜");
	check(rd_mask_name, "买买提·艾力", "买****力");
	check(rd_mask_name, "李", "*");
	check(rd_mask_name, "John Smith", "J********h");
	check(rd_mask_name, "", "");
	check(rd_mask_name, NULL, "");
}

static void test_hostile_input(void **state)
{
	char z[RD_MASK_BUFSZ];

	(void)state;
	/* Invalid UTF-8 counts as U+FFFD characters and prints as such. */
	check(rd_mask_name, "\xD5\xC5\xC8\xFD", "\xEF\xBF\xBD**\xEF\xBF\xBD");
	check(rd_mask_name, "张\xE4\xB8", "张*");
	/* Kept characters that are controls come out as U+FFFD. */
	check(rd_mask_name, "\x1b[2J", "\xEF\xBF\xBD**J");
	check(rd_mask_id, "\x1b" "40301199001011234", "\xEF\xBF\xBD" "40301********1234");
	check(rd_mask_email, "a@b\x1b[0m", "a***@b\xEF\xBF\xBD[0m");
	/* Tiny buffers: terminated, cut at a boundary, never more revealed. */
	assert_int_equal(rd_mask_id("440301199001011234", z, 0), RD_ERR_LIMIT);
	assert_int_equal(rd_mask_id("440301199001011234", z, 1), RD_ERR_LIMIT);
	assert_string_equal(z, "");
	assert_int_equal(rd_mask_id("440301199001011234", z, 10), RD_ERR_LIMIT);
	assert_string_equal(z, "440301***");
	assert_int_equal(rd_mask_name("张小三", z, 5), RD_ERR_LIMIT);
	assert_string_equal(z, "张*");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_id),
		cmocka_unit_test(test_account),
		cmocka_unit_test(test_account_fit),
		cmocka_unit_test(test_mobile),
		cmocka_unit_test(test_email),
		cmocka_unit_test(test_name),
		cmocka_unit_test(test_hostile_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
