/*
 * search.h — the global search (/ in the queue): a prompt that recalls
 * earlier searches, and a screen listing every application found, with
 * the tab each lives in; f limits it to the queue's tab.
 */
#ifndef RD_SCREENS_SEARCH_H
#define RD_SCREENS_SEARCH_H

#include "screens/screen.h"

extern const struct screen_ops ui_search_screen;

/* Ask for a term (opening empty; Up/Down recall the history, kept in
 * the state folder) and show what it finds across every tab; tab is
 * the queue's, for f. The term goes to zOut[n] too (the queue's n/N).
 * Returns 1 when a search was made. */
int ui_search_prompt(struct ui *ui, int tab, char *zOut, size_t n);

void ui_search_fini(struct ui *ui);

#endif
