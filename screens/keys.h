/*
 * keys.h — requests and the one default key table. The table drives
 * input (ui_key_request), the bottom bar (ui_keys_bar) and the help
 * screen (ui_keys_visit), so the three can never disagree.
 */
#ifndef RD_SCREENS_KEYS_H
#define RD_SCREENS_KEYS_H

#include <stddef.h>
#include <wchar.h>

/* Where a request applies: the bar and the help group keys by it. */
#define UI_IN_QUEUE 1
#define UI_IN_DETAIL 2
#define UI_IN_ALL (UI_IN_QUEUE | UI_IN_DETAIL)

/* X(enum suffix, where, help msgid, short bar label msgid or NULL) */
#define UI_REQ_LIST(X)                                                        \
	X(UP, UI_IN_ALL, N_("Move up"), NULL)                                            \
	X(DOWN, UI_IN_ALL, N_("Move down"), NULL)                                        \
	X(PGUP, UI_IN_ALL, N_("Page up"), NULL)                                          \
	X(PGDN, UI_IN_ALL, N_("Page down"), NULL)                                        \
	X(FIRST, UI_IN_ALL, N_("First line"), NULL)                                      \
	X(LAST, UI_IN_ALL, N_("Last line"), NULL)                                        \
	X(ENTER, UI_IN_ALL, N_("Open the application; in it, view the scans"), NULL)                            \
	X(BACK, UI_IN_ALL, N_("Back (Esc, q); in the queue q asks to quit, Esc never quits"), NULL)                        \
	X(QUIT, UI_IN_ALL, N_("Quit radesk at once"), N_("Quit"))                                \
	X(NEXT_TAB, UI_IN_ALL, N_("Next tab / next section"), NULL)                      \
	X(PREV_TAB, UI_IN_ALL, N_("Previous tab / previous section"), NULL)              \
	X(SEARCH, UI_IN_QUEUE, N_("Search every application: number, organisation, USCC, serial, person, ID tail"), N_("Search")) \
	X(SEARCH_NEXT, UI_IN_QUEUE, N_("Next match of the last search in this tab"), NULL)                                \
	X(SEARCH_PREV, UI_IN_QUEUE, N_("Previous match of the last search in this tab"), NULL)                            \
	X(FILTER_TYPE, UI_IN_QUEUE, N_("Filter by type (cycles)"), NULL)                   \
	X(FILTER_STATE, UI_IN_QUEUE, N_("Filter by state (cycles)"), NULL)                 \
	X(HELP, UI_IN_ALL, N_("This help"), N_("Help"))                                  \
	X(CLAIM, UI_IN_ALL, N_("Claim the application (a lease)"), N_("Claim"))          \
	X(RELEASE, UI_IN_ALL, N_("Release the claim"), N_("Release"))                    \
	X(CHECKLIST, UI_IN_DETAIL, N_("Tick the checklist"), N_("Checklist"))               \
	X(APPROVE, UI_IN_DETAIL, N_("Approve (override when checks did not pass)"), N_("Approve")) \
	X(REJECT, UI_IN_DETAIL, N_("Reject with reasons and a note to the customer"), N_("Reject")) \
	X(RETURN_FIN, UI_IN_DETAIL, N_("Return for financial authentication"), N_("Fin.auth")) \
	X(NOTE, UI_IN_DETAIL, N_("Add an internal note"), N_("Note"))                       \
	X(COUNTERSIGN, UI_IN_DETAIL, N_("Supervisor: countersign or refuse an override"), NC_("key", "Countersign")) \
	X(REASSIGN, UI_IN_DETAIL, N_("Supervisor: reassign the claim"), NULL)               \
	X(REVEAL, UI_IN_DETAIL, N_("Reveal masked personal data (logged)"), NULL)           \
	X(RERUN, UI_IN_DETAIL, N_("Run a verification again (telecom, bank)"), NULL)     \
	X(SCANS, UI_IN_DETAIL, N_("View the scans"), N_("Scans"))                           \
	X(EXPORT, UI_IN_DETAIL, N_("Supervisor: export the dossier as a zip (audited)"), NULL) \
	X(CANCEL_APP, UI_IN_DETAIL, N_("Supervisor: cancel the application (before production)"), NULL) \
	X(REFUND, UI_IN_DETAIL, N_("Supervisor: request a refund; once requested, mark it refunded"), NULL) \
	X(REPRINT, UI_IN_DETAIL, N_("Print the shipping label again"), NULL) \
	X(INSTALLED, UI_IN_DETAIL, N_("Supervisor: a renewal was installed (completes it)"), NULL) \
	X(MARK, UI_IN_QUEUE, N_("Supervisor: mark for a bulk decision"), NULL)             \
	X(BULK_APPROVE, UI_IN_QUEUE, N_("Supervisor: approve the marked applications"), NULL) \
	X(BULK_REJECT, UI_IN_QUEUE, N_("Supervisor: reject the marked applications"), NULL) \
	X(PAYMATCH, UI_IN_DETAIL, N_("Payment: match the bank transfer by hand (supervisors: undo a match by hand)"), NULL) \
	X(JOBS, UI_IN_ALL, N_("Jobs: provider calls, retry or cancel them"), NULL)     \
	X(SHIPPING, UI_IN_ALL, N_("Shipping: the day's shipments and labels, production problems"), NULL) \
	X(BANK, UI_IN_ALL, N_("Bank statement: transfers and lines left to reconcile, imports"), NULL) \
	X(REPORTS, UI_IN_ALL, N_("Reports: write the workbook for a day or a period"), NULL) \
	X(DASHBOARD, UI_IN_ALL, N_("Supervisor: dashboard of the backlog, today's work and SLA risk"), NULL) \
	X(REQUESTS, UI_IN_QUEUE, N_("Supervisor: the portal's cancellation and refund requests"), NULL) \
	X(REFRESH, UI_IN_ALL, N_("Reload and redraw"), NULL)                  \
	X(SAMPLE, UI_IN_ALL, N_("Supervisor: the quarter's self-audit sample, re-review your items"), NULL) \
	X(FILTER_MENU, UI_IN_QUEUE, N_("Filter menu: type, states, channel, SLA, high risk, mine"), N_("Filter")) \
	X(SORT_MENU, UI_IN_QUEUE, N_("Sort by a column, then the direction"), N_("SortBy")) \
	X(CLEAR_FILTERS, UI_IN_QUEUE, N_("Clear every filter and the sort"), NULL) \
	X(SAVE_VIEW, UI_IN_QUEUE, N_("Save tab, filters and sort as a view (a tab of its own)"), NULL) \
	X(DELETE_VIEW, UI_IN_QUEUE, N_("Delete the saved view shown"), NULL)

enum ui_req {
	UI_REQ_NONE = 0,
#define UI_X(e, w, h, b) UI_REQ_##e,
	UI_REQ_LIST(UI_X)
#undef UI_X
	UI_REQ_COUNT
};

/* The request bound to a key from get_wch (is_key: KEY_CODE_YES). */
enum ui_req ui_key_request(int is_key, wint_t ch);

/* Help text (translated) of a request. */
const char *ui_req_help(enum ui_req r);

/* Visit every binding in table order: key name ("F5", "j", "Ctrl-L"),
 * where it applies (UI_IN_*), translated help. */
typedef void (*ui_key_visit_fn)(void *ctx, const char *zKey, int where,
				const char *zHelp);
void ui_keys_visit(ui_key_visit_fn fn, void *ctx);

/* The bottom bar text ("F1 Help F2 Claim ..."): the bound function keys
 * with a bar label that apply in `where`; written to out (n bytes). */
void ui_keys_bar(int where, char *out, size_t n);

/* The same items one by one, for drawing key and label apart. */
typedef void (*ui_bar_item_fn)(void *ctx, enum ui_req req,
			       const char *zKey, const char *zLabel);
void ui_keys_bar_visit(int where, ui_bar_item_fn fn, void *ctx);

#endif
