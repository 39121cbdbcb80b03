/*
 * uname.h — Unicode normal forms for names, on libutf8proc.
 *
 * Three jobs, each in exactly one place:
 *
 *   rd_uname_nfc()      NFC, for comparing entry names of an archive
 *                       (two names equal after NFC are the same name);
 *   rd_uname_key()      the one form in which two person or company
 *                       names are compared (account name = organisation
 *                       name, payer name, licence holder): NFKC (which
 *                       folds full-width letters, digits and brackets to
 *                       ASCII), case folded, default-ignorable characters
 *                       (zero-width, bidi controls) dropped, every kind of
 *                       white space removed;
 *   rd_uname_suspect()  whether a name carries characters a person cannot
 *                       see or could mistake for others: invisible ones
 *                       (zero-width, bidi controls, fillers, variation
 *                       selectors, other format characters, controls,
 *                       unusual spaces), compatibility look-alikes
 *                       (full-width letters and digits, mathematical and
 *                       circled letters, ligatures), and letters of the
 *                       look-alike scripts (Cyrillic, Greek, Armenian,
 *                       Cherokee) mixed with Chinese or with Latin letters.
 *
 * Input is UTF-8; invalid input is an error (RD_ERR_INVALID), never a
 * crash. Results are malloc'd; the caller frees them.
 */
#ifndef RD_CORE_UNAME_H
#define RD_CORE_UNAME_H

#include "core/err.h"

#include <stdint.h>

/* NFC of s into *out (malloc'd). RD_ERR_INVALID for invalid UTF-8. */
rd_status rd_uname_nfc(const char *s, char **out);

/* The comparison key of a name (see above) into *out (malloc'd). */
rd_status rd_uname_key(const char *s, char **out);

/* 1 when a and b are the same name by rd_uname_key(), 0 otherwise (also
 * when either is NULL or not valid UTF-8). */
int rd_uname_same(const char *a, const char *b);

enum rd_uname_kind {
	RD_UNAME_OK = 0,
	RD_UNAME_INVISIBLE,   /* zero-width, bidi control, filler, control */
	RD_UNAME_LOOKALIKE,   /* compatibility character (full-width letter) */
	RD_UNAME_MIXED        /* look-alike script mixed into the name */
};

/*
 * Judge a name: the first problem found and its code point (*cp may be
 * NULL). RD_UNAME_OK for a clean name and for NULL.
 */
enum rd_uname_kind rd_uname_suspect(const char *s, uint32_t *cp);

#endif
