/*
 * text.c — UTF-8, display width, sanitising, fitting to columns.
 *
 * The width table is our own, compact and locale-independent, so a screen
 * dump looks the same under any locale. It follows Unicode's East Asian
 * Width (W/F) for the scripts our users write, not every corner of it.
 */
#include "core/text.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cp_range {
	uint32_t lo, hi;
};

/* Zero-width: combining marks, zero-width and format characters. Sorted. */
static const struct cp_range aZero[] = {
	{ 0x0300, 0x036F }, { 0x0483, 0x0489 }, { 0x0591, 0x05BD },
	{ 0x05BF, 0x05BF }, { 0x05C1, 0x05C2 }, { 0x05C4, 0x05C5 },
	{ 0x05C7, 0x05C7 }, { 0x0610, 0x061A }, { 0x061C, 0x061C },
	{ 0x064B, 0x065F }, { 0x0670, 0x0670 }, { 0x06D6, 0x06DC },
	{ 0x06DF, 0x06E4 }, { 0x06E7, 0x06E8 }, { 0x06EA, 0x06ED },
	{ 0x0E31, 0x0E31 }, { 0x0E34, 0x0E3A }, { 0x0E47, 0x0E4E },
	{ 0x1160, 0x11FF }, { 0x1AB0, 0x1AFF }, { 0x1DC0, 0x1DFF },
	{ 0x200B, 0x200F }, { 0x202A, 0x202E }, { 0x2060, 0x2064 },
	{ 0x2066, 0x206F }, { 0x20D0, 0x20FF }, { 0x302A, 0x302D },
	{ 0x3099, 0x309A }, { 0xFE00, 0xFE0F }, { 0xFE20, 0xFE2F },
	{ 0xFEFF, 0xFEFF }, { 0x1F3FB, 0x1F3FF }, { 0xE0000, 0xE007F },
	{ 0xE0100, 0xE01EF },
};

/* Wide (2 columns): East Asian Wide and Fullwidth. Sorted, disjoint. */
static const struct cp_range aWide[] = {
	{ 0x1100, 0x115F },   /* Hangul Jamo initial consonants */
	{ 0x2E80, 0x2FFF },   /* CJK radicals, Kangxi, ideographic description */
	{ 0x3000, 0x303F },   /* CJK symbols and punctuation */
	{ 0x3041, 0x33FF },   /* kana, Bopomofo, Hangul compat jamo, CJK compat */
	{ 0x3400, 0x4DBF },   /* CJK Unified Ideographs Extension A */
	{ 0x4E00, 0x9FFF },   /* CJK Unified Ideographs */
	{ 0xA000, 0xA4CF },   /* Yi */
	{ 0xA960, 0xA97F },   /* Hangul Jamo Extended-A */
	{ 0xAC00, 0xD7A3 },   /* Hangul syllables */
	{ 0xF900, 0xFAFF },   /* CJK compatibility ideographs */
	{ 0xFE10, 0xFE19 },   /* vertical forms */
	{ 0xFE30, 0xFE6F },   /* CJK compatibility forms, small forms */
	{ 0xFF00, 0xFF60 },   /* fullwidth ASCII variants */
	{ 0xFFE0, 0xFFE6 },   /* fullwidth signs (￥ …) */
	{ 0x1F300, 0x1F64F }, /* pictographs, emoticons */
	{ 0x1F680, 0x1F6FF }, /* transport and map symbols */
	{ 0x1F900, 0x1F9FF }, /* supplemental symbols and pictographs */
	{ 0x1FA70, 0x1FAFF }, /* symbols and pictographs extended-A */
	{ 0x20000, 0x3FFFD }, /* CJK Extension B and later planes 2–3 */
};

static bool in_table(uint32_t cp, const struct cp_range *a, size_t n)
{
	size_t lo = 0, hi = n;

	if (n == 0 || cp < a[0].lo || cp > a[n - 1].hi)
		return false;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp > a[mid].hi)
			lo = mid + 1;
		else if (cp < a[mid].lo)
			hi = mid;
		else
			return true;
	}
	return false;
}

size_t rd_text_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char b0, lo = 0x80, hi = 0xBF;
	size_t need, i;
	uint32_t v;

	if (len == 0) {
		*cp = RD_TEXT_REPLACEMENT;
		return 0;
	}
	b0 = u[0];
	if (b0 < 0x80) {
		*cp = b0;
		return 1;
	}
	if (b0 >= 0xC2 && b0 <= 0xDF) {
		need = 1;
		v = b0 & 0x1F;
	} else if (b0 >= 0xE0 && b0 <= 0xEF) {
		need = 2;
		v = b0 & 0x0F;
		if (b0 == 0xE0)
			lo = 0xA0;      /* no overlongs */
		else if (b0 == 0xED)
			hi = 0x9F;      /* no surrogates */
	} else if (b0 >= 0xF0 && b0 <= 0xF4) {
		need = 3;
		v = b0 & 0x07;
		if (b0 == 0xF0)
			lo = 0x90;      /* no overlongs */
		else if (b0 == 0xF4)
			hi = 0x8F;      /* not above U+10FFFF */
	} else {
		*cp = RD_TEXT_REPLACEMENT;
		return 1;
	}
	for (i = 1; i <= need; i++) {
		if (i >= len || u[i] < lo || u[i] > hi) {
			*cp = RD_TEXT_REPLACEMENT;
			return i;
		}
		v = (v << 6) | (u[i] & 0x3F);
		lo = 0x80;
		hi = 0xBF;
	}
	*cp = v;
	return need + 1;
}

