/*
 * status.c — the status line (what just happened) and the key bar.
 */
#include "screens/screen.h"

#include "core/text.h"
#include "clock.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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
	ui->status_ms = rd_mono_ms();
}

void ui_status_clear(struct ui *ui)
{
	ui->status[0] = '\0';
	ui->status_err = 0;
}

/* Where a line of at most w columns ends in z: at the last space that
 * fits, else at the last character that fits. */
static size_t wrap_at(const char *z, int w)
{
	size_t off = 0, len = strlen(z), space = 0;
	int col = 0;

	while (off < len) {
		uint32_t cp;
		size_t k = rd_text_utf8_decode(z + off, len - off, &cp);
		int cw = rd_text_cp_width(cp);

		if (col + cw > w)
			return space ? space : off;
		if (cp == ' ')
			space = off;
		col += cw;
		off += k;
	}
	return len;
}

/* The message on the line above the key bar; one too long for it takes
 * the line above as well (over the screen's last row) instead of being
 * cut, and only the second line is cut. */
void ui_status_draw(struct ui *ui)
{
	int y = LINES - 2;
	int attr = ui->status_err ? ui_attr(ui, UI_ERROR) : (int)A_BOLD;

	if (y < 1)
		return;
	ui_fill(y, A_NORMAL);
	if (rd_text_width(ui->status) > COLS && y >= 2 && COLS > 10) {
		char z1[sizeof ui->status];
		size_t cut = wrap_at(ui->status, COLS);
		const char *rest = ui->status + cut;

		memcpy(z1, ui->status, cut);
		z1[cut] = '\0';
		while (*rest == ' ')
			rest++;
		ui_fill(y - 1, A_NORMAL);
		ui_put(y - 1, 0, COLS, z1, attr);
		ui_put(y, 0, COLS, rest, attr);
		return;
	}
	ui_put(y, 0, COLS, ui->status, attr);
}

struct bar_ctx {
	struct ui *ui;
	int x;
	int reserve;    /* columns kept for the Quit item at the end */
	int own_keys;   /* a screen with keys of its own: Help and Quit only */
};

/* htop style: the key plain, its label on the bar colour. Items that do
 * not fit are left out whole, never cut, and Quit always keeps its room
 * (it comes last, F10, as in htop and mc). */
static void bar_item(void *ctx, enum ui_req req, const char *zKey,
		     const char *zLabel)
{
	struct bar_ctx *b = ctx;
	int wk = rd_text_width(zKey), wl = rd_text_width(zLabel);
	int room = COLS - (req == UI_REQ_QUIT ? 0 : b->reserve);

	/* Show only what this operator can do, here. */
	if (req == UI_REQ_COUNTERSIGN && !ui_is_supervisor(b->ui))
		return;
	if (b->own_keys && req != UI_REQ_HELP && req != UI_REQ_QUIT)
		return;
	if (b->x + wk + wl > room)
		return;
	ui_put(LINES - 1, b->x, wk, zKey, A_BOLD);
	b->x += wk;
	ui_put(LINES - 1, b->x, wl, zLabel, ui_attr(b->ui, UI_BAR));
	b->x += wl + 1;
}

/* Measures the Quit item, so the others leave it room. */
static void bar_measure_quit(void *ctx, enum ui_req req, const char *zKey,
			     const char *zLabel)
{
	struct bar_ctx *b = ctx;

	if (req == UI_REQ_QUIT)
		b->reserve = rd_text_width(zKey) + rd_text_width(zLabel) + 1;
}

void ui_keybar_draw(struct ui *ui)
{
	struct bar_ctx b = { ui, 0, 0, 0 };
	int where = ui->scr == &ui_detail_screen ? UI_IN_DETAIL
		    : ui->scr == &ui_queue_screen ? UI_IN_QUEUE
						  : UI_IN_ALL;

	/* The jobs and shipping screens list their keys on a line of their
	 * own; claim or approve would do nothing there. */
	b.own_keys = where == UI_IN_ALL;

	ui_fill(LINES - 1, A_NORMAL);
	ui_keys_bar_visit(where, bar_measure_quit, &b);
	ui_keys_bar_visit(where, bar_item, &b);
}
