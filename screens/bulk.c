/*
 * bulk.c — a supervisor's bulk approve or reject of the marked cases.
 *
 * The screen decides nothing: it asks the store what the gate says of
 * each case (store_gate_preview), shows the selection as a list with
 * each case's result in words, and on y hands every case to
 * store_review_bulk(), which runs the gate again inside each case's own
 * transaction and audit entry. Cases the gate refuses are skipped and
 * named.
 */
#include "screens/bulk.h"
#include "screens/screen.h"

#include "core/i18n.h"
#include "core/text.h"
#include "store/gate.h"
#include "store/review.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_MAX_BYTES 512

static int pick_reasons(struct ui *ui, struct store_decision_req *req,
			const char **aCode, char **pzNote)
{
	const char *aLabel[64];
	int aOn[64] = { 0 };
	int nItem = 0;

	for (size_t i = 0; i < ui->reasons.n && nItem < 64; i++) {
		aCode[nItem] = ui->reasons.a[i].code;
		aLabel[nItem++] = rd_catalog_label(&ui->reasons.a[i]);
	}
	if (ui_menu(ui, _("Reasons for rejection"), aLabel, nItem, aOn, NULL,
		    NULL) < 0)
		return 0;
	for (int i = 0, k = 0; i < nItem; i++)
		if (aOn[i])
			aCode[k++] = aCode[i], req->nReason++;
	req->aReason = aCode;
	if (!ui_edit(ui, _("Note to the customers"), "", 1, pzNote))
		return 0;
	req->note = *pzNote;
	return 1;
}

/* Lines for one case: "A1  ✓ passes the gate", or "A2  ✗ <first
 * unmet condition>" and one more line for each further condition, so
 * none is cut off at 80 columns. Returns how many lines were written. */
static int lines_of(const char *zNo, const struct rd_gate_result *r,
		    char (*aLine)[LINE_MAX_BYTES], int nMax)
{
	const char *zMark = r->allowed ? (ui_utf8() ? "✓" : "+")
				       : (ui_utf8() ? "✗" : "x");
	int n = 0;

	if (r->allowed || r->n == 0) {
		snprintf(aLine[n++], LINE_MAX_BYTES, "%s  %s %s", zNo, zMark,
			 r->allowed ? _("passes the gate") : "");
		return n;
	}
	for (size_t i = 0; i < r->n && n < nMax; i++) {
		struct rd_gate_result one = *r;
		char zWhy[LINE_MAX_BYTES - 64];

		one.n = 1;
		one.a[0] = r->a[i];
		store_gate_describe(&one, zWhy, sizeof zWhy);
		if (i == 0)
			snprintf(aLine[n++], LINE_MAX_BYTES, "%s  %s %s", zNo,
				 zMark, zWhy);
		else
			snprintf(aLine[n++], LINE_MAX_BYTES, "%*s  %s",
				 (int)strlen(zNo) + 2, "", zWhy);
	}
	return n;
}

