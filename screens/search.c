/*
 * search.c — the global search's results (see search.h).
 *
 * The hits are read newest first, a page at a time by id
 * (store_search_global), as the cursor reaches the end; an exact
 * application number is put first. The history is a file of the user's
 * state folder, one term a line, the newest last.
 */
#include "screens/search.h"
#include "screens/qview.h"

#include "core/i18n.h"
#include "core/mask.h"
#include "core/state.h"
#include "core/text.h"
#include "fsutil.h"
#include "store/queue_search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HIST_MAX 50
#define PAGE 50
#define HITS_MAX 5000          /* End reads this far, no further */

static const char *const azTab[STORE_Q_TAB_COUNT] = {
	[STORE_Q_REVIEW] = N_("To review"),
	[STORE_Q_MINE] = N_("Mine"),
	[STORE_Q_COUNTERSIGN] = NC_("tab", "Countersign"),
	[STORE_Q_DONE] = N_("Decided"),
	[STORE_Q_ALL] = N_("All"),
};

static struct {
	char q[160];
	int tab;               /* the queue's tab, for f */
	int scoped;            /* f: only that tab */
	struct store_queue_row *a;
	int cap;
	struct ui_pager pg;
	int64_t exact;         /* id of an exact number match, first */
} S;

/* ------------------------------------------------------------ history */

static void hist_path(struct ui *ui, char *z, size_t n)
{
	char zDir[1024];

	qview_state_dir(zDir, sizeof zDir);
	if (!zDir[0]) {
		if (n)
			z[0] = '\0';
		return;
	}
	snprintf(z, n, "%s/search-%s", zDir, ui->op->login);
}

/* Read up to HIST_MAX terms, oldest first, into az (malloc'd each). */
static int hist_load(struct ui *ui, char **az)
{
	char zPath[1100], zLine[200];
	FILE *fp;
	int n = 0;

	hist_path(ui, zPath, sizeof zPath);
	if (!zPath[0] || !(fp = fopen(zPath, "r")))
		return 0;
	while (fgets(zLine, sizeof zLine, fp)) {
		char zS[RD_TEXT_BUFSZ(160)];

		zLine[strcspn(zLine, "\n")] = '\0';
		if (!zLine[0])
			continue;
		rd_text_sanitize(zLine, zS, sizeof zS);
		if (n == HIST_MAX) {
			free(az[0]);
			memmove(az, az + 1, (HIST_MAX - 1) * sizeof *az);
			n--;
		}
		if ((az[n] = strdup(zS)) != NULL)
			n++;
	}
	fclose(fp);
	return n;
}

/* Add zQ as the newest (once), keep the last HIST_MAX, write back. */
static void hist_add(struct ui *ui, char **az, int n, const char *zQ)
{
	char zPath[1100], zTmp[1200];
	FILE *fp;
	struct rd_err err;

	hist_path(ui, zPath, sizeof zPath);
	if (!zPath[0] || rd_mkdir_parents_of(zPath, 0700, &err) != RD_OK)
		return;
	snprintf(zTmp, sizeof zTmp, "%s.tmp", zPath);
	if (!(fp = fopen(zTmp, "w")))
		return;
	for (int i = n >= HIST_MAX ? 1 : 0; i < n; i++)
		if (strcmp(az[i], zQ))
			fprintf(fp, "%s\n", az[i]);
	fprintf(fp, "%s\n", zQ);
	if (fclose(fp) == 0)
		rename(zTmp, zPath);
	else
		unlink(zTmp);
}

int ui_search_prompt(struct ui *ui, int tab, char *zOut, size_t n)
{
	char *az[HIST_MAX + 1];
	char *z = NULL;
	int nHist = hist_load(ui, az), ok;

	ok = ui_edit_history(ui, _("Search: number, organisation, USCC, "
				   "serial, person, ID tail (↑↓ history)"),
			     "", (const char *const *)az, nHist, &z);
	if (ok && z) {
		/* A line break or a tab cannot be typed; a newline would
		 * split the history file. */
		z[strcspn(z, "\n")] = '\0';
		if (z[0])
			hist_add(ui, az, nHist, z);
	}
	for (int i = 0; i < nHist; i++)
		free(az[i]);
	if (!ok || !z || !z[0]) {
		free(z);
		return 0;
	}
	snprintf(S.q, sizeof S.q, "%s", z);
	snprintf(zOut, n, "%s", z);
	free(z);
	S.tab = tab;
	S.scoped = 0;
	S.pg.n = 0;
	ui_switch(ui, &ui_search_screen);
	return 1;
}

/* ------------------------------------------------------------ reading */

