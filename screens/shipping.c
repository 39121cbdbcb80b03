/*
 * shipping.c — the shipping screen (see shipping.h).
 *
 * Two lists read whole from the store (a day's shipments, the open
 * fulfilment issues; both are short) and kept until the database
 * changes; the cursor and the marks follow shipments by id across
 * reloads. Every action is one store call: the store queues the print
 * or the retry as a job, so nothing here waits on a printer or a
 * provider.
 */
#include "screens/shipping.h"
#include "screens/jobs.h"

#include "core/i18n.h"
#include "core/text.h"
#include "core/timefmt.h"
#include "store/fulfil.h"
#include "store/jobs.h"
#include "store/withdraw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* More than a day ever ships; the screen says when it is cut. */
#define SHIP_MAX 5000
#define ISSUE_MAX 2000

enum { T_SHIP, T_ISSUE, T_COUNT };

static struct {
	int init;
	int tab;
	int64_t day;                       /* local day number shown */
	struct store_ship_row *aShip;
	int nShip, totalShip;
	struct store_fulfil_issue *aIss;
	int nIss, totalIss;
	int64_t *aMark;                    /* marked shipment ids */
	int nMark, capMark;
	int aCur[T_COUNT], aTop[T_COUNT];
	char outlet[40];                   /* o: one outlet's, "" = all */
} S;

void ui_shipping_fini(struct ui *ui)
{
	(void)ui;
	free(S.aShip);
	free(S.aIss);
	free(S.aMark);
	memset(&S, 0, sizeof S);
}

/* ------------------------------------------------------------ names */

static const char *const aShipState[][2] = {
	{ "requested", N_("Waybill pending") },
	{ "created", N_("Waybill made") },
	{ "picked_up", N_("Picked up") },
	{ "in_transit", N_("In transit") },
	{ "delivered", N_("Delivered") },
	{ "returned", N_("Returned") },
};

static const char *const azIssue[] = {
	[STORE_FI_QC_FAILED] = N_("QC failed"),
	[STORE_FI_JOB_DEAD] = N_("Job gave up"),
	[STORE_FI_RETURNED] = N_("Returned"),
	[STORE_FI_PRINT_FAILED] = N_("Print failed"),
};

#define N_ELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *lookup(const char *const a[][2], size_t n, const char *z)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(a[i][0], z))
			return _(a[i][1]);
	return z;
}

const char *ui_ship_state_label(const char *z)
{
	return lookup(aShipState, N_ELEM(aShipState), z);
}

static const char *issue_label(enum store_fulfil_issue_kind k)
{
	return (size_t)k < N_ELEM(azIssue) ? _(azIssue[k]) : "?";
}

/* ------------------------------------------------------------ data */

static void day_range(int64_t *from, int64_t *to)
{
	int y, m, d;

	rd_time_civil_from_days(S.day, &y, &m, &d);
	if (rd_time_from_local(y, m, d, 0, 0, 0, from) != RD_OK)
		*from = 0;
	*to = *from + 86400;        /* UTC+08:00 has no DST */
}

static int is_marked(int64_t id)
{
	for (int i = 0; i < S.nMark; i++)
		if (S.aMark[i] == id)
			return 1;
	return 0;
}

static void toggle_mark(int64_t id)
{
	for (int i = 0; i < S.nMark; i++)
		if (S.aMark[i] == id) {
			S.aMark[i] = S.aMark[--S.nMark];
			return;
		}
	if (S.nMark == S.capMark) {
		int cap = S.capMark ? S.capMark * 2 : 64;
		int64_t *p = realloc(S.aMark, (size_t)cap * sizeof *p);

		if (!p)
			return;
		S.aMark = p;
		S.capMark = cap;
	}
	S.aMark[S.nMark++] = id;
}

/* Room for n rows (at least one) in each list. */
static int reserve_ships(int n)
{
	struct store_ship_row *p =
		realloc(S.aShip, (size_t)(n > 0 ? n : 1) * sizeof *p);

	if (p)
		S.aShip = p;
	return p != NULL;
}

