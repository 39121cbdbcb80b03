/*
 * scandoc.h — draw an application's own documents (cairo + pango) as the
 * scans a customer would upload: the printed application form with its
 * fields, signature and red round company seal; the business licence
 * with name, USCC and a QR-like block; the resident ID card, front
 * (fictitious person, number, a drawn face) and back.
 *
 * Used by `radesk demo` and by the reading tests, whose fixtures are
 * drawn here with known truth. Output is a JPEG (libjpeg); the same
 * description always gives the same bytes on one machine.
 */
#ifndef RD_SCANDOC_H
#define RD_SCANDOC_H

#include "core/err.h"

#include <stddef.h>
#include <stdint.h>

enum scandoc_kind {
	SCANDOC_FORM = 0,          /* role application_form */
	SCANDOC_LICENCE,           /* business_license */
	SCANDOC_ID_FRONT,          /* id_front */
	SCANDOC_ID_BACK            /* id_back */
};

/* How the picture was taken. */
enum scandoc_look {
	SCANDOC_FLAT = 0,          /* a flatbed scan */
	SCANDOC_ANGLE,             /* a phone photo, a few degrees off, on a desk */
	SCANDOC_LOWRES,            /* drawn small (about 100 dpi for A4) */
	SCANDOC_NOISY,             /* speckled, JPEG quality 40 */
	SCANDOC_UNREADABLE,        /* dark, blurred, tiny: nothing can be read */
	SCANDOC_SIDEWAYS           /* a phone held sideways: the pixels turned
	                            * a quarter, EXIF orientation 6 says so */
};

/* What is printed on the document (UTF-8, borrowed by scandoc_render). */
struct scandoc {
	enum scandoc_kind kind;
	enum scandoc_look look;
	uint64_t seed;             /* strokes of the signature, the QR block */
	const char *org, *uscc, *address, *legal_rep;   /* form, licence */
	const char *handler, *handler_id, *applicant;   /* form */
	const char *date;          /* form: 2026年11月20日 */
	int seal;                  /* form: the red company seal is there */
	int signature;             /* form: the handler signed */
	const char *name, *id_no, *sex, *birth;         /* ID front */
	const char *authority;     /* ID back: 签发机关 */
};

/* Draw d into a new JPEG: *out (malloc, caller frees) of *n bytes.
 * RD_ERR_NOMEM, RD_ERR_INTERNAL when cairo or the encoder fails. */
rd_status scandoc_render(const struct scandoc *d, char **out, size_t *n,
			 struct rd_err *err);

/* Release the font caches pango, cairo and fontconfig keep for the
 * process (they are never freed otherwise, which leak checkers report);
 * call once when no more drawing will happen. */
void scandoc_shutdown(void);

/* The file name inside a bundle for a kind ("form.jpg", ...) and its
 * bundle role ("application_form", ...); static strings. */
const char *scandoc_file_name(enum scandoc_kind kind);
const char *scandoc_role(enum scandoc_kind kind);

#endif
