/*
 * bank.c — the bank statement screen (see bank.h): what is left to
 * reconcile, in three tabs, each read page by page by key from the store
 * (store_payment_unmatched_page, store_bank_free_lines,
 * store_bank_imports); more is read when the cursor reaches the end of
 * what is loaded.
 */
#include "screens/bank.h"

#include "core/i18n.h"
#include "core/mask.h"
#include "core/money.h"
#include "core/text.h"
#include "core/timefmt.h"
#include "store/payments.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BANK_PAGE 100

enum { TAB_PAY, TAB_LINE, TAB_IMPORT, NTAB };

/* Application numbers are 18 digits in bundle format 1; the column
 * never cuts one. */
#define APP_NO_W 18
static struct {
	int tab;
	struct ui_pager pg[NTAB];
	struct store_payment *aPay;
	struct store_bank_row *aLine;
	struct store_bank_import_row *aImp;
	int cap[NTAB];
	struct store_reconcile_counts cnt;
	const struct screen_ops *back;  /* where Back goes */
	int opened;                     /* we opened the detail last */
} B;

void ui_bank_fini(struct ui *ui)
{
	(void)ui;
	free(B.aPay);
	free(B.aLine);
	free(B.aImp);
	memset(&B, 0, sizeof B);
}

/* ------------------------------------------------------------ cells */

void ui_bank_line_cells(int y, int x, const struct bank_line *l, int attr,
			int amount_attr)
{
	char zAmt[RD_MONEY_BUFSZ], zAcct[RD_MASK_BUFSZ];
	int rest;

	rd_money_format(l->amount_fen, zAmt, sizeof zAmt);
	rd_mask_account_fit(l->payer_account, UI_BANK_ACCOUNT_W, zAcct,
			    sizeof zAcct);
	x = ui_cell(y, x, 10, l->value_date, attr, 0);
	x = ui_cell(y, x, 12, zAmt, amount_attr, 1);
	x = ui_cell(y, x, UI_BANK_ACCOUNT_W, zAcct, attr, 0);
	rest = COLS - x;
	if (rest >= 40) {
		x = ui_cell(y, x, rest - 16, l->payer_name, attr, 0);
		ui_cell(y, x, 15, l->bank_ref, attr, 0);
	} else {
		ui_cell(y, x, rest, l->payer_name, attr, 0);
	}
}

void ui_bank_line_header(struct ui *ui, int y, int x)
{
	int attr = ui_attr(ui, UI_HEADER), rest;

	x = ui_cell(y, x, 10, _("Date"), attr, 0);
	x = ui_cell(y, x, 12, _("Amount"), attr, 1);
	x = ui_cell(y, x, UI_BANK_ACCOUNT_W, _("Payer account"), attr, 0);
	rest = COLS - x;
	if (rest >= 40) {
		x = ui_cell(y, x, rest - 16, _("Payer name"), attr, 0);
		ui_cell(y, x, 15, _("Bank ref."), attr, 0);
	} else {
		ui_cell(y, x, rest, _("Payer name"), attr, 0);
	}
}

/* ------------------------------------------------------------ loading */

static int add_pay(void *ctx, const struct store_payment *p)
{
	(void)ctx;
	return ui_append(&B.aPay, &B.pg[TAB_PAY].n, &B.cap[TAB_PAY], p,
			 sizeof *p);
}

static int add_line(void *ctx, const struct store_bank_row *r)
{
	(void)ctx;
	return ui_append(&B.aLine, &B.pg[TAB_LINE].n, &B.cap[TAB_LINE], r,
			 sizeof *r);
}

static int add_import(void *ctx, const struct store_bank_import_row *r)
{
	(void)ctx;
	return ui_append(&B.aImp, &B.pg[TAB_IMPORT].n, &B.cap[TAB_IMPORT], r,
			 sizeof *r);
}

/* Read the next page of the current tab after the rows loaded. */
static int load_more(struct ui *ui, void *ctx)
{
	struct ui_pager *pg = &B.pg[B.tab];
	struct rd_err err;
	int before = pg->n;
	rd_status rc;

	(void)ctx;
	rd_err_clear(&err);
	switch (B.tab) {
	case TAB_PAY:
		rc = store_payment_unmatched_page(ui->st,
						  pg->n ? B.aPay[pg->n - 1].id
							: 0,
						  BANK_PAGE, add_pay, NULL,
						  &err);
		break;
	case TAB_LINE:
		rc = store_bank_free_lines(ui->st,
					   pg->n ? &B.aLine[pg->n - 1] : NULL,
					   BANK_PAGE, add_line, NULL, &err);
		break;
	default:
		rc = store_bank_imports(ui->st,
					pg->n ? B.aImp[pg->n - 1].id : 0,
					BANK_PAGE, add_import, NULL, &err);
		break;
	}
	pg->more = rc == RD_OK && pg->n - before == BANK_PAGE;
	if (rc != RD_OK) {
		ui_status(ui, 1, "%s", rd_err_msg(&err));
		return 1;
	}
	return 0;
}

