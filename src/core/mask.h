/*
 * mask.h — masking of personal data for screens and reports.
 *
 * Every function is safe on any input: NULL gives "", invalid UTF-8 is
 * treated as U+FFFD characters, control and bidi characters (see
 * rd_text_cp_is_control()) come out as U+FFFD, so a masked value can be
 * printed as is. Counting is in code points, never bytes. Output goes to
 * (out, n), always NUL-terminated when n > 0 and cut only at a code-point
 * boundary; RD_ERR_LIMIT when it had to be cut (a cut never reveals more,
 * it only loses the tail). RD_MASK_BUFSZ fits any ID, account or mobile.
 *
 * Revealing the clear value is the caller's business (and is audited).
 */
#ifndef RD_CORE_MASK_H
#define RD_CORE_MASK_H

#include "core/err.h"

#include <stddef.h>

#define RD_MASK_BUFSZ 128

/*
 * Identity number: 15 or more characters keep the first 6 and last 4
 * ("440301********1234" for 18); 3..14 characters keep only the first and
 * last (so a 10-character number never shows 10 of 10); 1..2 are all '*'.
 */
rd_status rd_mask_id(const char *in, char *out, size_t n);

/*
 * Bank account: 12 or more characters keep the first 4 and last 4, one
 * '*' per hidden character ("6222***********1234"); shorter ones as the
 * short-ID rule above.
 */
rd_status rd_mask_account(const char *in, char *out, size_t n);

/*
 * The same, for a column `width` display columns wide: when the masked
 * account is wider, fewer stars stand for the hidden characters (at
 * least one), so the kept head and tail always show ("6222*…*1234" in
 * less room). Never reveals more than rd_mask_account.
 */
rd_status rd_mask_account_fit(const char *in, int width, char *out,
			      size_t n);

/*
 * Mobile or phone: 11 or more characters keep the first 3 and the last 4
 * ("138****8000", "+86*******8000"); shorter ones as the short-ID rule.
 */
rd_status rd_mask_mobile(const char *in, char *out, size_t n);

/*
 * E-mail: first character of the local part, "***", then "@domain"
 * unchanged ("a***@b.cn"). Uses the last '@'. Without a usable '@' (none,
 * or empty local part) the whole string is masked by the short-ID rule.
 */
rd_status rd_mask_email(const char *in, char *out, size_t n);

/*
 * Person name, in characters: 1 → "*", 2 → "张*", 3 → "张*三", longer →
 * first + one '*' per hidden character + last ("欧**娜").
 */
rd_status rd_mask_name(const char *in, char *out, size_t n);

#endif
