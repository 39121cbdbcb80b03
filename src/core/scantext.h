/*
 * scantext.h — comparing what a scan says with what the customer typed
 * (pure). Text is normalised first: full-width forms to half width
 * (U+FF01..U+FF5E, the ideographic space), the traditional forms of
 * characters common in organisation names and addresses to simplified
 * (a short one-to-one table, nothing contextual), Latin letters to upper
 * case, and spaces, punctuation and control characters dropped. Then the
 * distance is the edit distance in code points.
 */
#ifndef RD_CORE_SCANTEXT_H
#define RD_CORE_SCANTEXT_H

#include <stddef.h>

/* Normalise in into out (size n, always NUL-terminated). Returns the
 * number of code points written. */
size_t rd_scan_normalize(const char *in, char *out, size_t n);

/* Edit distance between two normalised strings, in code points (strings
 * longer than 128 code points are compared on their first 128). */
int rd_scan_distance(const char *a, const char *b);

enum rd_scan_verdict {
	RD_SCAN_UNREAD = 0,        /* not found on the scan */
	RD_SCAN_MATCH,
	RD_SCAN_UNSURE,            /* close but not equal: no finding */
	RD_SCAN_MISMATCH
};

/* Compare a name read by OCR with the typed one (both raw): equal after
 * normalisation, or (8 characters and more) at most a quarter off, is a
 * match (OCR errs). A mismatch needs at least two characters off and:
 * for a typed name of up to 4 characters (a person's), as many edits as
 * it has characters; for longer ones (organisations), more than a third
 * off. A read less than half the typed length, and anything between, is
 * unsure. */
enum rd_scan_verdict rd_scan_compare_name(const char *read, const char *typed);

/* "match", "mismatch", "unsure", "unread" (stored in scan_read_fields). */
const char *rd_scan_verdict_name(enum rd_scan_verdict v);

#endif
