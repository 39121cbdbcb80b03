/*
 * detail.c — one application: every section of the forms, files,
 * findings by severity, verifications, related applications, versions,
 * decisions, notes and the audit trail; and the review actions.
 *
 * The screen is a list of lines built from a store_detail; sections can
 * be jumped to with Tab / ] and [. Masked personal data is shown clear
 * only after an explicit reveal (v), which is audited.
 */
#include "screens/bank.h"
#include "screens/reveal.h"
#include "screens/screen.h"
#include "labels.h"
#include "store/app_messages.h"
#include "core/money.h"
#include "screens/shipping.h"
#include "screens/viewer.h"

#include "core/i18n.h"
#include "core/mask.h"
#include "core/state.h"
#include "core/text.h"
#include "core/timefmt.h"
#include "reports/export.h"
#include "store/audit.h"
#include "store/checks.h"
#include "store/fulfil.h"
#include "store/fulfil_view.h"
#include "store/queue.h"
#include "store/gate.h"
#include "store/review.h"
#include "screens/scannote.h"
#include "store/scanread_store.h"
#include "store/withdraw.h"
#include "store/rev2_view.h"
#include "core/ids.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct dline {
	char *text;
	int role;
};

struct detail_state {
	struct store_detail *d;
	struct dline *a;
	int n, cap, top;
	int aSec[40];
	const char *azSec[40];
	int nSec;
	int reveal;                         /* 1: reveal_field only, 2: all */
	char reveal_field[64];
	int64_t reveal_id;
	struct store_fulfil_view fv;        /* production, shipment, invoice */
	const struct screen_ops *from;      /* where Back goes */
};

static struct detail_state D;

static void lines_free(void)
{
	for (int i = 0; i < D.n; i++)
		free(D.a[i].text);
	free(D.a);
	D.a = NULL;
	D.n = D.cap = 0;
	D.nSec = 0;
}

