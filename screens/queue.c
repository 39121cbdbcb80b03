/*
 * queue.c — the queue screen: tabs, the urgent-first list, filters,
 * search with n/N, claims and supervisors' bulk decisions.
 *
 * The list holds one screenful of rows read by key from `top`; moving
 * past either end reads the neighbour by key, never by offset, so the
 * screen stays instant on a million applications. A reload (own write,
 * another process's commit, resize) reads again from `top` and puts the
 * cursor back on the same application when it is still there.
 */
#include "screens/bulk.h"
#include "screens/screen.h"
#include "screens/qview.h"
#include "screens/search.h"

#include "core/i18n.h"
#include "core/mask.h"
#include "core/state.h"
#include "core/text.h"
#include "core/timefmt.h"
#include "store/queue.h"
#include "store/review.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QMAX 256
#define MARK_MAX 256

static const char *const azTabLabel[STORE_Q_TAB_COUNT] = {
	[STORE_Q_REVIEW] = N_("To review"),
	[STORE_Q_MINE] = N_("Mine"),
	[STORE_Q_COUNTERSIGN] = NC_("tab", "Countersign"),
	[STORE_Q_DONE] = N_("Decided"),
	[STORE_Q_ALL] = N_("All"),
};

static const char *const azTypeShort[RD_APP_TYPE_COUNT] = {
	[RD_APP_REPLACE] = N_("Replace"),
	[RD_APP_RENEW] = N_("Renew"),
	[RD_APP_NEW] = N_("New"),
};

struct queue_state {
	enum store_queue_tab tab;
	struct qview v;              /* filters and order in force */
	/* Saved views (issue #14): tabs after All. view_i >= 0 shows
	 * aView[view_i]; base is what the plain tabs had meanwhile. */
	int view_i;
	struct qview base;
	struct qview_saved aView[QV_SAVED_MAX];
	int nView;
	char search[160];
	int have_top;
	struct store_queue_key top;
	struct store_queue_row rows[QMAX];
	int n, cur;
	int64_t sel_id;
	int64_t counts[STORE_Q_TAB_COUNT];
	int64_t aMark[MARK_MAX], aMarkRv[MARK_MAX];
	int nMark;
};

static struct queue_state Q;

/* A line under the header says which filters and order are in force. */
static int summary_rows(void)
{
	return qview_is_filtered(&Q.v) || Q.v.sort ? 1 : 0;
}

static int page_rows(void)
{
	int h = LINES - 4 - summary_rows();

	return h < 1 ? 1 : h > QMAX ? QMAX : h;
}

static void filter_of(struct ui *ui, struct store_queue_filter *f,
		      int with_search)
{
	memset(f, 0, sizeof *f);
	f->tab = Q.tab;
	f->me = ui->op->id;
	qview_apply(ui, &Q.v, f);
	f->search = with_search && Q.search[0] ? Q.search : NULL;
}

static void load_counts(struct ui *ui)
{
	struct store_queue_filter f;

	for (int t = 0; t < STORE_Q_TAB_COUNT; t++) {
		filter_of(ui, &f, 0);
		f.tab = t;
		if (store_queue_count(ui->st, &f, ui_now(), 10000, &Q.counts[t],
				      NULL) != RD_OK)
			Q.counts[t] = -1;
	}
}

