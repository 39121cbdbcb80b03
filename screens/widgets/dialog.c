/*
 * dialog.c — yes/no questions and pick lists in a box.
 */
#include "screens/screen.h"

#include "core/i18n.h"
#include "core/text.h"

#include <stdio.h>
#include <errno.h>
#include <string.h>

int ui_getkey(struct ui *ui, wint_t *ch)
{
	(void)ui;
	timeout(500);
	return get_wch(ch);
}

void ui_modal_shown(int *first)
{
	/* Keys typed before this modal was on the screen were meant for
	 * what was there before: drop them, so that a dialog nobody has
	 * seen never acts (the retry editor that took "r" as its note).
	 * Called just before the first refresh: a key typed once the
	 * modal shows is never lost. */
	if (*first) {
		flushinp();
		*first = 0;
	}
}

void ui_box(WINDOW *win)
{
	int h = getmaxy(win), w = getmaxx(win);
	const char *zH = "─", *zV = "│", *zTL = "┌", *zTR = "┐", *zBL = "└",
		   *zBR = "┘";

	if (!ui_utf8()) {
		zH = "-";
		zV = "|";
		zTL = zTR = zBL = zBR = "+";
	}
	for (int x = 1; x < w - 1; x++) {
		mvwaddstr(win, 0, x, zH);
		mvwaddstr(win, h - 1, x, zH);
	}
	for (int y = 1; y < h - 1; y++) {
		mvwaddstr(win, y, 0, zV);
		mvwaddstr(win, y, w - 1, zV);
	}
	mvwaddstr(win, 0, 0, zTL);
	mvwaddstr(win, 0, w - 1, zTR);
	mvwaddstr(win, h - 1, 0, zBL);
	/* The bottom-right cell: waddstr there is fine inside a window
	 * that does not reach the screen's last column. */
	mvwaddstr(win, h - 1, w - 1, zBR);
}

static WINDOW *box_win(int h, int w, const char *title)
{
	WINDOW *win;
	char z[RD_TEXT_BUFSZ(120)];

	if (w > COLS - 2)
		w = COLS - 2;
	if (h > LINES - 2)
		h = LINES - 2;
	if (w < 8 || h < 3)
		return NULL;
	win = newwin(h, w, (LINES - h) / 2, (COLS - w) / 2);
	if (!win)
		return NULL;
	keypad(win, TRUE);
	werase(win);
	ui_box(win);
	rd_text_truncate(title, w - 4, z, sizeof z);
	wattron(win, A_BOLD);
	mvwaddstr(win, 0, 2, z);
	wattroff(win, A_BOLD);
	return win;
}

int ui_confirm(struct ui *ui, const char *question)
{
	int answer = 0, first = 1;

	while (!*ui->quit) {
		int w = rd_text_width(question) + 6;
		WINDOW *win;
		wint_t ch;
		int kc;
		char z[RD_TEXT_BUFSZ(200)];

		if (w < 30)
			w = 30;
		win = box_win(4, w, _("Confirm"));
		if (!win)
			return 0;
		rd_text_truncate(question, getmaxx(win) - 4, z, sizeof z);
		mvwaddstr(win, 1, 2, z);
		rd_text_truncate(_("y = yes, n/Esc = no"), getmaxx(win) - 4, z,
				 sizeof z);
		mvwaddstr(win, 2, 2, z);
		ui_modal_shown(&first);
		wnoutrefresh(stdscr);
		wrefresh(win);
		wtimeout(win, 500);
		errno = 0;
		kc = wget_wch(win, &ch);
		delwin(win);
		touchwin(stdscr);
		if (kc == ERR) {
			/* The terminal is gone: give up like a cancel. */
			if (errno == EIO || errno == ENXIO)
				break;
			continue;
		}
		if (kc == KEY_CODE_YES && ch == KEY_RESIZE) {
			ui->scr->resize(ui);
			ui->scr->draw(ui);
			continue;
		}
		if (kc != KEY_CODE_YES && (ch == 'y' || ch == 'Y'))
			answer = 1;
		break;
	}
	return answer;
}

int ui_menu(struct ui *ui, const char *title, const char *const *aItem,
	    int n, int *aOn, ui_toggle_fn on_toggle, void *ctx)
{
	int cur = 0, top = 0, result = -1, first = 1;

	while (!*ui->quit && n > 0) {
		int w = rd_text_width(title) + 6, h;
		WINDOW *win;
		wint_t ch;
		int kc, rows;
		char z[RD_TEXT_BUFSZ(200)];

		for (int i = 0; i < n; i++)
			if (rd_text_width(aItem[i]) + 10 > w)
				w = rd_text_width(aItem[i]) + 10;
		h = n + 3;
		win = box_win(h, w, title);
		if (!win)
			return -1;
		rows = getmaxy(win) - 3;
		if (cur < top)
			top = cur;
		if (cur >= top + rows)
			top = cur - rows + 1;
		for (int r = 0; r < rows && top + r < n; r++) {
			int i = top + r;
			char zLine[RD_TEXT_BUFSZ(200)];

			snprintf(zLine, sizeof zLine, "%s%s",
				 aOn ? (aOn[i] ? "[x] " : "[ ] ") : "",
				 aItem[i]);
			rd_text_fit(zLine, getmaxx(win) - 4, z, sizeof z);
			if (i == cur)
				wattron(win, A_REVERSE);
			mvwaddstr(win, 1 + r, 2, z);
			if (i == cur)
				wattroff(win, A_REVERSE);
		}
		rd_text_truncate(aOn ? _("Space toggle · Enter done · Esc cancel")
				     : _("Enter choose · Esc cancel"),
				 getmaxx(win) - 4, z, sizeof z);
		mvwaddstr(win, getmaxy(win) - 1, 2, z);
		ui_modal_shown(&first);
		wnoutrefresh(stdscr);
		wrefresh(win);
		wtimeout(win, 500);
		errno = 0;
		kc = wget_wch(win, &ch);
		delwin(win);
		touchwin(stdscr);
		if (kc == ERR) {
			/* The terminal is gone: give up like a cancel. */
			if (errno == EIO || errno == ENXIO)
				break;
			continue;
		}
		enum ui_req r = ui_key_request(kc == KEY_CODE_YES, ch);

		if (kc == KEY_CODE_YES && ch == KEY_RESIZE) {
			ui->scr->resize(ui);
			ui->scr->draw(ui);
			continue;
		}
		if (aOn && kc != KEY_CODE_YES && ch == ' ') {
			if (!on_toggle || on_toggle(ctx, cur, !aOn[cur]))
				aOn[cur] = !aOn[cur];
			ui->scr->draw(ui);
			continue;
		}
		if (r == UI_REQ_UP && cur > 0)
			cur--;
		else if (r == UI_REQ_DOWN && cur < n - 1)
			cur++;
		else if (r == UI_REQ_FIRST)
			cur = 0;
		else if (r == UI_REQ_LAST)
			cur = n - 1;
		else if (r == UI_REQ_ENTER) {
			result = aOn ? 1 : cur;
			break;
		} else if (r == UI_REQ_BACK) {
			break;
		}
	}
	return result;
}
