/*
 * listconfirm.c — a question over a list: the lines are shown in a box
 * (scrolled with the arrows and pages), then y confirms, n or Esc does
 * not. Used where the list is what is being agreed to: the gate's result
 * for each case of a bulk decision, the conditions an override passes.
 * Like every modal, it draws itself before it reads a key.
 */
#include "screens/screen.h"

#include "core/i18n.h"
#include "core/text.h"

#include <errno.h>
#include <stdio.h>

int ui_list_confirm(struct ui *ui, const char *title,
		    const char *const *aLine, int n, const char *question)
{
	int top = 0, answer = 0, first = 1;

	while (!*ui->quit) {
		int w = rd_text_width(title) + 6, h, rows, x0 = 2;
		WINDOW *win;
		wint_t ch;
		int kc;
		char z[RD_TEXT_BUFSZ(200)];

		if (rd_text_width(question) + 6 > w)
			w = rd_text_width(question) + 6;
		for (int i = 0; i < n; i++)
			if (rd_text_width(aLine[i]) + 6 > w)
				w = rd_text_width(aLine[i]) + 6;
		h = n + 5;
		if (w > COLS - 2)
			w = COLS - 2;
		if (h > LINES - 2)
			h = LINES - 2;
		if (w < 20 || h < 6)
			return 0;
		win = newwin(h, w, (LINES - h) / 2, (COLS - w) / 2);
		if (!win)
			return 0;
		keypad(win, TRUE);
		werase(win);
		ui_box(win);
		rd_text_truncate(title, w - 4, z, sizeof z);
		wattron(win, A_BOLD);
		mvwaddstr(win, 0, 2, z);
		wattroff(win, A_BOLD);
		rows = h - 4;
		if (top > n - rows)
			top = n - rows > 0 ? n - rows : 0;
		for (int r = 0; r < rows && top + r < n; r++) {
			rd_text_fit(aLine[top + r], w - 4, z, sizeof z);
			mvwaddstr(win, 1 + r, x0, z);
		}
		if (n > rows) {
			snprintf(z, sizeof z, "%d-%d/%d", top + 1,
				 top + rows < n ? top + rows : n, n);
			mvwaddstr(win, h - 3, w - 2 - rd_text_width(z), z);
		}
		rd_text_truncate(question, w - 4, z, sizeof z);
		wattron(win, A_BOLD);
		mvwaddstr(win, h - 2, x0, z);
		wattroff(win, A_BOLD);
		rd_text_truncate(_("y = yes, n/Esc = no, arrows scroll"), w - 4,
				 z, sizeof z);
		mvwaddstr(win, h - 1, x0, z);
		ui_modal_shown(&first);
		wnoutrefresh(stdscr);
		wrefresh(win);
		wtimeout(win, 500);
		errno = 0;
		kc = wget_wch(win, &ch);
		delwin(win);
		touchwin(stdscr);
		if (kc == ERR) {
			if (errno == EIO || errno == ENXIO)
				break;
			continue;
		}
		if (kc == KEY_CODE_YES && ch == KEY_RESIZE) {
			ui->scr->resize(ui);
			ui->scr->draw(ui);
			continue;
		}
		if (kc != KEY_CODE_YES && (ch == 'y' || ch == 'Y')) {
			answer = 1;
			break;
		}
		enum ui_req r = ui_key_request(kc == KEY_CODE_YES, ch);

		if (r == UI_REQ_DOWN || r == UI_REQ_PGDN) {
			top += r == UI_REQ_DOWN ? 1 : rows;
			if (top > n - rows)
				top = n - rows > 0 ? n - rows : 0;
			continue;
		}
		if (r == UI_REQ_UP || r == UI_REQ_PGUP) {
			top -= r == UI_REQ_UP ? 1 : rows;
			if (top < 0)
				top = 0;
			continue;
		}
		break;
	}
	return answer;
}
