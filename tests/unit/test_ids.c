/*
 * test_ids.c — resident ID (GB 11643), USCC (GB 32100), mobile format.
 *
 * Known vectors are fixed strings taken from published examples, not
 * computed here from the algorithm under test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/ids.h"

#include <string.h>

static void test_resident_known_good(void **state)
{
	(void)state;
	/* GB 11643 textbook example, check character X. */
	assert_int_equal(rd_id_resident_check("11010519491231002X"), RD_ID_OK);
	assert_true(rd_id_resident_valid("11010519491231002X"));
	assert_true(rd_id_resident_valid("110101199003074477"));
	assert_true(rd_id_resident_valid("440301199001010039"));
}

static void test_resident_lowercase_x(void **state)
{
	char z[RD_ID_BUFSZ];

	(void)state;
	assert_true(rd_id_resident_valid("11010519491231002x"));
	assert_int_equal(rd_id_resident_normalize(" 11010519491231002x\n", z,
						  sizeof z), RD_OK);
	assert_string_equal(z, "11010519491231002X");
	/* Too small a buffer: nothing half-written. */
	assert_int_equal(rd_id_resident_normalize("11010519491231002x", z, 18),
			 RD_ERR_LIMIT);
	assert_string_equal(z, "");
	assert_int_equal(rd_id_resident_normalize(NULL, z, sizeof z),
			 RD_ERR_INVALID);
}

static void test_resident_reasons(void **state)
{
	(void)state;
	assert_int_equal(rd_id_resident_check(NULL), RD_ID_BAD_LENGTH);
	assert_int_equal(rd_id_resident_check(""), RD_ID_BAD_LENGTH);
	assert_int_equal(rd_id_resident_check("11010519491231002"), RD_ID_BAD_LENGTH);
	assert_int_equal(rd_id_resident_check("11010519491231002X1"), RD_ID_BAD_LENGTH);
	/* Old 15-digit IDs are not accepted. */
	assert_int_equal(rd_id_resident_check("110105491231002"), RD_ID_BAD_LENGTH);
	assert_int_equal(rd_id_resident_check("1101051949123100XX"), RD_ID_BAD_CHAR);
	assert_int_equal(rd_id_resident_check("11010519491231002Y"), RD_ID_BAD_CHAR);
	assert_int_equal(rd_id_resident_check("11O10519491231002X"), RD_ID_BAD_CHAR);
	assert_int_equal(rd_id_resident_check("11010519491231002 "), RD_ID_BAD_CHAR);
	/* Full-width digits are bytes, so the length is wrong. */
	assert_int_equal(rd_id_resident_check("１１０１０５１９４９"), RD_ID_BAD_LENGTH);
	/* Dates: month 13, Feb 30, Feb 29 in a non-leap year, before 1900. */
	assert_int_equal(rd_id_resident_check("110105194913310020"), RD_ID_BAD_DATE);
	assert_int_equal(rd_id_resident_check("110105199002300020"), RD_ID_BAD_DATE);
	assert_int_equal(rd_id_resident_check("110105190002290020"), RD_ID_BAD_DATE);
	assert_int_equal(rd_id_resident_check("110105199000010020"), RD_ID_BAD_DATE);
	/* GB 11643's own example 1880-01-01: right check digit, out of range. */
	assert_int_equal(rd_id_resident_check("440524188001010014"), RD_ID_BAD_DATE);
	/* 2000-02-29 is real (leap year divisible by 400). */
	assert_int_not_equal(rd_id_resident_check("110105200002290020"), RD_ID_BAD_DATE);
	/* One digit changed: check fails. */
	assert_int_equal(rd_id_resident_check("110105194912310021"), RD_ID_BAD_CHECK);
	assert_int_equal(rd_id_resident_check("110101199003074478"), RD_ID_BAD_CHECK);
	/* Two adjacent digits swapped. */
	assert_int_equal(rd_id_resident_check("110101199003074747"), RD_ID_BAD_CHECK);
	assert_false(rd_id_resident_valid("110101199003074478"));
}

static void test_resident_check_char(void **state)
{
	char c = 0;
	char z[RD_ID_BUFSZ];

	(void)state;
	assert_int_equal(rd_id_resident_check_char("11010519491231002", &c), RD_OK);
	assert_int_equal(c, 'X');
	assert_int_equal(rd_id_resident_check_char("110101199003074477", &c), RD_OK);
	assert_int_equal(c, '7');
	assert_int_equal(rd_id_resident_check_char("1101011990030744", &c),
			 RD_ERR_INVALID);
	assert_int_equal(rd_id_resident_check_char("11010119900307447A", &c), RD_OK);
	assert_int_equal(rd_id_resident_check_char("1101011990030744A", &c),
			 RD_ERR_INVALID);
	assert_int_equal(rd_id_resident_check_char(NULL, &c), RD_ERR_INVALID);

	assert_int_equal(rd_id_generate_resident("11010519491231002", z, sizeof z), RD_OK);
	assert_string_equal(z, "11010519491231002X");
	assert_int_equal(rd_id_generate_resident("44030119900101003", z, sizeof z), RD_OK);
	assert_string_equal(z, "440301199001010039");
	assert_int_equal(rd_id_generate_resident("11010519491331002", z, sizeof z),
			 RD_ERR_INVALID);
	assert_int_equal(rd_id_generate_resident("110105194912310021", z, sizeof z),
			 RD_ERR_INVALID);
	assert_int_equal(rd_id_generate_resident("11010519491231002", z, 18),
			 RD_ERR_LIMIT);
}

