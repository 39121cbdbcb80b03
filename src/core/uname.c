/*
 * uname.c — normal forms and look-alike checks for names (see uname.h).
 */
#include "core/uname.h"

#include "core/text.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static rd_status map(const char *s, utf8proc_option_t opt, char **out)
{
	utf8proc_uint8_t *z = NULL;
	utf8proc_ssize_t n;

	*out = NULL;
	if (!s)
		s = "";
	if (!rd_text_utf8_valid(s, strlen(s)))
		return RD_ERR_INVALID;
	n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &z,
			 opt | UTF8PROC_NULLTERM | UTF8PROC_STABLE);
	if (n < 0) {
		free(z);
		return n == UTF8PROC_ERROR_NOMEM ? RD_ERR_NOMEM : RD_ERR_INVALID;
	}
	*out = (char *)z;
	return RD_OK;
}

rd_status rd_uname_nfc(const char *s, char **out)
{
	return map(s, UTF8PROC_COMPOSE, out);
}

rd_status rd_uname_key(const char *s, char **out)
{
	char *z = NULL;
	size_t o = 0, i = 0, len;
	rd_status rc;

	/* NFKC + case fold + drop default-ignorables (zero-width, bidi) */
	rc = map(s, UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
			    UTF8PROC_IGNORE | UTF8PROC_STRIPCC,
		 &z);
	if (rc != RD_OK)
		return rc;
	len = strlen(z);
	while (i < len) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate((utf8proc_uint8_t *)z + i,
						      (utf8proc_ssize_t)(len - i),
						      &c);
		utf8proc_category_t cat;

		if (k <= 0)
			break;
		cat = utf8proc_category(c);
		if (!(cat == UTF8PROC_CATEGORY_ZS || c == '\t' || c == '\n' ||
		      c == '\r' || cat == UTF8PROC_CATEGORY_ZL ||
		      cat == UTF8PROC_CATEGORY_ZP)) {
			memmove(z + o, z + i, (size_t)k);
			o += (size_t)k;
		}
		i += (size_t)k;
	}
	z[o] = '\0';
	*out = z;
	return RD_OK;
}

int rd_uname_same(const char *a, const char *b)
{
	char *ka = NULL, *kb = NULL;
	int same = 0;

	if (a && b && rd_uname_key(a, &ka) == RD_OK &&
	    rd_uname_key(b, &kb) == RD_OK)
		same = strcmp(ka, kb) == 0;
	free(ka);
	free(kb);
	return same;
}

enum script { S_OTHER, S_LATIN, S_HAN, S_CYRILLIC, S_GREEK, S_ARMENIAN,
	      S_CHEROKEE };

static enum script script_of(uint32_t c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) ||
	    (c >= 0x1E00 && c <= 0x1EFF))
		return S_LATIN;
	if ((c >= 0x0370 && c <= 0x03FF) || (c >= 0x1F00 && c <= 0x1FFF))
		return S_GREEK;
	if ((c >= 0x0400 && c <= 0x052F) || (c >= 0x1C80 && c <= 0x1C8F) ||
	    (c >= 0x2DE0 && c <= 0x2DFF) || (c >= 0xA640 && c <= 0xA69F))
		return S_CYRILLIC;
	if (c >= 0x0530 && c <= 0x058F)
		return S_ARMENIAN;
	if ((c >= 0x13A0 && c <= 0x13FF) || (c >= 0xAB70 && c <= 0xABBF))
		return S_CHEROKEE;
	if ((c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
	    (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF))
		return S_HAN;
	return S_OTHER;
}

/* Full-width punctuation typed by a Chinese input method is normal in a
 * company name (（深圳）, ＆); full-width letters and digits are not. */
static int fullwidth_punct(uint32_t c)
{
	return (c >= 0xFF01 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) ||
	       (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65);
}

/* A compatibility character: NFKC changes it (ﬁ, Ａ, １, ℌ, ①, 𝐀). */
static int compat_lookalike(uint32_t c)
{
	utf8proc_int32_t buf[8];
	utf8proc_ssize_t n;
	int last = 0;

	if (c < 0xA0 || fullwidth_punct(c) || c == 0x3000)
		return 0;
	n = utf8proc_decompose_char((utf8proc_int32_t)c, buf, 8,
				    UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT,
				    &last);
	if (n < 0)
		return 0;
	/* canonical decompositions (é = e + ´) are not look-alikes */
	if (n == 1 && (uint32_t)buf[0] == c)
		return 0;
	{
		utf8proc_int32_t cb[8];
		utf8proc_ssize_t m = utf8proc_decompose_char(
			(utf8proc_int32_t)c, cb, 8, UTF8PROC_DECOMPOSE, &last);

		if (m == n && !memcmp(cb, buf, (size_t)n * sizeof *buf))
			return 0;
	}
	return 1;
}

enum rd_uname_kind rd_uname_suspect(const char *s, uint32_t *cpOut)
{
	char *z = NULL;
	size_t i = 0, len;
	int seen[7] = { 0 };
	uint32_t first[7] = { 0 };
	enum rd_uname_kind kind = RD_UNAME_OK;
	uint32_t bad = 0;

	if (cpOut)
		*cpOut = 0;
	if (!s)
		return RD_UNAME_OK;
	/* judged after NFC, so "e" + combining acute is just "é" */
	if (rd_uname_nfc(s, &z) != RD_OK)
		return RD_UNAME_INVISIBLE;
	len = strlen(z);
	while (i < len && kind == RD_UNAME_OK) {
		uint32_t c;
		size_t k = rd_text_utf8_decode(z + i, len - i, &c);
		utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)c);
		const utf8proc_property_t *pr =
			utf8proc_get_property((utf8proc_int32_t)c);
		enum script sc;

		i += k;
		if (rd_text_cp_is_invisible(c) || rd_text_cp_is_control(c) ||
		    pr->ignorable || cat == UTF8PROC_CATEGORY_CF ||
		    cat == UTF8PROC_CATEGORY_CC || cat == UTF8PROC_CATEGORY_CO ||
		    cat == UTF8PROC_CATEGORY_CN || cat == UTF8PROC_CATEGORY_ZL ||
		    cat == UTF8PROC_CATEGORY_ZP ||
		    (cat == UTF8PROC_CATEGORY_ZS && c != ' ' && c != 0x3000) ||
		    cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_ME ||
		    c == RD_TEXT_REPLACEMENT) {
			kind = RD_UNAME_INVISIBLE;
			bad = c;
			break;
		}
		if (compat_lookalike(c)) {
			kind = RD_UNAME_LOOKALIKE;
			bad = c;
			break;
		}
		sc = script_of(c);
		if (!seen[sc])
			first[sc] = c;
		seen[sc] = 1;
	}
	if (kind == RD_UNAME_OK) {
		/* Cyrillic/Greek/Armenian/Cherokee letters next to Chinese or
		 * Latin ones: someone is imitating the other script. */
		static const enum script look[] = { S_CYRILLIC, S_GREEK,
						    S_ARMENIAN, S_CHEROKEE };
		int nLook = 0;

		for (size_t j = 0; j < 4; j++)
			nLook += seen[look[j]];
		for (size_t j = 0; j < 4 && kind == RD_UNAME_OK; j++)
			if (seen[look[j]] &&
			    (seen[S_HAN] || seen[S_LATIN] || nLook > 1)) {
				kind = RD_UNAME_MIXED;
				bad = first[look[j]];
			}
	}
	free(z);
	if (cpOut)
		*cpOut = bad;
	return kind;
}