/* Read a screenful from top (inclusive); keep the cursor on sel_id. */
static void load(struct ui *ui)
{
	struct store_queue_filter f;
	struct rd_err err;
	int h = page_rows();

	rd_err_clear(&err);
	filter_of(ui, &f, 0);
	if (store_queue_page(ui->st, &f, Q.have_top ? &Q.top : NULL,
			     STORE_Q_FROM, ui_now(), h, Q.rows, &Q.n,
			     &err) != RD_OK) {
		ui_status(ui, 1, "%s", rd_err_msg(&err));
		Q.n = 0;
	}
	if (Q.n < h && Q.have_top) {
		/* The tail shrank (rows decided, filter changed): pull the
		 * window back so the screen stays full. */
		static struct store_queue_row before[QMAX];
		int nb = 0;

		store_queue_page(ui->st, &f, &Q.top, STORE_Q_BEFORE, ui_now(),
				 h - Q.n, before, &nb, NULL);
		if (nb > 0) {
			Q.top = before[nb - 1].key;
			store_queue_page(ui->st, &f, &Q.top, STORE_Q_FROM,
					 ui_now(), h, Q.rows, &Q.n, NULL);
		}
	}
	if (Q.n == 0) {
		Q.have_top = 0;
		Q.cur = 0;
	}
	for (int i = 0; i < Q.n; i++)
		if (Q.rows[i].id == Q.sel_id) {
			Q.cur = i;
			goto found;
		}
	if (Q.cur >= Q.n)
		Q.cur = Q.n ? Q.n - 1 : 0;
found:
	if (Q.n) {
		Q.sel_id = Q.rows[Q.cur].id;
		Q.top = Q.rows[0].key;
		Q.have_top = 1;
	}
	load_counts(ui);
}

static void set_cursor(int i)
{
	Q.cur = i;
	if (Q.n)
		Q.sel_id = Q.rows[Q.cur].id;
}

static int tab_visible(struct ui *ui, int t)
{
	return t != STORE_Q_COUNTERSIGN || ui_is_supervisor(ui);
}

static int is_marked(int64_t id)
{
	for (int i = 0; i < Q.nMark; i++)
		if (Q.aMark[i] == id)
			return 1;
	return 0;
}

/* ------------------------------------------------------------ drawing */

enum col { C_NO, C_TYPE, C_ORG, C_HANDLER, C_SUBMITTED, C_SLA, C_STATE,
	   C_VERIFY, C_CLAIM, C_COUNT };
static struct {
	const char *title;
	int width;              /* 0 = takes the rest */
	int drop;               /* dropped first when narrow: higher first */
} aCol[C_COUNT] = {
	[C_NO] = { N_("Application"), 15, 0 },
	[C_TYPE] = { N_("Type"), 7, 2 },
	[C_ORG] = { N_("Organisation"), 0, 0 },
	[C_HANDLER] = { N_("Handler"), 7, 5 },
	[C_SUBMITTED] = { N_("Submitted"), 11, 6 },
	[C_SLA] = { N_("SLA"), 7, 0 },
	[C_STATE] = { N_("State"), 10, 2 },
	[C_VERIFY] = { N_("Checks"), 9, 0 },
	[C_CLAIM] = { N_("Claimed"), 8, 4 },
};

/* The organisation gives up its width before any column goes, down to
 * this; the checks (T/A/B/P) and the SLA never go. */
#define ORG_MIN 14

/* Texts of a column for row i, to measure. */
static const char *cell_app_no(int i)
{
	return Q.rows[i].app_no;
}

static const char *cell_state(int i)
{
	enum rd_app_state st;

	return Q.rows[i].pending_override ? C_("state", "Countersign")
	       : rd_app_state_from_name(Q.rows[i].state, &st) == RD_OK
		       ? rd_app_state_label(st)
		       : "";
}

static const char *cell_verify(int i)
{
	return Q.rows[i].verify_summary;
}

/* A column as wide as its title or its widest text on screen, at most
 * cap. */
static int data_width(enum col c, const char *(*cell)(int i), int cap)
{
	int w = rd_text_width(_(aCol[c].title));

	for (int i = 0; i < Q.n; i++) {
		int k = rd_text_width(cell(i));

		if (k > w)
			w = k > cap ? cap : k;
	}
	return w;
}

