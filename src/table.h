/*
 * table.h — the one way the command line prints a table.
 *
 * Every cell is sanitised (rd_text_sanitize: nothing from the database
 * drives the terminal), measured in display columns (CJK counts 2) and
 * fitted to its column: cut on a character boundary with "…" when it is
 * wider, padded with spaces when narrower (rd_text_fit / rd_text_pad_left),
 * so columns line up whatever the script. Columns are separated by two
 * spaces.
 */
#ifndef RD_TABLE_H
#define RD_TABLE_H

#include <stdio.h>

/* RD_COL_REST as a width: the last column takes the rest of the line
 * (the terminal's width when f is one, else unbounded, never padded). */
#define RD_COL_REST 0

struct rd_col {
	int width;                 /* display columns, or RD_COL_REST */
	int right;                 /* right-aligned (numbers, money) */
};

/* Print one row of n cells (NULL = empty) and a newline. */
void rd_table_row(FILE *f, const struct rd_col *cols, int n,
		  const char *const *cells);

#endif
