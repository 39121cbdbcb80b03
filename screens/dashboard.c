/*
 * dashboard.c — the supervisors' dashboard (see dashboard.h).
 *
 * Layout: two columns of sections side by side from 76 columns on
 * (stacked below that), the operators' table under them, taking the
 * rows that are left and scrolling. Bars in one section share their
 * scale (its largest value fills the bar), so they compare; a count
 * that exists is never drawn as nothing.
 */
#include "screens/dashboard.h"

#include "clock.h"
#include "core/bar.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/timefmt.h"
#include "store/report_queries.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Read again at least this often: waiting times grow by themselves. */
#define DASH_REFRESH_MS 60000
/* Side by side from this width. */
#define DASH_TWO_COLUMNS 76

struct dop {
	char login[64];
	char name[128];
	int64_t nDecided, nApproved, nRejected, nReturned, nClaimed, nAtRisk;
	int64_t nCountersigned, nCancelled, nRefundRequested, nRefunded;
};

static struct {
	struct store_dashboard d;
	struct dop *a;
	int n, cap, cur, top;
	int64_t at;                /* rd_now() of the figures */
	int64_t readMs;            /* rd_mono_ms() of the last read */
} G;

void ui_dashboard_fini(struct ui *ui)
{
	(void)ui;
	free(G.a);
	memset(&G, 0, sizeof G);
}

static rd_status on_operator(void *ctx, const struct store_dash_operator *r)
{
	struct dop *p;

	if (G.n == G.cap) {
		int cap = G.cap ? G.cap * 2 : 32;
		struct dop *a = realloc(G.a, (size_t)cap * sizeof *a);

		if (!a)
			return rd_err_set(ctx, RD_ERR_NOMEM, _("out of memory"));
		G.a = a;
		G.cap = cap;
	}
	p = &G.a[G.n++];
	snprintf(p->login, sizeof p->login, "%s", r->login);
	snprintf(p->name, sizeof p->name, "%s", r->name);
	p->nDecided = r->nDecided;
	p->nApproved = r->nApproved;
	p->nRejected = r->nRejected;
	p->nReturned = r->nReturned;
	p->nCountersigned = r->nCountersigned;
	p->nCancelled = r->nCancelled;
	p->nRefundRequested = r->nRefundRequested;
	p->nRefunded = r->nRefunded;
	p->nClaimed = r->nClaimed;
	p->nAtRisk = r->nAtRisk;
	return RD_OK;
}

/*
 * The instants that bound the buckets, from the calendar: "waited less
 * than k working days" is "submitted after k working days before now";
 * "due within k working days" is "due by the SLA deadline of now + k"
 * (the queue colours the first one amber).
 */
static void query_at(const struct ui *ui, int64_t now,
		     struct store_dash_query *q)
{
	int64_t day = rd_cal_day_seconds(&ui->cal);

	memset(q, 0, sizeof *q);
	q->now = now;
	q->since = rd_time_local_day(now, NULL) * 86400 - RD_TIME_TZ_OFFSET;
	for (int k = 0; k < STORE_DASH_BUCKETS - 1; k++) {
		if (rd_cal_working_back(&ui->cal, now, (k + 1) * day,
					&q->aAgeAfter[k]) != RD_OK)
			q->aAgeAfter[k] = INT64_MIN;
	}
	q->aDueBy[0] = now;
	for (int k = 1; k < STORE_DASH_BUCKETS - 1; k++) {
		if (rd_cal_sla_deadline(&ui->cal, now, k, &q->aDueBy[k]) !=
		    RD_OK)
			q->aDueBy[k] = INT64_MAX;
	}
}

