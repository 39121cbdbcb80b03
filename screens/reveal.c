/*
 * reveal.c — the reveal dialog of the detail screen (v): which masked
 * field (or all of them) and why, from a short list or in free text.
 * The store writes the audit entry (store_review_reveal) naming the
 * field in words and the reason; only then is anything shown.
 */
#include "screens/reveal.h"
#include "screens/screen.h"

#include "core/i18n.h"
#include "store/review.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PII 32

/* The reasons offered; the last one asks for the reason in words. */
static const char *const aReasonId[] = {
	N_("Calling the customer back"),
	N_("Comparing with the scanned ID card"),
	N_("Checking with the bank or the telecom operator"),
	N_("Supervisor's review of the case"),
	N_("Another reason (write it)"),
};
#define N_REASON (sizeof aReasonId / sizeof aReasonId[0])

static void field_words(const struct store_field *f, char *z, size_t n)
{
	snprintf(z, n, "%s: %s", _(f->section), _(f->label));
}

int ui_reveal_ask(struct ui *ui, const struct store_detail *d,
		  char *zField, size_t nField)
{
	const char *aItem[MAX_PII + 1], *aReason[N_REASON];
	char aWords[MAX_PII][160], zAll[1024] = "", zAllWords[1024] = "";
	const struct store_field *aPii[MAX_PII];
	char *zOther = NULL;
	const char *zReason;
	struct rd_err err;
	int n = 0, pick, why, result = 0;
	size_t off = 0, offW = 0;

	for (size_t i = 0; i < d->nField && n < MAX_PII; i++) {
		const struct store_field *f = &d->aField[i];

		if (!f->pii || !f->value[0])
			continue;
		aPii[n] = f;
		field_words(f, aWords[n], sizeof aWords[n]);
		aItem[n] = aWords[n];
		if (off < sizeof zAll)
			off += (size_t)snprintf(zAll + off, sizeof zAll - off,
						"%s%s", off ? "," : "", f->name);
		if (offW < sizeof zAllWords)
			offW += (size_t)snprintf(zAllWords + offW,
						 sizeof zAllWords - offW, "%s%s",
						 offW ? "; " : "", aWords[n]);
		n++;
	}
	if (n == 0) {
		ui_status(ui, 0, "%s", _("Nothing is masked here"));
		return 0;
	}
	aItem[n] = _("All personal data of this application");
	pick = ui_menu(ui, _("Reveal which field?"), aItem, n + 1, NULL, NULL,
		       NULL);
	if (pick < 0)
		return 0;
	for (size_t i = 0; i < N_REASON; i++)
		aReason[i] = _(aReasonId[i]);
	why = ui_menu(ui, _("Why reveal it? (logged)"), aReason, (int)N_REASON,
		      NULL, NULL, NULL);
	if (why < 0)
		return 0;
	zReason = aReason[why];
	if ((size_t)why == N_REASON - 1) {
		if (!ui_edit(ui, _("Reason for revealing (logged)"), "", 0,
			     &zOther) || !zOther[0]) {
			free(zOther);
			ui_status(ui, 0, _("Cancelled; nothing revealed"));
			return 0;
		}
		zReason = zOther;
	}
	rd_err_clear(&err);
	if (store_review_reveal(ui->st, ui->op, d->app.id,
				pick == n ? zAll : aPii[pick]->name,
				pick == n ? zAllWords : aWords[pick], zReason,
				&err) != RD_OK) {
		ui_status(ui, 1, "%s", rd_err_msg(&err));
	} else if (pick == n) {
		zField[0] = '\0';
		result = 2;
		ui_status(ui, 0, _("Revealed (logged): %s"),
			  _("all personal data"));
	} else {
		snprintf(zField, nField, "%s", aPii[pick]->name);
		result = 1;
		ui_status(ui, 0, _("Revealed (logged): %s"), aWords[pick]);
	}
	free(zOther);
	return result;
}
