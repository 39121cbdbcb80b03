/*
 * labels.c — manifest paths in words (see labels.h).
 *
 * A path is "object.key" (bundle format 1, docs in ../shared/spec):
 * the object names the column prefix of app_versions, the key the rest,
 * so "handler.id_no" is the column handler_id_no, whose section and
 * label the detail's form table already has (store_form_field_label).
 */
#include "labels.h"

#include "core/i18n.h"
#include "core/state.h"
#include "store/queue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *object;     /* in the path */
	const char *prefix;     /* of the column */
	const char *section;    /* when the path is the object alone */
} aObj[] = {
	{ "certificate", "cert_", N_("Certificate") },
	{ "cert", "cert_", N_("Certificate") },
	{ "organization", "org_", N_("Organisation") },
	{ "org", "org_", N_("Organisation") },
	{ "handler", "handler_", N_("Handler") },
	{ "applicant", "applicant_", N_("Applicant") },
	{ "financial", "fin_", N_("Basic account") },
	{ "fin", "fin_", N_("Basic account") },
	{ "shipping", "ship_", N_("Mailing") },
	{ "invoice", "invoice_", N_("Invoice") },
	{ "payment.transfer", "xfer_", N_("Payment") },
	{ "payment", "pay_", N_("Payment") },
	{ "liveness", "liveness_", N_("Liveness") },
	{ "renewal", "renewal_", N_("Renewal") },
};

void rd_label_field_path(const char *path, char *out, size_t n)
{
	const char *zSection, *zLabel;
	unsigned k;

	if (!n)
		return;
	snprintf(out, n, "%s", _("the form"));
	if (!path || !*path)
		return;
	if (sscanf(path, "files[%u]", &k) == 1) {
		snprintf(out, n, _("file %u"), k + 1);
		return;
	}
	if (!strcmp(path, "files")) {
		snprintf(out, n, "%s", _("the files"));
		return;
	}
	for (size_t i = 0; i < sizeof aObj / sizeof *aObj; i++) {
		size_t len = strlen(aObj[i].object);
		char zCol[96];

		if (strncmp(path, aObj[i].object, len))
			continue;
		if (!path[len]) {
			snprintf(out, n, "%s", _(aObj[i].section));
			return;
		}
		if (path[len] != '.')
			continue;
		snprintf(zCol, sizeof zCol, "%s%s", aObj[i].prefix, path + len + 1);
		if (store_form_field_label(zCol, &zSection, &zLabel)) {
			snprintf(out, n, "%s: %s", _(zSection), _(zLabel));
			return;
		}
		/* A key the form does not show: its object at least. */
		snprintf(out, n, "%s", _(aObj[i].section));
		return;
	}
}

/* ------------------------------------------------------ audit actions */

/* Every action the store writes to the audit trail, in words. One
 * table: the detail's history and `radesk audit log` both read it. */
static const char *const aAction[][2] = {
	{ "app.ingest", N_("Received") },
	{ "app.resubmit", N_("Resubmitted") },
	{ "app.claim", N_("Claimed") },
	{ "app.release", N_("Claim released") },
	{ "app.reassign", N_("Reassigned") },
	{ "app.checklist", N_("Checklist ticked") },
	{ "app.note", N_("Note added") },
	{ "app.refused", N_("Action refused") },
	{ "app.cancel", N_("Cancelled") },
	{ "app.request_refund", N_("Refund requested") },
	{ "app.refund", N_("Refunded") },
	{ "app.decide", N_("Decided (demo data)") },
	{ "app.purge", N_("Personal data purged") },
	{ "app.complete", N_("Completed") },
	{ "pii.reveal", N_("Personal data revealed") },
	{ "decision", N_("Decided") },
	{ "decision.override", N_("Decided with an override") },
	{ "decision.countersign", N_("Override countersigned") },
	{ "decision.refuse", N_("Countersign refused") },
	{ "bundle.quarantine", N_("Bundle quarantined") },
	{ "request.receive", N_("Request received") },
	{ "payment.match", N_("Payment matched") },
	{ "payment.match_manual", N_("Payment matched by hand") },
	{ "payment.unmatch", N_("Payment match undone") },
	{ "bank.import", N_("Bank statement imported") },
	{ "check.rerun", N_("Check run again") },
	{ "scan.read", N_("Scans read") },
	{ "production.retry", N_("Production retried") },
	{ "production.qc_failed", N_("Production failed QC") },
	{ "label.print", N_("Label printed") },
	{ "label.print_batch", N_("Labels printed") },
	{ "shipment.returned", N_("Shipment returned") },
	{ "job.retry", N_("Job retried") },
	{ "job.cancel", N_("Job cancelled") },
	{ "job.done", N_("Job done") },
	{ "job.failed", N_("Job failed (will retry)") },
	{ "job.dead", N_("Job gave up") },
	{ "operator.add", N_("Operator added") },
	{ "operator.enable", N_("Operator enabled") },
	{ "operator.disable", N_("Operator disabled") },
	{ "operator.role", N_("Operator's role changed") },
	{ "operator.refused", N_("Operator refused") },
	{ "db.migrate", N_("Database upgraded") },
	{ "db.backup", N_("Database backed up") },
	{ "report.daily", N_("Daily report written") },
	{ "report.range", N_("Report written") },
	{ "report.unmasked", N_("Unmasked report written") },
	{ "audit.sample", N_("Audit sample drawn") },
	{ "audit.sample_review", N_("Sampled case reviewed") },
	{ "audit.anchor", N_("Audit checkpoint signed") },
};