static void load(struct ui *ui)
{
	struct store_dash_query q;
	struct rd_err err;
	int64_t now = ui_now();
	char zLogin[64] = "";

	if (G.n > 0 && G.cur < G.n)
		snprintf(zLogin, sizeof zLogin, "%s", G.a[G.cur].login);
	query_at(ui, now, &q);
	G.n = 0;
	rd_err_clear(&err);
	if (store_dashboard_read(ui->st, &q, &G.d, on_operator, &err, &err) !=
	    RD_OK)
		ui_status(ui, 1, "%s", rd_err_msg(&err));
	G.at = now;
	G.readMs = rd_mono_ms();
	/* Keep the cursor on the same operator. */
	G.cur = 0;
	for (int i = 0; zLogin[0] && i < G.n; i++)
		if (!strcmp(G.a[i].login, zLogin))
			G.cur = i;
}

/* ------------------------------------------------------------ drawing */

struct dbar {
	const char *zLabel;        /* translated */
	int64_t v;
	enum ui_role role;
};

/* A count right-aligned in w columns at (y, x). */
static void put_count(int y, int x, int w, int64_t v, int attr)
{
	char zN[32], zPad[RD_TEXT_BUFSZ(16)];

	ui_count(v, zN, sizeof zN);
	rd_text_pad_left(zN, w, zPad, sizeof zPad);
	ui_put(y, x, w, zPad, attr);
}

/* A bar of v out of max, w columns wide, at (y, x). */
static void put_bar(const struct ui *ui, int y, int x, int w, int64_t v,
		    int64_t max, enum ui_role role)
{
	char z[RD_BAR_BUFSZ(200)];

	if (w < 1)
		return;
	if (w > 200)
		w = 200;
	rd_bar_text(v, max, w, ui_utf8(), z, sizeof z);
	ui_put(y, x, w, z, ui_attr(ui, role));
}

/* Columns of the labels of a section: the widest label (CJK counts
 * two), leaving the bar at least 8 columns of w. */
static int label_width(const struct dbar *a, int n, int w)
{
	int wLabel = 0;

	for (int i = 0; i < n; i++) {
		int wl = rd_text_width(a[i].zLabel);

		if (wl > wLabel)
			wLabel = wl;
	}
	return wLabel < w - 17 ? wLabel : w - 17;
}

/* A titled section of bars in the column (x, w) from row y, labels
 * wLabel wide; returns the row after it. */
static int section(const struct ui *ui, int y, int x, int w, int wLabel,
		   const char *zTitle, const struct dbar *a, int n)
{
	int wNum = 7, wBar = w - wLabel - wNum - 2;
	int64_t max = 1;

	for (int i = 0; i < n; i++)
		if (a[i].v > max)
			max = a[i].v;
	ui_put(y++, x, w, zTitle, ui_attr(ui, UI_SECTION));
	for (int i = 0; i < n; i++, y++) {
		ui_put(y, x, wLabel, a[i].zLabel, 0);
		put_bar(ui, y, x + wLabel + 1, wBar, a[i].v, max, a[i].role);
		put_count(y, x + w - wNum, wNum, a[i].v,
			  a[i].v > 0 && a[i].role == UI_OVERDUE ?
				  ui_attr(ui, UI_OVERDUE) :
				  (int)A_BOLD);
	}
	return y;
}

static int column_width(void)
{
	return COLS >= DASH_TWO_COLUMNS ? (COLS - 2) / 2 : COLS;
}

/* Two sections side by side when there is room, else one under the
 * other; returns the row after them. */
static int pair(const struct ui *ui, int y, int wLabel, const char *zLeft,
		const struct dbar *aLeft, int nLeft, const char *zRight,
		const struct dbar *aRight, int nRight)
{
	int two = COLS >= DASH_TWO_COLUMNS, w = column_width();
	int yLeft = section(ui, y, 0, w, wLabel, zLeft, aLeft, nLeft), yRight;

	if (!two)
		return section(ui, yLeft, 0, w, wLabel, zRight, aRight, nRight);
	yRight = section(ui, y, w + 2, w, wLabel, zRight, aRight, nRight);
	return yLeft > yRight ? yLeft : yRight;
}