int ui_bulk_decide(struct ui *ui, enum rd_app_action action,
		   const int64_t *aId, int n)
{
	struct store_decision_req req;
	enum rd_gate_action ga = action == RD_ACT_APPROVE
					 ? RD_GATE_BULK_APPROVE
					 : RD_GATE_BULK_REJECT;
	const char *aCode[64];
	char *zNote = NULL, (*aNo)[40] = NULL, (*aLine)[LINE_MAX_BYTES] = NULL;
	const char **apLine = NULL;
	struct rd_gate_result *aRes = NULL;
	rd_status *aSt = NULL;
	int64_t *aRvSeen = NULL;
	int nPass = 0, decided = 0, nLine = 0, nLineMax;
	size_t nDone = 0;
	struct rd_err err;
	char zTitle[160], zQ[160];

	if (n <= 0) {
		ui_status(ui, 1, _("Mark applications with m first"));
		return 0;
	}
	memset(&req, 0, sizeof req);
	req.action = action;
	if (action == RD_ACT_REJECT && !pick_reasons(ui, &req, aCode, &zNote))
		goto done;
	nLineMax = n * (RD_GATE_MAX_UNMET + 1);
	aNo = calloc((size_t)n, sizeof *aNo);
	aLine = calloc((size_t)nLineMax, sizeof *aLine);
	apLine = calloc((size_t)nLineMax, sizeof *apLine);
	aRes = calloc((size_t)n, sizeof *aRes);
	aSt = calloc((size_t)n, sizeof *aSt);
	aRvSeen = calloc((size_t)n, sizeof *aRvSeen);
	if (!aNo || !aLine || !apLine || !aRes || !aSt || !aRvSeen) {
		ui_status(ui, 1, _("out of memory"));
		goto done;
	}
	/* What the gate says now, case by case (read only). */
	for (int i = 0; i < n; i++) {
		rd_err_clear(&err);
		/* The decision carries the row_version of what the list
		 * shows: a change after it is a conflict, not a surprise. */
		if (store_gate_preview(ui->st, ui->op, aId[i], ga, false,
				       req.nReason, &aRes[i], aNo[i],
				       sizeof aNo[i], &aRvSeen[i],
				       &err) != RD_OK) {
			snprintf(aLine[nLine++], sizeof aLine[0], "%s  %s",
				 aNo[i], rd_err_msg(&err));
			aRes[i].allowed = false;
		} else {
			nLine += lines_of(aNo[i], &aRes[i], aLine + nLine,
					  nLineMax - nLine);
		}
		nPass += aRes[i].allowed;
	}
	for (int k = 0; k < nLine; k++)
		apLine[k] = aLine[k];
	snprintf(zTitle, sizeof zTitle,
		 action == RD_ACT_APPROVE ? _("Bulk approve: %d marked")
					  : _("Bulk reject: %d marked"),
		 n);
	if (nPass == 0) {
		int all_role = 1;

		ui_list_confirm(ui, zTitle, apLine, nLine,
				_("No marked case passes the gate; nothing to "
				  "do. Close?"));
		ui_status(ui, 1, _("No marked case passes the gate"));
		/* Refused for lack of role on every case: none can pass,
		 * so hand them to the store, which refuses and audits. */
		for (int i = 0; i < n; i++)
			all_role &= rd_gate_has(&aRes[i], RD_GATE_C_ROLE);
		if (all_role)
			store_review_bulk(ui->st, ui->op, aId, aRvSeen, (size_t)n,
					  &req, &nDone, aSt, aRes, &err);
		/* Nothing to decide: the marks are spent. */
		decided = 1;
		goto done;
	}
	snprintf(zQ, sizeof zQ,
		 action == RD_ACT_APPROVE
			 ? _("Approve the %d that pass, skip %d?")
			 : _("Reject the %d that pass, skip %d?"),
		 nPass, n - nPass);
	if (!ui_list_confirm(ui, zTitle, apLine, nLine, zQ))
		goto done;
	rd_err_clear(&err);
	store_review_bulk(ui->st, ui->op, aId, aRvSeen, (size_t)n, &req, &nDone,
			  aSt, aRes, &err);
	decided = 1;
	{
		char zSkip[256] = "";
		size_t off = 0;

		for (int i = 0; i < n && off < sizeof zSkip; i++)
			if (aSt[i] != RD_OK)
				off += (size_t)snprintf(zSkip + off,
							sizeof zSkip - off,
							"%s%s", off ? ", " : "",
							aNo[i]);
		if (off)
			ui_status(ui, 1, _("%zu decided; skipped: %s"), nDone,
				  zSkip);
		else
			ui_status(ui, 0, _("%zu decided"), nDone);
	}
done:
	free(zNote);
	free(aNo);
	free(aLine);
	free(apLine);
	free(aRes);
	free(aSt);
	free(aRvSeen);
	return decided;
}