static void test_uscc_known_good(void **state)
{
	(void)state;
	assert_int_equal(rd_id_uscc_check("91350100M000100Y43"), RD_ID_OK);
	assert_true(rd_id_uscc_valid("91350100M000100Y43"));
	assert_true(rd_id_uscc_valid("91110000802100433B"));
	assert_true(rd_id_uscc_valid("91440300MA5DC9BK15"));
}

static void test_uscc_reasons(void **state)
{
	char z[RD_ID_BUFSZ];

	(void)state;
	assert_int_equal(rd_id_uscc_check(NULL), RD_ID_BAD_LENGTH);
	assert_int_equal(rd_id_uscc_check(""), RD_ID_BAD_LENGTH);
	assert_int_equal(rd_id_uscc_check("91350100M000100Y4"), RD_ID_BAD_LENGTH);
	assert_int_equal(rd_id_uscc_check("91350100M000100Y431"), RD_ID_BAD_LENGTH);
	/* I, O, Z, S, V are not in the alphabet; lowercase neither. */
	assert_int_equal(rd_id_uscc_check("91350100I000100Y43"), RD_ID_BAD_CHAR);
	assert_int_equal(rd_id_uscc_check("91350100O000100Y43"), RD_ID_BAD_CHAR);
	assert_int_equal(rd_id_uscc_check("91350100Z000100Y43"), RD_ID_BAD_CHAR);
	assert_int_equal(rd_id_uscc_check("91350100S000100Y43"), RD_ID_BAD_CHAR);
	assert_int_equal(rd_id_uscc_check("91350100V000100Y43"), RD_ID_BAD_CHAR);
	assert_int_equal(rd_id_uscc_check("91350100m000100y43"), RD_ID_BAD_CHAR);
	assert_int_equal(rd_id_uscc_check("91350100M000100Y4-"), RD_ID_BAD_CHAR);
	assert_int_equal(rd_id_uscc_check("91350100M000100Y44"), RD_ID_BAD_CHECK);
	assert_int_equal(rd_id_uscc_check("91350100M000101Y43"), RD_ID_BAD_CHECK);
	assert_int_equal(rd_id_uscc_check("91110000802100433A"), RD_ID_BAD_CHECK);

	assert_int_equal(rd_id_uscc_normalize(" 91350100m000100y43 ", z, sizeof z), RD_OK);
	assert_string_equal(z, "91350100M000100Y43");
	assert_true(rd_id_uscc_valid(z));
}

static void test_uscc_check_char(void **state)
{
	char c = 0;
	char z[RD_ID_BUFSZ];

	(void)state;
	assert_int_equal(rd_id_uscc_check_char("91350100M000100Y4", &c), RD_OK);
	assert_int_equal(c, '3');
	assert_int_equal(rd_id_uscc_check_char("91110000802100433", &c), RD_OK);
	assert_int_equal(c, 'B');
	assert_int_equal(rd_id_uscc_check_char("9135010OM000100Y4", &c), RD_ERR_INVALID);
	assert_int_equal(rd_id_uscc_check_char("9135", &c), RD_ERR_INVALID);
	assert_int_equal(rd_id_generate_uscc("91350100M000100Y4", z, sizeof z), RD_OK);
	assert_string_equal(z, "91350100M000100Y43");
	assert_int_equal(rd_id_generate_uscc("91350100M000100Y", z, sizeof z),
			 RD_ERR_INVALID);
	assert_int_equal(rd_id_generate_uscc("91350100M000100Y4", z, 5), RD_ERR_LIMIT);
}

/* The "31 → 0" rule: a prefix whose weighted sum is a multiple of 31. */
static void test_uscc_check_zero(void **state)
{
	char c = 0;

	(void)state;
	/* All zeros: sum 0, 31 - 0 = 31 → '0'. */
	assert_int_equal(rd_id_uscc_check_char("00000000000000000", &c), RD_OK);
	assert_int_equal(c, '0');
	assert_true(rd_id_uscc_valid("000000000000000000"));
	/* "Y" (30) at a weight-1 position: sum 30, 31-30 = 1. */
	assert_int_equal(rd_id_uscc_check_char("Y0000000000000000", &c), RD_OK);
	assert_int_equal(c, '1');
}

static void test_mobile(void **state)
{
	(void)state;
	assert_true(rd_mobile_valid("13800138000"));
	assert_true(rd_mobile_valid("19912345678"));
	assert_true(rd_mobile_valid("15000000000"));
	assert_false(rd_mobile_valid(NULL));
	assert_false(rd_mobile_valid(""));
	assert_false(rd_mobile_valid("12800138000"));
	assert_false(rd_mobile_valid("10800138000"));
	assert_false(rd_mobile_valid("23800138000"));
	assert_false(rd_mobile_valid("1380013800"));
	assert_false(rd_mobile_valid("138001380001"));
	assert_false(rd_mobile_valid("1380013800a"));
	assert_false(rd_mobile_valid("+8613800138000"));
	assert_false(rd_mobile_valid("138 0013 8000"));
}

static void test_reason_text(void **state)
{
	(void)state;
	assert_non_null(rd_id_reason_text(RD_ID_BAD_CHECK));
	assert_string_not_equal(rd_id_reason_text(RD_ID_BAD_CHECK),
				rd_id_reason_text(RD_ID_BAD_DATE));
	assert_non_null(rd_id_reason_text((enum rd_id_reason)99));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resident_known_good),
		cmocka_unit_test(test_resident_lowercase_x),
		cmocka_unit_test(test_resident_reasons),
		cmocka_unit_test(test_resident_check_char),
		cmocka_unit_test(test_uscc_known_good),
		cmocka_unit_test(test_uscc_reasons),
		cmocka_unit_test(test_uscc_check_char),
		cmocka_unit_test(test_uscc_check_zero),
		cmocka_unit_test(test_mobile),
		cmocka_unit_test(test_reason_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