static int load_more(struct ui *ui, void *ctx)
{
	struct store_queue_row aR[PAGE];
	int64_t before = 0;
	struct rd_err err;
	int k = 0;

	(void)ctx;
	for (int i = S.pg.n - 1; i >= 0; i--)
		if (S.a[i].id != S.exact || i > 0) {
			before = S.a[i].id;
			break;
		}
	if (S.pg.n == 1 && S.exact)
		before = 0;
	rd_err_clear(&err);
	if (store_search_global(ui->st, S.q, S.scoped ? S.tab : -1, ui->op->id,
				before, ui_now(), PAGE, aR, &k,
				&err) != RD_OK) {
		ui_status(ui, 1, "%s", rd_err_msg(&err));
		S.pg.more = 0;
		return 1;
	}
	for (int i = 0; i < k; i++) {
		if (aR[i].id == S.exact)
			continue;
		if (ui_append(&S.a, &S.pg.n, &S.cap, &aR[i], sizeof aR[i]))
			break;
	}
	S.pg.more = k == PAGE && S.pg.n < HITS_MAX;
	return 0;
}

static void load_first(struct ui *ui)
{
	int64_t sel = S.pg.n > 0 && S.pg.cur < S.pg.n ? S.a[S.pg.cur].id : 0;
	int64_t id = 0;
	struct store_queue_row r;
	int k = 0;

	S.pg.n = S.pg.cur = S.pg.top = 0;
	S.pg.more = 1;
	S.exact = 0;
	/* An exact number comes first, however old. */
	if (store_app_id_by_no(ui->st, S.q, &id, NULL) == RD_OK) {
		for (int64_t before = id + 1;;) {
			if (store_search_global(ui->st, S.q,
						S.scoped ? S.tab : -1,
						ui->op->id, before, ui_now(), 1,
						&r, &k, NULL) != RD_OK ||
			    k == 0 || r.id != id)
				break;
			if (!ui_append(&S.a, &S.pg.n, &S.cap, &r, sizeof r))
				S.exact = id;
			break;
		}
	}
	load_more(ui, NULL);
	if (sel)
		for (int i = 0; i < S.pg.n; i++)
			if (S.a[i].id == sel)
				S.pg.cur = i;
}

/* ------------------------------------------------------------ screen */

static int list_rows(void)
{
	return LINES - 4 > 1 ? LINES - 4 : 1;
}

static void search_enter(struct ui *ui)
{
	load_first(ui);
}

