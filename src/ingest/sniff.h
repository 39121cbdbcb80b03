/*
 * sniff.h — image type by content (JPEG, PNG, BMP, GIF) and pixel size
 * read from the headers, without decoding. Pure; any input is safe.
 */
#ifndef RD_INGEST_SNIFF_H
#define RD_INGEST_SNIFF_H

#include <stddef.h>

enum ingest_ctype {
	INGEST_CT_UNKNOWN = 0,
	INGEST_CT_JPEG,
	INGEST_CT_PNG,
	INGEST_CT_BMP,
	INGEST_CT_GIF
};

struct ingest_sniff {
	enum ingest_ctype type;
	int width;          /* 0 when the header does not say */
	int height;
	int orientation;    /* JPEG EXIF orientation 1..8, 0 = none */
};

/*
 * Judge p[0..n). Always fills *out; type is INGEST_CT_UNKNOWN when the
 * bytes are none of the allowed types. For a recognised type whose
 * dimensions cannot be read (truncated header), width/height are 0.
 */
void ingest_sniff(const unsigned char *p, size_t n, struct ingest_sniff *out);

/* MIME type ("image/jpeg", ...; "application/octet-stream" unknown). */
const char *ingest_ctype_mime(enum ingest_ctype t);

#endif