/* Decide which columns show and their widths for the current COLS. */
static void layout(int aW[C_COUNT])
{
	int avail = COLS - 3;   /* mark and risk columns + margin */

	for (;;) {
		int used = 0, worst = -1;

		for (int c = 0; c < C_COUNT; c++)
			if (aW[c] >= 0 && c != C_ORG)
				used += aCol[c].width + 1;
		if (avail - used >= ORG_MIN || used == 0) {
			aW[C_ORG] = avail - used > 0 ? avail - used : 1;
			return;
		}
		for (int c = 0; c < C_COUNT; c++)
			if (aW[c] >= 0 && aCol[c].drop > 0 &&
			    (worst < 0 || aCol[c].drop > aCol[worst].drop))
				worst = c;
		if (worst < 0) {
			aW[C_ORG] = avail - used > 0 ? avail - used : 1;
			return;
		}
		aW[worst] = -1;
	}
}

static void draw_row(struct ui *ui, int y, const struct store_queue_row *r,
		     const int aW[C_COUNT], int selected)
{
	int x = 2, base = selected ? ui_attr(ui, UI_CURSOR) : 0;
	char z[RD_TEXT_BUFSZ(40)];

	if (selected)
		ui_fill(y, base);
	ui_put(y, 0, 1, is_marked(r->id) ? "*" : " ",
	       base | ui_attr(ui, UI_MARK));
	/* High risk is a character, so it shows without colour too. */
	ui_put(y, 1, 1, r->risk >= 2 ? "!" : " ", base | ui_attr(ui, UI_RISK));
	for (int c = 0; c < C_COUNT; c++) {
		int w = c == C_ORG ? aW[C_ORG] : aW[c] < 0 ? -1 : aCol[c].width;
		int attr = base;
		enum rd_app_type t;
		enum rd_app_state s;
		enum ui_role role = UI_NORMAL;

		if (w < 0)
			continue;
		z[0] = '\0';
		switch (c) {
		case C_NO:
			snprintf(z, sizeof z, "%s", r->app_no);
			if (r->risk >= 2)
				attr |= ui_attr(ui, UI_RISK);
			break;
		case C_TYPE:
			if (rd_app_type_from_name(r->type, &t) == RD_OK)
				snprintf(z, sizeof z, "%s", _(azTypeShort[t]));
			break;
		case C_ORG:
			ui_put(y, x, w, r->org_name, attr);
			x += w + 1;
			continue;
		case C_HANDLER:
			rd_mask_name(r->handler_name, z, sizeof z);
			break;
		case C_SUBMITTED:
			rd_time_format_local(r->submitted_at, z, sizeof z,
					     RD_TIME_MINUTES);
			/* "MM-DD HH:MM" */
			memmove(z, z + 5, strlen(z + 5) + 1);
			break;
		case C_SLA:
			if (rd_app_state_from_name(r->state, &s) == RD_OK &&
			    rd_app_state_is_open(s)) {
				ui_sla_text(ui, r->sla_due_at, z, sizeof z,
					    &role);
				if (!selected || role != UI_NORMAL)
					attr |= ui_attr(ui, role);
			} else {
				snprintf(z, sizeof z, "—");
			}
			break;
		case C_STATE:
			if (r->pending_override)
				snprintf(z, sizeof z, "%s", C_("state", "Countersign"));
			else if (rd_app_state_from_name(r->state, &s) == RD_OK)
				snprintf(z, sizeof z, "%s", rd_app_state_label(s));
			break;
		case C_VERIFY:
			snprintf(z, sizeof z, "%s", r->verify_summary);
			break;
		case C_CLAIM:
			snprintf(z, sizeof z, "%s", r->claimed_by);
			break;
		}
		ui_put(y, x, w, z, attr);
		x += w + 1;
	}
}

/* The column the rows are sorted by, when the operator chose one. */
static int sorted_col(void)
{
	switch (Q.v.sort) {
	case STORE_QS_SLA: return C_SLA;
	case STORE_QS_SUBMITTED: return C_SUBMITTED;
	case STORE_QS_APP_NO: return C_NO;
	case STORE_QS_ORG: return C_ORG;
	default: return -1;
	}
}

static void draw_summary(struct ui *ui, int y)
{
	char zF[512], zS[128], z[768];

	qview_filter_text(&Q.v, zF, sizeof zF);
	qview_sort_text(&Q.v, zS, sizeof zS);
	snprintf(z, sizeof z, "%s%s%s%s%s", zF[0] ? _("Filter: ") : "", zF,
		 zF[0] && zS[0] ? "  " : "", zS, _("  (F filter, z clears)"));
	ui_put(y, 1, COLS - 2, z, ui_attr(ui, UI_WARN));
}

