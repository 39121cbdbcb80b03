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

void ui_keybar_draw(struct ui *ui)
{
	char z[512];

	ui_keys_bar(z, sizeof z);
	ui_fill(LINES - 1, ui_attr(ui, UI_BAR));
	ui_put(LINES - 1, 0, COLS, z, ui_attr(ui, UI_BAR));
}
