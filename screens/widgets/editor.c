/*
 * editor.c — line and multi-line text editor for notes and reasons.
 *
 * The text is kept as code points (wchar_t), so moving and deleting go
 * by character; layout uses rd_text_cp_width() so a CJK character takes
 * two columns and is never split across the wrap. Keys: arrows, Home/End,
 * Backspace/Delete, Ctrl-A/E (line start/end), Ctrl-K (kill to end of
 * line), Ctrl-U (kill to start of line), Enter (accept, or new line in
 * multi-line mode), Ctrl-D/F2 (accept multi-line), Esc (cancel).
 */
#include "screens/screen.h"

#include "core/i18n.h"
#include "core/text.h"

#include <stdlib.h>
#include <errno.h>
#include <string.h>

#define CTRL(c) ((c) & 0x1f)
#define ED_MAX 4000            /* code points */

struct ed {
	wchar_t *a;
	size_t n, cur;
};

static int ed_insert(struct ed *e, wchar_t c)
{
	if (e->n >= ED_MAX)
		return 0;
	memmove(e->a + e->cur + 1, e->a + e->cur, (e->n - e->cur) * sizeof *e->a);
	e->a[e->cur++] = c;
	e->n++;
	return 1;
}

static void ed_delete(struct ed *e, size_t from, size_t to)
{
	if (to <= from || to > e->n)
		return;
	memmove(e->a + from, e->a + to, (e->n - to) * sizeof *e->a);
	e->n -= to - from;
	e->cur = from;
}

static size_t line_start(const struct ed *e, size_t i)
{
	while (i > 0 && e->a[i - 1] != L'\n')
		i--;
	return i;
}

static size_t line_end(const struct ed *e, size_t i)
{
	while (i < e->n && e->a[i] != L'\n')
		i++;
	return i;
}

static int cpw(wchar_t c)
{
	return rd_text_cp_width((uint32_t)c);
}

/* Display column of index i within its logical line. */
static int col_of(const struct ed *e, size_t i)
{
	int c = 0;

	for (size_t k = line_start(e, i); k < i; k++)
		c += cpw(e->a[k]);
	return c;
}

/* Index in the line starting at s nearest to display column col. */
static size_t at_col(const struct ed *e, size_t s, int col)
{
	int c = 0;

	while (s < e->n && e->a[s] != L'\n' && c + cpw(e->a[s]) <= col)
		c += cpw(e->a[s++]);
	return s;
}

static char *ed_utf8(const struct ed *e)
{
	char *z = malloc(e->n * 4 + 1), *p = z;

	if (!z)
		return NULL;
	for (size_t i = 0; i < e->n; i++)
		p += rd_text_utf8_encode((uint32_t)e->a[i], p);
	*p = '\0';
	return z;
}

static int ed_from_utf8(struct ed *e, const char *z)
{
	size_t len = z ? strlen(z) : 0, off = 0;

	e->a = calloc(ED_MAX + 1, sizeof *e->a);
	e->n = e->cur = 0;
	if (!e->a)
		return 0;
	while (off < len && e->n < ED_MAX) {
		uint32_t cp;

		off += rd_text_utf8_decode(z + off, len - off, &cp);
		if (cp == '\n' || !rd_text_cp_is_control(cp))
			e->a[e->n++] = (wchar_t)cp;
	}
	e->cur = e->n;
	return 1;
}

/* Draw the text wrapped to w columns in h rows of win starting at
 * (1,1), scrolled so the cursor shows; leaves the cursor there. */
static void ed_draw(WINDOW *win, const struct ed *e, int w, int h, int multi)
{
	int row = 0, col = 0, cy = 0, cx = 0, first;
	/* First pass: find the cursor's visual row. */
	for (size_t i = 0; i <= e->n; i++) {
		if (i == e->cur) {
			cy = row;
			cx = col;
		}
		if (i == e->n)
			break;
		if (e->a[i] == L'\n') {
			row++;
			col = 0;
			continue;
		}
		if (col + cpw(e->a[i]) > w) {
			row++;
			col = 0;
		}
		col += cpw(e->a[i]);
	}
	if (!multi) {
		/* One row: scroll horizontally instead. */
		first = 0;
	} else {
		first = cy >= h ? cy - h + 1 : 0;
	}
	for (int r = 0; r < h; r++)
		mvwhline(win, 1 + r, 1, ' ', w);
	row = 0;
	col = 0;
	int hoff = (!multi && cx >= w) ? cx - w + 1 : 0;
	for (size_t i = 0; i < e->n; i++) {
		char z[8];
		int cw = cpw(e->a[i]);

		if (e->a[i] == L'\n') {
			row++;
			col = 0;
			continue;
		}
		if (multi && col + cw > w) {
			row++;
			col = 0;
		}
		if (row >= first && row < first + h && col - hoff >= 0 &&
		    col - hoff + cw <= w) {
			size_t k = rd_text_utf8_encode((uint32_t)e->a[i], z);

			z[k] = '\0';
			mvwaddstr(win, 1 + row - first, 1 + col - hoff, z);
		}
		col += cw;
	}
	wmove(win, 1 + cy - first, 1 + cx - hoff);
}

/* Put text z in place of the whole line (history recall). */
static void ed_replace(struct ed *e, const char *z)
{
	size_t len = strlen(z), off = 0;

	e->n = e->cur = 0;
	while (off < len && e->n < ED_MAX) {
		uint32_t cp;

		off += rd_text_utf8_decode(z + off, len - off, &cp);
		if (!rd_text_cp_is_control(cp))
			e->a[e->n++] = (wchar_t)cp;
	}
	e->cur = e->n;
}

