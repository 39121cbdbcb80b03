/*
 * bar.h — horizontal bar charts in text: a value drawn against a maximum
 * in a given number of terminal columns, with the eighth blocks
 * ▏▎▍▌▋▊▉█ (U+258F..U+2588, one column each) for 1/8-column steps, or
 * '#' per column where the terminal is not UTF-8. Pure: no curses.
 */
#ifndef RD_CORE_BAR_H
#define RD_CORE_BAR_H

#include <stddef.h>
#include <stdint.h>

/* Bytes that always hold a bar of w columns with its NUL. */
#define RD_BAR_BUFSZ(w) ((size_t)((w) > 0 ? (w) : 0) * 3 + 1)

/*
 * Eighths of a column that value out of max fills in width columns:
 * rounded to the nearest, at least 1 for any value > 0 (a count that
 * exists is never invisible), at most width * 8. 0 when value <= 0,
 * max <= 0 or width <= 0; value > max counts as max.
 */
int rd_bar_eighths(int64_t value, int64_t max, int width);

/*
 * The bar itself into out (n bytes, RD_BAR_BUFSZ(width) suffice; always
 * NUL-terminated, never cut inside a character): as many columns as it
 * fills (not padded), so its display width is at most width. utf8 0:
 * '#' per column, rounded to whole columns, at least one for a value > 0.
 */
void rd_bar_text(int64_t value, int64_t max, int width, int utf8, char *out,
		 size_t n);

#endif