static void queue_draw(struct ui *ui)
{
	const char *aLabel[STORE_Q_TAB_COUNT + QV_SAVED_MAX];
	char zLab[STORE_Q_TAB_COUNT + QV_SAVED_MAX][96];
	int map[STORE_Q_TAB_COUNT], n = 0, active = 0, x;
	int aW[C_COUNT] = { 0 };
	char z[256];

	for (int t = 0; t < STORE_Q_TAB_COUNT; t++) {
		if (!tab_visible(ui, t))
			continue;
		if (Q.counts[t] >= 10000)
			snprintf(zLab[n], sizeof zLab[n], "%s 9999+",
				 rd_gettext_ctx(azTabLabel[t]));
		else if (Q.counts[t] >= 0)
			snprintf(zLab[n], sizeof zLab[n], "%s %lld",
				 rd_gettext_ctx(azTabLabel[t]), (long long)Q.counts[t]);
		else
			snprintf(zLab[n], sizeof zLab[n], "%s",
				 rd_gettext_ctx(azTabLabel[t]));
		aLabel[n] = zLab[n];
		if ((int)Q.tab == t && Q.view_i < 0)
			active = n;
		map[n++] = t;
	}
	(void)map;
	/* Saved views follow, marked so they read as the operator's own. */
	for (int k = 0; k < Q.nView; k++) {
		snprintf(zLab[n], sizeof zLab[n], "◆%s", Q.aView[k].name);
		aLabel[n] = zLab[n];
		if (Q.view_i == k)
			active = n;
		n++;
	}
	x = ui_tabs_draw(ui, 0, aLabel, n, active);
	snprintf(z, sizeof z, "%s%s%s%s%s  %s (%s)",
		 Q.v.type_i >= 0 ? _(azTypeShort[Q.v.type_i]) : "",
		 Q.v.type_i >= 0 ? " " : "",
		 Q.v.state_i >= 0 ? rd_app_state_label(Q.v.state_i) : "",
		 Q.search[0] ? " /" : "", Q.search, ui->op->login,
		 rd_role_label(ui->op->role));
	if (COLS - x > 4) {
		int w = rd_text_width(z);

		if (w > COLS - x - 1)
			w = COLS - x - 1;
		ui_put(0, COLS - w - 1, w, z, ui_attr(ui, UI_DIM));
	}
	/* The application number column fits the numbers on screen
	 * (portal numbers are 18 digits; older ones shorter). */
	aCol[C_NO].width = data_width(C_NO, cell_app_no, 24);
	/* Type and state take what their labels need in this language. */
	aCol[C_TYPE].width = rd_text_width(_(aCol[C_TYPE].title));
	for (int t = 0; t < RD_APP_TYPE_COUNT; t++)
		if (rd_text_width(_(azTypeShort[t])) > aCol[C_TYPE].width)
			aCol[C_TYPE].width = rd_text_width(_(azTypeShort[t]));
	aCol[C_STATE].width = data_width(C_STATE, cell_state, 16);
	/* Checks: the longest summary on screen ("T✓ A✓ B… P✓"). */
	aCol[C_VERIFY].width = data_width(C_VERIFY, cell_verify, 12);
	layout(aW);
	{
		int cx = 2;

		ui_fill(1, ui_attr(ui, UI_HEADER));
		for (int c = 0; c < C_COUNT; c++) {
			int w = c == C_ORG ? aW[C_ORG]
					   : aW[c] < 0 ? -1 : aCol[c].width;

			if (w < 0)
				continue;
			if (sorted_col() == c) {
				char zT[128];

				snprintf(zT, sizeof zT, "%s%s", _(aCol[c].title),
					 Q.v.desc ? "↓" : "↑");
				ui_put(1, cx, w, zT,
				       ui_attr(ui, UI_HEADER) | A_BOLD);
			} else {
				ui_put(1, cx, w, _(aCol[c].title),
				       ui_attr(ui, UI_HEADER));
			}
			cx += w + 1;
		}
	}
	if (summary_rows())
		draw_summary(ui, 2);
	for (int i = 0; i < Q.n && i < page_rows(); i++)
		draw_row(ui, 2 + summary_rows() + i, &Q.rows[i], aW,
			 i == Q.cur);
	if (Q.n == 0)
		ui_put(3 + summary_rows(), 2, COLS - 4,
		       qview_is_filtered(&Q.v)
			       ? _("Nothing here with this filter (F or t/T "
				   "change it, z clears it).")
			       : _("Nothing here."),
		       ui_attr(ui, UI_DIM));
	ui_status_draw(ui);
	ui_keybar_draw(ui);
}

