/*
 * pager.c — a cursor over rows read page by page (keyset), and cells of
 * a table row.
 */
#include "screens/screen.h"

#include "core/text.h"

#include <stdlib.h>
#include <string.h>

void ui_pager_scroll(struct ui_pager *pg, int rows)
{
	if (rows < 1)
		rows = 1;
	if (pg->cur >= pg->n)
		pg->cur = pg->n > 0 ? pg->n - 1 : 0;
	if (pg->cur < pg->top)
		pg->top = pg->cur;
	if (pg->cur >= pg->top + rows)
		pg->top = pg->cur - rows + 1;
}

int ui_pager_key(struct ui *ui, struct ui_pager *pg, enum ui_req r, int rows,
		 ui_pager_load_fn load, void *ctx)
{
	if (rows < 1)
		rows = 1;
	switch (r) {
	case UI_REQ_UP:
		if (pg->cur > 0)
			pg->cur--;
		break;
	case UI_REQ_DOWN:
		pg->cur++;
		break;
	case UI_REQ_PGUP:
		pg->cur = pg->cur > rows ? pg->cur - rows : 0;
		break;
	case UI_REQ_PGDN:
		pg->cur += rows;
		/* Read on until the page is there (or the list ends). */
		while (pg->more && pg->cur >= pg->n - 1 && !load(ui, ctx))
			;
		break;
	case UI_REQ_FIRST:
		pg->cur = 0;
		break;
	case UI_REQ_LAST:
		while (pg->more && !load(ui, ctx))
			;
		pg->cur = pg->n;
		break;
	default:
		return 0;
	}
	/* Keyset paging: read on when the cursor reaches the end. */
	if (pg->more && pg->cur >= pg->n - 1)
		load(ui, ctx);
	if (pg->cur >= pg->n)
		pg->cur = pg->n > 0 ? pg->n - 1 : 0;
	ui_pager_scroll(pg, rows);
	return 1;
}

int ui_append(void *pa, int *n, int *cap, const void *item, size_t sz)
{
	void **pp = pa;

	if (*n >= *cap) {
		int nCap = *cap ? *cap * 2 : 64;
		void *p = realloc(*pp, (size_t)nCap * sz);

		if (!p)
			return 1;
		*pp = p;
		*cap = nCap;
	}
	memcpy((char *)*pp + (size_t)*n * sz, item, sz);
	(*n)++;
	return 0;
}

int ui_cell(int y, int x, int w, const char *s, int attr, int right)
{
	char z[RD_TEXT_BUFSZ(64)];

	if (right && w <= 64 && rd_text_width(s) < w) {
		rd_text_pad_left(s, w, z, sizeof z);
		s = z;
	}
	ui_put(y, x, w, s, attr);
	return x + w + 1;
}