static int edit_core(struct ui *ui, const char *title, const char *initial,
		     int multiline, const char *const *aHist, int nHist,
		     char **out);

int ui_edit(struct ui *ui, const char *title, const char *initial,
	    int multiline, char **out)
{
	return edit_core(ui, title, initial, multiline, NULL, 0, out);
}

int ui_edit_history(struct ui *ui, const char *title, const char *initial,
		    const char *const *aHist, int nHist, char **out)
{
	return edit_core(ui, title, initial, 0, aHist, nHist, out);
}

static int edit_core(struct ui *ui, const char *title, const char *initial,
		     int multiline, const char *const *aHist, int nHist,
		     char **out)
{
	struct ed e;
	int accepted = 0, first = 1;
	int iHist = nHist;       /* nHist: the line being typed */
	char *zTyped = NULL;     /* that line, while recalling */

	*out = NULL;
	if (!ed_from_utf8(&e, initial))
		return 0;
	curs_set(1);
	while (!*ui->quit) {
		int w = COLS - 6 > 72 ? 72 : COLS - 6;
		int h = multiline ? (LINES - 8 > 8 ? 8 : LINES - 8) : 1;
		WINDOW *win;
		wint_t ch;
		int kc;

		if (w < 10 || h < 1)
			break;
		win = newwin(h + 3, w + 2, (LINES - h - 3) / 2, (COLS - w - 2) / 2);
		if (!win)
			break;
		keypad(win, TRUE);
		werase(win);
		ui_box(win);
		wattron(win, A_BOLD);
		{
			char zT[RD_TEXT_BUFSZ(80)];

			rd_text_truncate(title, w - 2, zT, sizeof zT);
			mvwaddstr(win, 0, 2, zT);
		}
		wattroff(win, A_BOLD);
		{
			char zH[RD_TEXT_BUFSZ(80)];

			rd_text_truncate(multiline
						 ? _("Ctrl-D save · Esc cancel · Ctrl-A/E/K/U")
						 : _("Enter save · Esc cancel · Ctrl-A/E/K/U"),
					 w - 2, zH, sizeof zH);
			mvwaddstr(win, h + 2, 2, zH);
		}
		ed_draw(win, &e, w, h, multiline);
		ui_modal_shown(&first);
		wnoutrefresh(stdscr);
		wrefresh(win);
		wtimeout(win, 500);
		errno = 0;
		kc = wget_wch(win, &ch);
		delwin(win);
		if (kc == ERR) {
			/* The terminal is gone: give up like a cancel. */
			if (errno == EIO || errno == ENXIO)
				break;
			continue;
		}
		if (kc == KEY_CODE_YES) {
			switch (ch) {
			case KEY_LEFT: if (e.cur) e.cur--; break;
			case KEY_RIGHT: if (e.cur < e.n) e.cur++; break;
			case KEY_HOME: e.cur = line_start(&e, e.cur); break;
			case KEY_END: e.cur = line_end(&e, e.cur); break;
			case KEY_BACKSPACE:
				if (e.cur)
					ed_delete(&e, e.cur - 1, e.cur);
				break;
			case KEY_DC:
				if (e.cur < e.n)
					ed_delete(&e, e.cur, e.cur + 1);
				break;
			case KEY_UP: {
				size_t s = line_start(&e, e.cur);

				if (!multiline && aHist && iHist > 0) {
					if (iHist == nHist) {
						free(zTyped);
						zTyped = ed_utf8(&e);
					}
					ed_replace(&e, aHist[--iHist]);
					break;
				}
				if (s > 0)
					e.cur = at_col(&e, line_start(&e, s - 1),
						       col_of(&e, e.cur));
				break;
			}
			case KEY_DOWN: {
				size_t le = line_end(&e, e.cur);

				if (!multiline && aHist && iHist < nHist) {
					iHist++;
					ed_replace(&e, iHist < nHist ? aHist[iHist]
						       : zTyped ? zTyped : "");
					break;
				}
				if (le < e.n)
					e.cur = at_col(&e, le + 1, col_of(&e, e.cur));
				break;
			}
			case KEY_F(2):
				accepted = 1;
				break;
			case KEY_ENTER:
				if (!multiline)
					accepted = 1;
				else
					ed_insert(&e, L'\n');
				break;
			case KEY_RESIZE:
				touchwin(stdscr);
				ui->scr->resize(ui);
				ui->scr->draw(ui);
				break;
			default:
				break;
			}
		} else if (ch == 27) {
			break;
		} else if (ch == '\n' || ch == '\r') {
			if (!multiline)
				accepted = 1;
			else
				ed_insert(&e, L'\n');
		} else if (ch == CTRL('d')) {
			accepted = 1;
		} else if (ch == CTRL('a')) {
			e.cur = line_start(&e, e.cur);
		} else if (ch == CTRL('e')) {
			e.cur = line_end(&e, e.cur);
		} else if (ch == CTRL('k')) {
			ed_delete(&e, e.cur, line_end(&e, e.cur));
		} else if (ch == CTRL('u')) {
			ed_delete(&e, line_start(&e, e.cur), e.cur);
		} else if (ch == 127 || ch == CTRL('h')) {
			if (e.cur)
				ed_delete(&e, e.cur - 1, e.cur);
		} else if (!rd_text_cp_is_control((uint32_t)ch)) {
			ed_insert(&e, (wchar_t)ch);
		}
		if (accepted)
			break;
	}
	curs_set(0);
	if (accepted && !*ui->quit) {
		*out = ed_utf8(&e);
		accepted = *out != NULL;
	} else {
		accepted = 0;
	}
	free(e.a);
	free(zTyped);
	touchwin(stdscr);
	return accepted;
}
