/*
 * help.c — the help screen, generated from the key table (keys.c), so it
 * always tells the truth about the keys. Keys are grouped by where they
 * apply: everywhere, in the queue, in an application.
 */
#include "screens/screen.h"
#include "screens/legend.h"

#include "core/i18n.h"
#include "core/text.h"

#include <stdio.h>
#include <string.h>

#define HELP_MAX 320

struct help_line {
	char key[32];
	const char *text;       /* translated help, or a heading */
	int heading;
	int where;
};

static struct {
	struct help_line a[HELP_MAX];
	int n, top;
} H;

struct collect_ctx {
	int where;              /* the group being collected */
};

static void collect(void *ctx, const char *zKey, int where, const char *zHelp)
{
	struct collect_ctx *c = ctx;

	if (where != c->where || H.n >= HELP_MAX)
		return;
	/* Keys bound to the same request share a line: "F2 c". */
	for (int i = H.n - 1; i >= 0 && !H.a[i].heading; i--) {
		struct help_line *l = &H.a[i];
		char zCopy[sizeof l->key], *zSave = NULL;
		size_t len = strlen(l->key);

		if (strcmp(l->text, zHelp))
			continue;
		snprintf(zCopy, sizeof zCopy, "%s", l->key);
		for (char *t = strtok_r(zCopy, " ", &zSave); t;
		     t = strtok_r(NULL, " ", &zSave))
			if (!strcmp(t, zKey))
				return;
		if (len + strlen(zKey) + 2 <= sizeof l->key)
			snprintf(l->key + len, sizeof l->key - len, " %s", zKey);
		return;
	}
	snprintf(H.a[H.n].key, sizeof H.a[H.n].key, "%s", zKey);
	H.a[H.n].text = zHelp;
	H.a[H.n].where = where;
	H.n++;
}

static void heading(const char *z)
{
	if (H.n >= HELP_MAX)
		return;
	memset(&H.a[H.n], 0, sizeof H.a[H.n]);
	H.a[H.n].text = z;
	H.a[H.n].heading = 1;
	H.n++;
}

/* The marks' meanings (legend.c) after the keys. */
static void legend_line(void *ctx, const char *key, const char *text)
{
	(void)ctx;
	if (!key) {
		heading(text);
		return;
	}
	if (H.n >= HELP_MAX)
		return;
	memset(&H.a[H.n], 0, sizeof H.a[H.n]);
	snprintf(H.a[H.n].key, sizeof H.a[H.n].key, "%s", key);
	H.a[H.n].text = text;
	H.n++;
}

static void help_enter(struct ui *ui)
{
	static const struct {
		int where;
		const char *title;
	} aGroup[] = {
		{ UI_IN_ALL, N_("Everywhere") },
		{ UI_IN_QUEUE, N_("In the queue") },
		{ UI_IN_DETAIL, N_("In an application") },
	};

	(void)ui;
	memset(&H, 0, sizeof H);
	for (size_t g = 0; g < sizeof aGroup / sizeof aGroup[0]; g++) {
		struct collect_ctx c = { aGroup[g].where };

		heading(_(aGroup[g].title));
		ui_keys_visit(collect, &c);
	}
	heading(_("In an application: 1–9 open that file of its Files list "
		  "in the viewer."));
	heading(_("In editors: Ctrl-A/E start/end of line, Ctrl-K/U delete "
		  "to end/start, Ctrl-D or F2 saves a multi-line text, Esc "
		  "cancels."));
	ui_legend_visit(legend_line, NULL);
}

static void help_draw(struct ui *ui)
{
	int rows = LINES - 3;

	ui_fill(0, ui_attr(ui, UI_BAR));
	ui_put(0, 0, COLS, _("radesk — keys (Esc or q to go back)"),
	       ui_attr(ui, UI_BAR));
	for (int r = 0; r < rows && H.top + r < H.n; r++) {
		const struct help_line *l = &H.a[H.top + r];

		if (l->heading) {
			ui_put(1 + r, 0, COLS, l->text, ui_attr(ui, UI_SECTION));
			continue;
		}
		ui_put(1 + r, 2, 18, l->key, A_BOLD);
		ui_put(1 + r, 21, COLS - 22, l->text, 0);
	}
	ui_status_draw(ui);
	ui_keybar_draw(ui);
}

static void help_key(struct ui *ui, enum ui_req r, int is_key, wint_t ch)
{
	int rows = LINES - 3;

	(void)is_key;
	(void)ch;
	if (r == UI_REQ_DOWN && H.top + rows < H.n)
		H.top++;
	else if (r == UI_REQ_UP && H.top > 0)
		H.top--;
	else if (r == UI_REQ_PGDN)
		H.top = H.top + rows < H.n ? H.top + rows : H.top;
	else if (r == UI_REQ_PGUP)
		H.top = H.top > rows ? H.top - rows : 0;
	else if (r == UI_REQ_FIRST)
		H.top = 0;
	else if (r == UI_REQ_LAST)
		H.top = H.n > rows ? H.n - rows : 0;
	else if (r == UI_REQ_BACK || r == UI_REQ_ENTER)
		ui_back(ui);
}

static void help_resize(struct ui *ui)
{
	(void)ui;
}

const struct screen_ops ui_help_screen = {
	.name = "help",
	.enter = help_enter,
	.draw = help_draw,
	.key = help_key,
	.resize = help_resize,
	.reload = NULL,
	.leave = NULL,
};
