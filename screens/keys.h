/*
 * keys.h — requests and the one default key table. The table drives
 * input (ui_key_request), the bottom bar (ui_keys_bar) and the help
 * screen (ui_keys_visit), so the three can never disagree.
 */
#ifndef RD_SCREENS_KEYS_H
#define RD_SCREENS_KEYS_H

#include <stddef.h>
#include <wchar.h>

/* X(enum suffix, help msgid, short bar label msgid or NULL) */
#define UI_REQ_LIST(X)                                                        \
	X(UP, N_("Move up"), NULL)                                            \
	X(DOWN, N_("Move down"), NULL)                                        \
	X(PGUP, N_("Page up"), NULL)                                          \
	X(PGDN, N_("Page down"), NULL)                                        \
	X(FIRST, N_("First line"), NULL)                                      \
	X(LAST, N_("Last line"), NULL)                                        \
	X(ENTER, N_("Open the application"), NULL)                            \
	X(BACK, N_("Back; quit from the queue"), NULL)                        \
	X(QUIT, N_("Quit radesk"), N_("Quit"))                                \
	X(NEXT_TAB, N_("Next tab / next section"), NULL)                      \
	X(PREV_TAB, N_("Previous tab / previous section"), NULL)              \
	X(SEARCH, N_("Search: application no., organisation, USCC, serial, handler"), N_("Search")) \
	X(SEARCH_NEXT, N_("Next match"), NULL)                                \
	X(SEARCH_PREV, N_("Previous match"), NULL)                            \
	X(FILTER_TYPE, N_("Filter by type (cycles)"), NULL)                   \
	X(FILTER_STATE, N_("Filter by state (cycles)"), NULL)                 \
	X(HELP, N_("This help"), N_("Help"))                                  \
	X(CLAIM, N_("Claim the application (a lease)"), N_("Claim"))          \
	X(RELEASE, N_("Release the claim"), N_("Release"))                    \
	X(CHECKLIST, N_("Tick the checklist"), N_("Checklist"))               \
	X(APPROVE, N_("Approve (override when checks did not pass)"), N_("Approve")) \
	X(REJECT, N_("Reject with reasons and a note to the customer"), N_("Reject")) \
	X(RETURN_FIN, N_("Return for financial authentication"), N_("Fin.auth")) \
	X(NOTE, N_("Add an internal note"), N_("Note"))                       \
	X(COUNTERSIGN, N_("Supervisor: countersign or refuse an override"), N_("Countersign")) \
	X(REASSIGN, N_("Supervisor: reassign the claim"), NULL)               \
	X(REVEAL, N_("Reveal masked personal data (logged)"), NULL)           \
	X(MARK, N_("Supervisor: mark for a bulk decision"), NULL)             \
	X(BULK_APPROVE, N_("Supervisor: approve the marked applications"), NULL) \
	X(BULK_REJECT, N_("Supervisor: reject the marked applications"), NULL) \
	X(JOBS, N_("Jobs: provider calls, retry or cancel them"), NULL)     \
	X(REFRESH, N_("Reload and redraw"), NULL)

enum ui_req {
	UI_REQ_NONE = 0,
#define UI_X(e, h, b) UI_REQ_##e,
	UI_REQ_LIST(UI_X)
#undef UI_X
	UI_REQ_COUNT
};

/* The request bound to a key from get_wch (is_key: KEY_CODE_YES). */
enum ui_req ui_key_request(int is_key, wint_t ch);

/* Help text (translated) of a request. */
const char *ui_req_help(enum ui_req r);

/* Visit every binding in table order: key name ("F5", "j", "Ctrl-L"),
 * translated help. */
typedef void (*ui_key_visit_fn)(void *ctx, const char *zKey,
				const char *zHelp);
void ui_keys_visit(ui_key_visit_fn fn, void *ctx);

/* The bottom bar text ("F1 Help  F2 Claim ..."), from the bound
 * function keys with a bar label; written to out (n bytes). */
void ui_keys_bar(char *out, size_t n);

#endif
