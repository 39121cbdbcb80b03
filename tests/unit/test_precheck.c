/*
 * test_precheck.c — the automatic pre-checks: each planted defect yields
 * its finding with the right field and severity; a clean manifest none.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ingest/precheck.h"

#include <string.h>

static char zOrg[] = "深圳市某某科技有限公司";
static char zOrgParen[] = "深圳市某某科技（南山）有限公司";

static void base(struct ingest_manifest *m)
{
	memset(m, 0, sizeof *m);
	m->type = RD_APP_REPLACE;
	m->app_no = (char *)"1";
	m->submitted_at = 1795138262;
	m->cert.serial = (char *)"712C";
	m->org.name = zOrg;
	m->org.id_type = (char *)"uscc";
	m->org.id_no = (char *)"91350100M000100Y43"; /* published valid example */
	m->handler.name = (char *)"张三";
	m->handler.id_type = (char *)"resident_id";
	m->handler.id_no = (char *)"11010519491231002X";
	m->handler.mobile = (char *)"13800138000";
	m->has_financial = 1;
	m->fin.account_name = zOrg;
	m->pay.method = (char *)"wechat";
	m->pay.amount_fen = 10000;
}

static size_t run(const struct ingest_manifest *m, const struct ingest_history *h,
		  struct ingest_findings *f)
{
	struct ingest_precheck_in in;

	memset(&in, 0, sizeof in);
	in.m = m;
	in.tariff_fen[RD_APP_REPLACE] = 10000;
	in.tariff_fen[RD_APP_RENEW] = 30000;
	in.tariff_fen[RD_APP_NEW] = 50000;
	in.min_scan_pixels = 300;
	in.hist = h;
	ingest_findings_fini(f);
	assert_int_equal(ingest_precheck(&in, f), RD_OK);
	return f->n;
}

static void expect(const struct ingest_findings *f, const char *code,
		   const char *field, enum ingest_severity sev)
{
	const struct ingest_finding *x = ingest_findings_find(f, code);

	if (!x)
		fail_msg("no finding '%s'", code);
	assert_string_equal(x->field, field);
	assert_int_equal(x->severity, sev);
}

static void test_clean(void **state)
{
	struct ingest_manifest m;
	struct ingest_findings f;

	(void)state;
	ingest_findings_init(&f);
	base(&m);
	assert_int_equal(run(&m, NULL, &f), 0);
	/* full-width parentheses are the same company name */
	m.org.name = zOrgParen;
	m.fin.account_name = (char *)"深圳市某某科技(南山)有限公司";
	assert_int_equal(run(&m, NULL, &f), 0);
	ingest_findings_fini(&f);
}

static void test_defects(void **state)
{
	struct ingest_manifest m;
	struct ingest_findings f;
	struct ingest_history h;

	(void)state;
	ingest_findings_init(&f);
	base(&m);
	m.handler.id_no = (char *)"110105194912310021";
	run(&m, NULL, &f);
	expect(&f, "resident_id_check", "handler.id_no", INGEST_SEV_ERROR);
	assert_string_equal(f.a[0].arg, "check character");

	base(&m);
	m.org.id_no = (char *)"91350100M000100Y44";
	run(&m, NULL, &f);
	expect(&f, "uscc_check", "organization.id_no", INGEST_SEV_ERROR);

	base(&m);
	m.handler.mobile = (char *)"12800138000";
	run(&m, NULL, &f);
	expect(&f, "mobile_format", "handler.mobile", INGEST_SEV_WARNING);

	base(&m);
	m.fin.account_name = (char *)"深圳市别的公司";
	run(&m, NULL, &f);
	expect(&f, "account_name_mismatch", "financial.account_name", INGEST_SEV_ERROR);

	base(&m);
	m.pay.amount_fen = 9900;
	run(&m, NULL, &f);
	expect(&f, "payment_amount", "payment.amount_fen", INGEST_SEV_ERROR);

	base(&m);
	m.has_invoice = 1;
	m.invoice.wanted = 1;
	m.invoice.taxpayer_id = (char *)"91350100M000100Y44";
	run(&m, NULL, &f);
	expect(&f, "taxpayer_id", "invoice.taxpayer_id", INGEST_SEV_WARNING);

	base(&m);
	m.type = RD_APP_RENEW;
	m.pay.amount_fen = 30000;
	m.cert.has_not_after = 1;
	m.cert.not_after = m.submitted_at - 1;
	run(&m, NULL, &f);
	expect(&f, "renew_expired", "certificate.not_after", INGEST_SEV_ERROR);
	m.cert.not_after = m.submitted_at + 86400;
	run(&m, NULL, &f);
	assert_null(ingest_findings_find(&f, "renew_expired"));

	base(&m);
	memset(&h, 0, sizeof h);
	h.open_same_serial = 1;
	strcpy(h.open_serial_app_no, "42");
	h.rejected_person = 2;
	run(&m, &h, &f);
	expect(&f, "open_same_serial", "certificate.serial", INGEST_SEV_RISK);
	expect(&f, "earlier_rejected", "handler.id_no", INGEST_SEV_RISK);
	assert_int_equal(ingest_findings_risk(&f), INGEST_SEV_RISK);
	ingest_findings_fini(&f);
}

static void test_scans(void **state)
{
	struct ingest_manifest m;
	struct ingest_findings f;
	struct ingest_file_entry files[2];
	struct ingest_scan scans[2];
	struct ingest_precheck_in in;

	(void)state;
	ingest_findings_init(&f);
	base(&m);
	memset(files, 0, sizeof files);
	memset(scans, 0, sizeof scans);
	m.nFile = 2;
	m.aFile = files;
	scans[0].sniff.width = 1200;
	scans[0].sniff.height = 1600;
	scans[1].sniff.width = 240;
	scans[1].sniff.height = 160;
	memset(&in, 0, sizeof in);
	in.m = &m;
	in.aScan = scans;
	in.tariff_fen[RD_APP_REPLACE] = 10000;
	in.min_scan_pixels = 300;
	assert_int_equal(ingest_precheck(&in, &f), RD_OK);
	assert_int_equal(f.n, 1);
	expect(&f, "scan_resolution", "files[1]", INGEST_SEV_WARNING);
	ingest_findings_fini(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_defects),
		cmocka_unit_test(test_scans),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