static int64_t row_id(int tab, int i)
{
	if (i < 0 || i >= B.pg[tab].n)
		return 0;
	return tab == TAB_PAY ? B.aPay[i].id :
	       tab == TAB_LINE ? B.aLine[i].id : B.aImp[i].id;
}

/* Read the tab again from the top, as far as before, keeping the cursor
 * on the same row when it is still listed. */
static void bank_reload(struct ui *ui)
{
	struct ui_pager *pg = &B.pg[B.tab];
	int64_t id = row_id(B.tab, pg->cur);
	int want = pg->n > BANK_PAGE ? pg->n : BANK_PAGE;
	struct rd_err err;

	rd_err_clear(&err);
	if (store_reconcile_counts(ui->st, &B.cnt, &err) != RD_OK)
		ui_status(ui, 1, "%s", rd_err_msg(&err));
	pg->n = 0;
	pg->more = 0;
	if (load_more(ui, NULL))
		return;
	while (pg->more && pg->n < want && !load_more(ui, NULL))
		;
	for (int i = 0; id && i < pg->n; i++)
		if (row_id(B.tab, i) == id)
			pg->cur = i;
	ui_pager_scroll(pg, LINES - 6);
}

static void bank_enter(struct ui *ui)
{
	/* Back goes where B was pressed: the queue, or the application it
	 * was pressed in (not one opened from here). */
	if (ui->prev == &ui_detail_screen) {
		if (!B.opened)
			B.back = &ui_detail_screen;
		B.opened = 0;
	} else if (ui->prev == &ui_queue_screen || !B.back) {
		B.back = &ui_queue_screen;
	}
	bank_reload(ui);
}

/* ------------------------------------------------------------ drawing */

static void draw_pay(struct ui *ui, int y, const struct store_payment *p,
		     int attr)
{
	char zAmt[RD_MONEY_BUFSZ], zAcct[RD_MASK_BUFSZ];
	int64_t fen = p->xfer_amount_fen ? p->xfer_amount_fen : p->amount_fen;
	int x;

	(void)ui;
	rd_money_format(fen, zAmt, sizeof zAmt);
	rd_mask_account_fit(p->payer_account, UI_BANK_ACCOUNT_W, zAcct,
			    sizeof zAcct);
	x = ui_cell(y, 0, APP_NO_W, p->app_no, attr, 0);
	x = ui_cell(y, x, 10, p->xfer_date[0] ? p->xfer_date : "—", attr, 0);
	x = ui_cell(y, x, 12, zAmt, attr, 1);
	x = ui_cell(y, x, UI_BANK_ACCOUNT_W, zAcct, attr, 0);
	ui_cell(y, x, COLS - x, p->payer_name, attr, 0);
}

static void draw_import(int y, const struct store_bank_import_row *r,
			int attr, int badAttr)
{
	char zAt[RD_TIME_BUFSZ], z[16];
	int x;

	rd_time_format_local(r->imported_at, zAt, sizeof zAt, RD_TIME_MINUTES);
	x = ui_cell(y, 0, 16, zAt, attr, 0);
	snprintf(z, sizeof z, "%d", r->lines_ok);
	x = ui_cell(y, x, 6, z, attr, 1);
	snprintf(z, sizeof z, "%d", r->lines_dup);
	x = ui_cell(y, x, 6, z, attr, 1);
	snprintf(z, sizeof z, "%d", r->lines_bad);
	x = ui_cell(y, x, 6, z, r->lines_bad ? badAttr : attr, 1);
	x = ui_cell(y, x, 12, r->operator_login, attr, 0);
	ui_cell(y, x, COLS - x, r->file_name, attr, 0);
}

static void draw_header(struct ui *ui)
{
	int attr = ui_attr(ui, UI_HEADER), x;

	ui_fill(2, 0);
	switch (B.tab) {
	case TAB_PAY:
		x = ui_cell(2, 0, APP_NO_W, _("Application"), attr, 0);
		x = ui_cell(2, x, 10, _("Declared"), attr, 0);
		x = ui_cell(2, x, 12, _("Amount"), attr, 1);
		x = ui_cell(2, x, UI_BANK_ACCOUNT_W, _("Payer account"), attr,
			    0);
		ui_cell(2, x, COLS - x, _("Payer name"), attr, 0);
		break;
	case TAB_LINE:
		x = ui_cell(2, 0, 7, _("Line"), attr, 1);
		ui_bank_line_header(ui, 2, x);
		break;
	default:
		x = ui_cell(2, 0, 16, _("Imported"), attr, 0);
		x = ui_cell(2, x, 6, C_("bank", "New"), attr, 1);
		x = ui_cell(2, x, 6, _("Known"), attr, 1);
		x = ui_cell(2, x, 6, _("Bad"), attr, 1);
		x = ui_cell(2, x, 12, _("By"), attr, 0);
		ui_cell(2, x, COLS - x, _("File"), attr, 0);
		break;
	}
}

