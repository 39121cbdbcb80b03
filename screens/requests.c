/*
 * requests.c — the portal requests screen (see requests.h). The rows are
 * few (open requests wait for a person), read whole on entering and on
 * every change.
 */
#include "screens/requests.h"

#include "core/i18n.h"
#include "core/mask.h"
#include "core/money.h"
#include "core/state.h"
#include "core/text.h"
#include "core/timefmt.h"
#include "store/request_act.h"
#include "store/requests.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { T_OPEN, T_ALL, NTAB };

static const char *const aTabLabel[NTAB] = { N_("Open"), N_("All") };

static struct {
	struct store_request_row *rows;
	size_t n;
	int cur, top, tab;
} R;

void ui_requests_fini(struct ui *ui)
{
	(void)ui;
	free(R.rows);
	memset(&R, 0, sizeof R);
}

static void load(struct ui *ui)
{
	struct rd_err err;
	int64_t id = R.n && (size_t)R.cur < R.n ? R.rows[R.cur].id : 0;

	rd_err_clear(&err);
	free(R.rows);
	R.rows = NULL;
	R.n = 0;
	if (store_request_list(ui->st, R.tab == T_OPEN, &R.rows, &R.n, &err) !=
	    RD_OK) {
		ui_status(ui, 1, "%s", rd_err_msg(&err));
		return;
	}
	R.cur = 0;
	for (size_t i = 0; id && i < R.n; i++)
		if (R.rows[i].id == id)
			R.cur = (int)i;
}

static void requests_enter(struct ui *ui)
{
	R.top = 0;
	load(ui);
}

static void requests_reload(struct ui *ui)
{
	load(ui);
}

/* The request's state in words (as `radesk request list` says it). */
static const char *state_label(const struct store_request_row *r,
			       enum ui_role *role)
{
	*role = UI_DIM;
	if (!strcmp(r->outcome, "cancelled"))
		return _("cancelled");
	if (!strcmp(r->outcome, "paid"))
		return _("refund paid");
	if (!strcmp(r->outcome, "dismissed"))
		return _("dismissed");
	if (r->approved_by[0] && !strcmp(r->state, "open")) {
		*role = UI_WARN;
		return _("approved, to be paid");
	}
	*role = UI_NORMAL;
	return !strcmp(r->state, "open") ? _("open") : _("closed");
}

static int list_rows(void)
{
	return LINES - 7 > 1 ? LINES - 7 : 1;
}

/* The line under the list: when, why and where to for the request under
 * the cursor (the account masked). */
static void draw_more(struct ui *ui, int y)
{
	const struct store_request_row *r;
	char zAt[RD_TIME_BUFSZ], zAcct[64] = "", z[1024];

	if (!R.n)
		return;
	r = &R.rows[R.cur];
	rd_time_format_local(r->requested_at, zAt, sizeof zAt,
			     RD_TIME_MINUTES);
	if (r->refund_account[0])
		rd_mask_account(r->refund_account, zAcct, sizeof zAcct);
	snprintf(z, sizeof z, _("Asked %s · reason: %s%s%s"), zAt,
		 r->reason[0] ? r->reason : _("none given"),
		 zAcct[0] ? _(" · account ") : "", zAcct);
	ui_put(y, 0, COLS, z, ui_attr(ui, UI_DIM));
}

static void requests_draw(struct ui *ui)
{
	const char *aLabel[NTAB];
	int rows = list_rows();

	for (int i = 0; i < NTAB; i++)
		aLabel[i] = _(aTabLabel[i]);
	ui_fill(0, ui_attr(ui, UI_BAR));
	{
		int x = ui_tabs_draw(ui, 0, aLabel, NTAB, R.tab);

		if (x < COLS)
			ui_put(0, x, COLS - x, _("  Portal requests"),
			       ui_attr(ui, UI_BAR));
	}
	ui_put(1, 0, COLS,
	       _("a approve, $ refund paid (another supervisor), x dismiss, "
		 "Enter open, Esc back"),
	       ui_attr(ui, UI_DIM));
	ui_put(2, 0, COLS,
	       _("Application        Kind    State                    "
		 "Amount Route      Approved by"),
	       ui_attr(ui, UI_HEADER));
	if ((size_t)R.cur >= R.n)
		R.cur = R.n ? (int)R.n - 1 : 0;
	if (R.cur < R.top)
		R.top = R.cur;
	if (R.cur >= R.top + rows)
		R.top = R.cur - rows + 1;
	for (int i = 0; i < rows && (size_t)(R.top + i) < R.n; i++) {
		const struct store_request_row *r = &R.rows[R.top + i];
		int y = 3 + i, sel = R.top + i == R.cur;
		int attr = sel ? ui_attr(ui, UI_CURSOR) : 0;
		char zAmt[RD_MONEY_BUFSZ] = "";
		enum ui_role role;
		const char *zState = state_label(r, &role);

		if (sel)
			ui_fill(y, attr);
		ui_put(y, 0, 18, r->app_no, attr);
		ui_put(y, 19, 7,
		       !strcmp(r->kind, "refund") ? _("refund") : _("cancel"),
		       attr);
		ui_put(y, 27, 20, zState, sel ? attr : ui_attr(ui, role));
		if (r->refund_amount_fen > 0)
			rd_money_format(r->refund_amount_fen, zAmt,
					sizeof zAmt);
		ui_cell(y, 48, 10, zAmt, attr, 1);
		ui_put(y, 59, 10,
		       !r->refund_route[0]		   ? ""
		       : !strcmp(r->refund_route, "bank") ? _("bank")
							  : _("original"),
		       attr);
		if (COLS > 71)
			ui_put(y, 70, COLS - 70, r->approved_by, attr);
	}
	if (R.n == 0)
		ui_put(4, 2, COLS - 4,
		       R.tab == T_OPEN ? _("No open requests.")
				       : _("No requests from the portal yet."),
		       ui_attr(ui, UI_DIM));
	draw_more(ui, LINES - 3);
	ui_status_draw(ui);
	ui_keybar_draw(ui);
}

