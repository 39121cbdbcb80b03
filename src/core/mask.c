/*
 * mask.c — keep a head and a tail, star the middle, in code points.
 */
#include "core/mask.h"
#include "core/text.h"

#include <stdbool.h>
#include <string.h>

/* Bounded appender (whole code points only). */
struct out {
	char *z;
	size_t n;
	size_t len;
	bool full;
};

static void out_init(struct out *o, char *z, size_t n)
{
	o->z = z;
	o->n = n;
	o->len = 0;
	o->full = n == 0;
	if (n > 0)
		z[0] = '\0';
}

static void out_cp(struct out *o, uint32_t cp)
{
	char a[4];
	size_t k;

	if (o->full)
		return;
	if (rd_text_cp_is_control(cp))
		cp = RD_TEXT_REPLACEMENT;
	k = rd_text_utf8_encode(cp, a);
	if (o->len + k + 1 > o->n) {
		o->full = true;
		return;
	}
	memcpy(o->z + o->len, a, k);
	o->len += k;
	o->z[o->len] = '\0';
}

static rd_status out_status(const struct out *o)
{
	return o->full ? RD_ERR_LIMIT : RD_OK;
}

/* Number of code points in s[0..len). */
static size_t count_cp(const char *s, size_t len)
{
	size_t i = 0, n = 0;

	while (i < len) {
		uint32_t cp;

		i += rd_text_utf8_decode(s + i, len - i, &cp);
		n++;
	}
	return n;
}

/*
 * Append s[0..len) keeping the first `head` and last `tail` code points
 * and writing one '*' for each one in between. The caller guarantees
 * head + tail < count (something is always hidden) or head = tail = 0.
 */
static void put_masked(struct out *o, const char *s, size_t len,
		       size_t head, size_t tail)
{
	size_t nCp = count_cp(s, len);
	size_t i = 0, k = 0;

	while (i < len) {
		uint32_t cp;

		i += rd_text_utf8_decode(s + i, len - i, &cp);
		if (k < head || k >= nCp - tail)
			out_cp(o, cp);
		else
			out_cp(o, '*');
		k++;
	}
}

/*
 * The shared rule: keep head/tail when the value has at least `minLong`
 * code points, else first and last when it has 3 or more, else all stars.
 */
static rd_status mask_rule(const char *in, size_t head, size_t tail,
			   size_t minLong, char *out, size_t n)
{
	struct out o;
	size_t len, nCp;

	out_init(&o, out, n);
	if (!in)
		return out_status(&o);
	len = strlen(in);
	nCp = count_cp(in, len);
	if (nCp >= minLong && head + tail < nCp)
		put_masked(&o, in, len, head, tail);
	else if (nCp >= 3)
		put_masked(&o, in, len, 1, 1);
	else
		put_masked(&o, in, len, 0, 0);
	return out_status(&o);
}

rd_status rd_mask_id(const char *in, char *out, size_t n)
{
	return mask_rule(in, 6, 4, 15, out, n);
}

rd_status rd_mask_account(const char *in, char *out, size_t n)
{
	return mask_rule(in, 4, 4, 12, out, n);
}

rd_status rd_mask_account_fit(const char *in, int width, char *out,
			      size_t n)
{
	char zFull[RD_MASK_BUFSZ];
	const char *pFirst, *pLast;
	struct out o;
	int nStar;
	rd_status rc = rd_mask_account(in, zFull, sizeof zFull);

	if (rc != RD_OK || rd_text_width(zFull) <= width ||
	    !(pFirst = strchr(zFull, '*')))
		return rd_mask_account(in, out, n);
	pLast = strrchr(zFull, '*');
	/* The stars are ASCII: what is left of the width goes to them. */
	nStar = width - (rd_text_width(zFull) - (int)(pLast - pFirst + 1));
	if (nStar < 1)
		nStar = 1;
	out_init(&o, out, n);
	for (const char *z = zFull; z < pFirst;) {
		uint32_t cp;

		z += rd_text_utf8_decode(z, (size_t)(pFirst - z), &cp);
		out_cp(&o, cp);
	}
	while (nStar-- > 0)
		out_cp(&o, '*');
	for (const char *z = pLast + 1; *z;) {
		uint32_t cp;

		z += rd_text_utf8_decode(z, strlen(z), &cp);
		out_cp(&o, cp);
	}
	return out_status(&o);
}

rd_status rd_mask_mobile(const char *in, char *out, size_t n)
{
	return mask_rule(in, 3, 4, 11, out, n);
}

rd_status rd_mask_email(const char *in, char *out, size_t n)
{
	struct out o;
	const char *pAt;
	size_t i, nRest;
	uint32_t cp;

	if (!in)
		return mask_rule(in, 0, 0, 0, out, n);
	pAt = strrchr(in, '@');
	if (!pAt || pAt == in)
		return mask_rule(in, 1, 1, 3, out, n);
	out_init(&o, out, n);
	rd_text_utf8_decode(in, (size_t)(pAt - in), &cp);
	out_cp(&o, cp);
	out_cp(&o, '*');
	out_cp(&o, '*');
	out_cp(&o, '*');
	nRest = strlen(pAt);
	for (i = 0; i < nRest;) {
		i += rd_text_utf8_decode(pAt + i, nRest - i, &cp);
		out_cp(&o, cp);
	}
	return out_status(&o);
}

rd_status rd_mask_name(const char *in, char *out, size_t n)
{
	struct out o;
	size_t len, nCp;

	out_init(&o, out, n);
	if (!in)
		return out_status(&o);
	len = strlen(in);
	nCp = count_cp(in, len);
	if (nCp == 2)
		put_masked(&o, in, len, 1, 0);
	else if (nCp >= 3)
		put_masked(&o, in, len, 1, 1);
	else
		put_masked(&o, in, len, 0, 0);
	return out_status(&o);
}