static int reserve_issues(int n)
{
	struct store_fulfil_issue *p =
		realloc(S.aIss, (size_t)(n > 0 ? n : 1) * sizeof *p);

	if (p)
		S.aIss = p;
	return p != NULL;
}

static int same_issue(const struct store_fulfil_issue *a,
		      const struct store_fulfil_issue *b)
{
	return a->what == b->what && a->app_id == b->app_id &&
	       a->job_id == b->job_id && a->shipment_id == b->shipment_id &&
	       a->order_id == b->order_id;
}

/* Read both lists again, keeping each tab's cursor on the same row. */
static void load(struct ui *ui)
{
	struct store_fulfil_issue keepIss;
	int64_t keepShip = 0, from, to;
	int n = 0, total = 0, hadIss = 0;
	struct rd_err err;
	rd_status rc;

	if (S.aCur[T_SHIP] < S.nShip)
		keepShip = S.aShip[S.aCur[T_SHIP]].id;
	if (S.aCur[T_ISSUE] < S.nIss) {
		keepIss = S.aIss[S.aCur[T_ISSUE]];
		hadIss = 1;
	}
	day_range(&from, &to);
	rd_err_clear(&err);
	rc = store_ship_list_outlet(ui->st, from, to,
				    S.outlet[0] ? S.outlet : NULL, 0, 0, NULL,
				    &n, &total, &err);
	if (rc == RD_OK) {
		S.totalShip = total;
		total = total < SHIP_MAX ? total : SHIP_MAX;
		rc = reserve_ships(total)
			     ? store_ship_list_outlet(ui->st, from, to,
						      S.outlet[0] ? S.outlet
								  : NULL,
						      0, total, S.aShip,
						      &S.nShip, NULL, &err)
			     : rd_err_set(&err, RD_ERR_NOMEM, "%s",
					  rd_strerror(RD_ERR_NOMEM));
	}
	if (rc == RD_OK)
		rc = store_fulfil_issues(ui->st, 0, 0, NULL, &n, &total, &err);
	if (rc == RD_OK) {
		S.totalIss = total;
		total = total < ISSUE_MAX ? total : ISSUE_MAX;
		rc = reserve_issues(total)
			     ? store_fulfil_issues(ui->st, 0, total, S.aIss,
						   &S.nIss, NULL, &err)
			     : rd_err_set(&err, RD_ERR_NOMEM, "%s",
					  rd_strerror(RD_ERR_NOMEM));
	}
	if (rc != RD_OK) {
		S.nShip = S.nIss = 0;
		ui_status(ui, 1, "%s", rd_err_msg(&err));
	}
	for (int i = 0; keepShip && i < S.nShip; i++)
		if (S.aShip[i].id == keepShip)
			S.aCur[T_SHIP] = i;
	for (int i = 0; hadIss && i < S.nIss; i++)
		if (same_issue(&S.aIss[i], &keepIss))
			S.aCur[T_ISSUE] = i;
	for (int t = 0; t < T_COUNT; t++) {
		int nRows = t == T_SHIP ? S.nShip : S.nIss;

		if (S.aCur[t] >= nRows)
			S.aCur[t] = nRows > 0 ? nRows - 1 : 0;
	}
}

static void shipping_enter(struct ui *ui)
{
	if (!S.init) {
		S.init = 1;
		S.day = rd_time_local_day(ui_now(), NULL);
	}
	load(ui);
}

static void set_day(struct ui *ui, int64_t day)
{
	S.day = day;
	S.nMark = 0;
	S.aCur[T_SHIP] = S.aTop[T_SHIP] = 0;
	load(ui);
}

/* ------------------------------------------------------------ drawing */

static int list_rows(void)
{
	return LINES - 5 > 1 ? LINES - 5 : 1;
}

