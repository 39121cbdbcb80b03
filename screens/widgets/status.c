/*
 * status.c — the status line (what just happened) and the key bar.
 */
#include "screens/screen.h"

#include "core/text.h"

#include <stdarg.h>
#include <stdio.h>

void ui_status(struct ui *ui, int is_err, const char *fmt, ...)
{
	char z[sizeof ui->status];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(z, sizeof z, fmt, ap);
	va_end(ap);
	/* Messages may quote outside text (names, provider answers). */
	rd_text_sanitize(z, ui->status, sizeof ui->status);
	ui->status_err = is_err;
}

void ui_status_draw(struct ui *ui)
{
	int y = LINES - 2;

	if (y < 1)
		return;
	ui_fill(y, A_NORMAL);
	ui_put(y, 0, COLS, ui->status,
	       ui->status_err ? ui_attr(ui, UI_ERROR) : (int)A_BOLD);
}

struct bar_ctx {
	struct ui *ui;
	int x;
};

/* htop style: the key plain, its label on the bar colour. */
static void bar_item(void *ctx, enum ui_req req, const char *zKey,
		     const char *zLabel)
{
	struct bar_ctx *b = ctx;
	int wk = rd_text_width(zKey), wl = rd_text_width(zLabel);

	/* Show only what this operator can do. */
	if (req == UI_REQ_COUNTERSIGN && !ui_is_supervisor(b->ui))
		return;
	if (b->x + wk + 1 > COLS)
		return;
	ui_put(LINES - 1, b->x, wk, zKey, A_BOLD);
	b->x += wk;
	if (wl > COLS - b->x)
		wl = COLS - b->x;
	ui_put(LINES - 1, b->x, wl, zLabel, ui_attr(b->ui, UI_BAR));
	b->x += wl + 1;
}

void ui_keybar_draw(struct ui *ui)
{
	struct bar_ctx b = { ui, 0 };

	ui_fill(LINES - 1, A_NORMAL);
	ui_keys_bar_visit(ui->scr == &ui_detail_screen ? UI_IN_DETAIL
			  : ui->scr == &ui_queue_screen ? UI_IN_QUEUE
							: UI_IN_ALL,
			  bar_item, &b);
}
