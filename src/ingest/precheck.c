/*
 * precheck.c — the automatic pre-checks (DESIGN.md "Automatic pre-checks").
 */
#include "ingest/precheck.h"

#include "core/i18n.h"
#include "core/ids.h"
#include "core/money.h"
#include "core/text.h"
#include "core/uname.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const sev_names[] = { "info", "warning", "error", "risk" };

const char *ingest_severity_name(enum ingest_severity s)
{
	return (unsigned)s < 4 ? sev_names[s] : "info";
}

void ingest_findings_init(struct ingest_findings *f)
{
	memset(f, 0, sizeof *f);
}

void ingest_findings_fini(struct ingest_findings *f)
{
	free(f->a);
	memset(f, 0, sizeof *f);
}

rd_status ingest_findings_add(struct ingest_findings *f, const char *code,
			      enum ingest_severity sev, const char *field,
			      const char *message, const char *arg)
{
	struct ingest_finding *x;

	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 8;
		struct ingest_finding *na = realloc(f->a, cap * sizeof *na);

		if (!na)
			return RD_ERR_NOMEM;
		f->a = na;
		f->cap = cap;
	}
	x = &f->a[f->n++];
	memset(x, 0, sizeof *x);
	snprintf(x->code, sizeof x->code, "%s", code);
	x->severity = sev;
	snprintf(x->field, sizeof x->field, "%s", field ? field : "");
	x->message = message;
	snprintf(x->arg, sizeof x->arg, "%s", arg ? arg : "");
	return RD_OK;
}

int ingest_findings_risk(const struct ingest_findings *f)
{
	int r = 0;

	for (size_t i = 0; i < f->n; i++)
		if ((int)f->a[i].severity > r)
			r = (int)f->a[i].severity;
	return r;
}

const struct ingest_finding *ingest_findings_find(
	const struct ingest_findings *f, const char *code)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->a[i].code, code))
			return &f->a[i];
	return NULL;
}

static const char *id_reason_word(enum rd_id_reason r)
{
	switch (r) {
	case RD_ID_BAD_LENGTH:
		return "length";
	case RD_ID_BAD_CHAR:
		return "characters";
	case RD_ID_BAD_DATE:
		return "birth date";
	case RD_ID_BAD_CHECK:
		return "check character";
	default:
		return "";
	}
}

static rd_status check_person_id(struct ingest_findings *out,
				 const struct ingest_person *p,
				 const char *zWho)
{
	char zField[64];
	enum rd_id_reason r;

	if (!p->id_type || strcmp(p->id_type, "resident_id") != 0)
		return RD_OK;
	r = rd_id_resident_check(p->id_no);
	if (r == RD_ID_OK)
		return RD_OK;
	snprintf(zField, sizeof zField, "%s.id_no", zWho);
	return ingest_findings_add(out, "resident_id_check", INGEST_SEV_ERROR,
				   zField,
				   N_("Resident ID number is not valid"),
				   id_reason_word(r));
}

static rd_status check_mobile(struct ingest_findings *out, const char *z,
			      const char *zField)
{
	if (!z || rd_mobile_valid(z))
		return RD_OK;
	return ingest_findings_add(out, "mobile_format", INGEST_SEV_WARNING,
				   zField,
				   N_("Not a mainland mobile number"), z);
}

/*
 * A name with characters a person cannot see or could mistake for others
 * (core/uname.h): an error finding, so nobody approves "张\u200b三" or a
 * company name with a Cyrillic "о" in it without a second look. The
 * argument shows the code point and the name with it spelt out.
 */
static rd_status check_name_chars(struct ingest_findings *out, const char *z,
				  const char *zField)
{
	enum rd_uname_kind k;
	uint32_t cp = 0;
	char zShow[160], zArg[192];

	if (!z)
		return RD_OK;
	k = rd_uname_suspect(z, &cp);
	if (k == RD_UNAME_OK)
		return RD_OK;
	rd_text_truncate(z, 60, zShow, sizeof zShow);
	snprintf(zArg, sizeof zArg, "U+%04X: %s", (unsigned)cp, zShow);
	if (k == RD_UNAME_INVISIBLE)
		return ingest_findings_add(out, "name_invisible", INGEST_SEV_ERROR,
					   zField,
					   N_("Name contains an invisible "
					      "character"),
					   zArg);
	return ingest_findings_add(out, "name_lookalike", INGEST_SEV_ERROR,
				   zField,
				   N_("Name contains a look-alike character "
				      "from another script or a full-width "
				      "letter"),
				   zArg);
}

