/*
 * paint.c — attributes (colour or monochrome) and fitted text output.
 */
#include "screens/screen.h"

#include "core/i18n.h"
#include "core/text.h"

#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ui_attr(const struct ui *ui, enum ui_role role)
{
	/* Monochrome fallbacks first: every role stays distinguishable. */
	static const int aMono[UI_ROLE_COUNT] = {
		[UI_NORMAL] = A_NORMAL,   [UI_HEADER] = A_BOLD | A_UNDERLINE,
		[UI_CURSOR] = A_REVERSE,  [UI_OVERDUE] = A_BOLD | A_UNDERLINE,
		[UI_DUE_SOON] = A_BOLD,   [UI_OK] = A_NORMAL,
		[UI_ERROR] = A_BOLD | A_REVERSE, [UI_RISK] = A_BOLD | A_UNDERLINE,
		[UI_WARN] = A_BOLD,       [UI_DIM] = A_DIM,
		[UI_TAB_ON] = A_REVERSE | A_BOLD, [UI_TAB_OFF] = A_NORMAL,
		[UI_BAR] = A_REVERSE,     [UI_SECTION] = A_BOLD | A_UNDERLINE,
		[UI_MARK] = A_BOLD,
	};

	if (role < 0 || role >= UI_ROLE_COUNT)
		return A_NORMAL;
	if (!ui->color)
		return aMono[role];
	switch (role) {
	case UI_OVERDUE: return COLOR_PAIR(1) | A_BOLD;
	case UI_DUE_SOON: return COLOR_PAIR(2) | A_BOLD;
	case UI_OK: return COLOR_PAIR(3);
	case UI_ERROR: return COLOR_PAIR(4) | A_BOLD;
	case UI_RISK: return COLOR_PAIR(5) | A_BOLD;
	case UI_WARN: return COLOR_PAIR(2);
	case UI_BAR: return COLOR_PAIR(6);
	case UI_TAB_ON: return COLOR_PAIR(6) | A_BOLD;
	case UI_SECTION: return COLOR_PAIR(7) | A_BOLD;
	default: return aMono[role];
	}
}

void ui_put(int y, int x, int w, const char *s, int attr)
{
	char zStack[RD_TEXT_BUFSZ(200)];
	char *z = zStack;
	size_t n = sizeof zStack;

	if (w <= 0 || y < 0 || y >= LINES)
		return;
	if (x + w > COLS)
		w = COLS - x;
	if (w <= 0)
		return;
	if ((size_t)RD_TEXT_BUFSZ(w) > n) {
		n = RD_TEXT_BUFSZ(w);
		z = malloc(n);
		if (!z)
			return;
	}
	rd_text_fit(s ? s : "", w, z, n);
	attron(attr);
	mvaddstr(y, x, z);
	attroff(attr);
	if (z != zStack)
		free(z);
}

void ui_count(int64_t n, char *z, size_t len)
{
	char zDigits[32];
	int nDigit, off = 0, neg = n < 0;

	snprintf(zDigits, sizeof zDigits, "%llu",
		 neg ? 0ULL - (unsigned long long)n : (unsigned long long)n);
	nDigit = (int)strlen(zDigits);
	if (len == 0)
		return;
	if (neg && (size_t)off + 1 < len)
		z[off++] = '-';
	for (int i = 0; i < nDigit && (size_t)off + 1 < len; i++) {
		if (i > 0 && (nDigit - i) % 3 == 0 && (size_t)off + 2 < len)
			z[off++] = ',';
		z[off++] = zDigits[i];
	}
	z[off] = '\0';
}

int ui_utf8(void)
{
	const char *zCs = nl_langinfo(CODESET);

	return zCs && !strcmp(zCs, "UTF-8");
}

void ui_fill(int y, int attr)
{
	attron(attr);
	mvhline(y, 0, ' ', COLS);
	attroff(attr);
}

void ui_sla_text(const struct ui *ui, int64_t due, char *z, size_t n,
		 enum ui_role *role)
{
	int64_t now = ui_now();
	int64_t day = rd_cal_day_seconds(&ui->cal);
	int64_t s = rd_cal_working_seconds_between(&ui->cal, now, due);
	int64_t a = s < 0 ? -s : s;
	int64_t d = day > 0 ? a / day : 0;
	int64_t h = (a - d * day) / 3600, m = (a % 3600) / 60;

	if (d > 0)
		snprintf(z, n, "%s%lldd%lldh", s < 0 ? "-" : "", (long long)d,
			 (long long)h);
	else
		snprintf(z, n, "%s%lldh%02lldm", s < 0 ? "-" : "",
			 (long long)h, (long long)m);
	*role = s < 0 ? UI_OVERDUE : s <= day ? UI_DUE_SOON : UI_NORMAL;
}
