/*
 * ids.c — GB 11643 and GB 32100 check characters, mobile format.
 */
#include "core/ids.h"
#include "core/i18n.h"
#include "core/timefmt.h"

#include <string.h>

static const char zUsccAlphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

const char *rd_id_reason_text(enum rd_id_reason why)
{
	switch (why) {
	case RD_ID_OK:
		return _("valid");
	case RD_ID_BAD_LENGTH:
		return _("must be exactly 18 characters");
	case RD_ID_BAD_CHAR:
		return _("contains a character that is not allowed");
	case RD_ID_BAD_DATE:
		return _("the birth date is not a real date");
	case RD_ID_BAD_CHECK:
		return _("wrong check character (mistyped?)");
	}
	return _("invalid");
}

/* ISO 7064 MOD 11-2 over 17 digits (caller checked they are digits). */
static char resident_check(const char *s)
{
	static const int aWeight[17] = {
		7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2
	};
	static const char zMap[] = "10X98765432";
	int sum = 0;
	int i;

	for (i = 0; i < 17; i++)
		sum += (s[i] - '0') * aWeight[i];
	return zMap[sum % 11];
}

/* The birth date at s[6..13] is a real date in 1900..2100. */
static bool resident_date_ok(const char *s)
{
	int y = 0, m = 0, d = 0;
	int i;

	for (i = 6; i < 10; i++)
		y = y * 10 + (s[i] - '0');
	m = (s[10] - '0') * 10 + (s[11] - '0');
	d = (s[12] - '0') * 10 + (s[13] - '0');
	return y >= 1900 && y <= 2100 && rd_time_date_valid(y, m, d);
}

enum rd_id_reason rd_id_resident_check(const char *s)
{
	char c;
	int i;

	if (!s || strlen(s) != RD_ID_LEN)
		return RD_ID_BAD_LENGTH;
	for (i = 0; i < 17; i++)
		if (!is_digit(s[i]))
			return RD_ID_BAD_CHAR;
	c = s[17];
	if (c == 'x')
		c = 'X';
	if (!is_digit(c) && c != 'X')
		return RD_ID_BAD_CHAR;
	if (!resident_date_ok(s))
		return RD_ID_BAD_DATE;
	if (resident_check(s) != c)
		return RD_ID_BAD_CHECK;
	return RD_ID_OK;
}

bool rd_id_resident_valid(const char *s)
{
	return rd_id_resident_check(s) == RD_ID_OK;
}

/* Copy in without surrounding blanks, mapping each byte through fold. */
static rd_status normalize(const char *in, char *out, size_t n, bool upperAll)
{
	size_t b, e, i;

	if (n > 0)
		out[0] = '\0';
	if (!in)
		return RD_ERR_INVALID;
	b = 0;
	e = strlen(in);
	while (b < e && (in[b] == ' ' || in[b] == '\t'))
		b++;
	while (e > b && (in[e - 1] == ' ' || in[e - 1] == '\t'
			 || in[e - 1] == '\r' || in[e - 1] == '\n'))
		e--;
	if (e - b + 1 > n)
		return RD_ERR_LIMIT;
	for (i = b; i < e; i++) {
		char c = in[i];

		if ((upperAll || c == 'x') && c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		out[i - b] = c;
	}
	out[e - b] = '\0';
	return RD_OK;
}

rd_status rd_id_resident_normalize(const char *in, char *out, size_t n)
{
	return normalize(in, out, n, false);
}

rd_status rd_id_resident_check_char(const char *first17, char *out)
{
	int i;

	if (!first17)
		return RD_ERR_INVALID;
	for (i = 0; i < 17; i++)
		if (!is_digit(first17[i]))
			return RD_ERR_INVALID;
	*out = resident_check(first17);
	return RD_OK;
}

rd_status rd_id_generate_resident(const char *prefix17, char *out, size_t n)
{
	char c;

	if (n > 0)
		out[0] = '\0';
	if (!prefix17 || strlen(prefix17) != 17)
		return RD_ERR_INVALID;
	if (rd_id_resident_check_char(prefix17, &c) != RD_OK)
		return RD_ERR_INVALID;
	if (!resident_date_ok(prefix17))
		return RD_ERR_INVALID;
	if (n < RD_ID_BUFSZ)
		return RD_ERR_LIMIT;
	memcpy(out, prefix17, 17);
	out[17] = c;
	out[18] = '\0';
	return RD_OK;
}

/* Value of a USCC character, -1 when outside the alphabet (lowercase too). */
static int uscc_value(char c)
{
	const char *p;

	if (c == '\0')
		return -1;
	p = strchr(zUsccAlphabet, c);
	return p ? (int)(p - zUsccAlphabet) : -1;
}

/* GB 32100 check character of 17 alphabet characters (caller checked). */
static char uscc_check(const char *s)
{
	static const int aWeight[17] = {
		1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
	};
	int sum = 0;
	int i, c;

	for (i = 0; i < 17; i++)
		sum += uscc_value(s[i]) * aWeight[i];
	c = 31 - sum % 31;
	if (c == 31)
		c = 0;
	return zUsccAlphabet[c];
}

enum rd_id_reason rd_id_uscc_check(const char *s)
{
	int i;

	if (!s || strlen(s) != RD_ID_LEN)
		return RD_ID_BAD_LENGTH;
	for (i = 0; i < RD_ID_LEN; i++)
		if (uscc_value(s[i]) < 0)
			return RD_ID_BAD_CHAR;
	if (uscc_check(s) != s[17])
		return RD_ID_BAD_CHECK;
	return RD_ID_OK;
}

bool rd_id_uscc_valid(const char *s)
{
	return rd_id_uscc_check(s) == RD_ID_OK;
}

rd_status rd_id_uscc_normalize(const char *in, char *out, size_t n)
{
	return normalize(in, out, n, true);
}

rd_status rd_id_uscc_check_char(const char *first17, char *out)
{
	int i;

	if (!first17)
		return RD_ERR_INVALID;
	for (i = 0; i < 17; i++)
		if (uscc_value(first17[i]) < 0)
			return RD_ERR_INVALID;
	*out = uscc_check(first17);
	return RD_OK;
}

rd_status rd_id_generate_uscc(const char *prefix17, char *out, size_t n)
{
	char c;

	if (n > 0)
		out[0] = '\0';
	if (!prefix17 || strlen(prefix17) != 17)
		return RD_ERR_INVALID;
	if (rd_id_uscc_check_char(prefix17, &c) != RD_OK)
		return RD_ERR_INVALID;
	if (n < RD_ID_BUFSZ)
		return RD_ERR_LIMIT;
	memcpy(out, prefix17, 17);
	out[17] = c;
	out[18] = '\0';
	return RD_OK;
}

bool rd_mobile_valid(const char *s)
{
	int i;

	if (!s || strlen(s) != 11)
		return false;
	if (s[0] != '1' || s[1] < '3' || s[1] > '9')
		return false;
	for (i = 2; i < 11; i++)
		if (!is_digit(s[i]))
			return false;
	return true;
}