size_t rd_text_utf8_encode(uint32_t cp, char out[4])
{
	if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		cp = RD_TEXT_REPLACEMENT;
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

bool rd_text_utf8_valid(const char *s, size_t len)
{
	size_t i = 0;

	if (!s)
		return len == 0;
	while (i < len) {
		uint32_t cp;
		size_t k = rd_text_utf8_decode(s + i, len - i, &cp);

		/* A literal U+FFFD is 3 bytes; a replacement for junk is shorter. */
		if (cp == RD_TEXT_REPLACEMENT && k != 3)
			return false;
		i += k;
	}
	return true;
}

size_t rd_text_cp_count(const char *s)
{
	size_t len, i = 0, n = 0;

	if (!s)
		return 0;
	len = strlen(s);
	while (i < len) {
		uint32_t cp;

		i += rd_text_utf8_decode(s + i, len - i, &cp);
		n++;
	}
	return n;
}

bool rd_text_cp_is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)
	       || (cp >= 0x202A && cp <= 0x202E)
	       || (cp >= 0x2066 && cp <= 0x2069)
	       || cp == 0x2028 || cp == 0x2029;
}

int rd_text_cp_width(uint32_t cp)
{
	if (rd_text_cp_is_control(cp))
		return 0;
	if (cp < 0x300)
		return 1;
	if (in_table(cp, aZero, sizeof aZero / sizeof aZero[0]))
		return 0;
	if (in_table(cp, aWide, sizeof aWide / sizeof aWide[0]))
		return 2;
	return 1;
}

/* Bytes available at p before its NUL, at most 4 (a C string's decode window). */
static size_t avail4(const char *p)
{
	size_t n = 0;

	while (n < 4 && p[n] != '\0')
		n++;
	return n;
}

bool rd_text_cp_is_invisible(uint32_t cp)
{
	return cp == 0x00AD || cp == 0x034F || cp == 0x061C ||
	       cp == 0x115F || cp == 0x1160 || cp == 0x17B4 || cp == 0x17B5 ||
	       (cp >= 0x180B && cp <= 0x180F) ||
	       (cp >= 0x200B && cp <= 0x200F) ||
	       (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2060 && cp <= 0x206F) ||
	       cp == 0x3164 || (cp >= 0xFE00 && cp <= 0xFE0F) ||
	       cp == 0xFEFF || cp == 0xFFA0 ||
	       (cp >= 0xFFF9 && cp <= 0xFFFB) ||
	       (cp >= 0x1BCA0 && cp <= 0x1BCA3) ||
	       (cp >= 0x1D173 && cp <= 0x1D17A) ||
	       (cp >= 0xE0000 && cp <= 0xE0FFF);
}

/*
 * A sanitised view of a C string, one code point at a time. Removed
 * characters are skipped, \t \n U+2028 U+2029 come back as ' ', junk as
 * U+FFFD, and an invisible character (rd_text_cp_is_invisible()) comes
 * back as the visible text "⟨U+200B⟩", so a zero-width space or a bidi
 * override in a name can be seen (and cannot reorder the line).
 */
struct clean {
	const char *p;
	uint32_t pend[12];   /* "⟨U+XXXXX⟩" still to hand out */
	int npend, ipend;
};

static void clean_init(struct clean *c, const char *s)
{
	c->p = s;
	c->npend = c->ipend = 0;
}

static bool next_clean(struct clean *cl, uint32_t *cp)
{
	const char *p = cl->p;

	if (cl->ipend < cl->npend) {
		*cp = cl->pend[cl->ipend++];
		return true;
	}
	for (;;) {
		uint32_t c;
		size_t k;

		if (*p == '\0') {
			cl->p = p;
			return false;
		}
		/* A C string has no NUL inside; give the decoder up to 4 bytes. */
		k = rd_text_utf8_decode(p, avail4(p), &c);
		p += k;
		if (c == '\t' || c == '\n' || c == 0x2028 || c == 0x2029) {
			*cp = ' ';
			break;
		}
		if (rd_text_cp_is_invisible(c)) {
			char zHex[12];
			int n = snprintf(zHex, sizeof zHex, "U+%04X", (unsigned)c);

			cl->npend = cl->ipend = 0;
			for (int i = 0; i < n; i++)
				cl->pend[cl->npend++] = (uint32_t)zHex[i];
			cl->pend[cl->npend++] = 0x27E9;   /* ⟩ */
			*cp = 0x27E8;                    /* ⟨ */
			break;
		}
		if (rd_text_cp_is_control(c))
			continue;
		*cp = c;
		break;
	}
	cl->p = p;
	return true;
}