static void bank_draw(struct ui *ui)
{
	static const char *const aHint[NTAB] = {
		N_("Bank transfers not matched yet — Enter opens the "
		   "application, p there matches it by hand"),
		N_("Statement lines no payment uses — match them from the "
		   "application's detail (p)"),
		N_("Statement files imported (radesk bank import): new, "
		   "already known and bad lines"),
	};
	const struct ui_pager *pg = &B.pg[B.tab];
	char zLab[NTAB][64];
	const char *aLabel[NTAB];
	int rows = LINES - 6;

	snprintf(zLab[TAB_PAY], sizeof zLab[0], _("To match %lld"),
		 (long long)B.cnt.unmatched);
	snprintf(zLab[TAB_LINE], sizeof zLab[0], _("Free lines %lld"),
		 (long long)B.cnt.free_lines);
	snprintf(zLab[TAB_IMPORT], sizeof zLab[0], _("Imports %lld"),
		 (long long)B.cnt.imports);
	for (int i = 0; i < NTAB; i++)
		aLabel[i] = zLab[i];
	ui_fill(0, ui_attr(ui, UI_BAR));
	{
		int x = ui_tabs_draw(ui, 0, aLabel, NTAB, B.tab);

		if (x < COLS)
			ui_put(0, x, COLS - x, _("  Bank statement"),
			       ui_attr(ui, UI_BAR));
	}
	ui_put(1, 0, COLS, _(aHint[B.tab]), ui_attr(ui, UI_DIM));
	draw_header(ui);
	for (int r = 0; r < rows && pg->top + r < pg->n; r++) {
		int i = pg->top + r, y = 3 + r;
		int sel = i == pg->cur;
		int attr = sel ? ui_attr(ui, UI_CURSOR) : 0;

		if (sel)
			ui_fill(y, attr);
		if (B.tab == TAB_PAY) {
			draw_pay(ui, y, &B.aPay[i], attr);
		} else if (B.tab == TAB_LINE) {
			char zId[24];
			int x;

			snprintf(zId, sizeof zId, "%lld",
				 (long long)B.aLine[i].id);
			x = ui_cell(y, 0, 7, zId, attr, 1);
			ui_bank_line_cells(y, x, &B.aLine[i].line, attr, attr);
		} else {
			draw_import(y, &B.aImp[i], attr,
				    sel ? attr : ui_attr(ui, UI_WARN));
		}
	}
	if (pg->n == 0)
		ui_put(4, 2, COLS - 4,
		       B.tab == TAB_IMPORT ? _("No statement imported yet.")
					   : _("Nothing left to reconcile here."),
		       ui_attr(ui, UI_DIM));
	ui_status_draw(ui);
	ui_keybar_draw(ui);
}

/* ------------------------------------------------------------ keys */

static void bank_key(struct ui *ui, enum ui_req r, int is_key, wint_t ch)
{
	struct ui_pager *pg = &B.pg[B.tab];

	(void)is_key;
	(void)ch;
	if (ui_pager_key(ui, pg, r, LINES - 6, load_more, NULL))
		return;
	switch (r) {
	case UI_REQ_NEXT_TAB:
	case UI_REQ_PREV_TAB:
		B.tab = (B.tab + (r == UI_REQ_NEXT_TAB ? 1 : NTAB - 1)) % NTAB;
		B.pg[B.tab].cur = B.pg[B.tab].top = 0;
		bank_reload(ui);
		break;
	case UI_REQ_ENTER:
		if (B.tab == TAB_PAY && pg->n > 0) {
			ui->detail_id = B.aPay[pg->cur].app_id;
			B.opened = 1;
			B.back = &ui_queue_screen;
			ui->detail_back = &ui_bank_screen;
			ui_switch(ui, &ui_detail_screen);
		} else if (B.tab == TAB_LINE && pg->n > 0) {
			ui_status(ui, 0, "%s",
				  _("Open the application the line pays for "
				    "and press p there to match it"));
		}
		break;
	case UI_REQ_BACK:
		ui_switch(ui, B.back ? B.back : &ui_queue_screen);
		break;
	case UI_REQ_NONE:
		break;
	default:
		ui_status(ui, 0, "%s", _("Not available here; ? shows the keys"));
		break;
	}
}

static void bank_resize(struct ui *ui)
{
	ui_pager_scroll(&B.pg[B.tab], LINES - 6);
	(void)ui;
}

const struct screen_ops ui_bank_screen = {
	.name = "bank",
	.enter = bank_enter,
	.draw = bank_draw,
	.key = bank_key,
	.resize = bank_resize,
	.reload = bank_reload,
	.leave = NULL,
};