static int taxpayer_id_plausible(const char *z)
{
	size_t n = strlen(z);

	if (rd_id_uscc_valid(z))
		return 1;
	if (n == 18)
		return 0; /* 18 characters: must be a valid USCC */
	/* legacy taxpayer numbers: 15 or 20 digits/uppercase letters */
	if (n != 15 && n != 20)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((z[i] >= '0' && z[i] <= '9') || (z[i] >= 'A' && z[i] <= 'Z')))
			return 0;
	return 1;
}

static rd_status check_scans(const struct ingest_precheck_in *in,
			     struct ingest_findings *out)
{
	const struct ingest_manifest *m = in->m;
	char zField[32], zArg[64];
	rd_status rc = RD_OK;

	for (size_t i = 0; rc == RD_OK && i < m->nFile; i++) {
		const struct ingest_sniff *s = &in->aScan[i].sniff;
		int lo = s->width < s->height ? s->width : s->height;
		int hi = s->width < s->height ? s->height : s->width;

		snprintf(zField, sizeof zField, "files[%zu]", i);
		snprintf(zArg, sizeof zArg, "%d×%d %s", s->width, s->height,
			 ingest_role_name(m->aFile[i].role));
		if (s->width <= 0 || s->height <= 0)
			rc = ingest_findings_add(out, "scan_dimensions",
						 INGEST_SEV_WARNING, zField,
						 N_("Scan size cannot be read "
						    "from the image header"),
						 zArg);
		else if (lo < in->min_scan_pixels)
			rc = ingest_findings_add(out, "scan_resolution",
						 INGEST_SEV_WARNING, zField,
						 N_("Scan resolution too low to "
						    "read a document"),
						 zArg);
		else if (hi > 20000 || hi > lo * 5)
			rc = ingest_findings_add(out, "scan_dimensions",
						 INGEST_SEV_WARNING, zField,
						 N_("Scan proportions implausible "
						    "for a document"),
						 zArg);
	}
	return rc;
}

int64_t ingest_expected_fen(const struct ingest_precheck_in *in)
{
	const struct ingest_manifest *m = in->m;
	int h, a;

	if ((unsigned)m->type >= 3)
		return 0;
	if (m->type != RD_APP_RENEW || !m->has_renewal ||
	    (!m->renewal.has_years && !m->renewal.sync_only))
		return in->tariff_fen[m->type];
	if (m->renewal.sync_only)
		return 0;
	h = m->cert.holder && !strcmp(m->cert.holder, "personal") ? 1 : 0;
	a = !m->cert.algorithm ? 0 : !strcmp(m->cert.algorithm, "RSA") ? 1
	    : !strcmp(m->cert.algorithm, "SM2+RSA") ? 2 : 0;
	return m->renewal.years * in->renew_year_fen[h][a];
}

/* The business rules of revision 2 (spec: "What is refused, and what is
 * stored with a finding"). */
