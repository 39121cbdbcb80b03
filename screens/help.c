/*
 * help.c — the help screen, generated from the key table (keys.c), so it
 * always tells the truth about the keys.
 */
#include "screens/screen.h"

#include "core/i18n.h"
#include "core/text.h"

#include <stdlib.h>
#include <string.h>

#define HELP_MAX 128

static struct {
	char key[HELP_MAX][32];
	const char *help[HELP_MAX];
	int n, top;
} H;

static void collect(void *ctx, const char *zKey, const char *zHelp)
{
	(void)ctx;
	if (H.n >= HELP_MAX)
		return;
	strncpy(H.key[H.n], zKey, 31);
	H.key[H.n][31] = '\0';
	H.help[H.n] = zHelp;
	H.n++;
}

static void help_enter(struct ui *ui)
{
	(void)ui;
	memset(&H, 0, sizeof H);
	ui_keys_visit(collect, NULL);
}

static void help_draw(struct ui *ui)
{
	int rows = LINES - 4;

	ui_fill(0, ui_attr(ui, UI_BAR));
	ui_put(0, 0, COLS, _("radesk — keys (Esc or q to go back)"),
	       ui_attr(ui, UI_BAR));
	for (int r = 0; r < rows && H.top + r < H.n; r++) {
		int i = H.top + r;

		ui_put(1 + r, 1, 12, H.key[i], A_BOLD);
		ui_put(1 + r, 14, COLS - 15, H.help[i], 0);
	}
	ui_status_draw(ui);
	ui_keybar_draw(ui);
}

static void help_key(struct ui *ui, enum ui_req r, int is_key, wint_t ch)
{
	int rows = LINES - 4;

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
	else if (r == UI_REQ_BACK || r == UI_REQ_ENTER)
		ui_switch(ui, ui->prev ? ui->prev : &ui_queue_screen);
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
