/*
 * tabs.c — a row of tab labels.
 */
#include "screens/screen.h"

#include "core/text.h"

int ui_tabs_draw(struct ui *ui, int y, const char *const *aLabel, int n,
		 int active)
{
	int x = 0;

	for (int i = 0; i < n && x < COLS; i++) {
		int w = rd_text_width(aLabel[i]) + 2;

		if (x + w > COLS)
			w = COLS - x;
		ui_put(y, x, w, " ", 0);
		ui_put(y, x + 1, w - 1, aLabel[i],
		       ui_attr(ui, i == active ? UI_TAB_ON : UI_TAB_OFF));
		x += w + 1;
	}
	return x;
}