/* ------------------------------------------------------------ moving */

static void move_down(struct ui *ui)
{
	struct store_queue_filter f;
	struct store_queue_row r;
	int n = 0;

	if (Q.cur + 1 < Q.n) {
		set_cursor(Q.cur + 1);
		return;
	}
	if (!Q.n)
		return;
	filter_of(ui, &f, 0);
	if (store_queue_page(ui->st, &f, &Q.rows[Q.n - 1].key, STORE_Q_AFTER,
			     ui_now(), 1, &r, &n, NULL) == RD_OK && n == 1) {
		Q.top = Q.n > 1 ? Q.rows[1].key : r.key;
		Q.sel_id = r.id;
		load(ui);
	}
}

static void move_up(struct ui *ui)
{
	struct store_queue_filter f;
	struct store_queue_row r;
	int n = 0;

	if (Q.cur > 0) {
		set_cursor(Q.cur - 1);
		return;
	}
	filter_of(ui, &f, 0);
	if (Q.n && store_queue_page(ui->st, &f, &Q.rows[0].key, STORE_Q_BEFORE,
				    ui_now(), 1, &r, &n, NULL) == RD_OK &&
	    n == 1) {
		Q.top = r.key;
		Q.sel_id = r.id;
		load(ui);
	}
}

static void page(struct ui *ui, int down)
{
	struct store_queue_filter f;
	static struct store_queue_row aR[QMAX];
	int n = 0, h = page_rows();

	if (!Q.n)
		return;
	filter_of(ui, &f, 0);
	if (down) {
		if (store_queue_page(ui->st, &f, &Q.rows[Q.n - 1].key,
				     STORE_Q_AFTER, ui_now(), 1, aR, &n,
				     NULL) != RD_OK || n == 0) {
			set_cursor(Q.n - 1);
			return;
		}
		Q.top = Q.rows[Q.n - 1].key;
		Q.sel_id = Q.rows[Q.n - 1].id;
		load(ui);
		set_cursor(Q.n - 1 < Q.cur ? Q.n - 1 : Q.cur);
	} else {
		if (store_queue_page(ui->st, &f, &Q.rows[0].key, STORE_Q_BEFORE,
				     ui_now(), h - 1, aR, &n, NULL) != RD_OK ||
		    n == 0) {
			set_cursor(0);
			return;
		}
		Q.top = aR[n - 1].key;
		Q.sel_id = aR[0].id;
		load(ui);
		set_cursor(0);
	}
}

static void go_first(struct ui *ui)
{
	Q.have_top = 0;
	Q.sel_id = 0;
	Q.cur = 0;
	load(ui);
}

static void go_last(struct ui *ui)
{
	struct store_queue_filter f;
	static struct store_queue_row aR[QMAX];
	int n = 0;

	filter_of(ui, &f, 0);
	if (store_queue_page(ui->st, &f, NULL, STORE_Q_BEFORE, ui_now(),
			     page_rows(), aR, &n, NULL) != RD_OK || n == 0)
		return;
	Q.top = aR[n - 1].key;
	Q.have_top = 1;
	Q.sel_id = aR[0].id;
	load(ui);
}