static rd_status precheck_rev2(const struct ingest_precheck_in *in,
			       struct ingest_findings *out)
{
	const struct ingest_manifest *m = in->m;
	int online = m->pay.method && strcmp(m->pay.method, "transfer") != 0;
	rd_status rc = RD_OK;

#define TRY2(x) do { if ((rc = (x)) != RD_OK) return rc; } while (0)
	/* the legal representative signs the form of an org's key */
	if (m->has_legal_rep) {
		struct ingest_person p;

		memset(&p, 0, sizeof p);
		p.name = m->legal_rep.name;
		p.id_type = m->legal_rep.id_type;
		p.id_no = m->legal_rep.id_no;
		TRY2(check_person_id(out, &p, "legal_rep"));
		TRY2(check_name_chars(out, m->legal_rep.name, "legal_rep.name"));
	} else if (m->cert.holder && !strcmp(m->cert.holder, "org") &&
		   (m->type == RD_APP_REPLACE || m->type == RD_APP_NEW)) {
		/* an error for a sender that knows revision 2; a warning for
		 * a revision-1 bundle, which cannot carry it */
		TRY2(ingest_findings_add(out, "legal_rep_missing",
					 m->rev2 ? INGEST_SEV_ERROR
						 : INGEST_SEV_WARNING,
					 "legal_rep",
					 N_("No legal representative: an "
					    "organisation's key needs the form "
					    "signed by the legal representative"),
					 ""));
	}
	/* the PIN channel follows from the payment method */
	if (m->auth_method &&
	    ((!strcmp(m->auth_method, "bank_deposit") && !online) ||
	     (!strcmp(m->auth_method, "sms") && online)))
		TRY2(ingest_findings_add(out, "auth_method_mismatch",
					 INGEST_SEV_ERROR, "auth_method",
					 N_("Authentication method contradicts "
					    "the payment method"),
					 m->auth_method));
	/* where the e-invoice goes */
	if (m->has_invoice && m->invoice.wanted && m->invoice.kind &&
	    !strcmp(m->invoice.kind, "electronic") &&
	    !(m->invoice.email && *m->invoice.email) &&
	    !(m->invoice.mobile && *m->invoice.mobile))
		TRY2(ingest_findings_add(out, "invoice_no_address",
					 INGEST_SEV_WARNING, "invoice",
					 N_("Electronic invoice wanted but no "
					    "e-mail or mobile to send it to"),
					 ""));
	if (m->has_invoice && m->invoice.mobile && *m->invoice.mobile)
		TRY2(check_mobile(out, m->invoice.mobile, "invoice.mobile"));
	for (size_t i = 0; i < m->pay.nXfer; i++) {
		char zField[64];

		snprintf(zField, sizeof zField, "payment.transfers[%zu].payer_name",
			 i);
		if (i > 0)   /* the first was checked as payment.transfer */
			TRY2(check_name_chars(out, m->pay.aXfer[i].payer_name,
					      zField));
	}
	if (m->has_renewal && m->renewal.sync_only && !m->cert.has_paired)
		TRY2(ingest_findings_add(out, "sync_without_pair",
					 INGEST_SEV_WARNING, "certificate.paired",
					 N_("Validity alignment asked but no "
					    "paired certificate given"),
					 ""));
#undef TRY2
	return rc;
}

rd_status ingest_precheck(const struct ingest_precheck_in *in,
			  struct ingest_findings *out)
{
	const struct ingest_manifest *m = in->m;
	const struct ingest_history *h = in->hist;
	char zArg[192];
	rd_status rc = RD_OK;

#define TRY(x) do { if ((rc = (x)) != RD_OK) goto done; } while (0)
	/* identity numbers */
	TRY(check_person_id(out, &m->handler, "handler"));
	if (m->has_applicant)
		TRY(check_person_id(out, &m->applicant, "applicant"));
	if (m->org.id_type && !strcmp(m->org.id_type, "uscc")) {
		enum rd_id_reason r = rd_id_uscc_check(m->org.id_no);

		if (r != RD_ID_OK)
			TRY(ingest_findings_add(out, "uscc_check",
						INGEST_SEV_ERROR,
						"organization.id_no",
						N_("Unified social credit code "
						   "is not valid"),
						id_reason_word(r)));
	}

	/* mobiles */
	TRY(check_mobile(out, m->handler.mobile, "handler.mobile"));
	if (m->has_applicant)
		TRY(check_mobile(out, m->applicant.mobile, "applicant.mobile"));
	if (m->has_shipping)
		TRY(check_mobile(out, m->ship.mobile, "shipping.mobile"));

	/* names: nothing invisible, nothing that imitates another letter */
	TRY(check_name_chars(out, m->org.name, "organization.name"));
	TRY(check_name_chars(out, m->cert.subject_cn, "certificate.subject_cn"));
	TRY(check_name_chars(out, m->handler.name, "handler.name"));
	if (m->has_applicant)
		TRY(check_name_chars(out, m->applicant.name, "applicant.name"));
	if (m->has_financial)
		TRY(check_name_chars(out, m->fin.account_name,
				     "financial.account_name"));
	if (m->has_shipping)
		TRY(check_name_chars(out, m->ship.recipient,
				     "shipping.recipient"));
	if (m->has_invoice)
		TRY(check_name_chars(out, m->invoice.title, "invoice.title"));
	if (m->pay.has_transfer)
		TRY(check_name_chars(out, m->pay.payer_name,
				     "payment.transfer.payer_name"));

	/* the basic account must be the organisation's own */
	if (m->has_financial) {
		if (!rd_uname_same(m->fin.account_name, m->org.name))
			TRY(ingest_findings_add(out, "account_name_mismatch",
						INGEST_SEV_ERROR,
						"financial.account_name",
						N_("Basic account name differs "
						   "from the organisation name"),
						m->fin.account_name));
	}

