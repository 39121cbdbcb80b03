/*
 * screen.h — what the screens and widgets of the console share: the UI
 * state, the screen interface and the widget functions.
 *
 * A screen is a struct screen_ops; ui.c runs the loop, turns keys into
 * requests (keys.h) and hands them to the active screen. Modal widgets
 * (editor, dialogs) run their own little loop and return when done, when
 * cancelled, or when the session is ending (ui->quit set by a signal).
 */
#ifndef RD_SCREENS_SCREEN_H
#define RD_SCREENS_SCREEN_H

#include "catalog.h"
#include "cli.h"
#include "core/calendar.h"
#include "screens/curses.h"
#include "screens/keys.h"

#include <signal.h>
#include <stdint.h>

struct ui;

struct screen_ops {
	const char *name;
	void (*enter)(struct ui *ui);
	void (*draw)(struct ui *ui);
	/* ch is the raw key (for editors); req its request. */
	void (*key)(struct ui *ui, enum ui_req req, int is_key, wint_t ch);
	void (*resize)(struct ui *ui);
	/* Another process changed the database: reload, keep the cursor. */
	void (*reload)(struct ui *ui);
	/* Called on every turn of the loop (at least twice a second); may
	 * be NULL. For what changes with time alone. */
	void (*tick)(struct ui *ui);
	void (*leave)(struct ui *ui);
};

/* Attribute roles; ui_attr() maps them to colour or mono attributes. */
enum ui_role {
	UI_NORMAL, UI_HEADER, UI_CURSOR, UI_OVERDUE, UI_DUE_SOON, UI_OK,
	UI_ERROR, UI_RISK, UI_WARN, UI_DIM, UI_TAB_ON, UI_TAB_OFF, UI_BAR,
	UI_SECTION, UI_MARK, UI_ROLE_COUNT
};

struct queue_state;
struct detail_state;

struct ui {
	struct rd_ctx *ctx;
	struct store *st;
	const struct rd_operator *op;
	struct rd_calendar cal;
	struct rd_catalog reasons;
	struct rd_catalog checklist;
	int color;                   /* colours in use */
	volatile sig_atomic_t *quit; /* set by SIGHUP/SIGTERM/SIGINT */
	int leave;                   /* the user asked to quit */
	int64_t data_version;
	char status[512];            /* what just happened (sanitised) */
	int status_err;
	int64_t status_ms;           /* when it was set (rd_mono_ms), to
					clear it a few seconds later */
	const struct screen_ops *scr;
	const struct screen_ops *prev;  /* the screen active before scr */
	/* The way back (ui_back): the screens passed through, oldest first;
	 * switching to one of them drops it and what came after. */
	const struct screen_ops *aBack[8];
	int nBack;
	struct queue_state *q;
	struct detail_state *d;
	int64_t detail_id;           /* application the detail screen shows */
	/* Where Back leaves the detail, when a screen other than the
	 * queue or shipping opens it; the detail takes it on entering. */
	const struct screen_ops *detail_back;
	/* The queue puts its cursor on its search's first match when it
	 * is next shown: a "go to" (a number that found just itself)
	 * returns to the queue on the application it opened. */
	int queue_find;
};

extern const struct screen_ops ui_queue_screen;
extern const struct screen_ops ui_detail_screen;
extern const struct screen_ops ui_help_screen;

/* Free the queue's and the detail's state (end of session). */
void ui_queue_fini(struct ui *ui);
void ui_detail_fini(struct ui *ui);

/* Switch to another screen (calls leave, then enter). */
void ui_switch(struct ui *ui, const struct screen_ops *to);

/* Go back to the screen this one was opened from (the queue when there
 * is none): help over the jobs screen over the detail returns to the
 * jobs screen, then to the detail, never round in a circle. */
void ui_back(struct ui *ui);

/* Now, from the one clock. */
int64_t ui_now(void);

/* Operator is a supervisor or admin. */
int ui_is_supervisor(const struct ui *ui);

/* Remember the DB version after our own write, so it is not mistaken
 * for someone else's change (the screen reloads itself anyway). */
void ui_note_write(struct ui *ui);

/* ---- widgets/paint.c: drawing primitives ---- */
int ui_attr(const struct ui *ui, enum ui_role role);
/* Draw s (hostile text allowed: it is sanitised) fitted to exactly w
 * columns at (y, x). */
void ui_put(int y, int x, int w, const char *s, int attr);
/* Clear a line with attr. */
void ui_fill(int y, int attr);
/* A count with thousands separators: "200,000". */
void ui_count(int64_t n, char *z, size_t len);
/* The terminal's locale is UTF-8 (else frames and bars fall back to
 * ASCII). */
int ui_utf8(void);
/* Working-time SLA text ("2d3h", "-1h20m") and its role. */
void ui_sla_text(const struct ui *ui, int64_t due, char *z, size_t n,
		 enum ui_role *role);