const char *ui_print_text(int has_label, const char *print_state,
			  int64_t printed_at, int print_count, int64_t day,
			  char *z, size_t n, enum ui_role *role)
{
	char zT[RD_TIME_BUFSZ];

	*role = UI_NORMAL;
	if (!strcmp(print_state, "queued")) {
		*role = UI_WARN;
		return _("print queued");
	}
	if (!strcmp(print_state, "failed")) {
		*role = UI_ERROR;
		return _("print failed");
	}
	if (printed_at) {
		rd_time_format_local(printed_at, zT, sizeof zT,
				     RD_TIME_MINUTES);
		/* "HH:MM" on the day shown, "MM-DD HH:MM" otherwise */
		snprintf(z, n, _("printed %s"),
			 rd_time_local_day(printed_at, NULL) == day ? zT + 11
								    : zT + 5);
		if (print_count > 1) {
			size_t len = strlen(z);

			snprintf(z + len, n - len, " ×%d", print_count);
		}
		*role = UI_OK;
		return z;
	}
	if (!has_label) {
		*role = UI_DIM;
		return _("no label yet");
	}
	return _("not printed");
}

static const char *label_text(const struct store_ship_row *r, char *z,
			      size_t n, enum ui_role *role)
{
	return ui_print_text(r->has_label, r->print_state, r->printed_at,
			     r->print_count, S.day, z, n, role);
}

/* Column widths of the shipments list: the fixed ones fit their data;
 * city, recipient and carrier (in that order) show while the
 * organisation keeps 20 columns. */
struct ship_cols {
	int no, bill, state, label, carrier, recip, city, org;
};

static int widest(int w, const char *z, int cap)
{
	int x = rd_text_width(z);

	if (x > w)
		w = x;
	return w < cap ? w : cap;
}

static void ship_layout(struct ship_cols *c)
{
	char z[64];
	enum ui_role role;
	int used, *aOpt[3] = { &c->city, &c->recip, &c->carrier };
	int aW[3];

	c->no = widest(0, _("Application"), 24);
	c->bill = widest(0, _("Waybill"), 20);
	c->state = widest(0, _("Shipment"), 16);
	c->label = widest(0, _("Label"), 18);
	aW[0] = widest(0, _("City"), 12);
	aW[1] = widest(0, _("Recipient"), 10);
	aW[2] = widest(0, _("Carrier"), 8);
	for (int i = 0; i < S.nShip; i++) {
		const struct store_ship_row *r = &S.aShip[i];

		c->no = widest(c->no, r->app_no, 24);
		c->bill = widest(c->bill, r->waybill_no, 20);
		c->state = widest(c->state, ui_ship_state_label(r->state), 16);
		c->label = widest(c->label, label_text(r, z, sizeof z, &role),
				  18);
		aW[0] = widest(aW[0], r->city, 12);
		aW[1] = widest(aW[1], r->recipient, 10);
		aW[2] = widest(aW[2], r->carrier, 8);
	}
	used = 1 + c->no + 1 + c->bill + 1 + c->state + 1 + c->label + 1;
	c->carrier = c->recip = c->city = -1;
	for (int i = 0; i < 3; i++)
		if (COLS - used - (aW[i] + 1) >= 20) {
			*aOpt[i] = aW[i];
			used += aW[i] + 1;
		}
	c->org = COLS - used > 1 ? COLS - used : 1;
}

/* Put z at *x in w columns (skipped when w < 0) and move *x on. */
static void cell(int y, int *x, int w, const char *z, int attr)
{
	if (w < 0)
		return;
	ui_put(y, *x, w, z, attr);
	*x += w + 1;
}

