/*
 * qview.h — what the queue shows of a tab: its filters and its order,
 * the filter and sort menus that change them, their summary for the
 * header, and saved views (a tab + filters + order under a name, a tab
 * of their own), kept per operator in a file of the user's state folder.
 */
#ifndef RD_SCREENS_QVIEW_H
#define RD_SCREENS_QVIEW_H

#include "screens/screen.h"
#include "store/queue.h"

#include <stddef.h>

enum qview_sla {
	QV_SLA_ANY = 0,
	QV_SLA_OVERDUE,        /* the deadline has passed (red) */
	QV_SLA_SOON,           /* due within one working day (amber) */
	QV_SLA_LATER,          /* due later than that */
	QV_SLA_COUNT
};

struct qview {
	int type_i;            /* -1 = all, else enum rd_app_type */
	int state_i;           /* -1 = all, else enum rd_app_state (T) */
	unsigned states;       /* the menu's states, a bit per state */
	char channel[32];      /* "" = every channel */
	int sla;               /* enum qview_sla */
	int risk;              /* high risk only */
	int mine;              /* claimed by me only */
	int sort;              /* enum store_queue_sort */
	int desc;
};

#define QV_NAME_MAX 40
#define QV_SAVED_MAX 8

struct qview_saved {
	char name[QV_NAME_MAX];
	int tab;               /* enum store_queue_tab */
	struct qview v;
};

/* No filter, the tab's own order. */
void qview_reset(struct qview *v);
int qview_is_filtered(const struct qview *v);

/* Put v's conditions into f (the SLA band turned into instants with
 * the holiday calendar). */
void qview_apply(struct ui *ui, const struct qview *v,
		 struct store_queue_filter *f);

/* The filter menu (F4, F) and the sort menu (F6, <, >): 1 when v
 * changed. tab: the tab shown (the decision time sorts only there and
 * in All). */
int qview_filter_menu(struct ui *ui, struct qview *v);
int qview_sort_menu(struct ui *ui, struct qview *v, int tab);

/* "Sorted by: Organisation ↑" ("" for the tab's own order) and the
 * filters in force ("Filter: Renew · Received, In review · high risk"),
 * each into z[n], translated. */
void qview_sort_text(const struct qview *v, char *z, size_t n);
void qview_filter_text(const struct qview *v, char *z, size_t n);

/* Saved views of this operator: read (up to QV_SAVED_MAX, *n), and
 * write the whole list back. The file is
 * $XDG_STATE_HOME/radesk/views-LOGIN (else ~/.local/state/radesk/…),
 * one view a line. A file that does not parse line by line loses only
 * its bad lines. */
void qview_saved_load(struct ui *ui, struct qview_saved *a, int *n);
rd_status qview_saved_store(struct ui *ui, const struct qview_saved *a,
			    int n, struct rd_err *err);

/* The user's state folder for radesk into z[n] ("" when there is no
 * home): $XDG_STATE_HOME/radesk, else $HOME/.local/state/radesk. */
void qview_state_dir(char *z, size_t n);

#endif
