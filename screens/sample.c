/*
 * sample.c — the self-audit sample screen (see sample.h).
 */
#include "screens/sample.h"

#include "core/i18n.h"
#include "core/sample.h"
#include "core/text.h"
#include "core/timefmt.h"
#include "store/sample.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sample_row {
	char app_no[32];
	char decider[64];
	char reviewer[64];
	char verdict[12];
	char note[256];
	int64_t reviewed_at;
};

static struct {
	struct sample_row *rows;
	int n, cap, cur, top;
	int year, quarter;         /* shown */
	int drawn;                 /* the quarter has a sample */
	struct store_sample_info info;
} S;

static void quarter_name(char *z, size_t n)
{
	snprintf(z, n, "%04dQ%d", S.year, S.quarter);
}

static int add_row(void *ctx, const struct store_sample_row *r)
{
	struct sample_row row;

	(void)ctx;
	memset(&row, 0, sizeof row);
	snprintf(row.app_no, sizeof row.app_no, "%s", r->app_no);
	snprintf(row.decider, sizeof row.decider, "%s", r->decider);
	snprintf(row.reviewer, sizeof row.reviewer, "%s", r->reviewer);
	snprintf(row.verdict, sizeof row.verdict, "%s", r->verdict);
	snprintf(row.note, sizeof row.note, "%s", r->note);
	row.reviewed_at = r->reviewed_at;
	return ui_append(&S.rows, &S.n, &S.cap, &row, sizeof row);
}

static void load(struct ui *ui)
{
	struct rd_err err;
	char zQ[16];
	rd_status rc;

	rd_err_clear(&err);
	S.n = 0;
	quarter_name(zQ, sizeof zQ);
	rc = store_sample_list(ui->st, zQ, &S.info, add_row, NULL, &err);
	S.drawn = rc == RD_OK;
	if (rc != RD_OK && rc != RD_ERR_NOTFOUND)
		ui_status(ui, 1, "%s", rd_err_msg(&err));
	if (S.cur >= S.n)
		S.cur = S.n > 0 ? S.n - 1 : 0;
}

static void enter(struct ui *ui)
{
	struct rd_tm tm;

	if (!S.year && rd_time_to_local(ui_now(), &tm) == RD_OK) {
		S.year = tm.year;
		S.quarter = (tm.mon - 1) / 3 + 1;
	}
	load(ui);
}

static const char *verdict_label(const char *v)
{
	if (!v[0])
		return C_("sample", "open");
	return !strcmp(v, "agree") ? _("agree") : _("disagree");
}

static void draw(struct ui *ui)
{
	char zQ[16], zTitle[256];
	int rows = LINES - 5, y;

	erase();
	quarter_name(zQ, sizeof zQ);
	if (S.drawn)
		snprintf(zTitle, sizeof zTitle,
			 _("Self-audit sample %s · %d of %lld approvals · "
			   "seed %llu"),
			 zQ, S.n, (long long)S.info.population,
			 (unsigned long long)S.info.seed);
	else
		snprintf(zTitle, sizeof zTitle,
			 _("Self-audit sample %s · not drawn yet "
			   "(radesk audit sample --quarter %s)"), zQ, zQ);
	ui_put(0, 0, COLS, zTitle, ui_attr(ui, UI_HEADER));
	y = 1;
	{
		int x = 0;

		x = ui_cell(y, x, 18, _("Application"), ui_attr(ui, UI_SECTION), 0);
		x = ui_cell(y, x, 10, _("Decided by"), ui_attr(ui, UI_SECTION), 0);
		x = ui_cell(y, x, 10, _("Reviewer"), ui_attr(ui, UI_SECTION), 0);
		x = ui_cell(y, x, 8, _("Verdict"), ui_attr(ui, UI_SECTION), 0);
		ui_cell(y, x, COLS - x, _("Note"), ui_attr(ui, UI_SECTION), 0);
	}
	if (S.cur < S.top)
		S.top = S.cur;
	if (rows > 0 && S.cur >= S.top + rows)
		S.top = S.cur - rows + 1;
	for (int i = S.top; i < S.n && i < S.top + rows; i++) {
		const struct sample_row *r = &S.rows[i];
		int mine = !strcmp(r->reviewer, ui->op->login);
		int a = i == S.cur ? ui_attr(ui, UI_CURSOR)
			: !r->verdict[0] && mine ? ui_attr(ui, UI_DUE_SOON)
			: ui_attr(ui, UI_NORMAL);
		int x = 0;

		y = 2 + i - S.top;
		ui_fill(y, a);
		x = ui_cell(y, x, 18, r->app_no, a, 0);
		x = ui_cell(y, x, 10, r->decider, a, 0);
		x = ui_cell(y, x, 10, r->reviewer, a, 0);
		x = ui_cell(y, x, 8, verdict_label(r->verdict), a, 0);
		ui_cell(y, x, COLS - x, r->note, a, 0);
	}
	if (S.n == 0 && S.drawn)
		ui_put(2, 0, COLS, _("The sample is empty: nothing was approved "
				     "in the quarter."), ui_attr(ui, UI_DIM));
	ui_put(LINES - 3, 0, COLS,
	       _("Enter re-review an item assigned to you  [ ] quarter  "
		 "q back"), ui_attr(ui, UI_DIM));
	ui_status_draw(ui);
	ui_keybar_draw(ui);
}