static void draw_ships(struct ui *ui)
{
	struct ship_cols c;
	int rows = list_rows(), x = 1;
	int hdr = ui_attr(ui, UI_HEADER);

	ship_layout(&c);
	ui_fill(2, hdr);
	cell(2, &x, c.no, _("Application"), hdr);
	cell(2, &x, c.bill, _("Waybill"), hdr);
	cell(2, &x, c.state, _("Shipment"), hdr);
	cell(2, &x, c.label, _("Label"), hdr);
	cell(2, &x, c.carrier, _("Carrier"), hdr);
	cell(2, &x, c.recip, _("Recipient"), hdr);
	cell(2, &x, c.city, _("City"), hdr);
	cell(2, &x, c.org, _("Organisation"), hdr);
	for (int i = 0; i < rows && S.aTop[T_SHIP] + i < S.nShip; i++) {
		int k = S.aTop[T_SHIP] + i, y = 3 + i;
		const struct store_ship_row *r = &S.aShip[k];
		int sel = k == S.aCur[T_SHIP];
		int base = sel ? ui_attr(ui, UI_CURSOR) : 0;
		enum ui_role role;
		char z[64];
		const char *zLabel = label_text(r, z, sizeof z, &role);

		if (sel)
			ui_fill(y, base);
		x = 1;
		ui_put(y, 0, 1, is_marked(r->id) ? "*" : " ",
		       base | ui_attr(ui, UI_MARK));
		cell(y, &x, c.no, r->app_no, base);
		cell(y, &x, c.bill, r->waybill_no[0] ? r->waybill_no : "—",
		     base);
		cell(y, &x, c.state, ui_ship_state_label(r->state),
		     sel ? base
			 : ui_attr(ui, !strcmp(r->state, "returned") ? UI_ERROR
								     : UI_NORMAL));
		cell(y, &x, c.label, zLabel, sel ? base : ui_attr(ui, role));
		cell(y, &x, c.carrier, r->carrier, base);
		cell(y, &x, c.recip, r->recipient, base);
		cell(y, &x, c.city, r->city, base);
		cell(y, &x, c.org, r->org_name, base);
	}
	if (S.nShip == 0)
		ui_put(4, 2, COLS - 4, _("No shipments on this day ([ and ] "
					 "change the day)."),
		       ui_attr(ui, UI_DIM));
}

/* The "What" column of an issue: the attempt, the job, the waybill. */
static const char *issue_ref(const struct store_fulfil_issue *r, char *z,
			     size_t n)
{
	if (r->what == STORE_FI_QC_FAILED)
		snprintf(z, n, _("attempt %d"), r->attempt);
	else if (r->what == STORE_FI_JOB_DEAD)
		snprintf(z, n, "%s",
			 ui_job_kind_label(r->kind));
	else
		snprintf(z, n, "%s", r->waybill_no);
	return z;
}

static void draw_issues(struct ui *ui)
{
	int rows = list_rows(), x = 1;
	int hdr = ui_attr(ui, UI_HEADER);
	int wWhat = 0, wNo = widest(0, _("Application"), 24);
	int wRef = widest(0, _("What"), 18), wWhen = 11, wDetail;
	char zRef[96];

	for (size_t k = 0; k < N_ELEM(azIssue); k++)
		wWhat = widest(wWhat, _(azIssue[k]), 14);
	for (int i = 0; i < S.nIss; i++) {
		wNo = widest(wNo, S.aIss[i].app_no, 24);
		wRef = widest(wRef, issue_ref(&S.aIss[i], zRef, sizeof zRef),
			      18);
	}
	wDetail = COLS - (1 + wWhat + 1 + wNo + 1 + wRef + 1 + wWhen + 1);
	ui_fill(2, hdr);
	cell(2, &x, wWhat, _("Problem"), hdr);
	cell(2, &x, wNo, _("Application"), hdr);
	cell(2, &x, wRef, _("What"), hdr);
	cell(2, &x, wWhen, _("Since"), hdr);
	cell(2, &x, wDetail > 0 ? wDetail : -1, _("Last error"), hdr);
	for (int i = 0; i < rows && S.aTop[T_ISSUE] + i < S.nIss; i++) {
		int k = S.aTop[T_ISSUE] + i, y = 3 + i;
		const struct store_fulfil_issue *r = &S.aIss[k];
		int sel = k == S.aCur[T_ISSUE];
		int base = sel ? ui_attr(ui, UI_CURSOR) : 0;
		char zT[RD_TIME_BUFSZ];

		if (sel)
			ui_fill(y, base);
		issue_ref(r, zRef, sizeof zRef);
		rd_time_format_local(r->at, zT, sizeof zT, RD_TIME_MINUTES);
		x = 1;
		cell(y, &x, wWhat, issue_label(r->what),
		     sel ? base : ui_attr(ui, UI_ERROR));
		cell(y, &x, wNo, r->app_no, base);
		cell(y, &x, wRef, zRef, base);
		cell(y, &x, wWhen, zT + 5, base);
		cell(y, &x, wDetail > 0 ? wDetail : -1,
		     r->detail[0] ? r->detail : r->org_name,
		     sel ? base : ui_attr(ui, UI_DIM));
	}
	if (S.nIss == 0)
		ui_put(4, 2, COLS - 4, _("Nothing needs attention."),
		       ui_attr(ui, UI_DIM));
}

