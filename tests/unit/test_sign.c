/*
 * test_sign.c — the providers-v1 request signature against vectors
 * computed independently (Python hmac/hashlib).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "net/sign.h"

#include <stdlib.h>
#include <string.h>

static const char secret[] = "k3y-for-tests";

static void test_canonical(void **state)
{
	const char body[] = "{\"name\":\"张三\"}";
	char *z = NULL;

	(void)state;
	assert_int_equal(net_sign_canonical("POST", "/v1/telecom/verify",
					    1763690400, body, strlen(body), &z),
			 RD_OK);
	assert_string_equal(z, "POST\n/v1/telecom/verify\n1763690400\n"
			       "ff243a693d2a9e1d4fb0235c40a8879fc19a860ce52d138d"
			       "7a2e05c1fbded69b");
	free(z);
}

static void test_post_vector(void **state)
{
	const char body[] = "{\"name\":\"张三\"}";
	char sig[RD_SHA256_HEX];

	(void)state;
	assert_int_equal(net_sign(secret, strlen(secret), "POST",
				  "/v1/telecom/verify", 1763690400, body,
				  strlen(body), sig),
			 RD_OK);
	assert_string_equal(sig, "9f2fb773dcae43708e1d63ac30d906d5cba4cf901e0"
				 "dfa3c748b23069a6e0976");
}

static void test_get_without_body(void **state)
{
	char sig[RD_SHA256_HEX], sig2[RD_SHA256_HEX];

	(void)state;
	assert_int_equal(net_sign(secret, strlen(secret), "GET",
				  "/v1/bank/microdeposits/DEP000001",
				  1763690400, NULL, 0, sig),
			 RD_OK);
	assert_string_equal(sig, "d8bf9b93b55d0aebed5902a3550b08ad34d45f1bf18"
				 "1790a178b2609cdeb1e5e");
	/* An empty body and no body sign alike. */
	assert_int_equal(net_sign(secret, strlen(secret), "GET",
				  "/v1/bank/microdeposits/DEP000001",
				  1763690400, "", 0, sig2),
			 RD_OK);
	assert_string_equal(sig, sig2);
}

static void test_every_part_counts(void **state)
{
	char a[RD_SHA256_HEX], b[RD_SHA256_HEX];

	(void)state;
	net_sign(secret, strlen(secret), "POST", "/v1/x", 1, "{}", 2, a);
	net_sign(secret, strlen(secret), "POST", "/v1/x", 2, "{}", 2, b);
	assert_string_not_equal(a, b);
	net_sign(secret, strlen(secret), "POST", "/v1/y", 1, "{}", 2, b);
	assert_string_not_equal(a, b);
	net_sign(secret, strlen(secret), "GET", "/v1/x", 1, "{}", 2, b);
	assert_string_not_equal(a, b);
	net_sign(secret, strlen(secret), "POST", "/v1/x", 1, "{ }", 3, b);
	assert_string_not_equal(a, b);
	net_sign("other", 5, "POST", "/v1/x", 1, "{}", 2, b);
	assert_string_not_equal(a, b);
	net_sign(secret, strlen(secret), "POST", "/v1/x", 1, "{}", 2, b);
	assert_string_equal(a, b);
}

static void test_idem_uuid(void **state)
{
	char a[37], b[37];

	(void)state;
	net_idem_uuid("telecom:A0001:v1:handler", a);
	assert_string_equal(a, "c76ce3f7-1602-8f4c-9e8b-05876a3aad08");
	net_idem_uuid("telecom:A0001:v1:handler", b);
	assert_string_equal(a, b);                 /* stable across retries */
	net_idem_uuid("telecom:A0001:v1:applicant", b);
	assert_string_not_equal(a, b);
	assert_int_equal(strlen(b), 36);
	assert_int_equal(b[14], '8');              /* version 8 */
	assert_non_null(strchr("89ab", b[19]));    /* RFC variant */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_canonical),
		cmocka_unit_test(test_post_vector),
		cmocka_unit_test(test_get_without_body),
		cmocka_unit_test(test_every_part_counts),
		cmocka_unit_test(test_idem_uuid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
