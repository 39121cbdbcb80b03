/*
 * bar.c — see bar.h.
 */
#include "core/bar.h"

#include <string.h>

int rd_bar_eighths(int64_t value, int64_t max, int width)
{
	int64_t cells, e;

	if (value <= 0 || max <= 0 || width <= 0)
		return 0;
	if (value > max)
		value = max;
	cells = (int64_t)width * 8;
	/* A double keeps far more than 1/8-column precision and cannot
	 * overflow where value * cells would. */
	e = (int64_t)((double)value / (double)max * (double)cells + 0.5);
	if (e < 1)
		e = 1;
	return e > cells ? (int)cells : (int)e;
}

void rd_bar_text(int64_t value, int64_t max, int width, int utf8, char *out,
		 size_t n)
{
	/* Index k: a block of k eighths; 8 is the full block. */
	static const char *const aBlock[9] = { "", "▏", "▎", "▍", "▌",
					       "▋", "▊", "▉", "█" };
	int e = rd_bar_eighths(value, max, width);
	size_t off = 0;

	if (n == 0)
		return;
	out[0] = '\0';
	if (!utf8) {
		int cols = (e + 4) / 8;

		if (e > 0 && cols == 0)
			cols = 1;
		for (int i = 0; i < cols && off + 1 < n; i++)
			out[off++] = '#';
		out[off] = '\0';
		return;
	}
	while (e > 0) {
		const char *z = aBlock[e >= 8 ? 8 : e];
		size_t len = strlen(z);

		if (off + len + 1 > n)
			break;
		memcpy(out + off, z, len);
		off += len;
		e -= e >= 8 ? 8 : e;
	}
	out[off] = '\0';
}