static void shipping_draw(struct ui *ui)
{
	char zLab[T_COUNT][96], zDay[RD_TIME_BUFSZ], z[160];
	const char *aLabel[T_COUNT];
	int y, m, d, x, rows = list_rows();
	int *pCur = &S.aCur[S.tab], *pTop = &S.aTop[S.tab];

	snprintf(zLab[T_SHIP], sizeof zLab[T_SHIP], _("Shipments %d"),
		 S.totalShip);
	snprintf(zLab[T_ISSUE], sizeof zLab[T_ISSUE], _("Needs attention %d"),
		 S.totalIss);
	aLabel[T_SHIP] = zLab[T_SHIP];
	aLabel[T_ISSUE] = zLab[T_ISSUE];
	ui_fill(0, ui_attr(ui, UI_BAR));
	x = ui_tabs_draw(ui, 0, aLabel, T_COUNT, S.tab);
	rd_time_civil_from_days(S.day, &y, &m, &d);
	snprintf(zDay, sizeof zDay, "%04d-%02d-%02d", y, m, d);
	if (S.tab == T_SHIP)
		snprintf(z, sizeof z, "%s%s", zDay,
			 S.day == rd_time_local_day(ui_now(), NULL)
				 ? _(" (today)") : "");
	else
		snprintf(z, sizeof z, "%s", _("all days"));
	if (S.tab == T_SHIP && S.nMark) {
		size_t len = strlen(z);

		snprintf(z + len, sizeof z - len, _(" · %d marked"), S.nMark);
	}
	if (S.tab == T_SHIP && ui->ctx->cfg.noutlets) {
		size_t len = strlen(z);

		/* channels and outlets: o shows one outlet's shipments */
		if (S.outlet[0])
			snprintf(z + len, sizeof z - len, _(" · outlet %s (o)"),
				 S.outlet);
		else
			snprintf(z + len, sizeof z - len, "%s",
				 _(" · all outlets (o)"));
	}
	if (COLS - x > 4) {
		int w = rd_text_width(z);

		if (w > COLS - x - 1)
			w = COLS - x - 1;
		ui_put(0, COLS - w - 1, w, z, ui_attr(ui, UI_BAR));
	}
	if (S.tab == T_SHIP)
		ui_put(1, 0, COLS,
		       ui_is_supervisor(ui)
			       ? _("p print · m mark · P print marked (or all "
				   "unprinted) · [ ] d day · Enter open")
			       : _("p print this label · [ ] d day · Tab "
				   "problems · Enter open · Esc back"),
		       ui_attr(ui, UI_DIM));
	else
		ui_put(1, 0, COLS,
		       ui_is_supervisor(ui)
			       ? _("r retry (production, job, print) · Tab "
				   "shipments · Enter open · Esc back")
			       : _("Tab shipments · Enter open · Esc back "
				   "(supervisors retry)"),
		       ui_attr(ui, UI_DIM));
	if (*pCur < *pTop)
		*pTop = *pCur;
	if (*pCur >= *pTop + rows)
		*pTop = *pCur - rows + 1;
	if (S.tab == T_SHIP)
		draw_ships(ui);
	else
		draw_issues(ui);
	ui_status_draw(ui);
	ui_keybar_draw(ui);
}