static void review(struct ui *ui)
{
	static const char *aItem[2];
	const struct sample_row *r;
	struct rd_err err;
	char zQ[16], zTitle[160], *zNote = NULL;
	int pick;
	rd_status rc;

	if (S.cur >= S.n)
		return;
	r = &S.rows[S.cur];
	if (r->verdict[0]) {
		ui_status(ui, 1, _("%s was re-reviewed already"), r->app_no);
		return;
	}
	aItem[0] = _("Agree with the decision");
	aItem[1] = _("Disagree with the decision");
	snprintf(zTitle, sizeof zTitle, _("Re-review of %s"), r->app_no);
	pick = ui_menu(ui, zTitle, aItem, 2, NULL, NULL, NULL);
	if (pick < 0)
		return;
	if (!ui_edit(ui, _("Note on the re-review"), "", 0, &zNote))
		return;
	rd_err_clear(&err);
	quarter_name(zQ, sizeof zQ);
	rc = store_sample_review(ui->st, zQ, r->app_no, ui->op->id,
				 ui->op->login, pick == 0 ? "agree" : "disagree",
				 zNote, ui_now(), &err);
	free(zNote);
	if (rc != RD_OK) {
		ui_status(ui, 1, "%s", rd_err_msg(&err));
	} else {
		ui_note_write(ui);
		ui_status(ui, 0, _("re-review of %s recorded"), r->app_no);
	}
	load(ui);
}

static void key(struct ui *ui, enum ui_req req, int is_key, wint_t ch)
{
	(void)is_key;
	(void)ch;
	if (ui_list_move(req, &S.cur, S.n, LINES - 5))
		return;
	switch (req) {
	case UI_REQ_BACK:
		ui_back(ui);
		break;
	case UI_REQ_ENTER:
		review(ui);
		break;
	case UI_REQ_NEXT_TAB:
	case UI_REQ_PREV_TAB:
		S.quarter += req == UI_REQ_NEXT_TAB ? 1 : -1;
		if (S.quarter > 4) {
			S.quarter = 1;
			S.year++;
		} else if (S.quarter < 1) {
			S.quarter = 4;
			S.year--;
		}
		S.cur = S.top = 0;
		load(ui);
		break;
	default:
		break;
	}
}

static void reload(struct ui *ui)
{
	load(ui);
}

void ui_sample_fini(struct ui *ui)
{
	(void)ui;
	free(S.rows);
	memset(&S, 0, sizeof S);
}

const struct screen_ops ui_sample_screen = {
	.name = "sample",
	.enter = enter,
	.draw = draw,
	.key = key,
	.resize = NULL,
	.reload = reload,
	.tick = NULL,
	.leave = NULL,
};
