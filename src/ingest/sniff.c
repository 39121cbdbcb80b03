/*
 * sniff.c — magic numbers and header dimensions of the allowed scans.
 */
#include "ingest/sniff.h"

#include <string.h>

static unsigned be16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }
static unsigned le16(const unsigned char *p) { return (unsigned)p[1] << 8 | p[0]; }
static unsigned long be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
	       (unsigned long)p[2] << 8 | p[3];
}
static long le32s(const unsigned char *p)
{
	unsigned long v = (unsigned long)p[3] << 24 | (unsigned long)p[2] << 16 |
			  (unsigned long)p[1] << 8 | p[0];

	return v >= 0x80000000ul ? -(long)(0x100000000ul - v) : (long)v;
}

/* EXIF orientation from an APP1 segment body (after the length). */
static int exif_orientation(const unsigned char *p, size_t n)
{
	const unsigned char *t;
	size_t tn, off, cnt;
	int le;

	if (n < 14 || memcmp(p, "Exif\0\0", 6) != 0)
		return 0;
	t = p + 6;
	tn = n - 6;
	if (!memcmp(t, "II*\0", 4))
		le = 1;
	else if (!memcmp(t, "MM\0*", 4))
		le = 0;
	else
		return 0;
#define U16(q) (le ? le16(q) : be16(q))
#define U32(q) (le ? ((unsigned long)le16((q) + 2) << 16 | le16(q)) : be32(q))
	off = U32(t + 4);
	if (off + 2 > tn)
		return 0;
	cnt = U16(t + off);
	for (size_t i = 0; i < cnt; i++) {
		size_t e = off + 2 + i * 12;

		if (e + 12 > tn)
			return 0;
		if (U16(t + e) == 0x0112) {
			unsigned v = U16(t + e + 8);

			return v >= 1 && v <= 8 ? (int)v : 0;
		}
	}
	return 0;
#undef U16
#undef U32
}

static void sniff_jpeg(const unsigned char *p, size_t n, struct ingest_sniff *o)
{
	size_t i = 2;

	while (i + 4 <= n) {
		unsigned mk, len;

		if (p[i] != 0xFF) {
			return;
		}
		mk = p[i + 1];
		if (mk == 0xFF) {      /* fill byte */
			i++;
			continue;
		}
		if (mk == 0xD8 || (mk >= 0xD0 && mk <= 0xD7) || mk == 0x01) {
			i += 2;
			continue;
		}
		len = be16(p + i + 2);
		if (len < 2 || i + 2 + len > n)
			return;
		if (mk == 0xE1 && !o->orientation)
			o->orientation = exif_orientation(p + i + 4, len - 2);
		/* SOF0..SOF15 except DHT (C4), JPG (C8), DAC (CC) */
		if (mk >= 0xC0 && mk <= 0xCF && mk != 0xC4 && mk != 0xC8 &&
		    mk != 0xCC) {
			if (len >= 7) {
				o->height = (int)be16(p + i + 5);
				o->width = (int)be16(p + i + 7);
			}
			return;
		}
		if (mk == 0xDA || mk == 0xD9)
			return;
		i += 2 + len;
	}
}

void ingest_sniff(const unsigned char *p, size_t n, struct ingest_sniff *out)
{
	static const unsigned char png_sig[8] = { 0x89, 'P', 'N', 'G', '\r',
						  '\n', 0x1A, '\n' };

	memset(out, 0, sizeof *out);
	if (!p)
		return;
	if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF) {
		out->type = INGEST_CT_JPEG;
		sniff_jpeg(p, n, out);
	} else if (n >= 8 && !memcmp(p, png_sig, 8)) {
		out->type = INGEST_CT_PNG;
		if (n >= 24 && !memcmp(p + 12, "IHDR", 4) &&
		    be32(p + 16) <= 0x7fffffff && be32(p + 20) <= 0x7fffffff) {
			out->width = (int)be32(p + 16);
			out->height = (int)be32(p + 20);
		}
	} else if (n >= 6 && (!memcmp(p, "GIF87a", 6) || !memcmp(p, "GIF89a", 6))) {
		out->type = INGEST_CT_GIF;
		if (n >= 10) {
			out->width = (int)le16(p + 6);
			out->height = (int)le16(p + 8);
		}
	} else if (n >= 26 && p[0] == 'B' && p[1] == 'M') {
		unsigned long hdr = (unsigned long)le32s(p + 14);

		/* BITMAPCOREHEADER (12) has 16-bit sizes; the others 32-bit */
		if (hdr == 12) {
			out->type = INGEST_CT_BMP;
			out->width = (int)le16(p + 18);
			out->height = (int)le16(p + 20);
		} else if (hdr >= 40 && hdr <= 124) {
			long w = le32s(p + 18), h = le32s(p + 22);

			out->type = INGEST_CT_BMP;
			if (w > 0 && w < 0x7fffffffL)
				out->width = (int)w;
			if (h < 0)
				h = -h; /* top-down bitmap */
			if (h > 0 && h < 0x7fffffffL)
				out->height = (int)h;
		}
	}
}

const char *ingest_ctype_mime(enum ingest_ctype t)
{
	switch (t) {
	case INGEST_CT_JPEG:
		return "image/jpeg";
	case INGEST_CT_PNG:
		return "image/png";
	case INGEST_CT_BMP:
		return "image/bmp";
	case INGEST_CT_GIF:
		return "image/gif";
	default:
		return "application/octet-stream";
	}
}