/* ------------------------------------------------------------ actions */

/* A supervisor action refused: say so and log the attempt. */
static void refuse(struct ui *ui, const char *zAction, const char *zAppNo,
		   const char *zMsg)
{
	store_audit_refusal(ui->st, ui->op, zAction, zAppNo, "supervisor only",
			    NULL);
	ui_note_write(ui);
	ui_status(ui, 1, "%s", zMsg);
}

static void after(struct ui *ui, rd_status rc, const struct rd_err *err,
		  const char *zOk)
{
	if (rc == RD_OK)
		ui_status(ui, 0, "%s", zOk);
	else
		ui_status(ui, 1, "%s", rd_err_msg(err));
	ui_note_write(ui);
	load(ui);
}

static void print_one(struct ui *ui, int64_t shipment_id, const char *zBill)
{
	struct rd_err err;
	char zOk[160];
	rd_status rc;

	rd_err_clear(&err);
	rc = store_label_print_enqueue(ui->st, ui->op->login, ui->op->id,
				       shipment_id, &err);
	snprintf(zOk, sizeof zOk, _("Label of %s queued for printing"), zBill);
	after(ui, rc, &err, zOk);
}

/* P: the marked labels, or with none marked every unprinted one of the
 * day; each its own transaction, one print job per shipment. */
static void print_batch(struct ui *ui)
{
	struct rd_err err, e1;
	char zQ[200], zFirst[sizeof err.msg] = "";
	int64_t from, to;
	int nOk = 0, nNot = 0;
	rd_status rc = RD_OK;

	if (!ui_is_supervisor(ui)) {
		refuse(ui, "label.print_batch", "",
		       _("Only a supervisor prints labels in a batch; p "
			 "prints the one under the cursor"));
		return;
	}
	rd_err_clear(&err);
	if (S.nMark == 0) {
		day_range(&from, &to);
		if (!ui_confirm(ui, _("Nothing marked: print every label of "
				      "the day not printed yet?")))
			return;
		rc = store_label_print_batch(ui->st, ui->op->login, ui->op->id,
					     from, to, 1, &nOk, &err);
	} else {
		snprintf(zQ, sizeof zQ,
			 P_("Print %d marked label?", "Print %d marked labels?",
			    S.nMark),
			 S.nMark);
		if (!ui_confirm(ui, zQ))
			return;
		for (int i = 0; i < S.nMark; i++) {
			rd_err_clear(&e1);
			if (store_label_print_enqueue(ui->st, ui->op->login,
						      ui->op->id, S.aMark[i],
						      &e1) == RD_OK) {
				nOk++;
				continue;
			}
			if (!nNot++)
				snprintf(zFirst, sizeof zFirst, "%s",
					 rd_err_msg(&e1));
		}
		S.nMark = 0;
	}
	ui_note_write(ui);
	load(ui);
	if (rc != RD_OK)
		ui_status(ui, 1, P_("%d label queued; then: %s",
				    "%d labels queued; then: %s", nOk),
			  nOk, rd_err_msg(&err));
	else if (nNot)
		ui_status(ui, 1, P_("%d label queued, %d not: %s",
				    "%d labels queued, %d not: %s", nOk),
			  nOk, nNot, zFirst);
	else
		ui_status(ui, 0, P_("%d label queued for printing",
				    "%d labels queued for printing", nOk),
			  nOk);
}