/* Bounded output: appends whole code points while they fit. */
struct writer {
	char *out;
	size_t n;
	size_t len;
	bool full;   /* something did not fit; nothing more is appended */
};

static void writer_init(struct writer *w, char *out, size_t n)
{
	w->out = out;
	w->n = n;
	w->len = 0;
	w->full = n == 0;
	if (n > 0)
		out[0] = '\0';
}

static void writer_put(struct writer *w, uint32_t cp)
{
	char a[4];
	size_t k;

	if (w->full)
		return;
	k = rd_text_utf8_encode(cp, a);
	if (w->len + k + 1 > w->n) {
		w->full = true;
		return;
	}
	memcpy(w->out + w->len, a, k);
	w->len += k;
	w->out[w->len] = '\0';
}

static void writer_spaces(struct writer *w, int n)
{
	while (n-- > 0)
		writer_put(w, ' ');
}

static rd_status writer_status(const struct writer *w)
{
	return w->full ? RD_ERR_LIMIT : RD_OK;
}

int rd_text_width(const char *s)
{
	struct clean cl;
	uint32_t cp;
	int w = 0;

	if (!s)
		return 0;
	clean_init(&cl, s);
	while (next_clean(&cl, &cp)) {
		int cw = rd_text_cp_width(cp);

		if (w > INT_MAX - 2)
			break;
		w += cw;
	}
	return w;
}

rd_status rd_text_sanitize(const char *in, char *out, size_t n)
{
	struct writer w;
	struct clean cl;
	uint32_t cp;

	writer_init(&w, out, n);
	if (!in)
		return writer_status(&w);
	clean_init(&cl, in);
	while (next_clean(&cl, &cp))
		writer_put(&w, cp);
	return writer_status(&w);
}

char *rd_text_sanitize_dup(const char *in)
{
	/* Worst growth: a junk byte becomes U+FFFD (1 → 3 bytes), an
	 * invisible character its "⟨U+XXXX⟩" (3 → 12, 4 → 13 bytes). */
	size_t n = in ? strlen(in) * 4 + 1 : 1;
	char *z = malloc(n);

	if (!z)
		return NULL;
	rd_text_sanitize(in, z, n);
	return z;
}

/*
 * Common body of fit and truncate: cut s to width columns with "…"
 * when it is wider; pad to width when pad is set.
 */
static rd_status fit(const char *s, int width, bool pad, char *out, size_t n)
{
	struct writer w;
	struct clean p;
	uint32_t cp;
	int used = 0;
	int total;

	writer_init(&w, out, n);
	if (!s)
		s = "";
	if (width <= 0)
		return writer_status(&w);
	total = rd_text_width(s);
	if (total <= width) {
		clean_init(&p, s);
		while (next_clean(&p, &cp))
			writer_put(&w, cp);
		used = total;
	} else {
		int limit = width - 1;   /* one column for the ellipsis */

		clean_init(&p, s);
		while (next_clean(&p, &cp)) {
			int cw = rd_text_cp_width(cp);

			if (used + cw > limit)
				break;
			writer_put(&w, cp);
			used += cw;
		}
		/* A wide character that would straddle the edge leaves a hole. */
		if (pad) {
			writer_spaces(&w, limit - used);
			used = limit;
		}
		writer_put(&w, 0x2026);
		used += 1;
	}
	if (pad)
		writer_spaces(&w, width - used);
	return writer_status(&w);
}

rd_status rd_text_fit(const char *s, int width, char *out, size_t n)
{
	return fit(s, width, true, out, n);
}

rd_status rd_text_truncate(const char *s, int width, char *out, size_t n)
{
	return fit(s, width, false, out, n);
}

static rd_status pad(const char *s, int width, bool left, char *out, size_t n)
{
	struct writer w;
	struct clean cl;
	uint32_t cp;
	int gap;

	writer_init(&w, out, n);
	if (!s)
		s = "";
	gap = width - rd_text_width(s);
	if (left)
		writer_spaces(&w, gap);
	clean_init(&cl, s);
	while (next_clean(&cl, &cp))
		writer_put(&w, cp);
	if (!left)
		writer_spaces(&w, gap);
	return writer_status(&w);
}

rd_status rd_text_pad_right(const char *s, int width, char *out, size_t n)
{
	return pad(s, width, false, out, n);
}

rd_status rd_text_pad_left(const char *s, int width, char *out, size_t n)
{
	return pad(s, width, true, out, n);
}