static void add(int role, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void add(int role, const char *fmt, ...)
{
	char z[2048];
	va_list ap;

	if (D.n == D.cap) {
		int nCap = D.cap ? D.cap * 2 : 128;
		void *p = realloc(D.a, (size_t)nCap * sizeof *D.a);

		if (!p)
			return;
		D.a = p;
		D.cap = nCap;
	}
	va_start(ap, fmt);
	vsnprintf(z, sizeof z, fmt, ap);
	va_end(ap);
	D.a[D.n].text = strdup(z);
	if (!D.a[D.n].text)
		return;
	D.a[D.n++].role = role;
}

/* A ready line from elsewhere (ui_line_fn). */
static void add_line(void *ctx, int role, const char *zText)
{
	(void)ctx;
	add(role, "%s", zText);
}

/* Wrap hostile text to the screen width, each line indented. */
static void add_wrapped(int role, int indent, const char *s)
{
	char *zClean = rd_text_sanitize_dup(s ? s : "");
	int w = COLS - indent - 2;
	size_t len, off = 0, start = 0;
	int col = 0;

	if (!zClean)
		return;
	if (w < 10)
		w = 10;
	len = strlen(zClean);
	while (off <= len) {
		uint32_t cp = 0;
		size_t k = off < len ? rd_text_utf8_decode(zClean + off, len - off, &cp)
				     : 0;
		int cw = off < len ? rd_text_cp_width(cp) : 0;

		if (off == len || col + cw > w) {
			add(role, "%*s%.*s", indent, "", (int)(off - start),
			    zClean + start);
			start = off;
			col = 0;
			if (off == len)
				break;
		}
		col += cw;
		off += k;
	}
	free(zClean);
}

static void masked(const struct store_field *f, char *z, size_t n);
static void section(const char *title);
static const char *name_label(const char *z);

/* A resubmission: what differs from the version before, field by field
 * (masked as the form is) and scan by scan (by role and content). */
static void build_changes(const struct store_detail *d)
{
	char zT[128];
	int n = 0;

	snprintf(zT, sizeof zT, _("Changes since version %d"), d->prev_version);
	section(zT);
	for (size_t i = 0; i < d->nField && i < d->nPrevField; i++) {
		const struct store_field *a = &d->aPrevField[i], *b = &d->aField[i];
		char zA[1024], zB[1024], zL[RD_TEXT_BUFSZ(40)];

		if (!strcmp(a->value, b->value))
			continue;
		masked(a, zA, sizeof zA);
		masked(b, zB, sizeof zB);
		snprintf(zL, sizeof zL, "%s: %s", _(b->section), _(b->label));
		add(UI_WARN, "  %s", zL);
		add(UI_NORMAL, "    %s %s", _("was"), zA[0] ? zA : "—");
		add(UI_NORMAL, "    %s %s", _("now"), zB[0] ? zB : "—");
		n++;
	}
	for (size_t i = 0; i < d->nFile; i++) {
		const struct store_file *f = &d->aFile[i];
		const char *zWhat = _("new scan");

		for (size_t k = 0; k < d->nPrevFile; k++)
			if (!strcmp(d->aPrevFile[k].role, f->role)) {
				zWhat = strcmp(d->aPrevFile[k].sha256, f->sha256)
						? _("scan replaced")
						: NULL;
				break;
			}
		if (zWhat) {
			add(UI_WARN, "  %s: %s", name_label(f->role), zWhat);
			n++;
		}
	}
	for (size_t k = 0; k < d->nPrevFile; k++) {
		int kept = 0;

		for (size_t i = 0; i < d->nFile; i++)
			kept |= !strcmp(d->aPrevFile[k].role, d->aFile[i].role);
		if (!kept) {
			add(UI_WARN, "  %s: %s", name_label(d->aPrevFile[k].role),
			    _("scan no longer sent"));
			n++;
		}
	}
	if (!n)
		add(UI_DIM, "  %s", _("nothing: the same form and scans"));
}

/* A job's state in words (the jobs screen's tab labels). */
static const char *job_state_label(const char *z)
{
	static const char *const az[][2] = {
		{ "pending", N_("Pending") }, { "running", N_("Running") },
		{ "failed", N_("Failed") },   { "dead", N_("Dead") },
		{ "cancelled", NC_("job", "Cancelled") }, { "done", N_("Done") },
	};

	for (size_t i = 0; i < sizeof az / sizeof *az; i++)
		if (!strcmp(z, az[i][0]))
			return rd_gettext_ctx(az[i][1]);
	return "";
}

/* What the customer was sent or will be sent, and the bank deposit:
 * stored in the outbox, shown here (recipients and the PIN masked). */
static void build_messages(struct ui *ui, int64_t app_id)
{
	static struct store_app_message aM[32];
	int n = 0;
	char zT[RD_TIME_BUFSZ], zC[RD_TIME_BUFSZ];

	section(_("Messages to the customer"));
	if (store_app_messages(ui->st, app_id, aM, 32, &n, NULL) != RD_OK ||
	    !n) {
		add(UI_DIM, "  %s", _("none yet"));
		return;
	}
	for (int i = 0; i < n; i++) {
		const struct store_app_message *m = &aM[i];
		enum rd_app_state st;

		rd_time_format_local(m->at, zT, sizeof zT, RD_TIME_MINUTES);
		if (m->deposit) {
			char zAmt[32], zMemo[sizeof m->text];
			char *zPin;

			rd_money_format(m->amount_fen, zAmt, sizeof zAmt);
			snprintf(zMemo, sizeof zMemo, "%s", m->text);
			/* The memo carries the PIN: never on screen. */
			if ((zPin = strstr(zMemo, "PIN ")) != NULL)
				for (char *q = zPin + 4; *q; q++)
					*q = '*';
			if (m->credited_at)
				rd_time_format_local(m->credited_at, zC,
						     sizeof zC, RD_TIME_MINUTES);
			add(UI_NORMAL, "  %s %s %s · %s %s", zT,
			    _("Bank deposit"), zAmt,
			    m->credited_at ? _("credited") : job_state_label(m->state),
			    m->credited_at ? zC : "");
			add(UI_DIM, "      %s %s", _("memo"), zMemo);
			continue;
		}
		{
			char zTo[64] = "", zName[128] = "";
			const char *zWhat =
				!strcmp(m->event, "pin")
					? _("Certificate PIN")
				: rd_app_state_from_name(m->event, &st) == RD_OK
					? rd_app_state_label(st)
					: _("Notice");

			if (m->to[0])
				rd_mask_mobile(m->to, zTo, sizeof zTo);
			if (m->to_name[0])
				rd_mask_name(m->to_name, zName, sizeof zName);
			add(UI_NORMAL, "  %s %s · %s%s%s%s%s", zT, zWhat,
			    job_state_label(m->state),
			    zTo[0] || zName[0] ? " · " : "", zName,
			    zTo[0] && zName[0] ? " " : "", zTo);
			if (m->text[0])
				add_wrapped(UI_NORMAL, 6, m->text);
		}
	}
}

/* Reason codes "A,B" as their catalogue labels, "; " between; a code
 * the catalogue lacks reads as "another reason". */
static void reason_labels(const struct ui *ui, const char *zCodes, char *out,
			  size_t n)
{
	char zCopy[1024], *zSave = NULL;
	size_t len = 0;

	if (n)
		out[0] = '\0';
	snprintf(zCopy, sizeof zCopy, "%s", zCodes ? zCodes : "");
	for (char *t = strtok_r(zCopy, ",", &zSave); t && len < n;
	     t = strtok_r(NULL, ",", &zSave)) {
		const struct rd_catalog_item *it =
			rd_catalog_find(&ui->reasons, t);

		len += (size_t)snprintf(out + len, n - len, "%s%s",
					len ? _("; ") : "",
					it ? rd_catalog_label(it)
					   : _("another reason"));
	}
}

static void section(const char *title)
{
	if (D.nSec < 40) {
		D.azSec[D.nSec] = title;
		D.aSec[D.nSec++] = D.n;
	}
	add(UI_SECTION, "%s", title);
}

/* Stable names from the database → msgids shown to people. */
static const char *const aNames[][2] = {
	{ "info", N_("info") },
	{ "warning", N_("warning") },
	{ "error", N_("error") },
	{ "risk", N_("risk") },
	{ "telecom_handler", N_("Telecom (handler)") },
	{ "telecom_applicant", N_("Telecom (applicant)") },
	{ "bank_fin_auth", N_("Bank fin. auth") },
	{ "payment", N_("Payment") },
	{ "pending", N_("pending") },
	{ "running", N_("running") },
	{ "match", N_("match") },
	{ "mismatch", N_("mismatch") },
	{ "not_found", N_("not found") },
	{ "sent", N_("sent") },
	{ "credited", N_("credited") },
	{ "failed", N_("failed") },
	{ "matched", N_("matched") },
	{ "unmatched", N_("unmatched") },
	{ "application_form", N_("Application form") },
	{ "business_license", N_("Business licence") },
	{ "id_front", N_("ID front") },
	{ "id_back", N_("ID back") },
	{ "other", N_("Other") },
	{ "approve", N_("approve") },
	{ "reject", N_("reject") },
	{ "return_fin_auth", N_("return for fin. auth") },
	{ "cancel", N_("cancel") },
	{ "request_refund", N_("request refund") },
	{ "refund", N_("refund") },
	{ "approved", N_("countersigned") },
	{ "refused", N_("refused") },
	{ "uscc", N_("same USCC") },
	{ "serial", N_("same certificate") },
	{ "id", N_("same ID number") },
	/* production orders */
	{ "requested", N_("ordered, not sent yet") },
	{ "queued", N_("queued at the production line") },
	{ "writing", N_("being written") },
	{ "qc_failed", N_("failed QC — retry it in S") },
	{ "ready", N_("ready") },
	{ "cancelled", N_("order cancelled") },
};

static const char *name_label(const char *z)
{
	for (size_t i = 0; i < sizeof aNames / sizeof aNames[0]; i++)
		if (!strcmp(aNames[i][0], z))
			return _(aNames[i][1]);
	return z;
}

/* Fit a label into w columns (padded) for aligned sub-columns. */
static const char *col(const char *z, int w, char *buf, size_t n)
{
	rd_text_fit(z, w, buf, n);
	return buf;
}

static const char *state_label(const char *z)
{
	enum rd_app_state s;

	return rd_app_state_from_name(z, &s) == RD_OK ? rd_app_state_label(s)
						      : z;
}

static int check_role(const char *z)
{
	if (!strcmp(z, "match") || !strcmp(z, "credited") ||
	    !strcmp(z, "matched"))
		return UI_OK;
	if (!strcmp(z, "mismatch") || !strcmp(z, "failed") ||
	    !strcmp(z, "not_found") || !strcmp(z, "unmatched") ||
	    !strcmp(z, "error"))
		return UI_OVERDUE;
	return UI_WARN;
}

static void masked(const struct store_field *f, char *z, size_t n)
{
	if (D.reveal == 2 || !f->value[0] ||
	    (D.reveal == 1 && !strcmp(D.reveal_field, f->name))) {
		snprintf(z, n, "%s", f->value);
		return;
	}
	switch (f->pii) {
	case STORE_PII_ID: rd_mask_id(f->value, z, n); break;
	case STORE_PII_MOBILE: rd_mask_mobile(f->value, z, n); break;
	case STORE_PII_ACCOUNT: rd_mask_account(f->value, z, n); break;
	case STORE_PII_EMAIL: rd_mask_email(f->value, z, n); break;
	default: snprintf(z, n, "%s", f->value); break;
	}
}

/* The readable part of an audit entry's details into out[n]. */
static const char *audit_words(const char *zJson, char *out, size_t n)
{
	static const char *const aText[] = { "note", "why", "reason_text",
					     "body" };
	json_t *j = zJson ? json_loads(zJson, 0, NULL) : NULL;
	const char *zFrom, *zTo;
	size_t off = 0;

	out[0] = 0;
	if (!json_is_object(j)) {
		json_decref(j);
		return out;
	}
	zFrom = json_string_value(json_object_get(j, "from"));
	zTo = json_string_value(json_object_get(j, "to"));
	if (zFrom && zTo && rd_label_word(zFrom) && rd_label_word(zTo))
		off += (size_t)snprintf(out, n, "%s → %s",
					rd_label_word(zFrom),
					rd_label_word(zTo));
	for (size_t i = 0; i < sizeof aText / sizeof *aText && off < n; i++) {
		const char *z = json_string_value(json_object_get(j, aText[i]));
		char zS[256];

		/* A refusal's why may be the gate's condition keys (for
		 * machines): only words with a space are shown. */
		if (!z || !*z || (!strcmp(aText[i], "why") && !strchr(z, ' ')))
			continue;
		rd_text_sanitize(z, zS, sizeof zS);
		off += (size_t)snprintf(out + off, n - off, "%s%s",
					off ? "  " : "", zS);
	}
	json_decref(j);
	return out;
}

struct audit_ctx { int n; };
static int on_audit(void *ctx, const struct store_audit_row *r)
{
	char zT[RD_TIME_BUFSZ], zA[RD_TEXT_BUFSZ(20)], zD[512];

	(void)ctx;
	rd_time_format_local(r->at, zT, sizeof zT, RD_TIME_SECONDS);
	/* The action in words (labels.c), never its code; of the details
	 * (JSON kept for machines) what a person reads: the move between
	 * states in words, and the note or reason someone typed. */
	add(UI_NORMAL, "  %s  %-8s %s  %s", zT, r->actor,
	    col(rd_label_audit_action(r->action), 20, zA, sizeof zA),
	    audit_words(r->details, zD, sizeof zD));
	return 0;
}

/* One line of the Fulfilment section: a label in 12 columns, then z. */
static void fline(int role, const char *zLabel, const char *z)
{
	char zL[RD_TEXT_BUFSZ(12)];

	add(role, "  %s %s", col(zLabel, 12, zL, sizeof zL), z);
}

/* The Fulfilment section: latest production attempt, latest shipment
 * and its label, e-invoice, completion. */
static void build_fulfilment(enum rd_app_type type)
{
	const struct store_fulfil_view *f = &D.fv;
	char zT[RD_TIME_BUFSZ], zP[96], z[512];
	enum ui_role role;

	section(_("Fulfilment"));
	if (type == RD_APP_RENEW && !f->completed_at)
		add(UI_DIM, "  %s", _("A renewal is not produced or shipped; "
				      "it completes when the install is "
				      "reported (I)"));
	else if (!f->order_row && !f->shipment_id && !f->completed_at)
		add(UI_DIM, "  %s",
		    _("nothing yet (an approval orders the key)"));
	if (f->order_row) {
		rd_time_format_local(f->order_at, zT, sizeof zT,
				     RD_TIME_MINUTES);
		snprintf(z, sizeof z, _("attempt %d · %s · %s"), f->attempt, zT,
			 name_label(f->order_state));
		fline(!strcmp(f->order_state, "qc_failed") ? UI_ERROR
		      : !strcmp(f->order_state, "ready")   ? UI_OK
							   : UI_NORMAL,
		      _("Production"), z);
		if (f->order_ref[0] || f->medium_serial[0]) {
			snprintf(z, sizeof z, _("order %s · key %s"),
				 f->order_ref[0] ? f->order_ref : "—",
				 f->medium_serial[0] ? f->medium_serial : "—");
			fline(UI_NORMAL, "", z);
		}
		if (!strcmp(f->order_job_state, "dead"))
			fline(UI_WARN, "", _("the order job gave up (S shows it "
					     "for a retry)"));
		if (f->order_error[0])
			add_wrapped(UI_WARN, 15, f->order_error);
	}
	if (f->shipment_id) {
		snprintf(z, sizeof z, "%s · %s · %s",
			 f->waybill_no[0] ? f->waybill_no : "—",
			 f->carrier[0] ? f->carrier : "—",
			 ui_ship_state_label(f->ship_state));
		fline(!strcmp(f->ship_state, "returned") ? UI_ERROR : UI_NORMAL,
		      _("Shipment"), z);
		snprintf(z, sizeof z, "%s%s",
			 ui_print_text(f->has_label, f->print_state,
				       f->printed_at, f->print_count, -1, zP,
				       sizeof zP, &role),
			 f->has_label ? _(" (L prints it again)") : "");
		fline(role, _("Label"), z);
		if (f->ship_error[0])
			add_wrapped(UI_WARN, 15, f->ship_error);
	}
	if (f->invoice_no[0]) {
		rd_time_format_local(f->invoice_at, zT, sizeof zT, RD_TIME_DATE);
		snprintf(z, sizeof z, "%s · %s", f->invoice_no, zT);
		fline(UI_NORMAL, _("E-invoice"), z);
	} else if (f->invoice_job_state[0]) {
		fline(!strcmp(f->invoice_job_state, "dead") ? UI_WARN : UI_DIM,
		      _("E-invoice"), _("asked for, not issued yet"));
	}
	if (f->completed_at) {
		rd_time_format_local(f->completed_at, zT, sizeof zT,
				     RD_TIME_MINUTES);
		fline(UI_OK, _("Completed"), zT);
	}
}

/* ---- what reading the scans found, under the checklist (issue #17) ---- */

static void scan_summaries(struct ui *ui, int64_t version_id,
			   struct store_scan_summary *a, size_t max, size_t *n)
{
	struct rd_err e = { 0 };

	if (store_scan_summaries(ui->ctx->st, version_id, a, max, n, &e) != RD_OK)
		*n = 0; /* no notes; the checklist itself is what counts */
}

/* The note for an item, in warning colours when it found a difference,
 * a missing seal or an unreadable scan; the item's bit when it had one. */
static unsigned scan_note_add(const struct store_scan_summary *a, size_t n,
			      const char *item)
{
	char z[512];
	int warn = scan_note(a, n, item, z, sizeof z);

	if (!z[0])
		return 0;
	add_wrapped(warn ? UI_WARN : UI_DIM, 6, z);
	return scan_note_bit(item);
}

/* Readings no item of this type stands for (a renewal's form). */
static void scan_notes_rest(const struct store_scan_summary *a, size_t n,
			    unsigned noted)
{
	static const char *const aItem[] = { "FORM_SIGNED", "LICENSE_MATCHES",
					     "ID_LEGIBLE" };

	for (size_t k = 0; k < 3; k++)
		if (!(noted & scan_note_bit(aItem[k])))
			scan_note_add(a, n, aItem[k]);
}

/* ------------------------------------------------------ revision 2 */

/* Revision-2 form fields: a revision-1 bundle has none of them, so an
 * empty one is left out (and a section with nothing is not titled). */
static int rev2_field(const char *zName)
{
	static const char *const a[] = {
		"order_no", "related_app_no", "legal_rep_name",
		"legal_rep_id_type", "legal_rep_id_no", "auth_method",
		"invoice_kind", "invoice_purpose", "invoice_email",
		"invoice_mobile", "renewal_years", "renewal_sync_only",
		"paired_serial", "paired_algorithm", "paired_not_after",
	};

	for (size_t i = 0; i < sizeof a / sizeof *a; i++)
		if (!strcmp(a[i], zName))
			return 1;
	return 0;
}

/* A field by its column name, NULL when the form has none. */
static const struct store_field *field_named(const struct store_detail *d,
					     const char *zName)
{
	for (size_t i = 0; i < d->nField; i++)
		if (!strcmp(d->aField[i].name, zName))
			return &d->aField[i];
	return NULL;
}

/* Under the legal representative: the resident ID's check digit. */
static void legal_rep_id_check(const struct store_detail *d)
{
	const struct store_field *t = field_named(d, "legal_rep_id_type");
	const struct store_field *n = field_named(d, "legal_rep_id_no");
	char zLab[RD_TEXT_BUFSZ(20)];
	enum rd_id_reason why;

	if (!t || !n || !n->value[0] || strcmp(t->value, _("Resident ID card")))
		return;
	why = rd_id_resident_check(n->value);
	rd_text_fit(_("ID check"), 18, zLab, sizeof zLab);
	if (why == RD_ID_OK)
		add(UI_OK, "  %s %s", zLab, _("check digit and date correct"));
	else
		add(UI_OVERDUE, "  %s %s", zLab, rd_id_reason_text(why));
}

/* The transfers of the payment, each with its memo (备注说明), when
 * there are several or any carries a memo. */
static void transfer_lines(struct ui *ui, const struct store_detail *d)
{
	struct store_transfer a[32];
	size_t n = 0, memos = 0;
	struct rd_err err;

	if (store_app_transfers(ui->st, d->version_id, a, 32, &n, &err) !=
	    RD_OK)
		return;
	for (size_t i = 0; i < n; i++)
		memos += a[i].memo[0] != '\0';
	if (n < 2 && !memos)
		return;
	for (size_t i = 0; i < n; i++) {
		char zAmt[32], zAcc[RD_TEXT_BUFSZ(24)], zName[RD_TEXT_BUFSZ(16)];
		char zLab[RD_TEXT_BUFSZ(20)], zT[32];

		rd_money_format(a[i].amount_fen, zAmt, sizeof zAmt);
		if (D.reveal == 2 || (D.reveal == 1 &&
				      !strcmp(D.reveal_field,
					      "xfer_payer_account")))
			snprintf(zAcc, sizeof zAcc, "%s", a[i].payer_account);
		else
			rd_mask_account(a[i].payer_account, zAcc, sizeof zAcc);
		rd_text_fit(a[i].payer_name, 16, zName, sizeof zName);
		snprintf(zT, sizeof zT, _("Transfer %d"), a[i].idx + 1);
		rd_text_fit(zT, 18, zLab, sizeof zLab);
		add(UI_NORMAL, "  %s %12s %s %s %s", zLab, zAmt, a[i].date,
		    zName, zAcc);
		if (a[i].memo[0]) {
			char zM[RD_TEXT_BUFSZ(200)];

			snprintf(zM, sizeof zM, "%s: %s", _("Memo"), a[i].memo);
			add_wrapped(UI_DIM, 4, zM);
		}
	}
}

/* The paired application (related_app_no): decided with this one. */
static void build_paired(struct ui *ui, const struct store_detail *d)
{
	struct store_paired pr;
	struct rd_err err;
	char z[1024];

	if (store_paired_view(ui->st, ui->op, d->app.id, &pr, &err) != RD_OK ||
	    !pr.id)
		return;
	section(_("Paired application"));
	add(A_BOLD, "  %s · %s", pr.app_no,
	    rd_app_state_label(pr.state));
	if (pr.approved) {
		add(UI_OK, "  %s", _("already approved"));
	} else if (!pr.unmet) {
		add(UI_OK, "  %s",
		    _("ready: approving this one approves it too"));
	} else {
		struct rd_gate_result r;
		size_t off = 0;

		memset(&r, 0, sizeof r);
		z[0] = '\0';
		for (int c = 0; c < RD_GATE_COND_COUNT && off + 1 < sizeof z; c++)
			if (pr.unmet & (1u << c))
				off += (size_t)snprintf(z + off, sizeof z - off,
							"%s%s", off ? "; " : "",
							rd_gate_cond_label(
								(enum rd_gate_cond)c));
		add(UI_WARN, "  %s", _("cannot be approved with this one:"));
		add_wrapped(UI_WARN, 4, z);
	}
}

/* Expiry at review (issue 15): computed at display time from the clock
 * through the gate's own preview, so the row and the dialogs agree. */
static int expiry_finding(struct ui *ui, const struct store_detail *d,
			  enum rd_app_type type)
{
	struct rd_gate_result r;
	struct rd_err err;
	enum rd_app_state s;
	char zT[RD_TIME_BUFSZ], zS[RD_TEXT_BUFSZ(8)], z[256];

	if (type != RD_APP_RENEW ||
	    rd_app_state_from_name(d->app.state, &s) != RD_OK ||
	    (s != RD_ST_RECEIVED && s != RD_ST_IN_REVIEW))
		return 0;
	if (store_gate_preview(ui->st, ui->op, d->app.id, RD_GATE_APPROVE,
			       false, 0, &r, NULL, 0, NULL, &err) != RD_OK)
		return 0;
	for (size_t i = 0; i < r.n; i++) {
		if (r.a[i].cond != RD_GATE_C_CERT_EXPIRED ||
		    r.a[i].detail <= d->app.submitted_at)
			continue;
		rd_time_format_local(r.a[i].detail, zT, sizeof zT,
				     RD_TIME_MINUTES);
		snprintf(z, sizeof z,
			 _("expired %s, after submission"),
			 zT);
		add(UI_OVERDUE, "  %s %s: %s",
		    col(name_label("error"), 8, zS, sizeof zS), _("Certificate"),
		    z);
		return 1;
	}
	return 0;
}

static void build(struct ui *ui)
{
	const struct store_detail *d = D.d;
	const struct store_queue_row *a = &d->app;
	enum rd_app_type type = RD_APP_REPLACE;
	char z[512], zT[RD_TIME_BUFSZ], zSla[32];
	const char *zSec = NULL;
	enum ui_role role;

	lines_free();
	rd_app_type_from_name(a->type, &type);
	ui_sla_text(ui, a->sla_due_at, zSla, sizeof zSla, &role);
	rd_time_format_local(a->submitted_at, zT, sizeof zT, RD_TIME_MINUTES);
	add(UI_HEADER, "%s · %s · %s · v%d", a->app_no, rd_app_type_label(type),
	    a->pending_override ? _("override awaiting countersign")
				: state_label(a->state),
	    d->version);
	add_wrapped(A_BOLD, 0, a->org_name);
	{
		enum rd_app_state s;
		int open = rd_app_state_from_name(a->state, &s) == RD_OK &&
			   rd_app_state_is_open(s);

		snprintf(z, sizeof z, _("Submitted %s · SLA %s"), zT,
			 open ? zSla : "—");
		add(open ? (int)role : UI_NORMAL, "%s", z);
	}
	if (a->claimed_by[0]) {
		rd_time_format_local(d->claim_expires, zT, sizeof zT,
				     RD_TIME_MINUTES);
		add(a->claim_op == ui->op->id ? UI_OK : UI_WARN,
		    _("Claimed by %s until %s"), a->claimed_by, zT);
	} else {
		add(UI_DIM, "%s", _("Not claimed (c to claim)"));
	}
	build_paired(ui, d);

	section(_("Checklist"));
	struct store_scan_summary aScanSum[8];
	size_t nScanSum = 0;
	unsigned noted = 0;

	scan_summaries(ui, d->version_id, aScanSum, 8, &nScanSum);
	for (size_t i = 0; i < ui->checklist.n; i++) {
		const struct rd_catalog_item *it = &ui->checklist.a[i];
		int on = 0;

		if (!(it->types & RD_APP_TYPE_BIT(type)))
			continue;
		for (size_t k = 0; k < d->nTick; k++)
			if (!strcmp(d->aTick[k].item, it->code))
				on = d->aTick[k].checked;
		add(on ? UI_OK : UI_NORMAL, "  [%s] %s", on ? "x" : " ",
		    rd_catalog_label(it));
		noted |= scan_note_add(aScanSum, nScanSum, it->code);
	}
	scan_notes_rest(aScanSum, nScanSum, noted);

	if (d->prev_version)
		build_changes(d);

	section(_("Findings"));
	if (!expiry_finding(ui, d, type) && !d->nFinding)
		add(UI_DIM, "  %s", _("none"));
	for (size_t i = 0; i < d->nFinding; i++) {
		const struct store_finding *f = &d->aFinding[i];
		int r = !strcmp(f->severity, "risk")    ? UI_RISK
			: !strcmp(f->severity, "error") ? UI_OVERDUE
			: !strcmp(f->severity, "warning") ? UI_WARN
							  : UI_DIM;

		char zS[RD_TEXT_BUFSZ(8)];

		char zF[160];

		/* The path in words (labels.c), never "handler.id_no". */
		rd_label_field_path(f->field, zF, sizeof zF);
		add(r, "  %s %s: %s %s", col(name_label(f->severity), 8, zS, sizeof zS),
		    zF, _(f->message), f->arg);
	}

	section(_("Verifications"));
	if (!d->nCheck)
		add(UI_DIM, "  %s", _("none yet"));
	for (size_t i = 0; i < d->nCheck; i++) {
		const struct store_detail_check *c = &d->aCheck[i];

		rd_time_format_local(c->updated_at, zT, sizeof zT,
				     RD_TIME_MINUTES);
		char zK[RD_TEXT_BUFSZ(20)], zS[RD_TEXT_BUFSZ(10)];

		char zHead[RD_TEXT_BUFSZ(64)];
		int cr = check_role(c->state);

		snprintf(zHead, sizeof zHead, "  %s %s %s",
			 col(name_label(c->kind), 20, zK, sizeof zK),
			 col(name_label(c->state), 10, zS, sizeof zS), zT);
		/* What the provider said (the name the bank saw, a
		 * refusal's reason) is the point: wrapped, never cut. */
		if (rd_text_width(zHead) + 1 + rd_text_width(c->detail) <= COLS) {
			add(cr, "%s %s", zHead, c->detail);
		} else {
			add(cr, "%s", zHead);
			add_wrapped(cr, 4, c->detail);
		}
	}

	section(_("Related applications"));
	if (!d->nRelated)
		add(UI_DIM, "  %s", _("none"));
	for (size_t i = 0; i < d->nRelated; i++) {
		const struct store_related *r = &d->aRelated[i];

		rd_time_format_local(r->submitted_at, zT, sizeof zT,
				     RD_TIME_DATE);
		char zWhy[160] = "", zW[RD_TEXT_BUFSZ(30)], zCopy[16];
		char *zSave = NULL;
		size_t off = 0;

		snprintf(zCopy, sizeof zCopy, "%s", r->why);
		for (char *t = strtok_r(zCopy, ",", &zSave); t && off < sizeof zWhy;
		     t = strtok_r(NULL, ",", &zSave))
			off += (size_t)snprintf(zWhy + off, sizeof zWhy - off,
						"%s%s", off ? ", " : "",
						name_label(t));
		add(r->high_risk ? UI_RISK : UI_NORMAL, "  %s %s %s %s %s",
		    r->app_no, zT, col(zWhy, 30, zW, sizeof zW),
		    state_label(r->state),
		    r->high_risk ? _("HIGH RISK: rejected before") : "");
	}

	section(_("Decisions"));
	if (!d->nDecision)
		add(UI_DIM, "  %s", _("none"));
	for (size_t i = 0; i < d->nDecision; i++) {
		const struct store_decision *x = &d->aDecision[i];

		char zR[1024];

		rd_time_format_local(x->at, zT, sizeof zT, RD_TIME_MINUTES);
		reason_labels(ui, x->reasons, zR, sizeof zR);
		add(UI_NORMAL, "  %s %s %s %s → %s %s", zT, x->by,
		    name_label(x->action), state_label(x->from),
		    state_label(x->to), zR);
		if (x->note[0])
			add_wrapped(UI_NORMAL, 6, x->note);
		if (x->override_reason[0]) {
			add(UI_WARN, "      %s: %s %s", _("override"),
			    name_label(x->countersign), x->cs_by);
			add_wrapped(UI_WARN, 6, x->override_reason);
		}
		if (x->cs_note[0]) {
			char zC[32];

			rd_time_format_local(x->cs_at, zC, sizeof zC,
					     RD_TIME_MINUTES);
			add(UI_WARN, "      %s %s %s:", zC, x->cs_by,
			    _("countersign note"));
			add_wrapped(UI_WARN, 6, x->cs_note);
		}
	}
	/* Install reports (renewals) belong to the history too. */
	for (size_t i = 0; i < d->nNote; i++) {
		if (!d->aNote[i].install)
			continue;
		rd_time_format_local(d->aNote[i].at, zT, sizeof zT,
				     RD_TIME_MINUTES);
		add(UI_NORMAL, "  %s %s %s", zT, d->aNote[i].by,
		    _("reported the renewal installed"));
		if (d->aNote[i].body[0])
			add_wrapped(UI_NORMAL, 6, d->aNote[i].body);
	}

	build_fulfilment(type);
	build_messages(ui, a->id);

	section(_("Internal notes"));
	{
		size_t nInternal = 0;

		for (size_t i = 0; i < d->nNote; i++)
			nInternal += !d->aNote[i].install;
		if (!nInternal)
			add(UI_DIM, "  %s", _("none (i to add one)"));
	}
	for (size_t i = 0; i < d->nNote; i++) {
		if (d->aNote[i].install)
			continue;
		rd_time_format_local(d->aNote[i].at, zT, sizeof zT,
				     RD_TIME_MINUTES);
		add(A_BOLD, "  %s %s", zT, d->aNote[i].by);
		add_wrapped(UI_NORMAL, 4, d->aNote[i].body);
	}

	for (size_t i = 0; i < d->nField; i++) {
		const struct store_field *f = &d->aField[i];
		char zLab[RD_TEXT_BUFSZ(20)], zVal[1024];

		/* The renewal's fields mean nothing for another type. */
		if (!strcmp(f->section, "Renewal") && strcmp(a->type, "renew"))
			continue;
		if (!f->value[0] && rev2_field(f->name))
			continue;
		if (!zSec || strcmp(zSec, f->section)) {
			if (zSec && !strcmp(zSec, "Payment")) {
				transfer_lines(ui, d);
				ui_payment_lines(ui, a->id, add_line, NULL);
			}
			if (zSec && !strcmp(zSec, "Legal representative"))
				legal_rep_id_check(d);
			zSec = f->section;
			section(_(f->section));
		}
		rd_text_fit(_(f->label), 18, zLab, sizeof zLab);
		masked(f, zVal, sizeof zVal);
		add(UI_NORMAL, "  %s %s", zLab, zVal);
	}

	if (zSec && !strcmp(zSec, "Payment")) {
		transfer_lines(ui, d);
		ui_payment_lines(ui, a->id, add_line, NULL);
	}

	section(_("Files"));
	for (size_t i = 0; i < d->nFile; i++) {
		const struct store_file *f = &d->aFile[i];

		char zR[RD_TEXT_BUFSZ(16)], zP[RD_TEXT_BUFSZ(26)];

		/* Numbered: keys 1–9 open that file in the viewer. */
		add(UI_NORMAL, "%zu %s %s %-11s %5lld KiB %dx%d %.12s", i + 1,
		    col(name_label(f->role), 16, zR, sizeof zR),
		    col(f->path, 26, zP, sizeof zP), f->content_type,
		    (long long)(f->size / 1024), f->width, f->height, f->sha256);
	}
	if (!d->nFile)
		add(UI_OVERDUE, "  %s", _("no files"));

	section(_("Versions"));
	for (size_t i = 0; i < d->nVersion; i++) {
		rd_time_format_local(d->aVersion[i].submitted_at, zT, sizeof zT,
				     RD_TIME_MINUTES);
		add(UI_NORMAL, "  v%d  %s  %s", d->aVersion[i].version, zT,
		    d->aVersion[i].bundle);
	}

	section(_("Audit trail"));
	store_audit_list(ui->st, a->app_no, 0, 50, on_audit, NULL, NULL);
	if (D.top >= D.n)
		D.top = D.n ? D.n - 1 : 0;
}

static void reload(struct ui *ui)
{
	struct store_detail *d = NULL;
	struct rd_err err;

	rd_err_clear(&err);
	if (store_detail_read(ui->st, ui->detail_id, ui_now(), &d, &err) !=
	    RD_OK) {
		ui_status(ui, 1, "%s", rd_err_msg(&err));
		if (!D.d) {
			ui_switch(ui, &ui_queue_screen);
			return;
		}
	} else {
		store_detail_free(&D.d);
		D.d = d;
	}
	/* Fulfilment is secondary: a failed read leaves it empty. */
	if (store_fulfil_view_read(ui->st, D.d->app.id, &D.fv, NULL) != RD_OK)
		memset(&D.fv, 0, sizeof D.fv);
	build(ui);
}

/* ------------------------------------------------------------ drawing */

static void detail_draw(struct ui *ui)
{
	int rows = LINES - 3;
	const char *zCur = "";

	for (int s = 0; s < D.nSec; s++)
		if (D.aSec[s] <= D.top)
			zCur = D.azSec[s];
	ui_fill(0, ui_attr(ui, UI_BAR));
	{
		char z[256];

		snprintf(z, sizeof z, "%s  %s%s%s  %d/%d%s",
			 D.d ? D.d->app.app_no : "", *zCur ? "[" : "", zCur,
			 *zCur ? "]" : "", D.top + 1, D.n,
			 D.reveal ? _("  · personal data revealed") : "");
		ui_put(0, 0, COLS, z, ui_attr(ui, UI_BAR));
	}
	for (int r = 0; r < rows && D.top + r < D.n; r++) {
		const struct dline *l = &D.a[D.top + r];
		int attr = l->role < UI_ROLE_COUNT ? ui_attr(ui, l->role)
						   : l->role;

		ui_put(1 + r, 0, COLS, l->text, attr);
	}
	ui_status_draw(ui);
	ui_keybar_draw(ui);
}

/* ------------------------------------------------------------ actions */

static void after_write(struct ui *ui, rd_status rc, const struct rd_err *err,
			const char *zOk)
{
	if (rc == RD_OK)
		ui_status(ui, 0, "%s", zOk);
	else if (rc == RD_ERR_CONFLICT)
		ui_status(ui, 1, "%s", rd_err_msg(err));
	else
		ui_status(ui, 1, "%s", rd_err_msg(err));
	ui_note_write(ui);
	reload(ui);
}

static size_t required_items(struct ui *ui, const char **aReq, size_t nMax)
{
	enum rd_app_type type;
	size_t n = 0;

	if (rd_app_type_from_name(D.d->app.type, &type) != RD_OK)
		return 0;
	for (size_t i = 0; i < ui->checklist.n && n < nMax; i++)
		if (ui->checklist.a[i].types & RD_APP_TYPE_BIT(type))
			aReq[n++] = ui->checklist.a[i].code;
	return n;
}

struct tick_ctx {
	struct ui *ui;
	const char **aCode;
	const char **aLabel;    /* what the status line says (never the code) */
};

static int on_tick(void *ctx, int i, int on)
{
	struct tick_ctx *t = ctx;
	struct rd_err err;

	rd_err_clear(&err);
	if (store_review_tick(t->ui->st, t->ui->op, t->ui->detail_id,
			      t->aCode[i], on, &err) != RD_OK) {
		ui_status(t->ui, 1, "%s", rd_err_msg(&err));
		return 0;
	}
	ui_status(t->ui, 0, on ? _("Ticked %s") : _("Unticked %s"),
		  t->aLabel[i]);
	ui_note_write(t->ui);
	return 1;
}

static void checklist(struct ui *ui)
{
	const char *aCode[64], *aLabel[64];
	int aOn[64] = { 0 };
	size_t n = required_items(ui, aCode, 64);
	struct tick_ctx t = { ui, aCode, aLabel };

	if (D.d->app.claim_op != ui->op->id) {
		ui_status(ui, 1, _("Claim %s first (c)"), D.d->app.app_no);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const struct rd_catalog_item *it = rd_catalog_find(&ui->checklist,
								   aCode[i]);

		aLabel[i] = it ? rd_catalog_label(it) : aCode[i];
		for (size_t k = 0; k < D.d->nTick; k++)
			if (!strcmp(D.d->aTick[k].item, aCode[i]))
				aOn[i] = D.d->aTick[k].checked;
	}
	ui_menu(ui, _("Checklist"), aLabel, (int)n, aOn, on_tick, &t);
	reload(ui);
}

/* The gate's unmet conditions as lines for a list dialog. */
static int gate_lines(const struct rd_gate_result *r, char (*aLine)[200],
		      const char **apLine)
{
	int n = 0;

	for (size_t i = 0; i < r->n && n < RD_GATE_MAX_UNMET; i++) {
		struct rd_gate_result one = *r;

		one.n = 1;
		one.a[0] = r->a[i];
		aLine[n][0] = '-';
		aLine[n][1] = ' ';
		store_gate_describe(&one, aLine[n] + 2, sizeof aLine[n] - 2);
		apLine[n] = aLine[n];
		n++;
	}
	return n;
}

/*
 * Approve: the store's gate decides; this shows what it says first. A
 * case whose only unmet conditions an override may pass is offered the
 * override dialog, which lists them.
 */
static void approve(struct ui *ui)
{
	struct store_decision_req req;
	struct rd_gate_result r;
	char aLine[RD_GATE_MAX_UNMET][200];
	const char *apLine[RD_GATE_MAX_UNMET];
	struct rd_err err;
	char zQ[200];
	char *zOver = NULL;
	int n;
	rd_status rc;

	memset(&req, 0, sizeof req);
	req.app_id = D.d->app.id;
	req.row_version = D.d->app.row_version;
	req.action = RD_ACT_APPROVE;
	rd_err_clear(&err);
	if (store_gate_preview(ui->st, ui->op, D.d->app.id, RD_GATE_APPROVE,
			       false, 0, &r, NULL, 0, NULL, &err) != RD_OK) {
		ui_status(ui, 1, "%s", rd_err_msg(&err));
		return;
	}
	if (r.allowed) {
		snprintf(zQ, sizeof zQ, _("Approve %s?"), D.d->app.app_no);
		if (!ui_confirm(ui, zQ))
			return;
		rd_err_clear(&err);
		rc = store_review_decide(ui->st, ui->op, &req, NULL, &err);
		snprintf(zQ, sizeof zQ, _("Approved %s"), D.d->app.app_no);
		after_write(ui, rc, &err, zQ);
		return;
	}
	n = gate_lines(&r, aLine, apLine);
	/* Would an override pass it? Ask the gate, not a rule of ours. */
	if (store_gate_preview(ui->st, ui->op, D.d->app.id, RD_GATE_APPROVE,
			       true, 0, &r, NULL, 0, NULL, &err) != RD_OK ||
	    !r.allowed) {
		snprintf(zQ, sizeof zQ, _("Cannot approve %s"),
			 D.d->app.app_no);
		ui_list_confirm(ui, zQ, apLine, n, _("Close?"));
		ui_status(ui, 1, _("Not approved: %s"), apLine[0] + 2);
		return;
	}
	snprintf(zQ, sizeof zQ, _("Override: %s does not meet"),
		 D.d->app.app_no);
	if (!ui_list_confirm(ui, zQ, apLine, n,
			     _("Write an override for a supervisor to "
			       "countersign?")))
		return;
	if (!ui_edit(ui, _("Override: why approve anyway?"), "", 1, &zOver) ||
	    !*zOver) {
		free(zOver);
		ui_status(ui, 0, _("Cancelled; nothing recorded"));
		return;
	}
	req.override_reason = zOver;
	rd_err_clear(&err);
	rc = store_review_decide(ui->st, ui->op, &req, NULL, &err);
	after_write(ui, rc, &err,
		    _("Override recorded; it takes effect when a "
		      "supervisor other than you countersigns it"));
	free(zOver);
}

static void reject_or_return(struct ui *ui, enum rd_app_action action)
{
	struct store_decision_req req;
	const char *aCode[64], *aLabel[64];
	int aOn[64] = { 0 }, nItem = 0;
	struct rd_err err;
	char *zNote = NULL;
	char zOk[160];
	rd_status rc;

	memset(&req, 0, sizeof req);
	req.app_id = D.d->app.id;
	req.row_version = D.d->app.row_version;
	req.action = action;
	if (action == RD_ACT_REJECT) {
		for (size_t i = 0; i < ui->reasons.n && nItem < 64; i++) {
			aCode[nItem] = ui->reasons.a[i].code;
			aLabel[nItem++] = rd_catalog_label(&ui->reasons.a[i]);
		}
		if (ui_menu(ui, _("Reasons for rejection (Space to tick)"),
			    aLabel, nItem, aOn, NULL, NULL) < 0) {
			ui_status(ui, 0, _("Cancelled; nothing recorded"));
			return;
		}
		for (int i = 0, k = 0; i < nItem; i++)
			if (aOn[i]) {
				aCode[k++] = aCode[i];
				req.nReason++;
			}
		if (!req.nReason) {
			ui_status(ui, 1, _("Tick at least one reason"));
			return;
		}
		req.aReason = aCode;
	}
	if (!ui_edit(ui, action == RD_ACT_REJECT
				 ? _("Note to the customer (why, what to fix)")
				 : _("Note to the customer (re-enter the account)"),
		     "", 1, &zNote)) {
		ui_status(ui, 0, _("Cancelled; nothing recorded"));
		return;
	}
	req.note = zNote;
	/* Reject asks like approve does. */
	snprintf(zOk, sizeof zOk,
		 action == RD_ACT_REJECT ? _("Reject %s?")
					 : _("Return %s for financial "
					     "authentication?"),
		 D.d->app.app_no);
	if (!ui_confirm(ui, zOk)) {
		ui_status(ui, 0, _("Cancelled; nothing recorded"));
		free(zNote);
		return;
	}
	rd_err_clear(&err);
	rc = store_review_decide(ui->st, ui->op, &req, NULL, &err);
	snprintf(zOk, sizeof zOk,
		 action == RD_ACT_REJECT ? _("Rejected %s")
					 : _("Returned %s for financial authentication"),
		 D.d->app.app_no);
	after_write(ui, rc, &err, zOk);
	free(zNote);
}

static void note(struct ui *ui)
{
	char *zBody = NULL;
	struct rd_err err;

	if (!ui_edit(ui, _("Internal note (not sent to the customer)"), "", 1,
		     &zBody))
		return;
	rd_err_clear(&err);
	after_write(ui, store_review_note(ui->st, ui->op, ui->detail_id, zBody,
					  &err),
		    &err, _("Note added"));
	free(zBody);
}

static void countersign(struct ui *ui)
{
	static const char *aItem[2];
	struct rd_gate_result r;
	char aLine[RD_GATE_MAX_UNMET + 1][200];
	const char *apLine[RD_GATE_MAX_UNMET + 1];
	char *zNote = NULL;
	struct rd_err err;
	char zT[160];
	int pick, n;

	if (!D.d->pending_decision) {
		ui_status(ui, 1, _("No override is waiting on %s"),
			  D.d->app.app_no);
		return;
	}
	/* Not allowed to countersign: the store says why (and audits a
	 * refusal for lack of role). */
	rd_err_clear(&err);
	if (store_gate_preview(ui->st, ui->op, D.d->app.id,
			       RD_GATE_COUNTERSIGN, false, 0, &r, NULL, 0, NULL,
			       &err) == RD_OK &&
	    !r.allowed) {
		char zWhy[400];

		/* The role is the session's: this cannot pass, and the
		 * store audits the refusal. */
		if (rd_gate_has(&r, RD_GATE_C_ROLE)) {
			after_write(ui,
				    store_review_countersign(
					    ui->st, ui->op,
					    D.d->pending_decision, 1, "", &err),
				    &err, "");
			return;
		}
		store_gate_describe(&r, zWhy, sizeof zWhy);
		ui_status(ui, 1, _("Cannot countersign %s: %s"),
			  D.d->app.app_no, zWhy);
		return;
	}
	/* The override dialog lists what the override passes. */
	rd_err_clear(&err);
	if (store_gate_preview(ui->st, ui->op, D.d->app.id, RD_GATE_APPROVE,
			       false, 0, &r, NULL, 0, NULL, &err) != RD_OK) {
		ui_status(ui, 1, "%s", rd_err_msg(&err));
		return;
	}
	/* Not the pending override itself: that is what is decided. */
	for (size_t i = 0; i < r.n; i++)
		if (r.a[i].cond == RD_GATE_C_OVERRIDE_PENDING ||
		    r.a[i].cond == RD_GATE_C_NOT_CLAIMED ||
		    r.a[i].cond == RD_GATE_C_CLAIMED_BY_OTHER) {
			memmove(&r.a[i], &r.a[i + 1],
				(r.n - i - 1) * sizeof r.a[0]);
			r.n--;
			i--;
		}
	n = gate_lines(&r, aLine, apLine);
	if (n == 0) {
		snprintf(aLine[0], sizeof aLine[0], "%s",
			 _("- nothing is unmet any more"));
		apLine[n++] = aLine[0];
	}
	snprintf(zT, sizeof zT, _("Override on %s passes"), D.d->app.app_no);
	if (!ui_list_confirm(ui, zT, apLine, n, _("Go on to countersign?")))
		return;
	aItem[0] = _("Countersign the override (it takes effect)");
	aItem[1] = _("Refuse the override (back to review)");
	pick = ui_menu(ui, _("Override"), aItem, 2, NULL, NULL, NULL);
	if (pick < 0)
		return;
	if (!ui_edit(ui, _("Countersign note"), "", 0, &zNote))
		return;
	rd_err_clear(&err);
	after_write(ui,
		    store_review_countersign(ui->st, ui->op,
					     D.d->pending_decision, pick == 0,
					     zNote, &err),
		    &err, pick == 0 ? _("Countersigned; the approval took effect")
				    : _("Override refused"));
	free(zNote);
}

static void reassign(struct ui *ui)
{
	char *zLogin = NULL;
	struct rd_err err;

	if (!ui_is_supervisor(ui)) {
		ui_status(ui, 1, _("Only supervisors reassign"));
		return;
	}
	if (!ui_edit(ui, _("Reassign to (login)"), "", 0, &zLogin))
		return;
	rd_err_clear(&err);
	after_write(ui,
		    store_review_reassign(ui->st, ui->op, ui->detail_id, zLogin,
					  ui->ctx->cfg.claim_lease_min, &err),
		    &err, _("Reassigned"));
	free(zLogin);
}

/* v: mask again when something is shown; else ask which field and why
 * (screens/reveal.c) and show only that. */
static void reveal(struct ui *ui)
{
	int r;

	if (D.reveal) {
		D.reveal = 0;
		D.reveal_field[0] = '\0';
		build(ui);
		ui_status(ui, 0, _("Personal data masked again"));
		return;
	}
	r = ui_reveal_ask(ui, D.d, D.reveal_field, sizeof D.reveal_field);
	if (!r)
		return;
	ui_note_write(ui);
	D.reveal = r;
	build(ui);
}

/*
 * Run a verification again: the auditor picks one of the checks this
 * application has had (payment matching is not an outside call and is
 * not offered); the store copies its job under a new idempotency key in
 * one audited transaction, and the worker picks it up. The screen shows
 * the new result when the worker commits (data_version reload).
 */
static void rerun(struct ui *ui)
{
	static const char *const aKinds[] = { "telecom_handler",
					      "telecom_applicant",
					      "bank_fin_auth" };
	const char *aItem[3];
	const char *aKind[3];
	struct rd_err err;
	int n = 0, pick;

	for (size_t k = 0; k < sizeof aKinds / sizeof aKinds[0]; k++)
		for (size_t i = 0; i < D.d->nCheck; i++)
			if (!strcmp(D.d->aCheck[i].kind, aKinds[k])) {
				aKind[n] = aKinds[k];
				aItem[n] = name_label(aKinds[k]);
				n++;
				break;
			}
	if (n == 0) {
		ui_status(ui, 1, _("This application has no verification to "
				   "run again"));
		return;
	}
	pick = ui_menu(ui, _("Run which verification again?"), aItem, n, NULL,
		       NULL, NULL);
	if (pick < 0) {
		ui_status(ui, 0, "%s", C_("menu", "Cancelled"));
		return;
	}
	rd_err_clear(&err);
	if (store_check_rerun(ui->st, ui->op->login, ui->op->id, ui->detail_id,
			      aKind[pick], NULL, &err) != RD_OK) {
		ui_status(ui, 1, "%s", rd_err_msg(&err));
		return;
	}
	ui_status(ui, 0, _("%s queued again; the result appears when the "
			   "provider answers"),
		  aItem[pick]);
}

/*
 * Export the dossier the way `radesk export dossier` does (the same
 * function: temporary file, audit entry, rename) into the reports
 * folder. Supervisors only: the archive holds unmasked scans.
 */
static void export_dossier(struct ui *ui)
{
	struct rd_dossier_stats stats;
	struct rd_err err;
	char zPath[4096], zQ[512];

	if (!ui_is_supervisor(ui)) {
		ui_status(ui, 1, "%s",
			  _("Only a supervisor can export a dossier (it holds "
			    "the unmasked scans)."));
		return;
	}
	rd_err_clear(&err);
	if (rd_export_dossier_path(ui->ctx->cfg.reports_dir, D.d->app.app_no,
				   zPath, sizeof zPath, &err) != RD_OK) {
		ui_status(ui, 1, "%s", rd_err_msg(&err));
		return;
	}
	snprintf(zQ, sizeof zQ, _("Export the dossier of %s (logged)?"),
		 D.d->app.app_no);
	if (!ui_confirm(ui, zQ)) {
		ui_status(ui, 0, "%s", C_("menu", "Cancelled"));
		return;
	}
	if (rd_export_dossier(ui->st, ui->op->login, D.d->app.app_no,
			      ui->ctx->cfg.blob_dir, zPath, &stats, NULL,
			      &err) != RD_OK) {
		ui_status(ui, 1, "%s", rd_err_msg(&err));
		return;
	}
	ui_note_write(ui);
	ui_status(ui, 0, _("Dossier written: %s (%d scans)"), zPath,
		  stats.nScans);
}

/*
 * Cancel (C) or refund ($): supervisors write a note for the customer,
 * confirm, and the store does the rest in one transaction (production
 * stopped, payment marked, customer notified, audited). $ requests a
 * refund, or marks a requested one refunded. For anyone else the store
 * refuses and logs the attempt; its message is what the screen shows.
 */
static void withdraw(struct ui *ui, enum rd_app_action action)
{
	const char *zNo = D.d->app.app_no;
	struct rd_err err;
	char *zNote = NULL;
	char zQ[256], zOk[200];
	rd_status rc;

	if (action == RD_ACT_REQUEST_REFUND &&
	    !strcmp(D.d->app.state, "refund_requested"))
		action = RD_ACT_REFUND;
	rd_err_clear(&err);
	if (!ui_is_supervisor(ui)) {
		store_withdraw(ui->st, ui->op, ui->detail_id,
			       D.d->app.row_version, action, NULL, NULL, &err);
		ui_status(ui, 1, "%s", rd_err_msg(&err));
		ui_note_write(ui);
		return;
	}
	if (!ui_edit(ui, action == RD_ACT_CANCEL
				 ? _("Cancel: note to the customer (why)")
			 : action == RD_ACT_REFUND
				 ? _("Refunded: note to the customer (how much, how)")
				 : _("Refund request: note to the customer (why)"),
		     "", 1, &zNote)) {
		ui_status(ui, 0, _("Left as it was; nothing recorded"));
		return;
	}
	if (!zNote[strspn(zNote, " \t\r\n")]) {
		free(zNote);
		ui_status(ui, 1, "%s",
			  _("The customer needs a note saying why; nothing "
			    "recorded"));
		return;
	}
	snprintf(zQ, sizeof zQ,
		 action == RD_ACT_CANCEL
			 ? _("Cancel %s? It cannot be undone.")
		 : action == RD_ACT_REFUND
			 ? _("Mark %s refunded (money paid back)?")
			 : _("Request a refund for %s?"),
		 zNo);
	if (!ui_confirm(ui, zQ)) {
		free(zNote);
		ui_status(ui, 0, _("Left as it was; nothing recorded"));
		return;
	}
	rc = store_withdraw(ui->st, ui->op, ui->detail_id, D.d->app.row_version,
			    action, zNote, NULL, &err);
	snprintf(zOk, sizeof zOk,
		 action == RD_ACT_CANCEL ? _("%s cancelled; the customer is told")
		 : action == RD_ACT_REFUND
			 ? _("%s refunded; the customer is told")
			 : _("Refund requested for %s; the customer is told"),
		 zNo);
	after_write(ui, rc, &err, zOk);
	free(zNote);
}

/* L: print this application's label again (anyone; audited by the
 * store, carried out by the worker). */
static void reprint(struct ui *ui)
{
	struct rd_err err;
	char zOk[160];

	if (!D.fv.shipment_id || !D.fv.has_label) {
		ui_status(ui, 1, _("%s has no shipping label (yet)"),
			  D.d->app.app_no);
		return;
	}
	rd_err_clear(&err);
	snprintf(zOk, sizeof zOk, _("Label of %s queued for printing"),
		 D.fv.waybill_no);
	after_write(ui,
		    store_label_print_enqueue(ui->st, ui->op->login, ui->op->id,
					      D.fv.shipment_id, &err),
		    &err, zOk);
}

/*
 * I: the customer (or the install tool) reported a renewal installed; a
 * supervisor records it with a note and the renewal is completed. An
 * auditor is refused, and the attempt logged.
 */
static void installed(struct ui *ui)
{
	const char *zNo = D.d->app.app_no;
	struct rd_err err;
	char *zNote = NULL;
	char zQ[200], zOk[200];

	if (!ui_is_supervisor(ui)) {
		store_audit_refusal(ui->st, ui->op, "install_report", zNo,
				    "supervisor only", NULL);
		ui_note_write(ui);
		ui_status(ui, 1, "%s",
			  _("Only a supervisor records an install; the "
			    "attempt is logged"));
		return;
	}
	if (strcmp(D.d->app.type, "renew") ||
	    strcmp(D.d->app.state, "ready_to_install")) {
		ui_status(ui, 1, _("Only a renewal ready to install is "
				   "completed by its install (%s is not)"),
			  zNo);
		return;
	}
	if (!ui_edit(ui, _("Install reported: by whom, when"), "", 0, &zNote))
		return;
	snprintf(zQ, sizeof zQ, _("Complete %s as installed?"), zNo);
	if (!ui_confirm(ui, zQ)) {
		free(zNote);
		ui_status(ui, 0, _("Left as it was; nothing recorded"));
		return;
	}
	rd_err_clear(&err);
	snprintf(zOk, sizeof zOk, _("%s installed and completed"), zNo);
	after_write(ui,
		    store_fulfil_installed(ui->st, ui->op->login, ui->op->id,
					   ui->detail_id, zNote, &err),
		    &err, zOk);
	free(zNote);
}

static void simple(struct ui *ui, int claim)
{
	struct rd_err err;
	char z[160];
	rd_status rc;

	rd_err_clear(&err);
	if (claim)
		rc = store_review_claim(ui->st, ui->op, ui->detail_id,
					ui->ctx->cfg.claim_lease_min, &err);
	else
		rc = store_review_release(ui->st, ui->op, ui->detail_id, &err);
	snprintf(z, sizeof z, claim ? _("Claimed %s") : _("Released %s"),
		 D.d->app.app_no);
	after_write(ui, rc, &err, z);
}

/* Working on one's claim keeps it: any key extends the lease, at most
 * once a minute. */
static void touch(struct ui *ui)
{
	static int64_t last;
	int64_t now = ui_now();

	if (!D.d || D.d->app.claim_op != ui->op->id || now - last < 60)
		return;
	last = now;
	if (store_review_touch(ui->st, ui->op, D.d->app.id,
			       ui->ctx->cfg.claim_lease_min, NULL) == RD_OK)
		ui_note_write(ui);
}

static void detail_key(struct ui *ui, enum ui_req r, int is_key, wint_t ch)
{
	int rows = LINES - 3;

	if (!D.d)
		return;
	touch(ui);
	switch (r) {
	case UI_REQ_DOWN: if (D.top + 1 < D.n) D.top++; break;
	case UI_REQ_UP: if (D.top > 0) D.top--; break;
	case UI_REQ_PGDN:
		D.top = D.top + rows < D.n ? D.top + rows : D.top;
		break;
	case UI_REQ_PGUP: D.top = D.top > rows ? D.top - rows : 0; break;
	case UI_REQ_FIRST: D.top = 0; break;
	case UI_REQ_LAST: D.top = D.n > rows ? D.n - rows : 0; break;
	case UI_REQ_NEXT_TAB:
		for (int s = 0; s < D.nSec; s++)
			if (D.aSec[s] > D.top) {
				D.top = D.aSec[s];
				break;
			}
		break;
	case UI_REQ_PREV_TAB:
		for (int s = D.nSec - 1; s >= 0; s--)
			if (D.aSec[s] < D.top) {
				D.top = D.aSec[s];
				break;
			}
		break;
	case UI_REQ_BACK:
		D.reveal = 0;
		ui_switch(ui, D.from ? D.from : &ui_queue_screen);
		break;
	case UI_REQ_CLAIM: simple(ui, 1); break;
	case UI_REQ_RELEASE: simple(ui, 0); break;
	case UI_REQ_CHECKLIST: checklist(ui); break;
	case UI_REQ_APPROVE: approve(ui); break;
	case UI_REQ_REJECT: reject_or_return(ui, RD_ACT_REJECT); break;
	case UI_REQ_RETURN_FIN: reject_or_return(ui, RD_ACT_RETURN_FIN_AUTH); break;
	case UI_REQ_NOTE: note(ui); break;
	case UI_REQ_COUNTERSIGN: countersign(ui); break;
	case UI_REQ_REASSIGN: reassign(ui); break;
	case UI_REQ_REVEAL: reveal(ui); break;
	case UI_REQ_RERUN: rerun(ui); break;
	case UI_REQ_PAYMATCH:
		if (ui_paymatch_open(ui))
			reload(ui);
		break;
	case UI_REQ_EXPORT: export_dossier(ui); break;
	case UI_REQ_CANCEL_APP: withdraw(ui, RD_ACT_CANCEL); break;
	case UI_REQ_REFUND: withdraw(ui, RD_ACT_REQUEST_REFUND); break;
	case UI_REQ_REPRINT: reprint(ui); break;
	case UI_REQ_INSTALLED: installed(ui); break;
	case UI_REQ_NONE:
		if (is_key || ch < '1' || ch > '9')
			break;
		if ((size_t)(ch - '1') >= D.d->nFile) {
			ui_status(ui, 1, _("%s has no file %d"),
				  D.d->app.app_no, (int)(ch - '0'));
			break;
		}
		if (viewer_open_version(ui, D.d->aFile, D.d->nFile,
					(size_t)(ch - '1'), D.d->version_id) >= 0)
			reload(ui);
		break;
	case UI_REQ_ENTER:
	case UI_REQ_SCANS:
		if (viewer_open_version(ui, D.d->aFile, D.d->nFile, 0,
					D.d->version_id) < 0)
			ui_status(ui, 1, _("%s has no scans"), D.d->app.app_no);
		else
			reload(ui);
		break;
	default:
		ui_status(ui, 0, _("Not available here; ? shows the keys"));
		break;
	}
}

static void detail_enter(struct ui *ui)
{
	/* Back returns to the list the application was opened from (not
	 * to the help or the jobs screen in between); an opener other
	 * than these says so in ui->detail_back. */
	if (ui->detail_back)
		D.from = ui->detail_back;
	else if (ui->prev == &ui_queue_screen ||
		 ui->prev == &ui_shipping_screen)
		D.from = ui->prev;
	ui->detail_back = NULL;
	if (!D.d || D.d->app.id != ui->detail_id) {
		store_detail_free(&D.d);
		D.top = 0;
		D.reveal = 0;
	}
	reload(ui);
}

/* Revealed values hide again whenever the detail is left. */
static void detail_leave(struct ui *ui)
{
	(void)ui;
	D.reveal = 0;
	D.reveal_field[0] = '\0';
}

static void detail_resize(struct ui *ui)
{
	if (D.d)
		build(ui);
}

void ui_detail_fini(struct ui *ui)
{
	(void)ui;
	lines_free();
	store_detail_free(&D.d);
}

const struct screen_ops ui_detail_screen = {
	.name = "detail",
	.enter = detail_enter,
	.draw = detail_draw,
	.key = detail_key,
	.resize = detail_resize,
	.reload = reload,
	.leave = detail_leave,
};