static void search_draw(struct ui *ui)
{
	char z[512], zS[RD_TEXT_BUFSZ(160)];
	int rows = list_rows();
	int wNo = 15, wTab = rd_text_width(_("Tab")), wState = 10, wSla = 7;
	int wOrg, x;

	rd_text_sanitize(S.q, zS, sizeof zS);
	if (S.scoped)
		snprintf(z, sizeof z,
			 S.pg.more ? _("Search \"%s\": %d+ found in %s (f: every tab)")
				   : _("Search \"%s\": %d found in %s (f: every tab)"),
			 zS, S.pg.n, rd_gettext_ctx(azTab[S.tab]));
	else
		snprintf(z, sizeof z,
			 S.pg.more ? _("Search \"%s\": %d+ found in every tab (f: only %s)")
				   : _("Search \"%s\": %d found in every tab (f: only %s)"),
			 zS, S.pg.n, rd_gettext_ctx(azTab[S.tab]));
	ui_fill(0, ui_attr(ui, UI_BAR));
	ui_put(0, 1, COLS - 2, z, ui_attr(ui, UI_BAR));
	for (int t = 0; t < STORE_Q_TAB_COUNT; t++)
		if (rd_text_width(rd_gettext_ctx(azTab[t])) > wTab)
			wTab = rd_text_width(rd_gettext_ctx(azTab[t]));
	for (int i = 0; i < S.pg.n; i++) {
		enum rd_app_state st;
		int w = rd_text_width(S.a[i].app_no);

		if (w > wNo)
			wNo = w > 24 ? 24 : w;
		if (rd_app_state_from_name(S.a[i].state, &st) == RD_OK &&
		    rd_text_width(rd_app_state_label(st)) > wState)
			wState = rd_text_width(rd_app_state_label(st));
	}
	if (wState > 16)
		wState = 16;
	wOrg = COLS - 3 - wNo - wTab - wState - wSla - 4;
	if (wOrg < 8)
		wOrg = 8;
	ui_fill(1, ui_attr(ui, UI_HEADER));
	x = 2;
	x = ui_cell(1, x, wNo, _("Application"), ui_attr(ui, UI_HEADER), 0);
	x = ui_cell(1, x, wTab, _("Tab"), ui_attr(ui, UI_HEADER), 0);
	x = ui_cell(1, x, wOrg, _("Organisation"), ui_attr(ui, UI_HEADER), 0);
	x = ui_cell(1, x, wState, _("State"), ui_attr(ui, UI_HEADER), 0);
	ui_cell(1, x, wSla, _("SLA"), ui_attr(ui, UI_HEADER), 0);
	ui_pager_scroll(&S.pg, rows);
	for (int r = 0; r < rows && S.pg.top + r < S.pg.n; r++) {
		const struct store_queue_row *h = &S.a[S.pg.top + r];
		int y = 2 + r, sel = S.pg.top + r == S.pg.cur;
		int base = sel ? ui_attr(ui, UI_CURSOR) : 0;
		enum rd_app_state st;
		enum ui_role role = UI_NORMAL;
		char zSla[32] = "—";

		if (sel)
			ui_fill(y, base);
		ui_put(y, 1, 1, h->risk >= 2 ? "!" : " ",
		       base | ui_attr(ui, UI_RISK));
		x = ui_cell(y, 2, wNo, h->app_no, base, 0);
		x = ui_cell(y, x, wTab,
			    rd_gettext_ctx(azTab[store_search_tab_of(h, ui->op->id)]),
			    base, 0);
		x = ui_cell(y, x, wOrg, h->org_name, base, 0);
		x = ui_cell(y, x, wState,
			    rd_app_state_from_name(h->state, &st) == RD_OK
				    ? rd_app_state_label(st)
				    : "",
			    base, 0);
		if (rd_app_state_from_name(h->state, &st) == RD_OK &&
		    rd_app_state_is_open(st))
			ui_sla_text(ui, h->sla_due_at, zSla, sizeof zSla, &role);
		ui_cell(y, x, wSla, zSla, base | (role != UI_NORMAL
							  ? ui_attr(ui, role)
							  : 0),
			0);
	}
	if (S.pg.n == 0)
		ui_put(3, 2, COLS - 4,
		       S.scoped ? _("Nothing found in this tab (f searches "
				    "every tab, / searches again).")
				: _("Nothing found (/ searches again)."),
		       ui_attr(ui, UI_DIM));
	ui_status_draw(ui);
	ui_keybar_draw(ui);
}

static void search_key(struct ui *ui, enum ui_req r, int is_key, wint_t ch)
{
	if (ui_pager_key(ui, &S.pg, r, list_rows(), load_more, NULL))
		return;
	if (!is_key && ch == 'f') {
		S.scoped = !S.scoped;
		S.pg.n = 0;
		load_first(ui);
		return;
	}
	switch (r) {
	case UI_REQ_SEARCH_NEXT:
		ui_pager_key(ui, &S.pg, UI_REQ_DOWN, list_rows(), load_more,
			     NULL);
		break;
	case UI_REQ_SEARCH_PREV:
		ui_pager_key(ui, &S.pg, UI_REQ_UP, list_rows(), load_more,
			     NULL);
		break;
	case UI_REQ_SEARCH: {
		char z[160];

		ui_search_prompt(ui, S.tab, z, sizeof z);
		break;
	}
	case UI_REQ_ENTER:
		if (S.pg.n > 0) {
			ui->detail_id = S.a[S.pg.cur].id;
			/* A number that found just itself was a "go to":
			 * back from it is the queue, where one was. */
			ui->detail_back = S.exact && S.pg.n == 1
						  ? &ui_queue_screen
						  : &ui_search_screen;
			ui->queue_find = S.exact && S.pg.n == 1;
			ui_switch(ui, &ui_detail_screen);
		}
		break;
	case UI_REQ_BACK:
		ui_switch(ui, &ui_queue_screen);
		break;
	case UI_REQ_NONE:
		ui_status(ui, 0, "%s",
			  _("Enter opens the application, f limits the search "
			    "to the tab, / searches again, Esc goes back"));
		break;
	default:
		/* The results lie over the queue: its keys (Tab, t, F, …)
		 * go back to it and act there. */
		ui_switch(ui, &ui_queue_screen);
		ui->scr->key(ui, r, is_key, ch);
		break;
	}
}

static void search_reload(struct ui *ui)
{
	load_first(ui);
}

void ui_search_fini(struct ui *ui)
{
	(void)ui;
	free(S.a);
	memset(&S, 0, sizeof S);
}

const struct screen_ops ui_search_screen = {
	.name = "search",
	.enter = search_enter,
	.draw = search_draw,
	.key = search_key,
	.resize = search_reload,
	.reload = search_reload,
	.leave = NULL,
};
