/*
 * test_sf.c — the SF Express protocol pieces: Java URLEncoder rules, the
 * msgDigest against SF's published example, the form, answers; and the
 * PIN SMS template.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "net/provider.h"
#include "net/sf.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static void test_urlencode_java_rules(void **state)
{
	char *z = NULL;

	(void)state;
	/* Kept: A-Z a-z 0-9 . - * _ ; space is '+'; everything else %XX
	 * uppercase, UTF-8 bytes one by one ('~' too, unlike RFC 3986). */
	assert_int_equal(sf_urlencode("Az09.-*_ ~+/:\"{}中", &z), RD_OK);
	assert_string_equal(z, "Az09.-*_+%7E%2B%2F%3A%22%7B%7D%E4%B8%AD");
	free(z);
	assert_int_equal(sf_urlencode("", &z), RD_OK);
	assert_string_equal(z, "");
	free(z);
}

/*
 * The example of SF's digital-signature guide (丰桥 "数字签名认证说明",
 * standard MD5): msgData {"language":"zh-CN","orderId":"QIAO-20200618-004"},
 * timestamp 12312334453453, checkWord fjcg5PGKaNpPSHFAZ4QsCOkV71R3zVci give
 * msgDigest IIKJtuLVzoFTu4kHI8M8vA== — the value the guide prints and
 * several independent client libraries test against.
 */
static void test_digest_published_vector(void **state)
{
	char z[SF_DIGEST_LEN];

	(void)state;
	assert_int_equal(sf_msg_digest("{\"language\":\"zh-CN\",\"orderId\":"
				       "\"QIAO-20200618-004\"}",
				       "12312334453453",
				       "fjcg5PGKaNpPSHFAZ4QsCOkV71R3zVci", z),
			 RD_OK);
	assert_string_equal(z, "IIKJtuLVzoFTu4kHI8M8vA==");
	/* Any change of input changes it. */
	assert_int_equal(sf_msg_digest("{\"language\":\"zh-CN\",\"orderId\":"
				       "\"QIAO-20200618-004\"}",
				       "12312334453454",
				       "fjcg5PGKaNpPSHFAZ4QsCOkV71R3zVci", z),
			 RD_OK);
	assert_string_not_equal(z, "IIKJtuLVzoFTu4kHI8M8vA==");
}

static void test_form(void **state)
{
	char *z = NULL;

	(void)state;
	assert_int_equal(sf_form("P1", "R-1", "EXP_RECE_CREATE_ORDER",
				 "12312334453453",
				 "{\"language\":\"zh-CN\",\"orderId\":"
				 "\"QIAO-20200618-004\"}",
				 "fjcg5PGKaNpPSHFAZ4QsCOkV71R3zVci", &z),
			 RD_OK);
	assert_string_equal(z,
			    "partnerID=P1&requestID=R-1&serviceCode="
			    "EXP_RECE_CREATE_ORDER&timestamp=12312334453453"
			    "&msgDigest=IIKJtuLVzoFTu4kHI8M8vA%3D%3D&msgData="
			    "%7B%22language%22%3A%22zh-CN%22%2C%22orderId%22"
			    "%3A%22QIAO-20200618-004%22%7D");
	/* The checkWord itself is never part of the form. */
	assert_null(strstr(z, "fjcg5"));
	free(z);
}

static void test_answer(void **state)
{
	json_t *a, *d = NULL;
	char code[16];

	(void)state;
	a = json_loads("{\"apiResultCode\":\"A1000\",\"apiErrorMsg\":\"\","
		       "\"apiResultData\":\"{\\\"success\\\":true,"
		       "\\\"msgData\\\":{\\\"waybillNoInfoList\\\":[{"
		       "\\\"waybillType\\\":1,\\\"waybillNo\\\":\\\"SF1\\\"}]}}\"}",
		       0, NULL);
	assert_non_null(a);
	assert_int_equal(sf_parse_answer(a, code, sizeof code, &d), RD_OK);
	assert_string_equal(code, "A1000");
	assert_true(json_is_true(json_object_get(d, "success")));
	json_decref(d);
	json_decref(a);
	/* Refused by the platform: no data, and whether to retry. */
	a = json_loads("{\"apiResultCode\":\"A1006\",\"apiErrorMsg\":\"bad\"}",
		       0, NULL);
	assert_int_equal(sf_parse_answer(a, code, sizeof code, &d), RD_OK);
	assert_string_equal(code, "A1006");
	assert_null(d);
	assert_true(sf_code_is_transient("A1006"));
	assert_false(sf_code_is_transient("A1001"));
	json_decref(a);
	/* A1000 with data that is not a JSON object in a string. */
	a = json_loads("{\"apiResultCode\":\"A1000\",\"apiResultData\":{}}", 0,
		       NULL);
	assert_int_equal(sf_parse_answer(a, code, sizeof code, &d),
			 RD_ERR_PROTO);
	json_decref(a);
}

static void test_pin_sms_template(void **state)
{
	char *z = NULL;

	(void)state;
	assert_int_equal(net_notify_render("申请{app_no}的PIN为{pin}，{x}{pin",
					   "RA1", "012345", &z),
			 RD_OK);
	assert_string_equal(z, "申请RA1的PIN为012345，{x}{pin");
	free(z);
	assert_int_equal(net_notify_render("{pin}{pin}{pin}{pin}", "A",
					   "123456", &z),
			 RD_OK);
	assert_string_equal(z, "123456123456123456123456");
	free(z);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_urlencode_java_rules),
		cmocka_unit_test(test_digest_published_vector),
		cmocka_unit_test(test_form),
		cmocka_unit_test(test_answer),
		cmocka_unit_test(test_pin_sms_template),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
