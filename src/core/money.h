/*
 * money.h — amounts in integer fen (1 yuan = 100 fen), never floats.
 *
 * Display form: "¥1,234,567.89", negatives "-¥0.50". Every int64_t value
 * formats without overflow, INT64_MIN included.
 */
#ifndef RD_CORE_MONEY_H
#define RD_CORE_MONEY_H

#include "core/err.h"

#include <stddef.h>
#include <stdint.h>

/* Enough for any int64_t in any style: "-¥92,233,720,368,547,758.08". */
#define RD_MONEY_BUFSZ 40

/* Style flags for rd_money_format_ex(). */
#define RD_MONEY_NO_SYMBOL 0x1    /* "1,234.00" */
#define RD_MONEY_NO_GROUPING 0x2  /* "¥1234.00" */

/*
 * Format fen as "¥1,234,567.89" ("-¥0.50" when negative) into buf of size
 * n. RD_ERR_LIMIT when it does not fit (buf is then "" if n > 0);
 * RD_MONEY_BUFSZ always fits.
 */
rd_status rd_money_format(int64_t fen, char *buf, size_t n);

/* As rd_money_format() with RD_MONEY_* flags (e.g. plain "1234.00" for CSV). */
rd_status rd_money_format_ex(int64_t fen, unsigned flags, char *buf, size_t n);

/*
 * Parse a typed amount in yuan into fen. Accepts, after optional
 * surrounding ASCII blanks: an optional '-', an optional "¥" (U+00A5) or
 * "￥" (U+FFE5), then digits with optional correctly placed thousands
 * commas ("1,234"), then optionally '.' and one or two decimals.
 * Examples: "100", "100.5", "100.50", "1,234.00", "¥100", "-¥0.50".
 * Rejects empty input, 3+ decimals, a lone '.', misplaced commas, any
 * other character and values beyond int64_t fen. Negative amounts are
 * accepted (so formatting round-trips); callers that need a non-negative
 * amount test *fen. *fen is written only on RD_OK; err (may be NULL) gets
 * a translated message on RD_ERR_INVALID.
 */
rd_status rd_money_parse(const char *s, int64_t *fen, struct rd_err *err);

#endif
