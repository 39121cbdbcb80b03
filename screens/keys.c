/*
 * keys.c — the request table and the default key bindings.
 */
#include "screens/keys.h"
#include "screens/curses.h"

#include "core/i18n.h"

#include <stdio.h>
#include <string.h>

static const struct {
	int where;
	const char *help;
	const char *bar;
} aReq[UI_REQ_COUNT] = {
	[UI_REQ_NONE] = { 0, "", NULL },
#define UI_X(e, w, h, b) [UI_REQ_##e] = { w, h, b },
	UI_REQ_LIST(UI_X)
#undef UI_X
};

#define CTRL(c) ((c) & 0x1f)

/* The default bindings: one table for input, bar and help. is_key marks
 * curses key codes (KEY_*), otherwise a character. */
static const struct binding {
	int is_key;
	int code;
	enum ui_req req;
} aBind[] = {
	{ 1, KEY_F(1), UI_REQ_HELP },       { 0, '?', UI_REQ_HELP },
	{ 1, KEY_F(2), UI_REQ_CLAIM },      { 0, 'c', UI_REQ_CLAIM },
	{ 1, KEY_F(3), UI_REQ_RELEASE },    { 0, 'u', UI_REQ_RELEASE },
	{ 1, KEY_F(4), UI_REQ_CHECKLIST },  { 0, 'l', UI_REQ_CHECKLIST },
	{ 1, KEY_F(5), UI_REQ_APPROVE },    { 0, 'a', UI_REQ_APPROVE },
	{ 1, KEY_F(6), UI_REQ_REJECT },     { 0, 'x', UI_REQ_REJECT },
	{ 1, KEY_F(7), UI_REQ_RETURN_FIN }, { 0, 'f', UI_REQ_RETURN_FIN },
	{ 1, KEY_F(8), UI_REQ_NOTE },       { 0, 'i', UI_REQ_NOTE },
	{ 1, KEY_F(9), UI_REQ_COUNTERSIGN }, { 0, 's', UI_REQ_COUNTERSIGN },
	{ 1, KEY_F(11), UI_REQ_SCANS },     { 0, 'o', UI_REQ_SCANS },
	{ 1, KEY_F(10), UI_REQ_QUIT },      { 0, 'Q', UI_REQ_QUIT },
	{ 1, KEY_UP, UI_REQ_UP },           { 0, 'k', UI_REQ_UP },
	{ 1, KEY_DOWN, UI_REQ_DOWN },       { 0, 'j', UI_REQ_DOWN },
	{ 1, KEY_PPAGE, UI_REQ_PGUP },      { 1, KEY_NPAGE, UI_REQ_PGDN },
	{ 0, ' ', UI_REQ_PGDN },            { 0, 'b', UI_REQ_PGUP },
	{ 1, KEY_HOME, UI_REQ_FIRST },      { 0, 'g', UI_REQ_FIRST },
	{ 1, KEY_END, UI_REQ_LAST },        { 0, 'G', UI_REQ_LAST },
	{ 0, '\n', UI_REQ_ENTER },          { 0, '\r', UI_REQ_ENTER },
	{ 1, KEY_ENTER, UI_REQ_ENTER },
	{ 0, 27, UI_REQ_BACK },             { 0, 'q', UI_REQ_BACK },
	{ 0, '\t', UI_REQ_NEXT_TAB },       { 1, KEY_BTAB, UI_REQ_PREV_TAB },
	{ 0, ']', UI_REQ_NEXT_TAB },        { 0, '[', UI_REQ_PREV_TAB },
	{ 0, '/', UI_REQ_SEARCH },          { 0, 'n', UI_REQ_SEARCH_NEXT },
	{ 0, 'N', UI_REQ_SEARCH_PREV },
	{ 0, 't', UI_REQ_FILTER_TYPE },     { 0, 'T', UI_REQ_FILTER_STATE },
	{ 0, 'R', UI_REQ_REASSIGN },        { 0, 'v', UI_REQ_REVEAL },
	{ 0, 'V', UI_REQ_RERUN },           { 0, 'e', UI_REQ_EXPORT },
	{ 0, 'C', UI_REQ_CANCEL_APP },      { 0, '$', UI_REQ_REFUND },
	{ 0, 'L', UI_REQ_REPRINT },         { 0, 'I', UI_REQ_INSTALLED },
	{ 0, 'm', UI_REQ_MARK },            { 0, 'A', UI_REQ_BULK_APPROVE },
	{ 0, 'X', UI_REQ_BULK_REJECT },
	{ 0, 'p', UI_REQ_PAYMATCH },
	{ 0, 'J', UI_REQ_JOBS },            { 0, 'S', UI_REQ_SHIPPING },
	{ 0, 'B', UI_REQ_BANK },
	{ 0, 'E', UI_REQ_REPORTS },         { 0, 'D', UI_REQ_DASHBOARD },
	{ 0, 'P', UI_REQ_REQUESTS },
	{ 0, CTRL('l'), UI_REQ_REFRESH },
	{ 0, 'K', UI_REQ_SAMPLE },
	/* The queue's menus (issue #14). F4 and F6 first mean the detail's
	 * checklist and reject; the queue takes them for its menus. */
	{ 1, KEY_F(4), UI_REQ_FILTER_MENU }, { 0, 'F', UI_REQ_FILTER_MENU },
	{ 1, KEY_F(6), UI_REQ_SORT_MENU },   { 0, '<', UI_REQ_SORT_MENU },
	{ 0, '>', UI_REQ_SORT_MENU },        { 0, 'z', UI_REQ_CLEAR_FILTERS },
	{ 0, 'w', UI_REQ_SAVE_VIEW },        { 0, 'W', UI_REQ_DELETE_VIEW },
};
#define NBIND (sizeof aBind / sizeof aBind[0])

