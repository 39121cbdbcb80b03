/*
 * test_manifest.c — manifest.json format 1: good manifests of each shape,
 * and precise error paths for missing keys, wrong types and bad values.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ingest/manifest.h"

#include <stdio.h>
#include <string.h>

#define SHA "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define FILES                                                                \
	"\"files\":["                                                        \
	"{\"role\":\"application_form\",\"path\":\"files/a.jpg\",\"sha256\":\"" SHA "\",\"size\":0}," \
	"{\"role\":\"business_license\",\"path\":\"files/b.jpg\",\"sha256\":\"" SHA "\",\"size\":0}," \
	"{\"role\":\"id_front\",\"path\":\"files/c.jpg\",\"sha256\":\"" SHA "\",\"size\":0}," \
	"{\"role\":\"id_back\",\"path\":\"files/d.jpg\",\"sha256\":\"" SHA "\",\"size\":0}]"

static const char good[] =
	"{\"format\":\"radesk-bundle/1\",\"app_no\":\"017047461437547153\","
	"\"version\":2,\"type\":\"replace\","
	"\"submitted_at\":\"2026-11-20T09:31:02+08:00\",\"channel\":\"web\","
	"\"certificate\":{\"serial\":\"712C\",\"holder\":\"org\",\"algorithm\":\"SM2\","
	"\"not_after\":\"2027-03-01T00:00:00+08:00\"},"
	"\"organization\":{\"name\":\"某某公司\",\"id_type\":\"uscc\",\"id_no\":\"91440300MA5G7K3P2X\"},"
	"\"handler\":{\"name\":\"张三\",\"id_type\":\"resident_id\",\"id_no\":\"11010519491231002X\",\"mobile\":\"13800138000\"},"
	"\"financial\":{\"account_name\":\"某某公司\",\"bank\":\"工行\",\"account_no\":\"4000\"},"
	"\"shipping\":{\"recipient\":\"张三\",\"mobile\":\"13800138000\",\"province\":\"广东省\",\"city\":\"深圳市\",\"address\":\"1号\"},"
	"\"payment\":{\"method\":\"wechat\",\"amount_fen\":10000,\"trade_no\":\"42\"},"
	"\"future_key\":{\"ignored\":true}," FILES "}";

static rd_status parse_edit(const char *from, const char *to, struct rd_err *err,
			    struct ingest_manifest **pm)
{
	char buf[8192];
	const char *p = strstr(good, from);

	assert_non_null(p);
	snprintf(buf, sizeof buf, "%.*s%s%s", (int)(p - good), good, to,
		 p + strlen(from));
	return ingest_manifest_parse(buf, strlen(buf), pm, err);
}

static void expect_error(const char *from, const char *to, const char *msg)
{
	struct ingest_manifest *m = NULL;
	struct rd_err err;

	rd_err_clear(&err);
	assert_int_equal(parse_edit(from, to, &err, &m), RD_ERR_INVALID);
	assert_null(m);
	if (!strstr(err.msg, msg))
		fail_msg("'%s' not in '%s'", msg, err.msg);
}

static void test_good(void **state)
{
	struct ingest_manifest *m = NULL;
	struct rd_err err;

	(void)state;
	assert_int_equal(ingest_manifest_parse(good, strlen(good), &m, &err), RD_OK);
	assert_string_equal(m->app_no, "017047461437547153");
	assert_int_equal(m->version, 2);
	assert_int_equal(m->type, RD_APP_REPLACE);
	assert_int_equal(m->submitted_at, 1795138262); /* 2026-11-20T01:31:02Z */
	assert_int_equal(m->pay.amount_fen, 10000);
	assert_true(m->has_financial);
	assert_false(m->has_applicant);
	assert_int_equal(m->nFile, 4);
	assert_int_equal(m->aFile[3].role, INGEST_ROLE_ID_BACK);
	assert_int_equal(ingest_manifest_find_role(m, INGEST_ROLE_ID_FRONT), 2);
	ingest_manifest_free(&m);
	assert_null(m);
}

static void test_error_paths(void **state)
{
	(void)state;
	expect_error("\"id_no\":\"11010519491231002X\",", "", "handler.id_no: required key is missing");
	expect_error("\"amount_fen\":10000", "\"amount_fen\":100.5", "payment.amount_fen: must be an integer");
	expect_error("\"amount_fen\":10000", "\"amount_fen\":\"100\"", "payment.amount_fen: must be an integer");
	expect_error("\"version\":2", "\"version\":0", "version: is out of range");
	expect_error("\"type\":\"replace\"", "\"type\":\"buy\"", "type: must be one of replace, renew, new");
	expect_error("09:31:02+08:00", "09:31:02", "submitted_at: is not an RFC 3339");
	expect_error("radesk-bundle/1", "radesk-bundle/2", "format: unknown bundle format");
	expect_error("\"format\"", "\"format\":1,\"format\"", "not valid JSON");
	expect_error("\"path\":\"files/c.jpg\"", "\"path\":\"c.jpg\"", "files[2].path: must name a file under files/");
	expect_error("\"path\":\"files/c.jpg\"", "\"path\":\"files/a.jpg\"", "files[2].path: lists the same file twice");
	expect_error("\"sha256\":\"" SHA "\",\"size\":0}]", "\"sha256\":\"abc\",\"size\":0}]", "files[3].sha256: must be 64 hexadecimal digits");
	expect_error("\"role\":\"id_back\"", "\"role\":\"selfie\"", "files[3].role: must be one of");
	expect_error("{\"role\":\"id_back\",\"path\":\"files/d.jpg\",\"sha256\":\"" SHA "\",\"size\":0}", "{\"role\":\"other\",\"path\":\"files/d.jpg\",\"sha256\":\"" SHA "\",\"size\":0}", "no id_back scan");
	expect_error("\"financial\":{\"account_name\":\"某某公司\",\"bank\":\"工行\",\"account_no\":\"4000\"},", "", "financial: required key is missing");
	expect_error("\"method\":\"wechat\"", "\"method\":\"transfer\"", "payment.transfer: required key is missing");
	expect_error("\"holder\":\"org\"", "\"holder\":\"personal\"", "applicant: required key is missing");
	expect_error("\"name\":\"张三\",\"id_type\"", "\"name\":\"\",\"id_type\"", "handler.name: must not be empty");
	expect_error("\"address\":\"1号\"", "\"address\":\"1\\u0000号\"", "not valid JSON");
}

static void test_renew_shape(void **state)
{
	struct ingest_manifest *m = NULL;
	struct rd_err err;

	(void)state;
	/* renew: shipping may be absent, renewal required */
	expect_error("\"type\":\"replace\"", "\"type\":\"renew\"", "renewal: required key is missing");
	rd_err_clear(&err);
	assert_int_equal(parse_edit("\"type\":\"replace\"",
				    "\"type\":\"renew\",\"renewal\":{\"months\":12}",
				    &err, &m), RD_OK);
	assert_true(m->has_renewal);
	assert_int_equal(m->renewal.months, 12);
	ingest_manifest_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_error_paths),
		cmocka_unit_test(test_renew_shape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