/* The operators' table: name, a bar of decisions, the counts. */
static void operators(const struct ui *ui, int y)
{
	/* Right-hand columns, right to left: at risk, claimed, then every
	 * kind of action in a column of its own: refunded, refund
	 * requested, cancelled, countersigned (others' overrides), returned,
	 * rejected, approved; and all the operator's decisions. */
#define DASH_OP_COLS 10
	static const int aW[DASH_OP_COLS] = { 8, 8, 7, 7, 6, 6, 6, 6, 6, 8 };
	const char *aHead[DASH_OP_COLS] = {
		C_("dashboard", "At risk"), C_("dashboard", "Claimed"),
		C_("dashboard", "Refund"), C_("dashboard", "Rf.req"),
		C_("dashboard", "Canc."), C_("dashboard", "Csign"),
		C_("dashboard", "Ret."), C_("dashboard", "Rej."),
		C_("dashboard", "Appr."), C_("dashboard", "Decided"),
	};
	int wName = COLS >= 100 ? 18 : 12, xRight = COLS, aX[DASH_OP_COLS];
	int rows, wBar;
	int64_t max = 1;

	for (int k = 0; k < DASH_OP_COLS; k++) {
		xRight -= aW[k];
		aX[k] = xRight;
	}
	wBar = xRight - wName - 2;
	ui_put(y++, 0, COLS, _("Today, per operator"), ui_attr(ui, UI_SECTION));
	if (y >= LINES - 2)
		return;
	ui_fill(y, ui_attr(ui, UI_HEADER));
	ui_put(y, 0, wName, _("Operator"), ui_attr(ui, UI_HEADER));
	for (int k = 0; k < DASH_OP_COLS; k++) {
		char zPad[RD_TEXT_BUFSZ(16)];

		rd_text_pad_left(aHead[k], aW[k], zPad, sizeof zPad);
		ui_put(y, aX[k], aW[k], zPad, ui_attr(ui, UI_HEADER));
	}
	y++;
	rows = LINES - 2 - y;
	if (G.n == 0) {
		ui_put(y, 2, COLS - 2, _("No operator has worked today."),
		       ui_attr(ui, UI_DIM));
		return;
	}
	if (rows < 1)
		return;
	for (int i = 0; i < G.n; i++)
		if (G.a[i].nDecided > max)
			max = G.a[i].nDecided;
	if (G.cur < G.top)
		G.top = G.cur;
	if (G.cur >= G.top + rows)
		G.top = G.cur - rows + 1;
	for (int r = 0; r < rows && G.top + r < G.n; r++) {
		const struct dop *o = &G.a[G.top + r];
		int sel = G.top + r == G.cur, yy = y + r;
		int attr = sel ? ui_attr(ui, UI_CURSOR) : 0;
		const int64_t aV[DASH_OP_COLS] = {
			o->nAtRisk, o->nClaimed, o->nRefunded,
			o->nRefundRequested, o->nCancelled,
			o->nCountersigned, o->nReturned, o->nRejected,
			o->nApproved, o->nDecided
		};

		if (sel)
			ui_fill(yy, attr);
		ui_put(yy, 0, wName, o->name[0] ? o->name : o->login, attr);
		if (wBar >= 4)
			put_bar(ui, yy, wName + 1, wBar, o->nDecided, max,
				UI_OK);
		for (int k = 0; k < DASH_OP_COLS; k++)
			put_count(yy, aX[k], aW[k], aV[k],
				  k == 0 && aV[k] > 0 && !sel ?
					  ui_attr(ui, UI_OVERDUE) :
					  attr);
	}
}

