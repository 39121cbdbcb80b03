/*
 * scantext.c — normalising and comparing read text (see scantext.h).
 */
#include "core/scantext.h"

#include "core/text.h"

#include <string.h>

/* Traditional → simplified for characters that occur in names of
 * organisations, people and places; one to one only. */
static const struct { unsigned t, s; } aTrad[] = {
	{ 0x570B, 0x56FD }, /* 國国 */ { 0x865F, 0x53F7 }, /* 號号 */
	{ 0x5EE3, 0x5E7F }, /* 廣广 */ { 0x6771, 0x4E1C }, /* 東东 */
	{ 0x83EF, 0x534E }, /* 華华 */ { 0x96FB, 0x7535 }, /* 電电 */
	{ 0x5340, 0x533A }, /* 區区 */ { 0x696D, 0x4E1A }, /* 業业 */
	{ 0x767C, 0x53D1 }, /* 發发 */ { 0x52D9, 0x52A1 }, /* 務务 */
	{ 0x8CBF, 0x8D38 }, /* 貿贸 */ { 0x8853, 0x672F }, /* 術术 */
	{ 0x7DB2, 0x7F51 }, /* 網网 */ { 0x9280, 0x94F6 }, /* 銀银 */
	{ 0x8A0A, 0x8BAF }, /* 訊讯 */ { 0x6280, 0x6280 }, /* 技 */
	{ 0x5718, 0x56E2 }, /* 團团 */ { 0x9580, 0x95E8 }, /* 門门 */
	{ 0x8A2D, 0x8BBE }, /* 設设 */
	{ 0x6A5F, 0x673A }, /* 機机 */ { 0x8ECA, 0x8F66 }, /* 車车 */
	{ 0x9577, 0x957F }, /* 長长 */ { 0x8208, 0x5174 }, /* 興兴 */
	{ 0x5BE6, 0x5B9E }, /* 實实 */ { 0x532F, 0x6C47 }, /* 匯汇 */
	{ 0x806F, 0x8054 }, /* 聯联 */ { 0x9054, 0x8FBE }, /* 達达 */
	{ 0x5F35, 0x5F20 }, /* 張张 */
	{ 0x9673, 0x9648 }, /* 陳陈 */
	{ 0x5289, 0x5218 }, /* 劉刘 */ { 0x8D99, 0x8D75 }, /* 趙赵 */
	{ 0x9EC3, 0x9EC4 }, /* 黃黄 */ { 0x5433, 0x5434 }, /* 吳吴 */
	{ 0x9127, 0x9093 }, /* 鄧邓 */ { 0x99AC, 0x9A6C }, /* 馬马 */
	{ 0x5B6B, 0x5B59 }, /* 孫孙 */ { 0x9F8D, 0x9F99 }, /* 龍龙 */
};

static unsigned simplify(unsigned cp)
{
	for (size_t i = 0; i < sizeof aTrad / sizeof aTrad[0]; i++)
		if (aTrad[i].t == cp)
			return aTrad[i].s;
	return cp;
}

/* Dropped: spaces, ASCII and CJK punctuation, controls. */
static int dropped(unsigned cp)
{
	if (cp <= 0x20 || cp == 0x7F || rd_text_cp_is_control(cp))
		return 1;
	if (cp < 0x80)
		return !((cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') ||
			 (cp >= 'a' && cp <= 'z'));
	return (cp >= 0x2000 && cp <= 0x206F) || /* general punctuation */
	       (cp >= 0x3000 && cp <= 0x303F) || /* CJK punctuation */
	       (cp >= 0xFE30 && cp <= 0xFE4F) || cp == 0x00B7 || cp == 0xFEFF;
}

size_t rd_scan_normalize(const char *in, char *out, size_t n)
{
	size_t len = in ? strlen(in) : 0, o = 0, cps = 0;

	if (!n)
		return 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp = 0;
		size_t k = rd_text_utf8_decode(in + i, len - i, &cp);
		char buf[4];
		size_t m;

		if (!k) {
			i++;
			continue;
		}
		i += k;
		if (cp == 0x3000)
			cp = ' ';
		else if (cp >= 0xFF01 && cp <= 0xFF5E)
			cp -= 0xFEE0;
		if (cp >= 'a' && cp <= 'z')
			cp -= 32;
		if (dropped(cp))
			continue;
		cp = simplify(cp);
		m = rd_text_utf8_encode(cp, buf);
		if (!m || o + m >= n)
			break;
		memcpy(out + o, buf, m);
		o += m;
		cps++;
	}
	out[o] = '\0';
	return cps;
}

static size_t to_cps(const char *s, uint32_t *a, size_t max)
{
	size_t len = strlen(s), n = 0;

	for (size_t i = 0; i < len && n < max;) {
		size_t k = rd_text_utf8_decode(s + i, len - i, &a[n]);

		if (!k) {
			i++;
			continue;
		}
		i += k;
		n++;
	}
	return n;
}

int rd_scan_distance(const char *a, const char *b)
{
	uint32_t x[128], y[128];
	int d[129];
	size_t n = to_cps(a ? a : "", x, 128), m = to_cps(b ? b : "", y, 128);

	for (size_t j = 0; j <= m; j++)
		d[j] = (int)j;
	for (size_t i = 1; i <= n; i++) {
		int prev = d[0];

		d[0] = (int)i;
		for (size_t j = 1; j <= m; j++) {
			int cur = d[j];
			int best = prev + (x[i - 1] != y[j - 1]);

			if (d[j] + 1 < best)
				best = d[j] + 1;
			if (d[j - 1] + 1 < best)
				best = d[j - 1] + 1;
			d[j] = best;
			prev = cur;
		}
	}
	return d[m];
}

enum rd_scan_verdict rd_scan_compare_name(const char *read, const char *typed)
{
	char a[512], b[512];
	size_t na = rd_scan_normalize(read, a, sizeof a);
	size_t nb = rd_scan_normalize(typed, b, sizeof b);
	size_t len = na > nb ? na : nb;
	int dist;

	if (!na)
		return RD_SCAN_UNREAD;
	dist = rd_scan_distance(a, b);
	/* names of two or three characters: equal or not at all */
	if (dist == 0 || (len >= 8 && (size_t)dist * 4 <= len))
		return RD_SCAN_MATCH;
	/* a read cut short (a label eaten, a fold) proves nothing */
	if (na * 2 < nb)
		return RD_SCAN_UNSURE;
	/* a person's name: another person shares no more than a character
	 * or so, while OCR garbles one or two of a name's few */
	if (nb <= 4)
		return dist >= 2 && (size_t)dist >= nb ? RD_SCAN_MISMATCH
						       : RD_SCAN_UNSURE;
	if ((size_t)dist * 3 > len && dist >= 2)
		return RD_SCAN_MISMATCH;
	return RD_SCAN_UNSURE;
}

const char *rd_scan_verdict_name(enum rd_scan_verdict v)
{
	switch (v) {
	case RD_SCAN_MATCH: return "match";
	case RD_SCAN_UNSURE: return "unsure";
	case RD_SCAN_MISMATCH: return "mismatch";
	case RD_SCAN_UNREAD: break;
	}
	return "unread";
}