enum ui_req ui_key_request(int is_key, wint_t ch)
{
	for (size_t i = 0; i < NBIND; i++)
		if (aBind[i].is_key == !!is_key && (wint_t)aBind[i].code == ch)
			return aBind[i].req;
	return UI_REQ_NONE;
}

const char *ui_req_help(enum ui_req r)
{
	if (r <= UI_REQ_NONE || r >= UI_REQ_COUNT)
		return "";
	return _(aReq[r].help);
}

static void binding_name(const struct binding *b, char *z, size_t n)
{
	if (b->is_key) {
		if (b->code >= KEY_F(1) && b->code <= KEY_F(12))
			snprintf(z, n, "F%d", b->code - KEY_F(0));
		else if (b->code == KEY_UP)
			snprintf(z, n, "↑");
		else if (b->code == KEY_DOWN)
			snprintf(z, n, "↓");
		else if (b->code == KEY_PPAGE)
			snprintf(z, n, "PgUp");
		else if (b->code == KEY_NPAGE)
			snprintf(z, n, "PgDn");
		else if (b->code == KEY_HOME)
			snprintf(z, n, "Home");
		else if (b->code == KEY_END)
			snprintf(z, n, "End");
		else if (b->code == KEY_BTAB)
			snprintf(z, n, "Shift-Tab");
		else if (b->code == KEY_ENTER)
			snprintf(z, n, "Enter");
		else
			snprintf(z, n, "%s", keyname(b->code));
	} else if (b->code == '\n') {
		snprintf(z, n, "Enter");
	} else if (b->code == '\r') {
		snprintf(z, n, "Return");
	} else if (b->code == 27) {
		snprintf(z, n, "Esc");
	} else if (b->code == '\t') {
		snprintf(z, n, "Tab");
	} else if (b->code == ' ') {
		snprintf(z, n, "Space");
	} else if (b->code < 32) {
		snprintf(z, n, "Ctrl-%c", b->code + 'A' - 1);
	} else {
		snprintf(z, n, "%c", b->code);
	}
}

void ui_keys_visit(ui_key_visit_fn fn, void *ctx)
{
	char z[32];

	for (size_t i = 0; i < NBIND; i++) {
		binding_name(&aBind[i], z, sizeof z);
		fn(ctx, z, aReq[aBind[i].req].where, ui_req_help(aBind[i].req));
	}
}

void ui_keys_bar(int where, char *out, size_t n)
{
	size_t off = 0;
	char z[32];

	if (n)
		out[0] = '\0';
	for (size_t i = 0; i < NBIND && off < n; i++) {
		const struct binding *b = &aBind[i];

		if (!b->is_key || b->code < KEY_F(1) || b->code > KEY_F(12) ||
		    !aReq[b->req].bar || !(aReq[b->req].where & where))
			continue;
		binding_name(b, z, sizeof z);
		off += (size_t)snprintf(out + off, n - off, "%s%s %s",
					off ? " " : "", z, rd_gettext_ctx(aReq[b->req].bar));
	}
}

void ui_keys_bar_visit(int where, ui_bar_item_fn fn, void *ctx)
{
	char z[32];

	/* In the order of the keys, F1 to F12, wherever they are bound. */
	for (int k = 1; k <= 12; k++)
		for (size_t i = 0; i < NBIND; i++) {
			const struct binding *b = &aBind[i];

			if (!b->is_key || b->code != KEY_F(k) ||
			    !aReq[b->req].bar || !(aReq[b->req].where & where))
				continue;
			binding_name(b, z, sizeof z);
			fn(ctx, b->req, z, rd_gettext_ctx(aReq[b->req].bar));
		}
}