/* Search from the cursor: dir FROM (inclusive), AFTER (n), BEFORE (N);
 * wraps around once. */
static void search(struct ui *ui, enum store_queue_dir dir)
{
	struct store_queue_filter f;
	struct store_queue_row r;
	int n = 0, wrapped = 0;

	if (!Q.search[0]) {
		ui_status(ui, 0, _("No search yet: press / to search"));
		return;
	}
	filter_of(ui, &f, 1);
	store_queue_page(ui->st, &f, Q.n ? &Q.rows[Q.cur].key : NULL, dir,
			 ui_now(), 1, &r, &n, NULL);
	if (n == 0) {
		wrapped = 1;
		store_queue_page(ui->st, &f, NULL, dir, ui_now(), 1, &r, &n,
				 NULL);
	}
	if (n == 0) {
		ui_status(ui, 1, _("No match for \"%s\" in this tab"), Q.search);
		return;
	}
	for (int i = 0; i < Q.n; i++)
		if (Q.rows[i].id == r.id) {
			set_cursor(i);
			goto done;
		}
	Q.top = r.key;
	Q.have_top = 1;
	Q.sel_id = r.id;
	load(ui);
done:
	ui_status(ui, 0, wrapped ? _("Match: %s (search wrapped)")
				 : _("Match: %s"),
		  r.app_no);
}

/* ------------------------------------------------------------ tabs */

/* Tabs in order: the plain ones an operator may see, then the saved
 * views. Position p: 0..STORE_Q_TAB_COUNT-1 plain, then views. */
static void show_tab(struct ui *ui, int p)
{
	if (p >= STORE_Q_TAB_COUNT) {
		if (Q.view_i < 0)
			Q.base = Q.v;
		Q.view_i = p - STORE_Q_TAB_COUNT;
		Q.tab = Q.aView[Q.view_i].tab;
		Q.v = Q.aView[Q.view_i].v;
	} else {
		if (Q.view_i >= 0)
			Q.v = Q.base;
		Q.view_i = -1;
		Q.tab = p;
	}
	Q.nMark = 0;
	go_first(ui);
}

static void next_tab(struct ui *ui, int step)
{
	int nPos = STORE_Q_TAB_COUNT + Q.nView;
	int p = Q.view_i >= 0 ? STORE_Q_TAB_COUNT + Q.view_i : (int)Q.tab;

	do {
		p = (p + step + nPos) % nPos;
	} while (p < STORE_Q_TAB_COUNT && !tab_visible(ui, p));
	show_tab(ui, p);
}

static void save_view(struct ui *ui)
{
	char *zName = NULL;
	struct rd_err err;
	int k;

	if (!ui_edit(ui, _("Save this tab, its filters and sort as a view "
			   "named"),
		     Q.view_i >= 0 ? Q.aView[Q.view_i].name : "", 0, &zName))
		return;
	if (!zName[0]) {
		free(zName);
		return;
	}
	for (k = 0; k < Q.nView; k++)
		if (!strcmp(Q.aView[k].name, zName))
			break;
	if (k == Q.nView && Q.nView >= QV_SAVED_MAX) {
		ui_status(ui, 1, _("At most %d saved views: delete one with W"),
			  QV_SAVED_MAX);
		free(zName);
		return;
	}
	{
		char zT[QV_NAME_MAX * 2];

		rd_text_truncate(zName, QV_NAME_MAX / 3, zT, sizeof zT);
		rd_text_sanitize(zT, Q.aView[k].name, sizeof Q.aView[k].name);
	}
	free(zName);
	Q.aView[k].tab = Q.tab;
	Q.aView[k].v = Q.v;
	if (k == Q.nView)
		Q.nView++;
	rd_err_clear(&err);
	if (qview_saved_store(ui, Q.aView, Q.nView, &err) != RD_OK) {
		ui_status(ui, 1, "%s", rd_err_msg(&err));
		return;
	}
	/* The filters move into the view: the plain tabs start afresh. */
	if (Q.view_i < 0)
		qview_reset(&Q.base);
	Q.view_i = k;
	ui_status(ui, 0, _("Saved the view \"%s\""), Q.aView[k].name);
}