static void mark(struct ui *ui)
{
	if (!ui_is_supervisor(ui)) {
		ui_status(ui, 1, "%s",
			  _("Only a supervisor prints labels in a batch; p "
			    "prints the one under the cursor"));
		return;
	}
	if (S.nShip == 0)
		return;
	toggle_mark(S.aShip[S.aCur[T_SHIP]].id);
	if (S.aCur[T_SHIP] + 1 < S.nShip)
		S.aCur[T_SHIP]++;
}

static int is_production(const struct store_fulfil_issue *r)
{
	return r->what == STORE_FI_QC_FAILED ||
	       (r->what == STORE_FI_JOB_DEAD &&
		(!strcmp(r->kind, "production_order") ||
		 !strcmp(r->kind, "production_status")));
}

/* r on the attention tab: the retry that fits the problem. */
static void retry(struct ui *ui)
{
	const struct store_fulfil_issue *r;
	struct rd_err err;
	char *zNote = NULL;
	char zQ[200], zOk[200];
	rd_status rc;

	if (S.tab != T_ISSUE || S.nIss == 0)
		return;
	r = &S.aIss[S.aCur[T_ISSUE]];
	if (!ui_is_supervisor(ui)) {
		refuse(ui, is_production(r) ? "production.retry" : "job.retry",
		       r->app_no, _("Only a supervisor retries; ask one"));
		return;
	}
	rd_err_clear(&err);
	if (is_production(r)) {
		if (!ui_edit(ui, _("Retry production: note (what was done "
				   "about it)"),
			     "", 0, &zNote)) {
			ui_status(ui, 0, "%s", C_("menu", "Cancelled"));
			return;
		}
		rc = store_fulfil_retry_production(ui->st, ui->op->login,
						   ui->op->id, r->app_id,
						   zNote, &err);
		snprintf(zOk, sizeof zOk,
			 r->what == STORE_FI_QC_FAILED
				 ? _("%s: a new production order is queued")
				 : _("%s: the production order is sent again"),
			 r->app_no);
		free(zNote);
	} else if (r->what == STORE_FI_PRINT_FAILED) {
		print_one(ui, r->shipment_id, r->waybill_no);
		return;
	} else if (r->what == STORE_FI_JOB_DEAD && r->job_id) {
		snprintf(zQ, sizeof zQ, _("Retry job %lld (%s) now?"),
			 (long long)r->job_id,
			 ui_job_kind_label(r->kind));
		if (!ui_confirm(ui, zQ))
			return;
		rc = store_job_retry(ui->st, ui->op->login, r->job_id, &err);
		snprintf(zOk, sizeof zOk, _("Job %lld will be retried."),
			 (long long)r->job_id);
	} else {
		ui_status(ui, 1, "%s",
			  _("A returned parcel is settled with the courier "
			    "and the customer; open it (Enter) to note what "
			    "was agreed"));
		return;
	}
	after(ui, rc, &err, zOk);
}

static void ask_day(struct ui *ui)
{
	char zDay[16];
	char *z = NULL;
	int y, m, d;

	rd_time_civil_from_days(S.day, &y, &m, &d);
	snprintf(zDay, sizeof zDay, "%04d-%02d-%02d", y, m, d);
	if (!ui_edit(ui, _("Day (YYYY-MM-DD, empty = today)"), zDay, 0, &z))
		return;
	if (!*z)
		set_day(ui, rd_time_local_day(ui_now(), NULL));
	else if (rd_time_parse_date(z, &y, &m, &d) == RD_OK)
		set_day(ui, rd_time_days_from_civil(y, m, d));
	else
		ui_status(ui, 1, _("Not a date: %s (write 2026-11-20)"), z);
	free(z);
}

static void open_app(struct ui *ui)
{
	int64_t id = 0;

	if (S.tab == T_SHIP && S.nShip)
		id = S.aShip[S.aCur[T_SHIP]].app_id;
	else if (S.tab == T_ISSUE && S.nIss)
		id = S.aIss[S.aCur[T_ISSUE]].app_id;
	if (!id)
		return;
	ui->detail_id = id;
	ui_switch(ui, &ui_detail_screen);
}