static void act(struct ui *ui, enum store_request_act a)
{
	const struct store_request_row *r;
	char zQ[512], zTitle[256], zAmt[RD_MONEY_BUFSZ] = "";
	struct rd_err err;
	char *zNote = NULL;
	rd_status rc;

	if (!R.n)
		return;
	r = &R.rows[R.cur];
	if (r->refund_amount_fen > 0)
		rd_money_format(r->refund_amount_fen, zAmt, sizeof zAmt);
	if (a == STORE_REQ_APPROVE && !strcmp(r->kind, "cancel"))
		snprintf(zQ, sizeof zQ,
			 _("Cancel %s as the customer asked? Unsent jobs "
			   "stop."),
			 r->app_no);
	else if (a == STORE_REQ_APPROVE)
		snprintf(zQ, sizeof zQ,
			 _("Approve the refund of %s for %s (%s)? Another "
			   "supervisor marks it paid."),
			 zAmt, r->app_no,
			 !strcmp(r->refund_route, "bank")
				 ? _("to a bank account")
				 : _("to the original payment"));
	else if (a == STORE_REQ_PAID)
		snprintf(zQ, sizeof zQ,
			 _("Mark the refund of %s for %s paid back?"), zAmt,
			 r->app_no);
	else
		snprintf(zQ, sizeof zQ,
			 _("Dismiss the request of %s? The application stays "
			   "as it is."),
			 r->app_no);
	snprintf(zTitle, sizeof zTitle, "%s",
		 a == STORE_REQ_APPROVE ? _("Approve: note to the customer")
		 : a == STORE_REQ_PAID	? _("Refund paid: note to the customer")
					: _("Dismiss: note to the customer"));
	if (!ui_edit(ui, zTitle, "", 1, &zNote))
		return;
	if (!ui_confirm(ui, zQ)) {
		free(zNote);
		ui_status(ui, 0, "%s", _("Left as it was; nothing recorded"));
		return;
	}
	rd_err_clear(&err);
	rc = store_request_act(ui->st, ui->op, r->id, a, zNote, &err);
	free(zNote);
	ui_note_write(ui);
	if (rc != RD_OK) {
		ui_status(ui, 1, "%s", rd_err_msg(&err));
		load(ui);
		return;
	}
	ui_status(ui, 0,
		  a == STORE_REQ_APPROVE ? _("Request of %s approved; the "
					     "customer is told")
		  : a == STORE_REQ_PAID	 ? _("Refund of %s paid; the customer "
					     "is told")
					 : _("Request of %s dismissed"),
		  r->app_no);
	load(ui);
}

static void requests_key(struct ui *ui, enum ui_req r, int is_key, wint_t ch)
{
	(void)is_key;
	(void)ch;
	if (ui_list_move(r, &R.cur, (int)R.n, list_rows()))
		return;
	switch (r) {
	case UI_REQ_NEXT_TAB:
	case UI_REQ_PREV_TAB:
		R.tab = (R.tab + 1) % NTAB;
		R.cur = R.top = 0;
		load(ui);
		break;
	case UI_REQ_APPROVE:
		act(ui, STORE_REQ_APPROVE);
		break;
	case UI_REQ_REFUND:
		act(ui, STORE_REQ_PAID);
		break;
	case UI_REQ_REJECT:
		act(ui, STORE_REQ_DISMISS);
		break;
	case UI_REQ_ENTER:
		if (R.n) {
			ui->detail_id = R.rows[R.cur].app_id;
			ui->detail_back = &ui_requests_screen;
			ui_switch(ui, &ui_detail_screen);
		}
		break;
	case UI_REQ_BACK:
		ui_back(ui);
		break;
	default:
		break;
	}
}

static void requests_resize(struct ui *ui)
{
	(void)ui;
}

const struct screen_ops ui_requests_screen = {
	.name = "requests",
	.enter = requests_enter,
	.draw = requests_draw,
	.key = requests_key,
	.resize = requests_resize,
	.reload = requests_reload,
	.leave = NULL,
};