/* ---- widgets/list.c: a cursor over a list of n rows ---- */
/* Move *cur for Up, Down, PgUp, PgDn (page rows), First and Last;
 * returns 1 when r was one of them (even at an end), else 0. */
int ui_list_move(enum ui_req r, int *cur, int n, int page);

/* ---- widgets/status.c: status line and bottom key bar ---- */
void ui_status(struct ui *ui, int is_err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ui_status_draw(struct ui *ui);
/* Empty the status line (the loop does so on the next key and a few
 * seconds after a message was set). */
void ui_status_clear(struct ui *ui);
#define UI_STATUS_MS 6000
void ui_keybar_draw(struct ui *ui);

/* ---- widgets/tabs.c ---- */
/* Draw labels on row y, the active one highlighted; returns columns used. */
int ui_tabs_draw(struct ui *ui, int y, const char *const *aLabel, int n,
		 int active);

/* ---- widgets/editor.c: line and multi-line editor ---- */
/*
 * Edit text in a box titled `title` (translated). Single-line: Enter
 * accepts. Multi-line: Enter breaks the line, Ctrl-D or F2 accepts. Esc
 * cancels. Moves by character, measures display columns, Ctrl-A/E/K/U
 * as in readline. Returns 1 and *out (malloc'd UTF-8, caller frees) when
 * accepted; 0 when cancelled or the session is ending.
 */
int ui_edit(struct ui *ui, const char *title, const char *initial,
	    int multiline, char **out);
/* One line, where Up and Down recall aHist[0..nHist) (oldest first), as
 * a shell does; Down past the newest gives back what was typed. */
int ui_edit_history(struct ui *ui, const char *title, const char *initial,
		    const char *const *aHist, int nHist, char **out);

/* Every modal calls this when it has drawn itself, just before its
 * first refresh (*first starts at 1): keys typed before it showed are
 * dropped. */
void ui_modal_shown(int *first);

/* ---- widgets/listconfirm.c: a question over a list of lines ---- */
/* Show aLine[0..n) in a box titled title with question under it; 1 when
 * the answer is y, 0 for n, Esc or anything else. */
int ui_list_confirm(struct ui *ui, const char *title,
		    const char *const *aLine, int n, const char *question);

/* ---- widgets/dialog.c: confirm and menus ---- */
/* Ask a yes/no question; 1 for yes. */
int ui_confirm(struct ui *ui, const char *question);
/*
 * A list of items to pick from in a box. Single choice: returns the
 * index chosen or -1. Multiple (aOn != NULL): Space toggles aOn[i], Enter
 * accepts (returns 1), Esc cancels (returns -1, aOn may have changed).
 * on_toggle (may be NULL) is called at each toggle and may refuse it by
 * returning 0.
 */
typedef int (*ui_toggle_fn)(void *ctx, int i, int on);
int ui_menu(struct ui *ui, const char *title, const char *const *aItem,
	    int n, int *aOn, ui_toggle_fn on_toggle, void *ctx);

/* Draw a frame around win with Unicode box characters (works where the
 * terminal's alternate character set does not, e.g. inside tmux/screen
 * in a UTF-8 locale); ASCII +-| when the locale is not UTF-8. */
void ui_box(WINDOW *win);

/* Wait for a key with the UI's poll timeout; returns get_wch's code
 * (ERR on timeout). Handles nothing else. */
int ui_getkey(struct ui *ui, wint_t *ch);

/* ---- widgets/pager.c: lists read page by page, cells ---- */
/*
 * A cursor over rows a screen reads by key, one page at a time: the
 * screen owns the rows, the pager the position. more: the last page read
 * was full, so there may be more. A load function reads one more page
 * after the rows loaded, updating n and more; non-zero on failure (it
 * has told the status line).
 */
struct ui_pager {
	int n;                 /* rows loaded */
	int cur, top;
	int more;
};
typedef int (*ui_pager_load_fn)(struct ui *ui, void *ctx);

/* Handle a movement request for a list of `rows` visible lines, reading
 * the next page when the cursor reaches the last row loaded (every page
 * for Last). Returns 1 when r was a movement. */
int ui_pager_key(struct ui *ui, struct ui_pager *pg, enum ui_req r, int rows,
		 ui_pager_load_fn load, void *ctx);

/* Scroll so the cursor shows in `rows` lines. */
void ui_pager_scroll(struct ui_pager *pg, int rows);

/* Append a copy of the sz-byte item to the array *pa of *cap elements
 * holding *n, growing it; non-zero when out of memory. */
int ui_append(void *pa, int *n, int *cap, const void *item, size_t sz);

/* Draw s fitted in a cell w columns wide at (y, x), aligned right when
 * `right`; returns the column after the cell and a one-column gap. */
int ui_cell(int y, int x, int w, const char *s, int attr, int right);

#endif
