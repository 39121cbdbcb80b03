/*
 * text.h — UTF-8 decoding, terminal display width, sanitising and fitting
 * text into columns. Locale-independent (own width table), so layout is
 * the same for every user and in tests.
 *
 * Every string that came from outside (bundles, providers, the database)
 * goes through rd_text_sanitize*() or one of the fitting functions before
 * it reaches a terminal or a report: they drop control characters, show
 * invisible ones (zero-width, bidi overrides) as "⟨U+202E⟩" and replace
 * invalid UTF-8 with U+FFFD, so nothing can drive the terminal or hide in
 * a name.
 *
 * Widths: 0 for combining marks and zero-width characters, 2 for East
 * Asian Wide/Fullwidth (CJK, Hangul, kana, fullwidth forms, common emoji),
 * 1 otherwise. The ellipsis "…" (U+2026) counts as 1 column.
 *
 * Output buffers: functions writing to (out, n) always NUL-terminate when
 * n > 0, never split a code point, and return RD_ERR_LIMIT when the result
 * had to be cut short to fit n bytes. 4 * width + 1 bytes is enough unless
 * the text carries zero-width characters; RD_TEXT_BUFSZ(w) adds room for
 * a few of those.
 */
#ifndef RD_CORE_TEXT_H
#define RD_CORE_TEXT_H

#include "core/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RD_TEXT_REPLACEMENT 0xFFFDu
#define RD_TEXT_BUFSZ(w) ((size_t)(w) * 4 + 64)

/*
 * Decode one code point from s[0..len). Returns the number of bytes
 * consumed (>= 1 when len > 0, 0 when len == 0). An invalid or truncated
 * sequence yields U+FFFD and consumes its maximal invalid subpart (Unicode
 * §3.9 best practice); overlongs, surrogates and > U+10FFFF are invalid.
 */
size_t rd_text_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Encode cp into out (up to 4 bytes); returns the byte count. Invalid
 * code points (surrogates, > U+10FFFF) encode U+FFFD. */
size_t rd_text_utf8_encode(uint32_t cp, char out[4]);

/* True when s[0..len) is entirely valid UTF-8 (NUL bytes are valid). */
bool rd_text_utf8_valid(const char *s, size_t len);

/* Number of code points in s (invalid subparts count one each). NULL → 0. */
size_t rd_text_cp_count(const char *s);

/*
 * True for a code point that sanitising removes or replaces: C0 controls,
 * DEL, C1 controls (U+0080–U+009F), bidi embeddings/overrides/isolates
 * (U+202A–U+202E, U+2066–U+2069), line/paragraph separators.
 */
bool rd_text_cp_is_control(uint32_t cp);

/*
 * True for a code point a person cannot see: zero-width characters, bidi
 * controls, soft hyphen, fillers, variation selectors, tags. Sanitising
 * shows each as the visible text "⟨U+200B⟩" instead (see below).
 */
bool rd_text_cp_is_invisible(uint32_t cp);

/* Display columns of one code point: 0, 1 or 2 (controls count 0). */
int rd_text_cp_width(uint32_t cp);

/* Display columns of s as it will look once sanitised. NULL → 0. */
int rd_text_width(const char *s);

/*
 * Copy in to out (size n) sanitised: '\t' and '\n' become a space; other
 * C0 controls, DEL and C1 controls are removed; U+2028 and U+2029 become
 * a space; invalid UTF-8 becomes U+FFFD; an invisible character
 * (rd_text_cp_is_invisible(): zero-width, bidi control, ...) is made
 * visible as "⟨U+200B⟩", so a name carrying one can be seen to. NULL
 * in → "".
 */
rd_status rd_text_sanitize(const char *in, char *out, size_t n);

/* Same, into a malloc'd string the caller frees. NULL only when out of
 * memory (NULL in gives ""). */
char *rd_text_sanitize_dup(const char *in);

/*
 * Sanitise s and fit it into exactly `width` columns: when wider, cut it
 * so that it fits in width - 1 columns and append "…"; never split a code
 * point or leave half a wide character (a space takes its place); then
 * pad with spaces to exactly width columns. The "…" sits in the last
 * column of the cut text: "张三李" fitted to 4 gives "张 …". width <= 0
 * gives "".
 */
rd_status rd_text_fit(const char *s, int width, char *out, size_t n);

/* As rd_text_fit() without padding: the result is at most width columns. */
rd_status rd_text_truncate(const char *s, int width, char *out, size_t n);

/*
 * Sanitise s and pad it with spaces on the right (left-aligned) /
 * on the left (right-aligned) to `width` columns. Never truncates: text
 * already wider is copied unchanged (use rd_text_fit() to also cut).
 */
rd_status rd_text_pad_right(const char *s, int width, char *out, size_t n);
rd_status rd_text_pad_left(const char *s, int width, char *out, size_t n);

#endif
