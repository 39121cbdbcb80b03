/*
 * list.c — cursor movement shared by the list screens.
 */
#include "screens/screen.h"

int ui_list_move(enum ui_req r, int *cur, int n, int page)
{
	int last = n > 0 ? n - 1 : 0;

	if (page < 1)
		page = 1;
	switch (r) {
	case UI_REQ_UP: *cur = *cur > 0 ? *cur - 1 : 0; break;
	case UI_REQ_DOWN: *cur = *cur < last ? *cur + 1 : last; break;
	case UI_REQ_PGUP: *cur = *cur > page ? *cur - page : 0; break;
	case UI_REQ_PGDN: *cur = *cur + page < last ? *cur + page : last; break;
	case UI_REQ_FIRST: *cur = 0; break;
	case UI_REQ_LAST: *cur = last; break;
	default: return 0;
	}
	return 1;
}
