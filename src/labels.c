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
