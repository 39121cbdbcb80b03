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

/* Revision 2: legal representative, auth_method, renewal by the year,
 * transfers adding up, names with invisible or look-alike characters. */
static void test_rev2(void **state)
{
	struct ingest_manifest m;
	struct ingest_findings f;
	struct ingest_precheck_in in;
	struct ingest_transfer ax[2];

	(void)state;
	ingest_findings_init(&f);
	base(&m);
	m.cert.holder = (char *)"org";
	run(&m, NULL, &f);
	expect(&f, "legal_rep_missing", "legal_rep", INGEST_SEV_WARNING);
	m.rev2 = 1;
	run(&m, NULL, &f);
	expect(&f, "legal_rep_missing", "legal_rep", INGEST_SEV_ERROR);
	m.has_legal_rep = 1;
	m.legal_rep.name = (char *)"王五";
	m.legal_rep.id_type = (char *)"resident_id";
	m.legal_rep.id_no = (char *)"110105194912310021";   /* wrong digit */
	run(&m, NULL, &f);
	assert_null(ingest_findings_find(&f, "legal_rep_missing"));
	expect(&f, "resident_id_check", "legal_rep.id_no", INGEST_SEV_ERROR);
	m.legal_rep.id_no = (char *)"11010519491231002X";
	m.auth_method = (char *)"bank_deposit";
	assert_int_equal(run(&m, NULL, &f), 0);
	m.auth_method = (char *)"sms";
	run(&m, NULL, &f);
	expect(&f, "auth_method_mismatch", "auth_method", INGEST_SEV_ERROR);
	m.auth_method = NULL;

	/* names */
	m.handler.name = (char *)"张\xE2\x80\x8B三";
	run(&m, NULL, &f);
	expect(&f, "name_invisible", "handler.name", INGEST_SEV_ERROR);
	assert_string_equal(ingest_findings_find(&f, "name_invisible")->arg,
			    "U+200B: 张⟨U+200B⟩三");
	m.handler.name = (char *)"张三";
	m.legal_rep.name = (char *)"王\xD0\xBE五";
	run(&m, NULL, &f);
	expect(&f, "name_lookalike", "legal_rep.name", INGEST_SEV_ERROR);
	m.legal_rep.name = (char *)"王五";
	/* the account name in full-width letters and spaces is the same name,
	 * but the full-width letters are flagged */
	m.org.name = (char *)"ABC科技有限公司";
	m.fin.account_name = (char *)"\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3 科技有限公司";
	run(&m, NULL, &f);
	assert_null(ingest_findings_find(&f, "account_name_mismatch"));
	expect(&f, "name_lookalike", "financial.account_name", INGEST_SEV_ERROR);
	m.org.name = zOrg;
	m.fin.account_name = zOrg;

	/* renewal by the year: years x the price of holder and algorithm */
	m.type = RD_APP_RENEW;
	m.has_renewal = 1;
	m.renewal.has_years = 1;
	m.renewal.years = 3;
	m.cert.algorithm = (char *)"SM2+RSA";
	m.cert.has_not_after = 1;
	m.cert.not_after = m.submitted_at + 86400;
	memset(&in, 0, sizeof in);
	in.m = &m;
	in.tariff_fen[RD_APP_RENEW] = 30000;
	in.renew_year_fen[0][2] = 18000;
	in.renew_year_fen[1][2] = 9999;
	assert_int_equal(ingest_expected_fen(&in), 54000);
	m.cert.holder = (char *)"personal";
	assert_int_equal(ingest_expected_fen(&in), 29997);
	m.renewal.sync_only = 1;
	assert_int_equal(ingest_expected_fen(&in), 0);
	m.renewal.sync_only = 0;
	m.renewal.has_years = 0;   /* revision 1: the flat tariff */
	assert_int_equal(ingest_expected_fen(&in), 30000);
	m.cert.holder = (char *)"org";
	m.type = RD_APP_REPLACE;
	m.has_renewal = 0;

	/* several transfers: their sum against the amount */
	memset(ax, 0, sizeof ax);
	ax[0].payer_name = ax[1].payer_name = zOrg;
	ax[0].amount_fen = 6000;
	ax[1].amount_fen = 4000;
	m.pay.method = (char *)"transfer";
	m.has_financial = 0;
	m.pay.has_transfer = 1;
	m.pay.payer_name = zOrg;
	m.pay.nXfer = 2;
	m.pay.aXfer = ax;
	m.pay.xfer_amount_fen = 10000;
	assert_int_equal(run(&m, NULL, &f), 0);
	m.pay.xfer_amount_fen = 9000;
	run(&m, NULL, &f);
	expect(&f, "transfer_amount", "payment.transfers", INGEST_SEV_WARNING);
	m.pay.xfer_amount_fen = 10000;
	ax[1].payer_name = (char *)"某\xE2\x80\x8D某";
	run(&m, NULL, &f);
	expect(&f, "name_invisible", "payment.transfers[1].payer_name",
	       INGEST_SEV_ERROR);
	ingest_findings_fini(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_defects),
		cmocka_unit_test(test_scans),
		cmocka_unit_test(test_rev2),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
