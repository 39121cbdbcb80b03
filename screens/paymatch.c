/*
 * paymatch.c — the payment of one application: its lines in the detail
 * screen, the `p` action, and the picker that matches a bank transfer
 * with a statement line by hand (see bank.h).
 *
 * The picker reads the candidates page by page in the store's order
 * (store_bank_candidates: the declared amount first, then the payer most
 * alike, then the nearest date). The match itself is one audited store
 * transaction that checks again that the payment is unmatched and the
 * line free, so two auditors picking at once cannot both win.
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

#define PICK_PAGE 100
#define PICK_TOP 4              /* rows above the list */

static struct {
	int64_t app_id;
	struct store_payment pay;
	struct store_bank_candidate *a;
	int cap;
	struct ui_pager pg;
} P;

void ui_paymatch_fini(struct ui *ui)
{
	(void)ui;
	free(P.a);
	memset(&P, 0, sizeof P);
}

/* People's words for payments.state. */
static const char *pay_state_label(const char *z)
{
	static const char *const aName[][2] = {
		{ "online", N_("paid online") },
		{ "unmatched", N_("unmatched") },
		{ "matched", N_("matched") },
		{ "manual", N_("matched by hand") },
		{ "refunded", N_("refunded") },
	};

	for (size_t i = 0; i < sizeof aName / sizeof aName[0]; i++)
		if (!strcmp(aName[i][0], z))
			return _(aName[i][1]);
	return z;
}

/* The amount the customer declared for the transfer. */
static int64_t declared_fen(const struct store_payment *p)
{
	return p->xfer_amount_fen ? p->xfer_amount_fen : p->amount_fen;
}

/* ------------------------------------------------------------ detail */

