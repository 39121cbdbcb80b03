/*
 * scanread.h — reading a scan: decode (src/img_decode.c, its pixel cap),
 * red-ink segmentation (the seal is found, then erased so it does not
 * disturb the letters), grey, deskew and crop to the paper (leptonica),
 * OCR with libtesseract (chi_sim+eng, its C API), one line per text line
 * with its confidence and box; on the application form also the seal
 * (a round red shape) and the signature (ink right of "经办人签字").
 *
 * Bounds. scanread_bounded() runs the reading in a forked child: the
 * child's address space is capped (RLIMIT_AS, [scan_read] max_memory; not
 * under AddressSanitizer, which reserves terabytes of shadow), tesseract
 * is given the deadline through its monitor (ETEXT_DESC), and the parent
 * kills the child with SIGKILL when the time limit passes anyway (layout
 * analysis does not look at the monitor). A scan that crashes a library
 * kills the child only. The answer comes back as JSON through a pipe,
 * capped at SCANREAD_MAX_ANSWER bytes. scanread_image() is the same work
 * in-process, for the tests and the benchmark.
 *
 * Boxes are in the pixels of the upright decoded image (EXIF orientation
 * applied), the picture the viewer shows; the deskew is undone on them.
 */
#ifndef RD_SCANREAD_H
#define RD_SCANREAD_H

#include "core/err.h"
#include "img_decode.h"

#include <stddef.h>
#include <stdint.h>

#define SCANREAD_MAX_LINES 200
/* chi_sim alone: with +eng tesseract reads short Chinese names and
 * labels (经办人, 名称) as Latin words; chi_sim reads the digits and
 * capitals of codes as well (docs/READING.md). */
#define SCANREAD_LANGS "chi_sim"
#define SCANREAD_MAX_ANSWER (512 * 1024)

struct scanread_box {
	int x, y, w, h;            /* w == 0: none */
};

struct scanread_line {
	char *text;                /* UTF-8 as tesseract gave it, owned */
	int conf;                  /* 0..100 */
	struct scanread_box box;
};

enum scanread_status {
	SCANREAD_OK = 0,           /* read; lines may still be few */
	SCANREAD_UNREADABLE        /* reason says why */
};

struct scanread_result {
	enum scanread_status status;
	char reason[24];           /* decode pixels time memory crashed no_text */
	int width, height;         /* the upright image */
	double skew_deg;           /* the deskew applied */
	int mean_conf;             /* mean line confidence, 0 without lines */
	struct scanread_line *aLine;
	size_t nLine;
	int seal;                  /* -1 not looked for, 0 none, 1 found */
	struct scanread_box seal_box;
	int signature;             /* -1 not looked for, 0 none, 1 ink found */
	struct scanread_box sig_box;
	int ms;                    /* wall time of the reading */
};

struct scanread_limits {
	int64_t max_pixels;        /* <= 0: RD_IMG_DEFAULT_MAX_PIXELS */
	int time_ms;               /* per scan, whole reading */
	int max_memory_mb;         /* child's address space; 0 = no cap */
	const char *langs;         /* NULL: SCANREAD_LANGS */
};

/* Free what a result owns; safe on a zeroed struct and twice. */
void scanread_result_fini(struct scanread_result *r);

/*
 * Read data[0..n) of the given role ("application_form", ...). A scan
 * that cannot be read is RD_OK with status SCANREAD_UNREADABLE and a
 * reason; an error return is the machine's (RD_ERR_NOMEM, tesseract's
 * data missing: RD_ERR_UNSUPPORTED). *out is filled (caller: _fini).
 */
rd_status scanread_image(const void *data, size_t n, const char *role,
			 const struct scanread_limits *lim,
			 struct scanread_result *out, struct rd_err *err);

/* The same in a forked child with the limits described above. */
rd_status scanread_bounded(const void *data, size_t n, const char *role,
			   const struct scanread_limits *lim,
			   struct scanread_result *out, struct rd_err *err);

/* JSON form of a result (the child's answer); malloc'd, NULL on no
 * memory. Parsing fills *out; RD_ERR_CORRUPT for text that is not one. */
char *scanread_result_json(const struct scanread_result *r);
rd_status scanread_result_parse(const char *json,
				struct scanread_result *out,
				struct rd_err *err);

/* ---- the pixel tests, exposed for the unit tests ---- */

/* Is this pixel red ink (seal)? */
int scanread_is_red(uint8_t r, uint8_t g, uint8_t b);

/*
 * Look for a round red seal in img: the largest connected set of red
 * pixels (on a grid of about 400 pixels across) must be about as wide as
 * high, at least 1/20 of the image's width across, and form a ring: most
 * of its pixels near the circle its box inscribes, on at least 30 of 36
 * directions from the centre. Returns 1 and its box, else 0.
 */
int scanread_find_seal(const struct rd_image *img, struct scanread_box *box);

/* Paint red ink white, in place (before OCR). */
void scanread_erase_red(struct rd_image *img);

/* Fraction (per mille) of dark pixels in the box, 0 for an empty box. */
int scanread_ink_permille(const struct rd_image *img,
			  const struct scanread_box *box);

#endif