	/* invoice */
	if (m->has_invoice && m->invoice.wanted) {
		if (!m->invoice.taxpayer_id || !*m->invoice.taxpayer_id)
			TRY(ingest_findings_add(out, "taxpayer_id",
						INGEST_SEV_WARNING,
						"invoice.taxpayer_id",
						N_("Invoice wanted but no "
						   "taxpayer ID given"), ""));
		else if (!taxpayer_id_plausible(m->invoice.taxpayer_id))
			TRY(ingest_findings_add(out, "taxpayer_id",
						INGEST_SEV_WARNING,
						"invoice.taxpayer_id",
						N_("Invoice taxpayer ID is not "
						   "plausible"),
						m->invoice.taxpayer_id));
	}

	/* payment: the tariff of the type, or for a revision-2 renewal
	 * years x the price a year of its holder and algorithm; a renewal
	 * that only aligns the paired certificate is free */
	if ((unsigned)m->type < 3 &&
	    m->pay.amount_fen != ingest_expected_fen(in)) {
		char zPaid[RD_MONEY_BUFSZ], zTariff[RD_MONEY_BUFSZ];

		rd_money_format(m->pay.amount_fen, zPaid, sizeof zPaid);
		rd_money_format(ingest_expected_fen(in), zTariff, sizeof zTariff);
		snprintf(zArg, sizeof zArg, "%s ≠ %s", zPaid, zTariff);
		TRY(ingest_findings_add(out, "payment_amount", INGEST_SEV_ERROR,
					"payment.amount_fen",
					N_("Amount paid differs from the tariff"),
					zArg));
	}
	if (m->pay.has_transfer && m->pay.xfer_amount_fen != m->pay.amount_fen)
		TRY(ingest_findings_add(out, "transfer_amount",
					INGEST_SEV_WARNING,
					m->pay.nXfer > 1 ? "payment.transfers"
							 : "payment.transfer.amount_fen",
					N_("Transfer amount differs from the "
					   "payment amount"), ""));

	/* renewal of an expired certificate is not allowed online */
	if (m->type == RD_APP_RENEW && m->cert.has_not_after &&
	    m->cert.not_after <= m->submitted_at)
		TRY(ingest_findings_add(out, "renew_expired", INGEST_SEV_ERROR,
					"certificate.not_after",
					N_("Certificate already expired at "
					   "submission: renewal not allowed "
					   "online"),
					m->cert.serial ? m->cert.serial : ""));

	TRY(precheck_rev2(in, out));

	if (m->has_liveness && !m->liveness.passed)
		TRY(ingest_findings_add(out, "liveness_failed",
					INGEST_SEV_WARNING, "liveness.passed",
					N_("Liveness check did not pass"),
					m->liveness.ref ? m->liveness.ref : ""));

	/* required scans: replace/new are enforced at the archive level;
	 * a renewal without the signed form is worth a look */
	if (m->type == RD_APP_RENEW &&
	    ingest_manifest_find_role(m, INGEST_ROLE_APPLICATION_FORM) < 0)
		TRY(ingest_findings_add(out, "scan_missing", INGEST_SEV_INFO,
					"files",
					N_("No application form scan"), ""));
	if (in->aScan)
		TRY(check_scans(in, out));

	/* history */
	if (h) {
		if (h->open_same_serial > 0)
			TRY(ingest_findings_add(out, "open_same_serial",
						INGEST_SEV_RISK,
						"certificate.serial",
						N_("Another open application for "
						   "the same certificate"),
						h->open_serial_app_no));
		if (h->open_same_org > 0)
			TRY(ingest_findings_add(out, "open_same_org",
						INGEST_SEV_WARNING,
						"organization.id_no",
						N_("Another open application for "
						   "the same organisation"),
						h->open_org_app_no));
		if (h->rejected_org > 0 || h->rejected_person > 0) {
			snprintf(zArg, sizeof zArg, "%s (%d)",
				 h->rejected_app_no,
				 h->rejected_org + h->rejected_person);
			TRY(ingest_findings_add(out, "earlier_rejected",
						INGEST_SEV_RISK,
						h->rejected_org ? "organization.id_no"
								: "handler.id_no",
						N_("Earlier rejected application "
						   "for this organisation or "
						   "person (high risk)"),
						zArg));
		}
	}
#undef TRY
done:
	return rc;
}
