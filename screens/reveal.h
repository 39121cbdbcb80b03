/*
 * reveal.h — the detail screen's reveal dialog (screens/reveal.c).
 */
#ifndef RD_SCREENS_REVEAL_H
#define RD_SCREENS_REVEAL_H

#include "store/queue.h"

#include <stddef.h>

struct ui;

/*
 * Ask which masked field of d (or all) to reveal and why, and have the
 * store audit it. 0: cancelled or refused (nothing to show); 1: one
 * field, its stable name in zField; 2: all of them.
 */
int ui_reveal_ask(struct ui *ui, const struct store_detail *d,
		  char *zField, size_t nField);

#endif