static void dashboard_draw(struct ui *ui)
{
	const struct store_dashboard *d = &G.d;
	const struct dbar aAge[] = {
		{ C_("dashboard", "under 1 working day"), d->aAge[0], UI_OK },
		{ C_("dashboard", "1 to 2 days"), d->aAge[1], UI_OK },
		{ C_("dashboard", "2 to 3 days"), d->aAge[2], UI_DUE_SOON },
		{ C_("dashboard", "3 days or more"), d->aAge[3], UI_OVERDUE },
	};
	const struct dbar aDue[] = {
		{ C_("dashboard", "overdue"), d->aDue[0], UI_OVERDUE },
		{ C_("dashboard", "due within 1 day"), d->aDue[1], UI_DUE_SOON },
		{ C_("dashboard", "within 2 days"), d->aDue[2], UI_OK },
		{ C_("dashboard", "later"), d->aDue[3], UI_OK },
	};
	const struct dbar aToday[] = {
		{ C_("dashboard", "received"), d->nIngested, UI_OK },
		{ C_("dashboard", "approved"), d->nApproved, UI_OK },
		{ C_("dashboard", "rejected"), d->nRejected, UI_WARN },
		{ C_("dashboard", "returned (fin. auth)"), d->nReturned,
		  UI_WARN },
		{ C_("dashboard", "countersigned"), d->nCountersigned, UI_OK },
		{ C_("dashboard", "cancelled"), d->nCancelled, UI_WARN },
		{ C_("dashboard", "refund requested"), d->nRefundRequested,
		  UI_WARN },
		{ C_("dashboard", "refunded"), d->nRefunded, UI_WARN },
	};
	const struct dbar aWait[] = {
		{ C_("dashboard", "to be claimed"), d->nReceived, UI_OK },
		{ C_("dashboard", "in review"), d->nInReview, UI_OK },
		{ C_("dashboard", "to countersign"), d->nCountersign,
		  UI_DUE_SOON },
		{ C_("dashboard", "dead jobs"), d->nDeadJobs, UI_OVERDUE },
	};
	char z[256], zAt[RD_TIME_BUFSZ], zOpen[32], zLate[32];
	int y, wLabel = 0;
	const struct dbar *const aList[] = { aAge, aDue, aToday, aWait };
	const int aN[] = { 4, 4, 8, 4 };

	/* One label width for every section: all bars start in line. */
	for (int i = 0; i < 4; i++) {
		int wl = label_width(aList[i], aN[i], column_width());

		if (wl > wLabel)
			wLabel = wl;
	}

	rd_time_format_local(G.at, zAt, sizeof zAt, RD_TIME_SECONDS);
	ui_count(d->nReceived + d->nInReview, zOpen, sizeof zOpen);
	ui_count(d->aDue[0], zLate, sizeof zLate);
	snprintf(z, sizeof z, _("Dashboard  ·  %s  ·  open %s  ·  overdue %s"),
		 zAt, zOpen, zLate);
	ui_fill(0, ui_attr(ui, UI_BAR));
	ui_put(0, 0, COLS, z, ui_attr(ui, UI_BAR));
	y = pair(ui, 1, wLabel, _("Open work by working time waited"), aAge, 4,
		 _("Open work by deadline"), aDue, 4);
	if (LINES > 26)
		y++;
	y = pair(ui, y, wLabel, C_("dashboard", "Today"), aToday, 8,
		 _("Waiting for someone"), aWait, 4);
	if (LINES > 26)
		y++;
	if (y < LINES - 2)
		operators(ui, y);
	ui_status_draw(ui);
	ui_keybar_draw(ui);
}

/* ------------------------------------------------------------ the rest */

static void dashboard_key(struct ui *ui, enum ui_req r, int is_key, wint_t ch)
{
	(void)is_key;
	(void)ch;
	if (ui_list_move(r, &G.cur, G.n, LINES / 3))
		return;
	if (r == UI_REQ_BACK)
		ui_back(ui);
	else if (r != UI_REQ_NONE)
		ui_status(ui, 0, _("Not available here; ? shows the keys"));
}

static void dashboard_enter(struct ui *ui)
{
	load(ui);
}

static void dashboard_tick(struct ui *ui)
{
	if (rd_mono_ms() - G.readMs >= DASH_REFRESH_MS)
		load(ui);
}

static void dashboard_resize(struct ui *ui)
{
	(void)ui;
}

const struct screen_ops ui_dashboard_screen = {
	.name = "dashboard",
	.enter = dashboard_enter,
	.draw = dashboard_draw,
	.key = dashboard_key,
	.resize = dashboard_resize,
	.reload = load,
	.tick = dashboard_tick,
	.leave = NULL,
};