const char *rd_label_audit_action(const char *action)
{
	enum rd_app_action a;

	if (!action)
		return _("Other action");
	for (size_t i = 0; i < sizeof aAction / sizeof *aAction; i++)
		if (!strcmp(aAction[i][0], action))
			return _(aAction[i][1]);
	/* The worker's system transitions: "app.<action>". */
	if (!strncmp(action, "app.", 4) &&
	    rd_app_action_from_name(action + 4, &a) == RD_OK)
		return rd_app_action_label(a);
	if (!strncmp(action, "job.", 4))
		return _("Job state changed");
	return _("Other action");
}

/* ------------------------------------------------- states and kinds */

/* The words the CLI's tables print: job, check, production, shipment,
 * payment and print states; job and check kinds. */
static const char *const aWord[][2] = {
	/* jobs */
	{ "pending", N_("waiting") },
	{ "running", N_("running") },
	{ "done", N_("done") },
	{ "failed", N_("failed") },
	{ "dead", N_("gave up") },
	{ "cancelled", N_("cancelled") },
	/* checks */
	{ "match", N_("match") },
	{ "mismatch", N_("mismatch") },
	{ "not_found", N_("not found") },
	{ "sent", N_("sent") },
	{ "credited", N_("credited") },
	{ "matched", N_("matched") },
	{ "unmatched", N_("unmatched") },
	{ "error", N_("error") },
	/* payments */
	{ "online", N_("paid online") },
	{ "manual", N_("matched by hand") },
	{ "refunded", N_("refunded") },
	/* production */
	{ "requested", N_("requested") },
	{ "queued", N_("queued") },
	{ "writing", N_("being written") },
	{ "qc_failed", N_("failed QC") },
	{ "ready", N_("ready") },
	/* shipments */
	{ "created", N_("waybill made") },
	{ "picked_up", N_("picked up") },
	{ "in_transit", N_("in transit") },
	{ "delivered", N_("delivered") },
	{ "returned", N_("returned") },
	/* prints */
	{ "printed", N_("printed") },
	/* requests */
	{ "open", N_("open") },
	{ "closed", N_("closed") },
	/* job and check kinds */
	{ "telecom_handler", N_("Telecom check (handler)") },
	{ "telecom_applicant", N_("Telecom check (applicant)") },
	{ "telecom_verify", N_("Telecom check") },
	{ "bank_fin_auth", N_("Bank account check") },
	{ "bank_deposit", N_("Bank deposit") },
	{ "bank_deposit_status", N_("Bank deposit status") },
	{ "payment", N_("Payment") },
	{ "production_order", N_("Production order") },
	{ "production_status", N_("Production status") },
	{ "courier_waybill", N_("Courier waybill") },
	{ "courier_status", N_("Courier tracking") },
	{ "notify", N_("Customer notice") },
	{ "invoice", N_("E-invoice") },
	{ "scan_read", N_("Scan reading") },
	{ "label_print", N_("Label print") },
};

const char *rd_label_word(const char *code)
{
	enum rd_app_state s;

	if (!code)
		return NULL;
	for (size_t i = 0; i < sizeof aWord / sizeof *aWord; i++)
		if (!strcmp(aWord[i][0], code))
			return _(aWord[i][1]);
	if (rd_app_state_from_name(code, &s) == RD_OK)
		return rd_app_state_label(s);
	return NULL;
}

void rd_label_reason(const char *reason, char *out, size_t n)
{
	static const char zPre[] = "manifest: ";
	const char *zPath, *zEnd;
	char zP[128], zW[256];

	if (!n)
		return;
	snprintf(out, n, "%s", reason ? reason : "");
	if (!reason || strncmp(reason, zPre, sizeof zPre - 1))
		return;
	zPath = reason + sizeof zPre - 1;
	zEnd = strstr(zPath, ": ");
	if (!zEnd || (size_t)(zEnd - zPath) >= sizeof zP ||
	    memchr(zPath, ' ', (size_t)(zEnd - zPath)))
		return;
	memcpy(zP, zPath, (size_t)(zEnd - zPath));
	zP[zEnd - zPath] = 0;
	rd_label_field_path(zP, zW, sizeof zW);
	snprintf(out, n, _("application form, %s: %s"), zW, zEnd + 2);
}