/* o: all outlets, then "default", then each configured outlet, round. */
static void next_outlet(struct ui *ui)
{
	const struct rd_config *cfg = &ui->ctx->cfg;
	int i;

	if (!cfg->noutlets || S.tab != T_SHIP)
		return;
	if (!S.outlet[0]) {
		snprintf(S.outlet, sizeof S.outlet, "default");
	} else {
		for (i = 0; i < cfg->noutlets; i++)
			if (!strcmp(S.outlet, i ? cfg->outlets[i - 1].name
						: "default"))
				break;
		if (i < cfg->noutlets)
			snprintf(S.outlet, sizeof S.outlet, "%s",
				 cfg->outlets[i].name);
		else
			S.outlet[0] = '\0';
	}
	S.aCur[T_SHIP] = S.aTop[T_SHIP] = 0;
	load(ui);
}

/* Screen-local keys first (by character: some are bound to other
 * requests elsewhere), then the shared requests. */
static int local_key(struct ui *ui, int is_key, wint_t ch)
{
	if (is_key)
		return 0;
	switch (ch) {
	case L'[': set_day(ui, S.day - 1); return 1;
	case L']': set_day(ui, S.day + 1); return 1;
	case L'd': ask_day(ui); return 1;
	case L' ':
	case L'm':
		if (S.tab != T_SHIP)
			return 0;      /* Space pages, as elsewhere */
		mark(ui);
		return 1;
	case L'o': next_outlet(ui); return 1;
	case L'P': print_batch(ui); return 1;
	case L'r': retry(ui); return 1;
	case L'p':
		if (S.tab != T_SHIP)
			return 0;
		if (S.nShip)
			print_one(ui, S.aShip[S.aCur[T_SHIP]].id,
				  S.aShip[S.aCur[T_SHIP]].waybill_no);
		return 1;
	default:
		return 0;
	}
}

static void shipping_key(struct ui *ui, enum ui_req r, int is_key, wint_t ch)
{
	int nRows = S.tab == T_SHIP ? S.nShip : S.nIss;
	int *pCur = &S.aCur[S.tab], rows = list_rows();

	if (local_key(ui, is_key, ch))
		return;
	switch (r) {
	case UI_REQ_UP: if (*pCur > 0) (*pCur)--; break;
	case UI_REQ_DOWN: if (*pCur + 1 < nRows) (*pCur)++; break;
	case UI_REQ_PGUP: *pCur = *pCur > rows ? *pCur - rows : 0; break;
	case UI_REQ_PGDN:
		*pCur = *pCur + rows < nRows ? *pCur + rows
					     : (nRows > 0 ? nRows - 1 : 0);
		break;
	case UI_REQ_FIRST: *pCur = 0; break;
	case UI_REQ_LAST: *pCur = nRows > 0 ? nRows - 1 : 0; break;
	case UI_REQ_NEXT_TAB:
	case UI_REQ_PREV_TAB:
		S.tab = (S.tab + 1) % T_COUNT;
		break;
	case UI_REQ_ENTER: open_app(ui); break;
	case UI_REQ_BACK:
		/* Not to ui->prev: that may be the detail opened from here
		 * or the help, and Esc must not bounce between them. */
		ui_switch(ui, &ui_queue_screen);
		break;
	case UI_REQ_NONE: break;
	default:
		ui_status(ui, 0, _("Not available here; the line above "
				   "shows this screen's keys"));
		break;
	}
}

static void shipping_resize(struct ui *ui)
{
	(void)ui;
}

const struct screen_ops ui_shipping_screen = {
	.name = "shipping",
	.enter = shipping_enter,
	.draw = shipping_draw,
	.key = shipping_key,
	.resize = shipping_resize,
	.reload = load,
	.leave = NULL,
};
