/*
 * table.c — see table.h.
 */
#include "table.h"

#include "core/text.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* Columns of the terminal f writes to, 0 when it is none. */
static int term_width(FILE *f)
{
	struct winsize ws;

	if (!isatty(fileno(f)) || ioctl(fileno(f), TIOCGWINSZ, &ws) != 0)
		return 0;
	return ws.ws_col;
}

void rd_table_row(FILE *f, const struct rd_col *cols, int n,
		  const char *const *cells)
{
	int used = 0;

	for (int i = 0; i < n; i++) {
		const char *z = cells[i] ? cells[i] : "";
		int w = cols[i].width;

		if (i > 0) {
			fputs("  ", f);
			used += 2;
		}
		if (w == RD_COL_REST) {
			int tw = term_width(f);
			char *zOut;

			if (tw > 0 && tw - used > 1) {
				size_t nb = RD_TEXT_BUFSZ(tw - used);

				zOut = malloc(nb);
				if (zOut)
					rd_text_truncate(z, tw - used - 1, zOut,
							 nb);
			} else {
				zOut = rd_text_sanitize_dup(z);
			}
			if (zOut)
				fputs(zOut, f);
			free(zOut);
			break;
		} else {
			size_t nb = RD_TEXT_BUFSZ(w) + strlen(z);
			char *zOut = malloc(nb);

			if (!zOut)
				continue;
			if (cols[i].right && rd_text_width(z) <= w)
				rd_text_pad_left(z, w, zOut, nb);
			else
				rd_text_fit(z, w, zOut, nb);
			/* Trailing padding of the last column is noise. */
			if (i == n - 1) {
				size_t k = strlen(zOut);

				while (k > 0 && zOut[k - 1] == ' ')
					zOut[--k] = '\0';
			}
			fputs(zOut, f);
			used += w;
			free(zOut);
		}
	}
	fputc('\n', f);
}
