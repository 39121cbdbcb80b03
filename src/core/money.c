/*
 * money.c — fen formatting and parsing with checked arithmetic.
 */
#include "core/money.h"
#include "core/i18n.h"

#include <stdbool.h>
#include <string.h>

#define YUAN_SIGN "\xC2\xA5"          /* ¥ U+00A5 */
#define FULLWIDTH_YUAN "\xEF\xBF\xA5" /* ￥ U+FFE5 */

rd_status rd_money_format(int64_t fen, char *buf, size_t n)
{
	return rd_money_format_ex(fen, 0, buf, n);
}

rd_status rd_money_format_ex(int64_t fen, unsigned flags, char *buf, size_t n)
{
	char zRev[RD_MONEY_BUFSZ]; /* built backwards */
	char zOut[RD_MONEY_BUFSZ];
	/* Magnitude as unsigned: well defined for INT64_MIN too. */
	uint64_t mag = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
	uint64_t yuan = mag / 100;
	unsigned cents = (unsigned)(mag % 100);
	size_t nRev = 0, nOut = 0;
	int nDigit = 0;

	if (n > 0)
		buf[0] = '\0';
	zRev[nRev++] = (char)('0' + cents % 10);
	zRev[nRev++] = (char)('0' + cents / 10);
	zRev[nRev++] = '.';
	do {
		if (nDigit > 0 && nDigit % 3 == 0 && !(flags & RD_MONEY_NO_GROUPING))
			zRev[nRev++] = ',';
		zRev[nRev++] = (char)('0' + yuan % 10);
		yuan /= 10;
		nDigit++;
	} while (yuan > 0);

	if (fen < 0)
		zOut[nOut++] = '-';
	if (!(flags & RD_MONEY_NO_SYMBOL)) {
		memcpy(zOut + nOut, YUAN_SIGN, 2);
		nOut += 2;
	}
	while (nRev > 0)
		zOut[nOut++] = zRev[--nRev];
	zOut[nOut] = '\0';
	if (nOut + 1 > n)
		return RD_ERR_LIMIT;
	memcpy(buf, zOut, nOut + 1);
	return RD_OK;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* mag = mag * 10 + dig, false on exceeding limit. */
static bool acc_digit(uint64_t *mag, int dig, uint64_t limit)
{
	if (*mag > (limit - (uint64_t)dig) / 10)
		return false;
	*mag = *mag * 10 + (uint64_t)dig;
	return true;
}

static rd_status garbage(struct rd_err *err, const char *s)
{
	return rd_err_set(err, RD_ERR_INVALID,
			  _("\"%s\" is not an amount (write e.g. 1,234.50)"), s);
}

static rd_status too_large(struct rd_err *err, const char *s)
{
	return rd_err_set(err, RD_ERR_INVALID, _("\"%s\": amount too large"), s);
}

rd_status rd_money_parse(const char *s, int64_t *fen, struct rd_err *err)
{
	const char *p, *e;
	bool neg = false;
	/* |INT64_MIN| is one more than INT64_MAX; allowed only when negative. */
	uint64_t limit;
	uint64_t mag = 0;
	int nGroup = 0;      /* digits in the current comma group */
	bool sawComma = false;
	int nInt = 0, nDec = 0;

	if (!s)
		s = "";
	p = s;
	e = s + strlen(s);
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if (p == e)
		return rd_err_set(err, RD_ERR_INVALID, _("enter an amount"));
	if (*p == '-') {
		neg = true;
		p++;
	}
	if ((size_t)(e - p) >= 2 && memcmp(p, YUAN_SIGN, 2) == 0)
		p += 2;
	else if ((size_t)(e - p) >= 3 && memcmp(p, FULLWIDTH_YUAN, 3) == 0)
		p += 3;
	limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;

	for (; p < e && (is_digit(*p) || *p == ','); p++) {
		if (*p == ',') {
			/* First group 1..3 digits, later groups exactly 3. */
			if (nGroup == 0 || nGroup > 3 || (sawComma && nGroup != 3))
				return garbage(err, s);
			sawComma = true;
			nGroup = 0;
			continue;
		}
		if (!acc_digit(&mag, *p - '0', limit / 100))
			return too_large(err, s);
		nGroup++;
		nInt++;
	}
	if (nInt == 0 || (sawComma && nGroup != 3))
		return garbage(err, s);
	mag *= 100;
	if (p < e && *p == '.') {
		uint64_t cents = 0;

		p++;
		for (; p < e && is_digit(*p); p++) {
			if (++nDec > 2)
				return rd_err_set(err, RD_ERR_INVALID,
						  _("\"%s\": at most two decimals (fen)"), s);
			cents = cents * 10 + (uint64_t)(*p - '0');
		}
		if (nDec == 0)
			return garbage(err, s);
		if (nDec == 1)
			cents *= 10;
		if (mag > limit - cents)
			return too_large(err, s);
		mag += cents;
	}
	if (p != e)
		return garbage(err, s);
	if (neg)
		*fen = mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag;
	else
		*fen = (int64_t)mag;
	return RD_OK;
}