static void delete_view(struct ui *ui)
{
	struct rd_err err;
	char zName[QV_NAME_MAX];
	char zQ[160];

	if (Q.view_i < 0) {
		ui_status(ui, 1, "%s",
			  _("Go to a saved view (Tab) to delete it"));
		return;
	}
	snprintf(zName, sizeof zName, "%s", Q.aView[Q.view_i].name);
	snprintf(zQ, sizeof zQ, _("Delete the saved view \"%s\"?"), zName);
	if (!ui_confirm(ui, zQ))
		return;
	memmove(&Q.aView[Q.view_i], &Q.aView[Q.view_i + 1],
		(size_t)(Q.nView - Q.view_i - 1) * sizeof Q.aView[0]);
	Q.nView--;
	rd_err_clear(&err);
	if (qview_saved_store(ui, Q.aView, Q.nView, &err) != RD_OK)
		ui_status(ui, 1, "%s", rd_err_msg(&err));
	else
		ui_status(ui, 0, _("Deleted the view \"%s\""), zName);
	Q.v = Q.base;
	Q.view_i = -1;
	go_first(ui);
}

/* ------------------------------------------------------------ actions */

static void claim(struct ui *ui)
{
	struct rd_err err;
	const struct store_queue_row *r = &Q.rows[Q.cur];

	rd_err_clear(&err);
	if (store_review_claim(ui->st, ui->op, r->id,
			       ui->ctx->cfg.claim_lease_min, &err) == RD_OK)
		ui_status(ui, 0, _("Claimed %s for %d minutes"), r->app_no,
			  ui->ctx->cfg.claim_lease_min);
	else
		ui_status(ui, 1, "%s", rd_err_msg(&err));
	ui_note_write(ui);
	load(ui);
}

static void release(struct ui *ui)
{
	struct rd_err err;
	const struct store_queue_row *r = &Q.rows[Q.cur];

	rd_err_clear(&err);
	if (store_review_release(ui->st, ui->op, r->id, &err) == RD_OK)
		ui_status(ui, 0, _("Released %s"), r->app_no);
	else
		ui_status(ui, 1, "%s", rd_err_msg(&err));
	ui_note_write(ui);
	load(ui);
}

static void mark(struct ui *ui)
{
	const struct store_queue_row *r = &Q.rows[Q.cur];

	for (int i = 0; i < Q.nMark; i++)
		if (Q.aMark[i] == r->id) {
			Q.aMark[i] = Q.aMark[--Q.nMark];
			Q.aMarkRv[i] = Q.aMarkRv[Q.nMark];
			ui_status(ui, 0, _("%d marked"), Q.nMark);
			return;
		}
	if (Q.nMark < MARK_MAX) {
		Q.aMark[Q.nMark] = r->id;
		Q.aMarkRv[Q.nMark++] = r->row_version;
	}
	ui_status(ui, 0, _("%d marked"), Q.nMark);
	move_down(ui);
}

/* Back at the top level: Esc never quits (it is pressed to get out of
 * things, and one too many would end the session); q asks, as mutt
 * does; F10 (and Q) quit at once. */
static void queue_back(struct ui *ui, int is_key, wint_t ch)
{
	if (!is_key && ch == 'q') {
		if (ui_confirm(ui, _("Quit radesk?")))
			ui->leave = 1;
		return;
	}
	ui_status(ui, 0, _("Esc does not quit: q asks to quit, F10 quits"));
}

/* The gate decides, in the store; bulk.c shows its result first. */
static void bulk(struct ui *ui, enum rd_app_action action)
{
	if (ui_bulk_decide(ui, action, Q.aMark, Q.nMark)) {
		Q.nMark = 0;
		ui_note_write(ui);
	}
	load(ui);
}