static void emit(ui_line_fn fn, void *ctx, int role, const char *zLabel,
		 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void emit(ui_line_fn fn, void *ctx, int role, const char *zLabel,
		 const char *fmt, ...)
{
	char zLab[RD_TEXT_BUFSZ(20)], z[1024], zLine[1200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(z, sizeof z, fmt, ap);
	va_end(ap);
	rd_text_fit(zLabel, 18, zLab, sizeof zLab);
	snprintf(zLine, sizeof zLine, "  %s %s", zLab, z);
	fn(ctx, role, zLine);
}

void ui_payment_lines(struct ui *ui, int64_t app_id, ui_line_fn fn,
		      void *ctx)
{
	struct store_payment p;
	char zAt[RD_TIME_BUFSZ], zAmt[RD_MONEY_BUFSZ], zAcct[RD_MASK_BUFSZ];
	const char *zWhat = _("Reconciliation");

	if (store_payment_get(ui->st, app_id, &p, NULL) != RD_OK)
		return;
	if (!strcmp(p.state, "online")) {
		emit(fn, ctx, UI_OK, zWhat, "%s", pay_state_label(p.state));
		return;
	}
	if (!strcmp(p.state, "refunded")) {
		emit(fn, ctx, UI_WARN, zWhat, "%s", pay_state_label(p.state));
		return;
	}
	if (!strcmp(p.state, "unmatched")) {
		emit(fn, ctx, UI_OVERDUE, zWhat, "%s",
		     _("not found in the bank statement yet (p: match by "
		       "hand)"));
		return;
	}
	rd_time_format_local(p.matched_at, zAt, sizeof zAt, RD_TIME_MINUTES);
	if (p.matched_by[0])
		emit(fn, ctx, UI_OK, zWhat, _("matched by hand by %s, %s"),
		     p.matched_by, zAt);
	else
		emit(fn, ctx, UI_OK, zWhat, _("matched automatically, %s"), zAt);
	if (!p.line_id)
		return;
	rd_money_format(p.line.amount_fen, zAmt, sizeof zAmt);
	emit(fn, ctx, UI_NORMAL, _("Statement line"),
	     _("%lld · %s · %s · ref. %s · %s"), (long long)p.line_id,
	     p.line.value_date, zAmt,
	     p.line.bank_ref[0] ? p.line.bank_ref : "—", p.line.payer_name);
	/* The bank's account stays masked: saying whether it is the one
	 * the customer declared is what the auditor needs. */
	rd_mask_account(p.line.payer_account, zAcct, sizeof zAcct);
	emit(fn, ctx, UI_NORMAL, _("Statement account"), "%s (%s)", zAcct,
	     strcmp(p.line.payer_account, p.payer_account) ?
		     _("not the declared account") :
		     _("the declared account"));
	if (p.line.amount_fen != declared_fen(&p)) {
		rd_money_format(declared_fen(&p), zAmt, sizeof zAmt);
		emit(fn, ctx, UI_WARN, "", _("the amount differs from the "
					     "declared %s"),
		     zAmt);
	}
}

int ui_paymatch_open(struct ui *ui)
{
	struct store_payment p;
	struct rd_err err;
	char zQ[256];

	rd_err_clear(&err);
	if (store_payment_get(ui->st, ui->detail_id, &p, &err) != RD_OK) {
		ui_status(ui, 1, "%s", rd_err_msg(&err));
		return 0;
	}
	if (strcmp(p.method, "transfer")) {
		ui_status(ui, 0, _("Paid online (trade no. %s): nothing to "
				   "match"),
			  p.trade_no);
		return 0;
	}
	if (!strcmp(p.state, "unmatched")) {
		ui_switch(ui, &ui_paymatch_screen);
		return 0;
	}
	if (!strcmp(p.state, "matched")) {
		ui_status(ui, 0, _("Matched automatically with statement line "
				   "%lld"),
			  (long long)p.line_id);
		return 0;
	}
	if (strcmp(p.state, "manual")) {
		ui_status(ui, 0, _("The payment is %s"),
			  pay_state_label(p.state));
		return 0;
	}
	if (!ui_is_supervisor(ui)) {
		ui_status(ui, 0, _("Matched by hand by %s; only a supervisor can "
				   "undo it"),
			  p.matched_by);
		return 0;
	}
	snprintf(zQ, sizeof zQ,
		 _("Undo the match of %s with statement line %lld (by %s)?"),
		 p.app_no, (long long)p.line_id, p.matched_by);
	if (!ui_confirm(ui, zQ)) {
		ui_status(ui, 0, "%s", C_("menu", "Cancelled"));
		return 0;
	}
	if (store_payment_unmatch(ui->st, ui->op, ui->detail_id, &err) !=
	    RD_OK) {
		ui_status(ui, 1, "%s", rd_err_msg(&err));
		return 1;
	}
	ui_note_write(ui);
	ui_status(ui, 0, _("The payment of %s is unmatched again; line %lld "
			   "is free"),
		  p.app_no, (long long)p.line_id);
	return 1;
}

/* ------------------------------------------------------------ picker */

static int add_candidate(void *ctx, const struct store_bank_candidate *c)
{
	(void)ctx;
	return ui_append(&P.a, &P.pg.n, &P.cap, c, sizeof *c);
}

static int load_more(struct ui *ui, void *ctx)
{
	struct rd_err err;
	int before = P.pg.n;
	rd_status rc;

	(void)ctx;
	rd_err_clear(&err);
	rc = store_bank_candidates(ui->st, P.app_id,
				   P.pg.n ? &P.a[P.pg.n - 1] : NULL, PICK_PAGE,
				   add_candidate, NULL, &err);
	P.pg.more = rc == RD_OK && P.pg.n - before == PICK_PAGE;
	if (rc != RD_OK) {
		ui_status(ui, 1, "%s", rd_err_msg(&err));
		return 1;
	}
	return 0;
}

/* Read the payment and the candidates again, keeping the cursor on the
 * same line; back to the detail when there is nothing left to match. */
static void pick_reload(struct ui *ui)
{
	int64_t id = P.pg.n ? P.a[P.pg.cur].row.id : 0;
	int want = P.pg.n > PICK_PAGE ? P.pg.n : PICK_PAGE;
	struct rd_err err;

	rd_err_clear(&err);
	if (store_payment_get(ui->st, P.app_id, &P.pay, &err) != RD_OK) {
		ui_status(ui, 1, "%s", rd_err_msg(&err));
		ui_switch(ui, &ui_detail_screen);
		return;
	}
	if (strcmp(P.pay.state, "unmatched")) {
		ui_status(ui, 0, _("The payment of %s is %s now"), P.pay.app_no,
			  pay_state_label(P.pay.state));
		ui_switch(ui, &ui_detail_screen);
		return;
	}
	P.pg.n = 0;
	P.pg.more = 0;
	if (load_more(ui, NULL))
		return;
	while (P.pg.more && P.pg.n < want && !load_more(ui, NULL))
		;
	for (int i = 0; id && i < P.pg.n; i++)
		if (P.a[i].row.id == id)
			P.pg.cur = i;
	ui_pager_scroll(&P.pg, LINES - PICK_TOP - 2);
}

static void pick_enter(struct ui *ui)
{
	P.app_id = ui->detail_id;
	memset(&P.pg, 0, sizeof P.pg);
	pick_reload(ui);
}

static void pick_draw(struct ui *ui)
{
	char z[512], zAmt[RD_MONEY_BUFSZ], zAcct[RD_MASK_BUFSZ];
	int rows = LINES - PICK_TOP - 2, x;
	int hdr = ui_attr(ui, UI_HEADER);

	ui_fill(0, ui_attr(ui, UI_BAR));
	snprintf(z, sizeof z,
		 _("Match a bank transfer by hand — %s   Enter match · Esc "
		   "back"),
		 P.pay.app_no);
	ui_put(0, 0, COLS, z, ui_attr(ui, UI_BAR));
	rd_money_format(declared_fen(&P.pay), zAmt, sizeof zAmt);
	rd_mask_account(P.pay.payer_account, zAcct, sizeof zAcct);
	snprintf(z, sizeof z, _("Declared: %s · %s · %s · %s"),
		 P.pay.xfer_date[0] ? P.pay.xfer_date : "—", zAmt, zAcct,
		 P.pay.payer_name);
	ui_put(1, 0, COLS, z, A_BOLD);
	ui_put(2, 0, COLS,
	       _("Best first. ¥ same amount · A/a same account/last 4 "
		 "digits · N/n same/alike name"),
	       ui_attr(ui, UI_DIM));
	ui_fill(3, 0);
	x = ui_cell(3, 0, 3, _("Fit"), hdr, 0);
	x = ui_cell(3, x, 5, _("Days"), hdr, 1);
	ui_bank_line_header(ui, 3, x);
	for (int r = 0; r < rows && P.pg.top + r < P.pg.n; r++) {
		const struct store_bank_candidate *c = &P.a[P.pg.top + r];
		int y = PICK_TOP + r, sel = P.pg.top + r == P.pg.cur;
		int attr = sel ? ui_attr(ui, UI_CURSOR) : 0;
		static const char aLike[][3] = { "-", "a", "A" };
		static const char aName[][3] = { "-", "n", "N" };
		char zFit[16], zDays[16];

		if (sel)
			ui_fill(y, attr);
		snprintf(zFit, sizeof zFit, "%s%s%s",
			 c->same_amount ? "¥" : "-", aLike[c->account],
			 aName[c->name]);
		snprintf(zDays, sizeof zDays, "%+dd", c->days);
		x = ui_cell(y, 0, 3, zFit, attr, 0);
		x = ui_cell(y, x, 5, c->days ? zDays : "0d", attr, 1);
		ui_bank_line_cells(y, x, &c->row.line, attr,
				   sel ? attr :
				   ui_attr(ui, c->same_amount ? UI_OK : UI_WARN));
	}
	if (P.pg.n == 0)
		ui_put(PICK_TOP + 1, 2, COLS - 4,
		       _("No free statement line of this amount or near this "
			 "date. Import the next statement (radesk bank "
			 "import) or see the bank screen (B)."),
		       ui_attr(ui, UI_DIM));
	ui_status_draw(ui);
	ui_keybar_draw(ui);
}

static void pick_match(struct ui *ui)
{
	const struct store_bank_candidate *c;
	char zQ[512], zAmt[RD_MONEY_BUFSZ], zDecl[RD_MONEY_BUFSZ];
	struct rd_err err;

	if (P.pg.n == 0)
		return;
	c = &P.a[P.pg.cur];
	rd_money_format(c->row.line.amount_fen, zAmt, sizeof zAmt);
	rd_money_format(declared_fen(&P.pay), zDecl, sizeof zDecl);
	if (!c->same_amount) {
		snprintf(zQ, sizeof zQ,
			 _("The amounts differ: %s on the statement, %s "
			   "declared. Match anyway?"),
			 zAmt, zDecl);
		if (!ui_confirm(ui, zQ)) {
			ui_status(ui, 0, "%s", C_("menu", "Cancelled"));
			return;
		}
	}
	snprintf(zQ, sizeof zQ, _("Match %s with line %lld: %s, %s, %s?"),
		 P.pay.app_no, (long long)c->row.id, c->row.line.value_date,
		 zAmt, c->row.line.payer_name);
	if (!ui_confirm(ui, zQ)) {
		ui_status(ui, 0, "%s", C_("menu", "Cancelled"));
		return;
	}
	rd_err_clear(&err);
	if (store_payment_match_manual(ui->st, ui->op->login, ui->op->id,
				       P.pay.app_no, c->row.id,
				       &err) != RD_OK) {
		ui_status(ui, 1, "%s", rd_err_msg(&err));
		ui_note_write(ui);
		pick_reload(ui);
		return;
	}
	ui_note_write(ui);
	ui_status(ui, 0, _("Matched %s with statement line %lld by hand"),
		  P.pay.app_no, (long long)c->row.id);
	ui_switch(ui, &ui_detail_screen);
}

static void pick_key(struct ui *ui, enum ui_req r, int is_key, wint_t ch)
{
	(void)is_key;
	(void)ch;
	if (ui_pager_key(ui, &P.pg, r, LINES - PICK_TOP - 2, load_more, NULL))
		return;
	switch (r) {
	case UI_REQ_ENTER:
		pick_match(ui);
		break;
	case UI_REQ_BACK:
		ui_switch(ui, &ui_detail_screen);
		break;
	case UI_REQ_NONE:
		break;
	default:
		ui_status(ui, 0, "%s", _("Not available here; ? shows the keys"));
		break;
	}
}

static void pick_resize(struct ui *ui)
{
	(void)ui;
	ui_pager_scroll(&P.pg, LINES - PICK_TOP - 2);
}

const struct screen_ops ui_paymatch_screen = {
	.name = "paymatch",
	.enter = pick_enter,
	.draw = pick_draw,
	.key = pick_key,
	.resize = pick_resize,
	.reload = pick_reload,
	.leave = NULL,
};