static void queue_key(struct ui *ui, enum ui_req r, int is_key, wint_t ch)
{

	switch (r) {
	case UI_REQ_DOWN: move_down(ui); break;
	case UI_REQ_UP: move_up(ui); break;
	case UI_REQ_PGDN: page(ui, 1); break;
	case UI_REQ_PGUP: page(ui, 0); break;
	case UI_REQ_FIRST: go_first(ui); break;
	case UI_REQ_LAST: go_last(ui); break;
	case UI_REQ_NEXT_TAB:
	case UI_REQ_PREV_TAB:
		next_tab(ui, r == UI_REQ_NEXT_TAB ? 1 : -1);
		break;
	case UI_REQ_FILTER_TYPE:
		Q.v.type_i = Q.v.type_i + 1 >= RD_APP_TYPE_COUNT ? -1
								 : Q.v.type_i + 1;
		go_first(ui);
		break;
	case UI_REQ_FILTER_STATE:
		Q.v.states = 0;
		Q.v.state_i = Q.v.state_i + 1 >= RD_APP_STATE_COUNT
				      ? -1
				      : Q.v.state_i + 1;
		go_first(ui);
		break;
	case UI_REQ_CHECKLIST:     /* F4: the queue's filter menu */
	case UI_REQ_FILTER_MENU:
		if (qview_filter_menu(ui, &Q.v))
			go_first(ui);
		break;
	case UI_REQ_REJECT:        /* F6: the queue's sort menu */
	case UI_REQ_SORT_MENU:
		if (qview_sort_menu(ui, &Q.v, Q.tab))
			go_first(ui);
		break;
	case UI_REQ_CLEAR_FILTERS:
		qview_reset(&Q.v);
		ui_status(ui, 0, "%s", _("Filters and sort cleared"));
		go_first(ui);
		break;
	case UI_REQ_SAVE_VIEW: save_view(ui); break;
	case UI_REQ_DELETE_VIEW: delete_view(ui); break;
	case UI_REQ_SEARCH:
		/* Every application (search.c); n/N then walk this tab. */
		ui_search_prompt(ui, Q.tab, Q.search, sizeof Q.search);
		break;
	case UI_REQ_SEARCH_NEXT: search(ui, STORE_Q_AFTER); break;
	case UI_REQ_SEARCH_PREV: search(ui, STORE_Q_BEFORE); break;
	case UI_REQ_ENTER:
		if (Q.n) {
			ui->detail_id = Q.rows[Q.cur].id;
			ui_switch(ui, &ui_detail_screen);
		}
		break;
	case UI_REQ_BACK: queue_back(ui, is_key, ch); break;
	case UI_REQ_CLAIM: if (Q.n) claim(ui); break;
	case UI_REQ_RELEASE: if (Q.n) release(ui); break;
	case UI_REQ_MARK: if (Q.n) mark(ui); break;
	case UI_REQ_BULK_APPROVE: bulk(ui, RD_ACT_APPROVE); break;
	case UI_REQ_BULK_REJECT: bulk(ui, RD_ACT_REJECT); break;
	case UI_REQ_NONE: break;
	default:
		ui_status(ui, 0, _("Open an application (Enter) for that; "
				   "? shows the keys"));
		break;
	}
}

static void queue_enter(struct ui *ui)
{
	static int initialised;

	if (!initialised) {
		memset(&Q, 0, sizeof Q);
		qview_reset(&Q.v);
		qview_reset(&Q.base);
		Q.view_i = -1;
		qview_saved_load(ui, Q.aView, &Q.nView);
		initialised = 1;
	}
	load(ui);
	if (ui->queue_find) {
		ui->queue_find = 0;
		if (Q.search[0])
			search(ui, STORE_Q_FROM);
	}
}

static void queue_resize(struct ui *ui)
{
	load(ui);
}

void ui_queue_fini(struct ui *ui)
{
	(void)ui;
}

const struct screen_ops ui_queue_screen = {
	.name = "queue",
	.enter = queue_enter,
	.draw = queue_draw,
	.key = queue_key,
	.resize = queue_resize,
	.reload = queue_resize,
	.leave = NULL,
};
